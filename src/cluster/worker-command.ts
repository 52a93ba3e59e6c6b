/** The command line that runs one worker, as the plan file and the Slurm script write it. */

/** The shell command of worker `index` (paths quoted for a POSIX shell). */
export function workerCommand(invocation: string[], index: number | string, dataDir: string): string {
  return [
    ...invocation.map(shellQuote),
    'download',
    '--worker',
    String(index),
    '--data-dir',
    shellQuote(dataDir),
  ].join(' ');
}

/** `value` as one word of a POSIX shell command. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
