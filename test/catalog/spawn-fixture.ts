/** Spawns a TypeScript fixture under tsx and waits for a line on its stdout. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

export function spawnFixture(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Resolves with the first stdout line matching `pattern`; rejects if the child exits first. */
export function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => pattern.test(l));
      if (line !== undefined) {
        cleanup();
        resolve(line);
      }
    };
    const onErr = (chunk: Buffer): void => {
      err += chunk.toString();
    };
    const onExit = (code: number | null, signal: string | null): void => {
      cleanup();
      reject(new Error(`fixture exited (${code ?? signal}) before printing ${pattern}: ${err}`));
    };
    const cleanup = (): void => {
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onErr);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onErr);
    child.on('exit', onExit);
  });
}

export async function killAndWait(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}
