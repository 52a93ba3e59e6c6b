import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_PACING_OPTIONS } from '../../src/hub/pacing-decision.js';
import { RateLimitPacer } from '../../src/hub/rate-limit-pacer.js';
import { VirtualClock } from './helpers/virtual-clock.js';
import { parseRateLimit, parseRateLimitPolicy } from '../../src/hub/retry-timing.js';

function setup(reserveFraction = 0.25) {
  const clock = new VirtualClock();
  const waits: number[] = [];
  const pacer = new RateLimitPacer({
    clock,
    pacing: { ...DEFAULT_PACING_OPTIONS, reserveFraction },
    onWait: (_bucket, ms) => waits.push(ms),
  });
  return { clock, pacer, waits };
}

describe('RateLimitPacer', () => {
  it('lets requests through while nothing is known', async () => {
    const { pacer, waits } = setup();
    await pacer.acquire('api');
    pacer.release('api');
    assert.deepEqual(waits, []);
  });

  it('after r=0;t=10 the next request waits for the reset plus 1 s', async () => {
    const { clock, pacer, waits } = setup();
    await pacer.acquire('api');
    pacer.observe('api', {
      rateLimit: parseRateLimit('"api";r=0;t=10'),
      policy: parseRateLimitPolicy('"fixed window";"api";q=500;w=300'),
    });
    pacer.release('api');
    const start = clock.now();
    let done = false;
    const next = pacer.acquire('api').then(() => (done = true));
    await clock.advance(10_999);
    assert.equal(done, false, 'must not go before t + 1 s');
    await clock.advance(1);
    await next;
    assert.equal(done, true);
    assert.equal(clock.now() - start, 11_000);
    assert.deepEqual(waits, [11_000]);
    // The window rolled over with the known quota.
    assert.equal(pacer.snapshot('api').remaining, 499);
  });

  it('buckets are independent', async () => {
    const { pacer, waits } = setup();
    pacer.observe('api', { rateLimit: parseRateLimit('"api";r=0;t=30') });
    await pacer.acquire('resolvers');
    assert.deepEqual(waits, []);
  });

  it('uses the bucket the server names', async () => {
    const { pacer } = setup();
    pacer.observe('api', { rateLimit: parseRateLimit('"resolvers";r=7;t=30') });
    assert.equal(pacer.snapshot('resolvers').remaining, 7);
    assert.equal(pacer.snapshot('api').remaining, null);
  });

  it('concurrent requests never exceed the remaining quota before the reset', async () => {
    const { clock, pacer } = setup(0.25);
    // Quota 20 per 60 s window; the server says 12 remain, reset in 29 s.
    pacer.observe('resolvers', {
      rateLimit: parseRateLimit('"resolvers";r=12;t=29'),
      policy: parseRateLimitPolicy('"fixed window";"resolvers";q=20;w=60'),
    });
    const resetAt = clock.now() + 29_000;
    const sentAt: number[] = [];
    const workers = Array.from({ length: 8 }, async () => {
      for (let i = 0; i < 4; i++) {
        await pacer.acquire('resolvers');
        sentAt.push(clock.now());
        pacer.release('resolvers');
      }
    });
    const all = Promise.all(workers);
    await clock.runUntilIdle();
    await all;
    assert.equal(sentAt.length, 32);
    const beforeReset = sentAt.filter((t) => t < resetAt + 1000).length;
    assert.equal(beforeReset, 12, 'exactly the 12 remaining requests go before the reset');
    // The first 7 burst (12 > reserve 5 of q=20), the last 5 are spread out.
    assert.equal(sentAt.filter((t) => t === sentAt[0]).length, 8);
    const spread = sentAt.slice(7, 12);
    for (let i = 1; i < spread.length; i++)
      assert.ok(spread[i]! > spread[i - 1]!, 'spread requests are spaced');
  });

  it('a Retry-After without rate-limit headers blocks the bucket meanwhile', async () => {
    const { clock, pacer, waits } = setup();
    pacer.observe('api', { retryAfterMillis: 2000 });
    const start = clock.now();
    const p = pacer.acquire('api');
    await clock.runUntilIdle();
    await p;
    assert.equal(clock.now() - start, 2000);
    assert.deepEqual(waits, [2000]);
  });

  it("the server's latest count wins over our estimate, less the requests it may not have counted yet", async () => {
    const { pacer } = setup();
    pacer.observe('api', { rateLimit: parseRateLimit('"api";r=100;t=60') });
    await pacer.acquire('api');
    await pacer.acquire('api');
    assert.equal(pacer.snapshot('api').remaining, 98);
    // The first answer comes back; the server had not counted the second request yet.
    pacer.observe('api', { rateLimit: parseRateLimit('"api";r=99;t=60') });
    assert.equal(pacer.snapshot('api').remaining, 98);
    // Someone else on our IP used some quota (the other request in flight may still count against it).
    pacer.observe('api', { rateLimit: parseRateLimit('"api";r=50;t=59') });
    assert.equal(pacer.snapshot('api').remaining, 49);
    // A higher count than our estimate (a new window, or a mirror's stale headers) wins too.
    pacer.observe('api', { rateLimit: parseRateLimit('"api";r=999;t=1') });
    assert.equal(pacer.snapshot('api').remaining, 998);
  });

  it('an abort while waiting rejects and frees the slot', async () => {
    const { pacer } = setup();
    pacer.observe('api', { rateLimit: parseRateLimit('"api";r=0;t=100') });
    const controller = new AbortController();
    const p = pacer.acquire('api', controller.signal);
    controller.abort();
    await assert.rejects(p, { code: 'ABORTED' });
    assert.equal(pacer.snapshot('api').inFlight, 0);
  });
});
