import { describe, expect, it } from 'vitest';
import {
  compileJsonPath,
  customColumnValue,
  findResults,
  formatGoValue,
  goFloat,
  jsonpath,
  JsonPathError,
  relaxedJSONPathExpression,
} from '../../src/commands/jsonpath.js';

// The object kubectl 1.32 gives its JSONPath engine for a small pod (kubectl label --local -f pod.yaml x=y -o json).
const POD = {
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {
    "annotations": {
      "a": "x y",
      "b": "",
      "c": "line1\nline2"
    },
    "labels": {
      "app": "web",
      "tier": "fe",
      "x": "y"
    },
    "name": "web"
  },
  "spec": {
    "activeDeadlineSeconds": 123456789,
    "containers": [
      {
        "image": "nginx",
        "name": "a",
        "ports": [
          {
            "containerPort": 80,
            "name": "http"
          },
          {
            "containerPort": 443,
            "name": "https"
          }
        ],
        "resources": {
          "limits": {
            "cpu": "1.5",
            "memory": "1.5Gi"
          }
        }
      },
      {
        "args": [],
        "image": "busybox",
        "name": "b"
      }
    ],
    "hostNetwork": true,
    "priority": 100000,
    "terminationGracePeriodSeconds": 1000000
  },
  "status": {
    "conditions": [
      {
        "status": "True",
        "type": "Ready"
      },
      {
        "status": "False",
        "type": "PodScheduled"
      }
    ],
    "phase": "Running"
  }
};

