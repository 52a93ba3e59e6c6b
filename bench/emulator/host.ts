/**
 * The emulator in a process of its own, so that the CPU it spends generating listings and file bytes never
 * counts against the client being measured. Started by emulator-process.ts with Node IPC; exits when told to
 * or when its parent goes away.
 */
import { startEmulator } from '../../src/emulator/index.js';
import type { HostMessage, HostOptions, HostRequest, ServedStats } from './protocol.js';

const send = (message: HostMessage): void => {
  process.send?.(message);
};

const options = JSON.parse(process.argv[2] ?? '{}') as HostOptions;
const cpuNow = (): number => {
  const usage = process.resourceUsage();
  return (usage.userCPUTime + usage.systemCPUTime) / 1e6;
};
let cpuAtReset = cpuNow();
const emulator = await startEmulator({
  models: options.models,
  seed: options.seed,
  sizes: options.sizes,
  specials: options.specials,
  cdnConnectionBytesPerSecond: options.cdnConnectionBytesPerSecond,
  cdnLinkBytesPerSecond: options.cdnLinkBytesPerSecond,
});

async function shutdown(): Promise<void> {
  await emulator.close();
  process.disconnect?.();
  process.exit(0);
}

process.on('disconnect', () => void shutdown());
process.on('message', (raw) => {
  const request = raw as HostRequest;
  if (request.type === 'stats') {
    const s = emulator.stats;
    const stats: ServedStats = {
      requests: s.requests,
      byKind: { ...s.byKind },
      byStatus: Object.fromEntries(Object.entries(s.byStatus)),
      rateLimited: s.rateLimited,
      bodyBytes: s.bodyBytes,
      contentBytes: s.contentBytes,
      cpuSeconds: cpuNow() - cpuAtReset,
      perFile: request.perFile === true ? s.contentBytesByFile() : undefined,
    };
    send({ type: 'stats', stats });
  } else if (request.type === 'reset') {
    emulator.stats.reset();
    cpuAtReset = cpuNow();
    send({ type: 'reset-done' });
  } else if (request.type === 'close') {
    void shutdown();
  }
});
send({ type: 'ready', endpoint: emulator.endpoint, cdnEndpoint: emulator.cdnEndpoint });
