import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { registerCrawl } from './crawl.js';
import { registerDemo } from './demo.js';
import { registerDownload } from './download.js';
import { registerEmulate } from './emulate.js';
import { registerExport } from './export.js';
import { registerMerge } from './merge.js';
import { registerPlan } from './plan.js';
import { registerReport } from './report.js';
import { registerRun } from './run.js';
import { registerSelect } from './select.js';
import { registerStatus } from './status.js';

/** Every command, in the order `--help` lists them: the pipeline's order, then the tools around it. */
const COMMANDS: ReadonlyArray<(program: Command, io: CliIo) => void> = [
  registerCrawl,
  registerSelect,
  registerPlan,
  registerDownload,
  registerMerge,
  registerExport,
  registerReport,
  registerRun,
  registerStatus,
  registerEmulate,
  registerDemo,
];

export function registerCommands(program: Command, io: CliIo): void {
  for (const register of COMMANDS) register(program, io);
}