// Outputs recorded from kubectl 1.32 (`kubectl label --local ... -o jsonpath=TEMPLATE`).
const KUBECTL_OUTPUT: Array<[string, string]> = [
  ["{.spec.terminationGracePeriodSeconds}", "1000000"],
  ["{.spec.hostNetwork}", "true"],
  ["{.spec.containers[0].ports}", "[{\"containerPort\":80,\"name\":\"http\"},{\"containerPort\":443,\"name\":\"https\"}]"],
  ["{.spec.containers[0].ports[*].containerPort}", "80 443"],
  ["{.spec.containers[*].ports[*].name}", "http https"],
  ["{.metadata.labels}", "{\"app\":\"web\",\"tier\":\"fe\",\"x\":\"y\"}"],
  ["{.metadata.annotations.c}", "line1\nline2"],
  ["{.spec.containers[-1].name}", "b"],
  ["{.spec.containers[0:1].name}", "a"],
  ["{..name}", "web a http https b"],
  ["{..containerPort}", "80 443"],
  ["{.status.conditions[?(@.type==\"Ready\")].status}", "True"],
  ["{.status.conditions[?(@.status=='False')].type}", "PodScheduled"],
  ["{range .spec.containers[*]}{.name}{\"\\t\"}{.image}{\"\\n\"}{end}", "a\tnginx\nb\tbusybox\n"],
  ["{range .spec.containers[*]}[{.name}]{end}", "[a][b]"],
  ["name: {.metadata.name} end", "name: web end"],
  ["{.metadata.name}{\"\\n\"}", "web\n"],
  ["{.spec.containers[*]}", "{\"image\":\"nginx\",\"name\":\"a\",\"ports\":[{\"containerPort\":80,\"name\":\"http\"},{\"containerPort\":443,\"name\":\"https\"}],\"resources\":{\"limits\":{\"cpu\":\"1.5\",\"memory\":\"1.5Gi\"}}} {\"args\":[],\"image\":\"busybox\",\"name\":\"b\"}"],
  ["{.spec.containers[1].args}", "[]"],
  ["{.spec.containers[0].resources.limits.cpu} {.spec.x}|", "1.5 |"],
  ["{.metadata.labels['app']}", "web"],
  ["{.spec.containers[0].ports[?(@.containerPort>100)].name}", "https"],
  ["{.spec.containers[?(@.args)].name}", "b"],
  ["{.nope.deeper}", ""],
  ["{}", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"annotations\":{\"a\":\"x y\",\"b\":\"\",\"c\":\"line1\\nline2\"},\"labels\":{\"app\":\"web\",\"tier\":\"fe\",\"x\":\"y\"},\"name\":\"web\"},\"spec\":{\"activeDeadlineSeconds\":123456789,\"containers\":[{\"image\":\"nginx\",\"name\":\"a\",\"ports\":[{\"containerPort\":80,\"name\":\"http\"},{\"containerPort\":443,\"name\":\"https\"}],\"resources\":{\"limits\":{\"cpu\":\"1.5\",\"memory\":\"1.5Gi\"}}},{\"args\":[],\"image\":\"busybox\",\"name\":\"b\"}],\"hostNetwork\":true,\"priority\":100000,\"terminationGracePeriodSeconds\":1000000},\"status\":{\"conditions\":[{\"status\":\"True\",\"type\":\"Ready\"},{\"status\":\"False\",\"type\":\"PodScheduled\"}],\"phase\":\"Running\"}}"],
  ["{range .spec.containers[*]}{.name}", "ab"],
  ["{.spec.containers[0].name.x}", ""],
  ["{.spec.nope}", ""],
  ["{.status.conditions[?(@.type==\"Nope\")].status}", ""],
  ["{.status.conditions[?(@.reason==\"x\")].status}", ""],
  ["{.metadata.name}{.spec.nope}", "web"],
  ["{.items[*].metadata.name}", ""],
  ["{.metadata.labels['app','tier']}", "web fe"],
  ["{.spec.containers[0,1].name}", "a b"],
  ["{.spec.containers[*].ports[0].name}", "http"],
  ["{.spec.containers[0:2:1].name}", "a b"],
  ["{.spec.containers[2:2].name}", ""],
  ["{@}", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"annotations\":{\"a\":\"x y\",\"b\":\"\",\"c\":\"line1\\nline2\"},\"labels\":{\"app\":\"web\",\"tier\":\"fe\",\"x\":\"y\"},\"name\":\"web\"},\"spec\":{\"activeDeadlineSeconds\":123456789,\"containers\":[{\"image\":\"nginx\",\"name\":\"a\",\"ports\":[{\"containerPort\":80,\"name\":\"http\"},{\"containerPort\":443,\"name\":\"https\"}],\"resources\":{\"limits\":{\"cpu\":\"1.5\",\"memory\":\"1.5Gi\"}}},{\"args\":[],\"image\":\"busybox\",\"name\":\"b\"}],\"hostNetwork\":true,\"priority\":100000,\"terminationGracePeriodSeconds\":1000000},\"status\":{\"conditions\":[{\"status\":\"True\",\"type\":\"Ready\"},{\"status\":\"False\",\"type\":\"PodScheduled\"}],\"phase\":\"Running\"}}"],
  ["{$.metadata.name}", "web"],
  ["{.status.conditions[?(@.status==\"True\")]}", "{\"status\":\"True\",\"type\":\"Ready\"}"],
  ["{..type}", "Ready PodScheduled"],
  ["{.spec.containers[?(@.name!=\"a\")].image}", "busybox"],
  ["{.spec.priority.x}", ""],
  ["{range .status.conditions[*]}{@.type}={@.status};{end}", "Ready=True;PodScheduled=False;"],
  ["{range .spec.containers[*]}{range .ports[*]}{.name},{end}|{end}", "http,https,||"],
  ["{\"a\\\"b\"}", "a\"b"],
  ["{'single'}", "single"],
  ["{.spec.containers[?(@.ports[0].containerPort==80)].name}", "a"],
  ["{.spec.containers[?(@.name==\"a\" )].image}", "nginx"],
  ["{.metadata.name}}", "web}"],
  ["{range .spec.nope[*]}x{end}{.metadata.name}", "web"],
  ["{range .spec.containers[1].args[*]}x{end}{.metadata.name}", "web"],
  ["{.metadata.name}{range .spec.containers[*]}{.name}", "webab"],
  ["{range .status.conditions[*]}{.type}{\"\\n\"}{end}{.metadata.name}", "Ready\nPodScheduled\nweb"],
  ["{range .status.conditions[*]}{range .status}[{@}]{end}{end}", "[True][False]"],
  ["{\"\\u00e9\"}", "é"],
  ["{.spec.containers[0, 1].name}", "a b"],
  ["{ .metadata.name }", "web"],
  ["{.spec.containers..name}", "a http https b"],
  ["{...name}", "web a http https b"],
  ["{.spec.containers[0:-1].name}", "a"],
  ["{.status.conditions[?(@.type<\"Q\")].type}", "PodScheduled"],
  ["{.status.conditions[?(@.nope==@.nope2)].type}", ""],
  ["{.metadata.name.*}", "119 101 98"],
  ["{..ports[0]}", "{\"containerPort\":80,\"name\":\"http\"}"],
  ["{.spec.containers[0].ports[?(@.containerPort>=80)].name}", "http https"],
  ["{.metadata.labels.app\\.x}", ""],
  ["{.metadata.labels['app.kubernetes.io/name']}", ""],
  ["{.spec.containers[0]['name']}", "a"],
  ["{5}", "5"],
  ["{true}", "true"],
  ["{.}", ""],
  ["{.spec.containers[*].name}{.status.conditions[*].type}", "a bReady PodScheduled"],
  ["{.metadata.annotations}", "{\"a\":\"x y\",\"b\":\"\",\"c\":\"line1\\nline2\"}"],
  ["{range .spec.containers[*]}{.ports[*].name} {end}", "http https  "],
  ["{range .spec.containers[*]}{.name}{end}{range .status.conditions[*]}{.type}{end}", "abReadyPodScheduled"],
  ["{..ports..name}", "http https"],
  ["{.spec.containers[*].resources..memory}", "1.5Gi"],
  ["{.spec.containers[?(@.image==\"nginx\")]..containerPort}", "80 443"],
  ["{.status.conditions[?(@.type==\"Ready\")]['status','type']}", "True Ready"],
  ["{.spec.containers[*]['name']}", "a b"],
  ["{.metadata.labels.*}", "web fe y"],
  ["\t{.metadata.name}", "\tweb"],
  ["{range .items[*]}{.metadata.name}{end}", ""],
  ["{.status.conditions[?(@.status==\"True\" )].type}", "Ready"],
  ["{.status.conditions[?(@.type==\"a)b\")].type}", ""],
  ["{.metadata.name}{\"\\x41\"}{'\\101'}", "webAA"],
  ["{range .spec.containers[*]}[{.name}]", "[a][b][]"],
  ["{range .spec.containers[*]}[{.name}]{range .ports[*]}<{.name}>{end}", "[a]<http><https>[b]"],
  ["{range .spec.containers[*]}{range .ports[*]}<{.name}>{end}", "<http><https>"],
];

