/**
 * WebSub discovery in the documents themselves: every subscribable feed (the site's and every
 * section's, tag's and author's, in all three formats) names each hub beside its self URL, read
 * back with parsers that share no code with ours (Python's feedparser for RSS and Atom, fast-xml-parser
 * for RSS's atom:link, JSON.parse for JSON Feed checked against the JSON Feed 1.1 rules for `hubs`);
 * archive pages name none; and with no hub configured no feed says anything about hubs.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { BuiltContent } from "../../src/content/built-content";
import { buildContent } from "../../src/content/load-content";
import { createApp } from "../../src/http/app";
import { createMemoryStore } from "../../src/store/memory-store";
import { announceSkip, feedparser, feedparserTool, xmllint, xmllintTool } from "./helpers/external-parsers";
import { FIXED_NOW, markdownArticle, ORIGIN, parseXml } from "./helpers/feeds";

const HUBS = ["https://pubsubhubbub.appspot.com/", "https://websub.example.net/hub?site=meridian&v=1"];
/** The variable as an operator writes it: a comma, a line break, a trailing slash left out. */
const WEBSUB_HUBS = "https://pubsubhubbub.appspot.com,\n https://websub.example.net/hub?site=meridian&v=1";

/** The subscribable feeds of the content below: the site's and one of each kind of family. */
const FOLDERS = ["", "/sections/world", "/tags/iran", "/authors/ann-lee"];
const FILES = ["feed.xml", "atom.xml", "feed.json"] as const;

/** 25 articles in World, tagged Iran, by Ann Lee: every feed above has a full archive page. */
function corpus(): BuiltContent {
  const files: Record<string, string> = {};
  for (let n = 1; n <= 25; n++) {
    files[`story-${n}.md`] = markdownArticle(
      {
        id: `tag:news.example.com,2025:story-${n}`,
        title: `Story ${n}`,
        published: `2025-01-${String(n).padStart(2, "0")}T08:00:00Z`,
        section: "World",
        tags: ["Iran"],
        authors: ["Ann Lee"],
      },
      `Body ${n}.`,
    );
  }
  return buildContent(files);
}

let content: BuiltContent;
beforeAll(() => {
  content = corpus();
});

async function fetchDocument(
  path: string,
  hubs: string | undefined,
): Promise<{ body: string; link: string }> {
  const app = createApp({ storeFor: () => createMemoryStore(content), now: () => FIXED_NOW });
  const response = await app.request(path, {}, { SITE_ORIGIN: ORIGIN, WEBSUB_HUBS: hubs });
  expect(response.status, path).toBe(200);
  return { body: await response.text(), link: response.headers.get("link") ?? "" };
}

function relsIn(links: { rel: string | null; href: string | null }[], rel: string): (string | null)[] {
  return links.filter((link) => link.rel === rel).map((link) => link.href);
}

interface JsonFeedHub {
  type: unknown;
  url: unknown;
  [key: string]: unknown;
}

/**
 * The JSON Feed 1.1 rules for `hubs`: optional; when present an array of objects, each with a
 * `type` (the protocol, a string) and a `url` (a string), both required.
 */
function jsonFeedHubProblems(document: Record<string, unknown>): string[] {
  if (!("hubs" in document)) return [];
  const hubs = document.hubs;
  if (!Array.isArray(hubs)) return [`hubs: expected an array, found ${JSON.stringify(hubs)}`];
  return hubs.flatMap((hub: JsonFeedHub, index) => {
    if (typeof hub !== "object" || hub === null) return [`hubs[${index}]: expected an object`];
    const problems: string[] = [];
    if (typeof hub.type !== "string" || hub.type === "")
      problems.push(`hubs[${index}].type: expected a string`);
    if (typeof hub.url !== "string" || !URL.canParse(hub.url))
      problems.push(`hubs[${index}].url: expected a URL`);
    return problems;
  });
}

