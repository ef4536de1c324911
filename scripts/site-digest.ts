/**
 * `npm run digest [-- --out FILE] [--check FILE]`: every response the worker gives, as one line per
 * request (method, path, request variant, status, every header, SHA-256 of the body), for the seed
 * content and for the 307-article synthetic corpus with a renamed article. A restructuring that
 * must not change behaviour is checked by saving the digest before it and comparing after:
 *
 *   npm run digest -- --out /tmp/before.txt   (on the old code)
 *   npm run digest -- --check /tmp/before.txt (on the new code: exits 1 and prints the differences)
 *
 * The clock is fixed, so the same content gives the same digest.
 */
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { BuiltContent } from "../src/content/built-content";
import { buildContent, loadContentFiles } from "../src/content/load-content";
import { createApp } from "../src/http/app";
import { createMemoryStore } from "../src/store/memory-store";
import { generateCorpus } from "./lib/synthetic-corpus";

const ORIGIN = "https://news.example.com";
const env = { SITE_ORIGIN: ORIGIN };
const NOW = Date.parse("2030-01-01T00:00:00Z");

const navigation = { "Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate" };

type App = ReturnType<typeof createApp>;

async function describeResponse(
  app: App,
  method: string,
  path: string,
  variant: string,
  headers: Record<string, string>,
) {
  const response = await app.request(path, { method, headers }, env);
  const body = new Uint8Array(await response.arrayBuffer());
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 16);
  const headerText = [...response.headers].map(([name, value]) => `${name}: ${value}`).join(" | ");
  return {
    line: `${method} ${path} [${variant}] → ${response.status} ${hash} ${headerText}`,
    response,
    body,
  };
}

/** Every URL a crawler can find: the feeds, pages and archives of every family, plus edge cases. */
async function digestSite(label: string, content: BuiltContent): Promise<string[]> {
  const app = createApp({ storeFor: () => createMemoryStore(content), now: () => NOW });
  const lines: string[] = [`# ${label}: ${content.articles.length} articles`];
  const opml = new TextDecoder().decode(
    (await describeResponse(app, "GET", "/feeds.opml", "plain", {})).body,
  );
  const folders = new Set<string>([""]);
  for (const match of opml.matchAll(/xmlUrl="([^"]+)\/(?:feed\.xml|atom\.xml|feed\.json)"/g)) {
    folders.add(new URL(`${match[1]}/`).pathname.replace(/\/$/, ""));
  }
  const paths: string[] = ["/", "/feeds", "/feeds.opml", "/assets/site.js", "/favicon.svg", "/icon-64.png"];
  for (const folder of [...folders].sort()) {
    if (folder !== "") paths.push(`${folder}/`, folder, folder.toUpperCase());
    for (const file of ["feed.xml", "atom.xml", "feed.json"]) {
      paths.push(`${folder}/${file}`);
      for (let page = 0; page <= 40; page++) {
        const archive = `${folder}/archive/${page}/${file}`;
        const { response } = await describeResponse(app, "GET", archive, "probe", {});
        if (response.status === 200 || page <= 1) paths.push(archive);
        if (response.status !== 200 && page >= 1) break;
      }
    }
  }
  for (const article of content.articles) {
    paths.push(`/articles/${article.slug}`, `/s/${article.shortCode}`);
    for (const former of article.formerSlugs) paths.push(`/articles/${former}`);
  }
  paths.push(
    "/rss",
    "/feed/",
    "/atom",
    "/json",
    "/nope",
    "/articles/nope",
    "/s/zzzzzzzz",
    "/tags/",
    "/feed.xml?limit=5",
  );
  for (const path of paths) {
    const plain = await describeResponse(app, "GET", path, "plain", {});
    lines.push(plain.line);
    lines.push((await describeResponse(app, "HEAD", path, "plain", {})).line);
    const etag = plain.response.headers.get("etag");
    if (etag) lines.push((await describeResponse(app, "GET", path, "inm", { "If-None-Match": etag })).line);
    const lastModified = plain.response.headers.get("last-modified");
    if (lastModified)
      lines.push(
        (await describeResponse(app, "GET", path, "ims", { "If-Modified-Since": lastModified })).line,
      );
    if (/\.(xml|json)$/.test(path))
      lines.push((await describeResponse(app, "GET", path, "view", navigation)).line);
  }
  lines.push((await describeResponse(app, "POST", "/feed.xml", "plain", {})).line);
  lines.push(
    (
      await describeResponse(app, "OPTIONS", "/feed.xml", "preflight", {
        Origin: "https://reader.example",
        "Access-Control-Request-Method": "GET",
      })
    ).line,
  );
  return lines;
}

async function digest(): Promise<string> {
  const seed = buildContent(await loadContentFiles(new URL("../content", import.meta.url).pathname));
  const files = generateCorpus({ count: 307, seed: 42 });
  const [firstName, firstSource] = Object.entries(files)[0] ?? ["", ""];
  files[firstName] = firstSource.replace(/^---\n/, "---\nformer_slugs: [an-old-headline]\n");
  const corpus = buildContent(files);
  const lines = [...(await digestSite("seed", seed)), ...(await digestSite("corpus", corpus))];
  return `${lines.join("\n")}\n`;
}

const { values } = parseArgs({ options: { out: { type: "string" }, check: { type: "string" } } });
const text = await digest();
if (values.out) {
  await writeFile(values.out, text);
  console.log(`${text.split("\n").length - 1} responses written to ${values.out}`);
} else if (values.check) {
  const before = (await readFile(values.check, "utf8")).split("\n");
  const after = text.split("\n");
  const differences: string[] = [];
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    if (before[i] !== after[i]) differences.push(`- ${before[i] ?? "(none)"}\n+ ${after[i] ?? "(none)"}`);
  }
  if (differences.length > 0) {
    console.log(
      `${differences.length} of ${after.length - 1} responses differ:\n${differences.slice(0, 40).join("\n")}`,
    );
    process.exit(1);
  }
  console.log(`all ${after.length - 1} responses identical to ${values.check}`);
} else {
  process.stdout.write(text);
}
