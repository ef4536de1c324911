import { resolveSiteConfig } from "./config/site";
import { createCacheApiStore } from "./documents/shared-cache";
import { standardFormats } from "./feeds/formats";
import { createApp } from "./http/app";
import { d1Target } from "./store/d1-publish";
import { createD1Store } from "./store/d1-store";
import { pingDueArticles } from "./websub/due-pings";

/** The environment's D1 database, where the articles live. */
function databaseOf(env: { DB?: D1Database }): D1Database {
  if (!env.DB) throw new Error("wrangler.toml: expected a D1 binding named DB, found none");
  return env.DB;
}

// The worker holds code only: articles live in D1 (binding DB), published there by `npm run publish`.
const app = createApp({
  storeFor: (env) => createD1Store(databaseOf(env)),
  sharedCache: (namespace) => createCacheApiStore(caches.default, namespace),
});

export default {
  fetch: app.fetch,
  /**
   * Every minute (wrangler.toml [triggers]): tells the WebSub hubs about the scheduled articles
   * whose time has come. The publish told them about everything else.
   */
  async scheduled(_controller, env) {
    const config = resolveSiteConfig(env);
    await pingDueArticles(d1Target(databaseOf(env)), { ...config, formats: standardFormats }, Date.now());
  },
} satisfies ExportedHandler<Env>;
