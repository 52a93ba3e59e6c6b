import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CREDENTIAL_HELPER, FALLBACK_PATH, gitEnvironment, TOKEN_VARIABLE } from './git-environment.js';

const TOKEN = 'hf_secret_token_value';

function config(env: Record<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < Number(env.GIT_CONFIG_COUNT); i++) {
    out.set(env[`GIT_CONFIG_KEY_${i}`] as string, env[`GIT_CONFIG_VALUE_${i}`] as string);
  }
  return out;
}

test('only the allowlist is inherited; no prompts, no user or system config, no LFS smudge', () => {
  const env = gitEnvironment({
    inherited: {
      PATH: '/opt/bin',
      https_proxy: 'http://proxy:3128',
      GIT_ASKPASS: '/bin/askpass',
      GIT_DIR: '/x',
      HOME: '/root',
    },
    home: '/tmp/private-home',
    endpoint: 'https://huggingface.co',
  });
  assert.equal(env.PATH, '/opt/bin');
  assert.equal(env.https_proxy, 'http://proxy:3128');
  assert.equal(env.GIT_ASKPASS, undefined);
  assert.equal(env.GIT_DIR, undefined);
  assert.equal(env.HOME, '/tmp/private-home');
  assert.equal(env.GIT_TERMINAL_PROMPT, '0');
  assert.equal(env.GIT_CONFIG_NOSYSTEM, '1');
  assert.equal(env.GIT_LFS_SKIP_SMUDGE, '1');
  assert.equal(env[TOKEN_VARIABLE], undefined);
  assert.equal(config(env).get('credential.helper'), '');
  assert.equal(gitEnvironment({ inherited: {}, home: '/h', endpoint: 'http://x' }).PATH, FALLBACK_PATH);
});

test('the token is in one variable of the child only; the helper answers for the endpoint origin alone', () => {
  const env = gitEnvironment({
    inherited: {},
    home: '/h',
    endpoint: 'http://127.0.0.1:8080/prefix',
    token: TOKEN,
    config: [['lfs.url', 'http://127.0.0.1:8080/a/b.git/info/lfs']],
  });
  assert.equal(env[TOKEN_VARIABLE], TOKEN);
  const entries = config(env);
  assert.equal(entries.get('credential.http://127.0.0.1:8080.helper'), CREDENTIAL_HELPER);
  assert.equal(entries.get('lfs.url'), 'http://127.0.0.1:8080/a/b.git/info/lfs');
  for (const [name, value] of Object.entries(env)) {
    if (name !== TOKEN_VARIABLE) assert.ok(!value.includes(TOKEN), `${name} carries the token`);
  }
});
