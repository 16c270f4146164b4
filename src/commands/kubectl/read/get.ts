/** `kubectl get`: tables per type, or one of the -o formats over every object found. */
import type { KObject } from '../../../core/api/types.js';
import { ApiError } from '../../../core/apiserver/errors.js';
import { ALL_NAMESPACES_FLAG, type FlagSpec, type ParseResult } from '../../flags.js';
import type { CommandResult } from '../../shell/pipeline.js';
import { parseOutputFormat, printObject, renderTable, asList, OutputFormatError } from '../printers/index.js';
import type { KubectlCommand, KubectlContext } from '../types.js';
import { runRaw } from './raw.js';
import { listObjects, getObject, noResourcesMessage, parseResourceArgs, sortObjects, now, type ResourceRequest } from './resources.js';

export const OUTPUT_FLAG: FlagSpec = {
  name: 'output',
  shorthand: 'o',
  type: 'string',
  usage: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide). See custom columns [https://kubernetes.io/docs/reference/kubectl/#custom-columns], golang template [http://golang.org/pkg/text/template/#pkg-overview] and jsonpath template [https://kubernetes.io/docs/reference/kubectl/jsonpath/].',
};

const GET_FLAGS: FlagSpec[] = [
  ALL_NAMESPACES_FLAG,
  { name: 'allow-missing-template-keys', type: 'bool', default: true, usage: 'If true, ignore any errors in templates when a field or map key is missing in the template.' },
  { name: 'chunk-size', type: 'int64', default: 500, usage: 'Return large lists in chunks rather than all at once.' },
  { name: 'field-selector', type: 'string', usage: "Selector (field query) to filter on, supports '=', '==', and '!='." },
  { name: 'filename', shorthand: 'f', type: 'stringSlice', usage: 'Filename, directory, or URL to files identifying the resource to get from a server.' },
  { name: 'ignore-not-found', type: 'bool', usage: 'If the requested object does not exist the command will return exit code 0.' },
  { name: 'label-columns', shorthand: 'L', type: 'stringSlice', usage: 'Accepts a comma separated list of labels that are going to be presented as columns.' },
  { name: 'no-headers', type: 'bool', usage: 'When using the default or custom-column output format, don\'t print headers (default print headers).' },
  OUTPUT_FLAG,
  { name: 'output-watch-events', type: 'bool', usage: 'Output watch event objects when --watch or --watch-only is used.' },
  { name: 'raw', type: 'string', usage: 'Raw URI to request from the server.' },
  { name: 'selector', shorthand: 'l', type: 'string', usage: "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'." },
  { name: 'server-print', type: 'bool', default: true, usage: 'If true, have the server return the appropriate table output.' },
  { name: 'show-kind', type: 'bool', usage: 'If present, list the resource type for the requested object(s).' },
  { name: 'show-labels', type: 'bool', usage: 'When printing, show all labels as the last column (default hide labels column).' },
  { name: 'show-managed-fields', type: 'bool', usage: 'If true, keep the managedFields when printing objects in JSON or YAML format.' },
  { name: 'sort-by', type: 'string', usage: 'If non-empty, sort list types using this field specification.' },
  { name: 'subresource', type: 'string', usage: 'If specified, gets the subresource of the requested object.' },
  { name: 'template', type: 'string', usage: 'Template string or path to template file to use when -o=go-template, -o=go-template-file.' },
  { name: 'watch', shorthand: 'w', type: 'bool', usage: 'After listing/getting the requested object, watch for changes.' },
  { name: 'watch-only', type: 'bool', usage: 'Watch for changes to the requested object(s), without listing/getting first.' },
];

const REQUIRED_RESOURCE = `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl get -h' for help and examples
`;

