/** The stdout rendering of the results: one block per case, then every target with PASS / FAIL. */
import type { BenchResults, TableBlock } from './results.js';

function render(block: TableBlock): string {
  const widths = block.header.map((h, i) =>
    Math.max(h.length, ...block.rows.map((r) => (r[i] ?? '').length)),
  );
  const left = (i: number): boolean => (block.align?.[i] ?? (i === 0 ? 'l' : 'r')) === 'l';
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => (left(i) ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => `${'-'.repeat(w + 1)}${left(i) ? '-' : ':'}`).join('|')}|`;
  return [`**${block.title}**`, '', line(block.header), rule, ...block.rows.map(line)].join('\n');
}

export function renderResults(results: BenchResults): string {
  const m = results.machine;
  const out: string[] = [
    `hf-torrent bench (${results.mode}, seed ${results.seed}) on ${m.cpuModel}, ${m.cores} cores, ` +
      `${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}, ${results.startedAt}` +
      (results.revision === null
        ? ''
        : `, commit ${results.revision.commit.slice(0, 10)}${results.revision.dirty ? ' + uncommitted src/ changes' : ''}`) +
      (results.label === undefined ? '' : ` (${results.label})`),
    '',
  ];
  for (const c of results.cases) {
    if (c.notMeasured !== undefined) {
      out.push(`**${c.title}**: not measured: ${c.notMeasured}`, '');
      continue;
    }
    for (const block of c.tables) out.push(render(block), '');
    const notes = [...c.notes];
    if (c.load !== undefined)
      notes.push(
        `load average (1 min) ${c.load.before.toFixed(2)} before, ${c.load.after.toFixed(2)} after this case.`,
      );
    for (const note of notes) out.push(`- ${note}`);
    if (notes.length > 0) out.push('');
  }
  out.push(
    render({
      title: 'Targets',
      header: ['case', 'target', 'wanted', 'measured', 'result'],
      align: ['l', 'l', 'l', 'l', 'l'],
      rows: results.targets.map((t) => [
        t.case,
        t.name,
        t.target,
        t.measured,
        t.pass === null
          ? `n/a${t.note ? ` (${t.note})` : ''}`
          : t.pass
            ? 'PASS'
            : `FAIL${t.note ? ` (${t.note})` : ''}`,
      ]),
    }),
  );
  return out.join('\n');
}
