import { existsSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { publishedState, startLocalWorker } from "../../../scripts/lib/local-worker";
import { root } from "../../../scripts/lib/root";
import { buildContent, loadContentFiles } from "../../../src/content/load-content";
import { CHROMIUM_PATH, SKIP_MESSAGE } from "./chromium";

declare module "vitest" {
  export interface ProvidedContext {
    /** The worker's origin, http://127.0.0.1:<port>; empty when the browser tests are skipped. */
    browserOrigin: string;
  }
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
  // The worker reads its articles from D1: the seed content goes into a database of its own.
  const content = buildContent(await loadContentFiles(path.resolve(root, "content")));
  const worker = await startLocalWorker(await publishedState(content));
  const origin = worker.origin;
  project.provide("browserOrigin", origin);
  return () => worker.dispose();
}
