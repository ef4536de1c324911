/** Files of v8-serialised values: the build cache and the state publishing keeps. */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import v8 from "node:v8";

/** The value in `file`; undefined when it is missing or unreadable, as a cache may be. */
export async function readSerialized<T>(file: string): Promise<T | undefined> {
  try {
    return v8.deserialize(await readFile(file)) as T;
  } catch {
    return undefined;
  }
}

/** Writes whole or not at all, so that an interrupted run never leaves a torn file. */
export async function writeSerialized(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, v8.serialize(value));
  await rename(partial, file);
}
