/** Builds the Hub client a command uses, and turns its retry/wait events into progress lines. */
import { createHubClient, type HubClient, type HubClientEvent } from '../hub/index.js';
import type { CommandContext } from './context.js';
import { formatDuration } from './format.js';

export interface ClientOverrides {
  endpoint?: string;
  connections?: number;
  /** Other clients draw on the same quota (a cluster worker): see PacingOptions.sharedQuota. */
  sharedQuota?: boolean;
}

export function hubClientFor(ctx: CommandContext, overrides: ClientOverrides = {}): HubClient {
  return createHubClient({
    endpoint: overrides.endpoint ?? ctx.config.endpoint,
    token: ctx.config.token,
    signal: ctx.signal,
    connections: overrides.connections,
    ...(overrides.sharedQuota === true ? { pacing: { sharedQuota: true } } : {}),
    onEvent: (event) => {
      const line = describeHubEvent(event);
      if (line !== null) ctx.report.note(line);
    },
  });
}

/** Retries and rate-limit waits are worth a line; plain requests are not. */
export function describeHubEvent(event: HubClientEvent): string | null {
  switch (event.type) {
    case 'retry':
      return `retry ${event.attempt} in ${formatDuration(event.delayMillis)}: ${event.reason}`;
    case 'rate-limit-wait':
      return event.delayMillis >= 1000
        ? `pacing: waiting ${formatDuration(event.delayMillis)} for the Hub's "${event.bucket}" rate limit`
        : null;
    default:
      return null;
  }
}
