/**
 * `npm run content`: validates and renders content/*.md, printing every problem in every file at
 * once (exit 1), and writes the result to .wrangler/build/content.json, which the workerd tests
 * publish into their D1 database. `npm run publish` runs the same validation before it writes.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { ContentError } from "../src/content/load-content";
import { buildDirectory } from "./lib/fast-build";

const root = path.resolve(import.meta.dirname, "..");
// Both may be absolute or relative to the repository root (the benchmark builds a synthetic corpus).
const contentDir = path.resolve(root, process.env.CONTENT_DIR || "content");
const outFile = path.resolve(root, process.env.CONTENT_OUT || ".wrangler/build/content.json");

try {
  const build = await buildDirectory(contentDir);
  const { stats } = build;
  for (const warning of build.warnings) console.error(`warning: ${warning}`);
  const content = await build.load();
  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, `${JSON.stringify(content)}\n`);
  console.log(
    `content: ${content.articles.length} articles (${stats.parsed} parsed, ${stats.cached} from the cache), version ${content.version} → ${path.relative(root, outFile)}`,
  );
} catch (error) {
  if (error instanceof ContentError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
