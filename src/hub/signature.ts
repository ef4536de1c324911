/**
 * X-Hub-Signature of a delivery (W3C WebSub 8): "sha256=" and the lowercase hex HMAC-SHA256 of
 * the body, keyed with the subscriber's hub.secret (as UTF-8), with Web Crypto.
 */
export async function hubSignature(secret: string, body: ArrayBuffer): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, body));
  return `sha256=${[...mac].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

/** The version of a document: the hex SHA-256 of its bytes. */
export async function documentVersion(body: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  return [...digest].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
