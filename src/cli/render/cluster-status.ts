/** The cluster part of `status`: one line for the run, one per worker. */
import type { ClusterProgress, WorkerProgress } from '../../cluster/index.js';
import { formatBytes, formatCount, formatDuration } from '../format.js';

export function clusterStatusLines(c: ClusterProgress): string[] {
  const t = c.total;
  const lines = [
    `cluster plan of ${c.planCreatedAt} (selection #${c.selectionId}): ${c.workers.length} workers, ` +
      `${t.running} running, ${t.done} done; ${progressText(t)}`,
  ];
  for (const w of c.workers) {
    const failures = w.failures.map((f) => `${f.repoId} (${f.reason ?? '?'})`).join(', ');
    lines.push(
      `  worker ${w.index}: ${w.state}${w.merged ? ', merged' : ''}; ${progressText(w)}` +
        (w.repos.failed > 0
          ? `; failed: ${failures}${w.repos.failed > w.failures.length ? ', ...' : ''}`
          : ''),
    );
  }
  return lines;
}

function progressText(p: Pick<WorkerProgress, 'repos' | 'bytes' | 'bytesPerSecond' | 'etaSeconds'>): string {
  const r = p.repos;
  const rate = p.bytesPerSecond === null ? '' : `, ${formatBytes(Math.round(p.bytesPerSecond))}/s`;
  const eta =
    p.etaSeconds === null || p.etaSeconds === 0 ? '' : `, ETA ${formatDuration(p.etaSeconds * 1000)}`;
  return (
    `${formatCount(r.verified)} verified, ${formatCount(r.skipped)} skipped, ${formatCount(r.failed)} failed, ` +
    `${formatCount(r.todo)} to do of ${formatCount(r.total)} repos; ` +
    `${formatBytes(p.bytes.verified)} of ${formatBytes(p.bytes.planned)}${rate}${eta}`
  );
}
