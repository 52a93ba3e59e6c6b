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
  /** Lines of the live progress block currently on screen (terminal only). */
  private liveLines = 0;
  /** Set when the user interrupted the run: no progress is drawn any more. */
  private stopped = false;

  constructor(
    private readonly io: CliIo,
    private readonly config: Pick<GlobalConfig, 'json' | 'quiet'> & { network?: { progress: boolean } },
  ) {
    // Ctrl-C: the half-drawn progress block goes at once, so the summary so far starts on a clean line.
    io.signal?.addEventListener('abort', () => this.clearProgress(), { once: true });
  }

  get interactive(): boolean {
    return Boolean(this.io.stderr.isTTY) && !this.config.quiet && this.config.network?.progress !== false;
  }

  /**
   * A progress update: one line, or a block (a headline plus detail lines, e.g. files in flight) that is
   * redrawn in place on a terminal. Off a terminal only the headline is printed, at most every few seconds.
   */
  progress(line: string | readonly string[]): void {
    // HF_HUB_DISABLE_PROGRESS_BARS: the official tools' switch for the same thing
    if (this.config.quiet || this.stopped || this.config.network?.progress === false) return;
    const lines = typeof line === 'string' ? [line] : line;
    if (this.io.stderr.isTTY) {
      const width = Math.max(20, (this.io.stderr.columns ?? 100) - 1);
      const up = this.liveLines > 1 ? `\x1b[${this.liveLines - 1}A` : '';
      const body = lines.map((l) => `\x1b[2K${l.length > width ? l.slice(0, width) : l}`).join('\n');
      this.io.stderr.write(`\r${up}${body}\x1b[J`);
      this.liveLines = lines.length;
      return;
    }
    const now = Date.now();
    if (now - this.lastPlain < PLAIN_PROGRESS_INTERVAL_MILLIS) return;
    this.lastPlain = now;
    this.io.stderr.write(`${lines[0] ?? ''}\n`);
  }

  /**
   * A line that stays (a stage starting, a repo skipped, a retry): printed above the live block on a terminal,
   * which the next `progress` redraws below it; printed as is elsewhere.
   */
  note(line: string): void {
    if (this.config.quiet) return;
    this.eraseLive();
    this.io.stderr.write(`${line}\n`);
  }

  /**
   * Something failed (a repo, a history fetch): a line on stderr like `note`, but also under `--quiet`, which
   * silences progress and summaries, never failures.
   */
  failure(line: string): void {
    this.eraseLive();
    this.io.stderr.write(`${line}\n`);
  }

  /** Erases the live progress block (terminal only) and draws no more. */
  clearProgress(): void {
    this.stopped = true;
    this.eraseLive();
  }

  private eraseLive(): void {
    if (!this.io.stderr.isTTY || this.liveLines === 0) return;
    const up = this.liveLines > 1 ? `\x1b[${this.liveLines - 1}A` : '';
    this.io.stderr.write(`\r${up}\x1b[J`);
    this.liveLines = 0;
  }

  /** Ends a live progress block so the next output starts on a fresh line. */
  endProgress(): void {
    if (this.liveLines > 0) this.io.stderr.write('\n');
    this.liveLines = 0;
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

  /**
   * What an interrupted run did until it stopped: JSON on stdout with --json (the caller's script still gets
   * its counts), else the human rendering on stderr, as the exit status says the command did not finish.
   */
  interrupted(summary: unknown, human: () => string): void {
    this.clearProgress();
    if (this.config.json) this.io.stdout.write(`${JSON.stringify(summary)}\n`);
    else if (!this.config.quiet) this.io.stderr.write(`interrupted: ${human()}\n`);
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
