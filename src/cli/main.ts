/**
 * The CLI's only top-level catch and the only place that decides the exit status:
 * 0 success; 1 the run finished but something failed; 2 bad usage or configuration; 3 could not proceed;
 * 4 the stage before this one has not run (no catalog, no finished crawl, no selection); 130 interrupted
 * (Ctrl-C; 143 for SIGTERM).
 */
import { CommanderError } from 'commander';
import { describeError, exitStatusFor, isHfTorrentError } from '../errors.js';
import { buildProgram } from './program.js';
import type { CliIo } from './io.js';
import { interruptedStatus, processIo, scrubbedIo } from './io.js';

export async function main(argv: readonly string[], raw: CliIo = processIo()): Promise<number> {
  const io = scrubbedIo(raw);
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return interruptedStatus(io) ?? io.exitCode ?? raw.exitCode ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) return commanderStatus(error, io);
    const interrupted = interruptedStatus(io);
    if (interrupted !== undefined) {
      io.stderr.write('hftorrent: interrupted; what was done is kept, run the command again to resume\n');
      return interrupted;
    }
    io.stderr.write(
      `hftorrent: ${isHfTorrentError(error) ? `${error.code}: ` : ''}${describeError(error)}\n`,
    );
    return exitStatusFor(error);
  }
}

/** Commander's own endings: help and version (already printed), else a usage error on one line. */
function commanderStatus(error: CommanderError, io: CliIo): number {
  // --help and --version end here with exit code 0; commander already printed them.
  if (error.exitCode === 0) return 0;
  // No command given: the help went to stderr, and that is a usage error.
  if (error.code === 'commander.help') return 2;
  io.stderr.write(`hftorrent: ${oneLine(error.message)}\n`);
  return 2;
}

/** `error: unknown command 'downlod'\n(Did you mean download?)` -> one line, the suggestion kept. */
function oneLine(message: string): string {
  const [first = '', ...rest] = message.replace(/^error: /, '').split('\n');
  const hint = rest
    .map((line) => line.trim().replace(/^\((.*)\)$/, '$1'))
    .find((line) => /^did you mean/i.test(line));
  return hint === undefined ? first : `${first}; ${hint.charAt(0).toLowerCase()}${hint.slice(1)}`;
}
