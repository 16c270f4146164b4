/**
 * Just enough of Kubernetes' protobuf encoding to read what kubectl sends that way: its typed
 * clients post as application/vnd.kubernetes.protobuf, a "k8s\0" magic and a runtime.Unknown
 * envelope around the message. Read here: SelfSubjectAccessReview (`kubectl auth can-i`) and the
 * kinds `kubectl create namespace|configmap|secret|serviceaccount|role|rolebinding|clusterrole|
 * clusterrolebinding|deployment|job|cronjob|service` send (only the fields those commands set). Field numbers are those of the API's generated.proto files.
 */
import { ApiError, badRequest } from '../core/apiserver/errors.js';

export const PROTOBUF_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type Fields = Map<number, Array<number | Buffer>>;

function readFields(buf: Buffer): Fields {
  const out: Fields = new Map();
  let i = 0;
  const varint = (): number => {
    let n = 0;
    let mul = 1;
    for (;;) {
      if (i >= buf.length) throw badRequest('the body of the request was in an unknown format: truncated protobuf');
      const b = buf[i++]!;
      n += (b & 0x7f) * mul;
      if (b < 0x80) return n;
      mul *= 128;
    }
  };
  while (i < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    let value: number | Buffer;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const len = varint();
      value = buf.subarray(i, i + len);
      i += len;
    } else if (wire === 1) {
      value = 0;
      i += 8;
    } else if (wire === 5) {
      value = 0;
      i += 4;
    } else throw badRequest(`the body of the request was in an unknown format: protobuf wire type ${wire}`);
    if (!out.has(field)) out.set(field, []);
    out.get(field)!.push(value);
  }
  return out;
}

const str = (f: Fields, n: number): string | undefined => {
  const v = f.get(n)?.[0];
  return Buffer.isBuffer(v) ? v.toString('utf8') : undefined;
};
const msg = (f: Fields, n: number): Fields | undefined => {
  const v = f.get(n)?.[0];
  return Buffer.isBuffer(v) ? readFields(v) : undefined;
};

/** The runtime.Unknown envelope: apiVersion, kind and the raw message. */
export function unwrap(body: Buffer): { apiVersion?: string; kind?: string; raw: Buffer } {
  if (body.length < 4 || Buffer.compare(body.subarray(0, 4) as Uint8Array, MAGIC as Uint8Array) !== 0) throw badRequest('the body of the request was in an unknown format: missing the protobuf magic');
  const env = readFields(body.subarray(4));
  const typeMeta = msg(env, 1);
  const raw = env.get(2)?.[0];
  return { apiVersion: typeMeta && str(typeMeta, 1), kind: typeMeta && str(typeMeta, 2), raw: Buffer.isBuffer(raw) ? raw : Buffer.alloc(0) };
}

/** A SelfSubjectAccessReview (authorization.k8s.io/v1) as JSON. */
export function decodeSelfSubjectAccessReview(body: Buffer): unknown {
  const { raw } = unwrap(body);
  const review = readFields(raw);
  const spec = msg(review, 2);
  const out: Record<string, unknown> = {};
  const ra = spec && msg(spec, 1);
  const nra = spec && msg(spec, 2);
  if (ra) {
    const names = ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'];
    const attrs: Record<string, string> = {};
    names.forEach((k, i) => {
      const v = str(ra, i + 1);
      if (v !== undefined) attrs[k] = v;
    });
    out.resourceAttributes = attrs;
  }
  if (nra) out.nonResourceAttributes = { ...(str(nra, 1) !== undefined ? { path: str(nra, 1) } : {}), ...(str(nra, 2) !== undefined ? { verb: str(nra, 2) } : {}) };
  return { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: {}, spec: out };
}

/** How one field decodes: a scalar, a string map, a nested message, or a repeated one. */
type Field =
  | 'string'
  | 'strings'
  | 'bytes'
  | 'bool'
  | 'int'
  | 'map'
  | 'bytesmap'
  | 'quantities'
  | { message: Schema; repeated?: boolean };
type Schema = Record<number, [string, Field]>;

