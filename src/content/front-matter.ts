import yaml from "js-yaml";
import { stripUnwantedXmlChars } from "./xml-text";

/**
 * Reading the YAML front matter into plain data, with what js-yaml would allow but the build must
 * not: anchors and aliases, deep nesting, and field names that change when cleaned.
 *
 * YAML's JSON schema keeps dates as the strings the author wrote (so the schema can insist on a time
 * zone) and keeps `no`, `on` and `yes` as text (a tag "no" stays "no").
 */

/**
 * Deepest nesting of lists and maps (the front matter needs 3: the block, image, image.url). js-yaml
 * reads nested collections recursively, and so do the cleaning below and the schema: without a
 * bound, a few kilobytes of "[" would overflow the stack.
 */
export const maxFrontMatterDepth = 32;

/** A problem with the front matter as a whole, in the words the build reports it. */
export class FrontMatterProblem extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = "FrontMatterProblem";
  }
}

/** js-yaml's loader state keeps the anchor (&name) of the node it has just read here. */
interface LoaderState extends yaml.State {
  anchor?: string | null;
}

/** Characters a message of one line cannot show as they are. */
const unprintable =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufdd0-\ufdef\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text as a message of one line shows it: controls, line separators and the like as \u escapes. */
export function oneLine(text: string): string {
  return text.replace(unprintable, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Text quoted for a message of one line, as JSON quotes it, with what JSON leaves as it is escaped. */
export function quoteForMessage(text: string): string {
  return oneLine(JSON.stringify(text));
}

/**
 * The front matter's YAML (the text between the --- lines, which starts with the rest of the first
 * --- line, so js-yaml's line n is line n + 1 of the file) as data.
 *
 * Anchors (&name) and aliases (*name) are refused: an alias repeats a value without repeating its
 * text, so nine nested levels of aliases in 641 bytes stand for billions of strings, which every step
 * after the parser would walk; an anchor on a list that contains its own alias is a cycle. No field
 * of an article needs them. js-yaml reports each node it reads to a listener when the node is done,
 * with its anchor: the first anchor stops the parse, before any alias can refer to it, so reading
 * stays linear in the size of the text. The same listener bounds the depth of nesting.
 *
 * Throws FrontMatterProblem for those, and js-yaml's YAMLException for syntax errors.
 */
export function loadFrontMatterYaml(text: string): unknown {
  let depth = 0;
  return yaml.load(text, {
    schema: yaml.JSON_SCHEMA,
    listener(event, state: LoaderState) {
      if (event === "open") {
        depth++;
        if (depth > maxFrontMatterDepth) {
          throw new FrontMatterProblem(
            `front matter: expected lists and maps nested at most ${maxFrontMatterDepth} deep, found deeper nesting on line ${state.line + 1} (front matter)`,
          );
        }
        return;
      }
      depth--;
      if (state.anchor !== null && state.anchor !== undefined) {
        throw new FrontMatterProblem(
          `front matter: expected no YAML anchors (&name) or aliases (*name): write each value out in full, found the anchor ${quoteForMessage(`&${state.anchor}`)} on line ${state.line + 1} (front matter)`,
        );
      }
    },
  });
}

function formatKeyPath(path: readonly (string | number)[]): string {
  return path
    .map((part) => (typeof part === "number" ? `[${part}]` : part))
    .join(".")
    .replace(/\.\[/g, "[");
}

/**
 * The parsed front matter with every string cleaned of characters XML forbids: YAML escapes
 * ("\x01", "\uFFFE", "\ud800") bring back what stripUnwantedXmlChars took out of the source.
 * Carriage returns ("\r" escapes) become line feeds, as any XML parser would read them.
 *
 * A field name that cleaning would change is refused, not cleaned: the parser has already checked
 * the names for duplicates, so `draft: true` and `"dr\u0001aft": false` would both become "draft",
 * and the later one would win. The field is left out and reported.
 */
export function cleanFrontMatter(value: unknown): { data: unknown; problems: string[] } {
  const problems: string[] = [];
  function clean(item: unknown, path: (string | number)[]): unknown {
    // XML parsers read a carriage return as a line feed: one is written as the other would be read.
    if (typeof item === "string") return stripUnwantedXmlChars(item).replace(/\r\n?/g, "\n");
    if (Array.isArray(item)) return item.map((entry, index) => clean(entry, [...path, index]));
    if (item !== null && typeof item === "object") {
      const entries: [string, unknown][] = [];
      for (const [key, entry] of Object.entries(item)) {
        if (stripUnwantedXmlChars(key) !== key) {
          const at = quoteForMessage(formatKeyPath([...path, key])).slice(1, -1);
          problems.push(
            `field name: expected a name without control characters or non-characters, found ${quoteForMessage(key)} (${at})`,
          );
          continue;
        }
        entries.push([key, clean(entry, [...path, key])]);
      }
      return Object.fromEntries(entries);
    }
    return item;
  }
  return { data: clean(value, []), problems };
}
