import path from "node:path";

/** The repository's root folder, where wrangler.toml, content/ and .wrangler/ are. */
export const root = path.resolve(import.meta.dirname, "../..");