const OBJECT_META: Schema = {
  1: ['name', 'string'],
  2: ['generateName', 'string'],
  3: ['namespace', 'string'],
  6: ['resourceVersion', 'string'],
  11: ['labels', 'map'],
  12: ['annotations', 'map'],
  14: ['finalizers', 'strings'],
};
const META: [string, Field] = ['metadata', { message: OBJECT_META }];
const POLICY_RULE: Schema = { 1: ['verbs', 'strings'], 2: ['apiGroups', 'strings'], 3: ['resources', 'strings'], 4: ['resourceNames', 'strings'], 5: ['nonResourceURLs', 'strings'] };
const SUBJECT: Schema = { 1: ['kind', 'string'], 2: ['apiGroup', 'string'], 3: ['name', 'string'], 4: ['namespace', 'string'] };
const ROLE_REF: Schema = { 1: ['apiGroup', 'string'], 2: ['kind', 'string'], 3: ['name', 'string'] };
const BINDING: Schema = { 1: META, 2: ['subjects', { message: SUBJECT, repeated: true }], 3: ['roleRef', { message: ROLE_REF }] };
const ROLE: Schema = { 1: META, 2: ['rules', { message: POLICY_RULE, repeated: true }] };

const LABEL_SELECTOR: Schema = {
  1: ['matchLabels', 'map'],
  2: ['matchExpressions', { message: { 1: ['key', 'string'], 2: ['operator', 'string'], 3: ['values', 'strings'] }, repeated: true }],
};
const CONTAINER: Schema = {
  1: ['name', 'string'],
  2: ['image', 'string'],
  3: ['command', 'strings'],
  4: ['args', 'strings'],
  5: ['workingDir', 'string'],
  6: ['ports', { message: { 1: ['name', 'string'], 2: ['hostPort', 'int'], 3: ['containerPort', 'int'], 4: ['protocol', 'string'] }, repeated: true }],
  7: ['env', { message: { 1: ['name', 'string'], 2: ['value', 'string'] }, repeated: true }],
  8: ['resources', { message: { 1: ['limits', 'quantities'], 2: ['requests', 'quantities'] } }],
  14: ['imagePullPolicy', 'string'],
  16: ['stdin', 'bool'],
  18: ['tty', 'bool'],
};
const POD_SPEC: Schema = {
  2: ['containers', { message: CONTAINER, repeated: true }],
  3: ['restartPolicy', 'string'],
  7: ['nodeSelector', 'map'],
  8: ['serviceAccountName', 'string'],
};
const POD_TEMPLATE: Schema = { 1: META, 2: ['spec', { message: POD_SPEC }] };

const JOB_SPEC: Schema = {
  1: ['parallelism', 'int'],
  2: ['completions', 'int'],
  3: ['activeDeadlineSeconds', 'int'],
  4: ['selector', { message: LABEL_SELECTOR }],
  6: ['template', { message: POD_TEMPLATE }],
  7: ['backoffLimit', 'int'],
};
const INT_OR_STRING: Schema = { 1: ['type', 'int'], 2: ['intVal', 'int'], 3: ['strVal', 'string'] };
const SERVICE_PORT: Schema = { 1: ['name', 'string'], 2: ['protocol', 'string'], 3: ['port', 'int'], 4: ['targetPort', { message: INT_OR_STRING }], 5: ['nodePort', 'int'] };