export function runGet(ctx: KubectlContext, args: string[], parsed: ParseResult): CommandResult {
  const f = parsed.flags;
  if (f.watch || f['watch-only']) return { stdout: '', stderr: 'error: --watch is only available in the dashboard\n', exitCode: 1 };
  if (f.raw) return runRaw(ctx, f.raw as string, parsed);
  if (f.subresource) return { stdout: '', stderr: 'error: --subresource is not supported in the palette\n', exitCode: 1 };
  if ((f.filename as string[]).length > 0) return { stdout: '', stderr: 'error: get -f is not supported in the palette; name the resources instead\n', exitCode: 1 };
  if (args.length === 0) return { stdout: '', stderr: REQUIRED_RESOURCE.replace(/kubectl/g, ctx.cli), exitCode: 1 };
  let format;
  try {
    let o = f.output as string;
    if ((o === 'go-template' || o === 'template') && f.template) o = `${o}=${f.template}`;
    if (!o && f.template) o = `go-template=${f.template}`;
    format = parseOutputFormat(o, undefined, ctx.session.files);
  } catch (err) {
    if (err instanceof OutputFormatError) return { stdout: '', stderr: `error: ${err.message}\n`, exitCode: 1 };
    throw err;
  }
  const { requests, multipleTypes, singleItem } = parseResourceArgs(args);
  const allNamespaces = !!f['all-namespaces'];
  const ignoreNotFound = !!f['ignore-not-found'];
  const sortBy = f['sort-by'] as string;
  let stderr = '';
  const groups: Array<{ req: ResourceRequest; objs: KObject[] }> = [];
  for (const req of requests) {
    let objs: KObject[] = [];
    if (req.names.length === 0) {
      objs = listObjects(ctx, req.res, { allNamespaces, labelSelector: f.selector as string, fieldSelector: f['field-selector'] as string });
    } else {
      for (const name of req.names) {
        try {
          objs.push(getObject(ctx, req.res, name));
        } catch (err) {
          if (err instanceof ApiError) {
            if (!(ignoreNotFound && err.code === 404)) stderr += `${err.kubectlMessage()}\n`;
            continue;
          }
          throw err;
        }
      }
    }
    if (sortBy) objs = sortObjects(objs, sortBy);
    groups.push({ req, objs });
  }
  const failed = stderr !== '';
  const exitCode = failed ? 1 : 0;

  if (format.kind !== 'table' && format.kind !== 'wide') {
    const all = groups.flatMap((g) => g.objs);
    if (failed && all.length === 0) return { stdout: '', stderr, exitCode };
    const data = singleItem && all.length === 1 ? all[0]! : asList(all);
    const stdout = printObject(data, format, {
      noHeaders: !!f['no-headers'],
      allowMissingKeys: f['allow-missing-template-keys'] as boolean,
      showManagedFields: !!f['show-managed-fields'],
    });
    return { stdout, stderr, exitCode };
  }

  const tables: string[] = [];
  const withKind = multipleTypes || !!f['show-kind'];
  for (const g of groups) {
    if (g.objs.length === 0) continue;
    tables.push(
      renderTable(g.req.res, g.objs, {
        wide: format.kind === 'wide',
        withNamespace: allNamespaces && g.req.res.namespaced,
        withKind,
        noHeaders: !!f['no-headers'],
        showLabels: !!f['show-labels'],
        labelColumns: (f['label-columns'] as string[]) ?? [],
        now: now(ctx),
      }),
    );
  }
  const stdout = tables.join(f['no-headers'] ? '' : '\n');
  if (stdout === '' && !failed && !ignoreNotFound) stderr += noResourcesMessage(ctx, allNamespaces);
  return { stdout, stderr, exitCode };
}

export const getCommand: KubectlCommand = {
  name: 'get',
  short: 'Display one or many resources',
  help: `Display one or many resources.

 Prints a table of the most important information about the specified resources. You can filter the list using a label selector and the --selector flag. If the desired resource type is namespaced you will only see results in the current namespace unless you pass --all-namespaces.

Examples:
  # List all pods in ps output format
  kubectl get pods

  # List all pods in ps output format with more information (such as node name)
  kubectl get pods -o wide

  # List a single pod in JSON output format
  kubectl get -o json pod web-pod-13je7

  # List all replication controllers and services together in ps output format
  kubectl get rc,services

Usage:
  kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]`,
  flags: GET_FLAGS,
  run: runGet,
};
