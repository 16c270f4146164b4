import { describe, expect, it } from 'vitest';
import { fitColumns, formatRow } from '../../src/tui/data/columns.js';
import { parseFilter } from '../../src/tui/data/filter.js';
import { podProblem } from '../../src/tui/data/render-pods.js';
import { humanBytes } from '../../src/tui/data/etcd.js';
import type { Row } from '../../src/tui/data/renderer.js';

const POD_COLUMNS = ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'IP', 'NODE', 'AGE'];

describe('fitting columns', () => {
  it('pads every row to exactly the width and gives spare room to the last column', () => {
    const l = fitColumns(['NAME', 'AGE'], [5, 3], undefined, 20);
    expect(l.widths).toEqual([5, 13]);
    expect(formatRow(['web-1', '5m'], l)).toBe('web-1  5m           ');
    expect(formatRow(['web-1', '5m'], l)).toHaveLength(20);
  });

  it('shrinks flexible columns, then drops optional ones (IP, NODE) before AGE, never RESTARTS', () => {
    const natural = [33, 32, 5, 17, 8, 11, 8, 3];
    const wide = fitColumns(POD_COLUMNS, natural, ['NAMESPACE', 'NODE', 'NAME'], 140, ['IP', 'NODE']);
    expect(wide.shown).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const narrow = fitColumns(POD_COLUMNS, natural, ['NAMESPACE', 'NODE', 'NAME'], 80, ['IP', 'NODE']);
    expect(narrow.shown.map((i) => POD_COLUMNS[i])).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    const used = narrow.shown.reduce((s, i) => s + narrow.widths[i]!, 0) + 2 * (narrow.shown.length - 1);
    expect(used).toBe(80);
    expect(narrow.widths[1]).toBeGreaterThanOrEqual(16);
  });

  it('truncates with an ellipsis and strips control characters', () => {
    const l = fitColumns(['MESSAGE'], [40], ['MESSAGE'], 10);
    expect(formatRow(['Back-off\trestarting failed container'], l)).toBe('Back-off …');
    expect(formatRow(['a\x1b[31mb'], l, '~')).toBe('a [31mb   ');
  });
});

describe('the / filter', () => {
  const row = (...cells: string[]): Row => ({ key: cells[0]!, cells, problem: '', tone: 'ok' });
  const obj = (labels: Record<string, string>) => ({ metadata: { name: 'x', labels } });

  it('matches substrings case-insensitively; ! inverts', () => {
    expect(parseFilter('WEB').test!(row('web-1', 'Running'), obj({}))).toBe(true);
    expect(parseFilter('!web').test!(row('web-1', 'Running'), obj({}))).toBe(false);
    expect(parseFilter('crash').test!(row('db-0', 'CrashLoopBackOff'), obj({}))).toBe(true);
    expect(parseFilter('  ').test).toBeUndefined();
  });

  it('-l takes a kubectl label selector; errors are reported, not thrown', () => {
    const f = parseFilter('-l app=web,tier!=db');
    expect(f.test!(row('a'), obj({ app: 'web', tier: 'fe' }))).toBe(true);
    expect(f.test!(row('a'), obj({ app: 'web', tier: 'db' }))).toBe(false);
    expect(parseFilter('!-l app=web').test!(row('a'), obj({ app: 'web' }))).toBe(false);
    expect(parseFilter('-l app in (x').error).toMatch(/^label selector: /);
    expect(parseFilter('-l').error).toBe('label selector: expected key=value after -l');
  });
});

describe('health', () => {
  it('flags pods the way k9s colours them', () => {
    expect(podProblem('Running', '1/1')).toEqual({ problem: '', tone: 'ok' });
    expect(podProblem('Running', '1/2')).toEqual({ problem: 'container ready check failed: 1 of 2', tone: 'error' });
    expect(podProblem('CrashLoopBackOff', '0/1')).toEqual({ problem: 'pod status: CrashLoopBackOff', tone: 'error' });
    expect(podProblem('Init:CrashLoopBackOff', '0/1').tone).toBe('error');
    expect(podProblem('Init:0/2', '0/1').tone).toBe('pending');
    expect(podProblem('ContainerCreating', '0/1').tone).toBe('pending');
    expect(podProblem('Completed', '0/1').tone).toBe('completed');
    expect(podProblem('Terminating', '1/1').tone).toBe('killed');
  });

  it('prints sizes as etcdctl does (go-humanize, SI)', () => {
    expect(humanBytes(0)).toBe('0 B');
    expect(humanBytes(25_000)).toBe('25 kB');
    expect(humanBytes(3_145_728)).toBe('3.1 MB');
    expect(humanBytes(8 * 1024 ** 3)).toBe('8.6 GB');
  });
});
