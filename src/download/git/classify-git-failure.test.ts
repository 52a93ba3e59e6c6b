import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyGitFailure, isTransient, type GitFailureKind } from './classify-git-failure.js';

// stderr as git 2.39 / git-lfs 3.3 print it (LC_ALL=C) against the emulator and the Hub
const CASES: Array<[string, GitFailureKind]> = [
  [
    "Cloning into 'x'...\nfatal: could not read Username for 'http://127.0.0.1:37103': terminal prompts disabled",
    'auth-required',
  ],
  [
    "remote: Access to model a/b is restricted and you are not in the authorized list. Visit http://h/a/b to ask for access.\nfatal: unable to access 'http://h/a/b/': The requested URL returned error: 403",
    'gated',
  ],
  [
    "remote: Access to model a/b is restricted. You must have access to it and be authenticated to access it. Please log in.\nfatal: Authentication failed for 'http://h/a/b/'",
    'gated',
  ],
  [
    "remote: Access to this resource is disabled.\nfatal: unable to access 'http://h/a/b/': The requested URL returned error: 403",
    'disabled',
  ],
  ["remote: Repository not found\nfatal: repository 'http://h/a/b/' not found", 'not-found'],
  [
    "remote: Invalid credentials in Authorization header\nfatal: Authentication failed for 'http://h/a/b/'",
    'invalid-credentials',
  ],
  ["fatal: unable to access 'http://h/a/b/': The requested URL returned error: 503", 'server'],
  ["fatal: unable to access 'http://h/a/b/': The requested URL returned error: 429", 'rate-limited'],
  [
    "fatal: unable to access 'http://h/a/b/': Failed to connect to 127.0.0.1 port 1: Connection refused",
    'network',
  ],
  [
    'error: RPC failed; curl 18 transfer closed with outstanding read data remaining\nfatal: early EOF',
    'network',
  ],
  [
    'fatal: remote error: upload-pack: not our ref 4415847ce833e9dbc2a687528669bb63f862254a',
    'revision-missing',
  ],
  [
    `expected OID ${'2c'.repeat(32)}, got ${'8b'.repeat(32)} after 22339 bytes written\nerror: failed to fetch some objects from 'http://h/a/b.git/info/lfs'`,
    'lfs-hash-mismatch',
  ],
  ['[404] Object does not exist on the server', 'lfs-missing'],
  [
    "Errors logged to '/x/.git/lfs/logs/20261128T033300.log'.\nUse `git lfs logs last` to view the log.\nerror: failed to fetch some objects from 'http://h/a/b.git/info/lfs'",
    'network',
  ],
  ['fatal: something nobody expected', 'other'],
];

test('git and git-lfs failures map to the Hub answers behind them', () => {
  for (const [stderr, kind] of CASES) assert.equal(classifyGitFailure(stderr), kind, stderr);
});

test('only network, 5xx, 429 and bad bytes are tried again', () => {
  const transient = CASES.map(([, kind]) => kind).filter(isTransient);
  assert.deepEqual([...new Set(transient)].sort(), [
    'lfs-hash-mismatch',
    'network',
    'rate-limited',
    'server',
  ]);
});
