/**
 * `plan`: the current selection split into per-worker lists balanced by bytes (balance.ts), written with the
 * plan file, each worker's base (what the catalog's ledger already knows about its repos, so that a worker
 * never needs the catalog) and, on request, the Slurm and Kubernetes job files.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../catalog/atomic-file.js';
import { readRepoRows } from '../catalog/ledger-rows.js';
import { acquireDataDirLock } from '../catalog/lock.js';
import { openCatalog, type Catalog } from '../catalog/open-catalog.js';
import { selectedRepoSizes } from '../catalog/selection-sizes.js';
import { createFileFilter, isPassThrough } from '../download/file-filter.js';
import { UsageError } from '../errors.js';
import { balanceByBytes } from './balance.js';
import { JournalWriter, type JournalEntry } from './journal.js';
import { baseFile, k8sFile, logsDir, planDir, planFile, sbatchFile, workerLedgerDir } from './layout.js';
import { readMerged } from './merged-marks.js';
import type { Plan, PlanRepo, PlanWorker, SizeSource } from './plan-file.js';
import { k8sManifest, type K8sOptions } from './k8s.js';
import { sbatchScript, type SlurmOptions } from './sbatch.js';
import { workerCommand } from './worker-command.js';
import { repoBytes } from './repo-bytes.js';

/** At most this many workers (a Slurm array's default MaxArraySize is 1001). */
export const MAX_WORKERS = 10_000;

export interface PlanOptions {
  dataDir: string;
  /** Workers (array tasks, job indexes), 1 to MAX_WORKERS. */
  workers: number;
  /** The download method every worker uses. Default `http`. */
  method?: 'http' | 'git';
  /** File filters every worker applies (and the byte counts follow, where a manifest is stored). */
  include?: string[];
  exclude?: string[];
  /** Replace a plan whose workers' ledgers hold entries `merge` has not folded in yet. Default false. */
  force?: boolean;
  /** How a worker's command starts: the program and its first arguments. Default: this node and this hftorrent. */
  invocation?: string[];
  /** Also write `slurm.sbatch` with these settings. Default: not written. */
  slurm?: SlurmOptions;
  /** Also write `job.yaml` with these settings. Default: not written. */
  k8s?: K8sOptions;
  /** Clock (tests). Default `Date.now`. */
  now?: () => number;
}

/** What `plan` wrote: the plan and the paths of the files. */
export interface PlanResult {
  plan: Plan;
  files: { plan: string; slurm: string | null; k8s: string | null };
}

/** This node and this hf-torrent's bin/hftorrent.js, as absolute paths (the same from src/ and dist/). */
export function defaultInvocation(): string[] {
  return [process.execPath, fileURLToPath(new URL('../../bin/hftorrent.js', import.meta.url))];
}

export async function makePlan(options: PlanOptions): Promise<PlanResult> {
  const workers = options.workers;
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > MAX_WORKERS) {
    throw new UsageError(`--workers: a whole number from 1 to ${MAX_WORKERS}, got ${String(workers)}`);
  }
  const dataDir = resolve(options.dataDir);
  const release = acquireDataDirLock(dataDir, 'plan');
  try {
    refuseUnmerged(dataDir, options.force ?? false);
    const catalog = openCatalog(dataDir, { readonly: true });
    try {
      const plan = buildPlan(catalog, { ...options, dataDir });
      await writePlan(catalog, plan);
      return { plan, files: await writeJobFiles(plan, options) };
    } finally {
      catalog.close();
    }
  } finally {
    release();
  }
}

function buildPlan(catalog: Catalog, options: PlanOptions & { dataDir: string }): Plan {
  const selection = catalog.selections.current();
  if (selection === null) throw new UsageError('no selection in the catalog: run `hftorrent select` first');
  const filters = { include: options.include ?? [], exclude: options.exclude ?? [] };
  const filter = isPassThrough(filters) ? null : createFileFilter(filters);
  const sizes: Record<SizeSource, number> = { manifest: 0, storage: 0, parameters: 0, unknown: 0 };
  const repos: PlanRepo[] = [];
  const unknown: PlanRepo[] = [];
  let known = 0;
  for (const row of selectedRepoSizes(catalog.db, selection.snapshotId)) {
    const { bytes, source } = repoBytes(row, filter, catalog.manifests);
    sizes[source] += 1;
    const repo = { id: row.id, rank: row.rank, commit: row.sha, bytes: bytes ?? 0 };
    repos.push(repo);
    if (bytes === null) unknown.push(repo);
    else known += bytes;
  }
  const typical = repos.length > unknown.length ? Math.round(known / (repos.length - unknown.length)) : 1;
  for (const repo of unknown) repo.bytes = typical;
  const { lists, bytes } = balanceByBytes(repos, options.workers);
  const invocation = options.invocation ?? defaultInvocation();
  const total = bytes.reduce((a, b) => a + b, 0);
  const max = Math.max(...bytes);
  const mean = total / options.workers;
  return {
    version: 1,
    createdAt: new Date((options.now ?? Date.now)()).toISOString(),
    dataDir: options.dataDir,
    endpoint: selection.endpoint,
    selection: {
      id: selection.id,
      snapshotId: selection.snapshotId,
      method: selection.method,
      shrinkage: selection.shrinkage,
      top: selection.top,
      count: selection.count,
      createdAt: selection.createdAt,
    },
    method: 'lpt',
    download: { method: options.method ?? 'http', ...filters },
    sizes,
    workerCount: options.workers,
    bytes: { total, max, mean, maxOverMean: mean > 0 ? max / mean : 1 },
    workers: lists.map((list, index): PlanWorker => ({
      index,
      bytes: bytes[index] as number,
      repos: list,
      command: workerCommand(invocation, index, options.dataDir),
    })),
  };
}

