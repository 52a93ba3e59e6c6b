import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FAULT_PROFILES, parseFaultProfile } from './fault-profiles.js';
import { Faults, type FaultRequest } from './faults.js';

const get = (
  kind: FaultRequest['kind'],
  path: string | null = null,
  repo: string | null = 'a/b',
): FaultRequest => ({ kind, method: 'GET', repo, path });
const fires = (faults: Faults, requests: FaultRequest[]): boolean[] =>
  requests.map((r) => faults.decide(r) !== null);

test('skip, times and every select which matches fire', () => {
  const f = new Faults([{ kind: 'cdn', action: { type: 'reset' }, skip: 1, times: 2 }]);
  assert.deepEqual(
    fires(
      f,
      Array.from({ length: 5 }, () => get('cdn')),
    ),
    [false, true, true, false, false],
  );
  const g = new Faults([{ kind: 'cdn', action: { type: 'reset' }, every: 3 }]);
  assert.deepEqual(
    fires(
      g,
      Array.from({ length: 7 }, () => get('cdn')),
    ),
    [true, false, false, true, false, false, true],
  );
  assert.equal(g.fired, 3);
});

test('rules match kind, repo, method and path globs; the first firing rule wins', () => {
  const f = new Faults([
    { kind: ['resolve', 'cdn'], repo: 'a/b', path: '**/*.safetensors', action: { type: 'corrupt' } },
    { action: { type: 'status', status: 503 } },
  ]);
  assert.deepEqual(f.decide(get('cdn', 'x/model.safetensors')), { type: 'corrupt' });
  assert.deepEqual(f.decide(get('cdn', 'model.safetensors', 'c/d')), { type: 'status', status: 503 });
  assert.deepEqual(f.decide(get('list', null, null)), { type: 'status', status: 503 });
  assert.equal(new Faults([{ method: 'HEAD', action: { type: 'reset' } }]).decide(get('resolve')), null);
  const ids = f.add({ kind: 'tree', action: { type: 'ignore-range' } });
  f.remove(ids[0] as number);
  assert.equal(f.list().length, 2);
  f.clear();
  assert.equal(f.decide(get('cdn')), null);
});

test('profiles, inline JSON and files parse; bad rules are refused with a reason', () => {
  for (const name of Object.keys(FAULT_PROFILES)) assert.ok(Array.isArray(parseFaultProfile(name)));
  assert.deepEqual(parseFaultProfile('{"kind":"cdn","action":{"type":"reset","afterBytes":10},"times":1}'), [
    { kind: 'cdn', action: { type: 'reset', afterBytes: 10 }, times: 1 },
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'faults-'));
  const file = join(dir, 'rules.json');
  writeFileSync(file, JSON.stringify([{ kind: 'list', action: { type: 'status', status: 500 } }]));
  assert.equal(parseFaultProfile(file).length, 1);
  assert.throws(() => parseFaultProfile('nope'), /neither a profile/);
  assert.throws(() => parseFaultProfile('[{"action":{"type":"explode"}}]'), /action.type/);
  assert.throws(
    () => parseFaultProfile('[{"kind":"lists","action":{"type":"reset"}}]'),
    /unknown request kind/,
  );
  assert.throws(() => parseFaultProfile('{"action":{"type":"status","status":200}}'), /error status/);
});
