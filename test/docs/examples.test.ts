/**
 * Every `kubedrill` command shown in README.md and docs/ runs: each line of a ```sh block that
 * starts with `kubedrill` or `npx kubedrill` is run through the CLI and must exit 0 (or the exit
 * status written after it as `# exit N`).
 */
import { fileURLToPath } from 'node:url';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitWords } from '../../src/commands/shell/tokenize.js';
import { main } from '../../src/cli.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];

interface Example {
  file: string;
  line: string;
  exit: number;
}

function examples(): Example[] {
  const out: Example[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
      for (const raw of block[1]!.split('\n')) {
        const m = /^(?:npx )?kubedrill\s(.*?)(?:\s+#\s*(?:exit (\d+))?.*)?$/.exec(raw.trim());
        if (!m) continue;
        out.push({ file, line: raw.trim(), exit: m[2] ? Number(m[2]) : 0 });
      }
    }
  }
  return out;
}

describe('documentation examples', () => {
  const all = examples();
  it('finds examples to run', () => {
    expect(all.length).toBeGreaterThan(3);
  });
  for (const ex of all) {
    it(`${ex.file}: ${ex.line}`, () => {
      const args = splitWords(ex.line.replace(/\s+#.*$/, '')).slice(ex.line.startsWith('npx ') ? 2 : 1);
      let output = '';
      const io = { out: (t: string) => void (output += t), err: (t: string) => void (output += t) };
      const code = main(args, io);
      expect(`${code}\n${output}`).toMatch(new RegExp(`^${ex.exit}\\n`));
    });
  }
});
