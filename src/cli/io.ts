import { scrubSecrets } from '../secrets.js';

/** What a command may touch of the outside world: streams, environment, and the exit status it wants. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: Readonly<Record<string, string | undefined>>;
  /** Set by a command that finished but wants a non-zero status (1: something failed). */
  exitCode?: number;
  /** Aborted on SIGINT/SIGTERM so that runs stop cleanly with their state committed. */
  signal?: AbortSignal;
}

export function processIo(): CliIo {
  const controller = new AbortController();
  // `once`: a second Ctrl-C falls through to Node's default and ends the process at once. The reason names
  // the signal, for the exit status (interruptedStatus).
  const stop = (name: NodeJS.Signals) => (): void => controller.abort(new DOMException(name, 'AbortError'));
  process.once('SIGINT', stop('SIGINT'));
  process.once('SIGTERM', stop('SIGTERM'));
  ignoreClosedPipe(process.stdout);
  ignoreClosedPipe(process.stderr);
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal };
}

/**
 * `hftorrent help download | head -1`: the reader went away. What is left to print has no reader, which is no
 * failure of the command (as with `git log | head`); without a listener Node would crash on the EPIPE.
 */
function ignoreClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  });
}

/** The exit status of a run the user interrupted (128 + the signal's number: 130 Ctrl-C, 143 SIGTERM). */
export function interruptedStatus(io: Pick<CliIo, 'signal'>): number | undefined {
  if (io.signal?.aborted !== true) return undefined;
  const reason: unknown = io.signal.reason;
  return reason instanceof DOMException && reason.message === 'SIGTERM' ? 143 : 130;
}

/**
 * `io` whose stdout and stderr scrub every write of the registered secrets (secrets.ts): progress, warnings,
 * summaries and `--json` all leave the process through here.
 */
export function scrubbedIo(io: CliIo): CliIo {
  return { ...io, stdout: scrubbedStream(io.stdout), stderr: scrubbedStream(io.stderr) };
}

function scrubbedStream<S extends CliIo['stdout']>(stream: S): S {
  return new Proxy(stream, {
    get(target, property, receiver) {
      if (property === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...args: unknown[]) => boolean).call(
            target,
            typeof chunk === 'string' ? scrubSecrets(chunk) : chunk,
            ...rest,
          );
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
