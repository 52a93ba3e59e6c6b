/**
 * A hostile endpoint that echoes the token back in every way it can (a non-JSON body, a field of the wrong
 * type, X-Request-Id, a redirect URL, percent-encoded, base64) never gets it printed (stderr, stdout,
 * --json, status --json) or stored (any file of the data dir, the catalog and its WAL included).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDataDir } from '../catalog/helpers.js';
import { json, startServer } from '../hub/helpers/test-server.js';
import { runCli } from '../helpers/run-cli.js';

const TOKEN = 'hf_EchoedBackTokenZq8Xw2Lk5Pn7Rt3Vy9';
const SHA = 'c'.repeat(40);

/** The forms a leak could take: raw, fully percent-encoded, and base64 at each alignment. */
function leakForms(): string[] {
  const bytes = Buffer.from(TOKEN);
  const percent = [...bytes].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
  const forms = [TOKEN, percent, percent.toLowerCase()];
  for (const prefix of ['', 'a', 'ab']) {
    const encoded = Buffer.from(prefix + TOKEN).toString('base64');
    // The middle of the encoding depends on the token alone.
    forms.push(encoded.slice(4, encoded.length - 4));
  }
  return forms;
}

function assertNoLeak(text: string, where: string): void {
  for (const form of leakForms()) assert.ok(!text.includes(form), `${where} holds the token (as ${form})`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('a token echoed by the endpoint is never printed or stored, in any encoding', async (t) => {
  const base64 = Buffer.from(`Bearer ${TOKEN}`).toString('base64');
  const percent = [...Buffer.from(TOKEN)].map((b) => `%${b.toString(16)}`).join('');
  const server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const id = url.pathname.replace(/^\/api\/models\/?/, '');
    if (id === '') {
      return json(
        res,
        200,
        ['m0', 'm1', 'm2', 'm3', 'm4'].map((name, i) => ({
          _id: String(i),
          id: `org/${name}`,
          sha: SHA,
          downloads: 100 - i,
        })),
      );
    }
    switch (id) {
      case 'org/m0': // not JSON, with the token in the body and in X-Request-Id
        res.writeHead(200, { 'content-type': 'text/html', 'x-request-id': TOKEN });
        return void res.end(`${TOKEN} <html>`);
      case 'org/m1': // a field of the wrong type holding the token
        return json(res, 200, { _id: '1', id: 'org/m1', sha: SHA, private: TOKEN });
      case 'org/m2': // base64 of the Authorization header in the error text
        return json(res, 403, { error: `denied for ${base64}` });
      case 'org/m3': // a redirect carrying the token in its query
        res.writeHead(307, { location: `/api/models/org/m3-moved?auth=${TOKEN}` });
        return void res.end();
      default: // percent-encoded in X-Error-Message
        res.writeHead(404, { 'x-error-code': 'EntryNotFound', 'x-error-message': `no file for ${percent}` });
        return void res.end();
    }
  });
  t.after(() => server.close());
  const dataDir = tempDataDir(t);
  const common = ['--data-dir', dataDir, '--endpoint', server.origin, '--token', TOKEN];
  const run = await runCli(['run', '--top', '5', '--json', ...common]);
  assert.equal(run.status, 1, `every repo failed, the run went on: ${run.stderr}`);
  // The errors did reach the output, scrubbed.
  assert.match(run.stdout + run.stderr, /<token>/);
  assertNoLeak(run.stdout, 'run --json stdout');
  assertNoLeak(run.stderr, 'run stderr');
  const status = await runCli(['status', '--json', ...common]);
  assert.equal(status.status, 0, status.stderr);
  assertNoLeak(status.stdout, 'status --json');
  for (const file of filesUnder(dataDir)) {
    assertNoLeak(readFileSync(file).toString('latin1'), file);
  }
});
