/**
 * kubectl autoscale (deploy|rs|rc|sts)/NAME --max N [--min M] [--cpu-percent P]: an HPA on the
 * object. kubectl builds an autoscaling/v1 object; the API server stores v2, so the body is the
 * v2 form of the same thing (targetCPUUtilizationPercentage becomes a cpu Utilization metric).
 */
import type { KObject } from '../../../core/api/types.js';
import type { KubectlCommand } from '../types.js';
import { CmdError, checkOutput, DRY_RUN_FLAG, dryRunOf, getTarget, ok, OUTPUT_FLAG, printResult, requestOptions, singleTarget } from './common.js';
import { stripNulls } from './create/run.js';

const SCALABLE = ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet'];

export const autoscaleCommand: KubectlCommand = {
  name: 'autoscale',
  aliases: ['hpa'],
  short: 'Auto-scale a deployment, replica set, stateful set, or replication controller',
  help:
    'Creates an autoscaler that automatically chooses and sets the number of pods that run in a Kubernetes cluster.\n\n' +
    'Usage:\n  kubectl autoscale (-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu-percent=CPU] [options]\n\n' +
    'Examples:\n  # Auto scale a deployment "foo", with the number of pods between 2 and 10, target CPU utilization at 80%\n  kubectl autoscale deployment foo --min=2 --max=10 --cpu-percent=80',
  flags: [
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    { name: 'min', type: 'int', default: -1, usage: 'The lower limit for the number of pods that can be set by the autoscaler. If it\'s not specified or negative, the server will apply a default value.' },
    { name: 'max', type: 'int', default: -1, usage: 'The upper limit for the number of pods that can be set by the autoscaler. Required.' },
    { name: 'cpu-percent', type: 'int', default: -1, usage: 'The target average CPU utilization (represented as a percent of requested CPU) over all the pods. If it\'s not specified or negative, a default autoscaling policy will be used.' },
    { name: 'name', type: 'string', usage: 'The name for the newly created object. If not specified, the name of the input resource will be used.' },
  ],
  run(ctx, args, parsed) {
    const output = checkOutput(ctx, parsed);
    const dry = dryRunOf(parsed);
    const min = parsed.flags.min as number;
    const max = parsed.flags.max as number;
    const cpu = parsed.flags['cpu-percent'] as number;
    if (max < 1) throw new CmdError(`--max=MAXPODS is required and must be at least 1, max: ${max}`);
    if (max < min) throw new CmdError(`--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`);
    const t = singleTarget(ctx, args, `You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
    const target = getTarget(ctx, t);
    if (!SCALABLE.includes(target.kind)) {
      throw new CmdError(`cannot autoscale a ${t.res.kind}${t.res.group ? `.${t.res.group}` : ''}`);
    }
    const name = (parsed.flags.name as string) || target.metadata.name;
    const hpa: KObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { creationTimestamp: null as unknown as string, name, ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}) },
      spec: {
        scaleTargetRef: { apiVersion: target.apiVersion, kind: target.kind, name: target.metadata.name },
        ...(min > 0 ? { minReplicas: min } : {}),
        maxReplicas: max,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu >= 0 ? cpu : 80 } } }],
      },
      status: { currentReplicas: 0, desiredReplicas: 0 },
    };
    if (dry === 'client') return ok(printResult(ctx, hpa, 'autoscaled', output, dry));
    const body = stripNulls({ ...hpa, metadata: { ...hpa.metadata, namespace: target.metadata.namespace }, status: undefined });
    const created = ctx.client.create(body, requestOptions(dry));
    return ok(printResult(ctx, created, 'autoscaled', output, dry));
  },
};
