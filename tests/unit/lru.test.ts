import { describe, expect, it } from "vitest";
import { Lru } from "../../src/lib/lru";

/** Lets every pending promise callback run (a rejection's `.catch` handlers among them). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A promise with its resolve and reject functions, to control when it settles. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** The keys of `keys` the cache still holds (reading them makes them recently used, in that order). */
function held<V>(lru: Lru<string, V>, keys: readonly string[]): string[] {
  return keys.filter((key) => lru.get(key) !== undefined);
}

describe("Lru: get, set, delete", () => {
  it("answers what was set, and undefined for a key never set", () => {
    const lru = new Lru<string, number>(3);
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.get("a")).toBe(1);
    expect(lru.get("b")).toBe(2);
    expect(lru.get("c")).toBeUndefined();
  });

  it("replaces the value of a key set again", () => {
    const lru = new Lru<string, number>(3);
    lru.set("a", 1);
    lru.set("a", 2);
    expect(lru.get("a")).toBe(2);
  });

  it("forgets a deleted key, and only that one", () => {
    const lru = new Lru<string, number>(3);
    lru.set("a", 1);
    lru.set("b", 2);
    lru.delete("a");
    expect(lru.get("a")).toBeUndefined();
    expect(lru.get("b")).toBe(2);
  });

  it("holds exactly `capacity` entries, then drops the oldest for each new one", () => {
    const lru = new Lru<string, number>(3);
    for (const [index, key] of ["a", "b", "c"].entries()) lru.set(key, index);
    expect(held(lru, ["a", "b", "c"])).toEqual(["a", "b", "c"]);
    lru.set("d", 3);
    expect(held(lru, ["a", "b", "c", "d"])).toEqual(["b", "c", "d"]);
    lru.set("e", 4);
    expect(held(lru, ["a", "b", "c", "d", "e"])).toEqual(["c", "d", "e"]);
  });

  it("with capacity 1 keeps only the last key set", () => {
    const lru = new Lru<string, number>(1);
    lru.set("a", 1);
    expect(lru.get("a")).toBe(1);
    lru.set("b", 2);
    expect(lru.get("a")).toBeUndefined();
    expect(lru.get("b")).toBe(2);
  });

  it("counts a key read with get as recently used", () => {
    const lru = new Lru<string, number>(2);
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.get("a")).toBe(1); // a is now the most recently used…
    lru.set("c", 3); // …so b goes
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe(1);
    expect(lru.get("c")).toBe(3);
  });

  it("counts a key set again as recently used", () => {
    const lru = new Lru<string, number>(2);
    lru.set("a", 1);
    lru.set("b", 2);
    lru.set("a", 10);
    lru.set("c", 3);
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe(10);
  });

  it("takes no room for a key that was only asked for", () => {
    const lru = new Lru<string, number>(2);
    lru.set("a", 1);
    for (const key of ["x", "y", "z"]) expect(lru.get(key)).toBeUndefined();
    lru.set("b", 2);
    expect(lru.get("a")).toBe(1);
    expect(lru.get("b")).toBe(2);
  });

  it("frees the room of a deleted key", () => {
    const lru = new Lru<string, number>(2);
    lru.set("a", 1);
    lru.set("b", 2);
    lru.delete("b");
    lru.set("c", 3);
    expect(lru.get("a")).toBe(1);
    expect(lru.get("c")).toBe(3);
  });
});

describe("Lru.getOrMake", () => {
  it("makes a value once, on the first miss, and answers later calls from memory", () => {
    const lru = new Lru<string, string>(4);
    let made = 0;
    const make = () => {
      made++;
      return `value ${made}`;
    };
    expect(lru.getOrMake("k", make)).toBe("value 1");
    expect(lru.getOrMake("k", make)).toBe("value 1");
    expect(made).toBe(1);
    expect(lru.get("k")).toBe("value 1");
  });

  it("answers a value that was set, without making one", () => {
    const lru = new Lru<string, string>(4);
    lru.set("k", "set");
    expect(lru.getOrMake("k", () => "made")).toBe("set");
  });

  it("keeps plain (non-promise) values, falsy ones included", () => {
    const lru = new Lru<string, number | string>(4);
    expect(lru.getOrMake("zero", () => 0)).toBe(0);
    expect(lru.getOrMake("empty", () => "")).toBe("");
    expect(lru.getOrMake("zero", () => 1)).toBe(0);
    expect(lru.getOrMake("empty", () => "again")).toBe("");
  });

  it("keeps a promise that resolves", async () => {
    const lru = new Lru<string, Promise<string>>(4);
    const first = lru.getOrMake("k", async () => "ok");
    await expect(first).resolves.toBe("ok");
    await settle();
    expect(lru.getOrMake("k", async () => "again")).toBe(first);
  });

  it("forgets a promise that rejects, so that the next call makes a new one", async () => {
    const lru = new Lru<string, Promise<string>>(4);
    const failed = lru.getOrMake("k", () => Promise.reject(new Error("store down")));
    await expect(failed).rejects.toThrow("store down");
    await settle();
    expect(lru.get("k")).toBeUndefined();
    await expect(lru.getOrMake("k", async () => "recovered")).resolves.toBe("recovered");
  });

  it("shares a pending promise between calls, and then its rejection", async () => {
    const lru = new Lru<string, Promise<string>>(4);
    const gate = deferred<string>();
    const first = lru.getOrMake("k", () => gate.promise);
    const second = lru.getOrMake("k", async () => "unused");
    expect(second).toBe(first);
    gate.reject(new Error("late"));
    await expect(first).rejects.toThrow("late");
    await settle();
    expect(lru.get("k")).toBeUndefined();
  });

  it("does not drop a newer value when a promise made for the same key before rejects late", async () => {
    const lru = new Lru<string, Promise<string>>(1);
    const late = deferred<string>();
    const first = lru.getOrMake("a", () => late.promise);
    lru.getOrMake("b", async () => "b"); // evicts a
    const newer = lru.getOrMake("a", async () => "a, again");
    late.reject(new Error("late failure"));
    await expect(first).rejects.toThrow("late failure");
    await settle();
    expect(lru.get("a")).toBe(newer);
    await expect(newer).resolves.toBe("a, again");
  });

  it("does not drop a value set over a pending promise when that promise rejects", async () => {
    const lru = new Lru<string, Promise<string>>(4);
    const late = deferred<string>();
    const first = lru.getOrMake("a", () => late.promise);
    const replacement = Promise.resolve("replacement");
    lru.set("a", replacement);
    late.reject(new Error("late failure"));
    await expect(first).rejects.toThrow("late failure");
    await settle();
    expect(lru.get("a")).toBe(replacement);
  });

  it("counts toward the capacity like set", () => {
    const lru = new Lru<string, string>(2);
    for (const key of ["a", "b", "c"]) lru.getOrMake(key, () => key.toUpperCase());
    expect(lru.get("a")).toBeUndefined();
    expect(lru.get("b")).toBe("B");
    expect(lru.get("c")).toBe("C");
  });
});
