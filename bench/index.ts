/**
 * `npm run bench [-- --full] [--only crawl,download] [--seed S] [--out FILE]`: side-by-side benchmarks against
 * the official client and curl, on this machine, offline (the emulator on loopback). Writes the results as
 * JSON (default bench/results.json) and prints the table on stdout; progress goes to stderr.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { installCleanupHandlers } from './measure/cleanup.js';
import { TIME_BINARY } from './measure/time-command.js';
import { CASE_NAMES, makePlan, type BenchMode, type CaseName } from './plan.js';
import { renderResults } from './report/table.js';
import { runBench } from './run-bench.js';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const USAGE =
  `usage: npm run bench -- [--full | --smoke] [--only ${CASE_NAMES.join(',')}] [--sets NAME,...] [--seed S] ` +
  '[--out FILE] [--label TEXT] [--cdn-link-rate MB]';

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        full: { type: 'boolean', default: false },
        smoke: { type: 'boolean', default: false },
        only: { type: 'string' },
        sets: { type: 'string' },
        seed: { type: 'string', default: '1' },
        out: { type: 'string' },
        label: { type: 'string' },
        'cdn-link-rate': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (values.full && values.smoke) fail('--full and --smoke exclude each other');
const mode: BenchMode = values.full ? 'full' : values.smoke ? 'smoke' : 'quick';
let cases = (values.only?.split(',').map((s) => s.trim()) ?? [...CASE_NAMES]) as CaseName[];
for (const c of cases) if (!CASE_NAMES.includes(c)) fail(`unknown case ${JSON.stringify(c)}`);
if (cases.includes('select') && !cases.includes('crawl'))
  fail('select needs the crawl case (it ranks its catalog)');
if (cases.includes('report') && !cases.includes('crawl'))
  fail('report needs the crawl case (it reports on its catalog)');
if (cases.includes('research') && !cases.includes('select'))
  fail('research needs the crawl and select cases (it exports their catalog)');
if (!existsSync(TIME_BINARY)) fail(`${TIME_BINARY} (GNU time) is needed to measure curl`);
if (spawnSync('curl', ['--version'], { stdio: 'ignore' }).status !== 0)
  fail('curl is needed for the raw limit');

installCleanupHandlers();
const out = values.out ?? fileURLToPath(new URL('./results.json', import.meta.url));
const log = (line: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};
const plan = makePlan(mode, values.seed);
if (values.sets !== undefined) {
  // Some repo sets only (the resume and git cases keep to the download case's).
  const names = values.sets.split(',').map((s) => s.trim());
  const known = [...plan.download.sets, ...plan.largeCapped.sets].map((s) => s.name);
  for (const n of names)
    if (!known.includes(n)) fail(`unknown repo set ${JSON.stringify(n)} (${known.join(', ')})`);
  plan.download.sets = plan.download.sets.filter((s) => names.includes(s.name));
  plan.largeCapped.sets = plan.largeCapped.sets.filter((s) => names.includes(s.name));
  plan.resume.sets = plan.resume.sets.filter((s) => names.includes(s));
  plan.git.sets = plan.git.sets.filter((s) => names.includes(s));
  // a case left without any of its sets is not run (the resume and git cases follow the download case's)
  const empty: CaseName[] = [
    ...(plan.download.sets.length === 0 ? (['download', 'resume', 'git'] as const) : []),
    ...(plan.largeCapped.sets.length === 0 ? (['large-capped'] as const) : []),
  ];
  cases = cases.filter((c) => !empty.includes(c));
  if (cases.length === 0) fail(`no case runs any of the sets ${names.join(', ')}`);
}
if (values['cdn-link-rate'] !== undefined) {
  // the large-capped case's link cap, in MB (10^6 bytes) per second
  const rate = Number(values['cdn-link-rate']);
  if (!Number.isFinite(rate) || rate <= 0) fail('--cdn-link-rate takes a positive number of MB per second');
  plan.largeCapped.linkBytesPerSecond = rate * 1e6;
}
log(`${mode} run: ${cases.join(', ')}`);
const results = await runBench({ plan, cases, log, label: values.label });
// Formatted the way the repository's format check wants it, wherever --out puts it.
writeFileSync(out, await format(JSON.stringify(results), { ...(await resolveConfig(out)), parser: 'json' }));
process.stdout.write(`${renderResults(results)}\n`);
log(`results written to ${out}`);
