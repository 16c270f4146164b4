/**
 * Authentication: who is calling. Bearer tokens (users and service accounts) map to a user;
 * in-process components present client certificates (modelled as a trusted user), the way the
 * scheduler, controller-manager and kubelets authenticate on a real cluster.
 */

export interface UserInfo {
  username: string;
  groups: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}

export interface AuthnResult {
  user: UserInfo;
  /** How the caller was recognised: token, x509 (client certificate), serviceaccount token. */
  method: 'token' | 'x509' | 'serviceaccount' | 'anonymous';
}

export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    username: `system:serviceaccount:${namespace}:${name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
  };
}

/** Parses `system:serviceaccount:NS:NAME` into its parts. */
export function parseServiceAccountUser(username: string): { namespace: string; name: string } | undefined {
  const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(username);
  return m ? { namespace: m[1]!, name: m[2]! } : undefined;
}

export class Authenticator {
  private tokens = new Map<string, AuthnResult>();

  addToken(token: string, user: UserInfo, method: AuthnResult['method'] = 'token'): void {
    this.tokens.set(token, { user: withAuthenticated(user), method });
  }

  removeToken(token: string): void {
    this.tokens.delete(token);
  }

  /** Bearer token => user, or undefined (401). */
  authenticateToken(token: string): AuthnResult | undefined {
    return this.tokens.get(token);
  }

  /** Tokens registered for a user (for kubeconfig writers and tests). */
  tokensOf(username: string): string[] {
    return [...this.tokens].filter(([, r]) => r.user.username === username).map(([t]) => t);
  }
}

export function withAuthenticated(user: UserInfo): UserInfo {
  return user.groups.includes('system:authenticated') ? user : { ...user, groups: [...user.groups, 'system:authenticated'] };
}

/** Well-known identities of the simulated components. */
export const COMPONENT_USERS = {
  admin: { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] },
  openshiftAdmin: { username: 'system:admin', groups: ['system:masters', 'system:authenticated'] },
  scheduler: { username: 'system:kube-scheduler', groups: ['system:authenticated'] },
  controllerManager: { username: 'system:kube-controller-manager', groups: ['system:authenticated'] },
  node: (name: string): UserInfo => ({ username: `system:node:${name}`, groups: ['system:nodes', 'system:authenticated'] }),
} satisfies Record<string, UserInfo | ((n: string) => UserInfo)>;
