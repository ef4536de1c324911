/**
 * The worker in workerd on 127.0.0.1, as `wrangler dev` runs it, over a D1 database of its own that
 * holds `content`: what the browser tests, `npm run load` and the benchmark serve from.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { unstable_startWorker } from "wrangler";
import { siteSettings } from "../../src/config/site";
import type { BuiltContent } from "../../src/content/built-content";
import { type ArticleHashes, publishContent } from "../../src/store/d1-publish";
import { applyMigrations, openLocalD1, proxyD1Target } from "./local-d1";
import { freePort } from "./loopback";
import { root } from "./root";

/** A fresh local D1 state directory with the schema applied and `content` published in it. */
export async function publishedState(content: BuiltContent, hashes?: ArticleHashes): Promise<string> {
  const persist = await mkdtemp(path.join(os.tmpdir(), "worker-d1-"));
  const local = await openLocalD1(persist);
  try {
    await applyMigrations(local.db);
    await publishContent(proxyD1Target(local.db), content, {
      ...siteSettings,
      ...(hashes ? { hashes } : {}),
    });
  } finally {
    await local.dispose();
  }
  return persist;
}

export interface LocalWorker {
  /** http://127.0.0.1:<port>: SITE_ORIGIN too, so that every absolute link leads back here. */
  origin: string;
  dispose(): Promise<void>;
}

/** Serves the state in `persist` (see publishedState); dispose() stops the worker and removes the state. */
export async function startLocalWorker(persist: string): Promise<LocalWorker> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const worker = await unstable_startWorker({
    config: path.join(root, "wrangler.toml"),
    bindings: { SITE_ORIGIN: { type: "plain_text", value: origin } },
    dev: {
      server: { hostname: "127.0.0.1", port },
      inspector: false,
      remote: false,
      watch: false,
      liveReload: false,
      persist,
      logLevel: "warn",
    },
  });
  await worker.ready;
  const url = await worker.url;
  if (url.origin !== origin) {
    await worker.dispose();
    throw new Error(`the worker listens on ${url.origin}, not on ${origin}`);
  }
  return {
    origin,
    async dispose() {
      await worker.dispose();
      await rm(persist, { recursive: true, force: true });
    },
  };
}
