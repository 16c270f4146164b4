/**
 * Which tools an image ships, so `kubectl exec nginx -- ps` fails the way it does on a real
 * cluster. busybox-based images have the applets; Debian/UBI images a shell, coreutils and curl;
 * distroless and scratch images (pause, coredns, the kube-* components) nothing at all. Images
 * the simulation does not know get everything, so scenario images can be debugged.
 */
import { normalizeImage, OCP_IMAGES } from '../../core/kubelet/images.js';

const BUSYBOX = ['sh', 'ash', 'cat', 'env', 'printenv', 'hostname', 'ip', 'nslookup', 'wget', 'ps', 'echo', 'ls', 'id', 'whoami', 'true', 'false', 'sleep', 'date'];
const DEBIAN = ['sh', 'bash', 'cat', 'env', 'printenv', 'hostname', 'echo', 'ls', 'id', 'whoami', 'true', 'false', 'sleep', 'date'];

const BY_REPO: Array<[RegExp, string[]]> = [
  [/\/(busybox|alpine):/, BUSYBOX],
  [/\/curlimages\/curl:/, [...BUSYBOX, 'curl']],
  [/\/(nginx|httpd|nginxinc\/nginx-unprivileged):/, [...DEBIAN, 'curl']],
  [/\/(redis|memcached|rabbitmq|postgres|mysql):/, DEBIAN],
  [/\/(python|node):/, [...DEBIAN, 'curl', 'wget', 'ps', 'ip']],
  [/ubi9\/ubi:/, [...DEBIAN, 'curl', 'ps']],
  [/ubi9\/ubi-minimal:/, [...DEBIAN, 'curl']],
  [/origin-cli:|origin-ovn-kubernetes:/, [...DEBIAN, 'curl', 'ps', 'ip', 'ovs-vsctl', 'ovs-ofctl', 'ovn-nbctl', 'ovn-sbctl', 'ovn-trace', 'ovn-appctl', 'tcpdump']],
  // etcd's images ship etcdctl: OpenShift's is RHEL-based (a shell too), kubeadm's is distroless.
  [new RegExp(OCP_IMAGES.etcd.replace(/[.@]/g, '\\$&')), [...DEBIAN, 'etcdctl', 'ps']],
  [/registry\.k8s\.io\/etcd:/, ['etcdctl']],
  [/registry\.k8s\.io\/(pause|coredns|kube-|etcd|metrics-server|sig-storage)|ocp-v4\.0-art-dev|spiffe|ebs-csi/, []],
];

export function imageTools(image: string): ReadonlySet<string> | undefined {
  const ref = normalizeImage(image);
  for (const [re, tools] of BY_REPO) if (re.test(ref)) return new Set(tools);
  return undefined;
}
