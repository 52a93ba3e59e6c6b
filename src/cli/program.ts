/** Declares the command surface. Each command lives in commands/<name>.ts, validates its options and calls the library. */
import { Command } from 'commander';
import type { CliIo } from './io.js';
import { VERSION } from './version.js';
import { registerCommands } from './commands/index.js';

export function buildProgram(io: CliIo): Command {
  const program = new Command('hftorrent')
    .description('Build research datasets of pre-trained models from the Hugging Face Hub.')
    .version(VERSION, '-V, --version')
    .option('--data-dir <dir>', 'where everything is written, under <dir>/huggingface/ (default: ./data)')
    .option('--endpoint <url>', 'Hub base URL (default: $HF_ENDPOINT, else https://huggingface.co)')
    .option(
      '--token <token>',
      'Hub access token, never printed or stored (default: $HF_TOKEN, else the token `hf auth login` saved)',
    )
    .option('--json', 'print a machine-readable summary on stdout')
    .option('-q, --quiet', 'no progress and no human summary; errors and failed repos still on stderr')
    .exitOverride()
    // Each command's help lists the global options too: they work before or after the command's name.
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // main() prints the one-line error itself.
      outputError: () => undefined,
    });
  registerCommands(program, io);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}
