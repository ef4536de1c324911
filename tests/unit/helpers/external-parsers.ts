/**
 * Parsers that share no code with ours, in another language: Python's feedparser (what many
 * readers and aggregators use) and libxml2's xmllint. Each runs on a temporary file through
 * child_process. When a tool is missing, the tests that need it are skipped (describe.skipIf) and a
 * console message says so; CI installs them with `apt-get install -y python3-feedparser libxml2-utils`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const TIMEOUT_MS = 60_000;

interface Tool {
  available: boolean;
  /** The command that works, when available. */
  command: string;
  /** Why the tool is unavailable (empty when available). */
  reason: string;
}

/**
 * Debian's python3-feedparser installs into the system interpreter; a `python3` earlier on PATH
 * (pyenv, a virtualenv) may not see it, so /usr/bin/python3 is tried first.
 */
function findFeedparser(): Tool {
  // FEEDPARSER_PYTHON names the one interpreter to use (and lets a run check the skip path).
  const chosen = process.env.FEEDPARSER_PYTHON;
  const candidates = chosen ? [chosen] : ["/usr/bin/python3", "python3"];
  const failures: string[] = [];
  for (const command of [...new Set(candidates)]) {
    const result = spawnSync(command, ["-c", "import feedparser; print(feedparser.__version__)"], {
      encoding: "utf8",
      timeout: TIMEOUT_MS,
    });
    if (result.status === 0) return { available: true, command, reason: "" };
    const why = result.error ? result.error.message : (result.stderr.trim().split("\n").pop() ?? "");
    failures.push(`${command}: ${why}`);
  }
  return {
    available: false,
    command: "",
    reason: `no Python with feedparser (${failures.join("; ")}); install it with \`apt-get install -y python3-feedparser\``,
  };
}

function findXmllint(): Tool {
  const result = spawnSync("xmllint", ["--version"], { encoding: "utf8", timeout: TIMEOUT_MS });
  if (result.status === 0) return { available: true, command: "xmllint", reason: "" };
  const why = result.error ? result.error.message : result.stderr.trim();
  return {
    available: false,
    command: "",
    reason: `xmllint unavailable (${why}); install it with \`apt-get install -y libxml2-utils\``,
  };
}

/**
 * The sitemaps.org schemas (sitemap.xsd, siteindex.xsd) live beside the repository, in
 * ../shared/reference/schemas/ from its root, here and on CI.
 */
export const SCHEMA_DIR = path.resolve(import.meta.dirname, "../../../../shared/reference/schemas");

function findSchemaValidator(): Tool {
  const xmllint = findXmllint();
  if (!xmllint.available) return xmllint;
  const missing = ["sitemap.xsd", "siteindex.xsd"].filter((file) => !existsSync(path.join(SCHEMA_DIR, file)));
  if (missing.length > 0) {
    return { available: false, command: "", reason: `no ${missing.join(", ")} in ${SCHEMA_DIR}` };
  }
  return xmllint;
}

/** Python's standard-library robots.txt parser (urllib.robotparser), as many crawlers' authors use it. */
function findRobotParser(): Tool {
  for (const command of ["/usr/bin/python3", "python3"]) {
    const result = spawnSync(command, ["-c", "import urllib.robotparser"], {
      encoding: "utf8",
      timeout: TIMEOUT_MS,
    });
    if (result.status === 0) return { available: true, command, reason: "" };
  }
  return { available: false, command: "", reason: "no python3 with urllib.robotparser" };
}

export const feedparserTool: Tool = findFeedparser();
export const xmllintTool: Tool = findXmllint();
export const schemaTool: Tool = findSchemaValidator();
export const robotParserTool: Tool = findRobotParser();

/** Prints why a suite is skipped; call next to describe.skipIf(!tool.available). */
export function announceSkip(tool: Tool, what: string): void {
  if (!tool.available) console.warn(`SKIPPED: ${what}: ${tool.reason}`);
}

