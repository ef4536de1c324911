import { describe, expect, it } from "vitest";
import { firstParagraphText, renderMarkdown, resolveLink } from "../../src/content/render-markdown";
import { resolveSiteUrls, SITE_ORIGIN_MARKER } from "../../src/content/site-urls";
import { stripUnwantedXmlChars } from "../../src/content/xml-text";

const PAGE = "/articles/talks-resume";
const M = SITE_ORIGIN_MARKER;
const render = (source: string, dateline?: string) => renderMarkdown(source, PAGE, dateline);

describe("renderMarkdown: CommonMark", () => {
  it("renders blocks and inlines", () => {
    const source = [
      "## Talks resume",
      "",
      "Negotiators *returned* to **Cairo**,",
      "on `Saturday`.  ",
      "Hard break above.",
      "",
      "> A quotation",
      "",
      "- one",
      "- two",
      "",
      "3. three",
      "",
      "```ts",
      "const x = 1 < 2;",
      "```",
      "",
      "---",
    ].join("\n");
    expect(render(source)).toBe(
      [
        "<h2>Talks resume</h2>",
        "<p>Negotiators <em>returned</em> to <strong>Cairo</strong>,",
        "on <code>Saturday</code>.<br />",
        "Hard break above.</p>",
        "<blockquote>",
        "<p>A quotation</p>",
        "</blockquote>",
        "<ul>",
        "<li>one</li>",
        "<li>two</li>",
        "</ul>",
        '<ol start="3">',
        "<li>three</li>",
        "</ol>",
        '<pre><code class="language-ts">const x = 1 &lt; 2;',
        "</code></pre>",
        "<hr />",
      ].join("\n"),
    );
  });

  it("follows CommonMark rather than GitHub extensions: no tables, strikethrough or autolinked URLs", () => {
    expect(render("~~gone~~ https://example.com")).toBe("<p>~~gone~~ https://example.com</p>");
    expect(render("| a |\n|---|\n| b |")).toBe("<p>| a |\n|---|\n| b |</p>");
  });

  it("decodes entities and escapes text", () => {
    expect(render("Tom &amp; Jerry &copy; 5 > 3 & \\*not emphasis\\*")).toBe(
      "<p>Tom &amp; Jerry © 5 &gt; 3 &amp; *not emphasis*</p>",
    );
  });

  it("keeps allowed raw HTML", () => {
    expect(
      render(
        '<figure><img src="/x.jpg" alt="A" width="10"><figcaption>Cap <sup>1</sup></figcaption></figure>',
      ),
    ).toBe(
      `<figure><img src="${M}/x.jpg" alt="A" width="10" /><figcaption>Cap <sup>1</sup></figcaption></figure>`,
    );
  });
});

