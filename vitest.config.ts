import { readFile } from "node:fs/promises";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { tsImport } from "tsx/esm/api";
import { defineConfig, type Plugin } from "vitest/config";
import type * as MediaSiteModule from "./tests/fixtures/media-site";

/**
 * feed 6.0.0 ends with a sourceMappingURL comment but ships no .map file, so Vite prints an ENOENT
 * error each run. Loading the file without that comment keeps the test output to real problems.
 */
function skipMissingSourceMaps(): Plugin {
  return {
    name: "skip-missing-source-maps",
    enforce: "pre",
    async load(id) {
      if (!/node_modules\/feed\/lib\/feed\.js$/.test(id)) return null;
      const code = await readFile(id, "utf8");
      return { code: code.replace(/^\/\/# sourceMappingURL=.*$/m, ""), map: null };
    },
  };
}

/**
 * tests/fixtures/media-site.ts through tsx, as the build's worker threads load the pipeline: Vite
 * would otherwise bundle the whole content pipeline into this config (and warn about each import).
 */
async function buildMediaSite(): Promise<string> {
  const site: typeof MediaSiteModule = await tsImport("./tests/fixtures/media-site.ts", import.meta.url);
  return JSON.stringify(await site.buildMediaSite());
}

// Three projects: the build pipeline and renderers run in Node (where the build runs); the worker
// runs in workerd with the same wrangler.toml that deploys it; and Debian's Chromium, driven by
// playwright-core, reads the pages and feeds the worker serves in workerd on 127.0.0.1 (skipped, saying
// so, when /usr/bin/chromium is absent).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          include: ["tests/unit/**/*.test.{ts,tsx}"],
          environment: "node",
          // Not UTC, so that code which reads or writes local time by mistake fails here: a half-hour
          // offset with summer time (UTC−03:30 / −02:30). tests/unit/regression-near-misses checks it.
          env: { TZ: "America/St_Johns" },
          // Some tests walk whole synthetic corpora; on a loaded 2-core machine 5 s is too tight.
          testTimeout: 30_000,
        },
      },
      {
        plugins: [
          skipMissingSourceMaps(),
          // The worker's own wrangler.toml, plus what the setup file needs to give its D1 database the
          // schema (migrations/) and the seed content (content/, as the build step makes it).
          cloudflareTest(async () => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations("migrations"),
                // Written by `npm run content`, which `npm test` runs first.
                SEED_CONTENT: await readFile(".wrangler/build/content.json", "utf8"),
                // Tests publish and read back at once: no snapshot age.
                CONTENT_CHECK_SECONDS: "0",
                // Articles showing the images of tests/fixtures/media/, and those images, as the
                // build makes them in Node (image-size and the file system are not in workerd).
                MEDIA_SITE: await buildMediaSite(),
                // The own hub's deliveries: retried at once (no backoff wait), given up after three
                // attempts; and room for every test's subscription requests from 127.0.0.1.
                WEBSUB_HUB_RETRY_SECONDS: "0",
                WEBSUB_HUB_DELIVERY_ATTEMPTS: "3",
                WEBSUB_HUB_REQUESTS_PER_MINUTE: "10000",
              },
            },
          })),
        ],
        test: {
          name: "workerd",
          include: ["tests/worker/**/*.test.{ts,tsx}"],
          setupFiles: ["tests/worker/support/setup.ts"],
          // A stand-in WebSub hub on 127.0.0.1, in Node, that the worker's pings reach over the network,
          // and a stand-in subscriber that the own hub calls back.
          globalSetup: ["tests/worker/support/hub-setup.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          environment: "node",
          // One worker (started once) and one Chromium at a time: files run one after another.
          globalSetup: ["tests/browser/support/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
