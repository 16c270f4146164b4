/**
 * A cobra/spf13-pflag style flag parser for the simulated CLIs (kubectl, oc, etcdctl...).
 * Same grammar as pflag's FlagSet.Parse: --name=value, --name value, -n value, -nvalue,
 * -n=value, bundled bool shorthands (-it), --bool=false, `--` ends flags, positional
 * arguments may come before flags (interspersed). Error texts are pflag's, byte for byte,
 * and value errors carry Go's strconv/time messages.
 *
 * Repetition follows the type, as in pflag: scalar flags keep the last value;
 * stringArray appends each occurrence, stringSlice appends comma-separated values,
 * stringToString merges key=value pairs, count adds one per occurrence.
 */
import type { CommandResult } from './shell/pipeline.js';

export type FlagType =
  | 'bool'
  | 'string'
  | 'int'
  | 'int32'
  | 'int64'
  | 'float64'
  | 'duration'
  | 'count'
  | 'stringArray'
  | 'stringSlice'
  | 'stringToString';

/** Durations are milliseconds (the VirtualClock's unit); may be fractional (1us = 0.001). */
export type FlagValue = boolean | string | number | string[] | Record<string, string>;

export interface FlagSpec {
  name: string;
  /** One ASCII letter, used as -x. */
  shorthand?: string;
  type: FlagType;
  /** Defaults to the type's zero value (false, '', 0, [], {}). */
  default?: FlagValue;
  usage?: string;
  /** Value taken when the flag is given without one (pflag NoOptDefVal). bool: 'true', count: '+1'. */
  noOptDefVal?: string;
  /** Deprecation message: using the flag adds "Flag --x has been deprecated, MSG" to warnings. */
  deprecated?: string;
  hidden?: boolean;
  /** int types: 0 = Go base prefixes (pflag), 10 = decimal only (klog's -v Level). */
  intBase?: 0 | 10;
}

export interface ParseResult {
  /** Every defined flag by name, with its default when not given. */
  flags: Record<string, FlagValue>;
  /** Positional arguments, in order. */
  args: string[];
  /** Names of the flags set on the command line. */
  changed: Set<string>;
  /** Number of positional args before `--`, or -1 if there was no `--` (pflag ArgsLenAtDash). */
  argsLenAtDash: number;
  /** -h/--help was given (cobra's implicit help flag). */
  help: boolean;
  /** Deprecation notices pflag prints to stderr. */
  warnings: string[];
}

export type FlagErrorKind = 'unknown-flag' | 'unknown-shorthand' | 'needs-argument' | 'invalid-argument' | 'bad-syntax';

export class FlagError extends Error {
  constructor(
    readonly kind: FlagErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'FlagError';
  }
}

export interface ParseOptions {
  /** pflag SetInterspersed(false): the first positional argument ends flag parsing. */
  interspersed?: boolean;
}

// ---------------------------------------------------------------------------
// Go formatting and value parsing (strconv, time) with Go's exact error texts.

/** Go's %q / strconv.Quote for the strings we meet on a command line. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Go's %q for a rune: 'n'. */
function goQuoteRune(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '\\') return "'\\\\'";
  return `'${c}'`;
}

function numError(fn: string, s: string, reason: string): Error {
  return new Error(`strconv.${fn}: parsing ${goQuote(s)}: ${reason}`);
}

/** strconv.ParseInt(s, 0, bits): base prefixes 0x 0o 0b and leading-0 octal, underscores. */
export function parseGoInt(s: string, bits: 32 | 64 = 64, base: 0 | 10 = 0): number {
  let big: bigint;
  if (base === 10) {
    if (!/^[+-]?\d+$/.test(s)) throw numError('ParseInt', s, 'invalid syntax');
    big = BigInt(s.replace(/^\+/, ''));
  } else {
    const m = /^([+-]?)(0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0(?:_?[0-7])*|[1-9](?:_?[0-9])*)$/.exec(s);
    if (!m) throw numError('ParseInt', s, 'invalid syntax');
    const body = m[2]!.replace(/_/g, '');
    if (/^0[xXbBoO]/.test(body)) big = BigInt(body.toLowerCase());
    else if (body.length > 1 && body.startsWith('0')) big = BigInt(`0o${body.slice(1)}`);
    else big = BigInt(body);
    if (m[1] === '-') big = -big;
  }
  const limit = 1n << BigInt(bits - 1);
  if (big >= limit || big < -limit) throw numError('ParseInt', s, 'value out of range');
  return Number(big);
}

/** strconv.ParseBool. */
export function parseGoBool(s: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  throw numError('ParseBool', s, 'invalid syntax');
}

