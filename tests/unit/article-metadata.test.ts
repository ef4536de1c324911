/**
 * What article pages tell search engines and link previews: the JSON-LD NewsArticle, Open Graph,
 * the X (Twitter) card, the canonical link and the robots directive. Pages come from the worker app
 * over articles built from Markdown; they are read with htmlparser2 and the JSON-LD with JSON.parse,
 * and every value is checked against the article's source, hostile text included.
 */
import { HtmlValidate } from "html-validate";
import { beforeAll, describe, expect, it } from "vitest";
import type { BuiltContent } from "../../src/content/built-content";
import { buildContent } from "../../src/content/load-content";
import type { Article } from "../../src/content/schema";
import { createApp } from "../../src/http/app";
import { createMemoryStore } from "../../src/store/memory-store";
import { FIXED_NOW, markdownArticle } from "./helpers/feeds";
import {
  attribute,
  byTag,
  elements,
  type HtmlDocument,
  jsonLdTexts,
  metaContents,
  parseHtml,
} from "./helpers/html";

/** Not the origin the other tests use: every absolute URL must come from this one. */
const ORIGIN = "https://dispatch.example.org";
const env = { SITE_ORIGIN: ORIGIN };

const LEAD = {
  file: "ceasefire-talks-resume.md",
  title: "Ceasefire talks resume in Cairo",
  summary: "Negotiators returned to Cairo on Saturday for a new round of talks.",
  section: "Middle East",
  tags: ["Egypt", "Gaza", "Diplomacy"],
  authors: ["Jane Doe", "Omar Haddad"],
  // A remote image declares its size (a file of content/media/ is measured by the build).
  image: {
    url: "https://images.example.net/cairo-talks.jpg",
    alt: "Delegates around a table",
    caption: "Delegates meet in Cairo.",
    credit: "AP Photo/Jane Roe",
    width: 1600,
    height: 900,
  },
};

/** Markup, references and quotes, for names (which the build keeps on one line, see README). */
const HOSTILE_NAME = `</script><script>alert(1)</script> <!-- "double" & 'single' &amp; <b>bold</b> -->`;
/** The same with JavaScript's line terminators that JSON leaves unescaped, for texts. */
const HOSTILE_TEXT = `${HOSTILE_NAME} \u2028line\u2029para`;
const HOSTILE = {
  file: "hostile-headline.md",
  title: `Headline ${HOSTILE_TEXT}`,
  summary: `Summary ${HOSTILE_TEXT}`,
  section: `Section ${HOSTILE_NAME}`,
  tags: [`Tag ${HOSTILE_NAME}`, `R&D "lab"`],
  authors: [`Ann "The Pen" O'Neil ${HOSTILE_NAME}`],
  image: {
    url: "https://images.example.net/photo.jpg?size=large&crop=1",
    alt: `Alt ${HOSTILE_TEXT}`,
    caption: `Caption ${HOSTILE_TEXT}`,
    credit: `Credit ${HOSTILE_TEXT}`,
    width: 1200,
    height: 675,
  },
};

const sources: Record<string, string> = {
  [LEAD.file]: markdownArticle(
    {
      id: "tag:dispatch.example.org,2025-03-01:ceasefire",
      title: LEAD.title,
      published: "2025-03-01T08:00:00Z",
      updated: "2025-03-02T10:30:00+02:00",
      authors: LEAD.authors,
      section: LEAD.section,
      tags: LEAD.tags,
      summary: LEAD.summary,
      image: LEAD.image,
    },
    "Negotiators returned to Cairo on Saturday.",
  ),
  [HOSTILE.file]: markdownArticle(
    {
      id: "tag:dispatch.example.org,2025-03-03:hostile",
      title: HOSTILE.title,
      published: "2025-03-03T08:00:00Z",
      authors: HOSTILE.authors,
      section: HOSTILE.section,
      tags: HOSTILE.tags,
      summary: HOSTILE.summary,
      image: HOSTILE.image,
    },
    "Body.",
  ),
  "no-image.md": markdownArticle(
    {
      id: "tag:dispatch.example.org,2025-03-04:no-image",
      title: "An article without an image",
      published: "2025-03-04T08:00:00Z",
      section: "World",
    },
    "Only words.",
  ),
  // Written out: markdownArticle has no list of maps. The second text is hostile, as YAML escapes it.
  "corrected.md": [
    "---",
    "id: tag:dispatch.example.org,2025-03-06:corrected",
    "title: An article corrected twice",
    "published: 2025-03-06T08:00:00Z",
    "section: World",
    "corrections:",
    "  - date: 2025-03-06T12:00:00Z",
    "    text: An earlier version misstated the venue.",
    "  - date: 2025-03-07T09:30:00Z",
    `    text: ${JSON.stringify(`A name was misspelled: ${HOSTILE_NAME}`)}`,
    "---",
    "",
    "Words.",
    "",
  ].join("\n"),
  "caption-only.md": markdownArticle(
    {
      id: "tag:dispatch.example.org,2025-03-05:caption-only",
      title: "An image caption without an image",
      published: "2025-03-05T08:00:00Z",
      section: "World",
      image: { caption: "A photograph we could not show." },
    },
    "Words.",
  ),
};

