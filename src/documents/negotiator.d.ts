// The part of negotiator (jshttp) this project uses. Its DefinitelyTyped package (0.6) predates the
// `preferred` option of 1.x, which breaks ties between equally acceptable codings our way.
declare module "negotiator" {
  export default class Negotiator {
    constructor(request: { headers: Record<string, string | undefined> });
    encodings(available: readonly string[], options?: { preferred?: readonly string[] }): string[];
  }
}
