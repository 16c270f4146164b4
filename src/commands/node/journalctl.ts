/**
 * journalctl on a node: `-u kubelet` shows the kubelet's klog lines with the journal prefix
 * ("Nov 24 09:00:12 worker-1 kubenswrapper[2345]: ..."), plus systemd's start/stop lines.
 * -n/--lines, -r, --since ("10 min ago", "-5m", "YYYY-MM-DD HH:MM[:SS]"), -f (prints what is
 * there: the palette cannot follow), --no-pager, -e, -b, -x, -l are understood.
 */
import type { NodeShell, NodeTool } from './types.js';
import { kubeletJournal } from './journal-source.js';
import { journalPrefix, kubeletTransitions } from './systemctl.js';

function parseSince(text: string, now: number): number | undefined {
  const rel = /^(\d+)\s*(s|sec|second|seconds|m|min|minute|minutes|h|hour|hours|d|day|days)\s+ago$/.exec(text.trim()) ?? /^-(\d+)(s|m|h|d)$/.exec(text.trim());
  if (rel) {
    const n = Number(rel[1]);
    const unit = rel[2]![0];
    const ms = unit === 's' ? 1000 : unit === 'm' ? 60_000 : unit === 'h' ? 3_600_000 : 86_400_000;
    return now - n * ms;
  }
  if (text === 'today') return now - (now % 86_400_000);
  const abs = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?$/.exec(text.trim());
  if (abs) return Date.parse(`${abs[1]}T${abs[2] ?? '00:00:00'}${abs[2]?.length === 5 ? ':00' : ''}Z`);
  return undefined;
}

export const journalctl: NodeTool = (argv, _stdin, shell: NodeShell) => {
  if (!shell.chroot) return { stdout: '-- No entries --\n', stderr: 'No journal files were found.\n', exitCode: 0 };
  const cluster = shell.session.cluster;
  const now = cluster.clock.now();
  let unit: string | undefined;
  let lines: number | undefined;
  let reverse = false;
  let since: number | undefined;
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (): string | undefined => (a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i]);
    if (a === '-u' || a.startsWith('--unit')) unit = value();
    else if (a.startsWith('-u') && a.length > 2) unit = a.slice(2);
    else if (a === '-n' || a.startsWith('--lines')) lines = Number(value());
    else if (/^-n\d+$/.test(a)) lines = Number(a.slice(2));
    else if (a === '-r' || a === '--reverse') reverse = true;
    else if (a === '-S' || a.startsWith('--since')) {
      const v = value() ?? '';
      since = parseSince(v, now);
      if (since === undefined) return { stdout: '', stderr: `Failed to parse timestamp: ${v}\n`, exitCode: 1 };
    } else if (['-f', '--follow', '--no-pager', '-e', '--pager-end', '-b', '--boot', '-x', '--catalog', '-l', '--full', '-a', '--all', '-q', '--quiet'].includes(a)) continue;
    else if (a.startsWith('-')) return { stdout: '', stderr: `journalctl: unrecognized option '${a}'\n`, exitCode: 1 };
  }
  const name = unit && !unit.includes('.') ? `${unit}.service` : unit;
  const entries: Array<{ t: number; text: string }> = [];
  if (name === undefined || name === 'kubelet.service') {
    const kubelet = cluster.kubelets.get(shell.node);
    const { pid, lines: klog } = kubeletJournal(kubelet);
    const proc = cluster.info.flavor === 'openshift' ? 'kubenswrapper' : 'kubelet';
    for (const tr of kubelet ? kubeletTransitions(kubelet) : []) {
      const msgs = tr.running ? ['Starting Kubernetes Kubelet...', 'Started Kubernetes Kubelet.'] : ['Stopping Kubernetes Kubelet...', 'kubelet.service: Deactivated successfully.', 'Stopped Kubernetes Kubelet.'];
      for (const m of msgs) entries.push({ t: tr.at, text: `${journalPrefix(tr.at, shell.node)} systemd[1]: ${m}` });
    }
    // After systemd's lines, so a restart reads Stopped, Started, then the kubelet's own start-up.
    for (const l of klog) entries.push({ t: l.t, text: `${journalPrefix(l.t, shell.node)} ${proc}[${pid}]: ${l.line}` });
  } else if (!['crio.service', 'containerd.service', 'sshd.service', 'chronyd.service'].includes(name)) {
    return { stdout: '-- No entries --\n', stderr: '', exitCode: 0 };
  }
  // Stable by time: journal order for equal timestamps.
  let shown = entries.map((e, i) => ({ ...e, i })).sort((a, b) => a.t - b.t || a.i - b.i).filter((e) => since === undefined || e.t >= since);
  if (lines !== undefined && Number.isFinite(lines)) shown = shown.slice(Math.max(0, shown.length - lines));
  if (reverse) shown.reverse();
  if (shown.length === 0) return { stdout: '-- No entries --\n', stderr: '', exitCode: 0 };
  return { stdout: shown.map((e) => `${e.text}\n`).join(''), stderr: '', exitCode: 0 };
};
