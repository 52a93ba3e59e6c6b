/**
 * Model cards of downloaded repos (migration 6): one row per (repo, commit) with the parsed front matter and
 * the text, and one row per top-level front matter key. A commit never changes, so a stored card is final.
 */
import type { Database } from 'better-sqlite3';

export interface ModelCardInput {
  repoId: string;
  commit: string;
  frontMatter: Record<string, unknown> | null;
  parseError: string | null;
  text: string;
  bytes: number;
  readAt: string;
}

export interface ModelCardStore {
  /** Verified repos (repo id, downloaded commit) whose card is not stored yet. */
  missing(): Array<{ repoId: string; commit: string }>;
  put(card: ModelCardInput): void;
}

export function createModelCardStore(db: Database): ModelCardStore {
  const missing = db.prepare<[], { repoId: string; commit: string }>(
    `SELECT r.repo_id AS repoId, r.commit_sha AS "commit" FROM download_repos r
      WHERE r.state = 'verified' AND r.commit_sha IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM model_cards c WHERE c.repo_id = r.repo_id AND c.commit_sha = r.commit_sha)
      ORDER BY r.position`,
  );
  const insertCard = db.prepare(
    `INSERT OR REPLACE INTO model_cards (repo_id, commit_sha, front_matter, parse_error, text, bytes, read_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertField = db.prepare(
    'INSERT OR REPLACE INTO model_card_fields (repo_id, commit_sha, key, value) VALUES (?, ?, ?, ?)',
  );
  const put = db.transaction((c: ModelCardInput) => {
    const json = c.frontMatter === null ? null : JSON.stringify(c.frontMatter);
    insertCard.run(c.repoId, c.commit, json, c.parseError, c.text, c.bytes, c.readAt);
    for (const [key, value] of Object.entries(c.frontMatter ?? {}))
      insertField.run(c.repoId, c.commit, key, JSON.stringify(value ?? null));
  });
  return {
    missing: () => missing.all(),
    put: (card) => put(card),
  };
}
