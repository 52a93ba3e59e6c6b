/**
 * The bytes `plan` expects of a repo, and where the figure came from: the manifest stored at the listed commit
 * (exact; with --include/--exclude only the files they keep), else the listing's storage figure, else two bytes
 * per safetensors parameter. A repo with none of these gets the mean of those that have one, so it still
 * counts as an average repo rather than as nothing.
 */
import type { ManifestStore } from '../catalog/manifest-store.js';
import type { SelectedRepoSize } from '../catalog/selection-sizes.js';
import type { FileFilter } from '../download/file-filter.js';
import type { SizeSource } from './plan-file.js';

/** Bytes a parameter takes in the usual bf16/fp16 weights. */
const BYTES_PER_PARAMETER = 2;

export function repoBytes(
  row: SelectedRepoSize,
  filter: FileFilter | null,
  manifests: ManifestStore,
): { bytes: number | null; source: SizeSource } {
  if (row.manifestBytes !== null && row.sha !== null) {
    if (filter === null) return { bytes: row.manifestBytes, source: 'manifest' };
    const stored = manifests.get(row.id, row.sha);
    if (stored !== null) {
      const bytes = stored.files.filter((f) => filter(f.path)).reduce((sum, f) => sum + f.size, 0);
      return { bytes, source: 'manifest' };
    }
  }
  if (row.usedStorage !== null && row.usedStorage >= 0) return { bytes: row.usedStorage, source: 'storage' };
  if (row.parameters !== null && row.parameters > 0) {
    return { bytes: row.parameters * BYTES_PER_PARAMETER, source: 'parameters' };
  }
  return { bytes: null, source: 'unknown' };
}
