/**
 * The project's Python for tests that read our outputs with an independent implementation (pyarrow,
 * DuckDB, huggingface_hub): `<repo>/.venv/bin/python`, which `.ci/run` sets up best-effort. When it is
 * missing or cannot import what a test needs, the test skips and says why.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VENV_PYTHON = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '.venv', 'bin', 'python');

export type PythonLookup = { python: string; skip: null } | { python: null; skip: string };

/** The venv's interpreter if it imports every module in `modules`, else why not (a skip message). */
export function findPython(modules: readonly string[]): PythonLookup {
  if (!existsSync(VENV_PYTHON)) {
    return { python: null, skip: `no ${VENV_PYTHON} (bash .ci/run creates it; needs ${modules.join(', ')})` };
  }
  const probe = spawnSync(VENV_PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) {
    const reason = probe.stderr.trim().split('\n').at(-1) ?? `exit ${probe.status}`;
    return { python: null, skip: `${VENV_PYTHON} cannot import ${modules.join(', ')}: ${reason}` };
  }
  return { python: VENV_PYTHON, skip: null };
}

/**
 * Runs a Python script with the interpreter; returns its stdout, throws with its stderr on failure. `env` is
 * added to this process's environment (e.g. `HF_HUB_OFFLINE=1`).
 */
export function runPython(
  python: string,
  script: string,
  args: readonly string[] = [],
  env: Readonly<Record<string, string>> = {},
): string {
  const run = spawnSync(python, ['-c', script, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, ...env },
  });
  if (run.status !== 0) throw new Error(`python failed (exit ${run.status}):\n${run.stderr}`);
  return run.stdout;
}

/**
 * `runPython` without blocking this process: for scripts that talk to a server running in the test's own
 * process (the emulator), which a synchronous child would starve. Resolves with the exit status and output.
 */
export function runPythonAsync(
  python: string,
  script: string,
  args: readonly string[] = [],
  env: Readonly<Record<string, string>> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-c', script, ...args], { env: { ...process.env, ...env } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({
        status,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}
