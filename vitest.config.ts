import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Two projects: the build pipeline and renderers run in Node (where the build runs); the worker
// runs in workerd with the same wrangler.toml that deploys it.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          include: ["tests/unit/**/*.test.{ts,tsx}"],
          environment: "node",
        },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })],
        test: {
          name: "workerd",
          include: ["tests/worker/**/*.test.{ts,tsx}"],
        },
      },
    ],
  },
});
