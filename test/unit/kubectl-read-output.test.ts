import { describe, expect, it } from 'vitest';
import { tabwrite, kubectlTable } from '../../src/commands/kubectl/printers/tabwriter.js';
import { toYaml } from '../../src/commands/kubectl/printers/yaml.js';
import { printObject, parseOutputFormat, resourceName } from '../../src/commands/kubectl/printers/output.js';
import type { KObject } from '../../src/core/api/types.js';

// Inputs and expected YAML were produced by kubectl 1.32 (`create ... --dry-run=client -o json|yaml`).
const TRICKY_CM = {"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": "tricky", "creationTimestamp": null}, "data": {"A": "1", "a-b": "1", "a.b": "1", "a0": "1", "a00": "1", "a01": "1", "a10": "1", "a9": "1", "a_b": "1", "ab": "1", "amp": "&x", "at": "@x", "b60": "1:20", "brace": "{a}", "bt": "`x", "colon": "a: b c: d eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee fffffffffffffffffffffff ggggggggggggggggg hhhhhhhhhhhh iiii", "colonend": "a:", "dash": "- x", "dash2": "-x", "dashes": "---", "date": "2024-01-01", "dot": ".5", "dots": "1.2.3", "e": "1e3", "empty": "", "excl": "!x", "flt": "1.5", "gt": ">x", "hash": "a #b", "hash2": "a#b", "hex": "0x1F", "inner": "a{b}", "lead": " lead", "longdouble": "\taaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr", "longsingle": "'aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr", "msg": "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss", "multi": "line1\nline2\n", "multi2": "x\ny", "multi3": "x\n\ny\n\n", "neg": "-1", "null": "null", "oct": "0755", "on": "on", "pct": "%x", "pipe": "|x", "plus": "+1", "q": "it's", "qmark": "? x", "qq": "\"x\"", "sp": " ", "star": "*x", "tab": "a\tb", "tilde": "~", "trail": "x  \ny", "ts": "2024-01-01T00:00:00Z", "under": "1_000", "uni": "héllo wörld", "ver": "v1.2", "y": "y"}};
const TRICKY_CM_YAML = "apiVersion: v1\ndata:\n  A: \"1\"\n  a-b: \"1\"\n  a.b: \"1\"\n  a_b: \"1\"\n  a0: \"1\"\n  a00: \"1\"\n  a01: \"1\"\n  a9: \"1\"\n  a10: \"1\"\n  ab: \"1\"\n  amp: '&x'\n  at: '@x'\n  b60: \"1:20\"\n  brace: '{a}'\n  bt: '`x'\n  colon: 'a: b c: d eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee fffffffffffffffffffffff ggggggggggggggggg\n    hhhhhhhhhhhh iiii'\n  colonend: 'a:'\n  dash: '- x'\n  dash2: -x\n  dashes: '---'\n  date: \"2024-01-01\"\n  dot: \".5\"\n  dots: 1.2.3\n  e: \"1e3\"\n  empty: \"\"\n  excl: '!x'\n  flt: \"1.5\"\n  gt: '>x'\n  hash: 'a #b'\n  hash2: a#b\n  hex: \"0x1F\"\n  inner: a{b}\n  lead: ' lead'\n  longdouble: \"\\taaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm\n    nnnn oooo pppp qqqq rrrr\"\n  longsingle: '''aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm\n    nnnn oooo pppp qqqq rrrr'\n  msg: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo\n    pppp qqqq rrrr ssss\n  multi: |\n    line1\n    line2\n  multi2: |-\n    x\n    y\n  multi3: |+\n    x\n\n    y\n\n  neg: \"-1\"\n  \"null\": \"null\"\n  oct: \"0755\"\n  \"on\": \"on\"\n  pct: '%x'\n  pipe: '|x'\n  plus: \"+1\"\n  q: it's\n  qmark: '? x'\n  qq: '\"x\"'\n  sp: ' '\n  star: '*x'\n  tab: \"a\\tb\"\n  tilde: \"~\"\n  trail: \"x  \\ny\"\n  ts: \"2024-01-01T00:00:00Z\"\n  under: \"1_000\"\n  uni: héllo wörld\n  ver: v1.2\n  \"y\": \"y\"\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: tricky\n";
const DEPLOYMENT = {"kind": "Deployment", "apiVersion": "apps/v1", "metadata": {"name": "web", "creationTimestamp": null, "labels": {"app": "web"}}, "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"creationTimestamp": null, "labels": {"app": "web"}}, "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25", "command": ["sh", "-c", "echo aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt"], "ports": [{"containerPort": 80}], "resources": {}}]}}, "strategy": {}}, "status": {}};
const DEPLOYMENT_YAML = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  strategy: {}\n  template:\n    metadata:\n      creationTimestamp: null\n      labels:\n        app: web\n    spec:\n      containers:\n      - command:\n        - sh\n        - -c\n        - echo aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn\n          oooo pppp qqqq rrrr ssss tttt\n        image: nginx:1.25\n        name: nginx\n        ports:\n        - containerPort: 80\n        resources: {}\nstatus: {}\n";

describe('kubectl output printers', () => {
  it('writes YAML exactly like kubectl (quoting, folding at 80, key order, literal blocks)', () => {
    expect(toYaml(TRICKY_CM)).toBe(TRICKY_CM_YAML);
    expect(toYaml(DEPLOYMENT)).toBe(DEPLOYMENT_YAML);
  });

  it('pads table columns like kubectl (min width 6, padding 3, last column unpadded)', () => {
    expect(kubectlTable([['NAME', 'READY', 'STATUS'], ['a', '1/1', 'Running'], ['longer-name', '0/1', 'Pending']])).toBe(
      'NAME          READY   STATUS\na             1/1     Running\nlonger-name   0/1     Pending\n',
    );
    expect(kubectlTable([['A', 'B'], ['x', 'y']])).toBe('A     B\nx     y\n');
  });

  it('aligns describe-style blocks separately when a line has no tab', () => {
    const text = 'Name:\tx\nService Account:\tdefault\nIPs:\n  IP:\t10.0.0.1\nControlled By:\tReplicaSet/web\n';
    expect(tabwrite(text, { minwidth: 0, padding: 2 })).toBe(
      'Name:             x\nService Account:  default\nIPs:\n  IP:           10.0.0.1\nControlled By:  ReplicaSet/web\n',
    );
  });

  it('prints json sorted and HTML-escaped, name, jsonpath and custom-columns', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'shop', labels: { app: '<web>' } }, spec: { nodeName: 'worker-1' } } as KObject;
    expect(printObject(pod, 'json')).toBe(
      '{\n    "apiVersion": "v1",\n    "kind": "Pod",\n    "metadata": {\n        "labels": {\n            "app": "\\u003cweb\\u003e"\n        },\n        "name": "web-1",\n        "namespace": "shop"\n    },\n    "spec": {\n        "nodeName": "worker-1"\n    }\n}\n',
    );
    expect(printObject([pod], 'name')).toBe('pod/web-1\n');
    expect(resourceName({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } })).toBe('deployment.apps/web');
    expect(printObject([pod, { ...pod, metadata: { name: 'web-2' } }], 'jsonpath={.items[*].metadata.name}')).toBe('web-1 web-2');
    expect(printObject([pod], 'custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,IP:.status.podIP')).toBe(
      'NAME    NODE       IP\nweb-1   worker-1   <none>\n',
    );
    expect(printObject([], 'yaml')).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
  });

  it('rejects unknown formats with kubectl\'s message', () => {
    expect(() => parseOutputFormat('xml')).toThrow(
      'unable to match a printer suitable for the output format "xml", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml',
    );
  });

  it('runs simple go-templates', () => {
    const list = [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' } }, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b' } }] as KObject[];
    expect(printObject(list, 'go-template={{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}')).toBe('a\nb\n');
  });
});
