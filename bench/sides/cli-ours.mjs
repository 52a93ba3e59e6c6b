/**
 * Our side: the built `hftorrent` CLI (`dist/`, what `bin/hftorrent.js` runs) exactly as a user runs it (same
 * `main`, default settings), in a process of its own and without tsx, so that its resident set is the one
 * users get. `npm run bench` builds dist/ first. stdout (the `--json` summary) is captured and returned;
 * progress goes to a discarded stream.
 */
import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { sideMain } from '../measure/side-main.mjs';

const MAIN = new URL('../../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(MAIN))) throw new Error('dist/ is missing: run `npm run build` first');
const { main } = await import(MAIN.href);

/** @type {import('./cli-ours.d.mts').runCliSide} */
async function runCli(spec) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (chunk) => {
    stdout = (stdout + chunk.toString('utf8')).slice(-4_000_000);
  });
  err.on('data', (chunk) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exitCode = await main(spec.argv, { stdout: out, stderr: err, env: spec.env ?? {} });
  const last = stdout.trim().split('\n').pop() ?? '';
  let summary = null;
  try {
    summary = JSON.parse(last);
  } catch {
    summary = null;
  }
  return { exitCode, summary, stderrTail: stderr };
}

await sideMain(runCli);
