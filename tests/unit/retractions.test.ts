/**
 * Retractions (issue 14), on the memory store through the app: the `retracted` field and its errors;
 * a retracted article gone from every document that listed it; 410 with a notice at its addresses;
 * RFC 6721 tombstones in its Atom subscription feeds for 30 days; and the archive rule (a retracted
 * article keeps its place, so only the archive page that held it changes). Feeds are read with
 * fast-xml-parser, xmllint and feedparser, pages with html-validate.
 */
import { HtmlValidate } from "html-validate";
import { describe, expect, it } from "vitest";
import type { BuiltContent } from "../../src/content/built-content";
import { buildContent, ContentError } from "../../src/content/load-content";
import { parseArticle } from "../../src/content/parse-article";
import { shortCodeFor } from "../../src/content/short-code";
import { createApp } from "../../src/http/app";
import { createMemoryStore } from "../../src/store/memory-store";
import {
  announceSkip,
  feedparserTombstones,
  feedparserTool,
  xmllint,
  xmllintTool,
  xmllintXpath,
} from "./helpers/external-parsers";
import { htmlToText, markdownArticle, ORIGIN, parseXml, textOf } from "./helpers/feeds";

const NOW = Date.parse("2026-06-01T12:00:00Z");
const RETRACTED_AT = "2026-05-20T12:00:00Z";
const REASON = "The source of the article's main claim withdrew it.";
const TOMBSTONES = "http://purl.org/atompub/tombstones/1.0";
const idOf = (n: number) => `tag:news.example.com,2026:story-${n}`;

/** Story n, published n hours into 2026; story 3 alone has the tag "Only" and a former slug. */
function story(n: number, yaml: string[] = []): string {
  const text = markdownArticle(
    {
      id: idOf(n),
      title: `Story ${n}`,
      published: new Date(Date.UTC(2026, 0, 1, n)).toISOString().replace(".000Z", "Z"),
      section: n % 2 === 0 ? "World" : "Middle East",
      tags: n === 3 ? ["Talks", "Only"] : ["Talks"],
      authors: [n % 3 === 0 ? "Ann Lee" : "Bo Chan"],
      ...(n === 3 ? { former_slugs: ["story-three"] } : {}),
    },
    `Text of story ${n}, which a retraction must take away.`,
  );
  return text.replace("\n---\n\n", `\n${yaml.join("\n")}\n---\n\n`);
}

const retraction = (date = RETRACTED_AT, reason = REASON) => [
  "retracted:",
  `  date: ${date}`,
  `  reason: "${reason}"`,
];

/** 25 stories (two full archive pages of 10 and a subscription document of 15), some retracted. */
function corpus(retracted: Record<number, string[]> = {}): BuiltContent {
  const files: Record<string, string> = {};
  for (let n = 1; n <= 25; n++) files[`story-${n}.md`] = story(n, retracted[n]);
  return buildContent(files);
}

function appOf(content: BuiltContent, now = NOW) {
  return createApp({ storeFor: () => createMemoryStore(content), now: () => now });
}

type App = ReturnType<typeof appOf>;

async function fetchFrom(app: App, path: string, init: RequestInit = {}) {
  const response = await app.request(path, init, { SITE_ORIGIN: ORIGIN });
  return { response, text: await response.text() };
}

const navigation = { "Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate", Accept: "text/html" };

