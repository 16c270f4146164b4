/**
 * THE key map: one table feeds key dispatch, the header's hint line and the help view, so
 * remapping a key is one edit here. Views declare scopes; a key resolves in the view's first
 * scope that binds it (specific scopes come before `table` and `global`).
 */
import { resolveResource } from '../core/api/resources.js';
import type { View } from './state.js';
import type { KeyName } from './keys.js';

export type Scope =
  | 'global'
  | 'home'
  | 'move'
  | 'table'
  | 'namespaced'
  | 'pods'
  | 'containers'
  | 'owners'
  | 'scalable'
  | 'nodes'
  | 'namespaces'
  | 'text'
  | 'challenge'
  | 'ticket'
  | 'scenarios'
  | 'logs'
  | 'stream'
  | 'requests'
  | 'ovn'
  | 'csi'
  | 'sched'
  | 'editable'
  | 'rows';

export type ActionId =
  | 'command' | 'help' | 'pause' | 'faster' | 'slower' | 'back' | 'quit'
  | 'focusNext' | 'focusPrev' | 'openPane'
  | 'down' | 'up' | 'top' | 'bottom' | 'pageDown' | 'pageUp'
  | 'filter' | 'sortName' | 'sortAge' | 'sortStatus' | 'allNamespaces'
  | 'describe' | 'yaml' | 'delete' | 'describeRow'
  | 'containers' | 'logs' | 'previousLogs' | 'kill'
  | 'containerLogs' | 'ownedPods' | 'nodePods' | 'scale' | 'cordon' | 'uncordon' | 'useNamespace'
  | 'ticket' | 'hint' | 'giveUp' | 'answer' | 'startScenario' | 'practice' | 'challengeMode'
  | 'edit' | 'shell' | 'drain' | 'schedTrace' | 'openRequest' | 'ovnNode' | 'csiClaim'
  | 'logsPrevious' | 'logsAllContainers' | 'autoscroll' | 'wrap';

export interface Binding {
  keys: KeyName[];
  action: ActionId;
  scope: Scope;
  /** Short label for the hint line. */
  hint: string;
  /** What it does, for the help view. */
  help: string;
  /** Navigation keys stay out of the hint line (help lists them). */
  quiet?: boolean;
}

