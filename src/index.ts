import { createCacheApiStore } from "./documents/shared-cache";
import { createApp } from "./http/app";
import { createD1Store } from "./store/d1-store";

// The worker holds code only: articles live in D1 (binding DB), published there by `npm run publish`.
const app = createApp({
  storeFor(env) {
    if (!env.DB) throw new Error("wrangler.toml: expected a D1 binding named DB, found none");
    return createD1Store(env.DB);
  },
  sharedCache: (namespace) => createCacheApiStore(caches.default, namespace),
});

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
