// A per-process cache of reference data that rarely changes (organisations, categories, the
// working-day calendar), kept per database: one process may hold several (tests, federation peers).
// Other processes (workers, other app instances) change the same data and cannot tell this one, so
// every entry expires after `ttlMs`; this process's own writes call clear(). Only found values are
// kept: something created elsewhere is seen at once.
export class TtlCache<V> {
  private byDb = new WeakMap<object, Map<string, { at: number; value: Promise<V | undefined> }>>();

  constructor(private readonly ttlMs: number) {}

  get(db: object, key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    let entries = this.byDb.get(db);
    if (!entries) this.byDb.set(db, (entries = new Map()));
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const entry = { at: now, value: load() };
    entries.set(key, entry);
    const forget = () => {
      if (entries.get(key) === entry) entries.delete(key);
    };
    entry.value.then((v) => v === undefined && forget(), forget);
    return entry.value;
  }

  clear(): void {
    this.byDb = new WeakMap();
  }
}
