import { createHash } from "node:crypto";

const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford's base 32: no i, l, o, u to misread

/**
 * The article's short code for /s/<code>: 8 base-32 characters (40 bits) of the SHA-256 of its
 * permanent id, so it never changes while the id does not, whatever happens to title or slug. The
 * build refuses two articles with the same code (about one chance in 10^4 at 100,000 articles).
 */
export function shortCodeFor(id: string): string {
  const digest = createHash("sha256").update(id).digest();
  let bits = 0n;
  for (const byte of digest.subarray(0, 5)) bits = (bits << 8n) | BigInt(byte);
  let code = "";
  for (let i = 0; i < 8; i++) {
    code = (alphabet[Number(bits & 31n)] ?? "0") + code;
    bits >>= 5n;
  }
  return code;
}
