/**
 * Server-side printing: `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` turns a get or
 * list into a meta.k8s.io/v1 Table whose cells come from the palette's own printers (the same
 * columns pkg/printers/internalversion registers), so `kubectl get` prints what the palette
 * prints. Ages are computed on the cluster's clock.
 */
import type { ResourceType } from '../core/api/resources.js';
import type { KObject } from '../core/api/types.js';
import { tableFor } from '../commands/kubectl/printers/index.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** The Table version the client asked for (v1 preferred), or undefined for a plain object. */
export function wantsTable(accept: string | undefined): 'v1' | 'v1beta1' | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    const p = part.replace(/\s/g, '');
    if (!/;as=Table(;|$)/.test(p) || !/;g=meta\.k8s\.io(;|$)/.test(p)) continue;
    if (/;v=v1(;|$)/.test(p)) return 'v1';
    if (/;v=v1beta1(;|$)/.test(p)) return 'v1beta1';
  }
  return undefined;
}

export function parseIncludeObject(v: string | null): IncludeObject {
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

const DESCRIPTIONS: Record<string, string> = {
  Name: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  Age: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
};

export interface TableParts {
  columnDefinitions: unknown[];
  rows: unknown[];
}

export function tableParts(res: ResourceType, objs: readonly KObject[], now: number, include: IncludeObject, shift: (o: unknown) => unknown): TableParts {
  const def = tableFor(res);
  const nameCol = def.nameColumn ?? def.columns.findIndex((c) => c.name === 'Name');
  const columnDefinitions = def.columns.map((c, i) => ({
    name: c.name,
    type: 'string',
    format: i === nameCol ? 'name' : '',
    description: DESCRIPTIONS[c.name] ?? '',
    priority: c.priority ?? 0,
  }));
  const rows = objs.map((o) => {
    const row: Record<string, unknown> = { cells: def.row(o, { now, wide: true }) };
    if (include === 'Object') row.object = shift(o);
    else if (include === 'Metadata') row.object = shift({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata });
    return row;
  });
  return { columnDefinitions, rows };
}

export function toTable(
  res: ResourceType,
  objs: readonly KObject[],
  opts: { now: number; version: 'v1' | 'v1beta1'; include: IncludeObject; resourceVersion?: string; continue?: string; shift: (o: unknown) => unknown; noHeaders?: boolean },
): unknown {
  const parts = tableParts(res, objs, opts.now, opts.include, opts.shift);
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${opts.version}`,
    metadata: { ...(opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : {}), ...(opts.continue ? { continue: opts.continue } : {}) },
    columnDefinitions: opts.noHeaders ? null : parts.columnDefinitions,
    rows: parts.rows,
  };
}
