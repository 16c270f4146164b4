/**
 * Row actions as the palette commands a user would type: the dashboard never writes to the
 * cluster itself, it runs `kubectl ...` through the scenario's palette like everybody else.
 */
import type { ResourceType } from '../core/api/resources.js';
import type { KObject } from '../core/api/types.js';

const nsFlag = (res: ResourceType, obj: KObject): string => (res.namespaced && obj.metadata.namespace ? ` -n ${obj.metadata.namespace}` : '');

/** kubectl's type argument: the singular, qualified by group for non-core kinds (deployment.apps). */
export function typeArg(res: ResourceType): string {
  return res.group ? `${res.singular}.${res.group}` : res.singular;
}

export function describeLine(res: ResourceType, obj: KObject): string {
  return `kubectl describe ${typeArg(res)} ${obj.metadata.name}${nsFlag(res, obj)}`;
}

export function yamlLine(res: ResourceType, obj: KObject): string {
  return `kubectl get ${typeArg(res)} ${obj.metadata.name}${nsFlag(res, obj)} -o yaml`;
}

/** Logs are bounded (--tail) so a chatty container cannot flood the view. */
export const LOG_TAIL = 1000;

export function logsLine(namespace: string, pod: string, container: string | undefined, previous: boolean): string {
  return `kubectl logs ${pod} -n ${namespace}${container ? ` -c ${container}` : ''}${previous ? ' --previous' : ''} --tail=${LOG_TAIL}`;
}

export function deleteLine(res: ResourceType, obj: KObject): string {
  return `kubectl delete ${typeArg(res)} ${obj.metadata.name}${nsFlag(res, obj)}`;
}

export function killLine(obj: KObject): string {
  return `kubectl delete pod ${obj.metadata.name} -n ${obj.metadata.namespace} --grace-period=0 --force`;
}

export function scaleLine(res: ResourceType, obj: KObject, replicas: number): string {
  return `kubectl scale ${typeArg(res)} ${obj.metadata.name}${nsFlag(res, obj)} --replicas=${replicas}`;
}

export function cordonLine(node: KObject, cordon: boolean): string {
  return `kubectl ${cordon ? 'cordon' : 'uncordon'} ${node.metadata.name}`;
}

export function drainLine(node: KObject): string {
  return `kubectl drain ${node.metadata.name} --ignore-daemonsets --delete-emptydir-data`;
}

/** A log view's command: `p` adds --previous, `0` --all-containers. */
export function logsLineFor(o: { namespace: string; pod: string; container?: string; previous: boolean; allContainers: boolean }): string {
  const which = o.allContainers ? ' --all-containers' : o.container ? ` -c ${o.container}` : '';
  return `kubectl logs ${o.pod} -n ${o.namespace}${which}${o.previous ? ' --previous' : ''} --tail=${LOG_TAIL}`;
}

/** Single quotes for the palette's shell: 'it'\''s'. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A pod shell line: `kubectl exec POD -n NS -c C -- sh -c 'LINE'`. */
export function execLine(namespace: string, pod: string, container: string | undefined, line: string): string {
  return `kubectl exec ${pod} -n ${namespace}${container ? ` -c ${container}` : ''} -- sh -c ${shellQuote(line)}`;
}
