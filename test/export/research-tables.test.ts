/**
 * The research dataset end to end against the emulator: crawl (relations derived per page), select, download,
 * export to Parquet; then an independent reader (DuckDB and pyarrow, in Python) gets from the Parquet files
 * the same counts and joins as SQL over the catalog, the lineage query walks a multi-level chain the
 * emulator generated, and the manifest's hashes are the files'.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { crawl } from '../../src/crawl/index.js';
import { download } from '../../src/download/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { type ExportSummary, type RunManifest, exportDataset } from '../../src/export/index.js';
import { type HubClient, createHubClient } from '../../src/hub/index.js';
import { select } from '../../src/select/index.js';
import { openCatalog } from '../../src/catalog/index.js';
import { iterateTableRows } from '../../src/catalog/research-tables.js';
import { findPython, runPython } from '../helpers/python.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** Models per license, per base-model relation, per paper; models; tag links; cards: one JSON object. */
const AGGREGATES_SQL = {
  licenses: `SELECT l.name AS k, count(DISTINCT ml.model_id) AS n FROM model_to_license ml
               JOIN license l ON l.id = ml.license_id GROUP BY l.name ORDER BY l.name`,
  relations: `SELECT relation AS k, count(*) AS n FROM model_to_base_model GROUP BY relation ORDER BY relation`,
  papers: `SELECT p.name AS k, count(*) AS n FROM model_to_paper mp JOIN paper p ON p.id = mp.paper_id
             GROUP BY p.name ORDER BY p.name`,
  other: `SELECT ml.license_name AS k, count(*) AS n FROM model_to_license ml JOIN license l ON l.id = ml.license_id
            WHERE l.name = 'other' GROUP BY ml.license_name ORDER BY ml.license_name NULLS FIRST`,
  datasets: `SELECT d.name AS k, count(*) AS n FROM model_to_dataset md JOIN dataset d ON d.id = md.dataset_id
               GROUP BY d.name ORDER BY d.name`,
  counts: `SELECT 'model' AS k, count(*) AS n FROM model UNION ALL
           SELECT 'model_to_tag', count(*) FROM model_to_tag UNION ALL
           SELECT 'model_card', count(*) FROM model_card UNION ALL
           SELECT 'repo_file', count(*) FROM repo_file UNION ALL
           SELECT 'params', coalesce(sum(parameters), 0) FROM model_parameter ORDER BY k`,
};

/** Ancestors of a repo id, nearest first: one recursive statement (the README's example). */
const ANCESTORS_SQL = `
  WITH RECURSIVE ancestors(context_id, relation, depth) AS (
    SELECT b.base_context_id, b.relation, 1
      FROM model m JOIN model_to_base_model b ON b.model_id = m.id WHERE m.context_id = ?
    UNION
    SELECT b.base_context_id, b.relation, a.depth + 1
      FROM ancestors a JOIN model m ON m.context_id = a.context_id
      JOIN model_to_base_model b ON b.model_id = m.id
  )
  SELECT context_id AS k, relation || ':' || CAST(depth AS VARCHAR) AS n FROM ancestors ORDER BY depth, context_id`;

const PYTHON = String.raw`
import json, sys, duckdb, pyarrow.parquet as pq
folder, queries, target = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
con = duckdb.connect()
for name in ['model', 'license', 'model_to_license', 'model_to_base_model', 'paper', 'model_to_paper',
             'dataset', 'model_to_dataset', 'model_to_tag', 'model_card', 'repo_file', 'model_parameter']:
    con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{folder}/{name}.parquet')")
text = lambda v: 'null' if v is None else str(v)
rows = lambda q, *p: [[text(a), text(b)] for a, b in con.execute(q, *p).fetchall()]
out = {k: rows(q) for k, q in queries.items() if k != 'ancestors'}
out['ancestors'] = rows(queries['ancestors'].replace('?', '$1'), [target])
schema = pq.read_schema(f'{folder}/model.parquet')
out['types'] = {f.name: str(f.type) for f in schema if f.name in ('id', 'downloads', 'context_id', 'private')}
print(json.dumps(out))
`;

