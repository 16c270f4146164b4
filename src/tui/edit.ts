/**
 * `e` in a table, as `kubectl edit` does it: the object's YAML under kubectl's comment header
 * goes to $EDITOR; the result is sent to the API server as an update; a rejected edit comes
 * back into the editor with the errors in the header, and is kept if the user gives up, so it
 * is never lost.
 */
import { parse } from 'yaml';
import type { KObject } from '../core/api/types.js';
import { ApiError } from '../core/apiserver/errors.js';
import { toYaml } from '../commands/kubectl/printers/index.js';

export const EDIT_HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

/** Opens $EDITOR on `text` and returns what was saved; undefined when no editor could run. */
export type EditorFn = (text: string, fileName: string) => string | undefined;

export function editText(obj: KObject): string {
  const { managedFields: _m, ...metadata } = obj.metadata as KObject['metadata'] & { managedFields?: unknown };
  return EDIT_HEADER + toYaml({ ...obj, metadata });
}

/** The file without kubectl's comment lines. */
export function stripComments(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');
}

/** The header kubectl writes above a rejected edit. */
export function errorHeader(subject: string, message: string): string {
  const lines = message.split('\n').filter(Boolean);
  return `${EDIT_HEADER}# ${subject} was not valid:\n${lines.map((l) => `# * ${l}`).join('\n')}\n#\n`;
}

export type ParsedEdit = { ok: true; body: KObject } | { ok: false; error: string } | { ok: 'empty' };

export function parseEdit(text: string): ParsedEdit {
  const body = stripComments(text);
  if (!body.trim()) return { ok: 'empty' };
  let value: unknown;
  try {
    value = parse(body);
  } catch (err) {
    return { ok: false, error: `error parsing the edited YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value) || !(value as KObject).metadata) {
    return { ok: false, error: 'Object \'Kind\' is missing in the edited file (expected one object with metadata)' };
  }
  return { ok: true, body: value as KObject };
}

export function apiErrorText(err: unknown): string {
  if (err instanceof ApiError) return err.kubectlMessage();
  return err instanceof Error ? err.message : String(err);
}
