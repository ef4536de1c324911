import { defineConfig } from "vitest/config";

/**
 * The Node tests that StrykerJS runs against each mutant (`npm run mutation`, see stryker.config.mjs).
 * Only the test files written against the mutated modules: every static mutant (one in a
 * module-level constant such as the sanitiser's allowlist or the front matter schema) runs all of
 * them, and the whole Node suite (feed renderers, the app-level regression tests, html-validate,
 * the `npm run new` subprocesses) would take the run far past its time budget of about 20 minutes.
 */
export default defineConfig({
  test: {
    name: "mutation",
    environment: "node",
    // The same zone as the "node" project in vitest.config.ts: code that reads or writes local time
    // by mistake then fails here too.
    env: { TZ: "America/St_Johns" },
    include: [
      // conditional requests
      "tests/unit/conditional.test.ts",
      // caching and documents
      "tests/unit/cache-control.test.ts",
      "tests/unit/documents.test.ts",
      "tests/unit/shared-cache.test.ts",
      "tests/unit/lru.test.ts",
      "tests/unit/catalog.test.ts",
      // archive planning
      "tests/unit/archive-plan.test.ts",
      "tests/unit/feed-document-plan.test.ts",
      // scheduling and what is visible
      "tests/unit/store.test.ts",
      "tests/unit/memory-store.test.ts",
      "tests/unit/site-schedule.test.ts",
      // content validation and sanitising
      "tests/unit/content-validation.test.ts",
      "tests/unit/lenient-build.test.ts",
      "tests/unit/render-markdown.test.ts",
      "tests/unit/sanitise.test.ts",
      "tests/unit/hardening-content.test.ts",
      // language tags
      "tests/unit/language.test.ts",
      // corrections and retractions (content, memory store, archive places)
      "tests/unit/corrections.test.ts",
      "tests/unit/retractions.test.ts",
    ],
  },
});
