/**
 * What the catalog knows about the size of each selected repo, for splitting a selection by bytes: the
 * manifest stored at the listed commit (exact), else the listing's `usedStorage`, else the safetensors
 * parameter count (two bytes a parameter, the common bf16/fp16 weights).
 */
import type { Database } from 'better-sqlite3';

export interface SelectedRepoSize {
  rank: number;
  id: string;
  sha: string | null;
  /** Bytes of the manifest stored at `sha`; null when none is stored. */
  manifestBytes: number | null;
  usedStorage: number | null;
  parameters: number | null;
}

const BATCH = 10_000;

/** The current selection's repos in rank order with their size figures, read in batches. */
export function* selectedRepoSizes(db: Database, snapshotId: number): Generator<SelectedRepoSize> {
  const page = db.prepare<[number, number, number], SelectedRepoSize>(
    `SELECT s.rank, s.id, s.sha, m.bytes AS manifestBytes, mo.used_storage AS usedStorage,
            mo.parameters AS parameters
       FROM selected_models s
       LEFT JOIN manifests m ON m.repo_id = s.id AND m.commit_sha = s.sha
       LEFT JOIN models mo ON mo.snapshot_id = ? AND mo.id = s.id
      WHERE s.rank >= ? ORDER BY s.rank LIMIT ?`,
  );
  for (let from = 0; ;) {
    const rows = page.all(snapshotId, from, BATCH);
    yield* rows;
    if (rows.length < BATCH) return;
    from = (rows[rows.length - 1] as SelectedRepoSize).rank + 1;
  }
}
