import type { CachePolicy } from "../documents/cache-policy";
import type { DocumentCache } from "../documents/document-cache";
import type { Moment, Site } from "../site/published";

export type AppEnv = {
  Bindings: {
    SITE_ORIGIN?: string;
    /** WebSub hubs (see resolveSiteConfig). */
    WEBSUB_HUBS?: string;
    /** "true": the site's own hub is one of the hubs (see resolveSiteConfig). */
    WEBSUB_OWN_HUB?: string;
    /** Seconds an isolate trusts its snapshot of the published state (see createApp). */
    CONTENT_CHECK_SECONDS?: string;
    DB?: D1Database;
    /** The stored images of content/media/ (see media-routes.ts). */
    MEDIA?: R2Bucket;
  };
  Variables: {
    site: Site;
    moment: Moment;
    documents: DocumentCache;
    /** What the route answered with, when the same request may be answered again without it. */
    answered?: RouteAnswer;
  };
};

/** What a route answered a request with: enough for http/answer-replay.ts to answer it again. */
export type RouteAnswer =
  | {
      kind: "document";
      /** The route's key of the document (see cacheKeyOf for the key in the caches). */
      key: string;
      followsSchedule: boolean;
      policy: CachePolicy;
      negotiatesView: boolean;
    }
  /**
   * An error answered with the short text (a browser gets a page instead), with the cache policy of
   * its Cache-Control when it has one (see answerError).
   */
  | { kind: "error"; status: number; text: string; policy?: CachePolicy };