describe('research tables, Parquet and provenance', () => {
  let emu: RunningEmulator;
  let client: HubClient;
  let dataDir: string;
  let summary: ExportSummary;

  before(async () => {
    emu = await startEmulator({ models: 300, seed: 'research' });
    client = createHubClient({ endpoint: emu.endpoint });
    dataDir = mkdtempSync(join(tmpdir(), 'hft-research-'));
    await crawl({ dataDir, client, pageSize: 100 });
    await select({ dataDir, top: 25, shards: 2 });
    await download({ dataDir, client, concurrency: 4, stallDelayMillis: 0 });
    summary = await exportDataset({ dataDir, format: ['json', 'parquet'] });
  });
  after(async () => {
    await client.close();
    await emu.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function sqlRows(sql: string, ...params: unknown[]): string[][] {
    const db = new Database(join(dataDir, 'huggingface', 'catalog.db'), { readonly: true });
    try {
      return db
        .prepare(sql)
        .raw()
        .all(...params)
        .map((r) => (r as unknown[]).map(String));
    } finally {
      db.close();
    }
  }

  /** The deepest lineage chain the emulator generated, by its own model objects (not the catalog). */
  function deepestChain(): string[] {
    let best: string[] = [];
    for (const model of emu.hub.models()) {
      const chain = [model.id];
      for (let m = model; m.baseModel !== null;) {
        chain.push(m.baseModel.id);
        const next = emu.hub.get(m.baseModel.id);
        if (next === undefined) break;
        m = next;
      }
      if (chain.length > best.length) best = chain;
    }
    return best;
  }

  it('the catalog holds every relation the emulator generated, with multi-level lineage', () => {
    const chain = deepestChain();
    assert.ok(chain.length >= 3, `a chain of at least two edges (got ${chain.join(' <- ')})`);
    const ancestors = sqlRows(ANCESTORS_SQL, chain[0]).map(([id]) => id);
    for (const id of chain.slice(1)) assert.ok(ancestors.includes(id), `${id} is an ancestor of ${chain[0]}`);
    const descendants = sqlRows(
      `WITH RECURSIVE d(context_id) AS (SELECT ? UNION
         SELECT m.context_id FROM d JOIN model_to_base_model b ON b.base_context_id = d.context_id
           JOIN model m ON m.id = b.model_id) SELECT context_id FROM d`,
      chain.at(-1),
    ).map(([id]) => id);
    assert.ok(descendants.includes(chain[0] as string), 'the leaf descends from the root');

    const expectedEdges = [...emu.hub.models()].reduce((n, m) => n + m.baseModels.length, 0);
    assert.equal(Number(sqlRows('SELECT count(*) FROM model_to_base_model')[0]?.[0]), expectedEdges);
    const kinds = sqlRows(AGGREGATES_SQL.relations).map(([k]) => k);
    for (const relation of ['adapter', 'finetune', 'merge', 'quantized'])
      assert.ok(kinds.includes(relation), relation);
    assert.ok(sqlRows(AGGREGATES_SQL.other).length > 0, '"other" licenses keep their license_name');
    assert.ok(
      sqlRows(AGGREGATES_SQL.papers).some(([, n]) => Number(n) > 1),
      'a paper shared by models',
    );
  });

  it('an independent reader gets the same counts and joins from the Parquet files', (t) => {
    const py = findPython(['duckdb', 'pyarrow']);
    if (py.python === null) return t.skip(py.skip);
    const target = deepestChain()[0] as string;
    const queries = { ...AGGREGATES_SQL, ancestors: ANCESTORS_SQL };
    const parquet = JSON.parse(
      runPython(py.python, PYTHON, [summary.parquet?.dir ?? '', JSON.stringify(queries), target]),
    ) as Record<string, unknown>;
    for (const [name, sql] of Object.entries(AGGREGATES_SQL)) {
      const expected = sqlRows(sql);
      assert.ok(expected.length > 0, `${name} is not empty`);
      assert.deepEqual(parquet[name], expected, name);
    }
    assert.deepEqual(parquet['ancestors'], sqlRows(ANCESTORS_SQL, target));
    assert.deepEqual(parquet['types'], {
      id: 'int64',
      context_id: 'string',
      downloads: 'int64',
      private: 'bool',
    });
  });

  it('the manifest counts every table and hashes every file it lists', () => {
    const manifest = JSON.parse(readFileSync(summary.manifestFile, 'utf8')) as RunManifest;
    const root = join(dataDir, 'huggingface');
    assert.equal(manifest.endpoint, emu.endpoint);
    assert.equal(manifest.crawl.models, 300);
    assert.equal(manifest.selection.count, 25);
    assert.equal(manifest.tables['model'], 300);
    for (const table of summary.parquet?.tables ?? []) assert.equal(manifest.tables[table.name], table.rows);
    const paths = manifest.files.map((f) => f.path);
    for (const must of ['DATASHEET.md', 'json/huggingface.json', 'json/parquet/model.parquet'])
      assert.ok(paths.includes(must), must);
    for (const file of manifest.files) {
      const bytes = readFileSync(join(root, file.path));
      assert.equal(file.bytes, bytes.length, file.path);
      assert.equal(file.sha256, createHash('sha256').update(bytes).digest('hex'), file.path);
    }
    const datasheet = readFileSync(summary.datasheetFile, 'utf8');
    assert.match(datasheet, /## Collection process/);
    assert.match(datasheet, /300 models/);
    assert.match(datasheet, /skipped, gated/);
  });

  it('model cards of downloaded repos are parsed into fields', () => {
    const verified = sqlRows(`SELECT repo_id FROM download WHERE state = 'verified'`).map(([id]) => id);
    const cards = sqlRows('SELECT repo_id, front_matter FROM model_card');
    assert.ok(cards.length > 0 && cards.length <= verified.length);
    for (const [repoId, frontMatter] of cards) {
      const model = emu.hub.get(repoId as string);
      if (model === undefined || !model.hasCard) continue;
      const fields = JSON.parse(frontMatter as string) as Record<string, unknown>;
      assert.equal(fields['license'], model.license, repoId);
      const license = sqlRows(
        `SELECT value FROM model_card_field WHERE repo_id = ? AND key = 'license'`,
        repoId,
      )[0]?.[0];
      assert.equal(license, JSON.stringify(model.license));
    }
  });

  it('every Parquet table holds exactly the catalog rows, in order, hostile text included (DuckDB reads them back)', async () => {
    // text a CSV stage could lose: quotes, separators, newlines, an empty string next to a NULL, a line
    // longer than DuckDB's default 2 MiB, characters outside the BMP, a real with all 17 digits
    const hostile = `a "quoted", comma\nnew line\r\nCRLF \u{1F917} ${'x'.repeat(3 * 1024 * 1024)} end`;
    const db = new Database(join(dataDir, 'huggingface', 'catalog.db'));
    try {
      const card = db.prepare('SELECT repo_id FROM model_cards ORDER BY repo_id LIMIT 2').pluck().all();
      assert.equal(card.length, 2, 'two model cards to write over');
      db.prepare(
        `UPDATE model_cards SET text = ?, front_matter = '', parse_error = NULL WHERE repo_id = ?`,
      ).run(hostile, card[0]);
      db.prepare(
        `UPDATE model_cards SET text = '', front_matter = NULL, parse_error = '"' WHERE repo_id = ?`,
      ).run(card[1]);
    } finally {
      db.close();
    }
    const again = await exportDataset({ dataDir, format: ['parquet'] });
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const catalog = openCatalog(dataDir, { readonly: true });
    try {
      for (const table of catalog.research.tables) {
        const file = again.parquet?.tables.find((t) => t.name === table.name)?.file ?? '';
        const read = await duck.runAndReadAll(`SELECT * FROM read_parquet('${file}')`);
        const expected = [...iterateTableRows(catalog.db, table)].map((row) =>
          row.map((v, i) => typed(v, table.columns[i]?.[1])),
        );
        assert.deepEqual(read.getRows(), expected, table.name);
      }
      const cards = await duck.runAndReadAll(
        `SELECT text, front_matter, parse_error FROM read_parquet('${again.parquet?.dir ?? ''}/model_card.parquet')
          WHERE text = '' OR length(text) > 1000`,
      );
      assert.deepEqual(
        cards.getRows().map((r) => r.map((v) => (typeof v === 'string' ? v.slice(0, 40) : v))),
        [
          [hostile.slice(0, 40), '', null],
          ['', null, '"'],
        ].sort((a, b) => (b[0] as string).length - (a[0] as string).length),
      );
    } finally {
      catalog.close();
      duck.closeSync();
    }
  });
});

/** A catalog value as DuckDB reads it back from the Parquet file of its column type. */
function typed(value: unknown, type: string | undefined): unknown {
  if (value === null) return null;
  if (type === 'bool') return value === 1n || value === 1 || value === true;
  if (type === 'float') return Number(value);
  if (type === 'text') return String(value);
  return value;
}
