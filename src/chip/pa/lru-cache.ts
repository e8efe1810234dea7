// A bounded map that evicts the least recently used entry, for the trust store's caches of
// parsed signer certificates and their chain results.

export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`LRU cache size ${maxEntries} is invalid; expected a positive integer`);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Returns the value and marks it as the most recently used. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);

    if (value === undefined) {
      return undefined;
    }

    // A Map iterates in insertion order, so re-inserting moves the key to the newest end.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores the value as the most recently used and evicts the oldest entry when full. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);

    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
