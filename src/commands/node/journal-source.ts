/**
 * What the node tools read from a kubelet without depending on its class: its journal (klog
 * lines) and process id, when the kubelet component offers them.
 */
import type { Component } from '../../core/component.js';

export interface JournalEntry {
  t: number;
  severity: 'I' | 'W' | 'E';
  line: string;
}

interface WithJournal {
  journal?: { pid?: number; read?: () => JournalEntry[] };
}

export function kubeletJournal(kubelet: Component | undefined): { pid: number; lines: JournalEntry[] } {
  const j = (kubelet as unknown as WithJournal | undefined)?.journal;
  return { pid: j?.pid ?? 2345, lines: typeof j?.read === 'function' ? j.read() : [] };
}
