/**
 * What an outside review found in HTTP, one class per block, and properties over arbitrary requests:
 * no 5xx for anything a request sends, no Location off the configured origin, no HTML view of a feed
 * for anything but a browser's navigation. The properties run with a fixed seed; FC_RUNS=5000 (and
 * FC_SEED) run them longer.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deployProblems, PLACEHOLDER_DATABASE_ID, PLACEHOLDER_ORIGIN } from "../../scripts/lib/deploy-check";
import { createApp } from "../../src/http/app";
import { createMemoryStore } from "../../src/store/memory-store";
import { buildCorpus, env, evenCorpus } from "./helpers/corpus";
import { ORIGIN } from "./helpers/feeds";

const content = buildCorpus(evenCorpus(25), {
  "story-0002": { tags: ["Iran", "C++"], section: "Middle East", former_slugs: ["old-story"] },
});
const app = createApp({ storeFor: () => createMemoryStore(content) });
const code = content.articles.find((article) => article.slug === "story-0003")?.shortCode ?? "";

const redirects: [string, string][] = [
  ["/rss", "/feed.xml"],
  ["/feed/", "/feed.xml"],
  ["/atom", "/atom.xml"],
  ["/sections/desk", "/sections/desk/"],
  ["/sections/Middle-East", "/sections/middle-east/"],
  ["/sections/MIDDLE-EAST/", "/sections/middle-east/"],
  ["/tags/IRAN/feed.xml", "/tags/iran/feed.xml"],
  ["/tags/Iran/archive/1/atom.xml", "/tags/iran/archive/1/atom.xml"],
  ["/articles/old-story", "/articles/story-0002"],
  [`/s/${code}`, "/articles/story-0003"],
  [`/s/${code.toUpperCase()}`, "/articles/story-0003"],
];

describe("redirects lead to the configured origin, whatever the request says its host is", () => {
  it.each(redirects)("%s → %s", async (from, to) => {
    for (const request of [
      new Request(`http://evil.example${from}`),
      new Request(`https://news.example.com.evil.example${from}`, {
        headers: { "X-Forwarded-Host": "evil.example" },
      }),
      new Request(`http://localhost:8787${from}`, { headers: { Host: "evil.example" } }),
    ]) {
      const response = await app.fetch(request, env);
      expect(response.status).toBe(301);
      expect(response.headers.get("location")).toBe(`${ORIGIN}${to}`);
    }
  });

  it("a family page typed without its slash and with capitals takes one move, not two", async () => {
    const first = await app.request("/sections/Middle-East", {}, env);
    const target = new URL(first.headers.get("location") ?? "");
    expect((await app.request(target.pathname, {}, env)).status).toBe(200);
  });
});

describe("every response carries the security and CORS headers", () => {
  it.each(["POST", "PUT", "DELETE", "PATCH", "PROPFIND"])(
    "%s answers 405 with Allow, CORS and security headers",
    async (method) => {
      const response = await app.request("/feed.xml", { method }, env);
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    },
  );

  it("OPTIONS still says which methods there are", async () => {
    const plain = await app.request("/feed.xml", { method: "OPTIONS" }, env);
    expect(plain.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    const preflight = await app.request(
      "/feed.xml",
      {
        method: "OPTIONS",
        headers: { Origin: "https://reader.example", "Access-Control-Request-Method": "GET" },
      },
      env,
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });
});

describe("pages for browsers, text for programs", () => {
  const navigation = { "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document" };

  it("an unknown address gives a browser a page of the site and a program the short text", async () => {
    const page = await app.request("/no/such/page", { headers: navigation }, env);
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toBe("text/html; charset=UTF-8");
    expect(page.headers.get("vary")).toContain("Sec-Fetch-Mode");
    const html = await page.text();
    expect(html).toContain("<h1>Page not found</h1>");
    expect(html).toContain(`href="${ORIGIN}/feed.xml"`);
    const older = await app.request(
      "/no/such/page",
      { headers: { Accept: "text/html,application/xhtml+xml" } },
      env,
    );
    expect(older.headers.get("content-type")).toBe("text/html; charset=UTF-8");
    const text = await app.request("/no/such/page", { headers: { Accept: "application/rss+xml, */*" } }, env);
    expect(text.headers.get("content-type")).toBe("text/plain; charset=UTF-8");
    expect(await text.text()).toContain("/feed.xml");
  });

  it("/favicon.ico is an icon file holding the site icon", async () => {
    const response = await app.request("/favicon.ico", {}, env);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/x-icon");
    const bytes = new Uint8Array(await response.arrayBuffer());
    const view = new DataView(bytes.buffer);
    expect([view.getUint16(0, true), view.getUint16(2, true), view.getUint16(4, true)]).toEqual([0, 1, 1]);
    expect(bytes[6]).toBe(64);
    expect(view.getUint32(14, true)).toBe(bytes.byteLength - 22);
    // The image itself is a PNG.
    expect([...bytes.subarray(22, 26)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it("a family feed's view names the site once in the window title", async () => {
    const view = await (await app.request("/tags/iran/feed.xml", { headers: navigation }, env)).text();
    expect(view).toContain("<title>Iran · The Meridian Dispatch</title>");
    const archive = await (await app.request("/archive/1/feed.xml", { headers: navigation }, env)).text();
    expect(archive).toContain("<title>Feed: archive page 1 · The Meridian Dispatch</title>");
    const site = await (await app.request("/feed.xml", { headers: navigation }, env)).text();
    expect(site).toContain("<title>The Meridian Dispatch</title>");
  });
});

describe("npm run deploy refuses the example settings", () => {
  it("names the origin and the database id to change", () => {
    expect(
      deployProblems({
        environment: "production",
        origin: PLACEHOLDER_ORIGIN,
        databaseIds: [PLACEHOLDER_DATABASE_ID],
        mediaBuckets: ["feed-publisher-media"],
      }),
    ).toEqual([
      expect.stringContaining("SITE_ORIGIN: expected your site's https:// origin, found the example"),
      expect.stringContaining("database_id: expected the id `npx wrangler d1 create feed-publisher` prints"),
    ]);
    expect(
      deployProblems({
        environment: "production",
        origin: "http://localhost:8787",
        databaseIds: ["x"],
        mediaBuckets: ["media"],
      }),
    ).toHaveLength(1);
    expect(
      deployProblems({ environment: "production", origin: undefined, databaseIds: [], mediaBuckets: [] }),
    ).toEqual([
      expect.stringContaining("SITE_ORIGIN: expected your site's https:// origin, found none"),
      expect.stringContaining("d1_databases: expected the D1 database bound as DB, found none"),
      "wrangler.toml [env.production]: r2_buckets: expected the R2 bucket of images bound as MEDIA (`npx wrangler r2 bucket create feed-publisher-media`), found none",
    ]);
    expect(
      deployProblems({
        environment: "production",
        origin: "https://news.meridian.example",
        databaseIds: ["0d7c…"],
        language: "pt-BR",
        mediaBuckets: ["feed-publisher-media"],
      }),
    ).toEqual([]);
  });

  it("names a site language that is no language tag", () => {
    expect(
      deployProblems({
        environment: "production",
        origin: "https://news.meridian.example",
        databaseIds: ["0d7c…"],
        language: "Portuguese",
        mediaBuckets: ["feed-publisher-media"],
      }),
    ).toEqual([
      'src/config/site.ts: language: expected a BCP 47 language tag such as "en" or "pt-BR", found "Portuguese"',
    ]);
  });
});

const runs = Number(process.env.FC_RUNS ?? 300);
const seed = Number(process.env.FC_SEED ?? 20261201);

/** Paths built from the site's own vocabulary, and from anything at all. */
const segment = fc.oneof(
  fc.constantFrom(
    "feed.xml",
    "atom.xml",
    "feed.json",
    "tags",
    "sections",
    "authors",
    "archive",
    "articles",
    "s",
    "1",
    "0",
    "01",
    "iran",
    "IRAN",
    "..",
    ".",
    "%2F",
    "%00",
    "%E2%80%AE",
    "feed",
    "rss",
  ),
  fc.string({ unit: "binary", maxLength: 12 }).map((text) => encodeURIComponent(text)),
);
const pathArbitrary = fc
  .array(segment, { maxLength: 6 })
  .chain((parts) => fc.constantFrom("", "/").map((end) => `/${parts.join("/")}${end}`));
const headerValue = fc
  .string({ unit: "binary-ascii", maxLength: 40 })
  .map((text) => text.replace(/[\r\n\0]/g, ""));
const headersArbitrary = fc.record(
  {
    "If-None-Match": fc.oneof(headerValue, fc.constantFrom("*", 'W/"x"', '"', ",,,")),
    "If-Modified-Since": fc.oneof(headerValue, fc.constant("Sun, 06 Nov 1994 08:49:37 GMT")),
    Accept: fc.oneof(headerValue, fc.constantFrom("text/html", "application/rss+xml", "*/*")),
    "Sec-Fetch-Mode": fc.constantFrom("navigate", "cors", "no-cors", "same-origin"),
    "Sec-Fetch-Dest": fc.constantFrom("document", "empty", "iframe", "image"),
    Host: fc.constantFrom("evil.example", "localhost", "news.example.com"),
  },
  { requiredKeys: [] },
);

describe("properties over arbitrary requests", () => {
  it("no 5xx, no Location off the origin, no HTML view of a feed for a non-navigation", async () => {
    await fc.assert(
      fc.asyncProperty(
        pathArbitrary,
        fc.constantFrom("GET", "HEAD", "OPTIONS", "POST", "TRACE"),
        headersArbitrary,
        async (path, method, headers) => {
          let response: Response;
          try {
            response = await app.fetch(new Request(`http://localhost${path}`, { method, headers }), env);
          } catch (error) {
            // A path the URL parser itself refuses never reaches the worker.
            if (error instanceof TypeError) return;
            throw error;
          }
          expect(response.status).toBeLessThan(500);
          const location = response.headers.get("location");
          if (location !== null) expect(new URL(location).origin).toBe(ORIGIN);
          const type = response.headers.get("content-type") ?? "";
          const navigation =
            headers["Sec-Fetch-Mode"] === "navigate" && headers["Sec-Fetch-Dest"] === "document";
          if (
            /\.(xml|json)$/.test(new URL(`http://localhost${path}`).pathname) &&
            response.status === 200 &&
            !navigation
          ) {
            expect(type).not.toContain("text/html");
          }
          await response.arrayBuffer();
        },
      ),
      { numRuns: runs, seed },
    );
  });
});