describe("the retracted field", () => {
  const problemsOf = (yaml: string[], front: string[] = []) => {
    const text = story(1, yaml).replace("---\n", `---\n${front.join("\n")}${front.length ? "\n" : ""}`);
    const result = parseArticle("story-1.md", text);
    return result.ok ? [] : result.problems;
  };

  it("keeps the retraction's date in UTC and its reason", () => {
    const result = parseArticle("story-1.md", story(1, retraction("2026-05-20T15:00:00+03:00")));
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.article.retraction).toEqual({ date: RETRACTED_AT, reason: REASON });
  });

  it.each([
    [
      "no date",
      ["retracted:", "  reason: Wrong."],
      "expected an RFC 3339 date-time with a time zone, such as 2024-08-06T09:30:00Z or 2024-08-06T12:30:00+03:00, found nothing (retracted.date)",
    ],
    [
      "no reason",
      ["retracted:", `  date: ${RETRACTED_AT}`],
      "expected the reason readers are told, as plain text, found nothing (retracted.reason)",
    ],
    [
      "a blank reason",
      ["retracted:", `  date: ${RETRACTED_AT}`, '  reason: "  "'],
      // zod reports the value trimmed.
      'expected the reason readers are told, as plain text, found string "" (retracted.reason)',
    ],
    [
      "a date before publication",
      retraction("2025-12-31T00:00:00Z"),
      'retracted.date: expected a time no earlier than published (2026-01-01T01:00:00Z), found "2025-12-31T00:00:00Z" (retracted.date)',
    ],
    [
      "true instead of a map",
      ["retracted: true"],
      "expected a map with date and reason, found boolean true (retracted)",
    ],
    [
      "a field a retraction has not",
      [...retraction(), "  by: Desk"],
      'unknown field "by": expected no such field, found string "Desk". A retraction has a date and a reason. (retracted.by)',
    ],
  ])("refuses %s", (_name, yaml, problem) => {
    expect(problemsOf(yaml)).toEqual([problem]);
  });

  it("refuses a retraction on a draft, which was never published", () => {
    expect(problemsOf(retraction(), ["draft: true"])).toEqual([
      "retracted: expected no retraction on a draft, which was never published (publish it first, or delete the file), found a retraction and draft: true (retracted)",
    ]);
  });

  it("stops the build, naming the file and the field, for a retraction dated after the build", () => {
    const files = { "story-1.md": story(1, retraction("9000-01-01T00:00:00Z")) };
    expect(() => buildContent(files)).toThrow(ContentError);
    expect(() => buildContent(files)).toThrow(
      /^content\/story-1\.md: retracted\.date: expected a time no later than now \(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\): a retraction takes effect when it is published and cannot be scheduled, found "9000-01-01T00:00:00Z" \(retracted\.date\)$/m,
    );
    expect(() => buildContent({ "story-1.md": story(1, ["retracted:", "  reason: Wrong."]) })).toThrow(
      /^content\/story-1\.md: .*\(retracted\.date\)$/m,
    );
  });

  it("keeps a retracted article apart, with its headline, places and slugs and none of its text", () => {
    const content = corpus({ 3: retraction() });
    expect(content.articles.map((article) => article.slug)).not.toContain("story-3");
    expect(content.articles).toHaveLength(24);
    expect(content.retracted).toEqual([
      {
        id: idOf(3),
        slug: "story-3",
        title: "Story 3",
        published: "2026-01-01T03:00:00Z",
        section: "Middle East",
        tags: ["Talks", "Only"],
        authors: ["Ann Lee"],
        formerSlugs: ["story-three"],
        shortCode: shortCodeFor(idOf(3)),
        retraction: { date: RETRACTED_AT, reason: REASON },
      },
    ]);
    expect(JSON.stringify(content.retracted)).not.toContain("Text of story");
    expect(content.version).not.toBe(corpus().version);
  });
});

describe("a retracted article leaves every document that listed it", () => {
  const app = appOf(corpus({ 3: retraction(), 20: retraction() }));
  const documents = [
    "/",
    "/feeds",
    "/feeds.opml",
    "/sections/middle-east/",
    "/sections/world/",
    "/tags/talks/",
    "/authors/ann-lee/",
    "/sitemap.xml",
    "/sitemap-articles-1.xml",
    "/sitemap-listings-1.xml",
    "/news-sitemap.xml",
    ...["", "/sections/middle-east", "/sections/world", "/tags/talks", "/authors/ann-lee"].flatMap((base) =>
      [
        "feed.xml",
        "atom.xml",
        "feed.json",
        "archive/1/feed.xml",
        "archive/1/atom.xml",
        "archive/1/feed.json",
      ].map((file) => `${base}/${file}`),
    ),
  ];

  it.each(documents)("%s", async (path) => {
    const { response, text } = await fetchFrom(app, path);
    // Ann Lee's 8 places fit in her subscription document: she has no archive page.
    expect(response.status).toBe(path.startsWith("/authors/ann-lee/archive/") ? 404 : 200);
    for (const n of [3, 20]) {
      expect(text).not.toContain(`/articles/story-${n}<`);
      expect(text).not.toContain(`/articles/story-${n}"`);
      expect(text).not.toMatch(new RegExp(`Story ${n}\\b`));
      expect(text).not.toContain(`Text of story ${n},`);
      // Only the Atom subscription feeds still name it: in a tombstone.
      if (!(path.endsWith("/atom.xml") && !path.includes("/archive/"))) expect(text).not.toContain(idOf(n));
    }
  });

  it("and every count: the feeds page counts what is left, and a family left with nothing is listed nowhere", async () => {
    const feeds = (await fetchFrom(app, "/feeds")).text;
    expect(feeds).toContain('<a href="/">The Meridian Dispatch</a> (23)');
    expect(feeds).toContain('<a href="/tags/talks/">Talks</a> (23)');
    expect(feeds).toContain('<a href="/authors/ann-lee/">Ann Lee</a> (7)');
    expect(feeds).not.toContain("/tags/only/");
    expect((await fetchFrom(app, "/feeds.opml")).text).not.toContain("/tags/only/");
    expect((await fetchFrom(app, "/sitemap-listings-1.xml")).text).not.toContain("/tags/only/");
    for (const path of ["/tags/only/", "/tags/only/feed.xml", "/tags/only/atom.xml"]) {
      const { response, text } = await fetchFrom(app, path);
      expect(response.status, path).toBe(410);
      expect(text).toMatch(/^Every article of this tag has been retracted or removed\./);
    }
  });
});

