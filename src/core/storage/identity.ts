/** The user a pod's service account authenticates as (the CSI sidecars act with their pod's token). */
import type { UserInfo } from '../apiserver/authn.js';

export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return { username: `system:serviceaccount:${namespace}:${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'] };
}
