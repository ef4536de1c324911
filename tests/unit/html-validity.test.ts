import { HtmlValidate } from "html-validate";
import { beforeAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../../scripts/lib/synthetic-corpus";
import { buildContent, loadContentFiles } from "../../src/content/load-content";
import { createApp } from "../../src/http/app";
import { createMemoryStore } from "../../src/store/memory-store";
import { CONTENT_DIR } from "./helpers/feeds";

// Every kind of page the site serves, checked by an independent HTML validator (its standard rules
// plus its accessibility rules), on the seed content and on a synthetic corpus with archives.
const env = { SITE_ORIGIN: "https://news.example.com" };
const navigation = { "Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate" };
const validator = new HtmlValidate({ extends: ["html-validate:standard", "html-validate:a11y"] });

type App = ReturnType<typeof createApp>;
let seed: App;
let corpus: App;
let corpusArticle: string;

beforeAll(async () => {
  const seedContent = buildContent(await loadContentFiles(CONTENT_DIR));
  seed = createApp({ storeFor: () => createMemoryStore(seedContent) });
  const built = buildContent(generateCorpus({ count: 40, seed: 3 }));
  corpus = createApp({
    storeFor: () => createMemoryStore(built),
    now: () => Date.parse("2030-01-01T00:00:00Z"),
  });
  corpusArticle = `/articles/${built.articles[0]?.slug}`;
});

async function problems(app: App, path: string, headers: Record<string, string> = {}): Promise<string[]> {
  const response = await app.request(path, { headers }, env);
  expect(response.status, path).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
  const report = await validator.validateString(await response.text(), path);
  return report.results.flatMap((result) =>
    result.messages.map((m) => `${m.ruleId}: ${m.message} (${m.line}:${m.column})`),
  );
}

describe("HTML validity", () => {
  it.each([
    ["/", {}],
    ["/articles/iran-president-calls-for-expanded-ties-with-russia", {}],
    ["/tags/iran/", {}],
    ["/sections/world/", {}],
    ["/authors/meridian-dispatch-staff/", {}],
    ["/feeds", {}],
    ["/feed.xml", navigation],
    ["/feed.json", navigation],
  ])("seed site: %s is valid", async (path, headers) => {
    expect(await problems(seed, path, headers)).toEqual([]);
  });

  it("synthetic corpus: listing, feeds page, an article and an archive page's browser view are valid", async () => {
    for (const [path, headers] of [
      ["/", {}],
      ["/feeds", {}],
      [corpusArticle, {}],
      ["/archive/1/atom.xml", navigation],
    ] as const) {
      expect(await problems(corpus, path, headers), path).toEqual([]);
    }
  });
});
