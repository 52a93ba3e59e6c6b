/** Builds the Hub client a command uses, and turns its retry/wait events into progress lines. */
import { OfflineError } from '../errors.js';
import { createHubClient, type HubClient, type HubClientEvent, type HubClientOptions } from '../hub/index.js';
import type { CommandContext } from './context.js';
import { formatDuration } from './format.js';

export interface ClientOverrides {
  endpoint?: string;
  connections?: number;
  /** The Hub is an emulator inside this process (`demo`): no network, so HF_HUB_OFFLINE does not stop it. */
  inProcessHub?: boolean;
  /** Other clients draw on the same quota (a cluster worker): see PacingOptions.sharedQuota. */
  sharedQuota?: boolean;
}

/**
 * The one way a command gets to the network, so the one place HF_HUB_OFFLINE stops it: before any request,
 * with a line saying why.
 */
export function hubClientFor(ctx: CommandContext, overrides: ClientOverrides = {}): HubClient {
  return createHubClient(clientOptionsFor(ctx, overrides));
}

/** The client's options from the command's configuration (proxy, timeouts); throws OfflineError offline. */
export function clientOptionsFor(
  ctx: Pick<CommandContext, 'command' | 'config' | 'signal' | 'report'>,
  overrides: ClientOverrides = {},
): HubClientOptions {
  const { network } = ctx.config;
  const endpoint = overrides.endpoint ?? ctx.config.endpoint;
  if (network.offline && overrides.inProcessHub !== true) {
    throw new OfflineError(
      `HF_HUB_OFFLINE is set: \`${ctx.command}\` needs the network (${endpoint}); ` +
        'select, status, export and report work offline',
    );
  }
  return {
    endpoint,
    token: ctx.config.token,
    signal: ctx.signal,
    connections: overrides.connections,
    proxy: network.proxy,
    // HF_HUB_DOWNLOAD_TIMEOUT: as the official client uses it, the wait for an answer and between its chunks
    headersTimeoutMillis: network.requestTimeoutMillis,
    bodyTimeoutMillis: network.requestTimeoutMillis,
    ...(overrides.sharedQuota === true ? { pacing: { sharedQuota: true } } : {}),
    onEvent: (event) => {
      const line = describeHubEvent(event);
      if (line !== null) ctx.report.note(line);
    },
  };
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