/** strconv.ParseFloat(s, 64), decimal forms plus inf/nan. */
export function parseGoFloat(s: string): number {
  const t = s.replace(/_/g, '');
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(t)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) && !/^[+-]?0[xX][0-9a-fA-F]+$/.test(t)) {
    throw numError('ParseFloat', s, 'invalid syntax');
  }
  const v = Number(t);
  if (!Number.isFinite(v)) throw numError('ParseFloat', s, 'value out of range');
  return v;
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  '\u00b5s': 1e-3,
  '\u03bcs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** time.ParseDuration, returning milliseconds. */
export function parseGoDuration(s: string): number {
  const invalid = (): Error => new Error(`time: invalid duration ${goQuote(s)}`);
  let rest = s;
  let neg = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    neg = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw invalid();
  let total = 0;
  while (rest !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    if (num[0] === '' || num[0] === '.') throw invalid();
    rest = rest.slice(num[0].length);
    const unit = /^[^0-9.]*/.exec(rest)![0];
    if (unit === '') throw new Error(`time: missing unit in duration ${goQuote(s)}`);
    const scale = DURATION_UNITS[unit];
    if (scale === undefined) throw new Error(`time: unknown unit ${goQuote(unit)} in duration ${goQuote(s)}`);
    rest = rest.slice(unit.length);
    total += Number(`${num[1] || '0'}.${num[2] ?? ''}0`) * scale;
  }
  return neg ? -total : total;
}

