import { resolveSiteConfig } from "./config/site";
import { createCacheApiStore } from "./documents/shared-cache";
import { standardFormats } from "./feeds/formats";
import { createApp } from "./http/app";
import { dohResolver } from "./hub/callback-safety";
import { deliverBatch } from "./hub/deliveries";
import { callbackRules, distributeTopic, type HubDeps, handleHub, isHubUrl } from "./hub/hub-handler";
import type { HubMessage } from "./hub/hub-queue";
import { hubSettings } from "./hub/policy";
import { d1Target } from "./store/d1-publish";
import { createD1Store } from "./store/d1-store";
import { sitePaths } from "./urls/url-map";
import { pingDueArticles } from "./websub/due-pings";
import { ownHubFetch } from "./websub/ping";

export { CallbackQuota } from "./hub/callback-quota";
export { TopicHub } from "./hub/topic-hub";

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

const resolve = dohResolver();

/** The own hub's view of the site: its documents as this isolate's routes answer a GET of them. */
function hubDeps(env: Env, ctx: ExecutionContext): HubDeps {
  return { render: (url) => Promise.resolve(app.fetch(new Request(url), env, ctx)), resolve };
}

export default {
  /** The own hub's URL when it is on (WEBSUB_OWN_HUB), and every other URL: the site. */
  fetch(request, env, ctx) {
    if (env.WEBSUB_OWN_HUB === "true" && isHubUrl(request.url, sitePaths.websub)) {
      return handleHub(request, env, ctx, hubDeps(env, ctx));
    }
    return app.fetch(request, env, ctx);
  },
  /**
   * Every minute (wrangler.toml [triggers]): tells the WebSub hubs about the scheduled articles
   * whose time has come. The publish told them about everything else. The own hub is told in this
   * isolate: a worker's request to its own domain would not reach it.
   */
  async scheduled(_controller, env, ctx) {
    const config = resolveSiteConfig(env);
    const fetch = ownHubFetch(config.ownHub, (request) => handleHub(request, env, ctx, hubDeps(env, ctx)));
    await pingDueArticles(d1Target(databaseOf(env)), { ...config, formats: standardFormats }, Date.now(), {
      fetch,
    });
  },
  /** The own hub's deliveries (src/hub/deliveries.ts). */
  async queue(batch, env, ctx) {
    const { origin, ownHub } = resolveSiteConfig(env);
    // The hub was turned off: what it queued before is dropped.
    if (!ownHub) return batch.ackAll();
    const deps = hubDeps(env, ctx);
    await deliverBatch(batch as MessageBatch<HubMessage>, {
      namespace: env.TOPIC_HUB,
      distribute: (topic) => distributeTopic(topic, env, deps),
      hub: ownHub,
      rules: callbackRules(origin, resolve),
      settings: hubSettings(env),
    });
  },
} satisfies ExportedHandler<Env>;
