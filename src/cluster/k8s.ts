/**
 * The Kubernetes Indexed Job of a plan (`plan/job.yaml`): one completion index per worker, index I running
 * `hftorrent download --worker I` in the given image, with the data dir on a PersistentVolumeClaim (ReadWriteMany:
 * every pod mounts the same volume), the token (and, optionally, a mirror's endpoint) from a Secret, failed
 * indexes retried on their own (`backoffLimitPerIndex`), and a replacement pod only once the failed one is
 * gone (`podReplacementPolicy: Failed`), so two pods never run the same worker at once.
 */
import { stringify } from 'yaml';
import type { Plan } from './plan-file.js';

export interface K8sOptions {
  /** An image with `hftorrent` on its PATH. Default `hf-torrent:latest`. */
  image?: string;
  /** Pods running at once (`parallelism`). Default: every worker. */
  throttle?: number;
  /** The ReadWriteMany claim that holds the data dir. Default `hftorrent-data`. */
  pvc?: string;
  /** Where the claim is mounted (the data dir in the pod). Default `/data`. */
  mountPath?: string;
  /** The Secret with the token under `token` (and optionally `endpoint`). Default `hf-token`. */
  secret?: string;
  /** Retries of one index before it counts as failed. Default 3. */
  backoffLimitPerIndex?: number;
  /** Memory request and limit, Kubernetes' syntax. Default `8Gi`. */
  memory?: string;
  /** CPU request. Default `4`. */
  cpus?: number;
  /** The Job's name. Default `hftorrent-download`. */
  jobName?: string;
}

export function k8sManifest(plan: Plan, o: K8sOptions = {}): string {
  const n = plan.workerCount;
  const mountPath = o.mountPath ?? '/data';
  const secret = o.secret ?? 'hf-token';
  const memory = o.memory ?? '8Gi';
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: o.jobName ?? 'hftorrent-download',
      labels: { app: 'hftorrent', 'hftorrent/selection': String(plan.selection.id) },
    },
    spec: {
      completionMode: 'Indexed',
      completions: n,
      parallelism: Math.min(Math.max(1, o.throttle ?? n), n),
      backoffLimitPerIndex: o.backoffLimitPerIndex ?? 3,
      maxFailedIndexes: n,
      podReplacementPolicy: 'Failed',
      template: {
        metadata: { labels: { app: 'hftorrent' } },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'worker',
              image: o.image ?? 'hf-torrent:latest',
              command: [
                'hftorrent',
                'download',
                '--worker',
                '$(JOB_COMPLETION_INDEX)',
                '--data-dir',
                mountPath,
              ],
              env: [
                {
                  name: 'JOB_COMPLETION_INDEX',
                  valueFrom: {
                    fieldRef: {
                      fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']",
                    },
                  },
                },
                { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: secret, key: 'token' } } },
                {
                  name: 'HF_ENDPOINT',
                  valueFrom: { secretKeyRef: { name: secret, key: 'endpoint', optional: true } },
                },
              ],
              resources: {
                requests: { cpu: String(o.cpus ?? 4), memory },
                limits: { memory },
              },
              volumeMounts: [{ name: 'data', mountPath }],
            },
          ],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: o.pvc ?? 'hftorrent-data' } }],
        },
      },
    },
  };
  return (
    `# hf-torrent plan of ${plan.createdAt}: selection #${plan.selection.id}, ${n} workers balanced by bytes.\n` +
    `# kubectl create secret generic ${secret} --from-literal=token=$HF_TOKEN; kubectl apply -f job.yaml\n` +
    stringify(job)
  );
}
