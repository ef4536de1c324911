import type { RenderedDocument } from "../../../src/documents/rendered-document";

/** A Blob's bytes. */
export async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

/**
 * The document with each representation's bytes read out of its Blob: Blobs hold their bytes out
 * of reach of toStrictEqual, which would find any two Blobs equal.
 */
export async function withBytes(document: RenderedDocument | undefined) {
  if (!document) return undefined;
  const representations = await Promise.all(
    document.representations.map(async (representation) => ({
      ...representation,
      body: await bytesOf(representation.body),
    })),
  );
  return { ...document, representations };
}
