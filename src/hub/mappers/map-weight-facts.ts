/**
 * The listing's `safetensors` and `gguf` blocks -> `SafetensorsFacts` / `GgufFacts`. Both are summaries the
 * Hub computes from file headers, so they are read leniently: a count that is not a finite number is left out
 * rather than failing the page (a crawl of millions of models must not stop on one odd header).
 */
import type { GgufFacts, SafetensorsFacts } from '../../types.js';
import type { JsonObject, WireReader } from './wire-reader.js';

export function mapSafetensors(raw: JsonObject, reader: WireReader, where: string): SafetensorsFacts | null {
  const block = reader.optObject(raw, 'safetensors', where);
  if (block === null) return null;
  const parameters: Record<string, number> = {};
  const counts = block['parameters'];
  if (counts !== null && typeof counts === 'object' && !Array.isArray(counts)) {
    for (const [dtype, count] of Object.entries(counts as JsonObject)) {
      if (typeof count === 'number' && Number.isFinite(count)) parameters[dtype] = Math.trunc(count);
    }
  }
  const total = finite(block['total']) ?? Object.values(parameters).reduce((a, b) => a + b, 0);
  return { total, parameters };
}

export function mapGguf(raw: JsonObject, reader: WireReader, where: string): GgufFacts | null {
  const block = reader.optObject(raw, 'gguf', where);
  if (block === null) return null;
  const architecture = block['architecture'];
  const template = block['chat_template'];
  return {
    total: finite(block['total']),
    architecture: typeof architecture === 'string' && architecture !== '' ? architecture : null,
    contextLength: finite(block['context_length']),
    hasChatTemplate: typeof template === 'string' && template !== '',
  };
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : null;
}
