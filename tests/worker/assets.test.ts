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
    // RSS 2.0: width at most 144 and height at most 400; the icon is square.
    expect(rss).toEqual({
      url: `${origin}/icon-144.png`,
      title: "The Meridian Dispatch",
      link: `${origin}/`,
      width: 144,
      height: 144,
    });
    const feed = xml.parse(await (await get("/atom.xml")).text()).feed;
    expect(feed.icon).toBe(`${origin}/icon-144.png`);
    expect(feed.logo).toBe(`${origin}/logo.png`);
    const json = (await (await get("/feed.json")).json()) as { icon: string; favicon: string };
    expect(json.icon).toBe(`${origin}/icon-512.png`);
    expect(json.favicon).toBe(`${origin}/icon-64.png`);
    const sizes: [string, number, number][] = [
      [rss.url, 144, 144],
      [feed.icon, 144, 144],
      [feed.logo, 512, 256],
      [json.icon, 512, 512],
      [json.favicon, 64, 64],
    ];
    for (const [url, width, height] of sizes) {
      const response = await get(new URL(url).pathname);
      expect(response.status, url).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/png");
      expect(pngSize(new Uint8Array(await response.arrayBuffer())), url).toEqual([width, height]);
    }
  });

  it("the apple-touch icon is a 180 px PNG with no transparent corner, and the favicon.ico holds the 64 px PNG", async () => {
    const apple = await get("/apple-touch-icon.png");
    expect(apple.status).toBe(200);
    expect(apple.headers.get("content-type")).toBe("image/png");
    const bytes = new Uint8Array(await apple.arrayBuffer());
    expect(pngSize(bytes)).toEqual([180, 180]);
    // RGB or a palette, with no alpha and no transparent palette entry: iOS fills them with black.
    expect([2, 3]).toContain(bytes[25]);
    expect(new TextDecoder("latin1").decode(bytes)).not.toContain("tRNS");
    const ico = await get("/favicon.ico");
    expect(ico.headers.get("content-type")).toBe("image/x-icon");
    const icoBytes = new Uint8Array(await ico.arrayBuffer());
    expect(pngSize(icoBytes.subarray(22))).toEqual([64, 64]);
  });

  it("every page links the favicon, the SVG icon and the apple-touch icon, and each link answers", async () => {
    const page = await (await get("/")).text();
    const links = [...page.matchAll(/<link rel="(icon|apple-touch-icon)" href="([^"]+)"/g)].map((match) => [
      match[1],
      match[2],
    ]);
    expect(links).toEqual([
      ["icon", "/favicon.ico"],
      ["icon", "/favicon.svg"],
      ["apple-touch-icon", "/apple-touch-icon.png"],
    ]);
    for (const [, href] of links) {
      const response = await get(href ?? "");
      expect(response.status, href).toBe(200);
      await response.arrayBuffer();
    }
  });
});

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(bytes: Uint8Array): [number, number] {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return [view.getUint32(16), view.getUint32(20)];
}
