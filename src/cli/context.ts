/** Turns parsed options into the resolved configuration and the objects a command needs. */
import type { Command } from 'commander';
import { resolveGlobalConfig, type GlobalConfig } from '../config.js';
import { registerSecret } from '../secrets.js';
import type { CliIo } from './io.js';
import { Reporter } from './reporter.js';

export interface CommandContext {
  /** The command's name (`download`), for messages. */
  command: string;
  config: GlobalConfig;
  io: CliIo;
  report: Reporter;
  signal: AbortSignal | undefined;
}

export function commandContext(cmd: Command, io: CliIo): CommandContext {
  const opts = cmd.optsWithGlobals<{
    dataDir?: string;
    endpoint?: string;
    token?: string;
    json?: boolean;
    quiet?: boolean;
  }>();
  const config = resolveGlobalConfig(opts, io.env);
  // From here on no output of this process holds the token (main.ts scrubs every write).
  registerSecret(config.token);
  return { command: cmd.name(), config, io, report: new Reporter(io, config), signal: io.signal };
}