describe("the addresses of a retracted article answer 410 Gone with a notice", () => {
  const app = appOf(corpus({ 3: retraction() }));
  const addresses = ["/articles/story-3", `/s/${shortCodeFor(idOf(3))}`, "/articles/story-three"];

  it.each(addresses)(
    "%s: a program gets the notice as text, GET and HEAD alike, cached as pages are",
    async (path) => {
      const { response, text } = await fetchFrom(app, path);
      expect(response.status).toBe(410);
      expect(response.headers.get("content-type")).toBe("text/plain; charset=UTF-8");
      expect(response.headers.get("cache-control")).toBe("public, max-age=300, stale-while-revalidate=600");
      expect(response.headers.get("vary")).toBe("Accept, Sec-Fetch-Mode");
      expect(text.split("\n").slice(0, 3)).toEqual([
        "Retracted: Story 3",
        `This article was retracted on Wed, 20 May 2026 12:00 GMT (${RETRACTED_AT}).`,
        `Reason: ${REASON}`,
      ]);
      expect(text).toContain("This site's feeds:");
      expect(text).not.toContain("Text of story 3");
      const head = await fetchFrom(app, path, { method: "HEAD" });
      expect(head.response.status).toBe(410);
      expect(head.text).toBe("");
      expect(head.response.headers.get("cache-control")).toBe(response.headers.get("cache-control"));
      expect(head.response.headers.get("content-type")).toBe(response.headers.get("content-type"));
    },
  );

  it.each(addresses)("%s: a browser gets a page with the headline, the date and the reason", async (path) => {
    const { response, text } = await fetchFrom(app, path, { headers: navigation });
    expect(response.status).toBe(410);
    expect(response.headers.get("content-type")).toBe("text/html; charset=UTF-8");
    expect(response.headers.get("cache-control")).toBe("public, max-age=300, stale-while-revalidate=600");
    expect(text).toContain("<h1>Story 3</h1>");
    expect(text).toContain("<title>Retracted: Story 3 · The Meridian Dispatch</title>");
    expect(text).toContain(
      `<time datetime="${RETRACTED_AT}" data-relative="true">Wed, 20 May 2026 12:00 GMT</time>`,
    );
    expect(htmlToText(text)).toContain(REASON);
    expect(text).toContain(`<link rel="canonical" href="${ORIGIN}/articles/story-3"/>`);
    expect(text).not.toContain("Text of story 3");
    const validator = new HtmlValidate({ extends: ["html-validate:standard", "html-validate:a11y"] });
    const report = await validator.validateString(text, path);
    expect(report.results.flatMap((result) => result.messages.map((m) => m.message))).toEqual([]);
  });

  it("an article whose file was removed once published is retracted with no reason: removed, and why is not said", async () => {
    const content = corpus();
    const [gone, ...rest] = content.articles;
    if (!gone) throw new Error("no article");
    const removed = { ...gone, retraction: { date: RETRACTED_AT } };
    const withRemoval = appOf({
      version: "removed",
      articles: rest,
      retracted: [
        {
          id: removed.id,
          slug: removed.slug,
          title: removed.title,
          published: removed.published,
          section: removed.section,
          tags: removed.tags,
          authors: removed.authors,
          formerSlugs: removed.formerSlugs,
          shortCode: removed.shortCode,
          retraction: removed.retraction,
        },
      ],
    });
    const { response, text } = await fetchFrom(withRemoval, `/articles/${gone.slug}`);
    expect(response.status).toBe(410);
    expect(text.split("\n").slice(0, 2)).toEqual([
      `Removed: ${gone.title}`,
      `This article was removed on Wed, 20 May 2026 12:00 GMT (${RETRACTED_AT}).`,
    ]);
    expect(text).not.toContain("Reason:");
    const page = (await fetchFrom(withRemoval, `/articles/${gone.slug}`, { headers: navigation })).text;
    expect(page).toContain("This article has been removed");
    // Its tombstone has no comment.
    const atom = (await fetchFrom(withRemoval, "/atom.xml")).text;
    expect(atom).toContain(`<at:deleted-entry ref="${gone.id}" when="${RETRACTED_AT}"/>`);
  });

  it("an address no article ever had is still 404", async () => {
    expect((await fetchFrom(app, "/articles/never-was")).response.status).toBe(404);
    expect((await fetchFrom(app, "/s/zzzzzzzz")).response.status).toBe(404);
  });
});

