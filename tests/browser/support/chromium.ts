import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from "playwright-core";

/** Debian's Chromium (apt-get install chromium); playwright-core never downloads a browser here. */
export const CHROMIUM_PATH = "/usr/bin/chromium";
export const SKIP_MESSAGE = `browser tests SKIPPED: ${CHROMIUM_PATH} not found (apt-get install chromium)`;
export const hasChromium = existsSync(CHROMIUM_PATH);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A fresh, empty context whose requests may only go to the test server: anything else (there should
 * be nothing) is aborted and recorded, and the test fails on it.
 */
export async function isolatedContext(
  browser: Browser,
  origin: string,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; offsite: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const offsite: string[] = [];
  await context.route(
    (url) => url.origin !== origin && url.protocol !== "data:" && url.href !== "about:blank",
    (route) => {
      offsite.push(route.request().url());
      return route.abort("blockedbyclient");
    },
  );
  return { context, offsite };
}
