import type { BuiltContent } from "./content/store";
import { createBundledStore } from "./content/store";
import content from "./generated/content.json";
import { createApp } from "./http/app";

const app = createApp({ store: createBundledStore(content as BuiltContent) });

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
