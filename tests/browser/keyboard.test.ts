import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { hasChromium } from "./support/chromium";
import { ARTICLE_PATH, useBrowser } from "./support/suite";

/** What has the focus: "tag.class text" of document.activeElement. */
function focused(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    const name = el.tagName.toLowerCase() + (el.className ? "." + el.className.split(" ").join(".") : "");
    return name + " " + (el.innerText ?? "").trim().split("\\n")[0];
  })()`) as Promise<string>;
}

describe.skipIf(!hasChromium)("keyboard", () => {
  const suite = useBrowser();

  it.each(["/", ARTICLE_PATH, "/tags/iran/", "/feed.xml"])(
    "on %s, Tab reaches the skip link, the site title, the navigation, then Follow",
    async (path) => {
      const page = suite.page;
      await page.goto(suite.origin + path);
      const order: string[] = [];
      for (let i = 0; i < 5; i++) {
        await page.keyboard.press("Tab");
        order.push(await focused(page));
      }
      expect(order).toEqual([
        "a.skip Skip to content",
        "a.site-title The Meridian Dispatch",
        "a Latest",
        "a All feeds",
        "summary Follow",
      ]);
    },
  );

  it("the skip link shows when focused and moves the focus to the main content", async () => {
    const page = suite.page;
    await page.goto(`${suite.origin}/`);
    await page.keyboard.press("Tab");
    const box = await page.locator("a.skip").boundingBox();
    expect(box).not.toBeNull();
    expect(box?.x).toBeGreaterThanOrEqual(0);
    expect(box?.y).toBeGreaterThanOrEqual(0);
    await page.keyboard.press("Enter");
    expect(page.url()).toBe(`${suite.origin}/#main`);
    // The next Tab goes to the first link inside main, past the header.
    await page.keyboard.press("Tab");
    expect(await page.evaluate("document.activeElement.closest('main') !== null")).toBe(true);
  });

  it("Follow opens and closes with Enter, and Tab then walks its addresses and Copy buttons", async () => {
    const page = suite.page;
    await page.goto(`${suite.origin}/`);
    const isOpen = async () => (await page.locator("details.follow").getAttribute("open")) !== null;
    for (let i = 0; i < 5; i++) await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("summary Follow");
    await page.keyboard.press("Enter");
    expect(await isOpen()).toBe(true);
    const walk: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press("Tab");
      walk.push(
        await page.evaluate(
          "document.activeElement.id || document.activeElement.getAttribute('data-copy') + ' button'",
        ),
      );
    }
    expect(walk).toEqual([
      "follow-rss",
      "follow-rss button",
      "follow-atom",
      "follow-atom button",
      "follow-json",
      "follow-json button",
    ]);
    await page.locator("details.follow > summary").focus();
    await page.keyboard.press("Enter");
    expect(await isOpen()).toBe(false);
    // Space toggles a summary too.
    await page.keyboard.press(" ");
    expect(await isOpen()).toBe(true);
  });
});
