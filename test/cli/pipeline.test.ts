/**
 * The commands end to end, as a user types them: against the emulator, into a temp data dir, with global
 * options placed after the command name and values coming from the environment.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/run-cli.js';

let emulator: RunningEmulator;
let dataDir: string;

before(async () => {
  emulator = await startEmulator({ models: 120, seed: 5 });
  dataDir = mkdtempSync(join(tmpdir(), 'hft-cli-'));
});
after(async () => {
  await emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('crawl with global options after the command name', async () => {
  const r = await runCli(['crawl', '--data-dir', dataDir, '--endpoint', emulator.endpoint, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as { snapshot: { models: number; endpoint: string } };
  assert.equal(summary.snapshot.models, emulator.hub.size);
  assert.equal(summary.snapshot.endpoint, emulator.endpoint);
  assert.ok(existsSync(join(dataDir, 'huggingface', 'catalog.db')));
});

test('select takes HF_TORRENT_SHRINKAGE and writes split_urls on the crawled endpoint', async () => {
  const r = await runCli(['select', '--shards', '4', '--json', '--data-dir', dataDir], {
    HF_TORRENT_SHRINKAGE: '0.25',
  });
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as { selection: { count: number; total: number } };
  assert.equal(summary.selection.count, Math.floor(emulator.hub.size * 0.25));
  const dir = join(dataDir, 'huggingface', 'split_urls');
  const lines = readdirSync(dir)
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .filter((l) => l !== '');
  assert.equal(lines.length, summary.selection.count);
  for (const line of lines) assert.ok(line.startsWith(`${emulator.endpoint}/`), line);
});

test('a bad shrinkage is a one-line error naming its source, exit 2, and nothing changes', async () => {
  for (const [args, env, name] of [
    [['select', '--shrinkage', '1.5'], {}, '--shrinkage'],
    [['select'], { HF_TORRENT_SHRINKAGE: 'lots' }, 'HF_TORRENT_SHRINKAGE'],
    [['select', '--shrinkage', '0'], {}, '--shrinkage'],
  ] as const) {
    const r = await runCli([...args, '--data-dir', dataDir], { ...env });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(name));
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
  const s = await runCli(['status', '--json', '--data-dir', dataDir]);
  assert.equal((JSON.parse(s.stdout) as { selection: { count: number } }).selection.count, 30);
});

test('bad flag values exit 2 with one line', async () => {
  for (const args of [
    ['download', '--concurrency', '0'],
    ['download', '--max-bytes', 'lots'],
    ['download', '--shard', '9/4'],
    ['download', '--method', 'ftp'],
    ['export', '--format', 'xml'],
    ['crawl', '--endpoint', 'ftp://nope'],
  ]) {
    const r = await runCli([...args, '--data-dir', dataDir]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  const env = await runCli(['crawl', '--data-dir', dataDir], { HF_ENDPOINT: 'not a url' });
  assert.equal(env.status, 2);
  assert.match(env.stderr, /HF_ENDPOINT/);
});

test('download then export record the downloaded commit; status reports it', async () => {
  const d = await runCli(['download', '--data-dir', dataDir, '--json', '--concurrency', '4']);
  const summary = JSON.parse(d.stdout) as { repos: { total: number; verified: number; failed: number } };
  assert.equal(summary.repos.total, 30);
  assert.equal(d.status, summary.repos.failed > 0 ? 1 : 0);
  assert.ok(summary.repos.verified > 0);
  const e = await runCli(['export', '--data-dir', dataDir, '--quiet']);
  assert.equal(e.status, 0, e.stderr);
  assert.equal(e.stdout, '');
  const records = JSON.parse(
    readFileSync(join(dataDir, 'huggingface', 'json', 'huggingface.json'), 'utf8'),
  ) as Array<{
    ModelName: string;
    LatestGitCommitSHA: string;
  }>;
  assert.equal(records.length, 30);
  const s = await runCli(['status', '--data-dir', dataDir]);
  assert.equal(s.status, 0);
  assert.match(s.stdout, /verified/);
});

test('download --verify re-hashes what is on disk and repairs a file damaged behind its back', async () => {
  const selected = readFileSync(join(dataDir, 'huggingface', 'split_urls', 'split_url_0.txt'), 'utf8')
    .split('\n')
    .map((l) => l.slice(emulator.endpoint.length + 1))
    .filter((id) => id !== '');
  const victim = selected
    .map((id) => ({ id, file: emulator.hub.files(id, emulator.hub.listedSha(id)).find((f) => f.size > 16) }))
    .find(
      (x) => x.file !== undefined && existsSync(join(dataDir, 'huggingface', 'repos', x.id, x.file.path)),
    );
  assert.ok(victim?.file, 'a downloaded file to damage');
  const path = join(dataDir, 'huggingface', 'repos', victim.id, victim.file.path);
  const good = readFileSync(path);
  const bad = Buffer.from(good);
  bad[8] = (bad[8] ?? 0) ^ 0xff; // same size, different bytes
  writeFileSync(path, bad);

  const trusting = await runCli(['download', '--json', '--data-dir', dataDir]);
  assert.equal((JSON.parse(trusting.stdout) as { bytes: { fetched: number } }).bytes.fetched, 0);

  const r = await runCli(['download', '--verify', '--json', '--data-dir', dataDir]);
  const summary = JSON.parse(r.stdout) as { repos: { failed: number }; bytes: { fetched: number } };
  assert.equal(summary.repos.failed, 0, r.stderr);
  assert.equal(summary.bytes.fetched, victim.file.size);
  assert.deepEqual(readFileSync(path), good);
});

test('a second mutating run on the same data dir is refused while one runs', async () => {
  // Another process: within one process the data-dir lock is reentrant (run holds it across its stages).
  const [slow] = emulator.faults.add({ kind: 'list', action: { type: 'delay', headersMillis: 3000 } });
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/helpers/cli-child.ts', 'crawl', '--fresh', '--data-dir', dataDir, '--quiet'],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    const lock = join(dataDir, 'huggingface', 'hftorrent.lock');
    for (let i = 0; i < 200 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 50));
    const second = await runCli(['select', '--data-dir', dataDir]);
    assert.equal(second.status, 3, second.stderr);
    assert.match(second.stderr, /in use by another hf-torrent run/);
    assert.equal(second.stderr.trim().split('\n').length, 1);
  } finally {
    child.kill('SIGKILL');
    await exited;
    if (slow !== undefined) emulator.faults.remove(slow);
  }
});

test('select --top K with the default 100 shards: K files, none empty, as the summary says', async () => {
  const r = await runCli(['select', '--top', '7', '--data-dir', dataDir]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /selected 7 of \d+ models .*; 7 split_urls files in /);
  const dir = join(dataDir, 'huggingface', 'split_urls');
  const files = readdirSync(dir).sort();
  assert.equal(files.length, 7);
  for (const f of files)
    assert.equal(readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).length, 1, f);
});
