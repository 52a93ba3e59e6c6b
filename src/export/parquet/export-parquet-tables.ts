/**
 * `json/parquet/<table>.parquet`, one file per research table. The files are written into a staging folder
 * beside it and swapped in only when every table is written, so readers see the previous complete set
 * until then and a failed export leaves it.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../../catalog/index.js';
import { openParquetWriter } from './write-parquet-tables.js';

export const PARQUET_DIR = 'json/parquet';

export interface ParquetTables {
  /** Absolute path of json/parquet. */
  dir: string;
  tables: Array<{ name: string; rows: number; bytes: number; file: string }>;
}

export async function exportParquetTables(
  catalog: Catalog,
  root: string,
  options: { signal?: AbortSignal; onRows?: (table: string, rows: number) => void },
): Promise<ParquetTables> {
  const dir = join(root, PARQUET_DIR);
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, '.work'), { recursive: true });
  const writer = await openParquetWriter({
    workDir: join(staging, '.work'),
    signal: options.signal,
    onRows: options.onRows,
  });
  const written: Array<{ name: string; rows: number }> = [];
  try {
    for (const table of catalog.research.tables) {
      const path = join(staging, `${table.name}.parquet`);
      const rows = await writer.write({ ...table, lines: catalog.research.csvLines(table) }, path);
      written.push({ name: table.name, rows });
    }
    await writer.finish();
  } catch (error) {
    await writer.close();
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  await writer.close();
  const tables = written.map(({ name, rows }) => ({
    name,
    rows,
    bytes: statSync(join(staging, `${name}.parquet`)).size,
    file: join(dir, `${name}.parquet`),
  }));
  const old = `${dir}.old-${process.pid}`;
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(staging, dir);
  rmSync(old, { recursive: true, force: true });
  return { dir, tables };
}
