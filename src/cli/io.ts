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
  // `once`: a second Ctrl-C falls through to Node's default and ends the process at once.
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal };
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
