/**
 * The dataset's tables as export writes them (one Parquet file each) and the manifest counts them: the
 * PeaTMOSS-named views of migration 6 over the latest finished snapshot, name tables reduced to the names
 * that snapshot uses, plus the selection and the per-repo tables of the downloaded repos. Each table has
 * typed columns, so every writer gets the same schema.
 */
import type { Database } from 'better-sqlite3';
import { NAMED_RELATIONS } from './relation-tables.js';

export type ColumnType = 'int' | 'float' | 'text' | 'bool';

export interface ResearchTable {
  /** The file name (`<name>.parquet`) and, for PeaTMOSS tables, the view name in the catalog. */
  name: string;
  /** What one row is, for the datasheet and the README. */
  description: string;
  columns: ReadonlyArray<readonly [name: string, type: ColumnType]>;
  /** A SELECT of exactly `columns`, in order. */
  sql: string;
}

const SINGULAR = {
  authors: ['author', 'a repo namespace (user or organisation)'],
  licenses: ['license', 'a license id as the card or the license: tag states it'],
  datasets: ['dataset', 'a dataset id (card `datasets`, `dataset:` tags)'],
  papers: ['paper', 'a paper: `arxiv:<id>` (no version) or `doi:<doi>`'],
  languages: ['language', 'a language code (card `language`, ISO 639-1 tags)'],
  libraries: ['library', 'a library (`library_name` of the listing or the card)'],
  tags: ['tag', 'a Hub tag, verbatim'],
  architectures: ['architecture', 'a `config.json` architecture class'],
} as const;

function namedTables(): ResearchTable[] {
  return NAMED_RELATIONS.flatMap(({ key }) => {
    const [one, what] = SINGULAR[key];
    const nameColumns: ResearchTable['columns'] =
      key === 'papers'
        ? [
            ['id', 'int'],
            ['name', 'text'],
            ['arxiv_id', 'text'],
            ['doi', 'text'],
          ]
        : [
            ['id', 'int'],
            ['name', 'text'],
          ];
    const linkColumns: ResearchTable['columns'] = [
      ['model_id', 'int'],
      [`${one}_id`, 'int'],
      ['source', 'text'],
      ...(key === 'licenses'
        ? ([
            ['license_name', 'text'],
            ['license_link', 'text'],
          ] as const)
        : []),
    ];
    return [
      {
        name: one,
        description: `${what}; only those the snapshot's models use`,
        columns: nameColumns,
        sql: `SELECT ${nameColumns.map((c) => c[0]).join(', ')} FROM ${one}
               WHERE id IN (SELECT ${one}_id FROM model_to_${one}) ORDER BY id`,
      },
      {
        name: `model_to_${one}`,
        description: `a model and ${/^[aeiou]/.test(one) ? 'an' : 'a'} ${one} it names; source: tag, card, card+tag, listing or config`,
        columns: linkColumns,
        sql: `SELECT ${linkColumns.map((c) => c[0]).join(', ')} FROM model_to_${one}`,
      },
    ];
  });
}

const MODEL_COLUMNS: ResearchTable['columns'] = [
  ['id', 'int'],
  ['context_id', 'text'],
  ['sha', 'text'],
  ['downloads', 'int'],
  ['likes', 'int'],
  ['author', 'text'],
  ['created_at', 'text'],
  ['last_modified', 'text'],
  ['downloads_all_time', 'int'],
  ['trending_score', 'int'],
  ['private', 'bool'],
  ['gated', 'text'],
  ['disabled', 'bool'],
  ['library_name', 'text'],
  ['pipeline_tag', 'text'],
  ['model_type', 'text'],
  ['parameters', 'int'],
  ['gguf_parameters', 'int'],
  ['gguf_architecture', 'text'],
  ['gguf_context_length', 'int'],
  ['gguf_chat_template', 'bool'],
  ['used_storage', 'int'],
  ['mongo_id', 'text'],
];

function table(
  name: string,
  description: string,
  columns: ResearchTable['columns'],
  from: string,
): ResearchTable {
  return { name, description, columns, sql: `SELECT ${columns.map((c) => c[0]).join(', ')} FROM ${from}` };
}

