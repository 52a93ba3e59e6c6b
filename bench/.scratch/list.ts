import { startEmulator } from '../../src/emulator/index.js';
import { CRAWL_EXPAND } from '../../src/crawl/index.js';
const emu = await startEmulator({ models: 100_000, seed: 1 , specials:false});
const q = CRAWL_EXPAND.map((e) => `expand=${e}`).join('&');
let url: string | null = `${emu.endpoint}/api/models?${q}&limit=1000`;
let t = performance.now(); let bytes = 0;
for (let i = 0; i < 10 && url; i++) {
  const r = await fetch(url); const b = await r.arrayBuffer(); bytes += b.byteLength;
  url = /^<([^>]+)>/.exec(r.headers.get('link') ?? '')?.[1] ?? null;
}
console.log('10 pages', (performance.now() - t).toFixed(0), 'ms', bytes / 10 / 1000, 'items avg bytes', bytes/10000);
const r = await fetch(`${emu.endpoint}/api/models?${q}&limit=2`); console.log(JSON.stringify(await r.json()).slice(0, 3000));
await emu.close();
