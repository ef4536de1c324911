import { existsSync } from "node:fs";
import { createServer } from "node:net";
import type { TestProject } from "vitest/node";
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
 * wrangler.toml, as `wrangler dev` runs it: its [build] command renders content/ first), on a free
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
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const worker = await unstable_startWorker({
    config: "wrangler.toml",
    bindings: { SITE_ORIGIN: { type: "plain_text", value: origin } },
    sendMetrics: false,
    // wrangler.toml's [build] command (npm run content) still runs once, before the worker starts;
    // an empty command here only stops wrangler from watching content/ and running it again later,
    // in the middle of the other projects' tests.
    build: { custom: { command: "" } },
    dev: {
      server: { hostname: "127.0.0.1", port },
      inspector: false,
      remote: false,
      watch: false,
      liveReload: false,
      persist: false,
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
  return () => worker.dispose();
}