/** Go encoding/csv, one record (used by stringSlice and stringToString). */
function readCsvRecord(val: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (true) {
    if (val[i] === '"') {
      let field = '';
      i++;
      while (true) {
        if (i >= val.length) throw new Error(`parse error on line 1, column ${val.length + 1}: extraneous or missing " in quoted-field`);
        if (val[i] === '"') {
          if (val[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += val[i++];
      }
      if (i < val.length && val[i] !== ',') {
        // i is just past the closing quote, whose 1-based column is i.
        throw new Error(`parse error on line 1, column ${i}: extraneous or missing " in quoted-field`);
      }
      fields.push(field);
    } else {
      const end = val.indexOf(',', i);
      const field = end < 0 ? val.slice(i) : val.slice(i, end);
      const q = field.indexOf('"');
      if (q >= 0) throw new Error(`parse error on line 1, column ${i + q + 1}: bare " in non-quoted-field`);
      fields.push(field);
      i = end < 0 ? val.length : end;
    }
    if (i >= val.length) return fields;
    i++; // the comma
  }
}

// ---------------------------------------------------------------------------

function zeroValue(type: FlagType): FlagValue {
  switch (type) {
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'stringArray':
    case 'stringSlice':
      return [];
    case 'stringToString':
      return {};
    default:
      return 0;
  }
}

function copyValue(v: FlagValue): FlagValue {
  if (Array.isArray(v)) return [...v];
  if (typeof v === 'object') return { ...v };
  return v;
}

/** Applies one textual value to a flag, like pflag's Value.Set. */
function setValue(spec: FlagSpec, current: FlagValue, changed: boolean, raw: string): FlagValue {
  switch (spec.type) {
    case 'bool':
      return parseGoBool(raw);
    case 'string':
      return raw;
    case 'int':
    case 'int64':
      return parseGoInt(raw, 64, spec.intBase);
    case 'int32':
      return parseGoInt(raw, 32, spec.intBase);
    case 'float64':
      return parseGoFloat(raw);
    case 'duration':
      return parseGoDuration(raw);
    case 'count':
      return raw === '+1' ? (current as number) + 1 : parseGoInt(raw, 64);
    case 'stringArray':
      return changed ? [...(current as string[]), raw] : [raw];
    case 'stringSlice': {
      const v = raw === '' ? [] : readCsvRecord(raw);
      return changed ? [...(current as string[]), ...v] : v;
    }
    case 'stringToString': {
      let pairs: string[];
      const eqs = raw.split('=').length - 1;
      if (raw === '') pairs = [];
      else if (eqs === 0) throw new Error(`${raw} must be formatted as key=value`);
      else if (eqs === 1) pairs = [raw.replace(/^"+|"+$/g, '')];
      else pairs = readCsvRecord(raw);
      const out: Record<string, string> = changed ? { ...(current as Record<string, string>) } : {};
      for (const pair of pairs) {
        const eq = pair.indexOf('=');
        if (eq < 0) throw new Error(`${pair} must be formatted as key=value`);
        out[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      return out;
    }
  }
}

function defaultNoOpt(spec: FlagSpec): string | undefined {
  if (spec.noOptDefVal !== undefined) return spec.noOptDefVal;
  if (spec.type === 'bool') return 'true';
  if (spec.type === 'count') return '+1';
  return undefined;
}

/** cobra's implicit help flag. */
const HELP_FLAG: FlagSpec = { name: 'help', shorthand: 'h', type: 'bool', usage: 'help for this command' };

export class FlagSet {
  private readonly byName = new Map<string, FlagSpec>();
  private readonly byShort = new Map<string, FlagSpec>();
  private readonly order: FlagSpec[] = [];

  constructor(
    readonly name: string,
    specs: readonly FlagSpec[] = [],
    /** Flag name normalisation (kubectl: wordSepNormalize turns _ into -). */
    private readonly normalize: (name: string) => string = (n) => n,
  ) {
    for (const spec of specs) this.add(spec);
  }

  /** Defines a flag; panics like pflag on a duplicate name or shorthand. */
  add(spec: FlagSpec): this {
    const name = this.normalize(spec.name);
    if (this.byName.has(name)) throw new Error(`${this.name} flag redefined: ${name}`);
    if (spec.shorthand !== undefined) {
      if (spec.shorthand.length !== 1) throw new Error(`${goQuote(spec.shorthand)} shorthand is more than one ASCII character`);
      const used = this.byShort.get(spec.shorthand);
      if (used) {
        throw new Error(
          `unable to redefine ${goQuoteRune(spec.shorthand)} shorthand in ${goQuote(this.name)} flagset: it's already used for ${goQuote(used.name)} flag`,
        );
      }
    }
    const stored = { ...spec, name };
    this.byName.set(name, stored);
    if (spec.shorthand !== undefined) this.byShort.set(spec.shorthand, stored);
    this.order.push(stored);
    return this;
  }

  /** Adds flags not already defined (pflag AddFlagSet): how commands share global flags. */
  addAll(specs: readonly FlagSpec[] | FlagSet): this {
    const list = specs instanceof FlagSet ? specs.specs() : specs;
    for (const spec of list) if (!this.byName.has(this.normalize(spec.name))) this.add(spec);
    return this;
  }

  lookup(name: string): FlagSpec | undefined {
    return this.byName.get(this.normalize(name));
  }

  specs(): readonly FlagSpec[] {
    return this.order;
  }

  /** Parses args (without the command path). Throws FlagError with pflag's message. */
  parse(argv: readonly string[], options: ParseOptions = {}): ParseResult {
    const interspersed = options.interspersed ?? true;
    const flags: Record<string, FlagValue> = {};
    for (const spec of this.order) flags[spec.name] = copyValue(spec.default ?? zeroValue(spec.type));
    const hasHelp = this.byName.has('help');
    if (!hasHelp) flags.help = false;
    const shortHelp = !hasHelp && !this.byShort.has('h');
    const changed = new Set<string>();
    const args: string[] = [];
    const warnings: string[] = [];
    let argsLenAtDash = -1;

    const set = (spec: FlagSpec, raw: string): void => {
      try {
        flags[spec.name] = setValue(spec, flags[spec.name]!, changed.has(spec.name), raw);
      } catch (err) {
        const flagName = spec.shorthand ? `-${spec.shorthand}, --${spec.name}` : `--${spec.name}`;
        throw new FlagError(
          'invalid-argument',
          `invalid argument ${goQuote(raw)} for ${goQuote(flagName)} flag: ${(err as Error).message}`,
        );
      }
      changed.add(spec.name);
      if (spec.deprecated) warnings.push(`Flag --${spec.name} has been deprecated, ${spec.deprecated}`);
    };
    const setHelp = (raw: string): void => {
      try {
        flags.help = parseGoBool(raw);
      } catch (err) {
        throw new FlagError('invalid-argument', `invalid argument ${goQuote(raw)} for "-h, --help" flag: ${(err as Error).message}`);
      }
      changed.add('help');
    };

    let i = 0;
    while (i < argv.length) {
      const s = argv[i++]!;
      if (s.length < 2 || !s.startsWith('-')) {
        args.push(s);
        if (!interspersed) {
          args.push(...argv.slice(i));
          break;
        }
        continue;
      }
      if (s[1] === '-') {
        if (s.length === 2) {
          argsLenAtDash = args.length;
          args.push(...argv.slice(i));
          break;
        }
        const body = s.slice(2);
        if (body.startsWith('-') || body.startsWith('=')) throw new FlagError('bad-syntax', `bad flag syntax: ${s}`);
        const eq = body.indexOf('=');
        // Errors name the flag as typed; lookups use the normalised name.
        const name = eq < 0 ? body : body.slice(0, eq);
        const spec = this.byName.get(this.normalize(name));
        if (!spec) {
          if (this.normalize(name) === 'help' && !hasHelp) {
            setHelp(eq < 0 ? 'true' : body.slice(eq + 1));
            continue;
          }
          throw new FlagError('unknown-flag', `unknown flag: --${name}`);
        }
        const noOpt = defaultNoOpt(spec);
        if (eq >= 0) set(spec, body.slice(eq + 1));
        else if (noOpt !== undefined) set(spec, noOpt);
        else if (i < argv.length) set(spec, argv[i++]!);
        else throw new FlagError('needs-argument', `flag needs an argument: --${name}`);
        continue;
      }
      // One or more shorthands: -v, -it, -nfoo, -n=foo, -n foo.
      let shorts = s.slice(1);
      while (shorts.length > 0) {
        const c = shorts[0]!;
        const spec = this.byShort.get(c);
        if (!spec) {
          if (c === 'h' && shortHelp) {
            // -h=false is honoured like any bool; otherwise -h means help.
            if (shorts.length > 2 && shorts[1] === '=') {
              setHelp(shorts.slice(2));
              shorts = '';
            } else {
              setHelp('true');
              shorts = shorts.slice(1);
            }
            continue;
          }
          throw new FlagError('unknown-shorthand', `unknown shorthand flag: ${goQuoteRune(c)} in -${shorts}`);
        }
        const noOpt = defaultNoOpt(spec);
        if (shorts.length > 2 && shorts[1] === '=') {
          set(spec, shorts.slice(2));
          shorts = '';
        } else if (noOpt !== undefined) {
          set(spec, noOpt);
          shorts = shorts.slice(1);
        } else if (shorts.length > 1) {
          set(spec, shorts.slice(1));
          shorts = '';
        } else if (i < argv.length) {
          set(spec, argv[i++]!);
          shorts = '';
        } else {
          throw new FlagError('needs-argument', `flag needs an argument: ${goQuoteRune(c)} in -${shorts}`);
        }
      }
    }
    return { flags, args, changed, argsLenAtDash, help: flags.help === true, warnings };
  }
}

/** One-off parse against a list of specs. */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[], options?: ParseOptions): ParseResult {
  return new FlagSet('flags', specs).parse(argv, options);
}

/** kubectl's cliflag.WordSepNormalizeFunc: --all_namespaces is --all-namespaces. */
export function wordSepNormalize(name: string): string {
  return name.includes('_') ? name.replace(/_/g, '-') : name;
}

// ---------------------------------------------------------------------------
// Shared flag sets.

/** kubectl's global flags (`kubectl options`, kubectl 1.32). */
export const KUBECTL_GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: 'as', type: 'string', usage: 'Username to impersonate for the operation.' },
  { name: 'as-group', type: 'stringArray', usage: 'Group to impersonate for the operation, this flag can be repeated to specify multiple groups.' },
  { name: 'as-uid', type: 'string', usage: 'UID to impersonate for the operation.' },
  { name: 'cache-dir', type: 'string', default: '/root/.kube/cache', usage: 'Default cache directory' },
  { name: 'certificate-authority', type: 'string', usage: 'Path to a cert file for the certificate authority' },
  { name: 'client-certificate', type: 'string', usage: 'Path to a client certificate file for TLS' },
  { name: 'client-key', type: 'string', usage: 'Path to a client key file for TLS' },
  { name: 'cluster', type: 'string', usage: 'The name of the kubeconfig cluster to use' },
  { name: 'context', type: 'string', usage: 'The name of the kubeconfig context to use' },
  { name: 'disable-compression', type: 'bool', usage: 'If true, opt-out of response compression for all requests to the server' },
  { name: 'insecure-skip-tls-verify', type: 'bool', usage: "If true, the server's certificate will not be checked for validity." },
  { name: 'kubeconfig', type: 'string', usage: 'Path to the kubeconfig file to use for CLI requests.' },
  { name: 'log-flush-frequency', type: 'duration', default: 5000, usage: 'Maximum number of seconds between log flushes' },
  { name: 'match-server-version', type: 'bool', usage: 'Require server version to match client version' },
  { name: 'namespace', shorthand: 'n', type: 'string', usage: 'If present, the namespace scope for this CLI request' },
  { name: 'password', type: 'string', usage: 'Password for basic authentication to the API server' },
  { name: 'profile', type: 'string', default: 'none', usage: 'Name of profile to capture.' },
  { name: 'profile-output', type: 'string', default: 'profile.pprof', usage: 'Name of the file to write the profile to' },
  { name: 'request-timeout', type: 'string', default: '0', usage: 'The length of time to wait before giving up on a single server request.' },
  { name: 'server', shorthand: 's', type: 'string', usage: 'The address and port of the Kubernetes API server' },
  { name: 'tls-server-name', type: 'string', usage: 'Server name to use for server certificate validation.' },
  { name: 'token', type: 'string', usage: 'Bearer token for authentication to the API server' },
  { name: 'user', type: 'string', usage: 'The name of the kubeconfig user to use' },
  { name: 'username', type: 'string', usage: 'Username for basic authentication to the API server' },
  { name: 'v', shorthand: 'v', type: 'int32', intBase: 10, usage: 'number for the log level verbosity' },
  { name: 'vmodule', type: 'string', usage: 'comma-separated list of pattern=N settings for file-filtered logging' },
  { name: 'warnings-as-errors', type: 'bool', usage: 'Treat warnings received from the server as errors and exit with a non-zero exit code' },
];

/** -A/--all-namespaces, defined per command (get, describe, delete, events, top...). */
export const ALL_NAMESPACES_FLAG: FlagSpec = {
  name: 'all-namespaces',
  shorthand: 'A',
  type: 'bool',
  usage: 'If present, list the requested object(s) across all namespaces.',
};

/** A kubectl/oc command's flag set: its own flags plus the global ones, _ normalised to -. */
export function kubectlFlagSet(commandPath: string, specs: readonly FlagSpec[] = []): FlagSet {
  return new FlagSet(commandPath, specs, wordSepNormalize).addAll(KUBECTL_GLOBAL_FLAGS);
}

/** etcdctl v3 global flags (etcdctl 3.5). */
export const ETCDCTL_GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: 'cacert', type: 'string', usage: 'verify certificates of TLS-enabled secure servers using this CA bundle' },
  { name: 'cert', type: 'string', usage: 'identify secure client using this TLS certificate file' },
  { name: 'command-timeout', type: 'duration', default: 5000, usage: 'timeout for short running command (excluding dial timeout)' },
  { name: 'debug', type: 'bool', usage: 'enable client-side debug logging' },
  { name: 'dial-timeout', type: 'duration', default: 2000, usage: 'dial timeout for client connections' },
  { name: 'discovery-srv', shorthand: 'd', type: 'string', usage: 'domain name to query for SRV records describing cluster endpoints' },
  { name: 'endpoints', type: 'stringSlice', default: ['127.0.0.1:2379'], usage: 'gRPC endpoints' },
  { name: 'hex', type: 'bool', usage: 'print byte strings as hex encoded strings' },
  { name: 'insecure-skip-tls-verify', type: 'bool', usage: 'skip server certificate verification' },
  { name: 'insecure-transport', type: 'bool', default: true, usage: 'disable transport security for client connections' },
  { name: 'key', type: 'string', usage: 'identify secure client using this TLS key file' },
  { name: 'password', type: 'string', usage: 'password for authentication (if this option is used, --user option shouldn\'t include password)' },
  { name: 'user', type: 'string', usage: 'username[:password] for authentication (prompt if password is not supplied)' },
  { name: 'write-out', shorthand: 'w', type: 'string', default: 'simple', usage: 'set the output format (fields, json, protobuf, simple, table)' },
];

