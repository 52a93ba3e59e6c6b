/**
 * The CLI's only top-level catch and the only place that decides the exit status:
 * 0 success; 1 the run finished but something failed; 2 bad usage or configuration; 3 could not proceed.
 */
import { CommanderError } from 'commander';
import { describeError, exitStatusFor, isHfTorrentError } from '../errors.js';
import { buildProgram } from './program.js';
import type { CliIo } from './io.js';
import { processIo, scrubbedIo } from './io.js';

export async function main(argv: readonly string[], raw: CliIo = processIo()): Promise<number> {
  const io = scrubbedIo(raw);
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return io.exitCode ?? raw.exitCode ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; commander already printed them.
      if (error.exitCode === 0) return 0;
      io.stderr.write(`hftorrent: ${error.message.replace(/^error: /, '').replace(/\s*\n[\s\S]*$/, '')}\n`);
      return 2;
    }
    io.stderr.write(
      `hftorrent: ${isHfTorrentError(error) ? `${error.code}: ` : ''}${describeError(error)}\n`,
    );
    return exitStatusFor(error);
  }
}
