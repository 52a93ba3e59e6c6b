/**
 * The child half of a measured side: runs one piece of work in this process and reports what it cost, from
 * `process.resourceUsage()` (every thread of the process, worker threads included). Module loading and
 * transpiling before the work starts are not counted (the warm-up); the peak RSS is the process's whole life.
 *
 * Plain JavaScript (typed by side-main.d.mts) so that a side can run without tsx: tsx's loader keeps a
 * thread of its own that adds some 35 MB to the resident set, which the RSS figures must not carry for ours.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** getrusage counts block I/O in 512-byte units on Linux. */
const BLOCK_BYTES = 512;
/** USER_HZ, the unit of /proc/<pid>/stat's times: 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

/** CPU seconds of this process's waited-for children (cutime + cstime), or null off Linux. */
/** @returns {number | null} */
function childrenCpu() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // fields after the command name, which is in parentheses and may contain spaces
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** @type {import('./side-main.d.mts').sideMain} */
export async function sideMain(work) {
  const specFile = process.argv[2];
  if (specFile === undefined) throw new Error('usage: node [--import tsx] <side> <spec.json>');
  const spec = JSON.parse(readFileSync(specFile, 'utf8'));
  const startRssKb = Math.round(process.memoryUsage().rss / 1024);
  const before = process.resourceUsage();
  const childrenBefore = childrenCpu();
  const started = performance.now();
  process.send?.({ type: 'started' });
  let data;
  let error;
  try {
    data = await work(spec);
  } catch (caught) {
    error = caught instanceof Error ? (caught.stack ?? caught.message) : String(caught);
  }
  const workSeconds = (performance.now() - started) / 1000;
  const after = process.resourceUsage();
  const childrenAfter = childrenCpu();
  /** @type {import('./side-report.js').SideReport} */
  const report = {
    workSeconds,
    userSeconds: (after.userCPUTime - before.userCPUTime) / 1e6,
    systemSeconds: (after.systemCPUTime - before.systemCPUTime) / 1e6,
    maxRssKb: after.maxRSS,
    childrenCpuSeconds:
      childrenBefore === null || childrenAfter === null ? undefined : childrenAfter - childrenBefore,
    diskReadBytes: (after.fsRead - before.fsRead) * BLOCK_BYTES,
    diskWriteBytes: (after.fsWrite - before.fsWrite) * BLOCK_BYTES,
    startRssKb,
    data,
    error,
  };
  writeFileSync(spec.resultFile, JSON.stringify(report));
  if (error !== undefined) process.exitCode = 1;
  process.disconnect?.();
}