export const RESEARCH_TABLES: readonly ResearchTable[] = [
  table(
    'model',
    'a model of the snapshot; id is its listing position, context_id its repo id',
    MODEL_COLUMNS,
    'model ORDER BY id',
  ),
  ...namedTables(),
  table(
    'model_to_base_model',
    'a lineage edge; base_context_id is the parent repo id (may be outside the listing)',
    [
      ['model_id', 'int'],
      ['base_context_id', 'text'],
      ['relation', 'text'],
      ['source', 'text'],
    ],
    'model_to_base_model',
  ),
  table(
    'model_parameter',
    'parameters of a model per safetensors dtype',
    [
      ['model_id', 'int'],
      ['dtype', 'text'],
      ['parameters', 'int'],
    ],
    'model_parameter',
  ),
  {
    name: 'selected_model',
    description: 'a model of the selection, by rank (0 = most downloads)',
    columns: [
      ['rank', 'int'],
      ['model_id', 'int'],
      ['context_id', 'text'],
      ['sha', 'text'],
      ['downloads', 'int'],
    ],
    sql: `SELECT s.rank, m.id, s.id, s.sha, s.downloads
            FROM selected_models s LEFT JOIN model m ON m.context_id = s.id ORDER BY s.rank`,
  },
  table(
    'download',
    'the download outcome of a repo (state, reason, commit, counts, bytes)',
    [
      ['repo_id', 'text'],
      ['position', 'int'],
      ['method', 'text'],
      ['state', 'text'],
      ['reason', 'text'],
      ['detail', 'text'],
      ['listed_commit', 'text'],
      ['commit_sha', 'text'],
      ['main_sha', 'text'],
      ['files_total', 'int'],
      ['files_verified', 'int'],
      ['bytes_total', 'int'],
      ['bytes_verified', 'int'],
      ['disk_bytes', 'int'],
      ['finished_at', 'text'],
    ],
    'download ORDER BY position, repo_id',
  ),
  table(
    'repo_file',
    "a file of a downloaded repo's pinned commit; stored: verified at its final path",
    [
      ['repo_id', 'text'],
      ['commit_sha', 'text'],
      ['path', 'text'],
      ['size', 'int'],
      ['blob_sha1', 'text'],
      ['lfs_sha256', 'text'],
      ['stored', 'bool'],
    ],
    'repo_file ORDER BY repo_id, path',
  ),
  table(
    'model_card',
    "a downloaded repo's README.md: front matter as JSON, the text after it",
    [
      ['repo_id', 'text'],
      ['commit_sha', 'text'],
      ['front_matter', 'text'],
      ['parse_error', 'text'],
      ['text', 'text'],
      ['bytes', 'int'],
    ],
    'model_card ORDER BY repo_id',
  ),
  table(
    'model_card_field',
    "a top-level front matter key of a downloaded repo's card, its value as JSON",
    [
      ['repo_id', 'text'],
      ['commit_sha', 'text'],
      ['key', 'text'],
      ['value', 'text'],
    ],
    'model_card_field ORDER BY repo_id, key',
  ),
  table(
    'repo_commit',
    'a commit of a downloaded repo (download --history): 0 is the pinned commit, then its ancestors',
    [
      ['repo_id', 'text'],
      ['position', 'int'],
      ['commit_sha', 'text'],
      ['title', 'text'],
      ['message', 'text'],
      ['authors', 'text'],
      ['date', 'text'],
    ],
    'repo_commit ORDER BY repo_id, position',
  ),
  table(
    'repo_ref',
    'a branch, tag or convert of a downloaded repo and its commit (download --history)',
    [
      ['repo_id', 'text'],
      ['kind', 'text'],
      ['name', 'text'],
      ['ref', 'text'],
      ['target_commit', 'text'],
    ],
    'repo_ref ORDER BY repo_id, kind, name',
  ),
];

/** Rows of a table as arrays in column order; integers as BigInt (counts can pass 2^53 in sums). */
export function iterateTableRows(db: Database, t: ResearchTable): IterableIterator<unknown[]> {
  return db.prepare(t.sql).raw(true).safeIntegers(true).iterate() as IterableIterator<unknown[]>;
}

/** Rows per table, for the manifest and the datasheet. */
export function countTableRows(db: Database, t: ResearchTable): number {
  return db.prepare(`SELECT count(*) FROM (${t.sql})`).pluck().get() as number;
}

/**
 * A table's rows as CSV lines (RFC 4180: `,` between fields, text in double quotes with `""` inside), each
 * line built by SQLite itself, so that a row costs one value crossing into JavaScript instead of one per
 * column. NULL is an empty unquoted field and the empty string `""`, which a reader must be told apart
 * (DuckDB: `allow_quoted_nulls = false`). Integers are written exactly, reals with 17 significant digits (a
 * double's exact round trip), booleans as true/false where the value is 1 (as the typed rows read them).
 */
export function iterateCsvLines(db: Database, t: ResearchTable): IterableIterator<string> {
  const names = t.columns.map((_, i) => `c${i}`);
  const line = t.columns.map(([, type], i) => csvField(`c${i}`, type)).join(" || ',' || ");
  // the CTE names the columns by position (a table's SELECT may name them otherwise); a subquery's ORDER BY
  // holds for this plain projection over it
  const sql = `WITH t(${names.join(', ')}) AS (${t.sql}) SELECT ${line} FROM t`;
  return db.prepare(sql).pluck().iterate() as IterableIterator<string>;
}

function csvField(c: string, type: ColumnType): string {
  switch (type) {
    case 'text':
      return `coalesce('"' || replace(${c}, '"', '""') || '"', '')`;
    case 'int':
      return `coalesce(CAST(${c} AS INTEGER), '')`;
    case 'float':
      return `CASE WHEN ${c} IS NULL THEN '' ELSE printf('%.17g', ${c}) END`;
    case 'bool':
      return `CASE WHEN ${c} IS NULL THEN '' WHEN ${c} = 1 THEN 'true' ELSE 'false' END`;
  }
}
