import type { D1Migration } from "cloudflare:test";

// Bindings the workerd test project adds to wrangler.toml's (see vitest.config.ts).
declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      /** The seed content (content/) as the build step makes it: BuiltContent as JSON. */
      SEED_CONTENT: string;
      /** tests/fixtures/media-site.ts: MediaSite as JSON. */
      MEDIA_SITE: string;
      /** The own hub's tuning (src/hub/policy.ts): short for the tests. */
      WEBSUB_HUB_RETRY_SECONDS: string;
      WEBSUB_HUB_DELIVERY_ATTEMPTS: string;
      WEBSUB_HUB_REQUESTS_PER_MINUTE: string;
    }
  }
}