describe("Atom tombstones (RFC 6721)", () => {
  const content = corpus({ 3: retraction() });
  const tombstonesIn = (xml: string) =>
    xmllintXpath(xml, `//*[local-name()='deleted-entry' and namespace-uri()='${TOMBSTONES}']/@ref`);

  it("the site's and each family's Atom subscription feed carry one, with the reason as its comment", async () => {
    const app = appOf(content);
    for (const path of [
      "/atom.xml",
      "/sections/middle-east/atom.xml",
      "/tags/talks/atom.xml",
      "/authors/ann-lee/atom.xml",
    ]) {
      const xml = (await fetchFrom(app, path)).text;
      expect(xml, path).toContain(`xmlns:at="${TOMBSTONES}"`);
      expect(xml, path).toContain(
        `<at:deleted-entry ref="${idOf(3)}" when="${RETRACTED_AT}"><at:comment>${REASON.replace("'", "&#39;")}</at:comment></at:deleted-entry>`,
      );
      // The retraction is the feed's newest change.
      expect(textOf(parseXml(xml).feed.updated), path).toBe(RETRACTED_AT);
    }
    // Not a family it was never in, nor an archive page, nor RSS and JSON Feed, which have no such thing.
    for (const path of ["/sections/world/atom.xml", "/archive/1/atom.xml", "/feed.xml", "/feed.json"]) {
      const text = (await fetchFrom(app, path)).text;
      expect(text, path).not.toContain("deleted-entry");
      expect(text, path).not.toContain(TOMBSTONES);
    }
  });

  announceSkip(xmllintTool, "xmllint reading tombstones");
  it.skipIf(!xmllintTool.available)(
    "is well-formed, in the tombstones namespace, as libxml2 reads it",
    async () => {
      const xml = (await fetchFrom(appOf(content), "/atom.xml")).text;
      expect(xmllint(xml)).toEqual({ ok: true, errors: "" });
      expect(tombstonesIn(xml)).toEqual([`ref="${idOf(3)}"`]);
      expect(
        xmllintXpath(
          xml,
          `string(//*[local-name()='deleted-entry']/*[local-name()='comment' and namespace-uri()='${TOMBSTONES}'])`,
        ),
      ).toEqual([REASON]);
      // The entry itself is gone.
      expect(
        xmllintXpath(xml, `//*[local-name()='entry']/*[local-name()='id'][text()='${idOf(3)}']`),
      ).toEqual([]);
    },
  );

  announceSkip(feedparserTool, "feedparser reading tombstones");
  it.skipIf(!feedparserTool.available)(
    "feedparser sees it (as an element it has no name for) and no such entry",
    async () => {
      const parsed = feedparserTombstones((await fetchFrom(appOf(content), "/atom.xml")).text);
      expect(parsed.bozo).toBe(0);
      expect(parsed.namespaces.at).toBe(TOMBSTONES);
      expect(parsed.deletedEntry).toEqual({ ref: idOf(3), when: RETRACTED_AT });
      expect(parsed.comment).toBe(REASON);
      expect(parsed.entryIds).not.toContain(idOf(3));
      // The subscription document's 15 places: story 3 was in none of them.
      expect(parsed.entryIds).toHaveLength(15);
    },
  );

  it("lasts 30 days: the expiry is a scheduled change, which caches are told of and which needs no publish", async () => {
    const expiry = Date.parse(RETRACTED_AT) + 30 * 86_400_000;
    const clock = { now: expiry - 100_000 };
    const app = createApp({ storeFor: () => createMemoryStore(content), now: () => clock.now });
    const before = await fetchFrom(app, "/atom.xml");
    expect(before.text).toContain("<at:deleted-entry");
    // No cache may keep the feed past the moment the tombstone leaves it.
    expect(before.response.headers.get("cache-control")).toBe("public, max-age=100");
    clock.now = expiry - 1000;
    expect((await fetchFrom(app, "/atom.xml")).text).toContain("<at:deleted-entry");
    clock.now = expiry;
    const after = await fetchFrom(app, "/atom.xml");
    expect(after.text).not.toContain("deleted-entry");
    expect(after.text).not.toContain(TOMBSTONES);
    expect(after.response.headers.get("etag")).not.toBe(before.response.headers.get("etag"));
    expect(after.response.headers.get("cache-control")).toBe(
      "public, max-age=300, stale-while-revalidate=600",
    );
    // The article's page is still gone.
    expect((await fetchFrom(app, "/articles/story-3")).response.status).toBe(410);
  });

  it("a retraction older than 30 days when published carries none", async () => {
    const old = appOf(corpus({ 3: retraction("2026-04-01T00:00:00Z") }));
    expect((await fetchFrom(old, "/atom.xml")).text).not.toContain("deleted-entry");
    expect((await fetchFrom(old, "/articles/story-3")).response.status).toBe(410);
  });
});

