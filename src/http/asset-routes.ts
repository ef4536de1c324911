import type { Context, Hono } from "hono";
import { appleTouchIconPngBase64, iconPngBase64, iconSvg, logoPngBase64 } from "../assets/icons";
import { siteScript } from "../assets/site-script";
import type { DocumentSource } from "../documents/rendered-document";
import { iconSizeOf, pageRoutes, sitePaths } from "../urls/url-map";
import { serveDocument } from "./serve-document";
import type { AppEnv } from "./types";

function pngBytes(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

/**
 * A Windows icon file holding one PNG image (the ICO format allows PNG entries since Vista, and every
 * browser reads them): a 6-byte header, one 16-byte directory entry, then the PNG.
 */
export function icoOf(png: Uint8Array, size: number): Uint8Array {
  const ico = new Uint8Array(22 + png.byteLength);
  const view = new DataView(ico.buffer);
  view.setUint16(2, 1, true); // type: icon
  view.setUint16(4, 1, true); // one image
  view.setUint8(6, size >= 256 ? 0 : size); // width (0 means 256)
  view.setUint8(7, size >= 256 ? 0 : size); // height
  view.setUint16(10, 1, true); // colour planes
  view.setUint16(12, 32, true); // bits per pixel
  view.setUint32(14, png.byteLength, true);
  view.setUint32(18, 22, true); // where the image starts
  ico.set(png, 22);
  return ico;
}

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

  app.get(sitePaths.faviconIco, function faviconIco(c) {
    return serveAsset(c, sitePaths.faviconIco, () => ({
      text: icoOf(pngBytes(iconPngBase64[64]), 64),
      contentType: "image/x-icon",
      updated: undefined,
    }));
  });

  app.get(sitePaths.appleTouchIcon, function appleTouchIcon(c) {
    return serveAsset(c, sitePaths.appleTouchIcon, () => ({
      text: pngBytes(appleTouchIconPngBase64),
      contentType: "image/png",
      updated: undefined,
    }));
  });

  app.get(sitePaths.logo, function logoPng(c) {
    return serveAsset(c, sitePaths.logo, () => ({
      text: pngBytes(logoPngBase64),
      contentType: "image/png",
      updated: undefined,
    }));
  });

  app.get(pageRoutes.icon, function iconPng(c) {
    const size = iconSizeOf(c.req.param("file")) as keyof typeof iconPngBase64;
    return serveAsset(c, `icon ${size}`, () => ({
      text: pngBytes(iconPngBase64[size]),
      contentType: "image/png",
      updated: undefined,
    }));
  });
}
