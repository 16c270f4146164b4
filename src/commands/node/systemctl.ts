/**
 * systemctl on a node: the kubelet unit drives the node's kubelet Component (the fix for the
 * kubelet-stopped fault is `systemctl start kubelet`); other well-known units are always
 * running. Times come from the virtual clock.
 */
import type { Component } from '../../core/component.js';
import type { CommandResult } from '../shell/pipeline.js';
import type { NodeShell, NodeTool } from './types.js';
import { kubeletJournal } from './journal-source.js';

/** When each kubelet last changed state through systemctl (faults stop it behind systemd's back). */
const transitions = new WeakMap<Component, { at: number; pid: number }>();
/** Every start/stop done through systemctl, for journalctl. */
const history = new WeakMap<Component, Array<{ at: number; running: boolean }>>();

export function kubeletTransitions(kubelet: Component): ReadonlyArray<{ at: number; running: boolean }> {
  return history.get(kubelet) ?? [];
}

function record(kubelet: Component, at: number, running: boolean): void {
  const list = history.get(kubelet) ?? [];
  list.push({ at, running });
  if (list.length > 100) list.shift();
  history.set(kubelet, list);
}

const NO_SYSTEMD = "System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down\n";

interface Unit {
  name: string;
  description: string;
  exec: string;
  loaded: string;
  dropIns?: { dir: string; files: string };
}

function kubeletUnit(openshift: boolean): Unit {
  return openshift
    ? {
        name: 'kubelet.service',
        description: 'Kubernetes Kubelet',
        exec: '/usr/bin/kubelet --config=/etc/kubernetes/kubelet.conf --bootstrap-kubeconfig=/etc/kubernetes/kubeconfig --kubeconfig=/var/lib/kubelet/kubeconfig --container-runtime-endpoint=/var/run/crio/crio.sock',
        loaded: 'loaded (/etc/systemd/system/kubelet.service; enabled; preset: disabled)',
        dropIns: { dir: '/etc/systemd/system/kubelet.service.d', files: '01-kubens.conf, 10-mco-default-madv.conf, 20-logging.conf, 20-nodenet.conf' },
      }
    : {
        name: 'kubelet.service',
        description: 'kubelet: The Kubernetes Node Agent',
        exec: '/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml',
        loaded: 'loaded (/usr/lib/systemd/system/kubelet.service; enabled; preset: enabled)',
        dropIns: { dir: '/usr/lib/systemd/system/kubelet.service.d', files: '10-kubeadm.conf' },
      };
}

const OTHER_UNITS: Record<string, { description: string; exec: string; pid: number }> = {
  'crio.service': { description: 'Container Runtime Interface for OCI (CRI-O)', exec: '/usr/bin/crio', pid: 1873 },
  'containerd.service': { description: 'containerd container runtime', exec: '/usr/bin/containerd', pid: 1012 },
  'sshd.service': { description: 'OpenSSH server daemon', exec: 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups', pid: 1204 },
  'chronyd.service': { description: 'NTP client/server', exec: '/usr/sbin/chronyd -F 2', pid: 998 },
};

function unitName(arg: string): string {
  return arg.includes('.') ? arg : `${arg}.service`;
}

/** systemd's "Tue 2026-11-24 09:00:00 UTC". */
function systemdTime(ms: number): string {
  const d = new Date(ms);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  return `${day} ${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)} UTC`;
}

/** systemd's relative time: "5min ago", "1h 2min ago", "3s ago". */
function ago(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}min ${s % 60}s ago`.replace(' 0s', '');
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}min ago`.replace(' 0min', '');
  const d = Math.floor(h / 24);
  return `${d} day${d > 1 ? 's' : ''} ${h % 24}h ago`.replace(' 0h', '');
}

