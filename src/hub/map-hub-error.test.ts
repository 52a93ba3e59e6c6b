import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BadRequestError,
  DisabledRepoError,
  EntryNotFoundError,
  GatedRepoError,
  HttpError,
  InvalidCredentialsError,
  RateLimitedError,
  RepoNotFoundError,
  RevisionNotFoundError,
  ServerError,
} from '../errors.js';
import { isRepoUrl, mapHubError, serverMessage, type HubErrorInput } from './map-hub-error.js';
import { parseRateLimit, parseRateLimitPolicy } from './retry-timing.js';

const API = 'http://127.0.0.1:1/api/models/org/model';
const RESOLVE = 'http://127.0.0.1:1/org/model/resolve/main/config.json';
const LIST = 'http://127.0.0.1:1/api/models?limit=10';

describe('mapHubError: every row of reference §4.2', () => {
  const rows: Array<[string, HubErrorInput, new (...args: never[]) => Error, string]> = [
    [
      'missing repo, anonymous (401, no code) on the API',
      {
        status: 401,
        url: API,
        errorMessage: 'Invalid username or password.',
        body: '{"error":"Invalid username or password."}',
      },
      RepoNotFoundError,
      'REPO_NOT_FOUND',
    ],
    [
      'private repo, anonymous, on resolve (text body)',
      { status: 401, url: RESOLVE, body: 'Invalid username or password.' },
      RepoNotFoundError,
      'REPO_NOT_FOUND',
    ],
    [
      'missing or private repo, authenticated (404 RepoNotFound)',
      { status: 404, url: API, errorCode: 'RepoNotFound' },
      RepoNotFoundError,
      'REPO_NOT_FOUND',
    ],
    [
      'invalid token',
      { status: 401, url: API, errorMessage: 'Invalid credentials in Authorization header' },
      InvalidCredentialsError,
      'INVALID_CREDENTIALS',
    ],
    [
      'invalid token said only in the JSON body',
      { status: 401, url: RESOLVE, body: '{"error":"Invalid credentials in Authorization header"}' },
      InvalidCredentialsError,
      'INVALID_CREDENTIALS',
    ],
    [
      'missing file (404 EntryNotFound)',
      {
        status: 404,
        url: RESOLVE,
        errorCode: 'EntryNotFound',
        errorMessage: 'Entry not found',
        body: 'Entry not found',
      },
      EntryNotFoundError,
      'ENTRY_NOT_FOUND',
    ],
    [
      'bad revision (404 RevisionNotFound)',
      {
        status: 404,
        url: API,
        errorCode: 'RevisionNotFound',
        errorMessage: 'Invalid rev id: nope',
        body: '{"error":"Invalid rev id: nope"}',
      },
      RevisionNotFoundError,
      'REVISION_NOT_FOUND',
    ],
    [
      'gated, anonymous (401 GatedRepo)',
      {
        status: 401,
        url: RESOLVE,
        errorCode: 'GatedRepo',
        errorMessage:
          'Access to model org/model is restricted. You must have access to it and be authenticated to access it. Please log in.',
      },
      GatedRepoError,
      'GATED_REPO',
    ],
    [
      'gated, authenticated, not approved (403 GatedRepo)',
      {
        status: 403,
        url: RESOLVE,
        errorCode: 'GatedRepo',
        errorMessage: 'Access to model org/model is restricted and you are not in the authorized list.',
      },
      GatedRepoError,
      'GATED_REPO',
    ],
    [
      'disabled repo (403, message)',
      { status: 403, url: RESOLVE, errorMessage: 'Access to this resource is disabled.' },
      DisabledRepoError,
      'REPO_DISABLED',
    ],
    [
      'disabled repo said only in the body',
      { status: 403, url: RESOLVE, body: 'Access to this resource is disabled.' },
      DisabledRepoError,
      'REPO_DISABLED',
    ],
    [
      'bad expand value (400)',
      { status: 400, url: LIST, body: '{"error":"\\"expand\\" must be one of [author, sha]"}' },
      BadRequestError,
      'BAD_REQUEST',
    ],
    [
      'rate limited (429)',
      {
        status: 429,
        url: LIST,
        rateLimit: parseRateLimit('"api";r=0;t=55'),
        rateLimitPolicy: parseRateLimitPolicy('"fixed window";"api";q=500;w=300'),
      },
      RateLimitedError,
      'RATE_LIMITED',
    ],
    [
      'range not satisfiable (416)',
      { status: 416, url: RESOLVE, range: 'bytes=99-', contentRange: 'bytes */10' },
      HttpError,
      'HTTP_ERROR',
    ],
    ['server error (500)', { status: 500, url: API, body: 'oops' }, ServerError, 'SERVER_ERROR'],
    ['bad gateway (502)', { status: 502, url: API }, ServerError, 'SERVER_ERROR'],
    [
      'forbidden without a known cause (403)',
      { status: 403, url: RESOLVE, body: 'Forbidden' },
      HttpError,
      'HTTP_ERROR',
    ],
    [
      '401 off a repo URL is not "repo not found"',
      { status: 401, url: LIST, body: 'nope' },
      HttpError,
      'HTTP_ERROR',
    ],
    ['other statuses (410)', { status: 410, url: API }, HttpError, 'HTTP_ERROR'],
  ];
  for (const [name, input, type, code] of rows) {
    it(name, () => {
      const error = mapHubError({ ...input, requestId: 'Root=1-abc' });
      assert.ok(error instanceof type, `${error.constructor.name} is not ${type.name}`);
      assert.equal(error.code, code);
      assert.equal(error.status, input.status);
      assert.equal(error.url, input.url);
      assert.equal(error.requestId, 'Root=1-abc');
    });
  }

  it('applies the mapping order: a code wins over the message and the status', () => {
    // GatedRepo beats the 401-on-repo-URL rule; RevisionNotFound beats a disabled message.
    assert.ok(mapHubError({ status: 401, url: API, errorCode: 'GatedRepo' }) instanceof GatedRepoError);
    assert.ok(
      mapHubError({
        status: 404,
        url: API,
        errorCode: 'RevisionNotFound',
        errorMessage: 'Access to this resource is disabled.',
      }) instanceof RevisionNotFoundError,
    );
    assert.ok(
      mapHubError({ status: 404, url: API, errorCode: 'EntryNotFound', body: 'x' }) instanceof
        EntryNotFoundError,
    );
  });

  it('says useful things in its messages', () => {
    const rate = mapHubError({
      status: 429,
      url: LIST,
      rateLimit: parseRateLimit('"api";r=0;t=55'),
      rateLimitPolicy: parseRateLimitPolicy('"fixed window";"api";q=500;w=300'),
      retryAfterSeconds: 56,
    });
    assert.match(
      rate.message,
      /'api' bucket; retry after 56 s \(0\/500 requests remaining in the current 300 s window\)/,
    );
    assert.equal((rate as RateLimitedError).retryAfterSeconds, 56);
    assert.match(
      mapHubError({ status: 416, url: RESOLVE, range: 'bytes=99-', contentRange: 'bytes */10' }).message,
      /bytes=99- of a 10-byte file/,
    );
    const entry = mapHubError({
      status: 404,
      url: RESOLVE,
      errorCode: 'EntryNotFound',
      repoId: 'org/model',
      path: 'a.bin',
    });
    assert.match(entry.message, /org\/model: a\.bin/);
    assert.equal(entry.repoId, 'org/model');
  });

  it('never repeats the token', () => {
    const error = mapHubError({
      status: 500,
      url: API,
      body: 'bad header Bearer hf_secret123',
      secret: 'hf_secret123',
    });
    assert.doesNotMatch(error.message, /hf_secret123/);
  });
});

describe('serverMessage', () => {
  it('prefers X-Error-Message, unquoted', () =>
    assert.equal(serverMessage({ errorMessage: '"Restricted"', body: 'b' }), 'Restricted'));
  it('reads {"error": [...]} and error_description', () => {
    assert.equal(serverMessage({ body: '{"error":["a","b"]}' }), 'a; b');
    assert.equal(serverMessage({ body: '{"error":"e","error_description":"d"}' }), 'e (d)');
    assert.equal(serverMessage({ body: '{"message":"m"}' }), 'm');
  });
  it('falls back to the first text line, cut', () => {
    assert.equal(serverMessage({ body: 'Entry not found\nmore' }), 'Entry not found');
    assert.equal(serverMessage({ body: 'x'.repeat(400) })?.length, 303);
    assert.equal(serverMessage({}), null);
  });
});

describe('isRepoUrl', () => {
  it('knows repo URLs', () => {
    assert.equal(isRepoUrl(API), true);
    assert.equal(isRepoUrl('http://h/api/datasets/x/y/tree/main'), true);
    assert.equal(isRepoUrl(RESOLVE), true);
    assert.equal(isRepoUrl(LIST), false);
    assert.equal(isRepoUrl('http://h/api/whoami-v2'), false);
  });
});
