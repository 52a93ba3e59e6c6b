/**
 * Shared by the cluster tests: a data dir's outcome reduced to what must not depend on how many machines made
 * it (the verified files with their content hashes, the ledger's states), and a single-machine reference run.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCatalog } from '../../src/catalog/index.js';
import { reposRoot } from '../../src/download/index.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { filesUnder } from '../download/helpers/pipeline.js';
import { runCli } from './run-cli.js';

export interface Fingerprint {
  /** `path sha256` of every file under repos/ (partial files included: there must be none). */
  files: string[];
  /** Each ledger row's outcome, in rank order, with its files' outcomes. */
  ledger: string[];
}

export function fingerprint(dataDir: string): Fingerprint {
  const root = reposRoot(dataDir);
  const files = filesUnder(root).map(
    (p) =>
      `${p} ${createHash('sha256')
        .update(readFileSync(join(root, p)))
        .digest('hex')}`,
  );
  const catalog = openCatalog(dataDir, { readonly: true });
  try {
    const ledger = catalog.ledger.repos().map((r) => {
      const fileStates = [...catalog.ledger.files(r.repoId).values()]
        .map((f) => `${f.path}:${f.state}:${f.digest}:${f.size}:${f.bytes}`)
        .sort();
      return [
        r.position,
        r.repoId,
        r.source,
        r.state,
        r.reason,
        r.listedCommit,
        r.commit,
        `${r.filesVerified}/${r.filesTotal}`,
        `${r.bytesVerified}/${r.bytesTotal}`,
        fileStates.join(','),
      ].join(' ');
    });
    return { files, ledger };
  } finally {
    catalog.close();
  }
}

/** Crawls and selects the top `top` into `dataDir` through the CLI. */
export async function crawlAndSelect(
  dataDir: string,
  env: Record<string, string>,
  top: number,
): Promise<void> {
  for (const argv of [['crawl'], ['select', '--top', String(top), '--shards', '1']]) {
    const r = await runCli([...argv, '--data-dir', dataDir, '--quiet'], env);
    if (r.status !== 0) throw new Error(`${argv[0]}: ${r.stderr}`);
  }
}

/** The whole selection downloaded by one machine: the reference a cluster run must equal. */
export async function singleMachineRun(
  dataDir: string,
  env: Record<string, string>,
  top: number,
): Promise<Fingerprint> {
  await crawlAndSelect(dataDir, env, top);
  const r = await runCli(['download', '--data-dir', dataDir, '--quiet'], env);
  if (r.status !== 0) throw new Error(`download: ${r.stderr}`);
  return fingerprint(dataDir);
}

/** An emulator, a single machine's run of its top 30 (the reference), and a data dir selected the same way. */
export interface ClusterFixture {
  emulator: RunningEmulator;
  /** HF_ENDPOINT and HF_TOKEN, as a user's shell would have them. */
  env: Record<string, string>;
  top: string;
  reference: Fingerprint;
  /** Crawled and selected, nothing downloaded yet: the cluster run's data dir. */
  dataDir: string;
  close(): Promise<void>;
}

export const CLUSTER_TOP = 30;

export async function startClusterFixture(seed: string, token: string): Promise<ClusterFixture> {
  const emulator = await startEmulator({ models: 60, seed, tokens: { [token]: { user: 'tester' } } });
  const top = mkdtempSync(join(tmpdir(), `${seed}-`));
  const close = async (): Promise<void> => {
    await emulator.close();
    rmSync(top, { recursive: true, force: true });
  };
  try {
    const env = { HF_ENDPOINT: emulator.endpoint, HF_TOKEN: token };
    const reference = await singleMachineRun(join(top, 'single'), env, CLUSTER_TOP);
    const dataDir = join(top, 'cluster');
    await crawlAndSelect(dataDir, env, CLUSTER_TOP);
    return { emulator, env, top, reference, dataDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}
