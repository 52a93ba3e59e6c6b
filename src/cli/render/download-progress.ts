import { basename } from 'node:path';
import type { DownloadEvent, DownloadSummary, ProgressSnapshot } from '../../download/index.js';
import { formatBytes, formatCount, formatDuration, percent } from '../format.js';
import type { Reporter } from '../reporter.js';

/** Files in flight shown under the overall line on a terminal. */
const IN_FLIGHT_LINES = 4;

/** Renders download events: overall bytes, rate and ETA, and the files in flight. */
export function downloadProgress(report: Reporter): (event: DownloadEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'progress':
        report.progress(progressLines(event, report.interactive));
        break;
      case 'repo-state':
        if (event.state === 'failed' || event.state === 'skipped') {
          const line = `${event.repoId}: ${event.state} (${event.reason ?? 'unknown'})${detailText(event.detail)}`;
          if (event.state === 'failed') report.failure(line);
          else report.note(line);
        }
        break;
      case 'run-start':
        report.note(
          `download: ${formatCount(event.repos)} repos${event.dryRun ? ' (dry run)' : ''}, ${event.concurrency} ${event.method === 'git' ? 'repos cloned at once' : 'files in flight'}`,
        );
        break;
      case 'run-end':
        if (event.summary.interrupted === true) {
          report.interrupted(event.summary, () => downloadSummaryText(event.summary));
        }
        break;
      default:
        break;
    }
  };
}

export function progressLines(p: ProgressSnapshot, interactive: boolean): string[] {
  // until every repo is admitted the totals grow: "≥" says so, and the ETA is an estimate ("~")
  const atLeast = p.totalsFinal ? '' : '≥';
  const head =
    `${formatBytes(p.bytesDone)} / ${atLeast}${formatBytes(p.bytesTotal)} (${percent(p.bytesDone, p.bytesTotal)}) ` +
    `${formatBytes(p.bytesPerSecond)}/s ETA ${etaText(p)} | ` +
    `files ${formatCount(p.filesDone)}/${atLeast}${formatCount(p.filesTotal)} | ` +
    `repos ${formatCount(p.reposDone)}/${formatCount(p.reposTotal)} | ${p.inFlight.length} in flight` +
    gitPhases(p.inFlight);
  if (!interactive) return [head];
  const lines = [head];
  for (const f of p.inFlight.slice(0, IN_FLIGHT_LINES)) {
    lines.push(
      `  ${f.repoId} ${basename(f.path)} ${formatBytes(f.bytes)}/${formatBytes(f.size)} ${percent(f.bytes, f.size)}`,
    );
  }
  if (p.inFlight.length > IN_FLIGHT_LINES)
    lines.push(`  ... and ${p.inFlight.length - IN_FLIGHT_LINES} more`);
  return lines;
}

/**
 * Git mode: what the clones in flight are doing. Their bytes are an estimate that reaches the repo's size
 * before git is done (checkout, LFS, checks), so without this the line would seem frozen near the end.
 */
function gitPhases(inFlight: ProgressSnapshot['inFlight']): string {
  const phases = new Map<string, number>();
  for (const f of inFlight) {
    const phase = /^\(git (\w+)\)$/.exec(f.path)?.[1];
    if (phase !== undefined) phases.set(phase, (phases.get(phase) ?? 0) + 1);
  }
  if (phases.size === 0) return '';
  return ` (${[...phases].map(([phase, n]) => `${phase} ${n}`).join(', ')})`;
}

/**
 * Time left at the current rate: exact once the totals are final; before, the bytes of the repos not yet
 * admitted are guessed from those admitted (their mean), and the ETA is shown as `~m:ss`.
 */
export function etaText(
  p: Pick<
    ProgressSnapshot,
    'bytesDone' | 'bytesTotal' | 'bytesPerSecond' | 'reposAdmitted' | 'reposTotal' | 'totalsFinal'
  >,
): string {
  if (p.bytesPerSecond <= 0) return '--:--';
  if (p.totalsFinal) return formatDuration((1000 * (p.bytesTotal - p.bytesDone)) / p.bytesPerSecond);
  if (p.reposAdmitted === 0 || p.bytesTotal === 0) return '--:--';
  const estimatedTotal = (p.bytesTotal * Math.max(p.reposTotal, p.reposAdmitted)) / p.reposAdmitted;
  return `~${formatDuration((1000 * Math.max(0, estimatedTotal - p.bytesDone)) / p.bytesPerSecond)}`;
}

