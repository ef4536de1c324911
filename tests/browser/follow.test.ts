import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { hasChromium } from "./support/chromium";
import { useBrowser } from "./support/suite";

const FORMATS = [
  ["rss", "feed.xml"],
  ["atom", "atom.xml"],
  ["json", "feed.json"],
] as const;

async function clipboardText(page: Page): Promise<string> {
  return (await page.evaluate("navigator.clipboard.readText()")) as string;
}

/** Clicks the Copy button of the address field `id`; returns what the clipboard then holds. */
async function copy(page: Page, id: string): Promise<{ shown: string; copied: string }> {
  await page.evaluate("navigator.clipboard.writeText('')");
  const button = page.locator(`button[data-copy="${id}"]`);
  await expect.poll(() => button.isVisible()).toBe(true);
  await button.click();
  await expect.poll(() => button.textContent()).toBe("Copied");
  const shown = await page.locator(`#${id}`).inputValue();
  expect(await page.locator("#copy-status").textContent()).toBe(`Copied ${shown}`);
  return { shown, copied: await clipboardText(page) };
}

/** Opens the Follow control as a keyboard user would: focus its summary, press Enter. */
async function openFollow(page: Page): Promise<void> {
  const details = page.locator("details.follow");
  expect(await details.getAttribute("open")).toBeNull();
  await page.locator("details.follow > summary").focus();
  await page.keyboard.press("Enter");
  expect(await details.getAttribute("open")).toBe("");
  expect(await page.locator(".follow-panel").isVisible()).toBe(true);
}

describe.skipIf(!hasChromium)("Follow: copying a feed's address", () => {
  const suite = useBrowser();

  beforeAll(async () => {
    await suite.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: suite.origin });
  });

  it.each([
    ["the home page", "/", ""],
    ["a tag page", "/tags/iran/", "/tags/iran"],
    ["a section page", "/sections/middle-east/", "/sections/middle-east"],
  ])("on %s (%s), each Copy button copies that page's feed address", async (_name, path, base) => {
    const page = suite.page;
    await page.goto(suite.origin + path);
    await openFollow(page);
    for (const [format, file] of FORMATS) {
      const { shown, copied } = await copy(page, `follow-${format}`);
      expect(shown).toBe(`${suite.origin}${base}/${file}`);
      expect(copied).toBe(shown);
    }
  });

  it("on a feed's page, Copy copies the address of the feed that was opened", async () => {
    const page = suite.page;
    await page.goto(`${suite.origin}/tags/iran/atom.xml`);
    const { shown, copied } = await copy(page, "feed-view-url");
    expect(shown).toBe(`${suite.origin}/tags/iran/atom.xml`);
    expect(copied).toBe(shown);
    // The Follow control in its header offers the same family's feeds.
    await openFollow(page);
    const follow = await copy(page, "follow-json");
    expect(follow.copied).toBe(`${suite.origin}/tags/iran/feed.json`);
  });
});
