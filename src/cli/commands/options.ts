/** Option parsers shared by commands; each turns a bad value into a one-line ConfigError (exit 2). */
import { parsePositiveInt, parseSize } from '../../config.js';
import { ConfigError } from '../../errors.js';
import { parseShard, type Shard } from '../../download/index.js';
import { UsageError } from '../../errors.js';
import type { ExportFormat } from '../../export/index.js';

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export const positiveInt =
  (flag: string) =>
  (value: string): number =>
    parsePositiveInt(value, flag);

/** A positive integer no larger than `max` (a bound that keeps a typo from exhausting memory). */
export const boundedInt =
  (flag: string, max: number) =>
  (value: string): number => {
    const n = parsePositiveInt(value, flag);
    if (n > max) throw new ConfigError(`${flag}: must be an integer from 1 to ${max}, got ${n}`);
    return n;
  };

/** The most files (or git clones) in flight a download accepts. */
export const MAX_CONCURRENCY = 256;

export const size =
  (flag: string) =>
  (value: string): number =>
    parseSize(value, flag);

export const shard = (value: string): Shard => parseShard(value);

const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'ndjson', 'parquet'];

/** `--format json,parquet`: one or more export formats, comma-separated (or the flag repeated). */
export const exportFormats = (value: string, previous: ExportFormat[] = []): ExportFormat[] => {
  const formats = value.split(',').map((f) => f.trim());
  for (const f of formats) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(f)) {
      throw new UsageError(`--format: ${JSON.stringify(f)} is not one of ${EXPORT_FORMATS.join(', ')}`);
    }
  }
  return [...previous, ...(formats as ExportFormat[])];
};
