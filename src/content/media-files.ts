import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { imageSize } from "image-size";
import { acceptedImages, formatOfFileName, imageFormats } from "../lib/image-formats";
import { mediaHashLength } from "../urls/url-map";
import { oneLine } from "./front-matter";
import type { MediaEntry, MediaLookup } from "./lead-image";

/**
 * The files of content/media/ as the build sees them: each one's format, size in pixels and bytes,
 * and the key it is stored under, read with image-size (which reads the format's header, so a file
 * whose bytes are another format than its name says is caught here, not by a reader's browser).
 */

/** A file of the media folder, with what its metadata says of it (to notice it is unchanged). */
export interface MediaListing {
  /** Path within the media folder, "/"-separated. */
  name: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** EXIF orientations 5 to 8 turn the picture a quarter: it is shown with width and height swapped. */
function shownSize(size: { width: number; height: number; orientation?: number }) {
  const turned = size.orientation !== undefined && size.orientation >= 5 && size.orientation <= 8;
  return turned ? { width: size.height, height: size.width } : { width: size.width, height: size.height };
}

/** What the format detector makes of `bytes`: its name ("png", "svg"…) and size, or undefined. */
function detect(bytes: Uint8Array): { type: string; width: number; height: number } | undefined {
  try {
    const size = imageSize(bytes);
    const shown = shownSize(size);
    if (size.type === undefined || !(shown.width >= 1 && shown.height >= 1)) return undefined;
    return { type: size.type, ...shown };
  } catch {
    // image-size throws on bytes it cannot read: not an image, or a damaged one.
    return undefined;
  }
}

/** The entry of the file `name` of content/media/, whose bytes are `bytes`. */
export function inspectMedia(name: string, bytes: Uint8Array): MediaEntry {
  const file = `content/media/${oneLine(name)}`;
  const declared = formatOfFileName(name);
  const dot = name.lastIndexOf(".");
  const extension = dot === -1 ? "" : name.slice(dot + 1);
  if (declared === undefined) {
    const extensions = imageFormats.flatMap((format) => format.fileExtensions.map((ext) => `.${ext}`));
    return {
      expected: `${acceptedImages}, named ${extensions.join(", ")}`,
      found: `${file}, ${extension === "" || extension.includes("/") ? "a name without an extension" : `an extension .${oneLine(extension)}`}`,
    };
  }
  const found = detect(bytes);
  const detected = found && imageFormats.find((format) => format.extension === found.type);
  const expected = `${declared.name} bytes, as the extension .${oneLine(extension)} says`;
  if (found === undefined) {
    return { expected, found: `${file}, whose bytes are no image the build can read` };
  }
  if (detected === undefined) {
    return { expected, found: `${file}, whose bytes are ${found.type.toUpperCase()}, not ${acceptedImages}` };
  }
  if (detected !== declared) {
    const stem = path.posix.basename(name, `.${extension}`);
    return {
      expected,
      found: `${file}, whose bytes are a ${detected.name} image: rename it to ${oneLine(stem)}.${detected.extension}`,
    };
  }
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, mediaHashLength);
  return {
    key: `${hash}.${declared.extension}`,
    type: declared.mediaType,
    width: found.width,
    height: found.height,
    bytes: bytes.byteLength,
  };
}

/** The entry of a file the build could not read. */
export function unreadableMedia(name: string, error: unknown): MediaEntry {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return {
    expected: "a file the build can read",
    found: `content/media/${oneLine(name)}, which it cannot (error ${oneLine(code)})`,
  };
}

/** Where the file `name` of the media folder `dir` is. */
export function mediaFilePath(dir: string, name: string): string {
  return path.join(dir, ...name.split("/"));
}

/**
 * Every file in the media folder `dir` and its subfolders, in name order. Names starting with "."
 * (editors' and systems' files such as .DS_Store) or "_" are skipped, as in content/. A folder that
 * does not exist holds nothing.
 */
export async function listMediaFiles(dir: string): Promise<MediaListing[]> {
  const listed: MediaListing[] = [];
  async function walk(prefix: string): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(path.join(dir, prefix))).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT" && prefix === "") return;
      throw error;
    }
    for (const entry of names) {
      if (entry.startsWith(".") || entry.startsWith("_")) continue;
      const name = prefix === "" ? entry : `${prefix}/${entry}`;
      let info: Awaited<ReturnType<typeof stat>>;
      try {
        info = await stat(mediaFilePath(dir, name));
      } catch {
        // A broken link: named when an article uses it, as a file the build cannot read.
        listed.push({ name, size: -1, mtimeMs: 0, ctimeMs: 0, ino: 0 });
        continue;
      }
      if (info.isDirectory()) await walk(name);
      else if (info.isFile()) {
        const { size, mtimeMs, ctimeMs, ino } = info;
        listed.push({ name, size, mtimeMs, ctimeMs, ino });
      }
    }
  }
  await walk("");
  return listed;
}

/** Reads and inspects one listed file. */
export async function readMediaEntry(dir: string, name: string): Promise<MediaEntry> {
  try {
    return inspectMedia(name, await readFile(mediaFilePath(dir, name)));
  } catch (error) {
    return unreadableMedia(name, error);
  }
}

/** Every file of the media folder `dir`, read and inspected (the cached build keeps them: fast-build.ts). */
export async function readMediaDirectory(dir: string): Promise<Map<string, MediaEntry>> {
  const library = new Map<string, MediaEntry>();
  for (const { name } of await listMediaFiles(dir)) library.set(name, await readMediaEntry(dir, name));
  return library;
}

/** A lookup over a library read by readMediaDirectory. */
export function lookupIn(library: ReadonlyMap<string, MediaEntry>): MediaLookup {
  return (name) => library.get(name);
}
