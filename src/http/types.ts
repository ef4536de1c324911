import type { DocumentCache } from "../documents/document-cache";
import type { Moment, Site } from "../site/published";

export type AppEnv = {
  Bindings: {
    SITE_ORIGIN?: string;
    /** Seconds an isolate trusts its snapshot of the published state (see createApp). */
    CONTENT_CHECK_SECONDS?: string;
    DB?: D1Database;
    /** The stored images of content/media/ (see media-routes.ts). */
    MEDIA?: R2Bucket;
  };
  Variables: { site: Site; moment: Moment; documents: DocumentCache };
};
