/**
 * Commands on a data dir the demo made talk to the demo's emulated Hub, which is gone once the demo ended:
 * one connection attempt tells, and the command stops at once with what to do, rather than retrying a dead
 * port for a minute.
 */
import { connect } from 'node:net';
import { readDemoMarker } from '../catalog/demo-marker.js';
import { DemoHubGoneError } from '../errors.js';
import { normalizeEndpoint } from '../hub/hub-urls.js';

/** Throws DemoHubGoneError when `endpoint` is the demo's Hub of this data dir and nothing listens there. */
export async function checkDemoHub(dataDir: string, endpoint: string): Promise<void> {
  const marker = readDemoMarker(dataDir);
  if (marker === null || normalizeEndpoint(marker.endpoint) !== endpoint) return;
  if (await listening(new URL(endpoint))) return;
  throw new DemoHubGoneError(
    `this data dir was made by \`hftorrent demo\`, and the demo's emulated Hub (${endpoint}) is not running: ` +
      `it lives only while the demo runs. Run \`hftorrent demo\` again (seed ${marker.seed}, ${marker.models} ` +
      'models: the same data), or give --endpoint',
  );
}

/** True when a TCP connection to the URL's host and port opens; only a refusal counts as "not running". */
function listening(url: URL): Promise<boolean> {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      socket.destroy();
      resolve(error.code !== 'ECONNREFUSED');
    });
  });
}
