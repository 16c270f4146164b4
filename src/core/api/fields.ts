/**
 * Field selectors (k8s.io/apimachinery/pkg/fields) for list and watch calls, with the
 * per-kind selectable fields the API server offers (pkg/apis/core/v1/conversion.go and the
 * registries' ToSelectableFields). Values compare as strings, exactly like fields.Set.
 */

export interface FieldRequirement {
  readonly field: string;
  /** '==' is stored as '=' (they mean the same). */
  readonly operator: '=' | '!=';
  readonly value: string;
}

export interface FieldSelector {
  /** Sorted by the text of each term, as fields.ParseSelector leaves them. */
  readonly requirements: readonly FieldRequirement[];
}

const EMPTY: FieldSelector = Object.freeze({ requirements: Object.freeze([]) as readonly FieldRequirement[] });

/** Splits on commas not escaped with a backslash (fields.splitTerms). */
function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

function splitTerm(term: string): [string, string, string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '=']) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** fields.UnescapeValue: `\\`, `\,` and `\=` are the only escapes; bare `,` or `=` are errors. */
export function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c === '\\' || c === ',' || c === '=') out += c;
      else throw new Error(`invalid field selector: invalid escape sequence: \\${c}`);
      inSlash = false;
      continue;
    }
    if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') throw new Error(`invalid field selector: unescapedRune character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (inSlash) throw new Error('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** fields.EscapeValue. */
export function escapeValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

const parseCache = new Map<string, FieldSelector>();

/** fields.ParseSelector: `metadata.name=x,status.phase!=Running`. Throws Error with the Go message. */
export function parseFieldSelector(text: string): FieldSelector {
  const hit = parseCache.get(text);
  if (hit) return hit;
  const parts = splitTerms(text).sort();
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const t = splitTerm(part);
    if (!t) throw new Error(`invalid selector: '${text}'; can't understand '${part}'`);
    const value = unescapeValue(t[2]);
    if (t[0] === '' && value === '') continue; // Transform drops empty terms
    reqs.push(Object.freeze({ field: t[0], operator: t[1] === '!=' ? '!=' : '=', value }));
  }
  const sel = reqs.length === 0 ? EMPTY : Object.freeze({ requirements: Object.freeze(reqs) });
  if (parseCache.size > 2000) parseCache.clear();
  parseCache.set(text, sel);
  return sel;
}

export function isEmptyFieldSelector(sel: FieldSelector): boolean {
  return sel.requirements.length === 0;
}

/** Selector.String(). */
export function fieldSelectorToString(sel: FieldSelector): string {
  return sel.requirements.map((r) => `${r.field}${r.operator}${escapeValue(r.value)}`).join(',');
}

/** RequiresExactMatch: the value a field must equal (for index lookups such as spec.nodeName). */
export function fieldExactMatch(sel: FieldSelector, field: string): string | undefined {
  for (const r of sel.requirements) if (r.field === field && r.operator === '=') return r.value;
  return undefined;
}

// ---- selectable fields per kind ----

/** Fields each kind supports in field selectors; other kinds get metadata.name and metadata.namespace. */
export const SELECTABLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Pod: [
    'metadata.name',
    'metadata.namespace',
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.podIPs',
    'status.nominatedNodeName',
  ],
  Node: ['metadata.name', 'spec.unschedulable'],
  ReplicationController: ['metadata.name', 'metadata.namespace', 'status.replicas'],
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
    'metadata.namespace',
    'metadata.name',
  ],
  Namespace: ['status.phase', 'metadata.name'],
  Secret: ['type', 'metadata.namespace', 'metadata.name'],
  Service: ['metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'],
  ReplicaSet: ['metadata.name', 'metadata.namespace', 'status.replicas'],
  Job: ['metadata.name', 'metadata.namespace', 'status.successful'],
  CertificateSigningRequest: ['metadata.name', 'spec.signerName'],
};

/**
 * The API server's check of a field selector for a kind (ConvertFieldLabel). Throws Error with
 * the real message: "field label not supported: spec.foo" for kinds with their own list,
 * `"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"` otherwise.
 */
export function validateFieldSelector(sel: FieldSelector, kind: string): void {
  const list = SELECTABLE_FIELDS[kind];
  for (const r of sel.requirements) {
    if (list) {
      if (kind === 'Pod' && r.field === 'spec.host') continue;
      if (!list.includes(r.field)) throw new Error(`field label not supported: ${r.field}`);
    } else if (r.field !== 'metadata.name' && r.field !== 'metadata.namespace') {
      throw new Error(`${JSON.stringify(r.field)} is not a known field selector: only "metadata.name", "metadata.namespace"`);
    }
  }
}

function str(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : String(v);
}

function walk(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = { kind?: string; metadata?: any; spec?: any; status?: any; [k: string]: any };

/** The string value a field selector sees for a field of an object (fields.Set semantics: missing is ""). */
export function fieldValue(obj: Obj, field: string): string {
  switch (field) {
    case 'metadata.name':
      return str(obj.metadata?.name);
    case 'metadata.namespace':
      return str(obj.metadata?.namespace);
  }
  const kind = obj.kind;
  if (kind === 'Pod') {
    switch (field) {
      case 'spec.host':
      case 'spec.nodeName':
        return str(obj.spec?.nodeName);
      case 'spec.hostNetwork':
        return obj.spec?.hostNetwork ? 'true' : 'false';
      case 'status.podIP':
      case 'status.podIPs':
        return str(obj.status?.podIPs?.[0]?.ip ?? obj.status?.podIP);
    }
  } else if (kind === 'Node' && field === 'spec.unschedulable') {
    return obj.spec?.unschedulable ? 'true' : 'false';
  } else if (kind === 'Event' && field === 'source') {
    return str(obj.source?.component ?? obj.reportingComponent);
  } else if ((kind === 'ReplicaSet' || kind === 'ReplicationController') && field === 'status.replicas') {
    return str(obj.status?.replicas ?? 0);
  } else if (kind === 'Job' && field === 'status.successful') {
    return str(obj.status?.succeeded ?? 0);
  }
  return str(walk(obj, field));
}

/** Whether an object satisfies every term of the selector. */
export function matchesFields(sel: FieldSelector, obj: Obj): boolean {
  const reqs = sel.requirements;
  for (let i = 0; i < reqs.length; i++) {
    const r = reqs[i]!;
    const v = fieldValue(obj, r.field);
    if (r.operator === '=' ? v !== r.value : v === r.value) return false;
  }
  return true;
}