describe("JSON Feed hubs", () => {
  it.each(FOLDERS)(
    "%s/feed.json lists each hub as a WebSub endpoint, and feed_url is the self URL",
    async (folder) => {
      const path = `${folder}/feed.json`;
      const document = JSON.parse((await fetchDocument(path, WEBSUB_HUBS)).body) as Record<string, unknown>;
      expect(jsonFeedHubProblems(document)).toEqual([]);
      expect(document.hubs).toEqual(HUBS.map((url) => ({ type: "WebSub", url })));
      expect(document.feed_url).toBe(ORIGIN + path);
    },
  );

  it("the check above tells a malformed hubs list", () => {
    expect(jsonFeedHubProblems({ hubs: [{ type: "WebSub" }, { url: "https://x/" }] })).toEqual([
      "hubs[0].url: expected a URL",
      "hubs[1].type: expected a string",
    ]);
    expect(jsonFeedHubProblems({ hubs: {} })).toHaveLength(1);
  });
});

describe("RSS atom:link, read by fast-xml-parser", () => {
  it.each(FOLDERS)("%s/feed.xml has rel=self and one rel=hub per hub", async (folder) => {
    const path = `${folder}/feed.xml`;
    const channel = parseXml((await fetchDocument(path, WEBSUB_HUBS)).body).rss.channel;
    const links = (channel["atom:link"] as Record<string, string>[]).map((link) => ({
      rel: link["@_rel"] ?? null,
      href: link["@_href"] ?? null,
    }));
    expect(relsIn(links, "self")).toEqual([ORIGIN + path]);
    expect(relsIn(links, "hub")).toEqual(HUBS);
  });
});

announceSkip(feedparserTool, "WebSub discovery read by feedparser");
describe.skipIf(!feedparserTool.available)("hub and self links, read by feedparser", () => {
  it.each(
    FOLDERS.flatMap((folder) =>
      FILES.filter((file) => file !== "feed.json").map((file) => `${folder}/${file}`),
    ),
  )("%s", async (path) => {
    const { body } = await fetchDocument(path, WEBSUB_HUBS);
    const parsed = feedparser(body);
    expect(parsed.bozo, parsed.bozo_exception ?? "").toBe(0);
    expect(relsIn(parsed.feed.links, "self")).toEqual([ORIGIN + path]);
    expect(relsIn(parsed.feed.links, "hub")).toEqual(HUBS);
  });
});

announceSkip(xmllintTool, "well-formedness of feeds with hub links");
describe.skipIf(!xmllintTool.available)("XML with hub links", () => {
  it("is well-formed in both XML formats (hub URLs with & are escaped)", async () => {
    for (const folder of FOLDERS) {
      for (const file of ["feed.xml", "atom.xml"]) {
        const { body } = await fetchDocument(`${folder}/${file}`, WEBSUB_HUBS);
        expect(xmllint(body), `${folder}/${file}`).toEqual({ ok: true, errors: "" });
      }
    }
  });
});

describe("archive pages and a site without hubs", () => {
  it("archive pages name no hub, in the document or the Link header", async () => {
    for (const folder of FOLDERS) {
      for (const file of FILES) {
        const path = `${folder}/archive/1/${file}`;
        const { body, link } = await fetchDocument(path, WEBSUB_HUBS);
        expect(link, path).not.toContain('rel="hub"');
        for (const hub of ["pubsubhubbub.appspot.com", "websub.example.net"])
          expect(body, path).not.toContain(hub);
        if (file === "feed.json") expect(JSON.parse(body), path).not.toHaveProperty("hubs");
      }
    }
  });

  it("with no hub configured, no feed mentions hubs, and the bytes are those of an empty variable", async () => {
    for (const folder of FOLDERS) {
      for (const file of FILES) {
        const path = `${folder}/${file}`;
        const unset = await fetchDocument(path, undefined);
        expect(unset.body, path).not.toMatch(/rel="hub"|"hubs"/);
        expect(unset.link, path).not.toContain('rel="hub"');
        expect(await fetchDocument(path, ""), path).toEqual(unset);
      }
    }
  });
});
