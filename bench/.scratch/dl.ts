import { startEmulator } from '../../src/emulator/index.js';
const emu = await startEmulator({ models: 4, seed: 1, specials: false, sizes: { name: 'x', shape: 'few-large', headRepos: 4, weightBytes: [1,1], weightShards: [1,1], readmeBytes: [0, 10], smallFiles: [1,1], smallFileBytes: [1,1], largeFiles: [1, 2], largeFileBytes: [100*1024*1024, 200*1024*1024] } });
for (const m of emu.hub.models()) {
  const sha = emu.hub.listedSha(m);
  for (const f of emu.hub.files(m, sha)) console.log(`${emu.endpoint}/${m.id}/resolve/${sha}/${f.path}`, f.size, JSON.stringify(f).slice(0, 300));
}
console.log(emu.endpoint);
await new Promise((r) => setTimeout(r, 60000));
await emu.close();