// ---------------------------------------------------------------------------
// Reporting.

/**
 * kubectl/oc's rendering of a flag error (its FlagErrorFunc plus cmdutil.CheckErr):
 *   error: unknown flag: --foo
 *   See 'kubectl get --help' for usage.
 */
export function formatKubectlFlagError(err: FlagError | Error, commandPath: string): string {
  return `error: ${err.message}\nSee '${commandPath} --help' for usage.\n`;
}

/** The same as a palette command result (exit status 1, like kubectl). */
export function kubectlFlagErrorResult(err: FlagError | Error, commandPath: string): CommandResult {
  return { stdout: '', stderr: formatKubectlFlagError(err, commandPath), exitCode: 1 };
}

/**
 * Parses and, on a flag error, returns the kubectl-style result instead of throwing:
 *   const r = tryParse(set, argv, 'kubectl get'); if (!r.ok) return r.result;
 */
export function tryParse(
  set: FlagSet,
  argv: readonly string[],
  commandPath: string,
  options?: ParseOptions,
): { ok: true; parsed: ParseResult } | { ok: false; error: FlagError; result: CommandResult } {
  try {
    return { ok: true, parsed: set.parse(argv, options) };
  } catch (err) {
    if (!(err instanceof FlagError)) throw err;
    return { ok: false, error: err, result: kubectlFlagErrorResult(err, commandPath) };
  }
}
