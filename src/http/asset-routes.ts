import type { Context, Hono } from "hono";
import { iconPngBase64, iconSvg } from "../assets/icons";
import { siteScript } from "../assets/site-script";
import type { DocumentSource } from "../documents/rendered-document";
import { iconSizeOf, pageRoutes, sitePaths } from "../urls/url-map";
import { serveDocument } from "./serve-document";
import type { AppEnv } from "./types";

function serveAsset(c: Context<AppEnv>, key: string, source: () => DocumentSource): Promise<Response> {
  return serveDocument(c, {
    key: `asset ${key}`,
    followsSchedule: false,
    policy: "asset",
    build: async () => source(),
  });
}

/** Static assets the pages and feeds use; served with validators, so a day's caching costs nothing after. */
export function registerAssetRoutes(app: Hono<AppEnv>): void {
  app.get(sitePaths.siteScript, function siteJs(c) {
    return serveAsset(c, sitePaths.siteScript, () => ({
      text: siteScript,
      contentType: "text/javascript; charset=utf-8",
      updated: undefined,
    }));
  });

  app.get(sitePaths.faviconSvg, function faviconSvg(c) {
    return serveAsset(c, sitePaths.faviconSvg, () => ({
      text: iconSvg,
      contentType: "image/svg+xml",
      updated: undefined,
    }));
  });

  app.get(pageRoutes.icon, function iconPng(c) {
    const size = iconSizeOf(c.req.param("file")) as keyof typeof iconPngBase64;
    return serveAsset(c, `icon ${size}`, () => ({
      text: Uint8Array.from(atob(iconPngBase64[size]), (char) => char.charCodeAt(0)),
      contentType: "image/png",
      updated: undefined,
    }));
  });
}
