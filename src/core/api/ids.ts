/**
 * Ids drawn from the seeded source, exactly as SeededRandom.hex and .uuid print them, but built
 * as flat strings in one native call: every created object gets a uid and every container an
 * id, and the concatenating versions leave a rope of small strings behind each one.
 */
import type { SeededRandom } from '../random.js';

let scratch = Buffer.allocUnsafe(64);

/** The same text as `random.hex(length)`, from the same draws. */
export function hexId(random: SeededRandom, length: number): string {
  const words = Math.ceil(length / 8);
  if (scratch.length < words * 4) scratch = Buffer.allocUnsafe(words * 4);
  for (let i = 0; i < words; i++) scratch.writeUInt32BE(random.nextU32(), i * 4);
  const hex = scratch.toString('hex', 0, words * 4);
  return hex.length === length ? hex : hex.slice(0, length);
}

const uuidBuf = Buffer.alloc(36);
const DASH = 0x2d;

/** The same text as `random.uuid()`, from the same draws. */
export function uuidId(random: SeededRandom): string {
  const h = hexId(random, 32);
  // 8-4-4-4-12: version nibble 4, variant nibble 8..b from the 17th hex digit.
  let o = 0;
  for (let i = 0; i < 32; i++) {
    if (i === 8 || i === 12 || i === 16 || i === 20) uuidBuf[o++] = DASH;
    let c = h.charCodeAt(i);
    if (i === 12) c = 0x34;
    else if (i === 16) c = '0123456789abcdef'.charCodeAt((parseInt(h[16]!, 16) & 0x3) | 0x8);
    uuidBuf[o++] = c;
  }
  return uuidBuf.toString('latin1');
}
