/** What every generator needs to know about the hub it generates for. */
import type { SeedKey } from './random.js';
import type { SizeProfile } from './size-profiles.js';
import { PRIVATE_COUNT, specialsByIndex, type SpecialKind } from './specials.js';

export interface HubContext {
  readonly seed: SeedKey;
  /** Public models an anonymous listing returns (N). */
  readonly listed: number;
  /** Listed plus private models: valid indices are [0, total). */
  readonly total: number;
  readonly specials: ReadonlyMap<number, SpecialKind>;
  readonly profile: SizeProfile;
  /** Number of distinct authors models are drawn from. */
  readonly authorPool: number;
}

export function createHubContext(
  seed: SeedKey,
  listed: number,
  profile: SizeProfile,
  withSpecials: boolean,
): HubContext {
  const total = listed + PRIVATE_COUNT;
  return {
    seed,
    listed,
    total,
    specials: specialsByIndex(listed, withSpecials),
    profile,
    authorPool: Math.max(48, Math.ceil(total / 6)),
  };
}
