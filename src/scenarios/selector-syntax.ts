/**
 * Label selector syntax check for goal checks, after k8s.io/apimachinery/pkg/labels.Parse:
 * `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`, `a > 3`, joined by commas.
 * Returns the first error with its 1-based column in the selector text. core/api/labels.ts
 * (parseSelector) is the authority on validity and messages; this only finds where it failed.
 */

import { checkLabelValue, checkQualifiedName } from './names.js';

interface Tok {
  kind: 'id' | 'op' | '(' | ')' | ',' | 'end';
  text: string;
  col: number;
}

function lex(s: string): Tok[] | { message: string; column: number } {
  const toks: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) { i++; continue; }
    const col = i + 1;
    const two = s.slice(i, i + 2);
    if (two === '==' || two === '!=') { toks.push({ kind: 'op', text: two, col }); i += 2; continue; }
    if (c === '=' || c === '>' || c === '<' || c === '!') { toks.push({ kind: 'op', text: c, col }); i++; continue; }
    if (c === '(' || c === ')' || c === ',') { toks.push({ kind: c, text: c, col }); i++; continue; }
    let j = i;
    while (j < s.length && !/[\s=!<>(),]/.test(s[j]!)) j++;
    toks.push({ kind: 'id', text: s.slice(i, j), col });
    i = j;
  }
  toks.push({ kind: 'end', text: '', col: s.length + 1 });
  return toks;
}

export function checkSelectorSyntax(s: string): { message: string; column: number } | undefined {
  const toks = lex(s);
  if (!Array.isArray(toks)) return toks;
  let k = 0;
  const peek = () => toks[k]!;
  const next = () => toks[k++]!;
  const fail = (t: Tok, message: string) => ({ message, column: t.col });
  const key = (t: Tok) => {
    if (t.kind !== 'id') return fail(t, `found '${t.text || 'end of string'}', expected: identifier`);
    const err = checkQualifiedName(t.text);
    return err ? fail(t, `invalid label key "${t.text}": ${err}`) : undefined;
  };
  const value = (t: Tok) => {
    const err = checkLabelValue(t.text);
    return err ? fail(t, `invalid label value: "${t.text}": ${err}`) : undefined;
  };
  for (;;) {
    let t = next();
    if (t.kind === 'op' && t.text === '!') {
      const e = key(next());
      if (e) return e;
    } else {
      const e = key(t);
      if (e) return e;
      t = peek();
      if (t.kind === 'op') {
        next();
        if (t.text === '!') return fail(t, "found '!', expected: '=', '!=', '==', 'in', 'notin'");
        const v = next();
        if (v.kind !== 'id') {
          // `a=` (empty value) is legal: the value is the empty string.
          if (v.kind === ',' || v.kind === 'end') k--;
          else return fail(v, `found '${v.text}', expected: identifier`);
        } else {
          const e2 = value(v);
          if (e2) return e2;
          if ((t.text === '>' || t.text === '<') && !/^-?\d+$/.test(v.text)) {
            return fail(v, `for 'Gt', 'Lt' operators, the value must be an integer`);
          }
        }
      } else if (t.kind === 'id' && (t.text === 'in' || t.text === 'notin')) {
        next();
        const open = next();
        if (open.kind !== '(') return fail(open, `found '${open.text || 'end of string'}', expected: '('`);
        for (;;) {
          const v = next();
          if (v.kind === ')') break;
          if (v.kind === 'id') {
            const e2 = value(v);
            if (e2) return e2;
            const sep = next();
            if (sep.kind === ')') break;
            if (sep.kind !== ',') return fail(sep, `found '${sep.text || 'end of string'}', expected: ',' or ')'`);
          } else if (v.kind === ',') {
            continue;
          } else {
            return fail(v, `found '${v.text || 'end of string'}', expected: ',' or ')'`);
          }
        }
      } else if (t.kind !== ',' && t.kind !== 'end') {
        return fail(t, `found '${t.text}', expected: '=', '!=', '==', 'in', 'notin'`);
      }
    }
    const sep = next();
    if (sep.kind === 'end') return undefined;
    if (sep.kind !== ',') return fail(sep, `found '${sep.text}', expected: ',' or 'end of string'`);
  }
}
