/**
 * Serves one of the bench's download repo sets from an emulator process and writes its split file, so that a
 * side can be profiled by hand (`node --cpu-prof bin/hftorrent.js download --urls ...`) against exactly the
 * Hub the bench measures. The large-capped sets (one-large, eight-large) are served with the case's CDN caps,
 * and their pre-resolved URLs (one a line, as aria2c's `-i` takes them) go to `<urls file>.resolved`. Runs
 * until Ctrl-C.
 *
 *   node --import tsx bench/serve-set.ts few-large /tmp/few-large.txt [--full] [--seed 1]
 *   node --import tsx bench/serve-set.ts one-large /tmp/one.txt [--conn-rate 40000000] [--link-rate 0]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { expectedRepoSet, repoSetHubOptions } from './download/expected-files.js';
import { resolveFiles } from './download/resolve-urls.js';
import { writeUrlsFile } from './download/sides.js';
import { startEmulatorProcess } from './emulator/emulator-process.js';
import { warmUp } from './cases/download-case.js';
import { makePlan } from './plan.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    full: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    // bytes per second; 0 lifts the cap
    'conn-rate': { type: 'string' },
    'link-rate': { type: 'string' },
  },
});
const [name, urlsFile] = positionals;
const plan = makePlan(values.full ? 'full' : 'quick', values.seed);
const capped = plan.largeCapped.sets.find((s) => s.name === name);
const setPlan = capped ?? plan.download.sets.find((s) => s.name === name);
if (setPlan === undefined || urlsFile === undefined) {
  const names = [...plan.download.sets, ...plan.largeCapped.sets].map((s) => s.name).join(', ');
  process.stderr.write(`usage: serve-set.ts <${names}> <urls file> [--full] [--seed S]\n`);
  process.exit(2);
}
const rate = (text: string | undefined, fallback: number | undefined): number | undefined =>
  text === undefined ? fallback : Number(text) > 0 ? Number(text) : undefined;
const caps =
  capped === undefined
    ? {}
    : {
        cdnConnectionBytesPerSecond: rate(values['conn-rate'], plan.largeCapped.connectionBytesPerSecond),
        cdnLinkBytesPerSecond: rate(values['link-rate'], plan.largeCapped.linkBytesPerSecond),
      };
const set = expectedRepoSet(setPlan, plan.seed);
const emulator = await startEmulatorProcess({ ...repoSetHubOptions(setPlan, plan.seed), ...caps });
await warmUp(emulator, set);
writeUrlsFile(urlsFile, emulator.endpoint, set);
if (capped !== undefined)
  writeFileSync(
    `${urlsFile}.resolved`,
    (await resolveFiles(emulator.endpoint, set)).map((r) => `${r.url}\n`).join(''),
  );
process.stdout.write(
  `${set.plan.name}: ${set.repos.length} repos, ${set.files.length} files, ${set.bytes} bytes at ` +
    `${emulator.endpoint}; split file ${urlsFile}; caps ${JSON.stringify(caps)}\n`,
);
process.on('SIGINT', () => {
  void emulator.close().then(() => process.exit(0));
});
