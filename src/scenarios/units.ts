/**
 * Quantities in scenario files, parsed exactly as the API server parses them (core/api/quantity):
 * "4", "500m", "16Gi", "1e3"; plus the scenario-only rate syntax "25Mi/s" for memoryGrowth.
 */

import { tryParseQuantity } from '../core/api/quantity.js';

/** Value in base units (cores, bytes); undefined if the API server would reject the text. */
export function parseQuantity(text: string): number | undefined {
  if (text.trim() !== text || text === '') return undefined;
  return tryParseQuantity(text);
}

/** "25Mi/s", "1Gi/m", "10Mi/h": bytes per second; undefined if malformed. */
export function parseRate(text: string): number | undefined {
  const m = /^(.+)\/(s|m|h)$/.exec(text);
  if (!m) return undefined;
  const q = parseQuantity(m[1]!);
  if (q === undefined) return undefined;
  return q / (m[2] === 's' ? 1 : m[2] === 'm' ? 60 : 3600);
}
