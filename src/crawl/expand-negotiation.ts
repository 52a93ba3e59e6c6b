/**
 * A listing that refuses some `expand=` values (400) still accepts the others: learn which, and keep them.
 * The Hub's message names the values it accepts (hub/expand-refusal.ts); when a server's message says
 * nothing usable, each value is tried alone on a one-item page. Only when no value can be singled out does
 * the crawl fall back to `full=true` (the caller decides).
 */
import { BadRequestError } from '../errors.js';
import type { HubClient } from '../hub/hub-client.js';
import { parseExpandRefusal, refusedExpandValues } from '../hub/expand-refusal.js';

export interface ExpandNegotiation {
  /** The values to crawl with. */
  kept: string[];
  /** The values the server refused. */
  refused: string[];
  /** How they were learnt: from the error message, or by probing each value with `limit=1`. */
  learnt: 'message' | 'probe';
}

/** Null when no refused value can be singled out (or none is left): the caller falls back to `full`. */
export async function negotiateExpand(
  client: HubClient,
  asked: readonly string[],
  refusal: BadRequestError,
): Promise<ExpandNegotiation | null> {
  let refused = refusedExpandValues(asked, parseExpandRefusal(refusal.message));
  let learnt: ExpandNegotiation['learnt'] = 'message';
  if (refused.length === 0) {
    refused = await probeEach(client, asked);
    learnt = 'probe';
  }
  const kept = asked.filter((value) => !refused.includes(value));
  if (refused.length === 0 || kept.length === 0) return null;
  return { kept, refused, learnt };
}

/** The values a one-item page with that value alone is refused for. */
async function probeEach(client: HubClient, asked: readonly string[]): Promise<string[]> {
  const refused: string[] = [];
  for (const value of asked) {
    const pages = client.listModelPages({ expand: [value], limit: 1 });
    try {
      await pages.next();
    } catch (error) {
      if (!(error instanceof BadRequestError)) throw error;
      refused.push(value);
    } finally {
      await pages.return(undefined);
    }
  }
  return refused;
}
