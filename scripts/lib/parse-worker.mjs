// A worker thread of the parallel build: loads the TypeScript pipeline through tsx (workers do not
// inherit the parent's loader), then parses and hashes the files it is sent (see parse-kept.ts),
// with what the build read of content/media/ (a list of [name, entry] pairs).
import { parentPort } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const { parseAndKeep } = await tsImport("./parse-kept.ts", import.meta.url);

parentPort?.on("message", ({ files, defaultAuthor, media }) => {
  const library = new Map(media);
  parentPort?.postMessage(
    files.map(([file, source]) => [file, parseAndKeep(file, source, defaultAuthor, library)]),
  );
});
