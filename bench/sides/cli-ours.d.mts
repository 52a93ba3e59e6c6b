/** Types of cli-ours.mjs. */
export interface CliSpec {
  resultFile: string;
  argv: string[];
  /** What the CLI sees as its environment (git mode takes PATH from it). Default: empty. */
  env?: Record<string, string>;
}

export interface CliData {
  exitCode: number;
  /** The parsed `--json` summary (last JSON line of stdout), when any. */
  summary: unknown;
  stderrTail: string;
}

export declare function runCliSide(spec: CliSpec): Promise<CliData>;