export const KEYMAP: readonly Binding[] = [
  // Views with rows or lines.
  { keys: ['j', 'down'], action: 'down', scope: 'move', hint: 'Down', help: 'Move down one row', quiet: true },
  { keys: ['k', 'up'], action: 'up', scope: 'move', hint: 'Up', help: 'Move up one row', quiet: true },
  { keys: ['g', 'home'], action: 'top', scope: 'move', hint: 'Top', help: 'Go to the first row', quiet: true },
  { keys: ['G', 'end'], action: 'bottom', scope: 'move', hint: 'Bottom', help: 'Go to the last row', quiet: true },
  { keys: ['ctrl-f', 'pgdn'], action: 'pageDown', scope: 'move', hint: 'Page down', help: 'Page down', quiet: true },
  { keys: ['ctrl-b', 'pgup'], action: 'pageUp', scope: 'move', hint: 'Page up', help: 'Page up', quiet: true },
  // The home dashboard.
  { keys: ['tab'], action: 'focusNext', scope: 'home', hint: 'Next pane', help: 'Focus the next pane' },
  { keys: ['shift-tab'], action: 'focusPrev', scope: 'home', hint: 'Prev pane', help: 'Focus the previous pane' },
  { keys: ['enter'], action: 'openPane', scope: 'home', hint: 'Open', help: 'Open the focused pane as a full view' },
  // Per resource (before the generic table keys, so Enter drills down where it can).
  { keys: ['enter'], action: 'containers', scope: 'pods', hint: 'Containers', help: "Show the pod's containers" },
  { keys: ['l'], action: 'logs', scope: 'pods', hint: 'Logs', help: 'Show the logs (kubectl logs)' },
  { keys: ['p'], action: 'previousLogs', scope: 'pods', hint: 'Logs prev', help: 'Show the previous container logs (kubectl logs --previous)' },
  { keys: ['ctrl-k'], action: 'kill', scope: 'pods', hint: 'Kill', help: 'Kill the pod (delete --grace-period=0 --force), after confirming' },
  { keys: ['s'], action: 'shell', scope: 'pods', hint: 'Shell', help: 'Open a shell in the pod (each line runs as kubectl exec POD -- sh -c LINE)' },
  { keys: ['t'], action: 'schedTrace', scope: 'pods', hint: 'Sched', help: "Show the scheduler's last attempt for the pod: every node, filter and score (:sched)" },
  { keys: ['enter'], action: 'containerLogs', scope: 'containers', hint: 'Logs', help: "Show the container's logs" },
  { keys: ['l'], action: 'logs', scope: 'containers', hint: 'Logs', help: "Show the container's logs" },
  { keys: ['p'], action: 'previousLogs', scope: 'containers', hint: 'Logs prev', help: "Show the container's previous logs" },
  { keys: ['s'], action: 'scale', scope: 'scalable', hint: 'Scale', help: 'Scale (kubectl scale --replicas)' },
  { keys: ['enter'], action: 'ownedPods', scope: 'owners', hint: 'Pods', help: 'Show the pods it selects' },
  { keys: ['enter'], action: 'nodePods', scope: 'nodes', hint: 'Pods', help: 'Show the pods on the node' },
  { keys: ['c'], action: 'cordon', scope: 'nodes', hint: 'Cordon', help: 'Cordon the node (kubectl cordon)' },
  { keys: ['u'], action: 'uncordon', scope: 'nodes', hint: 'Uncordon', help: 'Uncordon the node (kubectl uncordon)' },
  { keys: ['r'], action: 'drain', scope: 'nodes', hint: 'Drain', help: 'Drain the node (kubectl drain --ignore-daemonsets --delete-emptydir-data), after confirming' },
  { keys: ['enter'], action: 'schedTrace', scope: 'sched', hint: 'Trace', help: "Show the scheduler's last attempt for the pod" },
  { keys: ['enter'], action: 'openRequest', scope: 'requests', hint: 'Stages', help: 'Show every stage of the request (authn, authz, admission, validation, etcd, watch)' },
  { keys: ['enter'], action: 'ovnNode', scope: 'ovn', hint: 'Flows', help: "Show the node's flows (or its logical switch ports)" },
  { keys: ['enter'], action: 'csiClaim', scope: 'csi', hint: 'Chain', help: "Follow the claim's volume: class, provisioning, binding, attach, stage, publish" },
  // Logs and other text.
  { keys: ['p'], action: 'logsPrevious', scope: 'logs', hint: 'Previous', help: 'Toggle the previous container logs (--previous)' },
  { keys: ['0'], action: 'logsAllContainers', scope: 'logs', hint: 'All containers', help: 'Toggle the logs of every container (--all-containers)' },
  { keys: ['s'], action: 'autoscroll', scope: 'logs', hint: 'Autoscroll', help: 'Toggle autoscroll (follow new lines)' },
  { keys: ['s'], action: 'autoscroll', scope: 'stream', hint: 'Autoscroll', help: 'Toggle autoscroll (follow new lines)' },
  { keys: ['w'], action: 'wrap', scope: 'text', hint: 'Wrap', help: 'Toggle wrapping of long lines' },
  { keys: ['enter', 'u'], action: 'useNamespace', scope: 'namespaces', hint: 'Use', help: 'Switch to the namespace and show its pods' },
  // Every table.
  { keys: ['enter'], action: 'describeRow', scope: 'table', hint: 'Describe', help: 'Describe the selected row' },
  { keys: ['d'], action: 'describe', scope: 'table', hint: 'Describe', help: 'Describe (kubectl describe)' },
  { keys: ['y'], action: 'yaml', scope: 'table', hint: 'YAML', help: 'Show the YAML (kubectl get -o yaml)' },
  { keys: ['e'], action: 'edit', scope: 'editable', hint: 'Edit', help: 'Edit the YAML in $EDITOR; the change goes through the API server, errors reopen the editor with your edit' },
  { keys: ['ctrl-d'], action: 'delete', scope: 'table', hint: 'Delete', help: 'Delete, after confirming' },
  { keys: ['/'], action: 'filter', scope: 'table', hint: 'Filter', help: 'Filter rows: text, !text (inverse), -l key=value (labels)' },
  { keys: ['N'], action: 'sortName', scope: 'table', hint: 'Sort name', help: 'Sort by name (again: reverse)' },
  { keys: ['A'], action: 'sortAge', scope: 'table', hint: 'Sort age', help: 'Sort by age (again: reverse)' },
  { keys: ['S'], action: 'sortStatus', scope: 'table', hint: 'Sort status', help: 'Sort by status (again: reverse)' },
  // The internals tables (requests, OVN, CSI): filter and sort, no object actions.
  { keys: ['/'], action: 'filter', scope: 'rows', hint: 'Filter', help: 'Filter rows: text, !text (inverse)' },
  { keys: ['N'], action: 'sortName', scope: 'rows', hint: 'Sort name', help: 'Sort by the first column (again: reverse)' },
  { keys: ['S'], action: 'sortStatus', scope: 'rows', hint: 'Sort status', help: 'Sort by the status column (again: reverse)' },
  { keys: ['d'], action: 'describe', scope: 'csi', hint: 'Describe', help: 'Describe the claim (kubectl describe pvc)' },
  { keys: ['y'], action: 'yaml', scope: 'csi', hint: 'YAML', help: "Show the claim's YAML" },
  { keys: ['0'], action: 'allNamespaces', scope: 'namespaced', hint: 'All ns', help: 'Show all namespaces' },
  // Challenges (live only while a challenge runs) and the :scenarios picker.
  { keys: ['T'], action: 'ticket', scope: 'challenge', hint: 'Ticket', help: 'Show the ticket: time left, the goal checked live, hints taken, questions' },
  { keys: ['H'], action: 'hint', scope: 'challenge', hint: 'Hint', help: 'Take the next hint (unlocks with time; each costs 100 points)' },
  { keys: ['ctrl-g'], action: 'giveUp', scope: 'challenge', hint: 'Give up', help: 'Give up, after confirming: shows the result and the solution' },
  { keys: ['enter'], action: 'answer', scope: 'ticket', hint: 'Answer', help: 'Answer the question with the selected choice (one try)' },
  { keys: ['enter'], action: 'startScenario', scope: 'scenarios', hint: 'Start', help: 'Start the selected scenario: then p for practice or c for a challenge' },
  { keys: ['p'], action: 'practice', scope: 'scenarios', hint: 'Practice', help: 'Restart the dashboard on the scenario, untimed' },
  { keys: ['c'], action: 'challengeMode', scope: 'scenarios', hint: 'Challenge', help: 'Restart the dashboard on the scenario as a timed, scored challenge' },
  // Everywhere.
  { keys: [':'], action: 'command', scope: 'global', hint: 'Command', help: 'Open a view (:po, :deploy, :ns, :etcd, :api, :sched, :ovn, :csi) or run a palette command (:kubectl get pods -A, -w streams); :q quits' },
  { keys: ['?'], action: 'help', scope: 'global', hint: 'Help', help: 'Show every key of this view' },
  { keys: ['esc', 'q'], action: 'back', scope: 'global', hint: 'Back', help: 'Clear the filter, then go back' },
  { keys: ['space'], action: 'pause', scope: 'global', hint: 'Pause', help: 'Pause or resume the simulation' },
  { keys: ['+'], action: 'faster', scope: 'global', hint: 'Faster', help: 'Speed up the simulation (1x, 10x, 100x)' },
  { keys: ['-'], action: 'slower', scope: 'global', hint: 'Slower', help: 'Slow down the simulation' },
  { keys: ['ctrl-c'], action: 'quit', scope: 'global', hint: 'Quit', help: 'Quit (press twice; or type :q)', quiet: true },
];

