import { readFile } from "node:fs/promises";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig, type Plugin } from "vitest/config";

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
        },
      },
      {
        plugins: [skipMissingSourceMaps(), cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })],
        test: {
          name: "workerd",
          include: ["tests/worker/**/*.test.{ts,tsx}"],
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