describe("renderMarkdown: sanitiser", () => {
  it("drops script, style and iframe elements with their content", () => {
    const html = render(
      'Before\n\n<script>alert("x")</script>\n\n<style>p { color: red }</style>\n\n<iframe src="https://evil.example"></iframe>\n\nAfter',
    );
    expect(html.replace(/\n+/g, "\n")).toBe("<p>Before</p>\n<p>After</p>");
  });

  it("drops other disallowed elements but keeps their text", () => {
    expect(render('<div class="box">Boxed <font color="red">text</font></div>')).toBe("Boxed text");
    expect(
      render('<object data="x.swf"></object><embed src="x.swf"><form action="/x"><input name=q></form>'),
    ).toBe("<p></p><p></p>");
  });

  it("drops event handler, style and class attributes", () => {
    expect(render('<p onclick="steal()" style="color:red" class="lead" id="x">Text</p>')).toBe("<p>Text</p>");
    expect(render('<img src="/a.png" onerror="steal()" alt="A">')).toBe(`<img src="${M}/a.png" alt="A" />`);
    expect(render('<a href="/a" onmouseover="steal()">A</a>')).toBe(`<p><a href="${M}/a">A</a></p>`);
  });

  it("keeps only language- classes on code", () => {
    expect(render('<code class="language-js evil">x</code>')).toBe(
      '<p><code class="language-js">x</code></p>',
    );
  });

  it.each([
    ['<a href="javascript:alert(1)">x</a>', "<p><a>x</a></p>"],
    ['<a href="JavaScript:alert(1)">x</a>', "<p><a>x</a></p>"],
    ['<a href="java&#x09;script:alert(1)">x</a>', "<p><a>x</a></p>"],
    ['<a href=" javascript:alert(1)">x</a>', "<p><a>x</a></p>"],
    ['<a href="vbscript:msgbox(1)">x</a>', "<p><a>x</a></p>"],
    ['<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "<p><a>x</a></p>"],
    ['<img src="data:image/png;base64,AAAA" alt="d">', '<img alt="d" />'],
    ['<img src="javascript:alert(1)" alt="j">', '<img alt="j" />'],
    ['<a href="tel:+15555550100">call</a>', "<p><a>call</a></p>"],
  ])("drops the URL of %s", (source, html) => {
    expect(render(source)).toBe(html);
  });

  it("does not make Markdown links of javascript: or data: URLs", () => {
    expect(render("[x](javascript:alert(1)) ![d](data:image/png;base64,AAAA)")).toBe(
      '<p>[x](javascript:alert(1)) <img alt="d" /></p>',
    );
  });
});

describe("renderMarkdown: links and images", () => {
  it.each([
    ["[a](other-article)", `<p><a href="${M}/articles/other-article">a</a></p>`],
    ["[a](./other-article)", `<p><a href="${M}/articles/other-article">a</a></p>`],
    ["[a](../about)", `<p><a href="${M}/about">a</a></p>`],
    ["[a](/articles/earlier-report)", `<p><a href="${M}/articles/earlier-report">a</a></p>`],
    ["[a](#background)", `<p><a href="${M}/articles/talks-resume#background">a</a></p>`],
    ["[a](?page=2)", `<p><a href="${M}/articles/talks-resume?page=2">a</a></p>`],
    ["![Map](../images/map.png)", `<p><img src="${M}/images/map.png" alt="Map" /></p>`],
    ["![Map](map.png)", `<p><img src="${M}/articles/map.png" alt="Map" /></p>`],
  ])("marks the site URL of %s, resolved against the article's path", (source, html) => {
    expect(render(source)).toBe(html);
  });

  it.each([
    [
      "[a](https://un.example.org/statement?id=1&lang=en)",
      '<p><a href="https://un.example.org/statement?id=1&amp;lang=en">a</a></p>',
    ],
    ["[a](HTTP://Example.COM)", '<p><a href="http://example.com/">a</a></p>'],
    ['[a](https://example.com/x "Title")', '<p><a href="https://example.com/x" title="Title">a</a></p>'],
    ["[a](mailto:desk@example.com)", '<p><a href="mailto:desk@example.com">a</a></p>'],
    ["![p](https://cdn.example.com/p.jpg)", '<p><img src="https://cdn.example.com/p.jpg" alt="p" /></p>'],
  ])("keeps the external URL of %s absolute", (source, html) => {
    expect(render(source)).toBe(html);
  });

  it("makes protocol-relative URLs https and absolute", () => {
    expect(render("[a](//cdn.example.com/x) ![i](//cdn.example.com/i.png)")).toBe(
      '<p><a href="https://cdn.example.com/x">a</a> <img src="https://cdn.example.com/i.png" alt="i" /></p>',
    );
    expect(render('<a href="//cdn.example.com/y">b</a>')).toBe(
      '<p><a href="https://cdn.example.com/y">b</a></p>',
    );
  });

  it("resolveSiteUrls puts the origin in every marked URL and leaves external ones alone", () => {
    const html = render("[a](other) ![i](/images/i.png) [b](https://example.com/other)");
    expect(resolveSiteUrls(html, "https://news.example.com")).toBe(
      '<p><a href="https://news.example.com/articles/other">a</a> <img src="https://news.example.com/images/i.png" alt="i" /> <a href="https://example.com/other">b</a></p>',
    );
    expect(resolveSiteUrls(html, "http://localhost:8787")).toContain(
      'href="http://localhost:8787/articles/other"',
    );
  });

  it("resolveSiteUrls returns text without a marker unchanged", () => {
    expect(resolveSiteUrls("<p>No links</p>", "https://news.example.com")).toBe("<p>No links</p>");
  });

  it("resolveLink returns undefined for schemes other than http, https and mailto", () => {
    expect(resolveLink("ftp://example.com/file", PAGE)).toBeUndefined();
    expect(resolveLink("javascript:void(0)", PAGE)).toBeUndefined();
    expect(resolveLink("https://example.com/a b", PAGE)).toBe("https://example.com/a%20b");
    expect(resolveLink("  /spaced  ", PAGE)).toBe(`${M}/spaced`);
  });

  it("never lets the author write the origin marker", () => {
    const html = render(`\u0001 [a](\u0001/x) <a href="\u0001/y">b</a> [c](https://example.com/\u0001)`);
    expect(html.split(M)).toHaveLength(3);
    expect(resolveSiteUrls(html, "https://news.example.com")).toBe(
      '<p><a href="https://news.example.com/x">a</a> <a href="https://news.example.com/y">b</a> <a href="https://example.com/">c</a></p>',
    );
  });
});

describe("characters XML cannot carry", () => {
  const forbidden = [
    ...Array.from({ length: 9 }, (_, i) => String.fromCharCode(i)),
    "\u000B",
    "\u000C",
    ...Array.from({ length: 18 }, (_, i) => String.fromCharCode(0x0e + i)),
    "\u007F",
    "\u0080",
    "\u0084",
    "\u0086",
    "\u009F",
    "\uFDD0",
    "\uFDEF",
    "\uFFFE",
    "\uFFFF",
    "\uD800",
    "\uDBFF",
    "\uDC00",
    "\uDFFF",
  ];

  it.each(forbidden.map((char) => [char.charCodeAt(0).toString(16).padStart(4, "0"), char]))(
    "stripUnwantedXmlChars removes U+%s",
    (_code, char) => {
      expect(stripUnwantedXmlChars(`a${char}b`)).toBe("ab");
    },
  );

  it("keeps tab, line feed, carriage return, NEL, emoji, Arabic and other non-ASCII text", () => {
    const text = "\t\n\r\u0085 😀 👩🏽‍💻 🇵🇸 مرحبا بالعالم Ünïcödé \uFDCF \uFDF0 \uFFFD \u{10FFFF}";
    expect(stripUnwantedXmlChars(text)).toBe(text);
  });

  it("removes a lone surrogate next to a valid pair", () => {
    expect(stripUnwantedXmlChars("\uD83D\uD83D\uDE00\uDE00")).toBe("😀");
  });

  it("renderMarkdown removes them while emoji and Arabic survive", () => {
    expect(render("Cairo\u0000 talks\u0008 \uFFFE\uFFFF\uD800resume\uDC00 😀 القاهرة")).toBe(
      "<p>Cairo talks resume 😀 القاهرة</p>",
    );
  });
});

describe("renderMarkdown: dateline", () => {
  it("sets the dateline at the start of the first paragraph only", () => {
    expect(render("Negotiators returned.\n\nSecond paragraph.", "CAIRO")).toBe(
      '<p><span class="dateline">CAIRO:</span> Negotiators returned.</p>\n<p>Second paragraph.</p>',
    );
  });

  it("escapes the dateline", () => {
    expect(render("Text.", "<b>A & B</b>")).toBe(
      '<p><span class="dateline">&lt;b&gt;A &amp; B&lt;/b&gt;:</span> Text.</p>',
    );
  });

  it("gives the dateline a paragraph of its own before a body that starts with something else", () => {
    expect(render("## Heading\n\nText.", "CAIRO")).toBe(
      '<p><span class="dateline">CAIRO:</span></p>\n<h2>Heading</h2>\n<p>Text.</p>',
    );
  });

  it("adds nothing without a dateline", () => {
    expect(render("Text.")).toBe("<p>Text.</p>");
  });
});

describe("firstParagraphText", () => {
  it("gives the plain text of the first paragraph, skipping headings and markup", () => {
    expect(
      firstParagraphText(
        "# Title\n\nTom &amp; *Jerry* met [the envoy](https://example.com)\nin `Cairo`.\n\nSecond paragraph.",
      ),
    ).toBe("Tom & Jerry met the envoy in Cairo.");
  });

  it("turns hard line breaks into spaces", () => {
    expect(firstParagraphText("First line  \nsecond line\\\nthird line")).toBe(
      "First line second line third line",
    );
  });

  it("drops images and raw HTML and collapses white space", () => {
    expect(firstParagraphText("Before ![a map](map.png)   <b>bold</b>   after")).toBe("Before bold after");
  });

  it("removes characters XML cannot carry", () => {
    expect(firstParagraphText("Cairo\u0001 talks \uFFFE😀")).toBe("Cairo talks 😀");
  });

  it("is empty when there is no paragraph", () => {
    expect(firstParagraphText("## Only a heading\n\n```\ncode\n```\n\n---")).toBe("");
    expect(firstParagraphText("")).toBe("");
  });
});

describe("character references the sanitiser decodes", () => {
  it("are stripped again, so U+0001 never reaches stored HTML except as the origin marker", () => {
    const html = renderMarkdown(
      '<p title="x&#1;y">a&#1;b&#xFFFE;c <a href="/p&#1;q">l</a></p>\n',
      "/articles/s",
    );
    expect(html).toBe('<p>abc <a href="\u0001/pq">l</a></p>');
  });
});
