/** Events as `kubectl get events` lists them; Warning events are problems. */
import type { Event } from '../../core/api/types.js';
import { eventObject, eventTimes } from '../../commands/kubectl/printers/index.js';
import { keyOfObject, type Renderer, type Row } from './renderer.js';

export function eventRenderer(withNamespace: boolean): Renderer<Event> {
  const columns = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'COUNT', 'MESSAGE'];
  if (withNamespace) columns.unshift('NAMESPACE');
  return {
    columns,
    optional: ['COUNT', 'NAMESPACE'],
    flexible: ['NAMESPACE', 'OBJECT', 'REASON', 'MESSAGE'],
    statusColumn: columns.indexOf('TYPE'),
    row(e: Event, now: number): Row {
      const t = eventTimes(e, now);
      const cells = [t.last, e.type ?? '', e.reason ?? '', eventObject(e), String(t.count), (e.message ?? '').trim().split('\n')[0]!];
      if (withNamespace) cells.unshift(e.metadata.namespace ?? '');
      const warning = e.type === 'Warning';
      return { key: keyOfObject(e), cells, problem: warning ? `${e.reason}: ${e.message}` : '', tone: warning ? 'error' : 'ok' };
    },
  };
}

/** Newest first, as k9s orders events. */
export function eventTime(e: Event): number {
  const series = (e as { series?: { lastObservedTime?: string } }).series;
  const ts = series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp;
  return ts ? Date.parse(ts) || 0 : 0;
}