// Parse errors as kubectl prints them after its 'error: ' prefix.
const PARSE_ERRORS: Array<[string, string]> = [
  ["{.spec.containers[*][\"name\",\"image\"]}", "error parsing jsonpath {.spec.containers[*][\"name\",\"image\"]}, invalid array index \"name\""],
  ["{.metadata.name", "error parsing jsonpath {.metadata.name, unclosed action"],
  ["{.spec.containers[0}", "error parsing jsonpath {.spec.containers[0}, unterminated array"],
  ["{.spec.containers[x]}", "error parsing jsonpath {.spec.containers[x]}, invalid array index x"],
  ["{.spec.containers[?(@.name==\"a\"]}", "error parsing jsonpath {.spec.containers[?(@.name==\"a\"]}, unterminated filter"],
  ["{#}", "error parsing jsonpath {#}, unrecognized character in action: U+0023 '#'"],
  ["{.spec.containers[? (@.name==\"a\")].image}", "error parsing jsonpath {.spec.containers[? (@.name==\"a\")].image}, invalid array index ? (@.name==\"a\")"],
  ["{{.metadata.name}}", "error parsing jsonpath {{.metadata.name}}, unrecognized character in action: U+007B '{'"],
  ["{.spec.containers[ 0 ].name}", "error parsing jsonpath {.spec.containers[ 0 ].name}, invalid array index  0 "],
  ["{.metadata.name\t}", "error parsing jsonpath {.metadata.name\t}, unrecognized character in action: U+0009"],
  ["{\"\\q\"}", "error parsing jsonpath {\"\\q\"}, unquote string \"\\q\" error invalid syntax"],
  ["{.spec.containers[?(@.name=~\"a\")].image}", "error parsing jsonpath {.spec.containers[?(@.name=~\"a\")].image}, unrecognized character in action: U+007E '~'"],
];

