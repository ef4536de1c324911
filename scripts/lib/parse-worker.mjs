// A worker thread of the parallel build: loads the TypeScript pipeline through tsx (workers do not
// inherit the parent's loader) and parses the files it is sent.
import { parentPort } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const { parseArticle } = await tsImport("../../src/content/parse-article.ts", import.meta.url);

parentPort?.on("message", (files) => {
  parentPort?.postMessage(files.map(([file, source]) => [file, parseArticle(file, source)]));
});
