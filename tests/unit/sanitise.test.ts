import { describe, expect, it } from "vitest";
import { SITE_ORIGIN_MARKER as M } from "../../src/content/site-urls";

/**
 * The sanitiser's allowlist, one element and attribute at a time, and the edges of link resolution
 * and first-paragraph text (src/content/render-markdown.ts).
 *
 * The module is imported inside each test rather than at the top of the file: a fault that stops it
 * from loading at all (a Markdown parser built with an unknown preset throws on import) then fails
 * these tests, where a failed top-level import would only stop the file from being collected.
 */
const load = () => import("../../src/content/render-markdown");
const PAGE = "/articles/talks-resume";

async function render(source: string): Promise<string> {
  const { renderMarkdown } = await load();
  return renderMarkdown(source, PAGE);
}

describe("the Markdown parser", () => {
  it("loads, and parses CommonMark with raw HTML passed on to the sanitiser", async () => {
    expect(await render("<abbr>UN</abbr> *talks*")).toBe("<p><abbr>UN</abbr> <em>talks</em></p>");
  });
});

describe("the sanitiser keeps every allowlisted element", () => {
  it("headings from h2 to h6", async () => {
    expect(await render("## h2\n\n### h3\n\n#### h4\n\n##### h5\n\n###### h6")).toBe(
      "<h2>h2</h2>\n<h3>h3</h3>\n<h4>h4</h4>\n<h5>h5</h5>\n<h6>h6</h6>",
    );
  });

  it.each([
    "<b>bold</b>",
    "<i>italic</i>",
    "<em>emphasis</em>",
    "<strong>strong</strong>",
    "H<sub>2</sub>O",
    "x<sup>2</sup>",
    "<del>removed</del>",
    "<ins>added</ins>",
    "<s>struck</s>",
    "<q>quoted</q>",
    "<cite>The Times</cite>",
    "<abbr>UN</abbr>",
    "<mark>marked</mark>",
    "<small>small print</small>",
    "<time>March 1</time>",
    "<span>span</span>",
    "<code>code</code>",
  ])("inline %s", async (markup) => {
    expect(await render(`Text ${markup} text`)).toBe(`<p>Text ${markup} text</p>`);
  });

  it("tables with caption, head, body and foot, and their cell attributes", async () => {
    const table = [
      "<table>",
      "<caption>Votes</caption>",
      '<thead><tr><th scope="col" colspan="2" rowspan="1">Party</th></tr></thead>',
      '<tbody><tr><td colspan="2" rowspan="3">12</td></tr></tbody>',
      "<tfoot><tr><td>Total</td></tr></tfoot>",
      "</table>",
    ].join("\n");
    expect(await render(table)).toBe(table);
  });
});

describe("the sanitiser keeps the allowlisted attributes", () => {
  it("img: src, alt, title, width and height", async () => {
    expect(
      await render('<img src="https://cdn.example.com/p.jpg" alt="A" title="T" width="640" height="480">'),
    ).toBe('<img src="https://cdn.example.com/p.jpg" alt="A" title="T" width="640" height="480" />');
  });

  it("abbr: title; time: datetime", async () => {
    expect(
      await render(
        '<abbr title="United Nations">UN</abbr> <time datetime="2025-03-01T08:00:00Z">March 1</time>',
      ),
    ).toBe(
      '<p><abbr title="United Nations">UN</abbr> <time datetime="2025-03-01T08:00:00Z">March 1</time></p>',
    );
  });

  it("code: a language- class, from a fence or raw HTML", async () => {
    expect(await render("```ts-node\nlet x;\n```")).toBe(
      '<pre><code class="language-ts-node">let x;\n</code></pre>',
    );
    expect(await render('<code class="language-python">x</code>')).toBe(
      '<p><code class="language-python">x</code></p>',
    );
  });

  it("code: no class that merely contains language-", async () => {
    expect(await render("```c++\nint x;\n```")).toBe("<pre><code>int x;\n</code></pre>");
    expect(await render('<code class="xlanguage-ts">y</code>')).toBe("<p><code>y</code></p>");
    expect(await render('<code class="no-language-ts">y</code>')).toBe("<p><code>y</code></p>");
  });

  it("drops the attributes it does not list", async () => {
    expect(await render('<abbr lang="fr" title="ONU">ONU</abbr> <time title="t">x</time>')).toBe(
      '<p><abbr title="ONU">ONU</abbr> <time>x</time></p>',
    );
    expect(await render('<q cite="https://example.com/">q</q> <span title="t" undefined="x">y</span>')).toBe(
      "<p><q>q</q> <span>y</span></p>",
    );
  });
});

describe("links", () => {
  it("resolveLink trims white space that the URL parser keeps, such as a no-break space", async () => {
    const { resolveLink } = await load();
    expect(resolveLink("\u00A0https://example.com/\u00A0", PAGE)).toBe("https://example.com/");
    expect(await render('<a href="&nbsp;https://example.com/">x</a>')).toBe(
      '<p><a href="https://example.com/">x</a></p>',
    );
  });

  it("resolveLink gives nothing for a URL that does not parse", async () => {
    const { resolveLink } = await load();
    expect(resolveLink("http://exa mple.com/", PAGE)).toBeUndefined();
    expect(resolveLink("https://[", PAGE)).toBeUndefined();
    expect(await render('<a href="http://exa mple.com/">x</a>')).toBe("<p><a>x</a></p>");
  });

  it("keeps a link or an image without a URL as it is", async () => {
    expect(await render('<a title="t">no href</a> <img alt="no src">')).toBe(
      '<p><a title="t">no href</a> <img alt="no src" /></p>',
    );
  });

  it("drops a site URL whose path starts with //: without its marker it would read as another host", async () => {
    // "..//evil.example/x" on /articles/talks-resume is the site path "//evil.example/x". Stored as
    // marker + path, a reader that drops the control character U+0001 (as the sanitiser itself does
    // when it checks a URL) would take it for the protocol-relative URL of evil.example.
    expect(await render("[a](..//evil.example/x) ![i](/..//evil.example/i.png)")).toBe(
      '<p><a>a</a> <img alt="i" /></p>',
    );
    expect(await render('<a href="..//evil.example/x">a</a>')).toBe("<p><a>a</a></p>");
    // One slash is an ordinary site path.
    expect(await render("[a](../evil.example/x)")).toBe(`<p><a href="${M}/evil.example/x">a</a></p>`);
  });

  it("marks the site URL of a raw HTML link and image", async () => {
    expect(await render('<a href="../about">a</a> <img src="map.png" alt="m">')).toBe(
      `<p><a href="${M}/about">a</a> <img src="${M}/articles/map.png" alt="m" /></p>`,
    );
  });
});

describe("firstParagraphText", () => {
  it("joins the text around inline markup without adding spaces", async () => {
    const { firstParagraphText } = await load();
    expect(firstParagraphText("Talks *re*sumed in **Cai**ro.")).toBe("Talks resumed in Cairo.");
  });

  it("turns a soft line break into a space", async () => {
    const { firstParagraphText } = await load();
    expect(firstParagraphText("Talks resumed\non Monday.")).toBe("Talks resumed on Monday.");
  });

  it("trims what an image at the start or end leaves", async () => {
    const { firstParagraphText } = await load();
    expect(firstParagraphText("![Map](map.png) Negotiators met. ![Photo](p.jpg)")).toBe("Negotiators met.");
  });
});
