/**
 * How simulated containers of an image behave: the built-in catalogue plus a scenario's
 * `images:` section. An image in neither does not exist: pulls fail with ErrImagePull.
 */

export interface ImageBehaviour {
  /** From start to listening/ready, ms. */
  ready?: number;
  listen?: number[];
  /** CPU usage (quantity text, e.g. 50m). */
  cpu?: string;
  /** Working set at start (quantity text). */
  memory?: string;
  /** Working-set growth in bytes per simulated second. */
  memoryGrowthPerSec?: number;
  /** The process exits by itself after `after` ms with `code`. */
  exit?: { after: number; code: number };
  requires?: { env?: string[]; files?: string[]; connect?: string[] };
  /**
   * The log line the process prints before exiting 1 when a requirement is unmet; `{name}` is
   * the missing variable, file or address and `{error}` the connection error.
   */
  failMessages?: { env?: string; files?: string; connect?: string };
  logs?: Array<string | { every: number; line: string }>;
  /** Compressed size, for the Pulled event. */
  sizeBytes?: number;
  /** Default entrypoint when the pod gives no command (informational: `crictl inspect`). */
  entrypoint?: string[];
}

/** docker.io/library/nginx:1.25 for "nginx:1.25"; tag "latest" when none is given. */
export function normalizeImage(ref: string): string {
  let name = ref.trim();
  const digest = name.includes('@');
  const lastSlash = name.lastIndexOf('/');
  const hasTag = !digest && name.slice(lastSlash + 1).includes(':');
  if (!hasTag && !digest) name = `${name}:latest`;
  const first = name.split('/')[0]!;
  const hasRegistry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return name;
  return name.includes('/') ? `docker.io/${name}` : `docker.io/library/${name}`;
}

/** The registry host of an image reference: docker.io, quay.io, registry.k8s.io... */
export function registryOf(ref: string): string {
  return normalizeImage(ref).split('/')[0]!;
}

const MiB = 1024 * 1024;

/** OpenShift release payload images (digests stand in for a 4.19 release). */
export const OCP_IMAGES = {
  etcd: 'quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:3f1d2b6c8a9e4f70d5b1c2a3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d',
  hyperkube: 'quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:7c2e9a41b5d8f3067e1a4c9b2d5f8e0a3c6b9d2e5f8a1b4c7d0e3f6a9b2c5d8e',
  operator: 'quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:a8b4c2d6e0f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c3d5e7f9a1b3',
  clusterPolicy: 'quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:5e9d3c7b1a5f9e3d7c1b5a9f3e7d1c5b9a3f7e1d5c9b3a7f1e5d9c3b7a1f5e9d',
} as const;

const server = (port: number, memory: string, cpu = '2m', extra: Partial<ImageBehaviour> = {}): ImageBehaviour => ({
  ready: 1000,
  listen: [port],
  cpu,
  memory,
  ...extra,
});

