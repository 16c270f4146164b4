/** The same scenario, seed and commands give the same transcript, byte for byte. */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';

function transcript(seed: string): string {
  let out = '';
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (out += t) };
  const code = main(
    ['run', 'sandbox', '--seed', seed, '--for', '90s', '--cmd', 'kubectl get pods -A -o wide', '--cmd', 'kubectl get events -A', '--cmd', 'kubectl get pods -A -o yaml', '--for', '30s', '--cmd', 'etcdctl endpoint status -w table --cluster'],
    io,
  );
  return `${out}[main exit ${code}]`;
}

describe('determinism', () => {
  it('gives the same transcript for the same seed', () => {
    const a = transcript('7');
    const b = transcript('7');
    expect(a).toContain('[main exit 0]');
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toBe(a);
  });

  it('gives a different run for another seed', () => {
    expect(transcript('8')).not.toBe(transcript('7'));
  });
});
