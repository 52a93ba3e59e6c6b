/**
 * Validates PTMTorrent records against the schema the repository ships, `schema/ptmtorrent.schema.json`
 * (JSON Schema draft 2020-12). The file is found relative to this module: `../../schema` from both `src/export`
 * and the compiled `dist/export`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { SchemaInvalidError } from '../errors.js';
import type { PtmTorrentRecord } from './ptm-record.js';

export const PTM_SCHEMA_PATH = fileURLToPath(new URL('../../schema/ptmtorrent.schema.json', import.meta.url));

/** Throws `SchemaInvalidError` naming the model and every violation. */
export type PtmValidator = (record: PtmTorrentRecord) => void;

export function createPtmValidator(schemaPath: string = PTM_SCHEMA_PATH): PtmValidator {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
  // The reference schema puts `uniqueItems` on string items inside `contains`; ajv's strict type checks would
  // log a warning for it on every run. It is kept as the PTMTorrent authors wrote it; only types are lenient.
  const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
  const validate = ajv.compile(schema);
  return (record) => {
    // Passed as unknown: the type guard would otherwise narrow `record` to never below.
    if (validate(record as unknown)) return;
    const name = typeof record.ModelName === 'string' ? record.ModelName : `record ${record.id}`;
    const problems = ajv.errorsText(validate.errors, { dataVar: 'record', separator: '; ' });
    throw new SchemaInvalidError(
      `the PTMTorrent record of ${name} does not match the PTMTorrent schema: ${problems}`,
      {
        repoId: name,
        path: schemaPath,
      },
    );
  };
}