/** The Slurm script and the Kubernetes manifest, as asked (a stale one of the other kind is removed). */
async function writeJobFiles(plan: Plan, options: PlanOptions): Promise<PlanResult['files']> {
  const files: PlanResult['files'] = { plan: planFile(plan.dataDir), slurm: null, k8s: null };
  const slurm = sbatchFile(plan.dataDir);
  const k8s = k8sFile(plan.dataDir);
  rmSync(slurm, { force: true });
  rmSync(k8s, { force: true });
  if (options.slurm !== undefined) {
    const invocation = options.invocation ?? defaultInvocation();
    await writeFileAtomic(slurm, sbatchScript(plan, invocation, options.slurm));
    chmodSync(slurm, 0o755);
    files.slurm = slurm;
  }
  if (options.k8s !== undefined) {
    await writeFileAtomic(k8s, k8sManifest(plan, options.k8s));
    files.k8s = k8s;
  }
  return files;
}

/** A new plan starts the workers' ledgers afresh: refuse while one holds entries not merged yet. */
function refuseUnmerged(dataDir: string, force: boolean): void {
  const dir = workerLedgerDir(dataDir);
  if (force || !existsSync(dir)) return;
  const merged = readMerged(dataDir);
  for (const name of readdirSync(dir)) {
    const m = /^worker-(\d+)\.ndjson$/.exec(name);
    if (m === null) continue;
    const size = statSync(join(dir, name)).size;
    if (size > (merged[m[1] as string] ?? 0)) {
      throw new UsageError(
        `the worker ledger ${join(dir, name)} holds work not merged yet: run \`hftorrent merge\` first ` +
          '(or `plan --force` to discard it)',
      );
    }
  }
}

/** Writes the base files and plan.json (last: a plan file on disk always has its base files). */
async function writePlan(catalog: Catalog, plan: Plan): Promise<void> {
  const dir = planDir(plan.dataDir);
  for (const sub of ['base', 'ledgers']) rmSync(join(dir, sub), { recursive: true, force: true });
  rmSync(join(dir, 'merged.json'), { force: true });
  mkdirSync(workerLedgerDir(plan.dataDir), { recursive: true });
  mkdirSync(logsDir(plan.dataDir), { recursive: true });
  mkdirSync(join(dir, 'base'), { recursive: true });
  const hasLedger = catalog.hasLedger();
  for (const worker of plan.workers) {
    if (!hasLedger) break;
    const entries = baseEntries(catalog, worker, Date.parse(plan.createdAt));
    if (entries.length === 0) continue;
    const writer = new JournalWriter(baseFile(plan.dataDir, worker.index), 0);
    try {
      for (const entry of entries) writer.append(entry);
    } finally {
      writer.close();
    }
  }
  await writeFileAtomic(planFile(plan.dataDir), `${JSON.stringify(plan)}\n`);
}

/** What the catalog's ledger knows of `worker`'s repos: their rows and the manifests at their commits. */
function baseEntries(catalog: Catalog, worker: PlanWorker, t: number): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (const repo of worker.repos) {
    const rows = readRepoRows(catalog.ledger, repo.id);
    const commits = new Set([repo.commit, rows?.repo.commit ?? null]);
    for (const commit of commits) {
      const stored = commit === null ? null : catalog.manifests.get(repo.id, commit);
      if (stored !== null) {
        entries.push({ t, op: 'manifests.put', args: [repo.id, stored.commit, stored.source, stored.files] });
      }
    }
    if (rows !== null) entries.push({ t, op: 'rows', args: [rows] });
  }
  return entries;
}
