/**
 * `GET /api/models/{id}[/revision/{rev}]?blobs=true&expand=...`. Renamed and legacy ids answer a relative
 * 307 that `getJson` follows; the body names the canonical id (store that, not the requested one).
 */
import type { ModelInfo, ModelInfoOptions } from './hub-client.js';
import { getJson } from './get-json.js';
import type { HubTransport } from './hub-transport.js';
import { modelInfoUrl } from './hub-urls.js';
import { mapModelRecord } from './mappers/map-model-record.js';
import { mapSiblingFiles } from './mappers/map-repo-file.js';
import { WireReader } from './mappers/wire-reader.js';

export async function modelInfo(
  transport: HubTransport,
  repoId: string,
  options: ModelInfoOptions = {},
): Promise<ModelInfo> {
  const url = modelInfoUrl(transport.endpoint, repoId, options);
  const { finalUrl, json } = await getJson(transport, url, { context: { repoId } });
  const reader: WireReader = new WireReader(transport.redact(finalUrl));
  const raw = reader.object(json, 'the model info');
  const model = mapModelRecord(raw, reader, 'model');
  return { model, files: mapSiblingFiles(raw.siblings, reader), raw };
}