/** Images every simulated cluster knows. Sizes are roughly the real compressed sizes. */
export const BUILTIN_IMAGES: Record<string, ImageBehaviour> = {
  'nginx:1.25': server(80, '8Mi', '1m', { sizeBytes: 70 * MiB, logs: ['/docker-entrypoint.sh: Configuration complete; ready for start up'] }),
  'nginx:1.27': server(80, '8Mi', '1m', { sizeBytes: 72 * MiB, logs: ['/docker-entrypoint.sh: Configuration complete; ready for start up'] }),
  'nginx:latest': server(80, '8Mi', '1m', { sizeBytes: 72 * MiB, logs: ['/docker-entrypoint.sh: Configuration complete; ready for start up'] }),
  'nginxinc/nginx-unprivileged:1.27': server(8080, '8Mi', '1m', { sizeBytes: 72 * MiB }),
  'httpd:2.4': server(80, '12Mi', '1m', { sizeBytes: 58 * MiB }),
  'redis:7': server(6379, '4Mi', '2m', { sizeBytes: 45 * MiB, logs: ['* Ready to accept connections tcp'] }),
  'redis:7.2': server(6379, '4Mi', '2m', { sizeBytes: 45 * MiB, logs: ['* Ready to accept connections tcp'] }),
  'postgres:16': server(5432, '40Mi', '5m', {
    ready: 4000,
    sizeBytes: 155 * MiB,
    requires: { env: ['POSTGRES_PASSWORD'] },
    failMessages: {
      env: 'Error: Database is uninitialized and superuser password is not specified.\n       You must specify POSTGRES_PASSWORD to a non-empty value for the\n       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
    },
    logs: ['LOG:  database system is ready to accept connections'],
  }),
  'mysql:8.0': server(3306, '350Mi', '10m', {
    ready: 8000,
    sizeBytes: 170 * MiB,
    requires: { env: ['MYSQL_ROOT_PASSWORD'] },
    failMessages: { env: '2026-11-24 09:00:00+00:00 [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n    You need to specify one of the following as an environment variable:\n    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD' },
  }),
  'memcached:1.6': server(11211, '3Mi', '1m', { sizeBytes: 30 * MiB }),
  'rabbitmq:3.13': server(5672, '120Mi', '20m', { ready: 6000, sizeBytes: 95 * MiB }),
  'busybox:1.36': { cpu: '0m', memory: '1Mi', sizeBytes: 2 * MiB, entrypoint: ['sh'] },
  'busybox:latest': { cpu: '0m', memory: '1Mi', sizeBytes: 2 * MiB, entrypoint: ['sh'] },
  'alpine:3.20': { cpu: '0m', memory: '1Mi', sizeBytes: 4 * MiB, entrypoint: ['/bin/sh'] },
  'curlimages/curl:8.10.1': { cpu: '0m', memory: '2Mi', sizeBytes: 11 * MiB, entrypoint: ['curl'] },
  'python:3.12': server(8000, '20Mi', '2m', { sizeBytes: 380 * MiB }),
  'node:20': server(3000, '40Mi', '2m', { sizeBytes: 380 * MiB }),
  'registry.k8s.io/pause:3.10': { cpu: '0m', memory: '0Mi', sizeBytes: 320 * 1024 },
  'registry.k8s.io/coredns/coredns:v1.11.3': server(53, '15Mi', '3m', { listen: [53, 8080, 8181], sizeBytes: 18 * MiB, logs: ['[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5', 'CoreDNS-1.11.3'] }),
  'registry.k8s.io/etcd:3.5.16-0': server(2379, '60Mi', '25m', { listen: [2379, 2380, 2381], sizeBytes: 57 * MiB }),
  'registry.k8s.io/kube-apiserver:v1.32.0': server(6443, '350Mi', '60m', { sizeBytes: 28 * MiB }),
  'registry.k8s.io/kube-scheduler:v1.32.0': server(10259, '25Mi', '5m', { sizeBytes: 20 * MiB }),
  'registry.k8s.io/kube-controller-manager:v1.32.0': server(10257, '60Mi', '15m', { sizeBytes: 26 * MiB }),
  'registry.k8s.io/kube-apiserver:v1.32.4': server(6443, '350Mi', '60m', { ready: 5000, sizeBytes: 28 * MiB }),
  'registry.k8s.io/kube-scheduler:v1.32.4': server(10259, '25Mi', '5m', { sizeBytes: 20 * MiB }),
  'registry.k8s.io/kube-controller-manager:v1.32.4': server(10257, '60Mi', '15m', { sizeBytes: 26 * MiB }),
  [OCP_IMAGES.etcd]: server(2379, '120Mi', '40m', { listen: [2379, 2380, 9978, 9979, 9980], sizeBytes: 160 * MiB }),
  [OCP_IMAGES.hyperkube]: server(6443, '900Mi', '120m', { listen: [6443, 10257, 10259, 6080, 17697], ready: 5000, sizeBytes: 250 * MiB }),
  [OCP_IMAGES.operator]: { cpu: '2m', memory: '30Mi', sizeBytes: 180 * MiB },
  [OCP_IMAGES.clusterPolicy]: { cpu: '3m', memory: '60Mi', listen: [10357], sizeBytes: 170 * MiB },
  'registry.k8s.io/kube-proxy:v1.32.0': { cpu: '1m', memory: '15Mi', sizeBytes: 30 * MiB },
  'registry.k8s.io/metrics-server/metrics-server:v0.7.2': server(10250, '20Mi', '3m', { sizeBytes: 19 * MiB }),
  'registry.k8s.io/sig-storage/csi-provisioner:v5.1.0': { cpu: '1m', memory: '12Mi', sizeBytes: 26 * MiB },
  'registry.k8s.io/sig-storage/csi-attacher:v4.7.0': { cpu: '1m', memory: '10Mi', sizeBytes: 25 * MiB },
  'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.12.0': { cpu: '1m', memory: '5Mi', sizeBytes: 10 * MiB },
  'registry.k8s.io/sig-storage/hostpathplugin:v1.15.0': { cpu: '1m', memory: '8Mi', sizeBytes: 15 * MiB },
  'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.37.0': { cpu: '1m', memory: '15Mi', sizeBytes: 40 * MiB },
  'ghcr.io/spiffe/spiffe-csi-driver:0.2.6': { cpu: '1m', memory: '6Mi', sizeBytes: 9 * MiB },
  'ghcr.io/spiffe/spire-agent:1.11.0': { cpu: '2m', memory: '30Mi', sizeBytes: 45 * MiB },
  'quay.io/openshift/origin-ovn-kubernetes:4.17': { cpu: '5m', memory: '80Mi', sizeBytes: 450 * MiB },
  'quay.io/openshift/origin-cli:4.17': { cpu: '0m', memory: '5Mi', sizeBytes: 200 * MiB, entrypoint: ['/bin/bash'] },
  'registry.access.redhat.com/ubi9/ubi:latest': { cpu: '0m', memory: '2Mi', sizeBytes: 78 * MiB, entrypoint: ['/bin/bash'] },
  'registry.access.redhat.com/ubi9/ubi-minimal:latest': { cpu: '0m', memory: '1Mi', sizeBytes: 38 * MiB, entrypoint: ['/bin/bash'] },
};