describe("the archive rule: a retracted article keeps its place", () => {
  const formats = ["feed.xml", "atom.xml", "feed.json"];
  const documentsOf = async (content: BuiltContent) => {
    const app = appOf(content);
    const found = new Map<string, { text: string; etag: string | null; lastModified: string | null }>();
    for (const page of ["", "/archive/1", "/archive/2"]) {
      for (const file of formats) {
        const { response, text } = await fetchFrom(app, `${page}/${file}`);
        expect(response.status, `${page}/${file}`).toBe(200);
        found.set(`${page}/${file}`, {
          text,
          etag: response.headers.get("etag"),
          lastModified: response.headers.get("last-modified"),
        });
      }
    }
    return found;
  };
  const slugsIn = (json: string) =>
    (JSON.parse(json).items as { url: string }[]).map((item) => item.url.replace(`${ORIGIN}/articles/`, ""));

  it("retracting an article of archive page 1 changes page 1 only, which holds one item fewer", async () => {
    const before = await documentsOf(corpus());
    const after = await documentsOf(corpus({ 3: retraction() }));
    for (const file of formats) {
      expect(after.get(`/archive/2/${file}`), file).toEqual(before.get(`/archive/2/${file}`));
      expect(after.get(`/archive/1/${file}`)?.etag, file).not.toBe(before.get(`/archive/1/${file}`)?.etag);
      // Its Last-Modified moves to the retraction, so a client that only sends If-Modified-Since sees it.
      expect(after.get(`/archive/1/${file}`)?.lastModified).toBe(new Date(RETRACTED_AT).toUTCString());
    }
    expect(slugsIn(after.get("/archive/1/feed.json")?.text ?? "")).toEqual(
      [10, 9, 8, 7, 6, 5, 4, 2, 1].map((n) => `story-${n}`),
    );
    expect(slugsIn(after.get("/archive/2/feed.json")?.text ?? "")).toEqual(
      [20, 19, 18, 17, 16, 15, 14, 13, 12, 11].map((n) => `story-${n}`),
    );
    // The subscription document still holds its 15 places, and the same articles.
    expect(slugsIn(after.get("/feed.json")?.text ?? "")).toEqual(
      slugsIn(before.get("/feed.json")?.text ?? ""),
    );
  });

  it("retracting an article of the subscription document changes no archive page", async () => {
    const before = await documentsOf(corpus());
    // Story 22 is in no full page yet (the subscription document holds places 11 to 25).
    const after = await documentsOf(corpus({ 22: retraction() }));
    for (const page of ["/archive/1", "/archive/2"]) {
      for (const file of formats)
        expect(after.get(`${page}/${file}`), `${page}/${file}`).toEqual(before.get(`${page}/${file}`));
    }
    const subscription = slugsIn(after.get("/feed.json")?.text ?? "");
    expect(subscription).toHaveLength(14);
    expect(subscription).not.toContain("story-22");
  });

  it("walking prev-archive from the subscription document meets every article left exactly once", async () => {
    const app = appOf(corpus({ 3: retraction(), 11: retraction(), 25: retraction() }));
    const seen: string[] = [];
    let url: string | undefined = `${ORIGIN}/feed.json`;
    while (url) {
      const feed = JSON.parse((await fetchFrom(app, url.replace(ORIGIN, ""))).text);
      seen.push(...slugsIn(JSON.stringify(feed)));
      url = feed.next_url;
    }
    const expected = Array.from({ length: 25 }, (_, i) => `story-${25 - i}`).filter(
      (slug) => !["story-3", "story-11", "story-25"].includes(slug),
    );
    expect(seen).toEqual(expected);
  });
});
