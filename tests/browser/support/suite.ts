import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, inject } from "vitest";
import { isolatedContext, launchChromium } from "./chromium";

export interface BrowserSuite {
  /** http://127.0.0.1:<port>, the worker's origin and its SITE_ORIGIN. */
  readonly origin: string;
  readonly browser: Browser;
  /** The file's own empty context. */
  readonly context: BrowserContext;
  /** The file's page in that context (opening a page costs Chromium more than navigating one). */
  readonly page: Page;
  /** Another empty context (JavaScript off, another colour scheme…), closed with the file's. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/**
 * Call inside a describe block: launches Chromium for the file, gives it a new empty context, and
 * fails any test whose pages tried to reach anything but the test server.
 */
export function useBrowser(contextOptions: BrowserContextOptions = {}): BrowserSuite {
  const origin = inject("browserOrigin");
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const offsite: string[][] = [];

  beforeAll(async () => {
    if (!origin) throw new Error("the browser project's global setup did not start the worker");
    browser = await launchChromium();
    const isolated = await isolatedContext(browser, origin, contextOptions);
    context = isolated.context;
    offsite.push(isolated.offsite);
    page = await context.newPage();
  });
  afterEach(() => {
    expect(offsite.flat(), "requests to anything but the test server").toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  return {
    origin,
    get browser() {
      if (!browser) throw new Error("no browser yet");
      return browser;
    },
    get context() {
      if (!context) throw new Error("no context yet");
      return context;
    },
    get page() {
      if (!page) throw new Error("no page yet");
      return page;
    },
    async newContext(options = {}) {
      if (!browser) throw new Error("no browser yet");
      const isolated = await isolatedContext(browser, origin, options);
      offsite.push(isolated.offsite);
      return isolated.context;
    },
  };
}

/** The two seed articles' headlines, newest first. */
export const SEED_HEADLINES = [
  "Some 4,397 Israeli settlers stormed Jerusalem’s Al-Aqsa Mosque in January, says Palestinian Authority",
  "Iranian president, in talks with Putin ally, calls for expanded ties with Russia",
];
export const SITE_TITLE = "The Meridian Dispatch";
export const ARTICLE_PATH = "/articles/iran-president-calls-for-expanded-ties-with-russia";

/**
 * The request headers Chromium actually sends for `url` while `action` runs (and what it returned), read from the DevTools
 * protocol: Playwright's own request objects do not show the Sec-Fetch-* headers the network stack adds.
 */
export async function headersSentFor<T>(
  page: Page,
  url: string,
  action: () => Promise<T>,
): Promise<{ sent: Record<string, string>; result: T }> {
  const cdp = await page.context().newCDPSession(page);
  const ids = new Set<string>();
  const sent = new Map<string, Record<string, string>>();
  cdp.on("Network.requestWillBeSent", (event) => {
    if (event.request.url === url) ids.add(event.requestId);
  });
  cdp.on("Network.requestWillBeSentExtraInfo", (event) => {
    sent.set(
      event.requestId,
      Object.fromEntries(Object.entries(event.headers).map(([k, v]) => [k.toLowerCase(), String(v)])),
    );
  });
  await cdp.send("Network.enable");
  try {
    const result = await action();
    for (let tries = 0; tries < 50; tries++) {
      const found = [...ids].map((id) => sent.get(id)).find((headers) => headers !== undefined);
      if (found) return { sent: found, result };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`Chromium reported no request headers for ${url}`);
  } finally {
    await cdp.detach();
  }
}
