/**
 * Everything a command prints goes through here: progress and human text on stderr/stdout, the `--json`
 * summary on stdout, nothing but errors under `--quiet`. Progress is a redrawn line on a terminal and plain
 * periodic lines otherwise (logs, CI).
 */
import type { GlobalConfig } from '../config.js';
import type { CliIo } from './io.js';

/** Plain progress lines are printed at most this often when stderr is not a terminal. */
const PLAIN_PROGRESS_INTERVAL_MILLIS = 5000;

export class Reporter {
  private lastPlain = 0;
  private liveLine = false;

  constructor(
    private readonly io: CliIo,
    private readonly config: Pick<GlobalConfig, 'json' | 'quiet'>,
  ) {}

  get interactive(): boolean {
    return Boolean(this.io.stderr.isTTY) && !this.config.quiet;
  }

  /** A progress update; `force` prints even within the plain-line interval (e.g. the final state). */
  progress(line: string, force = false): void {
    if (this.config.quiet) return;
    if (this.io.stderr.isTTY) {
      const width = this.io.stderr.columns ?? 100;
      this.io.stderr.write(`\r\x1b[2K${line.length > width - 1 ? line.slice(0, width - 1) : line}`);
      this.liveLine = true;
      return;
    }
    const now = Date.now();
    if (!force && now - this.lastPlain < PLAIN_PROGRESS_INTERVAL_MILLIS) return;
    this.lastPlain = now;
    this.io.stderr.write(`${line}\n`);
  }

  /** Ends a live progress line so the next output starts on a fresh line. */
  endProgress(): void {
    if (this.liveLine) this.io.stderr.write('\n');
    this.liveLine = false;
  }

  /** Informational text for humans (stderr when --json is on, so stdout stays parseable). */
  info(text: string): void {
    if (this.config.quiet) return;
    this.endProgress();
    (this.config.json ? this.io.stderr : this.io.stdout).write(`${text}\n`);
  }

  warn(text: string): void {
    this.endProgress();
    this.io.stderr.write(`warning: ${text}\n`);
  }

  /** The command's result: JSON on stdout with --json, else the human rendering (unless --quiet). */
  result(summary: unknown, human: () => string): void {
    this.endProgress();
    if (this.config.json) {
      this.io.stdout.write(`${JSON.stringify(summary)}\n`);
      return;
    }
    if (!this.config.quiet) this.io.stdout.write(`${human()}\n`);
  }
}
