/**
 * Per-worker progress of a cluster run, read from the workers' own ledgers (their journals) while they run:
 * repos by state, bytes verified of those planned, the rate over the last minutes, an ETA, the failures. Only
 * complete journal entries are read, so a worker writing (or killed mid-write) never confuses it.
 */
import type { LedgerRepo } from '../catalog/ledger.js';
import type { JournalEntry } from './journal.js';
import { readMerged } from './merged-marks.js';
import { readPlanIfAny, type PlanWorker } from './plan-file.js';
import { replayWorker } from './worker-ledger.js';

/** The rate is measured over this window, in milliseconds. */
const RATE_WINDOW_MILLIS = 5 * 60_000;
/** A worker whose journal has not grown for this long is not running (queued, killed or done). */
const RUNNING_MILLIS = 5 * 60_000;
/** Failures listed per worker. */
const SHOWN_FAILURES = 5;

export interface WorkerProgress {
  index: number;
  /** `waiting` (no entry yet), `running`, `stopped` (silent for 5 min, work left), `done`. */
  state: 'waiting' | 'running' | 'stopped' | 'done';
  repos: { total: number; verified: number; skipped: number; failed: number; todo: number };
  bytes: { planned: number; verified: number };
  /** Bytes verified per second over the last 5 minutes; null when there is nothing to measure. */
  bytesPerSecond: number | null;
  /** Seconds until the planned bytes are in at that rate; null without a rate (0 when done). */
  etaSeconds: number | null;
  failures: Array<{ repoId: string; reason: string | null }>;
  /** ISO time of the worker's last entry. */
  lastEntryAt: string | null;
  /** True when `merge` has folded in everything the journal holds now. */
  merged: boolean;
}

export interface ClusterProgress {
  planCreatedAt: string;
  selectionId: number;
  workers: WorkerProgress[];
  total: Omit<WorkerProgress, 'index' | 'state' | 'lastEntryAt' | 'merged' | 'failures'> & {
    failed: number;
    running: number;
    done: number;
  };
}

/** The progress of the plan in `dataDir`, or null when it has no plan. */
export function clusterProgress(dataDir: string, now: number = Date.now()): ClusterProgress | null {
  const plan = readPlanIfAny(dataDir);
  if (plan === null) return null;
  const marks = readMerged(dataDir);
  const workers = plan.workers.map((w) => workerProgress(dataDir, w, now, marks));
  const sum = (f: (w: WorkerProgress) => number): number => workers.reduce((a, w) => a + f(w), 0);
  const rates = workers.map((w) => w.bytesPerSecond).filter((r): r is number => r !== null);
  const rate = rates.length === 0 ? null : rates.reduce((a, b) => a + b, 0);
  const planned = sum((w) => w.bytes.planned);
  const verified = sum((w) => w.bytes.verified);
  return {
    planCreatedAt: plan.createdAt,
    selectionId: plan.selection.id,
    workers,
    total: {
      repos: {
        total: sum((w) => w.repos.total),
        verified: sum((w) => w.repos.verified),
        skipped: sum((w) => w.repos.skipped),
        failed: sum((w) => w.repos.failed),
        todo: sum((w) => w.repos.todo),
      },
      bytes: { planned, verified },
      bytesPerSecond: rate,
      etaSeconds: eta(planned, verified, rate),
      failed: sum((w) => w.repos.failed),
      running: workers.filter((w) => w.state === 'running').length,
      done: workers.filter((w) => w.state === 'done').length,
    },
  };
}

function workerProgress(
  dataDir: string,
  worker: PlanWorker,
  now: number,
  marks: Record<string, number>,
): WorkerProgress {
  const state = replayWorker(dataDir, worker.index);
  try {
    const { ledger } = state.scratch;
    const repos = { total: worker.repos.length, verified: 0, skipped: 0, failed: 0, todo: 0 };
    const failures: WorkerProgress['failures'] = [];
    let verifiedBytes = 0;
    for (const r of worker.repos) {
      const row = ledger.getRepo(r.id);
      const s: LedgerRepo['state'] = row?.state ?? 'pending';
      if (s === 'verified' || s === 'skipped' || s === 'failed') repos[s] += 1;
      else repos.todo += 1;
      if (s === 'failed' && failures.length < SHOWN_FAILURES)
        failures.push({ repoId: r.id, reason: row?.reason ?? null });
      for (const f of ledger.files(r.id).values()) if (f.state === 'verified') verifiedBytes += f.bytes;
    }
    const last = state.entries.at(-1)?.t ?? null;
    const done = repos.todo === 0;
    const rate = rateOf(state.entries, now, done);
    return {
      index: worker.index,
      state: done ? 'done' : last === null ? 'waiting' : now - last < RUNNING_MILLIS ? 'running' : 'stopped',
      repos,
      bytes: { planned: Math.max(worker.bytes, verifiedBytes), verified: verifiedBytes },
      bytesPerSecond: rate,
      etaSeconds: done ? 0 : eta(worker.bytes, verifiedBytes, rate),
      failures,
      lastEntryAt: last === null ? null : new Date(last).toISOString(),
      merged: (marks[String(worker.index)] ?? -1) === state.journalBytes,
    };
  } finally {
    state.scratch.close();
  }
}

/** Bytes verified per second in the last window (a finished worker: over its whole journal). */
function rateOf(entries: readonly JournalEntry[], now: number, done: boolean): number | null {
  const first = entries[0]?.t;
  const last = entries.at(-1)?.t;
  if (first === undefined || last === undefined) return null;
  const end = done ? last : now;
  const start = done ? first : Math.max(first, now - RATE_WINDOW_MILLIS);
  let bytes = 0;
  for (const e of entries) if (e.t >= start && e.t <= end) bytes += verifiedBytesOf(e);
  const seconds = (end - start) / 1000;
  return seconds > 0 ? bytes / seconds : null;
}

function verifiedBytesOf(entry: JournalEntry): number {
  if (entry.op === 'ledger.fileVerified') return Number(entry.args[2]) || 0;
  if (entry.op !== 'ledger.fileOutcomes') return 0;
  let bytes = 0;
  for (const o of entry.args[0] as Array<{ state: string; bytes?: number }>) {
    if (o.state === 'verified') bytes += o.bytes ?? 0;
  }
  return bytes;
}

function eta(planned: number, verified: number, rate: number | null): number | null {
  if (verified >= planned) return 0;
  return rate === null || rate <= 0 ? null : Math.round((planned - verified) / rate);
}
