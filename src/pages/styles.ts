/** One small stylesheet, inlined: a page needs no second request to be readable on a phone. */
export const pageStyles = `
:root{color-scheme:light dark;--fg:#1a1a1a;--bg:#fff;--muted:#555;--accent:#0b5394;--rule:#ddd}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--bg:#121212;--muted:#b5b5b5;--accent:#8ab4f8;--rule:#333}}
*{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem}
.site-header,.site-footer,main{max-width:44rem;margin:0 auto;padding:1rem}
.site-header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:baseline;justify-content:space-between;border-bottom:1px solid var(--rule)}
.site-title{font-weight:700;font-size:1.25rem;text-decoration:none;color:var(--fg)}
.site-header nav a{margin-left:.25rem}
.site-footer{border-top:1px solid var(--rule);color:var(--muted);font-size:.875rem}
h1{font-size:1.75rem;line-height:1.25;margin:.5rem 0}
.article-list{list-style:none;padding:0}.article-list li{padding:1rem 0;border-bottom:1px solid var(--rule)}
.article-list h2{font-size:1.25rem;margin:0 0 .25rem}
.meta,.timestamp{color:var(--muted);font-size:.875rem}
.meta span+span::before{content:" · "}
.highlights{background:color-mix(in srgb,var(--accent) 8%,transparent);padding:.75rem 1rem .75rem 2rem;border-radius:.25rem}
figure{margin:1rem 0}figcaption{color:var(--muted);font-size:.875rem}
.dateline{font-weight:700}
img{max-width:100%;height:auto}
.tags{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
`;