const KINDS: Record<string, Schema> = {
  'batch/v1/Job': { 1: META, 2: ['spec', { message: JOB_SPEC }] },
  'batch/v1/CronJob': {
    1: META,
    2: ['spec', { message: { 1: ['schedule', 'string'], 3: ['concurrencyPolicy', 'string'], 4: ['suspend', 'bool'], 5: ['jobTemplate', { message: { 1: META, 2: ['spec', { message: JOB_SPEC }] } }] } }],
  },
  'v1/Service': {
    1: META,
    2: ['spec', { message: { 1: ['ports', { message: SERVICE_PORT, repeated: true }], 2: ['selector', 'map'], 3: ['clusterIP', 'string'], 4: ['type', 'string'], 10: ['externalName', 'string'] } }],
  },
  'apps/v1/Deployment': {
    1: META,
    2: ['spec', { message: { 1: ['replicas', 'int'], 2: ['selector', { message: LABEL_SELECTOR }], 3: ['template', { message: POD_TEMPLATE }], 5: ['minReadySeconds', 'int'], 6: ['revisionHistoryLimit', 'int'], 9: ['progressDeadlineSeconds', 'int'] } }],
  },
  'v1/Namespace': { 1: META, 2: ['spec', { message: { 1: ['finalizers', 'strings'] } }] },
  'v1/ConfigMap': { 1: META, 2: ['data', 'map'], 3: ['binaryData', 'bytesmap'], 4: ['immutable', 'bool'] },
  'v1/Secret': { 1: META, 2: ['data', 'bytesmap'], 3: ['type', 'string'], 4: ['stringData', 'map'], 5: ['immutable', 'bool'] },
  'v1/ServiceAccount': { 1: META, 3: ['imagePullSecrets', { message: { 1: ['name', 'string'] }, repeated: true }], 4: ['automountServiceAccountToken', 'bool'] },
  'policy/v1/Eviction': { 1: META },
  'rbac.authorization.k8s.io/v1/Role': ROLE,
  'rbac.authorization.k8s.io/v1/ClusterRole': ROLE,
  'rbac.authorization.k8s.io/v1/RoleBinding': BINDING,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': BINDING,
};

function decodeMessage(buf: Buffer, schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [num, values] of readFields(buf)) {
    const spec = schema[num];
    if (!spec) continue;
    const [name, field] = spec;
    const bufs = values.filter((v): v is Buffer => Buffer.isBuffer(v));
    // Empty strings, maps and messages are left out, as the JSON form's omitempty does.
    if (field === 'string') {
      const v = bufs[0]?.toString('utf8') ?? '';
      if (v !== '') out[name] = v;
    } else if (field === 'strings') out[name] = bufs.map((b) => b.toString('utf8'));
    else if (field === 'bytes') out[name] = bufs[0]?.toString('base64') ?? '';
    // Plain (non-pointer) scalars are always on the wire; their zero values are left out like
    // omitempty does. replicas is a pointer: present means set, even to 0.
    else if (field === 'bool') {
      if (values[0] === 1) out[name] = true;
    } else if (field === 'int') {
      if (values[0] !== 0 || name === 'replicas') out[name] = values[0];
    }
    else if (field === 'map' || field === 'bytesmap' || field === 'quantities') {
      const m: Record<string, string> = {};
      for (const entry of bufs) {
        const f = readFields(entry);
        const k = f.get(1)?.[0];
        const v = f.get(2)?.[0];
        const key = Buffer.isBuffer(k) ? k.toString('utf8') : '';
        // Quantities are messages {string: 1}.
        m[key] = !Buffer.isBuffer(v) ? '' : field === 'quantities' ? str(readFields(v), 1) ?? '' : v.toString(field === 'map' ? 'utf8' : 'base64');
      }
      if (Object.keys(m).length) out[name] = m;
    } else if (field.repeated) out[name] = bufs.map((b) => decodeMessage(b, field.message));
    else if (bufs[0]) {
      const m = decodeMessage(bufs[0], field.message);
      if (Object.keys(m).length) out[name] = m;
    }
  }
  return out;
}

/** IntOrString messages ({type, intVal, strVal}) become the number or string JSON carries. */
function intOrString(o: unknown): unknown {
  if (Array.isArray(o)) return o.map(intOrString);
  if (!o || typeof o !== 'object') return o;
  const r = o as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (k === 'targetPort' && v && typeof v === 'object') {
      const t = v as { type?: number; intVal?: number; strVal?: string };
      out[k] = t.type === 1 ? t.strVal ?? '' : t.intVal ?? 0;
    } else out[k] = intOrString(v);
  }
  return out;
}

/** A protobuf object body as JSON, or a 415 naming the kinds that can be sent this way. */
export function decodeObject(body: Buffer): unknown {
  const { apiVersion, kind, raw } = unwrap(body);
  if (kind === 'SelfSubjectAccessReview') return decodeSelfSubjectAccessReview(body);
  const schema = KINDS[`${apiVersion}/${kind}`];
  if (!schema) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (kubedrill serve reads ${kind ?? 'this kind'} only as JSON or YAML: use kubectl create -f or kubectl apply -f with a manifest)`,
    );
  }
  return intOrString({ apiVersion, kind, ...decodeMessage(raw, schema) });
}
