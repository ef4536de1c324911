/**
 * The image formats a lead image may have: what the build accepts in content/media/, and what the
 * worker serves at /media/<hash>.<ext>. One table, so that the extension a stored key ends with
 * always names the media type its bytes have. These five are the raster formats every current
 * browser shows; AVIF is the newest of them (Chromium 85, Firefox 93, Safari 16).
 */
export interface ImageFormat {
  /** How messages name it: "JPEG". */
  name: string;
  mediaType: string;
  /** The extension of stored keys; also the name image-size gives the format it detects. */
  extension: string;
  /** File name extensions that say this format, lower case, without the dot. */
  fileExtensions: readonly string[];
}

export const imageFormats: readonly ImageFormat[] = [
  { name: "JPEG", mediaType: "image/jpeg", extension: "jpg", fileExtensions: ["jpg", "jpeg"] },
  { name: "PNG", mediaType: "image/png", extension: "png", fileExtensions: ["png"] },
  { name: "WebP", mediaType: "image/webp", extension: "webp", fileExtensions: ["webp"] },
  { name: "GIF", mediaType: "image/gif", extension: "gif", fileExtensions: ["gif"] },
  { name: "AVIF", mediaType: "image/avif", extension: "avif", fileExtensions: ["avif"] },
];

/** "a JPEG, PNG, WebP, GIF or AVIF image", for messages. */
export const acceptedImages = `a ${imageFormats
  .map((format) => format.name)
  .join(", ")
  .replace(/, ([^,]*)$/, " or $1")} image`;

/** The format a file name's extension says (case ignored), if it is one of the table's. */
export function formatOfFileName(name: string): ImageFormat | undefined {
  const dot = name.lastIndexOf(".");
  if (dot === -1) return undefined;
  const extension = name.slice(dot + 1).toLowerCase();
  return imageFormats.find((format) => format.fileExtensions.includes(extension));
}

/** The format of a stored key's extension ("<hash>.jpg"), exactly as keys are written. */
export function formatOfKey(key: string): ImageFormat | undefined {
  const extension = key.slice(key.lastIndexOf(".") + 1);
  return imageFormats.find((format) => format.extension === extension);
}