function withTempFile<T>(text: string, extension: string, use: (file: string) => T): T {
  const directory = mkdtempSync(path.join(tmpdir(), "feed-test-"));
  const file = path.join(directory, `feed.${extension}`);
  try {
    writeFileSync(file, text, "utf8");
    return use(file);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** libxml2's verdict: ok, with its complaints (well-formedness and namespace errors) otherwise. */
export function xmllint(xml: string): { ok: boolean; errors: string } {
  if (!xmllintTool.available) throw new Error(`xmllint: ${xmllintTool.reason}`);
  return withTempFile(xml, "xml", (file) => {
    const result = spawnSync(xmllintTool.command, ["--noout", "--nonet", file], {
      encoding: "utf8",
      timeout: TIMEOUT_MS,
    });
    if (result.error) throw result.error;
    return { ok: result.status === 0 && result.stderr.trim() === "", errors: result.stderr };
  });
}

/** libxml2's verdict on `xml` against the XML Schema `schemaFile` (a file name in SCHEMA_DIR). */
export function xmllintSchema(xml: string, schemaFile: string): { ok: boolean; errors: string } {
  if (!schemaTool.available) throw new Error(`xmllint --schema: ${schemaTool.reason}`);
  return withTempFile(xml, "xml", (file) => {
    const result = spawnSync(
      schemaTool.command,
      ["--noout", "--nonet", "--schema", path.join(SCHEMA_DIR, schemaFile), file],
      { encoding: "utf8", timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
    );
    if (result.error) throw result.error;
    // On success xmllint says "<file> validates" on stderr; anything else there is a complaint.
    const errors = result.stderr.replace(`${file} validates\n`, "");
    return { ok: result.status === 0 && errors.trim() === "", errors };
  });
}

export interface RobotsVerdict {
  /** Whether a crawler named `agent` may fetch each URL asked about, in order. */
  allowed: boolean[];
  sitemaps: string[] | null;
}

const robotsScript = `
import json, sys
from urllib.robotparser import RobotFileParser
text, agent, urls = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
parser = RobotFileParser()
parser.parse(text.splitlines())
sys.stdout.write(json.dumps({"allowed": [parser.can_fetch(agent, url) for url in urls], "sitemaps": parser.site_maps()}))
`;

/** What Python's urllib.robotparser makes of a robots.txt. */
export function robotParser(text: string, agent: string, urls: readonly string[]): RobotsVerdict {
  if (!robotParserTool.available) throw new Error(`robotparser: ${robotParserTool.reason}`);
  const result = spawnSync(robotParserTool.command, ["-c", robotsScript, text, agent, JSON.stringify(urls)], {
    encoding: "utf8",
    timeout: TIMEOUT_MS,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`robotparser failed (exit ${result.status}):\n${result.stderr}`);
  return JSON.parse(result.stdout) as RobotsVerdict;
}

export interface FpDetail {
  type: string | null;
  language: string | null;
  value: string | null;
}

export interface FpLink {
  rel: string | null;
  href: string | null;
  type: string | null;
}

export interface FpEntry {
  id: string | null;
  guidislink: boolean | null;
  title: string | null;
  title_detail: FpDetail | null;
  link: string | null;
  links: FpLink[];
  published: string | null;
  /** published_parsed as an RFC 3339 UTC string. */
  published_iso: string | null;
  updated: string | null;
  updated_iso: string | null;
  author: string | null;
  authors: string[];
  tags: { term: string | null; scheme: string | null; label: string | null }[];
  summary: string | null;
  summary_detail: FpDetail | null;
  content: FpDetail[];
  /** Media RSS and enclosures, as feedparser reads them (attribute names lower-cased). */
  media_content: Record<string, string>[];
  media_thumbnail: Record<string, string>[];
  media_credit: Record<string, string>[];
  enclosures: Record<string, string>[];
}

export interface FpResult {
  bozo: number;
  bozo_exception: string | null;
  version: string;
  encoding: string | null;
  feed: {
    id: string | null;
    title: string | null;
    title_detail: FpDetail | null;
    link: string | null;
    links: FpLink[];
    language: string | null;
    updated: string | null;
    updated_iso: string | null;
    authors: string[];
    subtitle: string | null;
    /** RSS <image>: href, title, link, width, height. */
    image: Record<string, unknown> | null;
    /** Atom icon and logo. */
    icon: string | null;
    logo: string | null;
  };
  entries: FpEntry[];
}

const feedparserScript = `
import json, sys, time
import feedparser

def iso(value):
    return None if value is None else time.strftime("%Y-%m-%dT%H:%M:%SZ", value)

def detail(value):
    if value is None:
        return None
    return {"type": value.get("type"), "language": value.get("language"), "value": value.get("value")}

def links(node):
    return [{"rel": l.get("rel"), "href": l.get("href"), "type": l.get("type")} for l in node.get("links", [])]

def authors(node):
    return [a.get("name") for a in node.get("authors", []) if a.get("name") is not None]

d = feedparser.parse(sys.argv[1])
f = d.feed
out = {
    "bozo": int(bool(d.bozo)),
    "bozo_exception": repr(d.get("bozo_exception")) if d.bozo else None,
    "version": d.get("version", ""),
    "encoding": d.get("encoding"),
    "feed": {
        "id": f.get("id"),
        "title": f.get("title"),
        "title_detail": detail(f.get("title_detail")),
        "link": f.get("link"),
        "links": links(f),
        "language": f.get("language"),
        "updated": f.get("updated"),
        "updated_iso": iso(f.get("updated_parsed")),
        "authors": authors(f),
        "subtitle": f.get("subtitle"),
        "image": f.get("image"),
        "icon": f.get("icon"),
        "logo": f.get("logo"),
    },
    "entries": [
        {
            "id": e.get("id"),
            "guidislink": e.get("guidislink"),
            "title": e.get("title"),
            "title_detail": detail(e.get("title_detail")),
            "link": e.get("link"),
            "links": links(e),
            "published": e.get("published"),
            "published_iso": iso(e.get("published_parsed")),
            "updated": e.get("updated"),
            "updated_iso": iso(e.get("updated_parsed")),
            "author": e.get("author"),
            "authors": authors(e),
            "tags": [{"term": t.get("term"), "scheme": t.get("scheme"), "label": t.get("label")} for t in e.get("tags", [])],
            "summary": e.get("summary"),
            "summary_detail": detail(e.get("summary_detail")),
            "content": [detail(c) for c in e.get("content", [])],
            "media_content": e.get("media_content", []),
            "media_thumbnail": e.get("media_thumbnail", []),
            "media_credit": e.get("media_credit", []),
            "enclosures": e.get("enclosures", []),
        }
        for e in d.entries
    ],
}
sys.stdout.write(json.dumps(out, ensure_ascii=True))
`;

/** What Python's feedparser makes of a feed document. */
export function feedparser(document: string): FpResult {
  if (!feedparserTool.available) throw new Error(`feedparser: ${feedparserTool.reason}`);
  return withTempFile(document, "xml", (file) => {
    const result = spawnSync(feedparserTool.command, ["-c", feedparserScript, file], {
      encoding: "utf8",
      timeout: TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`feedparser failed (exit ${result.status}):\n${result.stderr}`);
    return JSON.parse(result.stdout) as FpResult;
  });
}

/**
 * What feedparser makes of an Atom feed's RFC 6721 tombstones. feedparser (6.0) has no support for
 * them: it keeps the namespace the document binds to a prefix, and passes an unknown element of the
 * feed through as `<prefix>_<name>` with its attributes, each such element overwriting the one
 * before (so only the last tombstone shows). Entries it found are listed by id.
 */
export interface FpTombstones {
  bozo: number;
  namespaces: Record<string, string>;
  deletedEntry: { ref: string | null; when: string | null } | null;
  comment: string | null;
  entryIds: (string | null)[];
}

const tombstoneScript = `
import json, sys
import feedparser
d = feedparser.parse(sys.argv[1])
deleted = d.feed.get("at_deleted-entry")
sys.stdout.write(json.dumps({
    "bozo": int(bool(d.bozo)),
    "namespaces": dict(d.get("namespaces", {})),
    "deletedEntry": None if deleted is None else {"ref": deleted.get("ref"), "when": deleted.get("when")},
    "comment": d.feed.get("at_comment"),
    "entryIds": [e.get("id") for e in d.entries],
}))
`;

export function feedparserTombstones(document: string): FpTombstones {
  if (!feedparserTool.available) throw new Error(`feedparser: ${feedparserTool.reason}`);
  return withTempFile(document, "xml", (file) => {
    const result = spawnSync(feedparserTool.command, ["-c", tombstoneScript, file], {
      encoding: "utf8",
      timeout: TIMEOUT_MS,
    });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`feedparser failed (exit ${result.status}):\n${result.stderr}`);
    return JSON.parse(result.stdout) as FpTombstones;
  });
}

/**
 * libxml2's XPath over `xml`, matching elements by namespace URI and local name (xmllint cannot bind
 * prefixes on its command line): each node `expression` selects as xmllint prints it, trimmed (an
 * attribute as `name="value"`), or the value of a string expression.
 */
export function xmllintXpath(xml: string, expression: string): string[] {
  if (!xmllintTool.available) throw new Error(`xmllint: ${xmllintTool.reason}`);
  return withTempFile(xml, "xml", (file) => {
    const result = spawnSync(xmllintTool.command, ["--nonet", "--xpath", expression, file], {
      encoding: "utf8",
      timeout: TIMEOUT_MS,
    });
    if (result.error) throw result.error;
    // xmllint exits 10 when the expression selects nothing.
    if (result.status === 10) return [];
    if (result.status !== 0)
      throw new Error(`xmllint --xpath failed (exit ${result.status}):\n${result.stderr}`);
    return result.stdout
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "");
  });
}
