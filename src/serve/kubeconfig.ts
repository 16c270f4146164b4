/**
 * The kubeconfig `kubedrill serve` writes: one cluster (the server URL with its port, and the
 * CA when serving TLS), one user with the admin bearer token, one context with the scenario's
 * namespace. Written with mode 0600: the token is the cluster admin's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';

export interface KubeconfigInput {
  server: string;
  token: string;
  /** PEM of the CA to trust (TLS only). */
  caCert?: string;
  namespace?: string;
  /** Cluster, user and context names (default "kubedrill"). */
  name?: string;
  user?: string;
}

export function kubeconfigYaml(k: KubeconfigInput): string {
  const name = k.name ?? 'kubedrill';
  const user = k.user ?? `${name}-admin`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: k.server, ...(k.caCert ? { 'certificate-authority-data': Buffer.from(k.caCert).toString('base64') } : {}) } }],
    contexts: [{ name, context: { cluster: name, user, ...(k.namespace ? { namespace: k.namespace } : {}) } }],
    'current-context': name,
    preferences: {},
    users: [{ name: user, user: { token: k.token } }],
  });
}

/** Thrown instead of overwriting a kubeconfig that holds someone else's clusters. */
export class KubeconfigInUseError extends Error {}

/**
 * Writes the kubeconfig. A file that exists and names clusters other than this one (a user's
 * ~/.kube/config given by mistake) is never overwritten.
 */
export function writeKubeconfig(file: string, k: KubeconfigInput): void {
  const name = k.name ?? 'kubedrill';
  if (fs.existsSync(file)) {
    let others: string[] = [];
    try {
      const doc = parse(fs.readFileSync(file, 'utf8')) as { clusters?: Array<{ name?: string }> } | null;
      others = (doc?.clusters ?? []).map((c) => c?.name ?? '').filter((n) => n !== name);
    } catch {
      others = ['(unreadable YAML)'];
    }
    if (others.length) {
      throw new KubeconfigInUseError(`${file} already holds other clusters (${others.join(', ')}); kubedrill serve writes a kubeconfig of its own: pass another --kubeconfig PATH`);
    }
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, kubeconfigYaml(k), { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}
