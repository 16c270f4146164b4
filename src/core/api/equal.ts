/**
 * Equality of JSON-shaped values as their JSON text would decide it (same keys in the same order,
 * undefined members skipped), without building the text: the kubelet compares each pod status it
 * builds with the last one it wrote, 150,000 times over at scale.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return printsNull(a) && printsNull(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      const y = b[i];
      // Inside arrays undefined (and functions) print as null.
      if (x === y) continue;
      if ((x === undefined || x === null || typeof x === 'function') && (y === undefined || y === null || typeof y === 'function')) continue;
      if (!jsonEqual(x, y)) return false;
    }
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  let i = 0;
  let j = 0;
  const oa = a as Record<string, unknown>;
  const ob = b as Record<string, unknown>;
  for (;;) {
    while (i < ka.length && skipped(oa[ka[i]!])) i++;
    while (j < kb.length && skipped(ob[kb[j]!])) j++;
    if (i === ka.length || j === kb.length) return i === ka.length && j === kb.length;
    const k = ka[i]!;
    if (k !== kb[j] || !jsonEqual(oa[k], ob[k])) return false;
    i++;
    j++;
  }
}

/** Numbers JSON cannot show (NaN, Infinity) print as null. */
function printsNull(v: unknown): boolean {
  return v === null || (typeof v === 'number' && !Number.isFinite(v));
}

function skipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}
