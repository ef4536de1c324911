/**
 * A response's or request's body as text, or undefined when it is longer than `limit` bytes (then
 * it is not read further).
 */
export async function readAtMost(
  message: { body: ReadableStream<Uint8Array> | null },
  limit: number,
): Promise<string | undefined> {
  if (!message.body) return "";
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return new Blob(chunks).text();
}
