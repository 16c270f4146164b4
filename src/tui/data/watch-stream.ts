/**
 * `kubectl get ... -w` in the dashboard: the list as `kubectl get` prints it, then one line per
 * watch event from the API server, printed as kubectl prints them (each event flushed through
 * its own tabwriter, so a line is aligned on its own cells, not on the header's).
 */
import type { Cluster } from '../../core/cluster.js';
import type { Client } from '../../core/apiserver/client.js';
import type { KObject } from '../../core/api/types.js';
import type { WatchEvent } from '../../core/apiserver/server.js';
// kubectl's entry module first: importing a command file before it enters the command modules'
// import cycle halfway and leaves the command list with holes.
import { allCommands } from '../../commands/kubectl/index.js';
import { kubectlFlagSet, type ParseResult } from '../../commands/flags.js';
import { parseResourceArgs, type ResourceRequest } from '../../commands/kubectl/read/resources.js';
import { kubectlTable, parseOutputFormat, printObject, tableRows, type OutputFormat } from '../../commands/kubectl/printers/index.js';

/** Lines kept per stream: a long watch cannot grow memory without bound. */
export const STREAM_LINES = 5000;

export interface WatchCommand {
  /** The same command without the watch flags: its output is the list printed first. */
  listLine?: string;
  parsed: ParseResult;
  requests: ResourceRequest[];
  multipleTypes: boolean;
}

const WATCH_FLAG = /^(-w|--watch|--watch=true|--watch-only|--watch-only=true)$/;

/**
 * A `kubectl|oc get ... -w` line, parsed; undefined for any other line (and for lines with shell
 * syntax, which the palette runs as usual). Throws an Error with kubectl's message on bad flags.
 */
export function parseWatchCommand(line: string): WatchCommand | undefined {
  if (/[|;&<>$`'"\\]/.test(line)) return undefined;
  const argv = line.trim().split(/\s+/);
  const cli = argv[0];
  if (cli !== 'kubectl' && cli !== 'oc') return undefined;
  // A watch flag alone (-w, --watch, --watch-only) or among combined shorthands (-Aw).
  const isWatch = (a: string): boolean => WATCH_FLAG.test(a) || /^-[A-Za-z]*w[A-Za-z]*$/.test(a);
  if (!argv.some(isWatch)) return undefined;
  const getAt = argv.indexOf('get');
  if (getAt < 0) return undefined;
  const rest = argv.slice(1).filter((_, i) => i + 1 !== getAt);
  const get = allCommands(cli).find((c) => c.name === 'get');
  const parsed = kubectlFlagSet(`${cli} get`, get?.flags ?? []).parse(rest);
  const watchOnly = !!parsed.flags['watch-only'];
  if (!parsed.flags.watch && !watchOnly) return undefined;
  const { requests, multipleTypes } = parseResourceArgs(parsed.args);
  if (requests.length === 0) throw new Error('error: Required resource not specified.');
  const listArgv = argv.filter((a) => !WATCH_FLAG.test(a)).map((a) => (isWatch(a) ? a.replace('w', '') : a));
  return { listLine: watchOnly ? undefined : listArgv.join(' '), parsed, requests, multipleTypes };
}

export class WatchStream {
  lines: string[] = [];
  /** Bumped on every new line (the frame signature polls it). */
  version = 0;
  private cancels: Array<() => void> = [];
  private readonly format: OutputFormat;

  constructor(
    private readonly cluster: Cluster,
    client: Client,
    private readonly cmd: WatchCommand,
    namespace: string,
    initial: string,
  ) {
    const f = cmd.parsed.flags;
    this.format = parseOutputFormat((f.output as string) || undefined);
    this.push(initial);
    const all = !!f['all-namespaces'];
    const ns = (f.namespace as string) || namespace;
    const rv = String(cluster.etcd.store.revision);
    for (const req of cmd.requests) {
      const names = new Set(req.names);
      const cancel = client.watch(
        req.res.plural,
        req.res.namespaced && !all ? ns : undefined,
        (ev) => {
          if (names.size && !names.has(ev.object.metadata.name)) return;
          this.event(req, ev, all);
        },
        {
          resourceVersion: rv,
          labelSelector: (f.selector as string) || undefined,
          fieldSelector: (f['field-selector'] as string) || undefined,
        },
      );
      this.cancels.push(cancel);
    }
  }

  private event(req: ResourceRequest, ev: WatchEvent, all: boolean): void {
    const f = this.cmd.parsed.flags;
    const obj = ev.object as KObject;
    const events = !!f['output-watch-events'];
    let text: string;
    if (this.format.kind === 'table' || this.format.kind === 'wide') {
      const rows = tableRows(req.res, [obj], {
        wide: this.format.kind === 'wide',
        withNamespace: all && req.res.namespaced,
        withKind: this.cmd.multipleTypes || !!f['show-kind'],
        noHeaders: true,
        showLabels: !!f['show-labels'],
        labelColumns: (f['label-columns'] as string[]) ?? [],
        now: this.cluster.clock.now(),
      });
      // --output-watch-events: the event type is the first cell of the same tabwriter row.
      text = kubectlTable(events ? rows.map((r) => [ev.type, ...r]) : rows);
    } else {
      text = printObject(events ? ({ type: ev.type, object: obj } as unknown as KObject) : obj, this.format);
    }
    this.push(text);
  }

  push(text: string): void {
    if (!text) return;
    const lines = text.replace(/\t/g, '    ').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    this.lines.push(...lines);
    if (this.lines.length > STREAM_LINES) this.lines.splice(0, this.lines.length - STREAM_LINES);
    this.version++;
  }

  close(): void {
    for (const c of this.cancels.splice(0)) c();
  }
}
