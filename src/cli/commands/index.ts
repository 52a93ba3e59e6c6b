import type { Command } from 'commander';
import type { CliIo } from '../io.js';

/** Every command, in the order `--help` lists them. */
const COMMANDS: ReadonlyArray<(program: Command, io: CliIo) => void> = [];

export function registerCommands(program: Command, io: CliIo): void {
  for (const register of COMMANDS) register(program, io);
}
