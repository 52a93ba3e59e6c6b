/**
 * Serves one of the bench's download repo sets from an emulator process and writes its split file, so that a
 * side can be profiled by hand (`node --cpu-prof bin/hftorrent.js download --urls ...`) against exactly the
 * Hub the bench measures. Runs until Ctrl-C.
 *
 *   node --import tsx bench/serve-set.ts few-large /tmp/few-large.txt [--full] [--seed 1]
 */
import { parseArgs } from 'node:util';
import { expectedRepoSet, repoSetHubOptions } from './download/expected-files.js';
import { writeUrlsFile } from './download/sides.js';
import { startEmulatorProcess } from './emulator/emulator-process.js';
import { warmUp } from './cases/download-case.js';
import { makePlan } from './plan.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { full: { type: 'boolean', default: false }, seed: { type: 'string', default: '1' } },
});
const [name, urlsFile] = positionals;
const plan = makePlan(values.full ? 'full' : 'quick', values.seed);
const setPlan = plan.download.sets.find((s) => s.name === name);
if (setPlan === undefined || urlsFile === undefined) {
  const names = plan.download.sets.map((s) => s.name).join(', ');
  process.stderr.write(`usage: serve-set.ts <${names}> <urls file> [--full] [--seed S]\n`);
  process.exit(2);
}
const set = expectedRepoSet(setPlan, plan.seed);
const emulator = await startEmulatorProcess(repoSetHubOptions(setPlan, plan.seed));
await warmUp(emulator, set);
writeUrlsFile(urlsFile, emulator.endpoint, set);
process.stdout.write(
  `${set.plan.name}: ${set.repos.length} repos, ${set.files.length} files, ${set.bytes} bytes at ` +
    `${emulator.endpoint}; split file ${urlsFile}\n`,
);
process.on('SIGINT', () => {
  void emulator.close().then(() => process.exit(0));
});