let content: BuiltContent;
let app: ReturnType<typeof createApp>;

function articleOf(slug: string): Article {
  const article = content.articles.find((candidate) => candidate.slug === slug);
  if (!article) throw new Error(`no article ${slug}`);
  return article;
}

beforeAll(() => {
  content = buildContent(sources);
  app = createApp({ storeFor: () => createMemoryStore(content), now: () => FIXED_NOW });
});

async function page(slug: string): Promise<{ html: string; document: HtmlDocument }> {
  const response = await app.request(`/articles/${slug}`, {}, env);
  expect(response.status).toBe(200);
  const html = await response.text();
  return { html, document: parseHtml(html) };
}

/** The page's one JSON-LD block, parsed. */
function newsArticle(document: HtmlDocument): Record<string, unknown> {
  const blocks = jsonLdTexts(document);
  expect(blocks).toHaveLength(1);
  return JSON.parse(blocks[0] ?? "") as Record<string, unknown>;
}

/** Every Open Graph property (og: and article:) in document order, as [property, content]. */
function openGraph(document: HtmlDocument): [string, string][] {
  return elements(
    document,
    (element) => element.name === "meta" && attribute(element, "property") !== undefined,
  ).map((element) => [attribute(element, "property") ?? "", attribute(element, "content") ?? ""]);
}

/** Every string in a JSON value that is an absolute URL. */
function urlsIn(value: unknown): string[] {
  if (typeof value === "string") return /^[a-z]+:\/\//i.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(urlsIn);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(urlsIn);
  return [];
}

