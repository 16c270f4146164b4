/**
 * Just enough of Kubernetes' protobuf encoding to read what kubectl sends that way: its typed
 * clients post SelfSubjectAccessReviews (`kubectl auth can-i`) as
 * application/vnd.kubernetes.protobuf, a "k8s\0" magic and a runtime.Unknown envelope around
 * the message. Field numbers are those of k8s.io/api/authorization/v1/generated.proto.
 */
import { badRequest } from '../core/apiserver/errors.js';

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
