/** readAtMost: the hub's bounded reads of forms and callback answers. */
import { describe, expect, it } from "vitest";
import { readAtMost } from "../../src/lib/read-at-most";

/** A body that arrives in these chunks, recording whether the reader cancelled it. */
function chunked(chunks: Uint8Array[]): { body: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false;
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { body, cancelled: () => cancelled };
}

describe("readAtMost", () => {
  it("decodes a body whose characters are split across chunks", async () => {
    const bytes = new TextEncoder().encode("hub.mode=publish&hub.url=é€😀");
    const cuts = [0, 27, 28, 31, 33, bytes.length];
    const chunks = cuts.slice(1).map((end, i) => bytes.slice(cuts[i], end));
    expect(await readAtMost(chunked(chunks), bytes.length)).toBe("hub.mode=publish&hub.url=é€😀");
  });

  it("stops at the first chunk past the limit, and cancels the rest", async () => {
    const source = chunked([new Uint8Array(4), new Uint8Array(4), new Uint8Array(4)]);
    expect(await readAtMost(source, 7)).toBeUndefined();
    expect(source.cancelled()).toBe(true);
  });

  it("reads a body of exactly the limit, and refuses one byte more", async () => {
    expect(await readAtMost(chunked([new Uint8Array(4).fill(65), new Uint8Array(4).fill(66)]), 8)).toBe(
      "AAAABBBB",
    );
    expect(await readAtMost(chunked([new Uint8Array(4), new Uint8Array(5)]), 8)).toBeUndefined();
  });

  it("reads an empty or absent body as the empty text", async () => {
    expect(await readAtMost({ body: null }, 10)).toBe("");
    expect(await readAtMost(chunked([]), 0)).toBe("");
  });
});
