import { describe, expect, it } from "vitest";
import { isNotModified, notModifiedHeaders, parseHttpDate } from "../../src/documents/conditional";

const epoch = Date.parse("1994-11-06T08:49:37Z");

describe("parseHttpDate", () => {
  it.each(["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"])(
    "accepts the RFC 9110 form %j",
    (value) => expect(parseHttpDate(value)).toBe(epoch),
  );

  it.each([
    "1994-11-06T08:49:37Z",
    "yesterday",
    "Sun, 06 Nov 1994 08:49:37 +0000",
    "Sun, 6 Nov 1994 08:49:37 GMT",
    "",
  ])("ignores %j", (value) => expect(parseHttpDate(value)).toBeUndefined());
});

describe("isNotModified", () => {
  const validators = { etag: '"abc"', lastModified: "Sun, 06 Nov 1994 08:49:37 GMT" };
  const request = (headers: Record<string, string>, method = "GET") => ({
    method,
    header: (name: string) => headers[name],
  });

  it.each([
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ["*", true],
    ['"abcd"', false],
    ["abc", false],
  ])("If-None-Match %s → %s", (value, expected) => {
    expect(isNotModified(request({ "If-None-Match": value }), validators)).toBe(expected);
  });

  it("If-Modified-Since is ignored when If-None-Match is present", () => {
    expect(
      isNotModified(
        request({ "If-None-Match": '"nope"', "If-Modified-Since": validators.lastModified }),
        validators,
      ),
    ).toBe(false);
  });

  it("If-Modified-Since compares with Last-Modified, and needs one", () => {
    expect(isNotModified(request({ "If-Modified-Since": "Sun, 06 Nov 1994 08:49:36 GMT" }), validators)).toBe(
      false,
    );
    expect(isNotModified(request({ "If-Modified-Since": validators.lastModified }), validators)).toBe(true);
    expect(
      isNotModified(request({ "If-Modified-Since": validators.lastModified }), {
        etag: '"abc"',
        lastModified: undefined,
      }),
    ).toBe(false);
  });

  it("only GET and HEAD are answered 304", () => {
    expect(isNotModified(request({ "If-None-Match": "*" }, "HEAD"), validators)).toBe(true);
    expect(isNotModified(request({ "If-None-Match": "*" }, "POST"), validators)).toBe(false);
  });
});

describe("parseHttpDate: only the whole value counts", () => {
  it.each([
    // Date.parse reads every one of these; the shape check must not.
    ["IMF-fixdate with a trailing offset", "Sun, 06 Nov 1994 08:49:37 GMT+0100"],
    ["IMF-fixdate after another word", "xSun, 06 Nov 1994 08:49:37 GMT"],
    ["RFC 850 with a trailing offset", "Sunday, 06-Nov-94 08:49:37 GMT+0100"],
    ["RFC 850 after another word", "x Sunday, 06-Nov-94 08:49:37 GMT"],
    ["asctime after another day name", "Thu Sun Nov  6 08:49:37 1994"],
    ["asctime followed by a comment", "Sun Nov  6 08:49:37 1994 (x)"],
  ])("ignores %s", (_label, value) => {
    expect(Date.parse(value)).not.toBeNaN();
    expect(parseHttpDate(value)).toBeUndefined();
  });

  it("accepts a two-digit day in asctime form and surrounding whitespace", () => {
    expect(parseHttpDate("Wed Nov 16 08:49:37 1994")).toBe(Date.parse("1994-11-16T08:49:37Z"));
    expect(parseHttpDate("  Sun, 06 Nov 1994 08:49:37 GMT \t")).toBe(epoch);
  });
});

describe("isNotModified: edge cases", () => {
  const request = (headers: Record<string, string>, method = "GET") => ({
    method,
    header: (name: string) => headers[name],
  });

  it("is false without any conditional header, with or without Last-Modified", () => {
    const lastModified = "Sun, 06 Nov 1994 08:49:37 GMT";
    expect(isNotModified(request({}), { etag: '"abc"', lastModified })).toBe(false);
    expect(isNotModified(request({}), { etag: '"abc"', lastModified: undefined })).toBe(false);
  });

  it("reads * with surrounding whitespace as any representation", () => {
    expect(
      isNotModified(request({ "If-None-Match": " * " }), { etag: '"abc"', lastModified: undefined }),
    ).toBe(true);
  });

  it("compares a weak validator of ours by its opaque part, and only strips a leading W/", () => {
    const weak = { etag: 'W/"abc"', lastModified: undefined };
    expect(isNotModified(request({ "If-None-Match": '"abc"' }), weak)).toBe(true);
    expect(isNotModified(request({ "If-None-Match": 'W/"abc"' }), weak)).toBe(true);
    const inner = { etag: '"aW/b"', lastModified: undefined };
    expect(isNotModified(request({ "If-None-Match": '"aW/b"' }), inner)).toBe(true);
    expect(isNotModified(request({ "If-None-Match": '"ab"' }), inner)).toBe(false);
  });

  it("ignores an If-Modified-Since that is not an HTTP-date", () => {
    const validators = { etag: '"abc"', lastModified: "Sun, 06 Nov 1994 08:49:37 GMT" };
    expect(isNotModified(request({ "If-Modified-Since": "2100-01-01T00:00:00Z" }), validators)).toBe(false);
    expect(isNotModified(request({ "If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT" }), validators)).toBe(
      true,
    );
  });
});

describe("notModifiedHeaders", () => {
  it("keeps exactly the headers RFC 9110 lists for a 304, plus Last-Modified and Link, in any case", () => {
    const kept = {
      "cache-control": "public, max-age=300",
      "content-location": "/feed.xml",
      date: "Sun, 06 Nov 1994 08:49:37 GMT",
      etag: '"abc"',
      expires: "Sun, 06 Nov 1994 08:54:37 GMT",
      vary: "Sec-Fetch-Dest",
      "last-modified": "Sat, 05 Nov 1994 08:49:37 GMT",
      link: '</feed.xml>; rel="self"',
      "access-control-allow-origin": "*",
      "access-control-expose-headers": "ETag",
    };
    const dropped = {
      "content-type": "application/rss+xml",
      "content-length": "1234",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'",
    };
    const upper = Object.entries(kept).map(([name, value]): [string, string] => [name.toUpperCase(), value]);
    const headers = notModifiedHeaders([...upper, ...Object.entries(dropped)]);
    expect(headers).toEqual(upper);
  });

  it("leaves out what the 200 did not carry", () => {
    expect(
      notModifiedHeaders([
        ["ETag", '"abc"'],
        ["Content-Type", "text/html"],
      ]),
    ).toEqual([["ETag", '"abc"']]);
  });
});
