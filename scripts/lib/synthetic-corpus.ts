/**
 * A synthetic newsroom: `count` Markdown articles with front matter valid for src/content/schema.ts,
 * for the benchmark (scripts/bench.ts) and for tests that need a few hundred articles with many tags
 * and several authors. Pure string building from a seeded PRNG (mulberry32): the same options always
 * give byte-identical files, and nothing here needs Node (no fs, no crypto, no clock).
 *
 * Shape of the corpus, per article: a headline; `published` spaced 1-5 hours apart from `start`,
 * written in UTC or with an offset; `updated` on about a quarter; one of six sections; 2-5 tags from
 * a pool of 40 (Arabic ones and ones with "&" among them); none, one or two of eight authors (one
 * Arabic name); 0-3 highlights; usually a dateline; an image caption and credit on some (with a URL
 * on half of those: a remote image, which declares its size, and on half of those its type and
 * bytes too, since the corpus has no content/media/ folder); a body of 400-1,200 words in 5-15 paragraphs with a sub-heading, links to
 * another article (/articles/<slug>) and to other sites, emphasis, and now and then an Arabic
 * paragraph and an emoji.
 */

export interface CorpusOptions {
  /** Number of articles. */
  count: number;
  /** PRNG seed; default 1. */
  seed?: number;
  /** ISO date-time of the oldest article; default 2024-01-01T06:00:00Z. */
  start?: string;
}

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

