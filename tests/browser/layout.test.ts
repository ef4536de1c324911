import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { hasChromium } from "./support/chromium";
import { ARTICLE_PATH, useBrowser } from "./support/suite";

/** Screenshots for people to look at (test-artifacts/ is not committed). */
export const SCREENSHOT_DIR = join("test-artifacts", "screenshots");

const PAGES = [
  ["home", "/"],
  ["article", ARTICLE_PATH],
  ["tag", "/tags/iran/"],
  ["feed-view", "/feed.xml"],
] as const;

describe.skipIf(!hasChromium)("layout at phone and desktop widths", () => {
  const suite = useBrowser();

  beforeAll(async () => {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    // A fixed clock, so that the relative times in the screenshots do not change from run to run.
    await suite.page.clock.setFixedTime(new Date("2025-03-01T12:00:00Z"));
  });

  describe.each([360, 1280])("%i px wide", (width) => {
    beforeAll(async () => {
      await suite.page.setViewportSize({ width, height: 800 });
    });

    it.each(PAGES)("%s (%s): full-page screenshot, nothing wider than the window", async (name, path) => {
      const page = suite.page;
      await page.goto(suite.origin + path);
      expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}.png`), fullPage: true });

      // The Follow panel open (with its address fields and Copy buttons) must fit too.
      await page.locator("details.follow > summary").click();
      expect(await page.locator(".follow-panel").isVisible()).toBe(true);
      expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(width);
      const panel = await page.locator(".follow-panel").boundingBox();
      expect(panel && panel.x >= 0 && panel.x + panel.width <= width).toBe(true);
      if (name === "home") {
        await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-follow-${width}.png`), fullPage: true });
      }
    });
  });

  it("360 px, dark colour scheme: home page screenshot", async () => {
    const page = suite.page;
    await page.setViewportSize({ width: 360, height: 800 });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(`${suite.origin}/`);
    await page.locator("details.follow > summary").click();
    await page.screenshot({ path: join(SCREENSHOT_DIR, "home-follow-dark-360.png"), fullPage: true });
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(360);
  });
});
