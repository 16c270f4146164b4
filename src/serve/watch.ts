/**
 * Watch over HTTP: one JSON object per line ({"type":"ADDED","object":...}), chunked, until the
 * client goes away or timeoutSeconds pass. Objects are converted as the list was (Table rows
 * for `kubectl get -w`); BOOKMARK events carry the current revision when the client asked for
 * them; a resourceVersion that etcd compacted away is one ERROR event with a 410 Status, as a
 * reflector expects.
 */
import type { ResourceType } from '../core/api/resources.js';
import { apiVersionOf } from '../core/api/resources.js';
import type { KObject } from '../core/api/types.js';
import type { ApiServer, ApiRequest, WatchEvent } from '../core/apiserver/server.js';
import { ApiError } from '../core/apiserver/errors.js';

export interface WatchStream {
  /** Starts the watch; write() sends one line, end() closes. Returns the stop function. Throws ApiError before anything is written (403, 404). */
  start(write: (line: string) => void, end: () => void): () => void;
}

export interface WatchParams {
  api: ApiServer;
  res: ResourceType;
  request: Omit<ApiRequest, 'verb'>;
  convert: (obj: KObject, first: boolean) => unknown;
  bookmarks: boolean;
  timeoutSeconds?: number;
  /** Runs deferred deliveries now (the watch fans out after the current task). */
  pump: () => void;
  bookmarkEveryMs?: number;
}

export function watchStream(p: WatchParams): WatchStream {
  return {
    start(write, end) {
      let first = true;
      const send = (ev: WatchEvent): void => {
        const object = ev.type === 'ERROR' || ev.type === 'BOOKMARK' ? ev.object : p.convert(ev.object, first);
        first = false;
        write(`${JSON.stringify({ type: ev.type, object })}\n`);
      };
      let stop: () => void;
      try {
        stop = p.api.watch(p.request, send);
      } catch (err) {
        if (err instanceof ApiError && err.code === 410) {
          write(`${JSON.stringify({ type: 'ERROR', object: err.toStatus() })}\n`);
          end();
          return () => {};
        }
        throw err;
      }
      p.pump();
      const timers: NodeJS.Timeout[] = [];
      if (p.bookmarks) {
        const t = setInterval(() => {
          const rv = String(p.api.etcd.store.revision);
          write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: p.res.kind, apiVersion: apiVersionOf(p.res), metadata: { resourceVersion: rv, annotations: { 'k8s.io/initial-events-end': 'true' } } } })}\n`);
        }, p.bookmarkEveryMs ?? 10_000);
        t.unref?.();
        timers.push(t);
      }
      if (p.timeoutSeconds && p.timeoutSeconds > 0) {
        const t = setTimeout(() => {
          close();
          end();
        }, p.timeoutSeconds * 1000);
        t.unref?.();
        timers.push(t);
      }
      let closed = false;
      function close(): void {
        if (closed) return;
        closed = true;
        for (const t of timers) clearTimeout(t);
        stop();
      }
      return close;
    },
  };
}
