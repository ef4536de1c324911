import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { applyMigrations, openLocalD1, proxyD1Target, root } from "../../../scripts/lib/local-d1";
import { siteSettings } from "../../../src/config/site";
import { buildContent, loadContentFiles } from "../../../src/content/load-content";
import { publishContent } from "../../../src/store/d1-publish";
import { CHROMIUM_PATH, SKIP_MESSAGE } from "./chromium";

declare module "vitest" {
  export interface ProvidedContext {
    /** The worker's origin, http://127.0.0.1:<port>; empty when the browser tests are skipped. */
    browserOrigin: string;
  }
}

/** A port the OS reports free on 127.0.0.1 now, so that SITE_ORIGIN can name it before the worker binds it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the real worker in workerd once for the browser project (wrangler's programmatic API, with
 * wrangler.toml, as `wrangler dev` runs it), its D1 database holding the seed content, on a free
 * 127.0.0.1 port, with SITE_ORIGIN set to that address so that every absolute link in a page or
 * feed leads back to this server.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!existsSync(CHROMIUM_PATH)) {
    console.warn(SKIP_MESSAGE);
    project.provide("browserOrigin", "");
    return undefined;
  }
  process.env.WRANGLER_SEND_METRICS = "false";
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  const { unstable_startWorker } = await import("wrangler");
  // The worker reads its articles from D1: publish the seed content into a database of its own.
  const persist = await mkdtemp(path.join(os.tmpdir(), "browser-d1-"));
  const local = await openLocalD1(persist);
  try {
    await applyMigrations(local.db);
    const content = buildContent(await loadContentFiles(path.resolve(root, "content")));
    await publishContent(proxyD1Target(local.db), content, siteSettings);
  } finally {
    await local.dispose();
  }
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const worker = await unstable_startWorker({
    config: "wrangler.toml",
    bindings: { SITE_ORIGIN: { type: "plain_text", value: origin } },
    sendMetrics: false,
    dev: {
      server: { hostname: "127.0.0.1", port },
      inspector: false,
      remote: false,
      watch: false,
      liveReload: false,
      persist: persist,
      logLevel: "warn",
    },
  });
  await worker.ready;
  const url = await worker.url;
  if (url.origin !== origin) {
    await worker.dispose();
    throw new Error(`the worker listens on ${url.origin}, not on ${origin}`);
  }
  project.provide("browserOrigin", origin);
  return async () => {
    await worker.dispose();
    await rm(persist, { recursive: true, force: true });
  };
}
