import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { BuiltContent } from "../../src/content/built-content";
import { buildContent, loadContentFiles } from "../../src/content/load-content";
import type { Article } from "../../src/content/schema";

/** The real articles in content/: they must build, and carry every newsroom field they were given. */
const contentDir = path.resolve(import.meta.dirname, "../../content");

describe("seed content", () => {
  let files: Record<string, string>;
  let content: BuiltContent;
  const bySlug = (slug: string): Article => {
    const article = content.articles.find((candidate) => candidate.slug === slug);
    if (!article) throw new Error(`no article ${slug}`);
    return article;
  };

  beforeAll(async () => {
    files = await loadContentFiles(contentDir);
    content = buildContent(files);
  });

  it("holds the two seed files, which build without problems, newest first", () => {
    expect(Object.keys(files)).toEqual([
      "iran-president-calls-for-expanded-ties-with-russia.md",
      "settlers-stormed-al-aqsa-mosque-in-january.md",
    ]);
    expect(content.articles.map((article) => article.slug)).toEqual([
      "settlers-stormed-al-aqsa-mosque-in-january",
      "iran-president-calls-for-expanded-ties-with-russia",
    ]);
  });

  it("carries the Iran article's fields", () => {
    const article = bySlug("iran-president-calls-for-expanded-ties-with-russia");
    expect(article.id).toBe("urn:uuid:f3e16125-281e-4e48-8efd-d9f54fc2a199");
    expect(article.title).toBe(
      "Iranian president, in talks with Putin ally, calls for expanded ties with Russia",
    );
    expect(article.published).toBe("2024-08-06T00:00:00Z");
    expect(article.updated).toBe("2024-08-06T00:00:00Z");
    expect(article.section).toBe("World");
    expect(article.tags).toEqual(["Iran", "Russia", "Middle East", "Diplomacy"]);
    expect(article.dateline).toBe("MOSCOW");
    expect(article.authors).toEqual([]);
    expect(article.highlights).toHaveLength(2);
    expect(article.highlights[0]).toMatch(
      /^Russia has condemned the killing of Ismail Haniyeh.* a wider regional war$/,
    );
    expect(article.highlights[1]).toMatch(
      /^State Department spokesperson Matthew Miller.* easing Middle East tensions$/,
    );
    expect(article.summary).toBe(`${article.highlights[0]}. ${article.highlights[1]}.`);
    expect(article.image).toEqual({
      caption:
        "Iran's President Masoud Pezeshkian meets with Russian Security Council's Secretary Sergei Shoigu in Tehran, Iran August 5, 2024.",
      credit: "Reuters",
    });
    expect(article.image).not.toHaveProperty("url");
    expect(
      article.html.startsWith('<p><span class="dateline">MOSCOW:</span> Iran’s President Masoud Pezeshkian'),
    ).toBe(true);
    expect(article.html).toContain("<h2>MOSCOW’S CLOSER TIES WITH TEHRAN</h2>");
  });

  it("carries the Al-Aqsa article's fields", () => {
    const article = bySlug("settlers-stormed-al-aqsa-mosque-in-january");
    expect(article.id).toBe("urn:uuid:5c5d1441-25c1-46e1-9144-ffad54f4a397");
    expect(article.title).toBe(
      "Some 4,397 Israeli settlers stormed Jerusalem’s Al-Aqsa Mosque in January, says Palestinian Authority",
    );
    expect(article.published).toBe("2025-02-03T09:00:00Z");
    expect(article.section).toBe("Middle East");
    expect(article.tags).toEqual(["Jerusalem", "Al-Aqsa Mosque", "Israel", "Palestinian Authority"]);
    expect(article.dateline).toBe("LONDON");
    expect(article.highlights).toEqual([
      "Settlers sometimes accompanied by Israeli government officials, including National Security Minister Itamar Ben-Gvir",
      "Jerusalem Governorate recorded 86 demolitions, leveling of homes, structures belonging to Palestinians in January",
    ]);
    expect(article.image).toBeUndefined();
    expect(
      article.html.startsWith('<p><span class="dateline">LONDON:</span> The Palestinian Authority'),
    ).toBe(true);
  });

  it("keeps the front matter's comments out of the output", () => {
    expect(files["iran-president-calls-for-expanded-ties-with-russia.md"]).toContain("# The source page");
    expect(JSON.stringify(content)).not.toContain("The source page");
  });
});
