// The checks a rollout runs on a deployment, on Azure and on the local plane alike: the smoke
// request, the gate (with blue-vs-green parity), and each watch window judged from the step's own
// probes plus the closed Azure Monitor buckets of live traffic.
import { readEndpointMetrics } from '../azure/metrics.js';
import type { WorkspaceClient } from '../azure/online.js';
import type { EndpointTarget } from '../endpoint/client.js';
import { RolloutError } from '../errors.js';
import { type HealthThresholds, judgeHealth, type LatencyBucket, type RequestBucket } from './health.js';
import type { RolloutChecks, WatchWindow } from './machine.js';
import { probeOnce, type ProbeRequest, type ProbeSample, probeWindow } from './probes.js';

export interface CheckSettings {
  ws: WorkspaceClient;
  /** ARM id of the endpoint, for its metrics. */
  endpointId: string;
  /** Scoring URI, key or token, protocol: the deployment is set per request. */
  target: Omit<EndpointTarget, 'deployment'>;
  /** What the smoke test (the first) and the probes (all, in turn) send. */
  requests: readonly ProbeRequest[];
  probeIntervalMs: number;
  thresholds: HealthThresholds;
  gate?: RolloutChecks['gate'];
  warn: (line: string) => void;
  log: (line: string) => void;
}

export function rolloutChecks(s: CheckSettings): RolloutChecks {
  return {
    gate: s.gate,
    async smoke(deployment, signal) {
      const request = s.requests[0];
      if (!request) throw new RolloutError('SmokeFailed', 'there is no smoke request to send');
      const sample = await probeOnce(s.target, deployment, request, signal);
      if (sample.error !== undefined) {
        throw new RolloutError(
          'SmokeFailed',
          `smoke request (${request.name}) to '${deployment}' failed: ${sample.error}`,
          {
            resource: deployment,
            remediation: 'read the InferenceServer log of the deployment',
          },
        );
      }
      return `${request.name}: HTTP ${sample.status} in ${Math.round(sample.latencyMs)} ms`;
    },
    watch: (window, signal) => watch(s, window, signal),
  };
}

async function watch(s: CheckSettings, w: WatchWindow, signal: AbortSignal) {
  const from = new Date();
  const deployments = w.oldDeployment && !w.mirror ? [w.newDeployment, w.oldDeployment] : [w.newDeployment];
  const samples = await probeWindow({
    target: s.target,
    deployments,
    requests: s.requests,
    durationMs: w.durationMs,
    intervalMs: s.probeIntervalMs,
    minRounds: s.thresholds.minRequests,
    signal,
  });
  const of = (name: string | undefined): ProbeSample[] =>
    name ? samples.filter((x) => x.deployment.toLowerCase() === name.toLowerCase()) : [];
  let requests: RequestBucket[] = [];
  let latency: LatencyBucket[] = [];
  try {
    const metrics = await readEndpointMetrics(s.ws, s.endpointId, { from, to: new Date(), signal });
    requests = metrics.requests;
    latency = metrics.latency;
  } catch (e) {
    if (signal.aborted) throw e;
    // Live traffic is one of two sources; without it the probes alone must reach min-requests.
    s.warn(`${w.stage}: live metrics unavailable (${(e as Error).message}); judging by probes alone`);
  }
  // Mirrored requests reach the new deployment but their answers reach no client: judge the
  // new deployment alone.
  const verdict = judgeHealth({
    newDeployment: w.newDeployment,
    oldDeployment: w.mirror ? undefined : w.oldDeployment,
    probes: { new: of(w.newDeployment), old: w.mirror ? undefined : of(w.oldDeployment) },
    requests,
    latency,
    thresholds: s.thresholds,
  });
  const f = verdict.figures;
  s.log(`${w.stage}: ${f.probes} probe answers and ${f.live} live requests (closed metric buckets) judged`);
  return verdict;
}
