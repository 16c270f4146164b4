/**
 * Syntax checks for names a scenario uses, following Kubernetes' validation helpers
 * (k8s.io/apimachinery/pkg/util/validation) and the container image reference grammar
 * (distribution/reference). Each returns an error message or undefined.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function checkDns1123Label(s: string): string | undefined {
  if (s.length > 63) return 'must be no more than 63 characters';
  if (!DNS1123_LABEL.test(s)) {
    return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
  }
  return undefined;
}

export function checkDns1123Subdomain(s: string): string | undefined {
  if (s.length > 253) return 'must be no more than 253 characters';
  if (!DNS1123_SUBDOMAIN.test(s)) {
    return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

/** Label and taint keys: [prefix/]name. */
export function checkQualifiedName(s: string): string | undefined {
  const parts = s.split('/');
  if (parts.length > 2) return "a qualified name must consist of an optional DNS subdomain prefix and '/' and a name";
  const name = parts[parts.length - 1]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix === '') return 'prefix part must be non-empty';
    const err = checkDns1123Subdomain(prefix);
    if (err) return `prefix part ${err}`;
  }
  if (name === '') return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!QUALIFIED_NAME.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

export function checkLabelValue(s: string): string | undefined {
  if (s.length > 63) return 'must be no more than 63 characters';
  if (!LABEL_VALUE.test(s)) {
    return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_REF = new RegExp(
  `^(?:(${DOMAIN})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`,
);
const REGISTRY = new RegExp(`^${DOMAIN}$`);

export function checkImageRef(s: string): string | undefined {
  if (s.length > 255) return 'image reference is longer than 255 characters';
  if (!IMAGE_REF.test(s)) return 'invalid image reference (expected [registry/]name[:tag][@digest], e.g. nginx:1.25)';
  return undefined;
}

export function checkRegistryHost(s: string): string | undefined {
  return REGISTRY.test(s) ? undefined : 'invalid registry host (expected a host name with an optional :port, e.g. quay.io)';
}

export function checkEnvName(s: string): string | undefined {
  return /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(s)
    ? undefined
    : "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";
}

/** "host:port" for requires.connect; the host is a DNS name or an IPv4 address. */
export function parseHostPort(s: string): { host: string; port: number } | string {
  const m = /^([^:\s]+):(\d{1,5})$/.exec(s);
  if (!m) return 'expected "host:port", e.g. "postgres.shop.svc:5432"';
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return `port ${port} is out of range 1-65535`;
  const host = m[1]!;
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(host) && checkDns1123Subdomain(host.toLowerCase())) {
    return `invalid host '${host}'`;
  }
  return { host, port };
}