function int(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** `n` distinct elements, in random order. */
function pickDistinct<T>(random: Random, list: readonly T[], n: number): T[] {
  const copy = list.slice();
  const chosen: T[] = [];
  for (let i = 0; i < n && copy.length > 0; i++) {
    const index = Math.floor(random() * copy.length);
    chosen.push(copy[index] as T);
    copy[index] = copy[copy.length - 1] as T;
    copy.pop();
  }
  return chosen;
}

function chance(random: Random, probability: number): boolean {
  return random() < probability;
}

const sections = ["World", "Middle East", "Business", "Politics", "Science", "Culture"];

const tagPool = [
  "Iran",
  "Russia",
  "Ukraine",
  "Israel",
  "Gaza",
  "Lebanon",
  "Syria",
  "Egypt",
  "Saudi Arabia",
  "Turkey",
  "China",
  "United States",
  "European Union",
  "United Nations",
  "NATO",
  "Diplomacy",
  "Elections",
  "Human Rights",
  "Refugees",
  "Oil",
  "Inflation",
  "Central Banks",
  "Climate",
  "Public Health",
  "Technology",
  "Artificial Intelligence",
  "Space",
  "Film",
  "Literature",
  "Football",
  "Trade & Tariffs",
  "Energy & Climate",
  "Science & Technology",
  "Arts & Culture",
  "Law & Justice",
  "الشرق الأوسط",
  "غزة",
  "لبنان",
  "الاقتصاد",
  "Middle East",
];

const authorPool = [
  "Maria Tsvetkova",
  "Parisa Hafezi",
  "Jonathan Landay",
  "سارة الخطيب",
  "Aidan Lewis",
  "Nandita Bose",
  "Tom Perry",
  "Ece Toksabay",
];

const datelines = [
  "MOSCOW",
  "TEHRAN",
  "BEIRUT",
  "CAIRO",
  "JERUSALEM",
  "ISTANBUL",
  "WASHINGTON",
  "BRUSSELS",
  "LONDON",
  "KYIV",
  "DUBAI",
  "BEIJING",
];

const credits = ["Reuters", "AP Photo", "AFP/Getty Images", "Meridian Dispatch", "EPA-EFE"];

const offsets: readonly { text: string; minutes: number }[] = [
  { text: "Z", minutes: 0 },
  { text: "Z", minutes: 0 },
  { text: "+03:00", minutes: 180 },
  { text: "+02:00", minutes: 120 },
  { text: "-05:00", minutes: -300 },
  { text: "+05:30", minutes: 330 },
];

const actors = [
  "The foreign minister",
  "Officials in the capital",
  "The central bank",
  "Negotiators",
  "A senior diplomat",
  "Opposition leaders",
  "The prime minister",
  "Aid agencies",
  "Analysts",
  "The defence ministry",
  "Local residents",
  "Investors",
  "Researchers",
  "The United Nations envoy",
];

const verbs = [
  "said",
  "warned",
  "announced",
  "confirmed",
  "denied",
  "urged",
  "signalled",
  "reported",
  "argued",
  "acknowledged",
];

const objects = [
  "that talks would resume next week",
  "a new round of sanctions",
  "the ceasefire proposal",
  "rising prices for fuel and bread",
  "an agreement on grain exports",
  "the outcome of the vote",
  "plans to expand the pipeline",
  "a sharp fall in exports",
  "the findings of the inquiry",
  "concerns about the humanitarian situation",
  "a timetable for the withdrawal",
  "the budget for the coming year",
  "renewed fighting near the border",
  "a package of emergency loans",
];

const clauses = [
  "according to people familiar with the matter",
  "in a statement released late on Monday",
  "after hours of closed-door meetings",
  "citing figures from the statistics office",
  "speaking to reporters outside the ministry",
  "in comments carried by state media",
  "a day after the summit ended without agreement",
  "although details remained scarce",
  "as markets reacted to the news",
  "while protesters gathered in the square",
];

const fillers = [
  "The decision is likely to weigh on relations between the two governments for months.",
  "Neither side has published the full text of the draft.",
  "Prices on the local exchange fell by 2.4% before recovering in afternoon trading.",
  "Diplomats described the mood as “cautiously constructive,” but said gaps remained.",
  "The ministry did not respond to a request for comment.",
  "Several thousand people have left the area since the start of the month.",
  "Critics say the measures do too little, too late.",
  "The figures could not be independently verified.",
  "It was the third such meeting this year.",
  "Officials expect a final decision before the end of the quarter.",
  "Shares in AT&T and other carriers moved little on the news.",
  "The plan, if approved, would take effect in January.",
];

const headlineSubjects = [
  "Iran",
  "Russia",
  "Egypt",
  "Turkey",
  "The EU",
  "Central bank",
  "UN envoy",
  "Lebanon",
  "Saudi Arabia",
  "Ukraine",
  "China",
  "Parliament",
  "Scientists",
  "Oil producers",
];

const headlineVerbs = [
  "calls for",
  "rejects",
  "backs",
  "weighs",
  "warns over",
  "pushes for",
  "delays",
  "signs",
  "questions",
  "welcomes",
];

const headlineObjects = [
  "expanded ties with neighbours",
  "new sanctions package",
  "ceasefire talks",
  "interest rate cut",
  "grain export deal",
  "border security plan",
  "emergency aid",
  "climate targets",
  "election timetable",
  "pipeline expansion",
  "inquiry findings",
  "trade & tariff truce",
];

const headlineTails = [
  "",
  "",
  "",
  " as tensions rise",
  " after summit",
  ": what we know",
  " amid protests",
  " in surprise move",
];

const subheadings = [
  "What happens next",
  "A long road to agreement",
  "MARKETS REACT",
  "Regional fallout",
  "Background",
  "Voices from the ground",
  "The economic cost",
];

const arabicParagraphs = [
  "قال المتحدث باسم وزارة الخارجية إن المحادثات ستستأنف الأسبوع المقبل، وإن الطرفين اتفقا على مواصلة الحوار.",
  "وأضاف أن الوضع الإنساني في المنطقة لا يزال صعباً، داعياً إلى إيصال المساعدات دون تأخير.",
  "وشهدت الأسواق المحلية تراجعاً ملحوظاً بعد الإعلان، قبل أن تستعيد جزءاً من خسائرها في نهاية اليوم.",
];

const emojis = ["🌍", "📈", "🕊️", "⚡", "🛢️", "🗳️"];

const externalLinks = [
  "https://www.un.org/en/",
  "https://www.imf.org/en/Publications",
  "https://www.example.org/reports/2024/annual-review",
  "https://data.example.com/series?id=cpi&country=eg",
];

/** Lower-case ASCII slug of a headline (the headlines are ASCII). */
function slugOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** A YAML scalar: plain when that is unambiguous, else double-quoted (JSON strings are valid YAML). */
function yamlScalar(text: string): string {
  return /^[\p{L}][\p{L}\p{N} .'’&-]*$/u.test(text) ? text : JSON.stringify(text);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** RFC 3339 for an instant, written in the given offset. */
function rfc3339(ms: number, offset: { text: string; minutes: number }): string {
  const local = new Date(ms + offset.minutes * 60_000);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${offset.text}`
  );
}

/** A deterministic RFC 4122 version-4-shaped UUID, unique per index (the index is in its last group). */
function uuidFor(random: Random, seed: number, index: number): string {
  const hex = (digits: number) => {
    let text = "";
    for (let i = 0; i < digits; i++) text += Math.floor(random() * 16).toString(16);
    return text;
  };
  const variant = "89ab"[Math.floor(random() * 4)] ?? "8";
  const last = ((seed >>> 0) & 0xffff).toString(16).padStart(4, "0") + index.toString(16).padStart(8, "0");
  return `urn:uuid:${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${last.slice(-12)}`;
}

function sentence(random: Random): string {
  if (chance(random, 0.3)) return pick(random, fillers);
  const text = `${pick(random, actors)} ${pick(random, verbs)} ${pick(random, objects)}`;
  return chance(random, 0.5) ? `${text}, ${pick(random, clauses)}.` : `${text}.`;
}

function wordCount(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) === 32;
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

/** Adds emphasis to one word of a paragraph. */
function emphasise(random: Random, paragraph: string): string {
  const words = paragraph.split(" ");
  const at = int(random, 1, Math.max(1, words.length - 2));
  const word = words[at];
  if (word === undefined || !/^[a-z]+$/.test(word)) return paragraph;
  words[at] = chance(random, 0.5) ? `*${word}*` : `**${word}**`;
  return words.join(" ");
}

/**
 * `paragraphs` paragraphs of about `words` words in all: each ends once the running total reaches
 * its share, so the whole overshoots by at most one sentence.
 */
function paragraphsOf(random: Random, paragraphs: number, words: number): string[] {
  const weights = Array.from({ length: paragraphs }, () => 0.6 + random() * 0.8);
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  const blocks: string[] = [];
  let written = 0;
  let budget = 0;
  let previous = "";
  for (const weight of weights) {
    budget += (weight / totalWeight) * words;
    const sentences: string[] = [];
    do {
      let next = sentence(random);
      if (next === previous) next = sentence(random);
      sentences.push(next);
      written += wordCount(next);
      previous = next;
    } while (written < budget);
    blocks.push(sentences.join(" "));
  }
  return blocks;
}

interface Plan {
  slug: string;
  title: string;
}

function planArticles(random: Random, count: number): Plan[] {
  const plans: Plan[] = [];
  for (let i = 0; i < count; i++) {
    const title = `${pick(random, headlineSubjects)} ${pick(random, headlineVerbs)} ${pick(random, headlineObjects)}${pick(random, headlineTails)}`;
    plans.push({ title, slug: `${slugOf(title)}-${i + 1}` });
  }
  return plans;
}

function body(random: Random, plans: readonly Plan[], index: number): string {
  const paragraphs = int(random, 5, 13);
  // 400-1,200 words in 5-15 paragraphs: the links, Arabic paragraph and quote below add up to 2
  // paragraphs and about 40 words.
  const blocks = paragraphsOf(random, paragraphs, int(random, 390, 1140));
  // One link to another article (site-relative), one to another site, some emphasis.
  // Links go to earlier coverage, so that adding articles never changes the ones before them.
  const other = plans[index > 0 ? int(random, 0, index - 1) : 0];
  const linkAt = int(random, 0, paragraphs - 1);
  blocks[linkAt] += ` Read more: [${other?.title ?? "earlier coverage"}](/articles/${other?.slug ?? ""}).`;
  const externalAt = int(random, 0, paragraphs - 1);
  blocks[externalAt] +=
    ` The [full report](${pick(random, externalLinks)}) runs to ${int(random, 20, 400)} pages` +
    (chance(random, 0.3) ? " & was published in three languages." : ".");
  for (let k = int(random, 1, 3); k > 0; k--) {
    const at = int(random, 0, paragraphs - 1);
    blocks[at] = emphasise(random, blocks[at] ?? "");
  }
  if (chance(random, 0.15)) blocks.splice(int(random, 1, paragraphs - 1), 0, pick(random, arabicParagraphs));
  if (chance(random, 0.1)) {
    const at = int(random, 0, paragraphs - 1);
    blocks[at] = `${blocks[at]} ${pick(random, emojis)}`;
  }
  if (chance(random, 0.15)) blocks.splice(int(random, 1, paragraphs - 1), 0, `> ${pick(random, fillers)}`);
  const headingAt = Math.max(2, Math.floor(blocks.length / 2));
  blocks.splice(headingAt, 0, `## ${pick(random, subheadings)}`);
  return `${blocks.join("\n\n")}\n`;
}

function frontMatter(random: Random, seed: number, index: number, plan: Plan, publishedMs: number): string {
  const lines: string[] = ["---"];
  lines.push(`id: ${uuidFor(random, seed, index)}`);
  lines.push(`title: ${yamlScalar(plan.title)}`);
  const offset = pick(random, offsets);
  lines.push(`published: ${rfc3339(publishedMs, offset)}`);
  if (chance(random, 0.25)) {
    const updatedMs = publishedMs + int(random, 10, 48 * 60) * 60_000;
    lines.push(`updated: ${rfc3339(updatedMs, pick(random, offsets))}`);
  }
  const authorRoll = random();
  if (authorRoll < 0.15) {
    // No authors: the site's default author is credited.
  } else {
    const authors = pickDistinct(random, authorPool, authorRoll < 0.35 ? 2 : 1);
    lines.push("authors:", ...authors.map((name) => `  - ${yamlScalar(name)}`));
  }
  lines.push(`section: ${yamlScalar(pick(random, sections))}`);
  const tags = pickDistinct(random, tagPool, int(random, 2, 5));
  if (chance(random, 0.5)) lines.push(`tags: [${tags.map((tag) => JSON.stringify(tag)).join(", ")}]`);
  else lines.push("tags:", ...tags.map((tag) => `  - ${yamlScalar(tag)}`));
  if (chance(random, 0.1)) lines.push(`summary: ${JSON.stringify(sentence(random))}`);
  if (chance(random, 0.85)) lines.push(`dateline: ${pick(random, datelines)}`);
  const highlights = int(random, 0, 3);
  if (highlights > 0) {
    lines.push("highlights:");
    for (let h = 0; h < highlights; h++)
      lines.push(`  - ${JSON.stringify(sentence(random).replace(/\.$/, ""))}`);
  }
  if (chance(random, 0.4)) {
    lines.push("image:");
    if (chance(random, 0.5)) {
      const url = `https://images.example.org/2024/${plan.slug}.jpg`;
      lines.push(`  url: ${url}`, `  alt: ${JSON.stringify(`Photograph for “${plan.title}”`)}`);
      lines.push("  width: 1600", "  height: 900");
      // Drawn as the choice between a site path and a remote URL once was, so the rest is unchanged.
      if (chance(random, 0.5)) lines.push("  type: image/jpeg", `  bytes: ${180_000 + index * 37}`);
    }
    lines.push(`  caption: ${JSON.stringify(`${sentence(random)}`)}`);
    lines.push(`  credit: ${yamlScalar(pick(random, credits))}`);
  }
  lines.push("---", "");
  return lines.join("\n");
}

/** `count` articles as { "<slug>.md": source }, identical for identical options. */
export function generateCorpus(options: CorpusOptions): Record<string, string> {
  const seed = options.seed ?? 1;
  const startMs = Date.parse(options.start ?? "2024-01-01T06:00:00Z");
  if (Number.isNaN(startMs)) throw new Error(`generateCorpus: start is not a date: ${options.start}`);
  const random = mulberry32(seed);
  const plans = planArticles(random, options.count);
  const files: Record<string, string> = {};
  let publishedMs = Math.floor(startMs / 1000) * 1000;
  plans.forEach((plan, index) => {
    // Each article gets its own stream, so adding an article never changes the ones before it.
    const articleRandom = mulberry32((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
    if (index > 0) publishedMs += int(articleRandom, 60, 300) * 60_000 + int(articleRandom, 0, 59) * 1000;
    files[`${plan.slug}.md`] =
      frontMatter(articleRandom, seed, index, plan, publishedMs) + body(articleRandom, plans, index);
  });
  return files;
}
