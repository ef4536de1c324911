/**
 * The build step: validates and renders content/*.md into src/generated/content.json, which the
 * worker bundles. On any problem it prints them all and exits 1 without writing, so a broken article
 * never half-publishes.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { buildContent, ContentError, loadContentFiles } from "../src/content/load-content";

const root = path.resolve(import.meta.dirname, "..");
// Both may be absolute or relative to the repository root (the benchmark builds a synthetic corpus).
const contentDir = path.resolve(root, process.env.CONTENT_DIR || "content");
const outFile = path.resolve(root, process.env.CONTENT_OUT || "src/generated/content.json");

try {
  const content = buildContent(await loadContentFiles(contentDir));
  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, `${JSON.stringify(content)}\n`);
  console.log(
    `content: ${content.articles.length} articles, version ${content.version} → ${path.relative(root, outFile)}`,
  );
} catch (error) {
  if (error instanceof ContentError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
