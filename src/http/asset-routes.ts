import type { Hono } from "hono";
import { siteScript } from "../assets/site-script";
import { documentFor } from "./document-helpers";
import { sendDocument } from "./respond";
import type { AppEnv } from "./types";

/** Static assets the pages use; served with validators, so a day's caching costs nothing after. */
export function registerAssetRoutes(app: Hono<AppEnv>): void {
  app.get("/assets/site.js", async function siteJs(c) {
    const document = await documentFor(c, "asset:site.js", async () => ({
      text: siteScript,
      contentType: "text/javascript; charset=utf-8",
      updated: undefined,
    }));
    return sendDocument(c, document, { cacheControl: "public, max-age=86400" });
  });
}
