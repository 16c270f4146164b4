/**
 * Node selector terms as component-helpers/scheduling/corev1/nodeaffinity compiles them:
 * terms are ORed, a term's matchExpressions and matchFields are ANDed, a term with neither
 * matches nothing. Operators In, NotIn, Exists, DoesNotExist, Gt, Lt; matchFields only knows
 * metadata.name.
 */

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export type NodeMatcher = (labels: Readonly<Record<string, string>>, name: string) => boolean;

const INT_RE = /^[+-]?\d+$/;

function requirementMatcher(r: NodeSelectorRequirement, field: boolean): (labels: Readonly<Record<string, string>>, name: string) => boolean {
  const values = r.values ?? [];
  const set = new Set(values);
  const get = field
    ? (_l: Readonly<Record<string, string>>, name: string): string | undefined => (r.key === 'metadata.name' ? name : undefined)
    : (l: Readonly<Record<string, string>>): string | undefined => (Object.prototype.hasOwnProperty.call(l, r.key) ? l[r.key] : undefined);
  switch (r.operator) {
    case 'In':
      return (l, n) => {
        const v = get(l, n);
        return v !== undefined && set.has(v);
      };
    case 'NotIn':
      return (l, n) => {
        const v = get(l, n);
        return v === undefined || !set.has(v);
      };
    case 'Exists':
      return (l, n) => get(l, n) !== undefined;
    case 'DoesNotExist':
      return (l, n) => get(l, n) === undefined;
    case 'Gt':
    case 'Lt': {
      const bound = values.length === 1 && INT_RE.test(values[0]!) ? Number(values[0]) : NaN;
      const gt = r.operator === 'Gt';
      return (l, n) => {
        const v = get(l, n);
        if (v === undefined || Number.isNaN(bound) || !INT_RE.test(v)) return false;
        return gt ? Number(v) > bound : Number(v) < bound;
      };
    }
    default:
      return () => false;
  }
}

export function compileTerm(term: NodeSelectorTerm): NodeMatcher {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return () => false;
  const parts = [...exprs.map((r) => requirementMatcher(r, false)), ...fields.map((r) => requirementMatcher(r, true))];
  return (labels, name) => {
    for (let i = 0; i < parts.length; i++) if (!parts[i]!(labels, name)) return false;
    return true;
  };
}

/** NodeSelector (required terms): any term matching is enough. */
export function compileTerms(terms: readonly NodeSelectorTerm[]): NodeMatcher {
  const compiled = terms.map(compileTerm);
  return (labels, name) => {
    for (let i = 0; i < compiled.length; i++) if (compiled[i]!(labels, name)) return true;
    return false;
  };
}

/** pod.spec.nodeSelector: every pair must be present with the same value. */
export function compileNodeSelectorMap(sel: Readonly<Record<string, string>>): NodeMatcher {
  const entries = Object.entries(sel);
  return (labels) => {
    for (let i = 0; i < entries.length; i++) {
      const [k, v] = entries[i]!;
      if (labels[k] !== v || !Object.prototype.hasOwnProperty.call(labels, k)) return false;
    }
    return true;
  };
}
