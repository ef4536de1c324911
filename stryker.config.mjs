// @ts-check
/**
 * Mutation testing (`npm run mutation`, not part of `npm test`): StrykerJS changes the modules where a
 * silent fault costs most, one small fault at a time, and checks that some Node test fails.
 *
 * Only the Node tests run here, through vitest.mutation.config.ts: the workerd tests (tests/worker,
 * @cloudflare/vitest-pool-workers) cannot run under Stryker, whose vitest runner needs vitest's
 * threads pool in Node to switch mutants on and to measure per-test coverage. The modules below are
 * plain functions, so Node tests of the same functions cover them (tests/unit).
 *
 * src/store/d1-store.ts and src/store/d1-publish.ts are not listed: they run only in workerd against
 * a D1 database, so no Node test can reach them under Stryker. tests/worker/d1-store.test.ts checks
 * them instead, answer for answer against the memory store (src/store/memory-store.ts, listed below).
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.mutation.config.ts" },
  coverageAnalysis: "perTest",
  concurrency: 2,
  mutate: [
    // conditional requests
    "src/documents/conditional.ts",
    // caching and documents
    "src/documents/document-cache.ts",
    "src/documents/rendered-document.ts",
    "src/documents/shared-cache.ts",
    "src/documents/cache-policy.ts",
    "src/lib/lru.ts",
    "src/site/catalog.ts",
    // archive planning
    "src/feeds/archive-plan.ts",
    "src/feeds/build-feed-document.ts",
    // scheduling and what is visible
    "src/site/published.ts",
    "src/store/memory-store.ts",
    // content validation
    "src/content/schema.ts",
    "src/content/parse-article.ts",
    "src/content/load-content.ts",
    // sanitising
    "src/content/render-markdown.ts",
    "src/content/xml-text.ts",
    // language tags: validation, text direction
    "src/lib/language.ts",
  ],
  ignorePatterns: ["dist", "reports", "test-artifacts", "bench-corpus", ".wrangler", ".probe"],
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  // The run fails (non-zero exit) when the mutation score is below `break`.
  thresholds: { high: 95, low: 85, break: 85 },
  timeoutMS: 10000,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
