import type { Hono } from "hono";
import { iconPngBase64, iconSvg } from "../assets/icons";
import { siteScript } from "../assets/site-script";
import { documentFor } from "./document-helpers";
import { sendDocument } from "./respond";
import type { AppEnv } from "./types";

const ASSET_CACHE_CONTROL = "public, max-age=86400";

/** Static assets the pages and feeds use; served with validators, so a day's caching costs nothing after. */
export function registerAssetRoutes(app: Hono<AppEnv>): void {
  app.get("/assets/site.js", async function siteJs(c) {
    const document = await documentFor(c, "asset:site.js", async () => ({
      text: siteScript,
      contentType: "text/javascript; charset=utf-8",
      updated: undefined,
    }));
    return sendDocument(c, document, { cacheControl: ASSET_CACHE_CONTROL });
  });

  app.get("/favicon.svg", async function faviconSvg(c) {
    const document = await documentFor(c, "asset:favicon.svg", async () => ({
      text: iconSvg,
      contentType: "image/svg+xml",
      updated: undefined,
    }));
    return sendDocument(c, document, { cacheControl: ASSET_CACHE_CONTROL });
  });

  app.get("/:file{icon-(?:512|144|64)\\.png}", async function iconPng(c) {
    const size = Number(c.req.param("file").slice(5, -4)) as keyof typeof iconPngBase64;
    const document = await documentFor(c, `asset:icon-${size}.png`, async () => ({
      text: Uint8Array.from(atob(iconPngBase64[size]), (char) => char.charCodeAt(0)),
      contentType: "image/png",
      updated: undefined,
    }));
    return sendDocument(c, document, { cacheControl: ASSET_CACHE_CONTROL });
  });
}
