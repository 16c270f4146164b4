/**
 * The serviceaccount controller (and its neighbours): every active namespace gets a "default"
 * ServiceAccount (OpenShift adds "builder" and "deployer"), recreated if deleted, plus the
 * kube-root-ca.crt ConfigMap the projected token volume mounts (root-ca-cert-publisher; on
 * OpenShift also openshift-service-ca.crt). Each ServiceAccount gets a bearer token registered
 * with the authenticator, so `kubectl --token` and `--as system:serviceaccount:NS:NAME` work
 * (1.24+ issues no token Secret).
 */
import type { ComponentContext } from '../component.js';
import type { KObject } from '../api/types.js';
import { keyOf } from '../api/types.js';
import { COMPONENT_USERS, serviceAccountUser } from '../apiserver/authn.js';
import type { Client } from '../apiserver/client.js';
import type { Informer } from '../apiserver/informer.js';
import type { SeededRandom } from '../random.js';
import { QueueController, type Controller } from './controller.js';
import { isAlreadyExists } from './util.js';

const ROOT_CA = 'kube-root-ca.crt';
const SERVICE_CA = 'openshift-service-ca.crt';

function pem(random: SeededRandom): string {
  const body = Buffer.from(random.hex(96), 'hex').toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

class ServiceAccountController extends QueueController {
  readonly name = 'serviceaccount';
  private client: Client;
  private namespaces: Informer;
  private accounts: Informer;
  private configmaps: Informer;
  private random: SeededRandom;
  private tokens = new Map<string, string>();
  private readonly names: string[];
  private readonly caBundle: string;
  private readonly serviceCaBundle: string;

  constructor(ctx: ComponentContext) {
    super(ctx);
    this.client = ctx.client(COMPONENT_USERS.controllerManager, 'kube-controller-manager/v1.32.4 (serviceaccount-controller)');
    this.namespaces = ctx.informers.for('namespaces');
    this.accounts = ctx.informers.for('serviceaccounts');
    this.configmaps = ctx.informers.for('configmaps');
    this.random = ctx.random.fork('serviceaccount-tokens');
    const openshift = ctx.info.flavor === 'openshift';
    this.names = openshift ? ['builder', 'default', 'deployer'] : ['default'];
    const caRandom = ctx.random.fork('cluster-ca');
    this.caBundle = pem(caRandom);
    this.serviceCaBundle = pem(caRandom);
  }

  protected register(): void {
    this.namespaces.on({
      add: (ns) => this.queue.add(ns.metadata.name),
      update: (_o, ns) => this.queue.add(ns.metadata.name),
    });
    this.accounts.on({
      add: (sa) => this.registerToken(sa),
      delete: (sa) => {
        this.unregisterToken(sa);
        this.queue.add(sa.metadata.namespace!);
      },
    });
    this.configmaps.on({
      delete: (cm) => {
        if (cm.metadata.name === ROOT_CA || cm.metadata.name === SERVICE_CA) this.queue.add(cm.metadata.namespace!);
      },
    });
  }

  /** A JWT-shaped bearer token (header.payload.signature), deterministic per cluster seed. */
  private registerToken(sa: KObject): void {
    const key = keyOf(sa);
    if (this.tokens.has(key)) return;
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: this.random.hex(16) })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: `system:serviceaccount:${sa.metadata.namespace}:${sa.metadata.name}` })).toString('base64url');
    const token = `${header}.${payload}.${Buffer.from(this.random.hex(64), 'hex').toString('base64url')}`;
    this.tokens.set(key, token);
    this.ctx.api.authn.addToken(token, serviceAccountUser(sa.metadata.namespace!, sa.metadata.name), 'serviceaccount');
  }

  private unregisterToken(sa: KObject): void {
    const key = keyOf(sa);
    const token = this.tokens.get(key);
    if (!token) return;
    this.tokens.delete(key);
    this.ctx.api.authn.removeToken(token);
  }

  /** The bearer token of a ServiceAccount, once the controller has seen it. */
  tokenFor(namespace: string, name: string): string | undefined {
    return this.tokens.get(`${namespace}/${name}`);
  }

  protected reconcile(ns: string): 'done' | 'retry' {
    const namespace = this.namespaces.getByName(undefined, ns);
    if (!namespace || namespace.metadata.deletionTimestamp || namespace.status?.phase === 'Terminating') return 'done';
    try {
      for (const name of this.names) {
        if (this.accounts.getByName(ns, name)) continue;
        this.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } });
      }
      if (!this.configmaps.getByName(ns, ROOT_CA)) {
        this.create({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: ROOT_CA, namespace: ns, annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } },
          data: { 'ca.crt': this.caBundle },
        });
      }
      if (this.ctx.info.flavor === 'openshift' && !this.configmaps.getByName(ns, SERVICE_CA)) {
        this.create({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: SERVICE_CA, namespace: ns, annotations: { 'service.beta.openshift.io/inject-cabundle': 'true' } },
          data: { 'service-ca.crt': this.serviceCaBundle },
        });
      }
    } catch {
      return 'retry';
    }
    return 'done';
  }

  private create(obj: KObject): void {
    try {
      this.client.create(obj);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }
}

export function createServiceAccountController(ctx: ComponentContext): Controller & { tokenFor(namespace: string, name: string): string | undefined } {
  return new ServiceAccountController(ctx);
}
