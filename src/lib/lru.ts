/**
 * A map that keeps at most `capacity` entries, dropping the least recently used: per-isolate
 * memory must stay bounded whatever addresses requests name (every unknown tag a crawler tries).
 */
export class Lru<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  /** The value for `key`, made by `make` on a miss; a rejected promise is not kept. */
  getOrMake(key: K, make: () => V): V {
    const found = this.get(key);
    if (found !== undefined) return found;
    const made = make();
    this.set(key, made);
    // Forget a rejected promise, unless a newer value replaced it meanwhile.
    if (made instanceof Promise) {
      made.catch(() => {
        if (this.#entries.get(key) === made) this.#entries.delete(key);
      });
    }
    return made;
  }
}
