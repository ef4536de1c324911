/** Every workerd test file starts with the schema applied and the seed content published in D1. */
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { siteSettings } from "../../../src/config/site";
import type { BuiltContent } from "../../../src/content/built-content";
import { d1Target, publishContent } from "../../../src/store/d1-publish";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await publishContent(d1Target(env.DB), JSON.parse(env.SEED_CONTENT) as BuiltContent, siteSettings);
