import type { Command } from 'commander';
import { status, type StatusReport } from '../../download/index.js';
import { describeHolder } from '../../catalog/index.js';
import { appendReasons } from '../render/download-progress.js';
import { clusterStatusLines } from '../render/cluster-status.js';
import { commandContext } from '../context.js';
import { formatBytes, formatCount } from '../format.js';
import type { CliIo } from '../io.js';

export function registerStatus(program: Command, io: CliIo): void {
  program
    .command('status')
    .description('what the catalog and the download ledger say: counts, bytes, reasons, drift')
    .addHelpText('after', '\nExamples:\n  hftorrent status\n  hftorrent status --json | jq .download.failed')
    .action((_opts: unknown, cmd: Command) => {
      const ctx = commandContext(cmd, io);
      const report = status(ctx.config.dataDir);
      ctx.report.result(report, () => statusText(report));
    });
}

export function statusText(r: StatusReport): string {
  const lines = [`catalog: ${r.catalogPath}`];
  if (r.runningRun !== null) lines.push(`running now: ${describeHolder(r.runningRun)}`);
  const c = r.crawl;
  lines.push(
    c === null
      ? 'crawl: none yet (run `hftorrent crawl`)'
      : `crawl #${c.id} of ${c.endpoint}: ${c.status}, ${formatCount(c.models)} models in ${formatCount(c.pages)} pages ` +
          `(started ${c.startedAt}${c.finishedAt ? `, finished ${c.finishedAt}` : ''})` +
          (c.error === null ? '' : `: ${c.error}; run \`hftorrent crawl\` to resume`),
  );
  const s = r.selection;
  lines.push(
    s === null
      ? 'selection: none yet (run `hftorrent select`)'
      : `selection #${s.id}: ${formatCount(s.count)} of ${formatCount(s.total)} models ` +
          `(${s.top !== null ? `top ${s.top}` : `shrinkage ${s.shrinkage}`}), ${s.shards} shards, ${s.createdAt}`,
  );
  const d = r.download;
  if (d === null) {
    lines.push('download: nothing yet (run `hftorrent download`)');
  } else {
    lines.push(
      `download: ${formatCount(d.repos.verified)} verified, ${formatCount(d.repos.skipped)} skipped, ` +
        `${formatCount(d.repos.failed)} failed, ${formatCount(d.repos.pending + d.repos.downloading)} to do ` +
        `of ${formatCount(d.repos.total)} repos; ${formatCount(d.files.verified)}/${formatCount(d.files.total)} files, ` +
        `${formatBytes(d.bytes.verified)} of ${formatBytes(d.bytes.total)} verified`,
    );
    appendReasons(lines, 'skipped', d.skippedByReason, d.skipped);
    appendReasons(lines, 'failed', d.failedByReason, d.failed);
    if (d.drift.length > 0) {
      lines.push(`  drift: ${formatCount(d.drift.length)} repos whose main moved since the listing`);
      for (const x of d.drift.slice(0, 10)) {
        lines.push(
          `    ${x.repoId}: listed ${x.listedCommit.slice(0, 10)}, main now ${x.mainSha.slice(0, 10)}`,
        );
      }
    }
  }
  if (r.cluster !== null) lines.push(...clusterStatusLines(r.cluster));
  return lines.join('\n');
}
