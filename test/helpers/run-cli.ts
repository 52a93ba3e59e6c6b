/** Runs the CLI in-process with captured output, as a user would see it. */
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  argv: string[],
  env: Record<string, string | undefined> = {},
  signal?: AbortSignal,
): Promise<CliResult> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  out.on('data', (c: Buffer) => chunks.out.push(c));
  err.on('data', (c: Buffer) => chunks.err.push(c));
  const io: CliIo = { stdout: out, stderr: err, env: isolatedEnv(env), signal };
  const status = await main(argv, io);
  return {
    status,
    stdout: Buffer.concat(chunks.out).toString('utf8'),
    stderr: Buffer.concat(chunks.err).toString('utf8'),
  };
}

/**
 * The test's environment, where a token `hf auth login` saved on this machine is never read: unless the test
 * names a token file (or an HF_HOME holding one), the token file is one that does not exist.
 */
function isolatedEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  if (env.HF_TOKEN_PATH !== undefined || env.HF_HOME !== undefined) return env;
  return { HF_TOKEN_PATH: '/nonexistent/hf-torrent-tests/token', ...env };
}

/** `dataDir` with a finished crawl of `endpoint` and its top `top` models selected, through the CLI (`run`). */
export async function selectedDataDir(dataDir: string, endpoint: string, top: number): Promise<string> {
  const r = await runCli(['run', '--top', String(top), '--skip-download', '-q', '--data-dir', dataDir], {
    HF_ENDPOINT: endpoint,
  });
  if (r.status !== 0) throw new Error(`run --skip-download failed (${r.status}): ${r.stderr}`);
  return dataDir;
}
