/**
 * ovn-appctl -t ovn-controller COMMAND on a node: `connection-status` (connected to the
 * southbound database), `version`, `debug/status`. A stopped ovn-controller does not answer on
 * its control socket, which is the quickest way to tell it apart from a healthy one.
 */
import type { NodeTool } from './types.js';
import { needsHost, networkOf, OVN_VERSION, OVS_VERSION, res } from './ovn-common.js';
import { hash32 } from '../../core/network/cidr.js';

export const ovnAppctl: NodeTool = (argv, _stdin, shell) => {
  const denied = needsHost(shell, 'ovn-appctl');
  if (denied) return denied;
  const net = networkOf(shell);
  let target: string | undefined;
  const args: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-t' || a === '--target') target = argv[++i];
    else if (a.startsWith('--target=')) target = a.slice(9);
    else args.push(a);
  }
  if (!target) return res('', 'ovn-appctl: missing target (use -t ovn-controller, ovn-northd, ...)\n', 1);
  if (target !== 'ovn-controller') return res('', `ovn-appctl: cannot read pidfile "/var/run/ovn/${target}.pid" (No such file or directory)\n`, 1);
  const pid = 1000 + (hash32(`ovn-controller/${shell.node}`) % 8000);
  if (!net.controllerRunning(shell.node)) {
    return res('', `${new Date(shell.session.cluster.clock.now()).toISOString().slice(0, 19)}Z|00001|unixctl|WARN|failed to connect to /var/run/ovn/ovn-controller.${pid}.ctl\novn-appctl: cannot connect to "/var/run/ovn/ovn-controller.${pid}.ctl" (Connection refused)\n`, 1);
  }
  switch (args[0]) {
    case 'connection-status':
      return res('connected\n');
    case 'version':
      return res(`ovn-controller ${OVN_VERSION}\nOpen vSwitch Library ${OVS_VERSION}\nOpenFlow versions 0x6:0x6\nSB DB Schema 20.29.0\n`);
    case 'debug/status':
      return res('running\n');
    case undefined:
      return res('', 'ovn-appctl: at least one non-option argument is required (use --help for help)\n', 1);
    default:
      return res('', `"${args[0]}" is not a valid command (use "list-commands" to see a list of valid commands)\novn-appctl: ovn-controller: server returned an error\n`, 2);
  }
};