// Execution errors: [template, allowMissingKeys, reason].
const EXEC_ERRORS: Array<[string, boolean, string]> = [
  ["{.spec.containers[5].name}", true, "array index out of bounds: index 5, length 2"],
  ["{.spec.containers[1:5].name}", true, "array index out of bounds: index 4, length 2"],
  ["{end}", true, "not in range, nothing to end"],
  ["{.metadata.labels[0]}", true, "map[string]interface {} is not array or slice"],
  ["{.spec.containers[*].args[0]}", true, "array index out of bounds: index 0, length 0"],
  ["{.spec.containers[::-1].name}", true, "step must be > 0"],
  ["{.spec.containers[-3].name}", true, "array index out of bounds: index -1, length 2"],
  ["{.spec.containers[1:0].name}", true, "starting index 1 is greater than ending index 0"],
  ["{.spec.containers[-5:1].name}", true, "array index out of bounds: index -3, length 2"],
  ["{.spec.containers[::0].name}", true, "step must be > 0"],
  ["{.status.phase[0]}", true, "string is not array or slice"],
  ["{.status[?(@.x)]}", true, "map[conditions:[map[status:True type:Ready] map[status:False type:PodScheduled]] phase:Running] is not array or slice and cannot be filtered"],
  ["{.status.phase[?(@.x)]}", true, "Running is not array or slice and cannot be filtered"],
  ["{.status.conditions[?(@.type==true)].type}", true, "incompatible types for comparison"],
  ["{.spec.containers[0].ports[?(@.containerPort>80.5)].name}", true, "incompatible types for comparison"],
  ["{.spec.containers[0].ports[?(@.containerPort>80.0)].name}", true, "incompatible types for comparison"],
  ["{.spec.containers[?(@.name==a)].image}", true, "unrecognized identifier a"],
  ["{foo}", true, "unrecognized identifier foo"],
  ["{.status.conditions[?(@.status==\"True\")].type[0]}", true, "string is not array or slice"],
  ["{[0]}", true, "map[string]interface {} is not array or slice"],
  ["{.spec.containers[5].name}", false, "array index out of bounds: index 5, length 2"],
  ["{.spec.containers[1:5].name}", false, "array index out of bounds: index 4, length 2"],
  ["{.spec.containers[0].resources.limits.cpu} {.spec.x}|", false, "x is not found"],
  ["{.nope.deeper}", false, "nope is not found"],
  ["{range .spec.containers[*]}{.name}", false, "name is not found"],
  ["{end}", false, "not in range, nothing to end"],
  ["{.spec.containers[0].name.x}", false, "x is not found"],
  ["{.metadata.labels[0]}", false, "map[string]interface {} is not array or slice"],
  ["{.spec.nope}", false, "nope is not found"],
  ["{.spec.containers[*].args[0]}", false, "array index out of bounds: index 0, length 0"],
  ["{.status.conditions[?(@.reason==\"x\")].status}", false, "reason is not found"],
  ["{.metadata.name}{.spec.nope}", false, "nope is not found"],
  ["{.items[*].metadata.name}", false, "items is not found"],
  ["{.spec.containers[::-1].name}", false, "step must be > 0"],
  ["{.spec.containers[-3].name}", false, "array index out of bounds: index -1, length 2"],
  ["{.spec.priority.x}", false, "x is not found"],
  ["{range .spec.containers[*]}{range .ports[*]}{.name},{end}|{end}", false, "ports is not found"],
  ["{.spec.containers[?(@.ports[0].containerPort==80)].name}", false, "ports is not found"],
  ["{range .spec.nope[*]}x{end}{.metadata.name}", false, "nope is not found"],
  ["{.metadata.name}{range .spec.containers[*]}{.name}", false, "name is not found"],
  ["{.spec.containers[1:0].name}", false, "starting index 1 is greater than ending index 0"],
  ["{.spec.containers[-5:1].name}", false, "array index out of bounds: index -3, length 2"],
  ["{.spec.containers[::0].name}", false, "step must be > 0"],
  ["{.status.phase[0]}", false, "string is not array or slice"],
  ["{.status[?(@.x)]}", false, "map[conditions:[map[status:True type:Ready] map[status:False type:PodScheduled]] phase:Running] is not array or slice and cannot be filtered"],
  ["{.status.phase[?(@.x)]}", false, "Running is not array or slice and cannot be filtered"],
  ["{.status.conditions[?(@.nope==@.nope2)].type}", false, "nope is not found"],
  ["{.status.conditions[?(@.type==true)].type}", false, "incompatible types for comparison"],
  ["{.spec.containers[0].ports[?(@.containerPort>80.5)].name}", false, "incompatible types for comparison"],
  ["{.spec.containers[0].ports[?(@.containerPort>80.0)].name}", false, "incompatible types for comparison"],
  ["{.spec.containers[?(@.name==a)].image}", false, "unrecognized identifier a"],
  ["{.metadata.labels.app\\.x}", false, "app.x is not found"],
  ["{.metadata.labels['app.kubernetes.io/name']}", false, "kubernetes is not found"],
  ["{foo}", false, "unrecognized identifier foo"],
  ["{.}", false, " is not found"],
  ["{.status.conditions[?(@.status==\"True\")].type[0]}", false, "string is not array or slice"],
  ["{range .spec.containers[*]}{.ports[*].name} {end}", false, "ports is not found"],
  ["{range .items[*]}{.metadata.name}{end}", false, "items is not found"],
  ["{[0]}", false, "map[string]interface {} is not array or slice"],
  ["{range .spec.containers[*]}{.name}{end}{end}", true, "not in range, nothing to end"],
  ["{.metadata.name}{end}x", true, "not in range, nothing to end"],
  ["{range .spec.containers[*]}[{.name}]", false, "name is not found"],
  ["{range .spec.containers[*]}[{.name}]{range .ports[*]}<{.name}>{end}", false, "ports is not found"],
  ["{range .spec.containers[*]}{range .ports[*]}<{.name}>{end}", false, "ports is not found"],
  ["{range .spec.containers[*]}{.name}{end}{end}", false, "not in range, nothing to end"],
  ["{.metadata.name}{end}x", false, "not in range, nothing to end"],
];

