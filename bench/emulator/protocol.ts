/** The messages between the bench and the emulator host process (Node IPC). */
import type { SizeProfile, SizeProfileName } from '../../src/emulator/index.js';

export interface HostOptions {
  models: number;
  seed: string;
  sizes: SizeProfileName | SizeProfile;
  specials: boolean;
  /** The CDN's cap per connection, bytes per second (default none). */
  cdnConnectionBytesPerSecond?: number;
  /** The CDN's cap over all connections, bytes per second (default none). */
  cdnLinkBytesPerSecond?: number;
}

export type HostRequest = { type: 'stats'; perFile?: boolean } | { type: 'reset' } | { type: 'close' };

/** What the emulator served since the last reset. */
export interface ServedStats {
  requests: number;
  byKind: Record<string, number>;
  byStatus: Record<string, number>;
  rateLimited: number;
  /** Every body byte (API JSON included). */
  bodyBytes: number;
  /** File bytes only (200/206 bodies of resolve-cache, raw and CDN answers). */
  contentBytes: number;
  /** CPU seconds (user + system) the emulator process spent: what serving this side cost the server. */
  cpuSeconds: number;
  /** File bytes per file, keyed `<repo id>/<commit>/<path>`, when asked for. */
  perFile?: Record<string, number>;
}

export type HostMessage =
  | { type: 'ready'; endpoint: string; cdnEndpoint: string }
  | { type: 'stats'; stats: ServedStats }
  | { type: 'reset-done' }
  | { type: 'error'; message: string };
