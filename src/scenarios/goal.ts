/**
 * Evaluates a scenario's goal against the cluster as the API server serves it: each check
 * lists its objects (by name or label selector), compares the count, and tests `expect` on
 * every object matched.
 */
import { resolveResource } from '../core/api/resources.js';
import type { KObject } from '../core/api/types.js';
import { parseSelector, matches } from '../core/api/labels.js';
import type { ApiServer } from '../core/apiserver/server.js';
import { test as testExpr } from './expr.js';
import type { CompareOp, Goal, GoalCheck } from './types.js';

export interface CheckResult {
  check: GoalCheck;
  ok: boolean;
  /** What was found, for `run --check` and the challenge screen. */
  detail: string;
}

export interface GoalResult {
  met: boolean;
  checks: CheckResult[];
}

function compare(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
  }
}

export function describeCheck(c: GoalCheck): string {
  const target = c.name ? `${c.resourceName}/${c.name}` : `${c.resourceName} -l ${c.selector ?? ''}`.trim();
  const ns = c.namespace ? ` -n ${c.namespace}` : '';
  const expect = c.expect ? `: ${c.expect.text}` : '';
  const count = c.name ? '' : ` (count ${c.count.op} ${c.count.value})`;
  return `${target}${ns}${count}${expect}`;
}

export function evaluateCheck(api: ApiServer, check: GoalCheck): CheckResult {
  const res = resolveResource(check.resource);
  if (!res) return { check, ok: false, detail: `unknown resource ${check.resource}` };
  const ns = res.namespaced ? check.namespace : undefined;
  let objects: KObject[];
  if (check.name) {
    const obj = api.cached(res.plural, ns, check.name);
    if (!obj) return { check, ok: false, detail: `${res.plural} "${check.name}" not found` };
    objects = [obj];
  } else {
    const selector = parseSelector(check.selector ?? '');
    objects = [];
    for (const o of api.cachedList(res.plural, ns)) if (matches(selector, o.metadata.labels ?? {})) objects.push(o);
    if (!compare(check.count.op, objects.length, check.count.value)) {
      return { check, ok: false, detail: `${objects.length} matched, want ${check.count.op} ${check.count.value}` };
    }
  }
  if (check.expect) {
    const failing = objects.filter((o) => !testExpr(check.expect!.expr, o));
    if (failing.length > 0) {
      const names = failing.slice(0, 3).map((o) => o.metadata.name).join(', ');
      return { check, ok: false, detail: `false for ${names}${failing.length > 3 ? `, ... (${failing.length} objects)` : ''}` };
    }
  }
  return { check, ok: true, detail: check.name ? 'ok' : `${objects.length} matched` };
}

export function evaluateGoal(api: ApiServer, goal: Goal): GoalResult {
  const all = goal.all.map((c) => evaluateCheck(api, c));
  const any = goal.any.map((c) => evaluateCheck(api, c));
  const met = all.every((c) => c.ok) && (goal.any.length === 0 || any.some((c) => c.ok));
  return { met, checks: [...all, ...any] };
}
