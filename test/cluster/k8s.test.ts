/**
 * The Kubernetes Indexed Job `plan --k8s` writes: parsed and checked field by field, then each index's command
 * run here as a pod would run it (JOB_COMPLETION_INDEX set, `$(VAR)` expanded as the kubelet does, the claim's
 * mount path standing for the shared data dir), and after `merge` the data dir equals a single machine's run.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { k8sFile } from '../../src/cluster/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import {
  fingerprint,
  startClusterFixture,
  type ClusterFixture,
  type Fingerprint,
} from '../helpers/cluster-fixture.js';
import { runCli } from '../helpers/run-cli.js';

const TOKEN = 'hf_k8s_secret_token';
let emulator: RunningEmulator;
let env: Record<string, string>;
let reference: Fingerprint;
let dataDir: string;

interface Container {
  image: string;
  command: string[];
  env: Array<{ name: string; value?: string; valueFrom?: Record<string, Record<string, unknown>> }>;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  volumeMounts: Array<{ name: string; mountPath: string }>;
}
interface JobManifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    completionMode: string;
    completions: number;
    parallelism: number;
    backoffLimitPerIndex: number;
    podReplacementPolicy: string;
    template: {
      spec: {
        restartPolicy: string;
        containers: Container[];
        volumes: Array<{ name: string; persistentVolumeClaim: { claimName: string } }>;
      };
    };
  };
}
let job: JobManifest;

let fx: ClusterFixture;
before(async () => {
  fx = await startClusterFixture('cluster-k8s', TOKEN);
  ({ emulator, env, reference, dataDir } = fx);
});
after(() => fx?.close());

describe('plan --k8s', () => {
  it('writes an Indexed Job: one index per worker, the data dir on a claim, the token from a Secret', async () => {
    const r = await runCli(
      [
        'plan',
        '--workers',
        '3',
        '--k8s',
        '--image',
        'registry.test/hf-torrent:1',
        '--throttle',
        '2',
        '--memory',
        '2G',
        '--cpus',
        '2',
        '--pvc',
        'models-pvc',
        '--secret',
        'hub-token',
        '--backoff-limit-per-index',
        '5',
        '--data-dir',
        dataDir,
        '--quiet',
      ],
      env,
    );
    assert.equal(r.status, 0, r.stderr);
    const text = readFileSync(k8sFile(dataDir), 'utf8');
    assert.ok(!text.includes(TOKEN), 'no token in the manifest');
    assert.ok(!text.includes(emulator.endpoint), 'no endpoint in the manifest');
    job = parse(text) as JobManifest;
    assert.equal(job.apiVersion, 'batch/v1');
    assert.equal(job.kind, 'Job');
    assert.equal(job.metadata.name, 'hftorrent-download');
    assert.equal(job.spec.completionMode, 'Indexed');
    assert.equal(job.spec.completions, 3);
    assert.equal(job.spec.parallelism, 2);
    assert.equal(job.spec.backoffLimitPerIndex, 5);
    assert.equal(job.spec.podReplacementPolicy, 'Failed', 'never two pods of one index at once');
    const pod = job.spec.template.spec;
    assert.equal(pod.restartPolicy, 'Never');
    assert.equal(pod.containers.length, 1);
    const c = pod.containers[0] as Container;
    assert.equal(c.image, 'registry.test/hf-torrent:1');
    assert.deepEqual(c.command, [
      'hftorrent',
      'download',
      '--worker',
      '$(JOB_COMPLETION_INDEX)',
      '--data-dir',
      '/data',
    ]);
    const byName = new Map(c.env.map((e) => [e.name, e]));
    assert.deepEqual(byName.get('HF_TOKEN'), {
      name: 'HF_TOKEN',
      valueFrom: { secretKeyRef: { name: 'hub-token', key: 'token' } },
    });
    assert.equal(byName.get('HF_ENDPOINT')?.valueFrom?.secretKeyRef?.optional, true);
    assert.equal(
      byName.get('JOB_COMPLETION_INDEX')?.valueFrom?.fieldRef?.fieldPath,
      "metadata.annotations['batch.kubernetes.io/job-completion-index']",
    );
    assert.ok(
      c.env.every((e) => e.value === undefined),
      'no literal values',
    );
    assert.deepEqual(c.resources, { requests: { cpu: '2', memory: '2Gi' }, limits: { memory: '2Gi' } });
    assert.deepEqual(c.volumeMounts, [{ name: 'data', mountPath: '/data' }]);
    assert.deepEqual(pod.volumes, [{ name: 'data', persistentVolumeClaim: { claimName: 'models-pvc' } }]);
  });

  it("each index's command, run as its pod would, gives with merge the single machine's result", async () => {
    const c = job.spec.template.spec.containers[0] as Container;
    const mount = c.volumeMounts[0]?.mountPath as string;
    const runs = await Promise.all(
      Array.from({ length: job.spec.completions }, (_, index) => {
        const podEnv: Record<string, string> = { ...env, JOB_COMPLETION_INDEX: String(index) };
        // the kubelet expands $(VAR) from the container's environment; the claim is the data dir
        const argv = c.command
          .slice(1)
          .map((a) => a.replace(/\$\(([A-Z_]+)\)/g, (_m, name: string) => podEnv[name] ?? ''))
          .map((a) => (a === mount ? dataDir : a));
        assert.equal(c.command[0], 'hftorrent');
        return runCli([...argv, '--quiet'], podEnv);
      }),
    );
    for (const r of runs) assert.equal(r.status, 0, r.stderr);
    const merged = await runCli(['merge', '--data-dir', dataDir, '--quiet'], env);
    assert.equal(merged.status, 0, merged.stderr);
    assert.deepEqual(fingerprint(dataDir), reference);
  });
});
