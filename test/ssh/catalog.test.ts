import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { libraryCatalog, sessionCatalog } from '../../src/ssh/catalog.js';

describe(':scenarios inside an SSH session', () => {
  const entries = libraryCatalog();

  it('lists the library and starts runs that stay inside the session', () => {
    expect(entries.map((e) => e.name)).toContain('sandbox');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kd-sshcat-'));
    try {
      const launched: string[] = [];
      const cat = sessionCatalog(entries, { dataDir, onLaunch: (n) => launched.push(n) });
      expect(cat.entries()).toEqual(entries);
      const { run, challenge } = cat.launch('sandbox', 'practice');
      expect(challenge).toBeUndefined();
      expect(run.session.dataDir).toBe(dataDir);
      // No host files: neither the server's working folder nor anything else.
      for (const file of ['package.json', path.resolve('package.json'), '/etc/passwd']) {
        const r = run.run(`kubectl apply -f ${file}`);
        expect(r.exitCode).not.toBe(0);
        expect(r.stderr).toContain(`the path "${file}" does not exist`);
      }
      expect(() => cat.launch('sandbox', 'challenge')).toThrow('sandbox is a sandbox (no faults, no solution): there is nothing to fix, so it has no challenge');
      const broken = entries.find((e) => e.challenge && !e.error)!;
      const played = cat.launch(broken.name, 'challenge');
      expect(played.challenge?.scenario.metadata.name).toBe(broken.name);
      expect(launched).toEqual(['sandbox', broken.name]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
