import { exports } from "cloudflare:workers";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";

const origin = "http://localhost:8787";

function get(path: string): Promise<Response> {
  return exports.default.fetch(new Request(origin + path));
}

describe("site icon", () => {
  it.each([
    [512, "/icon-512.png"],
    [144, "/icon-144.png"],
    [64, "/icon-64.png"],
  ])("a %i px PNG is served at %s", async (size, path) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("cache-control")).toBe("public, max-age=86400");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([size, size]);
  });

  it("the SVG favicon is served", async () => {
    const response = await get("/favicon.svg");
    expect(response.headers.get("content-type")).toBe("image/svg+xml");
    expect(await response.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it("every feed format names the icon, and the URLs it names answer 200", async () => {
    const xml = new XMLParser({ ignoreAttributes: false });
    const rss = xml.parse(await (await get("/feed.xml")).text()).rss.channel.image;
    expect(rss).toEqual({
      title: "The Meridian Dispatch",
      url: `${origin}/icon-144.png`,
      link: `${origin}/`,
    });
    const atom = xml.parse(await (await get("/atom.xml")).text()).feed.icon;
    expect(atom).toBe(`${origin}/icon-144.png`);
    const json = (await (await get("/feed.json")).json()) as { icon: string; favicon: string };
    expect(json.icon).toBe(`${origin}/icon-512.png`);
    expect(json.favicon).toBe(`${origin}/icon-64.png`);
    for (const url of [rss.url, atom, json.icon, json.favicon]) {
      const response = await get(new URL(url).pathname);
      expect(response.status, url).toBe(200);
      await response.arrayBuffer();
    }
  });
});