/** journal line prefix "Nov 24 09:00:00 worker-1". */
export function journalPrefix(ms: number, node: string): string {
  const d = new Date(ms);
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)} ${node}`;
}

/** When the kubelet entered its current state: our record, else the node's last heartbeat (stopped) or its creation (running). */
function kubeletSince(shell: NodeShell, kubelet: Component): { at: number; pid: number } {
  const known = transitions.get(kubelet);
  if (known) return known;
  const node = shell.session.cluster.api.cached('nodes', undefined, shell.node);
  const start = Date.parse(node?.metadata.creationTimestamp ?? '') || shell.session.cluster.clock.now();
  const pid = kubeletJournal(kubelet).pid;
  if (kubelet.running) return { at: start, pid };
  const ready = (node?.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
  return { at: Date.parse(ready?.lastHeartbeatTime ?? '') || start, pid };
}

function kubeletStatus(shell: NodeShell, kubelet: Component): CommandResult {
  const cluster = shell.session.cluster;
  const unit = kubeletUnit(cluster.info.flavor === 'openshift');
  const now = cluster.clock.now();
  const since = kubeletSince(shell, kubelet);
  const lines: string[] = [];
  lines.push(`${kubelet.running ? '\u25cf' : '\u25cb'} ${unit.name} - ${unit.description}`);
  lines.push(`     Loaded: ${unit.loaded}`);
  if (unit.dropIns) {
    lines.push(`    Drop-In: ${unit.dropIns.dir}`);
    lines.push(`             \u2514\u2500${unit.dropIns.files}`);
  }
  const j = (ms: number, text: string): string => `${journalPrefix(ms, shell.node)} ${text}`;
  if (kubelet.running) {
    lines.push(`     Active: active (running) since ${systemdTime(since.at)}; ${ago(now - since.at)}`);
    lines.push(`   Main PID: ${since.pid} (kubelet)`);
    lines.push('      Tasks: 31 (limit: 102196)');
    lines.push('     Memory: 182.4M');
    lines.push(`     CGroup: /system.slice/${unit.name}`);
    lines.push(`             \u2514\u2500${since.pid} ${unit.exec}`);
    lines.push('');
    lines.push(j(since.at, 'systemd[1]: Starting Kubernetes Kubelet...'));
    lines.push(j(since.at, 'systemd[1]: Started Kubernetes Kubelet.'));
    return { stdout: `${lines.join('\n')}\n`, stderr: '', exitCode: 0 };
  }
  lines.push(`     Active: inactive (dead) since ${systemdTime(since.at)}; ${ago(now - since.at)}`);
  lines.push(`   Main PID: ${since.pid} (code=exited, status=0/SUCCESS)`);
  lines.push('');
  lines.push(j(since.at, 'systemd[1]: Stopping Kubernetes Kubelet...'));
  lines.push(j(since.at, 'systemd[1]: kubelet.service: Deactivated successfully.'));
  lines.push(j(since.at, 'systemd[1]: Stopped Kubernetes Kubelet.'));
  return { stdout: `${lines.join('\n')}\n`, stderr: '', exitCode: 3 };
}

function otherStatus(shell: NodeShell, name: string): CommandResult {
  const u = OTHER_UNITS[name]!;
  const cluster = shell.session.cluster;
  const node = cluster.api.cached('nodes', undefined, shell.node);
  const at = Date.parse(node?.metadata.creationTimestamp ?? '') || cluster.clock.now();
  const out = [
    `\u25cf ${name} - ${u.description}`,
    `     Loaded: loaded (/usr/lib/systemd/system/${name}; enabled; preset: disabled)`,
    `     Active: active (running) since ${systemdTime(at)}; ${ago(cluster.clock.now() - at)}`,
    `   Main PID: ${u.pid} (${name.replace('.service', '')})`,
    `     CGroup: /system.slice/${name}`,
    `             \u2514\u2500${u.pid} ${u.exec}`,
  ];
  return { stdout: `${out.join('\n')}\n`, stderr: '', exitCode: 0 };
}

export const systemctl: NodeTool = (argv, _stdin, shell) => {
  if (!shell.chroot) return { stdout: '', stderr: NO_SYSTEMD, exitCode: 1 };
  const args = argv.slice(1).filter((a) => !a.startsWith('-'));
  const verb = args[0] ?? 'list-units';
  const units = args.slice(1).map(unitName);
  const kubelet = shell.session.cluster.kubelets.get(shell.node);
  const known = (u: string): boolean => u === 'kubelet.service' || u in OTHER_UNITS;
  const missing = units.find((u) => !known(u) || (u === 'kubelet.service' && !kubelet));
  const needsUnit = ['status', 'start', 'stop', 'restart', 'is-active', 'enable', 'disable', 'is-enabled', 'reload'];
  if (needsUnit.includes(verb) && units.length === 0) {
    if (verb === 'status') return { stdout: '', stderr: 'systemctl status without a unit lists the whole host; name a unit, e.g. systemctl status kubelet\n', exitCode: 1 };
    return { stdout: '', stderr: `Too few arguments.\n`, exitCode: 1 };
  }
  switch (verb) {
    case 'status': {
      if (missing) return { stdout: '', stderr: `Unit ${missing} could not be found.\n`, exitCode: 4 };
      let stdout = '';
      let exitCode = 0;
      for (const u of units) {
        const r = u === 'kubelet.service' ? kubeletStatus(shell, kubelet!) : otherStatus(shell, u);
        stdout += (stdout ? '\n' : '') + r.stdout;
        exitCode = Math.max(exitCode, r.exitCode);
      }
      return { stdout, stderr: '', exitCode };
    }
    case 'is-active': {
      let stdout = '';
      let exitCode = 0;
      for (const u of units) {
        const active = u === 'kubelet.service' ? !!kubelet?.running : u in OTHER_UNITS;
        stdout += `${active ? 'active' : 'inactive'}\n`;
        if (!active) exitCode = 3;
      }
      return { stdout, stderr: '', exitCode };
    }
    case 'is-enabled':
      if (missing) return { stdout: '', stderr: `Failed to get unit file state for ${missing}: No such file or directory\n`, exitCode: 1 };
      return { stdout: units.map(() => 'enabled\n').join(''), stderr: '', exitCode: 0 };
    case 'start':
    case 'stop':
    case 'restart':
    case 'reload': {
      if (missing) return { stdout: '', stderr: `Failed to ${verb} ${missing}: Unit ${missing} not found.\n`, exitCode: 5 };
      for (const u of units) {
        if (u !== 'kubelet.service' || !kubelet) continue;
        const now = shell.session.cluster.clock.now();
        const pid = kubeletJournal(kubelet).pid;
        if (verb === 'stop' && kubelet.running) {
          kubelet.stop();
          transitions.set(kubelet, { at: now, pid });
          record(kubelet, now, false);
        } else if ((verb === 'start' && !kubelet.running) || verb === 'restart') {
          if (kubelet.running) {
            kubelet.stop();
            record(kubelet, now, false);
          }
          kubelet.start();
          transitions.set(kubelet, { at: now, pid });
          record(kubelet, now, true);
        }
      }
      return { stdout: '', stderr: '', exitCode: 0 };
    }
    case 'enable':
    case 'disable':
      if (missing) return { stdout: '', stderr: `Failed to ${verb} unit: Unit file ${missing} does not exist.\n`, exitCode: 1 };
      return { stdout: '', stderr: '', exitCode: 0 };
    case 'daemon-reload':
      return { stdout: '', stderr: '', exitCode: 0 };
    default:
      return { stdout: '', stderr: `Unknown command verb ${verb}.\n`, exitCode: 1 };
  }
};
