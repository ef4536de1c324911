import { describe, expect, it } from "vitest";
import { resolveSiteConfig, siteSettings } from "../../src/config/site";

describe("resolveSiteConfig", () => {
  it("takes the origin from SITE_ORIGIN, without a trailing slash", () => {
    expect(resolveSiteConfig({ SITE_ORIGIN: "https://news.example.com/" })).toEqual({
      ...siteSettings,
      origin: "https://news.example.com",
      hubs: [],
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

  describe("WEBSUB_HUBS", () => {
    const hubsOf = (value: string | undefined) =>
      resolveSiteConfig({ SITE_ORIGIN: "https://news.example.com", WEBSUB_HUBS: value }).hubs;

    it("is none when unset or blank", () => {
      expect(hubsOf(undefined)).toEqual([]);
      expect(hubsOf("")).toEqual([]);
      expect(hubsOf(" \n, ")).toEqual([]);
    });

    it("lists hubs separated by white space or commas, as the URL parser writes them, each once", () => {
      expect(
        hubsOf(
          "https://pubsubhubbub.appspot.com,\thttps://WebSub.Example/hub?x=1\nhttps://pubsubhubbub.appspot.com/",
        ),
      ).toEqual(["https://pubsubhubbub.appspot.com/", "https://websub.example/hub?x=1"]);
    });

    it("takes http:// only for a stand-in hub on this machine", () => {
      expect(hubsOf("http://127.0.0.1:9000/ http://localhost:9000/hub http://[::1]:9000/")).toEqual([
        "http://127.0.0.1:9000/",
        "http://localhost:9000/hub",
        "http://[::1]:9000/",
      ]);
    });

    it.each([
      "http://hub.example.com/",
      "ftp://hub.example.com/",
      "/hub",
      "pubsubhubbub.appspot.com",
      "https://user:secret@hub.example.com/",
      "https://hub.example.com/#publish",
    ])("refuses %j, naming the file, the variable, what it expects and what it found", (hub) => {
      expect(() => hubsOf(`https://pubsubhubbub.appspot.com/ ${hub}`)).toThrow(
        `wrangler.toml: WEBSUB_HUBS: expected absolute https:// hub URLs separated by spaces or commas, such as "https://pubsubhubbub.appspot.com/" (http:// only on 127.0.0.1 or localhost, for a stand-in hub), found ${JSON.stringify(hub)}`,
      );
    });
  });

  describe("WEBSUB_OWN_HUB", () => {
    const config = (value: string | undefined, hubs = "https://pubsubhubbub.appspot.com/") =>
      resolveSiteConfig({
        SITE_ORIGIN: "https://news.example.com",
        WEBSUB_HUBS: hubs,
        WEBSUB_OWN_HUB: value,
      });

    it('is off when unset or "false": no own hub, the configured hubs alone', () => {
      for (const value of [undefined, "false"]) {
        expect(config(value).ownHub).toBeUndefined();
        expect(config(value).hubs).toEqual(["https://pubsubhubbub.appspot.com/"]);
      }
    });

    it('adds <origin>/websub as the first hub when "true", alone or beside the others', () => {
      expect(config("true")).toMatchObject({
        ownHub: "https://news.example.com/websub",
        hubs: ["https://news.example.com/websub", "https://pubsubhubbub.appspot.com/"],
      });
      expect(config("true", "").hubs).toEqual(["https://news.example.com/websub"]);
      // Named in WEBSUB_HUBS as well: once.
      expect(config("true", "https://news.example.com/websub").hubs).toEqual([
        "https://news.example.com/websub",
      ]);
    });

    it.each(["TRUE", "yes", "1", ""])(
      "refuses %j, naming the file, the variable and what it expects",
      (value) => {
        expect(() => config(value)).toThrow(
          `wrangler.toml: WEBSUB_OWN_HUB: expected "true" or "false", found ${JSON.stringify(value)}`,
        );
      },
    );
  });
});
