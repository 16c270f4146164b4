/**
 * A loaded, validated scenario (format kubedrill/v1, see docs/scenarios.md). Everything here is
 * plain data: durations are milliseconds, node entries are expanded into names, defaults are
 * applied, and every part that can fail later at run time keeps its source position so the
 * error can still say FILE:LINE:COL.
 *
 * Defaults applied by the loader (the format leaves these open):
 * - metadata.modules: []                      - cluster.flavor: openshift
 * - cluster.controlPlane: 3                   - cluster.nodes: 3 workers worker-1..worker-3
 * - node capacity: cpu "4", memory "16Gi", pods "110" (per missing key)
 * - goal.settle: 2m                           - goal.holdFor: 10s
 * - goal check count: ">= 1"                  - objects, faults, questions, hints, solution: []
 * - images: {} (the built-in catalogue still applies)   - debrief: ""
 */

import type { KObject } from '../core/api/types.js';
import type { Expr } from './expr.js';

/** 1-based line and column in the scenario file. */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

export const SCENARIO_API_VERSION = 'kubedrill/v1';
export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];
export const MODULES = [
  'apiserver', 'etcd', 'scheduler', 'controllers', 'networking', 'storage', 'debugging', 'performance',
] as const;
export type Module = (typeof MODULES)[number];
export const FLAVORS = ['openshift', 'kubernetes'] as const;
export type Flavor = (typeof FLAVORS)[number];
export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
export type TaintEffect = (typeof TAINT_EFFECTS)[number];

export interface ScenarioMetadata {
  name: string;
  /** Where metadata.name is written (the library checks it against the file name). */
  namePos: SourcePos;
  title: string;
  difficulty: Difficulty;
  modules: Module[];
  timeLimitMs: number;
  ticket: string;
}

export interface NodeTaint {
  key: string;
  value?: string;
  effect: TaintEffect;
}

/** Kubernetes quantity strings, as written (numbers in the file become strings). */
export interface NodeCapacity {
  cpu: string;
  memory: string;
  pods: string;
  'ephemeral-storage'?: string;
}

/** One worker node; `prefix + count` entries are expanded into one of these per node. */
export interface NodeSpec {
  name: string;
  capacity: NodeCapacity;
  labels: Record<string, string>;
  zone?: string;
  taints: NodeTaint[];
  /** Images already pulled on the node. */
  images: string[];
  pos: SourcePos;
}

export interface ClusterSpec {
  flavor: Flavor;
  controlPlane: 1 | 3 | 5;
  /** master-0..controlPlane-1: control-plane node and etcd member names. */
  controlPlaneNodes: string[];
  nodes: NodeSpec[];
  /** CSI drivers installed at start (default: ebs.csi.aws.com on openshift, none on kubernetes). */
  csiDrivers?: string[];
}

export type LogLine = { kind: 'once'; line: string } | { kind: 'every'; everyMs: number; line: string };

export interface ImageBehaviour {
  ref: string;
  /** From start to listening/ready. */
  readyMs?: number;
  listen: number[];
  /** CPU usage in millicores. */
  cpuMilli?: number;
  /** Working set at start, bytes. */
  memoryBytes?: number;
  /** Bytes per second the working set grows. */
  memoryGrowthPerSec?: number;
  exit?: { afterMs: number; code: number };
  requires: { env: string[]; files: string[]; connect: Array<{ host: string; port: number }> };
  logs: LogLine[];
  pos: SourcePos;
}

/** A manifest from `objects:`, as plain JSON, with where it was written. */
export interface ScenarioObject {
  /** As kubectl would send it (leading-zero ints such as `0644` are octal, as in YAML 1.1). */
  manifest: KObject;
  /** Position of the list item (the manifest's first line). */
  pos: SourcePos;
  /** Positions of the manifest's fields by dotted path ("spec.template.spec.containers[0].image"). */
  fieldPos: ReadonlyMap<string, SourcePos>;
}

export const NODE_CONDITIONS = ['MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;
export type PressureCondition = (typeof NODE_CONDITIONS)[number];

interface FaultBase {
  atMs: number;
  pos: SourcePos;
}
export type Fault = FaultBase &
  (
    | { type: 'kubelet-stopped'; node: string }
    | { type: 'node-pressure'; node: string; condition: PressureCondition }
    | { type: 'etcd-member-down'; member: string }
    | { type: 'etcd-space-exceeded' }
    | { type: 'etcd-quorum-loss' }
    | { type: 'scheduler-down' }
    | { type: 'controller-manager-down' }
    | { type: 'dns-down' }
    | { type: 'ovn-controller-down'; node: string }
    | { type: 'csi-driver-down'; driver: string }
    | { type: 'registry-down'; registry: string }
    | { type: 'webhook-down'; name: string }
  );
export type FaultType = Fault['type'];

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface GoalCheck {
  /** The resource as written ("deploy") and its plural ("deployments"). */
  resourceName: string;
  resource: string;
  /** Absent for a namespaced resource: every namespace. */
  namespace?: string;
  name?: string;
  selector?: string;
  count: { op: CompareOp; value: number };
  expect?: { text: string; expr: Expr };
  pos: SourcePos;
}

export interface Goal {
  settleMs: number;
  holdForMs: number;
  all: GoalCheck[];
  any: GoalCheck[];
}

export interface Question {
  ask: string;
  choices: string[];
  answer: string;
}

export interface Hint {
  afterMs: number;
  text: string;
}

export type SolutionStep =
  | { kind: 'command'; command: string; pos: SourcePos }
  | { kind: 'wait'; ms: number; pos: SourcePos };

export interface Scenario {
  file: string;
  apiVersion: typeof SCENARIO_API_VERSION;
  kind: 'Scenario';
  metadata: ScenarioMetadata;
  cluster: ClusterSpec;
  images: Record<string, ImageBehaviour>;
  objects: ScenarioObject[];
  faults: Fault[];
  goal: Goal;
  questions: Question[];
  hints: Hint[];
  solution: SolutionStep[];
  debrief: string;
}
