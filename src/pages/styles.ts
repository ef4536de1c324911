/** One small stylesheet, inlined: a page needs no second request to be readable on a phone. */
export const pageStyles = `
:root{color-scheme:light dark;--fg:#1a1a1a;--bg:#fff;--muted:#4d4d4d;--accent:#0b5394;--rule:#d0d0d0;--panel:#f3f6fa}
@media (prefers-color-scheme:dark){:root{--fg:#ececec;--bg:#121212;--muted:#bdbdbd;--accent:#9cc3ff;--rule:#3a3a3a;--panel:#1d232b}}
*{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);overflow-wrap:anywhere}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem;z-index:1}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.site-header,.site-footer,main{max-width:46rem;margin:0 auto;padding:1rem}
.site-header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;border-bottom:1px solid var(--rule)}
.site-title{font-weight:700;font-size:1.25rem;text-decoration:none;color:var(--fg)}
.site-header nav{margin-left:auto}.site-header nav a{margin-right:.75rem}
.site-footer{border-top:1px solid var(--rule);color:var(--muted);font-size:.875rem}
h1{font-size:1.75rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.3rem;line-height:1.3}
.article-list{list-style:none;padding:0}.article-list li{padding:1rem 0;border-bottom:1px solid var(--rule)}.article-list li:last-child{border-bottom:0}
.article-list h2,.article-list h3{font-size:1.2rem;margin:0 0 .25rem}
.meta,.timestamp{color:var(--muted);font-size:.875rem}.timestamp{white-space:nowrap}
.meta>span+span::before{content:" · "}
.highlights{background:var(--panel);padding:.75rem 1rem .75rem 2rem;border-radius:.25rem}
figure{margin:1rem 0}figcaption{color:var(--muted);font-size:.875rem}
.dateline{font-weight:700}
img{max-width:100%;height:auto}
.tags{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
.follow[open]{flex-basis:100%;text-align:right}
.follow summary{cursor:pointer;display:inline-block;padding:.35rem .9rem;border-radius:999px;background:var(--accent);color:var(--bg);font-weight:600;list-style:none}
.follow summary::-webkit-details-marker{display:none}
.follow-panel{margin:.5rem 0 0 auto;padding:.75rem 1rem;border:1px solid var(--rule);border-radius:.5rem;background:var(--panel);max-width:32rem;text-align:left}
.feed-address{margin:.5rem 0}.feed-address label{display:block;font-weight:600;font-size:.9rem}
.copy-row{display:flex;gap:.5rem}
.copy-row input{flex:1;min-width:0;font:inherit;font-size:.9rem;padding:.35rem .5rem;border:1px solid var(--muted);border-radius:.25rem;background:var(--bg);color:var(--fg)}
button{font:inherit;font-size:.9rem;padding:.35rem .9rem;border-radius:.25rem;border:1px solid var(--accent);background:var(--bg);color:var(--accent);cursor:pointer}
.feed-intro{background:var(--panel);border-radius:.5rem;padding:1rem;margin:1rem 0}
.short-url{color:var(--muted);font-size:.875rem}
.corrections{border-top:1px solid var(--rule);margin-top:1.5rem}.corrections h2{font-size:1.1rem}.corrections ul{padding-left:1.25rem}
`;
