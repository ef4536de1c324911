import { describe, expect, it } from "vitest";
import { jsonForScript } from "../../src/lib/escape";
import { canonicalLanguageTag, openGraphLocale, textDirection } from "../../src/lib/language";
import { languageAttributes } from "../../src/pages/language-attributes";

describe("canonicalLanguageTag", () => {
  it.each([
    ["en", "en"],
    ["EN-us", "en-US"],
    ["pt-br", "pt-BR"],
    ["zh-hant-tw", "zh-Hant-TW"],
    ["ar", "ar"],
    ["CKB", "ckb"],
    ["yue-hk", "yue-HK"],
    // Deprecated codes become their replacements.
    ["iw", "he"],
    ["in", "id"],
    ["no", "no"],
    ["sr-latn", "sr-Latn"],
    ["es-419", "es-419"],
    ["de-CH-1996", "de-CH-1996"],
  ])("%j is %j", (text, canonical) => {
    expect(canonicalLanguageTag(text)).toBe(canonical);
  });

  it.each([
    "",
    " en",
    "en_US",
    "english",
    "arabic",
    "farsi",
    "root",
    "e",
    "en-",
    "en--US",
    "123",
    "ar,en",
    "x-private",
    "i-klingon",
    "zh-yue",
  ])("refuses %j", (text) => {
    expect(canonicalLanguageTag(text)).toBeUndefined();
  });
});

describe("textDirection", () => {
  it.each([
    "ar",
    "he",
    "fa",
    "ur",
    "yi",
    "ps",
    "sd",
    "ug",
    "ckb",
    "dv",
    "ks",
    "syr",
    "nqo",
    "ar-EG",
    "fa-AF",
  ])("%s is written right to left", (tag) => {
    expect(textDirection(tag)).toBe("rtl");
  });

  it.each([
    ["ku-Arab", "rtl"],
    ["ms-Arab", "rtl"],
    ["pa-Arab", "rtl"],
    ["az-Arab", "rtl"],
    ["en-Hebr", "rtl"],
    ["ff-Adlm", "rtl"],
    ["ur-Aran", "rtl"],
    ["dv-Thaa", "rtl"],
    ["syr-Syrc", "rtl"],
    ["nqo-Nkoo", "rtl"],
    ["rhg-Rohg", "rtl"],
    ["myz-Mand", "rtl"],
    ["smp-Samr", "rtl"],
    ["ku-Yezi", "rtl"],
    ["ar-Latn", "ltr"],
    ["sd-Deva", "ltr"],
    ["fa-Latn", "ltr"],
    ["yi-Latn", "ltr"],
  ])("the script subtag of %s decides: %s", (tag, direction) => {
    expect(textDirection(tag)).toBe(direction);
  });

  it.each([
    ["az-IR", "rtl"],
    ["az", "ltr"],
    ["pa-PK", "rtl"],
    ["pa", "ltr"],
    ["uz-AF", "rtl"],
    ["uz", "ltr"],
  ])("without a script, the language's likely script in its region decides: %s is %s", (tag, direction) => {
    expect(textDirection(tag)).toBe(direction);
  });

  it.each([
    "en",
    "en-US",
    "fr",
    "de",
    "ru",
    "el",
    "hi",
    "ja",
    "zh-Hant",
    "ko",
    "tr",
    "ku",
    "am",
    "und",
    "qaa",
  ])("%s is written left to right", (tag) => {
    expect(textDirection(tag)).toBe("ltr");
  });
});

describe("openGraphLocale", () => {
  it.each([
    ["en", "en_US"],
    ["en-GB", "en_GB"],
    ["ar", "ar_EG"],
    ["fr", "fr_FR"],
    ["pt-BR", "pt_BR"],
    ["he", "he_IL"],
    ["zh-Hant", "zh_TW"],
    ["es-419", "es"],
    // A private-use language: no likely region.
    ["qaa", "qaa"],
  ])("%s is %s", (tag, locale) => {
    expect(openGraphLocale(tag)).toBe(locale);
  });
});

describe("languageAttributes", () => {
  it("marks nothing in the page's own language, which the element inherits", () => {
    expect(languageAttributes("en", "en")).toEqual({});
    expect(languageAttributes("ar", "ar")).toEqual({});
  });

  it("marks another language with its tag and direction", () => {
    expect(languageAttributes("ar", "en")).toEqual({ lang: "ar", dir: "rtl" });
    expect(languageAttributes("en-GB", "en")).toEqual({ lang: "en-GB", dir: "ltr" });
    expect(languageAttributes("en", "ar")).toEqual({ lang: "en", dir: "ltr" });
  });
});

describe("jsonForScript", () => {
  const hostile = [
    "</script><script>alert(1)</script>",
    "<!-- <script> -->",
    "</SCRIPT >",
    "quotes \" and ' and \\ backslash",
    "R&D &amp; &lt;",
    "line\u2028separator\u2029paragraph",
    "\u0000\u001f controls",
    "emoji 👨‍👩‍👧 and العربية",
  ];

  it.each(hostile)("round-trips %j exactly through JSON.parse", (text) => {
    const json = jsonForScript({ headline: text, nested: [{ name: text }] });
    expect(JSON.parse(json)).toEqual({ headline: text, nested: [{ name: text }] });
  });

  it("leaves no character that HTML's script parsing or old JavaScript would read", () => {
    const json = jsonForScript({ all: hostile });
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(json).toContain("\\u003c/script\\u003e");
    expect(json).toContain("\\u0026amp;");
    expect(json).toContain("\\u2028");
    expect(json).toContain("\\u2029");
  });

  it("changes nothing else that JSON.stringify writes", () => {
    const value = { a: "plain text, “quotes”, é", b: [1, true, null], c: { d: "x" } };
    expect(jsonForScript(value)).toBe(JSON.stringify(value));
  });
});
