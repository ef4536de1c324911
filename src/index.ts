import type { BuiltContent } from "./content/store";
import { createBundledStore } from "./content/store";
import content from "./generated/content.json";
import { createApp } from "./http/app";
import { createCacheApiStore } from "./http/shared-cache";

const app = createApp({
  store: createBundledStore(content as BuiltContent),
  sharedCache: (namespace) => createCacheApiStore(caches.default, namespace),
});

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
