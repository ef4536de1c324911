import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium } from "./support/chromium";
import { ARTICLE_PATH, useBrowser } from "./support/suite";

const SETTLERS = { iso: "2025-02-03T09:00:00Z", absolute: "Mon, 03 Feb 2025 09:00 GMT" };
const IRAN = { iso: "2024-08-06T00:00:00Z", absolute: "Tue, 06 Aug 2024 00:00 GMT" };

function times(page: Page): Promise<{ datetime: string; text: string; title: string }[]> {
  return page.locator("time[data-relative]").evaluateAll((elements) =>
    elements.map((time) => ({
      datetime: time.getAttribute("datetime") ?? "",
      text: time.textContent ?? "",
      title: time.getAttribute("title") ?? "",
    })),
  );
}

describe.skipIf(!hasChromium)("relative times, and pages without JavaScript", () => {
  const suite = useBrowser();

  it("with JavaScript, times read as relative ones and keep the absolute time in their title", async () => {
    const page = suite.page;
    await page.goto(`${suite.origin}/`);
    const shown = await times(page);
    expect(shown.map((t) => t.datetime)).toEqual([SETTLERS.iso, IRAN.iso]);
    for (const time of shown) expect(time.text).toMatch(/ago|yr|year|mo/);
    expect(shown.map((t) => t.title)).toEqual([SETTLERS.absolute, IRAN.absolute]);
  });

  it("relative times are computed from the reader's clock", async () => {
    const page = await suite.context.newPage();
    try {
      await page.clock.setFixedTime(new Date("2025-02-03T12:00:00Z"));
      await page.goto(`${suite.origin}/`);
      expect((await times(page)).map((t) => t.text)).toEqual(["3 hr. ago", "6 mo. ago"]);
      await page.goto(suite.origin + ARTICLE_PATH);
      expect(await times(page)).toEqual([{ datetime: IRAN.iso, text: "6 mo. ago", title: IRAN.absolute }]);
    } finally {
      await page.close();
    }
  });

  describe("with JavaScript disabled", () => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await suite.newContext({ javaScriptEnabled: false });
      page = await context.newPage();
    });
    afterAll(async () => {
      await context?.close();
    });

    it("times show the absolute time", async () => {
      await page.goto(`${suite.origin}/`);
      expect(await times(page)).toEqual([
        { datetime: SETTLERS.iso, text: SETTLERS.absolute, title: "" },
        { datetime: IRAN.iso, text: IRAN.absolute, title: "" },
      ]);
    });

    it.each(["/", "/tags/iran/"])("on %s, Follow still opens and shows the feed addresses", async (path) => {
      await page.goto(suite.origin + path);
      await page.locator("details.follow > summary").focus();
      await page.keyboard.press("Enter");
      expect(await page.locator("details.follow").getAttribute("open")).toBe("");
      const base = suite.origin + path.replace(/\/$/, "");
      for (const [format, file] of [
        ["rss", "feed.xml"],
        ["atom", "atom.xml"],
        ["json", "feed.json"],
      ]) {
        const input = page.locator(`#follow-${format}`);
        expect(await input.isVisible()).toBe(true);
        expect(await input.inputValue()).toBe(`${base}/${file}`);
        // Without the script nothing could copy, so no Copy button is shown.
        expect(await page.locator(`button[data-copy="follow-${format}"]`).isVisible()).toBe(false);
      }
    });

    it("a feed's page still shows its address, without a Copy button", async () => {
      await page.goto(`${suite.origin}/feed.json`);
      expect(await page.locator("h1").textContent()).toBe("The Meridian Dispatch");
      expect(await page.locator("#feed-view-url").inputValue()).toBe(`${suite.origin}/feed.json`);
      expect(await page.locator('button[data-copy="feed-view-url"]').isVisible()).toBe(false);
    });
  });
});
