import Negotiator from "negotiator";

/**
 * Content codings (RFC 9110 §8.4.1): every document is compressed once, when it is built, and the
 * coding a request gets is chosen from its Accept-Encoding (§12.5.3) by negotiator, the parser
 * Express and most Node servers use.
 */
export type ContentCoding = "br" | "gzip" | "identity";

/** Every coding a document may have, smallest first: when a client accepts several equally, the smallest wins. */
export const contentCodings: readonly ContentCoding[] = ["br", "gzip", "identity"];

/**
 * "x-gzip" is gzip (RFC 9110 §8.4.1.3 says a recipient SHOULD treat them as one); negotiator knows
 * only the names it is given, so the alias is rewritten before it reads the field.
 */
function withoutAliases(acceptEncoding: string): string {
  return acceptEncoding.replace(/(^|,)(\s*)x-gzip(?=\s*(?:;|,|$))/gi, "$1$2gzip");
}

/**
 * The codings a field accepts, best first: by q-value, ties to the smallest. Readers send a handful
 * of distinct fields, so each is negotiated once per isolate, over every coding there is.
 */
function acceptedCodings(acceptEncoding: string): readonly ContentCoding[] {
  let accepted = negotiated.get(acceptEncoding);
  if (!accepted) {
    accepted = new Negotiator({ headers: { "accept-encoding": withoutAliases(acceptEncoding) } }).encodings(
      contentCodings,
      { preferred: contentCodings },
    ) as ContentCoding[];
    if (negotiated.size >= 256) negotiated.clear();
    negotiated.set(acceptEncoding, accepted);
  }
  return accepted;
}

const negotiated = new Map<string, readonly ContentCoding[]>();

/**
 * The coding to send among `available` (identity always is): the first the client accepts, in its
 * order. A request without Accept-Encoding gets identity, as one with an empty field does. When the
 * client refuses identity and accepts nothing available, identity is sent all the same: RFC 9110
 * §12.5.3 allows that over a 406, and every client can read it.
 */
export function chooseCoding(
  acceptEncoding: string | undefined,
  available: readonly ContentCoding[],
): ContentCoding {
  if (acceptEncoding === undefined || available.length === 1) return "identity";
  return acceptedCodings(acceptEncoding).find((coding) => available.includes(coding)) ?? "identity";
}
