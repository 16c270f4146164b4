/**
 * `e` on a local terminal: the dashboard steps aside (normal screen, cooked input, cursor shown),
 * runs $KUBE_EDITOR, $EDITOR or vi on a temporary file as kubectl edit does, and takes the
 * screen back with a full repaint. Only the user's own editor runs on the host; over SSH there is
 * no editor and `e` says so.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EditorFn } from './edit.js';

export interface EditorTerminal {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  /** Leave the dashboard's screen (and come back) around the editor. */
  suspend(): void;
  resume(): void;
}

export function externalEditor(term: EditorTerminal): EditorFn {
  return (text, fileName) => {
    const editor = (term.env.KUBE_EDITOR || term.env.EDITOR || 'vi').trim();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubedrill-edit-'));
    const file = path.join(dir, fileName.replace(/[^A-Za-z0-9._-]/g, '_'));
    fs.writeFileSync(file, text, { mode: 0o600 });
    const raw = term.stdin.isTTY ? term.stdin.isRaw : false;
    term.suspend();
    try {
      if (term.stdin.isTTY) term.stdin.setRawMode(false);
      // As kubectl does: the editor command is split on spaces ("code -w" works), the file last.
      const [cmd, ...args] = editor.split(/\s+/);
      const r = spawnSync(cmd!, [...args, file], { stdio: 'inherit' });
      if (r.error || r.status === null) return undefined;
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    } finally {
      if (term.stdin.isTTY) term.stdin.setRawMode(raw);
      term.resume();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}
