import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { hasChromium } from "./support/chromium";
import { ARTICLE_PATH, useBrowser } from "./support/suite";

const AXE_SCRIPT = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; failureSummary: string }[];
}

/** Every violation, one readable paragraph each: rule, impact, what to do, and each element with why. */
function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n` +
        v.nodes
          .map((n) => `  - ${n.target.join(" ")}\n    ${n.failureSummary.replace(/\n/g, "\n    ")}`)
          .join("\n"),
    )
    .join("\n\n");
}

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  const result = (await page.evaluate(
    `axe.run(document, { runOnly: { type: "tag", values: ${JSON.stringify(AXE_TAGS)} }, resultTypes: ["violations"] })`,
  )) as { violations: AxeViolation[] };
  return result.violations;
}

const PAGES = [
  ["the home page", "/"],
  ["an article", ARTICLE_PATH],
  ["a tag page", "/tags/iran/"],
  ["a feed's page", "/feed.xml"],
  ["a section feed's page", "/sections/middle-east/feed.json"],
] as const;

describe.skipIf(!hasChromium)("axe-core finds no accessibility violations", () => {
  // The pages' CSP (script-src 'self') would refuse axe's injected script; bypassing it changes
  // nothing axe checks.
  const suite = useBrowser({ bypassCSP: true });

  describe.each(["light", "dark"] as const)("%s colour scheme", (colorScheme) => {
    it.each(PAGES)("%s (%s), with the Follow panel open", async (_name, path) => {
      const page = suite.page;
      await page.emulateMedia({ colorScheme });
      await page.goto(suite.origin + path);
      // Open Follow so that its panel (fields, Copy buttons, links) is checked too, then focus a
      // Copy button so its focus style is on screen.
      await page.locator("details.follow > summary").click();
      await page.locator('button[data-copy="follow-rss"]').focus();
      const violations = await axeViolations(page);
      expect(
        violations.length,
        `axe violations on ${path} (${colorScheme}):\n\n${describeViolations(violations)}`,
      ).toBe(0);
    });
  });

  it("the check is live: it reports a missing alt text and unreadable text when a page has them", async () => {
    const page = suite.page;
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(`${suite.origin}/`);
    await page.evaluate(`document.querySelector("main").insertAdjacentHTML("beforeend",
      '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10"><p style="color:#bbb;background:#fff">faint</p>')`);
    const found = (await axeViolations(page)).map((v) => v.id);
    expect(found).toEqual(expect.arrayContaining(["image-alt", "color-contrast"]));
  });
});
