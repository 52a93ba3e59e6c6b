import {
  createHubClient,
  type HubClient,
  type HubClientEvent,
  type HubClientOptions,
} from '../../../src/hub/index.js';
import { VirtualClock } from './virtual-clock.js';

/** A client with an instant virtual clock (waits are recorded, not waited), no jitter, and recorded events. */
export function testClient(
  endpoint: string,
  options: Partial<HubClientOptions> = {},
): { client: HubClient; clock: VirtualClock; events: HubClientEvent[] } {
  const clock = options.clock instanceof VirtualClock ? options.clock : new VirtualClock({ instant: true });
  const events: HubClientEvent[] = [];
  const client = createHubClient({
    endpoint,
    clock,
    random: () => 0,
    retry: { limit: 4, baseDelayMillis: 100, maxDelayMillis: 1000 },
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { client, clock, events };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
