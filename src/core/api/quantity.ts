/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource), exact where it matters:
 * values are parsed into a scaled BigInt (like inf.Dec), rounded up to nano units as the API does,
 * and formatted back in the canonical form Quantity.String() prints. Hot callers (scheduler,
 * kubelet, top) use `parseQuantity`/`cpuMillis`, which are cached per text.
 */

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";
export const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';

/** A parsed quantity: value = unscaled * 10^-scale (scale <= 9 after rounding). */
export interface ParsedQuantity {
  unscaled: bigint;
  scale: number;
  format: QuantityFormat;
  /** The original text when the API would re-emit it unchanged (already canonical). */
  text?: string;
}

const DEC_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DEC_BY_EXP = new Map<number, string>(Object.entries(DEC_SUFFIX).map(([s, e]) => [e, s]));
const BIN_BY_EXP = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const SUFFIX_CHARS = 'eEinumkKMGTP';
const MAX_INT64 = (1n << 63n) - 1n;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Parses like resource.ParseQuantity; throws Error with the apimachinery message. */
export function parseQuantityExact(str: string): ParsedQuantity {
  if (str.length === 0) throw new Error(QUANTITY_FORMAT_ERROR);
  if (str === '0') return { unscaled: 0n, scale: 0, format: 'DecimalSI', text: '0' };

  // The scanner of parseQuantityString: sign, leading zeros, digits, '.', digits, suffix.
  let pos = 0;
  const end = str.length;
  let positive = true;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') pos++;
  while (pos < end && str[pos] === '0') pos++;
  let num = '';
  let denom = '';
  let suffix = '';
  if (pos >= end) {
    num = '0';
  } else {
    const numStart = pos;
    while (pos < end && isDigit(str[pos])) pos++;
    num = str.slice(numStart, pos) || '0';
    if (pos < end && str[pos] === '.') {
      pos++;
      const denomStart = pos;
      while (pos < end && isDigit(str[pos])) pos++;
      denom = str.slice(denomStart, pos);
    }
    const suffixStart = pos;
    while (pos < end && SUFFIX_CHARS.includes(str[pos]!)) pos++;
    if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
    while (pos < end && isDigit(str[pos])) pos++;
    if (pos < end) throw new Error(QUANTITY_FORMAT_ERROR);
    suffix = str.slice(suffixStart);
  }

  let base: 2 | 10;
  let exponent: number;
  let format: QuantityFormat;
  if (Object.hasOwn(DEC_SUFFIX, suffix)) {
    base = 10;
    exponent = DEC_SUFFIX[suffix]!;
    format = 'DecimalSI';
  } else if (Object.hasOwn(BIN_SUFFIX, suffix)) {
    base = 2;
    exponent = BIN_SUFFIX[suffix]!;
    format = 'BinarySI';
  } else if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?\d+$/.test(suffix.slice(1))) {
    base = 10;
    exponent = Number(suffix.slice(1));
    format = 'DecimalExponent';
  } else {
    throw new Error(QUANTITY_SUFFIX_ERROR);
  }

  // The fast path keeps the original text when it is already canonical (e.g. "+5", "100Mi").
  let text: string | undefined;
  const shifted = num + denom;
  if (base === 10) {
    const scale = exponent - denom.length;
    if (18 - shifted.length >= 0 && scale >= -9) {
      if (scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0') text = str;
    }
  } else if (denom.length === 0) {
    const precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    if (precision >= 0 && (Number(num) & 7) !== 0) text = str;
  }

  let unscaled = BigInt(shifted);
  let scale = denom.length;
  if (base === 10) scale -= exponent;
  else unscaled <<= BigInt(exponent);
  if (scale < 0) {
    unscaled *= pow10(-scale);
    scale = 0;
  }
  // Round up (away from zero) to nano precision: asking for a little gets a little.
  if (scale > 9) {
    const div = pow10(scale - 9);
    unscaled = (unscaled + div - 1n) / div;
    scale = 9;
  }
  if (format === 'BinarySI' && unscaled > MAX_INT64 * pow10(scale)) {
    unscaled = MAX_INT64;
    scale = 0;
  }
  if (format === 'BinarySI' && unscaled > 0n && unscaled < pow10(scale)) format = 'DecimalSI';
  if (!positive) unscaled = -unscaled;
  return text !== undefined ? { unscaled, scale, format, text } : { unscaled, scale, format };
}

function removeFactors(value: bigint, factor: bigint): [bigint, number] {
  let times = 0;
  if (value === 0n) return [0n, 0];
  while (value % factor === 0n) {
    value /= factor;
    times++;
  }
  return [value, times];
}

