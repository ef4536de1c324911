import { describe, expect, it } from "vitest";
import { resolveSiteConfig, siteSettings } from "../../src/config/site";

describe("resolveSiteConfig", () => {
  it("takes the origin from SITE_ORIGIN, without a trailing slash", () => {
    expect(resolveSiteConfig({ SITE_ORIGIN: "https://news.example.com/" })).toEqual({
      ...siteSettings,
      origin: "https://news.example.com",
    });
    expect(resolveSiteConfig({ SITE_ORIGIN: "http://localhost:8787" }).origin).toBe("http://localhost:8787");
  });

  it.each([
    [undefined, 'expected an absolute http(s) origin such as "https://news.example.com", found ""'],
    [
      "news.example.com",
      'expected an absolute http(s) origin such as "https://news.example.com", found "news.example.com"',
    ],
    [
      "ftp://news.example.com",
      'expected an origin with no path, query or fragment, such as "https://news.example.com", found "ftp://news.example.com"',
    ],
    [
      "https://news.example.com/site",
      'expected an origin with no path, query or fragment, such as "https://news.example.com", found "https://news.example.com/site"',
    ],
  ])("rejects %j, naming the file and the variable", (value, message) => {
    expect(() => resolveSiteConfig({ SITE_ORIGIN: value })).toThrow(`wrangler.toml: SITE_ORIGIN: ${message}`);
  });
});
