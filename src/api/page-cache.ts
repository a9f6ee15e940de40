/**
 * Serialized pages of stored results, reused until the journal changes. A stored page is the same
 * bytes on every read, and building one (500 rows read, mapped and serialized) costs ~10 ms of CPU
 * where sending it costs a small fraction of that; dashboards and scripts read the same pages
 * again and again. Any commit of the daemon changes SQLite's `data_version`, which empties the
 * cache, so a page is never staler than the journal.
 */
export interface PageCache {
  /** The cached JSON bytes for `key`, or builds, keeps and returns them. */
  get(key: string, dataVersion: number, build: () => string): Buffer;
  readonly stats: () => { entries: number; bytes: number; hits: number; misses: number };
}

export function createPageCache(maxBytes = 64 * 1024 * 1024, maxEntries = 512): PageCache {
  const pages = new Map<string, Buffer>();
  let version = Number.NaN;
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  return {
    get(key, dataVersion, build) {
      if (dataVersion !== version) {
        pages.clear();
        bytes = 0;
        version = dataVersion;
      }
      const hit = pages.get(key);
      if (hit !== undefined) {
        hits++;
        // Map order is insertion order: re-inserting marks it most recently used.
        pages.delete(key);
        pages.set(key, hit);
        return hit;
      }
      misses++;
      // Kept as UTF-8 bytes: encoding a 170 kB string on every send was most of a cached read's cost.
      const json = Buffer.from(build(), 'utf8');
      if (json.length > maxBytes / 4) return json;
      pages.set(key, json);
      bytes += json.length;
      for (const [oldest, page] of pages) {
        if (bytes <= maxBytes && pages.size <= maxEntries) break;
        pages.delete(oldest);
        bytes -= page.length;
      }
      return json;
    },
    stats: () => ({ entries: pages.size, bytes, hits, misses }),
  };
}
