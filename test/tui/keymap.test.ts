import { describe, expect, it } from 'vitest';
import { KEYMAP, bindingFor, bindingsOf, hintsOf, scopesOf } from '../../src/tui/keymap.js';
import { helpLines } from '../../src/tui/controller.js';
import { displayKey, keyNames } from '../../src/tui/keys.js';
import type { TableView, View } from '../../src/tui/state.js';

const table = (plural: string): TableView => ({
  kind: 'table', source: { kind: 'resource', plural }, title: plural, followsNamespace: true, filter: '', cursor: 0, offset: 0,
});

describe('key names', () => {
  it('normalises Ink key events', () => {
    expect(keyNames('', { return: true })).toEqual(['enter']);
    expect(keyNames('', { tab: true, shift: true })).toEqual(['shift-tab']);
    expect(keyNames('d', { ctrl: true })).toEqual(['ctrl-d']);
    expect(keyNames('N', { shift: true })).toEqual(['N']);
    expect(keyNames(' ', {})).toEqual(['space']);
    expect(keyNames('', { delete: true })).toEqual(['backspace']);
    // A paste (or tmux send-keys) arrives as one string: one key per character.
    expect(keyNames(':q\r', {})).toEqual([':', 'q', 'enter']);
  });

  it('displays keys as k9s does', () => {
    expect(displayKey('N')).toBe('<shift-n>');
    expect(displayKey('ctrl-d')).toBe('<ctrl-d>');
  });
});

describe('the key map', () => {
  it('binds no key twice within one scope', () => {
    const seen = new Set<string>();
    for (const b of KEYMAP) {
      for (const k of b.keys) {
        const id = `${b.scope}:${k}`;
        expect(seen.has(id), id).toBe(false);
        seen.add(id);
      }
    }
  });

  it('resolves Enter per resource: containers for pods, pods for deployments and nodes, describe otherwise', () => {
    expect(bindingFor(table('pods'), 'enter')?.action).toBe('containers');
    expect(bindingFor(table('deployments'), 'enter')?.action).toBe('ownedPods');
    expect(bindingFor(table('nodes'), 'enter')?.action).toBe('nodePods');
    expect(bindingFor(table('namespaces'), 'enter')?.action).toBe('useNamespace');
    expect(bindingFor(table('configmaps'), 'enter')?.action).toBe('describeRow');
    expect(bindingFor(table('deployments'), 's')?.action).toBe('scale');
    expect(bindingFor(table('pods'), 's')?.action).toBe('shell');
    expect(bindingFor(table('nodes'), 'r')?.action).toBe('drain');
    expect(bindingFor(table('pods'), 't')?.action).toBe('schedTrace');
    expect(bindingFor(table('configmaps'), 'e')?.action).toBe('edit');
    expect(bindingFor(table('nodes'), 'c')?.action).toBe('cordon');
    expect(bindingFor(table('nodes'), '0')).toBeUndefined();
    expect(bindingFor(table('pods'), '0')?.action).toBe('allNamespaces');
  });

  it('feeds the hint line and the help from the same table', () => {
    const views: View[] = [{ kind: 'home', focus: 0 }, table('pods'), table('deployments'), table('nodes'), { kind: 'etcd', offset: 0 }];
    for (const v of views) {
      const live = bindingsOf(v);
      const help = helpLines({ kind: 'help', about: v, offset: 0 });
      expect(help).toHaveLength(live.length);
      for (const b of live) expect(help.some((l) => l.startsWith(b.keys.map(displayKey).join(' ')) && l.includes(b.help))).toBe(true);
      // Every hint is a live binding of the view, and dispatch agrees with it.
      for (const h of hintsOf(v)) {
        expect(live).toContainEqual(h);
        expect(bindingFor(v, h.keys[0]!)?.action).toBe(h.action);
      }
      expect(hintsOf(v)[0]!.action).toBe('help');
    }
    expect(scopesOf(table('pods'))).toEqual(['pods', 'move', 'table', 'editable', 'namespaced', 'global']);
  });
});
