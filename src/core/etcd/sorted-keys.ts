/**
 * A sorted set of strings kept in chunks (a flat B-tree): insert and delete cost O(log n + chunk)
 * instead of re-sorting 150,000 keys after every create, and a prefix scan starts with a binary
 * search. Keys compare by UTF-16 code units, which matches etcd's byte order for ASCII keys.
 */

const MAX_CHUNK = 1024;

export class SortedKeys {
  private chunks: string[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(key: string): boolean {
    const c = this.chunkFor(key);
    if (c < 0) return false;
    const chunk = this.chunks[c]!;
    const i = lowerBound(chunk, key);
    return chunk[i] === key;
  }

  add(key: string): boolean {
    if (this.chunks.length === 0) {
      this.chunks.push([key]);
      this.count = 1;
      return true;
    }
    const c = Math.max(0, this.chunkFor(key));
    const chunk = this.chunks[c]!;
    const i = lowerBound(chunk, key);
    if (chunk[i] === key) return false;
    chunk.splice(i, 0, key);
    this.count++;
    if (chunk.length > MAX_CHUNK) this.chunks.splice(c, 1, chunk.slice(0, chunk.length >> 1), chunk.slice(chunk.length >> 1));
    return true;
  }

  delete(key: string): boolean {
    const c = this.chunkFor(key);
    if (c < 0) return false;
    const chunk = this.chunks[c]!;
    const i = lowerBound(chunk, key);
    if (chunk[i] !== key) return false;
    chunk.splice(i, 1);
    this.count--;
    if (chunk.length === 0) this.chunks.splice(c, 1);
    return true;
  }

  clear(): void {
    this.chunks = [];
    this.count = 0;
  }

  /** Replaces the content with keys that are already sorted and unique. */
  load(sorted: string[]): void {
    this.chunks = [];
    for (let i = 0; i < sorted.length; i += MAX_CHUNK >> 1) this.chunks.push(sorted.slice(i, i + (MAX_CHUNK >> 1)));
    this.count = sorted.length;
  }

  /** Keys starting with `prefix`, in order; `after` skips keys <= it (paging). */
  *withPrefix(prefix: string, after?: string): Generator<string> {
    const from = after !== undefined && after >= prefix ? after : prefix;
    let c = Math.max(0, this.chunkFor(from));
    let i = c < this.chunks.length ? lowerBound(this.chunks[c]!, from) : 0;
    for (; c < this.chunks.length; c++, i = 0) {
      const chunk = this.chunks[c]!;
      for (; i < chunk.length; i++) {
        const k = chunk[i]!;
        if (!k.startsWith(prefix)) {
          if (k > prefix) return;
          continue;
        }
        if (after !== undefined && k <= after) continue;
        yield k;
      }
    }
  }

  /** Index of the last chunk whose first key is <= key (-1 if key sorts before all). */
  private chunkFor(key: string): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.chunks[mid]![0]! <= key) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

function lowerBound(arr: string[], key: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