const FULL_NOT_FOUND = "error executing jsonpath \"{.spec.nope}\": Error executing template: nope is not found. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.spec.nope}\n\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{\"apiVersion\":\"v1\", \"kind\":\"Pod\", \"metadata\":map[string]interface {}{\"annotations\":map[string]interface {}{\"a\":\"x y\", \"b\":\"\", \"c\":\"line1\\nline2\"}, \"labels\":map[string]interface {}{\"app\":\"web\", \"tier\":\"fe\", \"x\":\"y\"}, \"name\":\"web\"}, \"spec\":map[string]interface {}{\"activeDeadlineSeconds\":123456789, \"containers\":[]interface {}{map[string]interface {}{\"image\":\"nginx\", \"name\":\"a\", \"ports\":[]interface {}{map[string]interface {}{\"containerPort\":80, \"name\":\"http\"}, map[string]interface {}{\"containerPort\":443, \"name\":\"https\"}}, \"resources\":map[string]interface {}{\"limits\":map[string]interface {}{\"cpu\":\"1.5\", \"memory\":\"1.5Gi\"}}}, map[string]interface {}{\"args\":[]interface {}{}, \"image\":\"busybox\", \"name\":\"b\"}}, \"hostNetwork\":true, \"priority\":100000, \"terminationGracePeriodSeconds\":1000000}, \"status\":map[string]interface {}{\"conditions\":[]interface {}{map[string]interface {}{\"status\":\"True\", \"type\":\"Ready\"}, map[string]interface {}{\"status\":\"False\", \"type\":\"PodScheduled\"}}, \"phase\":\"Running\"}}\n\n\n";

describe('jsonpath output matches kubectl', () => {
  it.each(KUBECTL_OUTPUT)('%s', (template, want) => {
    expect(jsonpath(template, POD)).toBe(want);
  });
});

describe('parse errors', () => {
  it.each(PARSE_ERRORS)('%s', (template, message) => {
    let err: unknown;
    try {
      jsonpath(template, POD);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JsonPathError);
    expect((err as Error).message).toBe(message);
  });

  it('an empty template is refused like kubectl', () => {
    expect(() => jsonpath('', POD)).toThrow('template format specified but no template given');
  });
});

describe('execution errors', () => {
  it.each(EXEC_ERRORS)('%s (allowMissingKeys=%s)', (template, allowMissingKeys, reason) => {
    let err: unknown;
    try {
      jsonpath(template, POD, { allowMissingKeys });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JsonPathError);
    expect((err as JsonPathError).reason).toBe(reason);
    expect((err as Error).message.startsWith(`error executing jsonpath `)).toBe(true);
  });

  it('prints the whole debugging message, object dump included', () => {
    expect(() => jsonpath('{.spec.nope}', POD, { allowMissingKeys: false })).toThrow(FULL_NOT_FOUND);
    try {
      jsonpath('{.spec.nope}', POD, { allowMissingKeys: false });
    } catch (e) {
      expect((e as Error).message).toBe(FULL_NOT_FOUND);
    }
  });

  it('missing keys print nothing by default (kubectl --allow-missing-template-keys=true)', () => {
    expect(jsonpath('{.spec.nope}', POD)).toBe('');
    expect(jsonpath('{.items[*].metadata.name}', POD)).toBe('');
  });
});

