import { describe, expect, it } from 'vitest';
import {
  compareQuantities,
  cpuMillis,
  formatBytes,
  formatCpuMillis,
  formatQuantity,
  formatTopCpu,
  isQuantity,
  parseQuantity,
  parseQuantityExact,
  QUANTITY_FORMAT_ERROR,
  quantityString,
  quantityValue,
  tryParseQuantity,
} from '../../src/core/api/quantity.js';

// Recorded from kubectl 1.32: `kubectl set resources --local -f pod.yaml --limits=memory=Q -o jsonpath=...`
// prints the canonical Quantity.String() of Q, or the parse error.
const KUBECTL_CANONICAL: Array<[string, string]> = [
  ["1.5", "1500m"],
  ["250m", "250m"],
  ["0.25", "250m"],
  ["1000m", "1"],
  ["1e3", "1e3"],
  ["1024Mi", "1Gi"],
  ["0.5Gi", "512Mi"],
  ["1.1Gi", "1181116006400m"],
  ["1000Ki", "1000Ki"],
  ["512", "512"],
  ["0.5Ki", "512"],
  ["100M", "100M"],
  ["12e6", "12e6"],
  ["1500", "1500"],
  ["1n", "1n"],
  ["0.1m", "100u"],
  ["0.0000000001", "1n"],
  ["1E", "1E"],
  ["1e", "error: unable to parse quantity's suffix"],
  ["2048Ki", "2Mi"],
  ["1.5k", "1500"],
  ["129e6", "129e6"],
  ["-1", "-1"],
  ["-1.5Gi", "-1536Mi"],
  ["1Ei", "1Ei"],
  ["1024Ei", "9223372036854775807"],
  ["10e20", "1e21"],
  ["+5", "+5"],
  [".5", "500m"],
  ["5.", "5."],
  ["1.G", "1.G"],
  ["100u", "100u"],
  ["1e-3", "1e-3"],
  ["0.1Ki", "102400m"],
  ["abc", "error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ["1.2.3", "error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ["1Gb", "error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ["1KiB", "error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ["007", "007"],
  ["1.5Gi", "1536Mi"],
  ["00", "0"],
  ["0.0", "0"],
  ["0m", "0"],
  ["0Gi", "0"],
  ["-0", "0"],
  ["+0", "0"],
  ["100Mi", "100Mi"],
  ["0100Mi", "0100Mi"],
  ["1536Mi", "1536Mi"],
  ["3Gi", "3Gi"],
  ["3072Mi", "3Gi"],
  ["1.5M", "1500k"],
  ["1.5m", "1500u"],
  ["1.0005", "1000500u"],
  ["1.0000000001", "1000000001n"],
  ["0.5", "500m"],
  ["0.001", "1m"],
  ["2000", "2k"],
  ["1000", "1k"],
  ["1000000", "1M"],
  ["1e6", "1e6"],
  ["1e-9", "1e-9"],
  ["1e-10", "1e-9"],
  ["1e0", "1e0"],
  ["1e+3", "1e+3"],
  ["3e2", "300"],
  ["999e-3", "999e-3"],
  ["1Ki", "1Ki"],
  ["1023", "1023"],
  ["1024", "1024"],
  ["1025", "1025"],
  ["1e18", "1e18"],
  ["1e19", "10e18"],
  ["9e18", "9e18"],
  ["10E", "10E"],
  ["1P", "1P"],
  ["1000T", "1P"],
  ["1000P", "1E"],
  ["1000E", "1"],
  ["1ki", "error: unable to parse quantity's suffix"],
  ["1mi", "error: unable to parse quantity's suffix"],
  ["-0.5Ki", "-512"],
  ["1.25Ki", "1280"],
  [".5Mi", "512Ki"],
  ["5000m", "5"],
  ["5001m", "5001m"],
  ["0.1", "100m"],
  ["1Gi", "1Gi"],
  ["1Mi", "1Mi"],
  ["Mi", "0"],
  ["E", "0"],
  ["m", "0"],
  [".", "0"],
  ["-", "0"],
  ["+", "0"],
  ["+.", "0"],
  ["-.5", "-500m"],
  ["1e1.5", "error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ["12345678901234567890", "12345678901234567890"],
  ["123456789012345678", "123456789012345678"],
  ["1234567890123456789Ki", "9223372036854775807"],
  ["4Ti", "4Ti"],
  ["4096Gi", "4Ti"],
  ["3.5Ti", "3584Gi"],
  ["8Pi", "8Pi"],
  ["0.000001Gi", "1073741824u"],
  ["7Ki", "7Ki"],
  ["8Ki", "8Ki"],
  ["9Ki", "9Ki"],
  ["15Mi", "15Mi"],
  ["16Mi", "16Mi"],
  ["2.5", "2500m"],
  ["2500m", "2500m"],
  ["1e-7", "100e-9"],
  ["-250m", "-250m"],
  ["128974848", "128974848"],
  ["129M", "129M"],
  ["123Mi", "123Mi"],
  ["1e2", "100"],
  ["100e-2", "1"],
  ["5e-1", "500e-3"],
  ["1E3", "1E3"],
  ["1.5e3", "1500"],
  ["16Gi", "16Gi"],
  ["64Mi", "64Mi"],
  ["110", "110"],
  ["3800m", "3800m"],
  ["7.5Gi", "7680Mi"],
  ["2e9", "2e9"],
];

describe('formatQuantity matches apimachinery Quantity.String()', () => {
  it.each(KUBECTL_CANONICAL)('%s -> %s', (input, want) => {
    let got: string;
    try {
      got = formatQuantity(input);
    } catch (e) {
      got = `error: ${(e as Error).message}`;
    }
    expect(got).toBe(want);
  });
});

describe('parseQuantity', () => {
  it('returns base units as floats', () => {
    expect(parseQuantity('250m')).toBe(0.25);
    expect(parseQuantity('128Mi')).toBe(134217728);
    expect(parseQuantity('1Gi')).toBe(1073741824);
    expect(parseQuantity('1.5')).toBe(1.5);
    expect(parseQuantity('2')).toBe(2);
    expect(parseQuantity('1k')).toBe(1000);
    expect(parseQuantity('1Ki')).toBe(1024);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('1E3')).toBe(1000);
    expect(parseQuantity('5e-1')).toBe(0.5);
    expect(parseQuantity('100n')).toBe(1e-7);
    expect(parseQuantity('10u')).toBe(0.00001);
    expect(parseQuantity('16Gi')).toBe(17179869184);
    expect(parseQuantity('1T')).toBe(1e12);
    expect(parseQuantity('2P')).toBe(2e15);
    expect(parseQuantity('1E')).toBe(1e18);
    expect(parseQuantity('1Ti')).toBe(1099511627776);
    expect(parseQuantity('-500m')).toBe(-0.5);
    expect(parseQuantity('0')).toBe(0);
    expect(parseQuantity(3)).toBe(3);
  });

  it('rounds up below a nanounit, like the API', () => {
    expect(parseQuantity('0.1n')).toBe(1e-9);
    expect(parseQuantityExact('1e-10')).toEqual({ unscaled: 1n, scale: 9, format: 'DecimalExponent' });
  });

  it('caps binary quantities at 2^63-1', () => {
    expect(parseQuantityExact('1024Ei').unscaled).toBe(9223372036854775807n);
  });

  it('throws the apimachinery messages', () => {
    expect(QUANTITY_FORMAT_ERROR).toBe("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    expect(() => parseQuantity('abc')).toThrow(QUANTITY_FORMAT_ERROR);
    expect(() => parseQuantity('')).toThrow(QUANTITY_FORMAT_ERROR);
    expect(() => parseQuantity('1 ')).toThrow(QUANTITY_FORMAT_ERROR);
    expect(() => parseQuantity('1Gb')).toThrow(QUANTITY_FORMAT_ERROR);
    expect(() => parseQuantity('1ki')).toThrow("unable to parse quantity's suffix");
    expect(() => parseQuantity('1e')).toThrow("unable to parse quantity's suffix");
  });

  it('accepts what Go accepts, including degenerate zeros', () => {
    expect(parseQuantity('Mi')).toBe(0);
    expect(parseQuantity('.')).toBe(0);
    expect(parseQuantity('+')).toBe(0);
    expect(parseQuantity('.5')).toBe(0.5);
    expect(parseQuantity('5.')).toBe(5);
  });
});

describe('isQuantity and tryParseQuantity', () => {
  it('tells valid from invalid text', () => {
    expect(isQuantity('512Mi')).toBe(true);
    expect(isQuantity('1e3')).toBe(true);
    expect(isQuantity('10.0.0.1')).toBe(false);
    expect(isQuantity('Running')).toBe(false);
    expect(isQuantity(5)).toBe(false);
    expect(tryParseQuantity('bad')).toBeUndefined();
    expect(tryParseQuantity(undefined)).toBeUndefined();
    expect(tryParseQuantity('2Ki')).toBe(2048);
  });
});

describe('cpu and memory helpers', () => {
  it('cpuMillis is MilliValue (rounded up)', () => {
    expect(cpuMillis('250m')).toBe(250);
    expect(cpuMillis('1.5')).toBe(1500);
    expect(cpuMillis('2')).toBe(2000);
    expect(cpuMillis('100u')).toBe(1);
    expect(cpuMillis('1n')).toBe(1);
    expect(cpuMillis('0')).toBe(0);
    expect(cpuMillis(0.25)).toBe(250);
    expect(cpuMillis(0.1)).toBe(100);
  });

  it('formatCpuMillis prints the canonical form', () => {
    expect(formatCpuMillis(250)).toBe('250m');
    expect(formatCpuMillis(2000)).toBe('2');
    expect(formatCpuMillis(1500)).toBe('1500m');
    expect(formatCpuMillis(0)).toBe('0');
    expect(formatCpuMillis(100000)).toBe('100');
  });

  it('formatTopCpu and formatBytes print like kubectl top', () => {
    expect(formatTopCpu('1.5')).toBe('1500m');
    expect(formatTopCpu(0.003)).toBe('3m');
    expect(formatBytes(128974848)).toBe('123Mi');
    expect(formatBytes('1Gi')).toBe('1024Mi');
    expect(formatBytes(1048575)).toBe('0Mi');
    expect(formatBytes('120Mi')).toBe('120Mi');
  });

  it('quantityValue is Value() (rounded up)', () => {
    expect(quantityValue('0.5')).toBe(1);
    expect(quantityValue('128Mi')).toBe(134217728);
    expect(quantityValue('1500m')).toBe(2);
  });
});

describe('quantityString for computed values', () => {
  it('prints sums canonically', () => {
    expect(quantityString(0.1 + 0.2)).toBe('300m');
    expect(quantityString(0.85)).toBe('850m');
    expect(quantityString(4)).toBe('4');
    expect(quantityString(3 * 1024 * 1024 * 1024, 'BinarySI')).toBe('3Gi');
    expect(quantityString(1536 * 1024 * 1024, 'BinarySI')).toBe('1536Mi');
    expect(quantityString(1000, 'BinarySI')).toBe('1k');
    expect(quantityString(129000000)).toBe('129M');
    expect(quantityString(0)).toBe('0');
    expect(formatQuantity(2048, 'BinarySI')).toBe('2Ki');
  });

  it('re-formats a text in another format', () => {
    expect(formatQuantity('1Gi', 'DecimalSI')).toBe('1073741824');
    expect(formatQuantity('1G', 'BinarySI')).toBe('1000000000');
    expect(formatQuantity('1024k', 'BinarySI')).toBe('1000Ki');
  });
});

describe('compareQuantities', () => {
  it('compares by value across suffixes', () => {
    expect(compareQuantities('512Mi', '1Gi')).toBe(-1);
    expect(compareQuantities('1024Mi', '1Gi')).toBe(0);
    expect(compareQuantities('2', '1500m')).toBe(1);
  });
});
