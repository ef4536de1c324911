import { describe, expect, it } from "vitest";
import { isNotModified, parseHttpDate } from "../../src/http/conditional";

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