describe("an article with a sized lead image", () => {
  const url = `${ORIGIN}/articles/ceasefire-talks-resume`;
  const imageUrl = LEAD.image.url;
  const authorPages = [`${ORIGIN}/authors/jane-doe/`, `${ORIGIN}/authors/omar-haddad/`];

  it("has one JSON-LD NewsArticle with every property, read back with JSON.parse", async () => {
    const { document } = await page("ceasefire-talks-resume");
    expect(newsArticle(document)).toEqual({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      mainEntityOfPage: { "@type": "WebPage", "@id": url },
      url,
      headline: LEAD.title,
      description: LEAD.summary,
      image: [
        {
          "@type": "ImageObject",
          url: imageUrl,
          width: 1600,
          height: 900,
          caption: LEAD.image.caption,
          creditText: LEAD.image.credit,
        },
      ],
      datePublished: "2025-03-01T08:00:00Z",
      dateModified: "2025-03-02T08:30:00Z",
      author: [
        { "@type": "Person", name: "Jane Doe", url: authorPages[0] },
        { "@type": "Person", name: "Omar Haddad", url: authorPages[1] },
      ],
      publisher: {
        "@type": "Organization",
        name: "The Meridian Dispatch",
        url: `${ORIGIN}/`,
        logo: { "@type": "ImageObject", url: `${ORIGIN}/icon-512.png`, width: 512, height: 512 },
      },
      articleSection: LEAD.section,
      keywords: LEAD.tags,
      inLanguage: "en",
    });
  });

  it("names the publisher's logo at a URL that serves a PNG of the size it states", async () => {
    const { document } = await page("ceasefire-talks-resume");
    const logo = (newsArticle(document).publisher as { logo: { url: string; width: number; height: number } })
      .logo;
    const response = await app.request(logo.url.slice(ORIGIN.length), {}, env);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    const png = new DataView(await response.arrayBuffer());
    // The IHDR chunk: width and height, big-endian, at bytes 16 and 20.
    expect([png.getUint32(16), png.getUint32(20)]).toEqual([logo.width, logo.height]);
  });

  it("has the Open Graph properties of an article, in order, the image's size and text after it", async () => {
    const { document } = await page("ceasefire-talks-resume");
    expect(openGraph(document)).toEqual([
      ["og:type", "article"],
      ["og:title", LEAD.title],
      ["og:description", LEAD.summary],
      ["og:url", url],
      ["og:site_name", "The Meridian Dispatch"],
      ["og:locale", "en_US"],
      ["og:image", imageUrl],
      ["og:image:width", "1600"],
      ["og:image:height", "900"],
      ["og:image:alt", LEAD.image.alt],
      ["article:published_time", "2025-03-01T08:00:00Z"],
      ["article:modified_time", "2025-03-02T08:30:00Z"],
      ["article:section", LEAD.section],
      ["article:tag", "Egypt"],
      ["article:tag", "Gaza"],
      ["article:tag", "Diplomacy"],
      ["article:author", authorPages[0]],
      ["article:author", authorPages[1]],
    ]);
  });

  it("asks for a large card, a large image preview, and names one canonical URL", async () => {
    const { document } = await page("ceasefire-talks-resume");
    expect(metaContents(document, "name", "twitter:card")).toEqual(["summary_large_image"]);
    expect(metaContents(document, "name", "robots")).toEqual(["max-image-preview:large"]);
    const canonical = byTag(document, "link").filter((link) => attribute(link, "rel") === "canonical");
    expect(canonical.map((link) => attribute(link, "href"))).toEqual([url]);
  });

  it("puts all of it in the head", async () => {
    const { document } = await page("ceasefire-talks-resume");
    const [head] = byTag(document, "head");
    const inHead = (name: string) =>
      elements(document, (element) => element.name === name).every((element) => {
        for (let node = element.parent; node !== null; node = node.parent) if (node === head) return true;
        return false;
      });
    expect(inHead("meta")).toBe(true);
    expect(
      byTag(document, "script")
        .filter((script) => attribute(script, "type") === "application/ld+json")
        .every((script) => script.parent === head),
    ).toBe(true);
  });

  it("builds every absolute URL on the configured origin", async () => {
    const { document } = await page("ceasefire-talks-resume");
    const urls = [
      ...urlsIn(newsArticle(document)).filter((value) => value !== "https://schema.org"),
      ...openGraph(document)
        .map(([, content]) => content)
        .filter((content) => /^[a-z]+:\/\//.test(content)),
    ];
    expect(urls.length).toBeGreaterThan(8);
    // A remote lead image keeps its own URL, the only exception; every other URL is ours.
    for (const value of urls.filter((url) => url !== LEAD.image.url)) {
      expect(value.startsWith(`${ORIGIN}/`), value).toBe(true);
    }
  });
});

describe("corrections", () => {
  it("are CorrectionComment items, oldest first, and move dateModified", async () => {
    const { document } = await page("corrected");
    const data = newsArticle(document) as Record<string, unknown>;
    expect(data.correction).toEqual([
      {
        "@type": "CorrectionComment",
        text: "An earlier version misstated the venue.",
        datePublished: "2025-03-06T12:00:00Z",
      },
      {
        "@type": "CorrectionComment",
        text: `A name was misspelled: ${HOSTILE_NAME}`,
        datePublished: "2025-03-07T09:30:00Z",
      },
    ]);
    expect(data.dateModified).toBe("2025-03-07T09:30:00Z");
  });

  it("are absent from an article without any", async () => {
    const { document } = await page("no-image");
    expect(newsArticle(document)).not.toHaveProperty("correction");
  });
});

describe("hostile text", () => {
  it("comes out of the JSON-LD exactly as written, and ends no script", async () => {
    const { html, document } = await page("hostile-headline");
    const article = articleOf("hostile-headline");
    // What the build kept is what the author wrote: the comparisons below are with the source.
    expect(article.title).toBe(HOSTILE.title);
    const data = newsArticle(document);
    expect(data.headline).toBe(HOSTILE.title);
    expect(data.description).toBe(HOSTILE.summary);
    expect(data.articleSection).toBe(HOSTILE.section);
    expect(data.keywords).toEqual(HOSTILE.tags);
    expect(data.author).toEqual([
      {
        "@type": "Person",
        name: HOSTILE.authors[0],
        url: `${ORIGIN}/authors/ann-the-pen-o-neil-script-script-alert-1-script-double-single-amp-b-bold-b/`,
      },
    ]);
    expect(data.image).toEqual([
      {
        "@type": "ImageObject",
        url: HOSTILE.image.url,
        width: HOSTILE.image.width,
        height: HOSTILE.image.height,
        caption: HOSTILE.image.caption,
        creditText: HOSTILE.image.credit,
      },
    ]);
    // The page's only scripts are its own: the site script and the JSON-LD.
    expect(
      byTag(document, "script").map((script) => attribute(script, "type") ?? attribute(script, "src")),
    ).toEqual(["application/ld+json", "/assets/site.js"]);
    const block = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    expect(block).not.toMatch(/[<>&\u2028\u2029]/);
  });

  it("comes out of every meta attribute exactly as written", async () => {
    const { document } = await page("hostile-headline");
    const og = new Map<string, string[]>();
    for (const [property, content] of openGraph(document))
      og.set(property, [...(og.get(property) ?? []), content]);
    expect(og.get("og:title")).toEqual([HOSTILE.title]);
    expect(og.get("og:description")).toEqual([HOSTILE.summary]);
    expect(og.get("og:image")).toEqual([HOSTILE.image.url]);
    expect(og.get("og:image:alt")).toEqual([HOSTILE.image.alt]);
    expect(og.get("og:image:width")).toEqual(["1200"]);
    expect(og.get("article:section")).toEqual([HOSTILE.section]);
    expect(og.get("article:tag")).toEqual(HOSTILE.tags);
    expect(metaContents(document, "name", "description")).toEqual([HOSTILE.summary]);
    expect(metaContents(document, "name", "twitter:card")).toEqual(["summary_large_image"]);
  });
});

describe("an article without an image", () => {
  it.each(["no-image", "caption-only"])("%s: no image anywhere, and the small card", async (slug) => {
    const { document } = await page(slug);
    expect(newsArticle(document)).not.toHaveProperty("image");
    expect(newsArticle(document)).not.toHaveProperty("keywords");
    expect(openGraph(document).filter(([property]) => property.startsWith("og:image"))).toEqual([]);
    expect(openGraph(document).filter(([property]) => property === "article:tag")).toEqual([]);
    expect(metaContents(document, "name", "twitter:card")).toEqual(["summary"]);
  });

  it("credits the site's default author, with that author's page", async () => {
    const { document } = await page("no-image");
    expect(newsArticle(document).author).toEqual([
      {
        "@type": "Person",
        name: "Meridian Dispatch staff",
        url: `${ORIGIN}/authors/meridian-dispatch-staff/`,
      },
    ]);
    expect(metaContents(document, "property", "article:author")).toEqual([
      `${ORIGIN}/authors/meridian-dispatch-staff/`,
    ]);
  });
});

describe("pages other than articles", () => {
  it.each(["/", "/sections/world/", "/feeds"])("%s carries no article metadata", async (path) => {
    const response = await app.request(path, {}, env);
    const document = parseHtml(await response.text());
    expect(jsonLdTexts(document)).toEqual([]);
    expect(openGraph(document)).toEqual([]);
    expect(metaContents(document, "name", "robots")).toEqual([]);
  });
});

describe("HTML validity of the new head", () => {
  const validator = new HtmlValidate({ extends: ["html-validate:standard", "html-validate:a11y"] });
  it.each(["ceasefire-talks-resume", "hostile-headline", "no-image"])("%s is valid", async (slug) => {
    const { html } = await page(slug);
    const report = await validator.validateString(html, slug);
    expect(
      report.results.flatMap((result) => result.messages.map((m) => `${m.ruleId}: ${m.message}`)),
    ).toEqual([]);
  });
});
