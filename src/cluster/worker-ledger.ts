/**
 * A worker's ledger: the catalog's ledger schema in memory (ledger-rows.ts), rebuilt at start from the
 * worker's base file (what the catalog knew when the plan was made) and its own journal (journal.ts), and
 * from then on every change written to the journal as it is made. The engine sees an ordinary `Ledger` and
 * `ManifestStore`, so a worker runs exactly the code a single machine runs; only the storage differs. Replaying
 * an entry sets the scratch ledger's clock to the entry's time, so the rebuilt rows equal the ones the worker
 * had, timestamps included.
 */
import type { Ledger } from '../catalog/ledger.js';
import { openScratchLedger, type RepoRows, type ScratchLedger } from '../catalog/ledger-rows.js';
import type { ManifestStore } from '../catalog/manifest-store.js';
import { CatalogError } from '../errors.js';
import { JournalWriter, readJournal, type JournalEntry } from './journal.js';
import { baseFile, workerLedgerFile } from './layout.js';

/** The ledger methods that change something (each becomes a journal entry). */
const LEDGER_WRITES = [
  'enlist',
  'startRepo',
  'recordMain',
  'setRepoState',
  'planFiles',
  'deleteFile',
  'fileVerified',
  'fileFailed',
  'fileAttempted',
  'fileOutcomes',
] as const satisfies ReadonlyArray<keyof Ledger>;
const MANIFEST_WRITES = ['put', 'recordModelInfoFacts'] as const satisfies ReadonlyArray<keyof ManifestStore>;

/** A worker's state, rebuilt from its files (read only: for `status` and `merge`). */
export interface WorkerState {
  readonly scratch: ScratchLedger;
  /** The journal's entries (the base file's not included). */
  readonly entries: JournalEntry[];
  /** Bytes of complete entries in the journal. */
  readonly journalBytes: number;
}

/** Applies one entry to `scratch` at the entry's time. */
function apply(scratch: ScratchLedger, entry: JournalEntry, setTime: (t: number) => void): void {
  setTime(entry.t);
  const [kind, name] = entry.op.split('.');
  const args = entry.args;
  if (kind === 'rows') return scratch.writeRepoRows(args[0] as RepoRows);
  const target =
    kind === 'ledger' && (LEDGER_WRITES as readonly string[]).includes(name ?? '')
      ? (scratch.ledger as unknown as Record<string, (...a: unknown[]) => unknown>)
      : kind === 'manifests' && (MANIFEST_WRITES as readonly string[]).includes(name ?? '')
        ? (scratch.manifests as unknown as Record<string, (...a: unknown[]) => unknown>)
        : null;
  if (target === null) throw new CatalogError(`unknown journal entry "${entry.op}"`);
  (target[name as string] as (...a: unknown[]) => unknown)(...args);
}

/** The time the scratch ledger stamps rows with: each replayed entry's, then each live entry's. */
interface EntryClock {
  t: number;
}

/**
 * Rebuilds worker `worker`'s ledger from its base file and journal; the caller closes `scratch`.
 * @param clock set to each entry's time as it is replayed (and left for the caller to go on with)
 */
export function replayWorker(dataDir: string, worker: number, clock: EntryClock = { t: 0 }): WorkerState {
  const scratch = openScratchLedger(() => clock.t);
  try {
    const setTime = (t: number): void => {
      clock.t = t;
    };
    for (const entry of readJournal(baseFile(dataDir, worker)).entries) apply(scratch, entry, setTime);
    const journal = readJournal(workerLedgerFile(dataDir, worker));
    for (const entry of journal.entries) apply(scratch, entry, setTime);
    return { scratch, entries: journal.entries, journalBytes: journal.bytes };
  } catch (error) {
    scratch.close();
    throw error;
  }
}

export interface WorkerLedger {
  readonly ledger: Ledger;
  readonly manifests: ManifestStore;
  close(): void;
}

/**
 * Opens worker `worker`'s ledger for its run: replayed, then every change journaled.
 * @param now the clock entries are stamped with. Default `Date.now`.
 * @param fsync flush each entry to disk (`--fsync`). Default false.
 */
export function openWorkerLedger(
  dataDir: string,
  worker: number,
  options: { now?: () => number; fsync?: boolean } = {},
): WorkerLedger {
  const now = options.now ?? Date.now;
  const clock: EntryClock = { t: 0 };
  const state = replayWorker(dataDir, worker, clock);
  const { scratch } = state;
  let writer: JournalWriter;
  try {
    writer = new JournalWriter(workerLedgerFile(dataDir, worker), state.journalBytes, options.fsync);
  } catch (error) {
    scratch.close();
    throw error;
  }
  const record = (op: string, args: unknown[], run: () => unknown): unknown => {
    clock.t = now();
    const result = run();
    writer.append({ t: clock.t, op, args });
    return result;
  };
  return {
    ledger: journaled(scratch.ledger, 'ledger', LEDGER_WRITES, record),
    manifests: journaled(scratch.manifests, 'manifests', MANIFEST_WRITES, record),
    close: () => {
      writer.close();
      scratch.close();
    },
  };
}

/** `inner` with each method in `writes` recorded: run on `inner`, then journaled as `<prefix>.<name>`. */
function journaled<T extends object>(
  inner: T,
  prefix: string,
  writes: readonly (keyof T & string)[],
  record: (op: string, args: unknown[], run: () => unknown) => unknown,
): T {
  const out = { ...inner } as Record<string, unknown>;
  for (const name of writes) {
    const method = inner[name] as (...a: unknown[]) => unknown;
    out[name] = (...args: unknown[]) => record(`${prefix}.${name}`, args, () => method(...args));
  }
  return out as T;
}
