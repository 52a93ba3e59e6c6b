import { makePlan } from '../plan.js';
import { expectedRepoSet } from '../download/expected-files.js';
for (const mode of ['quick', 'full'] as const) {
  for (const s of makePlan(mode, '1').download.sets) {
    const t = performance.now();
    const r = expectedRepoSet(s, '1');
    console.log(mode, s.name, r.repos.length, 'repos', r.files.length, 'files', (r.bytes / 2 ** 20).toFixed(1), 'MiB', ((performance.now() - t)/1000).toFixed(1), 's');
  }
}
