import Negotiator from "negotiator";

/**
 * Content codings (RFC 9110 §8.4.1): every document is compressed once, when it is built, and the
 * coding a request gets is chosen from its Accept-Encoding (§12.5.3) by negotiator, the parser
 * Express and most Node servers use.
 */
export type ContentCoding = "br" | "gzip" | "identity";

/** When a client accepts several codings equally, the smallest wins. */
const preferred: readonly ContentCoding[] = ["br", "gzip", "identity"];

/**
 * "x-gzip" is gzip (RFC 9110 §8.4.1.3 says a recipient SHOULD treat them as one); negotiator knows
 * only the names it is given, so the alias is rewritten before it reads the field.
 */
function withoutAliases(acceptEncoding: string): string {
  return acceptEncoding.replace(/(^|,)(\s*)x-gzip(?=\s*(?:;|,|$))/gi, "$1$2gzip");
}

/**
 * The coding to send among `available` (identity always is): the client's most preferred by
 * q-value, ties to the smallest. A request without Accept-Encoding gets identity, as one with an
 * empty field does. When the client refuses identity and accepts nothing available, identity is
 * sent all the same: RFC 9110 §12.5.3 allows that over a 406, and every client can read it.
 */
export function chooseCoding(
  acceptEncoding: string | undefined,
  available: readonly ContentCoding[],
): ContentCoding {
  if (acceptEncoding === undefined || available.length === 1) return "identity";
  // Readers send a handful of distinct fields: each is negotiated once per isolate.
  const key = `${available.join(",")}\n${acceptEncoding}`;
  const known = choices.get(key);
  if (known) return known;
  const first = new Negotiator({ headers: { "accept-encoding": withoutAliases(acceptEncoding) } }).encodings(
    available,
    { preferred },
  )[0];
  const chosen = available.find((coding) => coding === first) ?? "identity";
  if (choices.size >= 256) choices.clear();
  choices.set(key, chosen);
  return chosen;
}

const choices = new Map<string, ContentCoding>();