const OWNERS = new Set(['deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'services', 'replicationcontrollers']);
const SCALABLE = new Set(['deployments', 'replicasets', 'statefulsets', 'replicationcontrollers']);

/** The scopes of a view, most specific first. */
export function scopesOf(view: View): Scope[] {
  switch (view.kind) {
    case 'home':
      return ['home', 'global'];
    case 'text':
      return view.logs ? ['logs', 'move', 'text', 'global'] : ['move', 'text', 'global'];
    case 'help':
    case 'etcd':
      return ['move', 'text', 'global'];
    case 'stream':
      return ['stream', 'move', 'global'];
    case 'shell':
      return ['global'];
    case 'result':
      return ['move', 'global'];
    case 'ticket':
      return ['ticket', 'move', 'global'];
    case 'scenarios':
      return ['scenarios', 'move', 'global'];
    case 'table': {
      if (view.source.kind === 'containers') return ['containers', 'move', 'table', 'global'];
      if (view.source.kind === 'rows') {
        const id = view.source.id;
        const own: Scope[] = id === 'requests' ? ['requests'] : id === 'ovn' && !view.source.arg ? ['ovn'] : id === 'csi' ? ['csi'] : [];
        return [...own, 'move', 'rows', 'global'];
      }
      const plural = view.source.plural;
      const scopes: Scope[] = [];
      if (view.mode === 'sched') scopes.push('sched');
      if (plural === 'pods') scopes.push('pods');
      if (plural === 'nodes') scopes.push('nodes');
      if (plural === 'namespaces') scopes.push('namespaces');
      if (SCALABLE.has(plural)) scopes.push('scalable');
      if (OWNERS.has(plural)) scopes.push('owners');
      scopes.push('move', 'table', 'editable');
      if (resolveResource(plural)?.namespaced) scopes.push('namespaced');
      scopes.push('global');
      return scopes;
    }
  }
}

/** The binding a key triggers in a view, or undefined. */
export function bindingFor(view: View, key: KeyName): Binding | undefined {
  for (const scope of scopesOf(view)) {
    const b = KEYMAP.find((x) => x.scope === scope && x.keys.includes(key));
    if (b) return b;
  }
  return undefined;
}

/** Every binding live in a view: the first binding of each key wins, as in dispatch. */
export function bindingsOf(view: View): Binding[] {
  const seen = new Set<KeyName>();
  const out: Binding[] = [];
  for (const scope of scopesOf(view)) {
    for (const b of KEYMAP) {
      if (b.scope !== scope) continue;
      const live = b.keys.filter((k) => !seen.has(k));
      if (live.length === 0) continue;
      for (const k of live) seen.add(k);
      out.push(live.length === b.keys.length ? b : { ...b, keys: live });
    }
  }
  return out;
}

/** The challenge keys (T, H, Ctrl-G): bound in every view while a challenge runs. */
export function challengeBindings(): Binding[] {
  return KEYMAP.filter((b) => b.scope === 'challenge');
}

export function challengeBindingFor(key: KeyName): Binding | undefined {
  return KEYMAP.find((b) => b.scope === 'challenge' && b.keys.includes(key));
}

/** The hint line: the view's bindings minus navigation, help first. */
export function hintsOf(view: View): Binding[] {
  const all = bindingsOf(view).filter((b) => !b.quiet);
  const help = all.filter((b) => b.action === 'help');
  return [...help, ...all.filter((b) => b.action !== 'help')];
}
