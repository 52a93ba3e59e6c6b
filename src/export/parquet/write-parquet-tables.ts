/**
 * Writes research tables as Parquet files (zstd, typed columns) with DuckDB's Node API: rows stream from
 * SQLite into a DuckDB appender, then `COPY ... TO` writes the file. DuckDB works in a temporary database
 * file with a memory limit, so a 3M-model table spills to disk instead of growing the process.
 *
 * Chosen over parquet-wasm + apache-arrow after measuring both on a 1M-row, 12-column table on this
 * machine: DuckDB took 7.0 s of CPU (10.7 s wall), parquet-wasm 15.7 s (33 s wall), both with files of the
 * same size; DuckDB is also the reader most analysts load these files with.
 */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnType } from '../../catalog/research-tables.js';
import { AbortedError } from '../../errors.js';

const SQL_TYPE: Record<ColumnType, string> = {
  int: 'BIGINT',
  float: 'DOUBLE',
  text: 'VARCHAR',
  bool: 'BOOLEAN',
};
/** Rows appended between two yields to the event loop (and abort checks). */
const YIELD_EVERY = 50_000;

export interface ParquetTableInput {
  name: string;
  columns: ReadonlyArray<readonly [string, ColumnType]>;
  rows: Iterable<unknown[]>;
}

export interface ParquetWriterOptions {
  /** Folder for DuckDB's temporary database and spill files; removed by `close()`. */
  workDir: string;
  /** DuckDB's memory limit (it spills to `workDir` beyond it). Default `'128MB'`. */
  memoryLimit?: string;
  signal?: AbortSignal;
  onRows?: (table: string, rows: number) => void;
}

export interface ParquetWriter {
  /** Writes one table to `path`; returns its row count. */
  write(table: ParquetTableInput, path: string): Promise<number>;
  close(): void;
}

export async function openParquetWriter(options: ParquetWriterOptions): Promise<ParquetWriter> {
  // loaded here, not at the top: DuckDB's native module takes 0.3 s to load, which every other command and
  // export format would pay otherwise
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(join(options.workDir, 'export.duckdb'), {
    memory_limit: options.memoryLimit ?? '128MB',
    threads: '2',
    temp_directory: join(options.workDir, 'spill'),
    preserve_insertion_order: 'true',
  });
  const connection = await instance.connect();
  return {
    async write(table, path) {
      const staged = `t_${table.name}`;
      const columns = table.columns.map(([name, type]) => `"${name}" ${SQL_TYPE[type]}`).join(', ');
      await connection.run(`CREATE OR REPLACE TABLE ${staged} (${columns})`);
      const count = await appendRows(connection, staged, table, options);
      await connection.run(
        `COPY ${staged} TO ${quote(path)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
      );
      await connection.run(`DROP TABLE ${staged}`);
      return count;
    },
    close() {
      connection.closeSync();
      instance.closeSync();
      rmSync(options.workDir, { recursive: true, force: true });
    },
  };
}

async function appendRows(
  connection: DuckDBConnection,
  staged: string,
  table: ParquetTableInput,
  options: ParquetWriterOptions,
): Promise<number> {
  const appender = await connection.createAppender(staged);
  const appendValue = table.columns.map(([, type]) => appenderFor(appender, type));
  let count = 0;
  try {
    for (const row of table.rows) {
      for (let i = 0; i < appendValue.length; i++) {
        const value = row[i];
        if (value === null || value === undefined) appender.appendNull();
        else (appendValue[i] as (v: unknown) => void)(value);
      }
      appender.endRow();
      count += 1;
      if (count % YIELD_EVERY === 0) {
        options.onRows?.(table.name, count);
        if (options.signal?.aborted)
          throw new AbortedError('export aborted; the previous files are unchanged');
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  options.onRows?.(table.name, count);
  return count;
}

function appenderFor(appender: DuckDBAppender, type: ColumnType): (value: unknown) => void {
  switch (type) {
    case 'int':
      return (v) => appender.appendBigInt(typeof v === 'bigint' ? v : BigInt(v as number));
    case 'float':
      return (v) => appender.appendDouble(Number(v));
    case 'bool':
      // SQLite has no booleans: 0/1 (BigInt with safeIntegers) or a comparison's result.
      return (v) => appender.appendBoolean(v === true || v === 1 || v === 1n);
    case 'text':
      return (v) => appender.appendVarchar(String(v));
  }
}

function quote(path: string): string {
  return `'${path.replaceAll("'", "''")}'`;
}