export function downloadSummaryText(s: DownloadSummary): string {
  const lines: string[] = [];
  if (s.dryRun) {
    lines.push(...dryRunLines(s));
  } else {
    lines.push(
      `download: ${formatCount(s.repos.verified)} verified, ${formatCount(s.repos.skipped)} skipped, ` +
        `${formatCount(s.repos.failed)} failed of ${formatCount(s.repos.total)} repos; ` +
        `${formatCount(s.files.verified)}/${formatCount(s.files.total)} files, ${formatBytes(s.bytes.verified)} verified; ` +
        (s.bytes.disk === undefined ? '' : `${formatBytes(s.bytes.disk)} on disk; `) +
        `fetched ${formatBytes(s.bytes.fetched)} in ${formatDuration(s.elapsedMillis)} ` +
        `(${formatCount(s.resolveRequests)} resolve requests)`,
    );
  }
  // a dry run writes nothing, so only its own --json lists every repo
  const more = s.dryRun ? '`hftorrent download --dry-run --json`: .skipped, .failed' : undefined;
  appendReasons(lines, 'skipped', s.skippedByReason, s.skipped, more);
  appendReasons(lines, 'failed', s.failedByReason, s.failed, more);
  return lines.join('\n');
}

/** The plan: every repo a real run would take on, the totals, and the repos the Hub would refuse. */
function dryRunLines(s: DownloadSummary): string[] {
  const planned = s.repos.total - s.repos.skipped - s.repos.failed;
  const lines = [
    `dry run: ${formatCount(s.repos.total)} repos: ${formatCount(planned)} to download ` +
      `(${formatCount(s.files.total)} files, ${formatBytes(s.bytes.total)}), ${formatCount(s.repos.skipped)} skipped`,
  ];
  for (const plan of s.plan ?? []) {
    lines.push(
      `  ${plan.repoId}@${plan.commit.slice(0, 10)}: ${formatCount(plan.files)} files, ${formatBytes(plan.bytes)}` +
        ` (to fetch: ${formatCount(plan.filesToFetch)} files, ${formatBytes(plan.bytesToFetch)})` +
        (plan.gated === true ? ' [gated]' : ''),
    );
  }
  if (s.gatedInPlan !== undefined) {
    lines.push(
      `  gated: ${formatCount(s.gatedInPlan.repos)} of them (${formatBytes(s.gatedInPlan.bytes)}), ` +
        'fetched only if the token has access to them',
    );
  }
  return lines;
}

/** Reason counts, then up to a few repos per kind: enough to act on without flooding a terminal. */
export function appendReasons(
  lines: string[],
  label: string,
  byReason: Record<string, number>,
  repos: ReadonlyArray<{ repoId: string; reason: string; detail: string | null }>,
  more = '`hftorrent status --json`: .download.skipped, .download.failed',
  limit = 10,
): void {
  const kinds = Object.entries(byReason);
  if (kinds.length === 0) return;
  lines.push(`  ${label}: ${kinds.map(([k, n]) => `${k} ${formatCount(n)}`).join(', ')}`);
  for (const r of repos.slice(0, limit)) {
    lines.push(`    ${r.repoId}: ${r.reason}${detailText(r.detail)}`);
  }
  if (repos.length > limit)
    lines.push(`    ... and ${formatCount(repos.length - limit)} more (all of them: ${more})`);
}

/** Details can carry a whole error chain (URL, request id): a summary line shows its start; --json has it all. */
const DETAIL_CHARS = 120;

function detailText(detail: string | null | undefined): string {
  if (!detail) return '';
  return `: ${detail.length > DETAIL_CHARS ? `${detail.slice(0, DETAIL_CHARS - 1)}…` : detail}`;
}