/**
 * Public pull-through mirrors: the same images under another registry host. mirror.gcr.io
 * (Google's cache of Docker Hub) is what the registry-down scenarios point a workload at.
 */
export const REGISTRY_MIRRORS: Readonly<Record<string, string>> = { 'mirror.gcr.io': 'docker.io' };

/** docker.io/library/nginx:1.25 for mirror.gcr.io/library/nginx:1.25; other refs unchanged. */
function unmirror(normalized: string): string {
  const host = normalized.split('/')[0]!;
  const upstream = REGISTRY_MIRRORS[host];
  return upstream ? `${upstream}${normalized.slice(host.length)}` : normalized;
}

export class ImageCatalogue {
  private images = new Map<string, ImageBehaviour>();

  constructor(extra: Record<string, ImageBehaviour> = {}) {
    for (const [ref, b] of Object.entries(BUILTIN_IMAGES)) this.images.set(normalizeImage(ref), b);
    for (const [ref, b] of Object.entries(extra)) this.images.set(normalizeImage(ref), b);
  }

  add(ref: string, behaviour: ImageBehaviour): void {
    this.images.set(normalizeImage(ref), behaviour);
  }

  lookup(ref: string): ImageBehaviour | undefined {
    const n = normalizeImage(ref);
    return this.images.get(n) ?? this.images.get(unmirror(n));
  }

  has(ref: string): boolean {
    return this.lookup(ref) !== undefined;
  }

  refs(): string[] {
    return [...this.images.keys()];
  }
}
