/**
 * `kubectl events` (kubectl/pkg/cmd/events): events sorted by when they last happened,
 * OBJECT as Kind/Name, filtered by --for and --types.
 */
import type { Event } from '../../../core/api/types.js';
import { escapeValue } from '../../../core/api/fields.js';
import { ALL_NAMESPACES_FLAG, type FlagSpec, type ParseResult } from '../../flags.js';
import type { CommandResult } from '../../shell/pipeline.js';
import { asList, kubectlTable, parseOutputFormat, printObject, OutputFormatError } from '../printers/index.js';
import { since } from '../printers/describe/writer.js';
import type { KubectlCommand, KubectlContext } from '../types.js';
import { now, resolveType } from './resources.js';

const EVENTS_FLAGS: FlagSpec[] = [
  ALL_NAMESPACES_FLAG,
  { name: 'allow-missing-template-keys', type: 'bool', default: true, usage: 'If true, ignore any errors in templates when a field or map key is missing in the template.' },
  { name: 'chunk-size', type: 'int64', default: 500, usage: 'Return large lists in chunks rather than all at once.' },
  { name: 'for', type: 'string', usage: 'Filter events to only those pertaining to the specified resource.' },
  { name: 'no-headers', type: 'bool', usage: 'When using the default output format, don\'t print headers.' },
  { name: 'output', shorthand: 'o', type: 'string', usage: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).' },
  { name: 'show-managed-fields', type: 'bool', usage: 'If true, keep the managedFields when printing objects in JSON or YAML format.' },
  { name: 'template', type: 'string', usage: 'Template string or path to template file to use when -o=go-template, -o=go-template-file.' },
  { name: 'types', type: 'stringSlice', usage: 'Output only events of given types.' },
  { name: 'watch', shorthand: 'w', type: 'bool', usage: 'After listing the requested events, watch for more events.' },
];

/** What kubectl events sorts by: the series' last observation, else lastTimestamp, else eventTime. */
function eventTime(e: Event): number {
  const series = (e as { series?: { lastObservedTime?: string } }).series;
  const t = series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? undefined;
  return t ? Date.parse(t) : 0;
}

export function eventInterval(e: Event, at: number): string {
  const first = e.eventTime ? since(e.eventTime, at) : since(e.firstTimestamp, at);
  const series = (e as { series?: { lastObservedTime?: string; count?: number } }).series;
  if (series) return `${since(series.lastObservedTime, at)} (x${series.count ?? 0} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, at)} (x${e.count} over ${first})`;
  return first;
}

export function sortEvents(events: readonly Event[]): Event[] {
  return events
    .map((e, i) => ({ e, i, t: eventTime(e) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.e);
}

export function runEvents(ctx: KubectlContext, args: string[], parsed: ParseResult): CommandResult {
  const f = parsed.flags;
  if (f.watch) return { stdout: '', stderr: 'error: --watch is only available in the dashboard\n', exitCode: 1 };
  if (args.length > 0) return { stdout: '', stderr: `error: unknown command "${args[0]}" for "${ctx.commandPath}"\n`, exitCode: 1 };
  const allNamespaces = !!f['all-namespaces'];
  const types = (f.types as string[]).map((t) => t.trim());
  for (const t of types) {
    if (!['normal', 'warning'].includes(t.toLowerCase())) return { stdout: '', stderr: `error: valid --types are Normal or Warning\n`, exitCode: 1 };
  }
  let format;
  try {
    format = parseOutputFormat(f.output as string, ['custom-columns', 'go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'name', 'template', 'templatefile', 'yaml'], ctx.session.files);
  } catch (err) {
    if (err instanceof OutputFormatError) return { stdout: '', stderr: `error: ${err.message}\n`, exitCode: 1 };
    throw err;
  }
  const selectors: string[] = [];
  if (f.for) {
    const spec = f.for as string;
    const i = spec.indexOf('/');
    if (i <= 0 || i === spec.length - 1) return { stdout: '', stderr: `error: --for must be in resource/name form\n`, exitCode: 1 };
    const res = resolveType(spec.slice(0, i));
    selectors.push(`involvedObject.kind=${escapeValue(res.kind)}`, `involvedObject.name=${escapeValue(spec.slice(i + 1))}`);
  }
  let events = ctx.client.list<Event>('events', allNamespaces ? undefined : ctx.namespace, selectors.length ? { fieldSelector: selectors.join(',') } : {}).items;
  if (types.length) events = events.filter((e) => types.some((t) => t.toLowerCase() === String(e.type).toLowerCase()));
  if (format.kind !== 'table') {
    return { stdout: printObject(asList(sortEvents(events)), format, { allowMissingKeys: f['allow-missing-template-keys'] as boolean, showManagedFields: !!f['show-managed-fields'] }), stderr: '', exitCode: 0 };
  }
  if (events.length === 0) {
    return { stdout: '', stderr: allNamespaces ? 'No events found.\n' : `No events found in ${ctx.namespace} namespace.\n`, exitCode: 0 };
  }
  const at = now(ctx);
  const rows: string[][] = [];
  if (!f['no-headers']) rows.push([...(allNamespaces ? ['NAMESPACE'] : []), 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
  for (const e of sortEvents(events)) {
    rows.push([
      ...(allNamespaces ? [e.metadata.namespace ?? ''] : []),
      eventInterval(e, at),
      e.type ?? '',
      e.reason ?? '',
      `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`,
      (e.message ?? '').trim(),
    ]);
  }
  return { stdout: kubectlTable(rows), stderr: '', exitCode: 0 };
}

export const eventsCommand: KubectlCommand = {
  name: 'events',
  short: 'List events',
  help: `Display events.

 Prints a table of the most important information about events. You can request events for a namespace, for all namespace, or filtered to only those pertaining to a specified resource.

Examples:
  # List recent events in the default namespace
  kubectl events

  # List recent events in all namespaces
  kubectl events --all-namespaces

  # List recent events for the specified pod, then wait for more events and list them as they arrive
  kubectl events --for pod/web-pod-13je7 --watch

  # List recent only events of type 'Warning' or 'Normal'
  kubectl events --types=Warning,Normal

Usage:
  kubectl events [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file] [--for TYPE/NAME] [--watch] [--types=Normal,Warning] [options]`,
  flags: EVENTS_FLAGS,
  run: runEvents,
};