describe('lists, numbers and escaping', () => {
  const list = {
    apiVersion: 'v1',
    kind: 'List',
    metadata: { resourceVersion: '' },
    items: [
      { metadata: { name: 'a', labels: { tier: 'fe' } }, status: { phase: 'Running', podIP: '10.0.0.1' } },
      { metadata: { name: 'b' }, status: { phase: 'Pending' } },
      { metadata: { name: 'c' }, status: { phase: 'Running', podIP: '10.0.0.3' } },
    ],
  };

  it('joins multiple results with spaces', () => {
    expect(jsonpath('{.items[*].metadata.name}', list)).toBe('a b c');
    expect(jsonpath('{.items[*].status.podIP}', list)).toBe('10.0.0.1 10.0.0.3');
    expect(jsonpath('{.items[?(@.status.phase=="Running")].metadata.name}', list)).toBe('a c');
    expect(jsonpath('{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}', list)).toBe('a\tRunning\nb\tPending\nc\tRunning\n');
    expect(jsonpath('{.items[0:2].metadata.name}', list)).toBe('a b');
    expect(jsonpath('{.items[-1:].metadata.name}', list)).toBe('c');
    expect(jsonpath('{.items[*].metadata.labels.tier}', list)).toBe('fe');
  });

  it('prints integers plainly and floats like Go', () => {
    const obj = { i: 1000000, f: 1.5, big: 1234567.5, small: 0.00001, n: null, arr: [1, 'two', true, null, 2.5], html: { s: '<a&b>' } };
    expect(jsonpath('{.i}', obj)).toBe('1000000');
    expect(jsonpath('{.f}', obj)).toBe('1.5');
    expect(jsonpath('{.big}', obj)).toBe('1.2345675e+06');
    expect(jsonpath('{.small}', obj)).toBe('1e-05');
    expect(jsonpath('{.n}', obj)).toBe('null');
    expect(jsonpath('{.arr}', obj)).toBe('[1,"two",true,null,2.5]');
    expect(jsonpath('{.arr[*]}', obj)).toBe('1 two true null 2.5');
    expect(jsonpath('{.html.s}', obj)).toBe('<a&b>');
    expect(jsonpath('{.html}', obj)).toBe('{"s":"\\u003ca\\u0026b\\u003e"}');
    expect(goFloat(1e21)).toBe('1e+21');
    expect(goFloat(123456.5)).toBe('123456.5');
    expect(goFloat(0.0001)).toBe('0.0001');
  });

  it('keeps ints and floats apart in filters, like Go templates', () => {
    const obj = { ports: [{ p: 80 }, { p: 443 }], mixed: [1, 'two'] };
    expect(jsonpath('{.ports[?(@.p>=80)].p}', obj)).toBe('80 443');
    expect(() => jsonpath('{.ports[?(@.p>80.0)].p}', obj)).toThrow('incompatible types for comparison');
    expect(() => jsonpath('{.mixed[?(@==1)]}', obj)).toThrow('incompatible types for comparison');
  });

  it('compiles once and runs many times', () => {
    const c = compileJsonPath('{.metadata.name}');
    expect(c.execute({ metadata: { name: 'x' } })).toBe('x');
    expect(c.execute({ metadata: { name: 'y' } })).toBe('y');
  });
});

describe('helpers for custom-columns and sort-by', () => {
  it('relaxes field specs like kubectl', () => {
    expect(relaxedJSONPathExpression('metadata.name')).toBe('{.metadata.name}');
    expect(relaxedJSONPathExpression('.metadata.name')).toBe('{.metadata.name}');
    expect(relaxedJSONPathExpression('{metadata.name}')).toBe('{.metadata.name}');
    expect(relaxedJSONPathExpression('{.metadata.name}')).toBe('{.metadata.name}');
    expect(relaxedJSONPathExpression('')).toBe('');
    expect(() => relaxedJSONPathExpression('{=True')).toThrow(
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    );
  });

  it('returns raw results per action', () => {
    expect(findResults('{.spec.containers[*].name}{.metadata.name}', POD)).toEqual([['a', 'b'], ['web']]);
    expect(findResults('{.spec.nope}', POD)).toEqual([[]]);
  });

  it('formats custom-columns cells with Go %v', () => {
    expect(customColumnValue('.metadata.name', POD)).toBe('web');
    expect(customColumnValue('.spec.containers[*].ports[*].containerPort', POD)).toBe('80,443');
    expect(customColumnValue('.spec.containers[0].resources.limits', POD)).toBe('map[cpu:1.5 memory:1.5Gi]');
    expect(customColumnValue('.spec.nodeName', POD)).toBe('<none>');
    expect(customColumnValue('spec.containers[*].name', POD)).toBe('a,b');
    expect(formatGoValue(['a', 1, null])).toBe('[a 1 <nil>]');
  });
});