/** Quantity.String(): the canonical text of a parsed quantity. */
export function canonicalString(q: ParsedQuantity): string {
  if (q.text !== undefined) return q.text;
  if (q.unscaled === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const abs = q.unscaled < 0n ? -q.unscaled : q.unscaled;
    if (abs < 1024n * pow10(q.scale)) format = 'DecimalSI';
    else {
      // Exact at scale 0?
      let exact = true;
      let whole = q.unscaled;
      if (q.scale > 0) {
        const d = pow10(q.scale);
        exact = q.unscaled % d === 0n;
        whole = q.unscaled / d;
      }
      if (!exact) format = 'DecimalSI';
      else {
        const neg = whole < 0n;
        const [m, times] = removeFactors(neg ? -whole : whole, 1024n);
        // 2^63-1 is the cap, so times never exceeds 6.
        return `${neg ? '-' : ''}${m}${BIN_BY_EXP[times] ?? ''}`;
      }
    }
  }
  const neg = q.unscaled < 0n;
  let [mantissa, times] = removeFactors(neg ? -q.unscaled : q.unscaled, 10n);
  let exponent = times - q.scale;
  const rem = ((exponent % 3) + 3) % 3;
  if (rem !== 0) {
    mantissa *= pow10(rem);
    exponent -= rem;
  }
  let suffix: string;
  if (format === 'DecimalExponent') suffix = exponent === 0 ? '' : `e${exponent}`;
  else suffix = DEC_BY_EXP.get(exponent) ?? ''; // apimachinery prints no suffix past E (a known quirk)
  return `${neg ? '-' : ''}${mantissa}${suffix}`;
}

function toNumber(q: ParsedQuantity): number {
  if (q.scale === 0) return Number(q.unscaled);
  return Number(q.unscaled) / 10 ** q.scale;
}

const cache = new Map<string, number>();
const CACHE_MAX = 20000;

/** Value in base units as a float: "250m" -> 0.25, "128Mi" -> 134217728. Throws on malformed text. */
export function parseQuantity(s: string | number): number {
  if (typeof s === 'number') return s;
  const hit = cache.get(s);
  if (hit !== undefined) return hit;
  const v = toNumber(parseQuantityExact(s));
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(s, v);
  return v;
}

/** Whether the API server would accept the text as a quantity. */
export function isQuantity(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  if (cache.has(s)) return true;
  try {
    parseQuantity(s);
    return true;
  } catch {
    return false;
  }
}

/** Like parseQuantity but undefined instead of throwing. */
export function tryParseQuantity(s: string | number | undefined | null): number | undefined {
  if (s === undefined || s === null) return undefined;
  if (typeof s === 'number') return s;
  try {
    return parseQuantity(s);
  } catch {
    return undefined;
  }
}

function ceilScaled(q: ParsedQuantity, targetScale: number): bigint {
  // value * 10^targetScale, rounded up (Quantity.ScaledValue rounds away from zero for positives).
  const shift = targetScale - q.scale;
  if (shift >= 0) return q.unscaled * pow10(shift);
  const d = pow10(-shift);
  const quo = q.unscaled / d;
  return q.unscaled % d === 0n ? quo : q.unscaled > 0n ? quo + 1n : quo;
}

const milliCache = new Map<string, number>();

/** Quantity.MilliValue(): millicores for cpu ("250m" -> 250, "1.5" -> 1500), rounded up. */
export function cpuMillis(s: string | number): number {
  if (typeof s === 'number') return Math.ceil(s * 1000 - 1e-9);
  const hit = milliCache.get(s);
  if (hit !== undefined) return hit;
  const v = Number(ceilScaled(parseQuantityExact(s), 3));
  if (milliCache.size >= CACHE_MAX) milliCache.clear();
  milliCache.set(s, v);
  return v;
}

/** Quantity.Value(): integer base units, rounded up ("0.5" -> 1, "128Mi" -> 134217728). */
export function quantityValue(s: string | number): number {
  if (typeof s === 'number') return Math.ceil(s);
  return Number(ceilScaled(parseQuantityExact(s), 0));
}

/** Canonical form of a quantity text, as the API server stores it ("1.5Gi" -> "1536Mi", "0.5" -> "500m"). */
export function formatQuantity(s: string | number, format?: QuantityFormat): string {
  if (typeof s === 'number') return quantityString(s, format ?? 'DecimalSI');
  const q = parseQuantityExact(s);
  if (format && format !== q.format) return canonicalString({ unscaled: q.unscaled, scale: q.scale, format });
  return canonicalString(q);
}

/** A computed value (e.g. a sum of requests) in canonical form for the given format. */
export function quantityString(value: number, format: QuantityFormat = 'DecimalSI'): string {
  if (!Number.isFinite(value)) throw new Error(`quantity value ${value} is not finite`);
  // toPrecision(15) drops float noise (0.1 + 0.2) before the exact decimal parse.
  const q = parseQuantityExact(Number(value.toPrecision(15)).toString().replace('e+', 'e'));
  let { unscaled, scale } = q;
  if (format === 'BinarySI' && unscaled > 0n && unscaled < pow10(scale)) format = 'DecimalSI';
  if (format === 'BinarySI' && unscaled < 0n && -unscaled < pow10(scale)) format = 'DecimalSI';
  return canonicalString({ unscaled, scale, format });
}

/** NewMilliQuantity(n, DecimalSI).String(): 250 -> "250m", 2000 -> "2", 1500 -> "1500m". */
export function formatCpuMillis(millis: number): string {
  return canonicalString({ unscaled: BigInt(Math.ceil(millis)), scale: 3, format: 'DecimalSI' });
}

/** kubectl top's CPU(cores) column: always millicores ("%vm" of MilliValue). */
export function formatTopCpu(cores: number | string): string {
  return `${cpuMillis(cores)}m`;
}

/** kubectl top's MEMORY(bytes) column: Value()/(1024*1024) truncated, "%vMi". */
export function formatBytes(bytes: number | string): string {
  const v = quantityValue(bytes);
  return `${Math.trunc(v / (1024 * 1024))}Mi`;
}

/** Compares two quantities by value: negative, zero or positive. */
export function compareQuantities(a: string | number, b: string | number): number {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
