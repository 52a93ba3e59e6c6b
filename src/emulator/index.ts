/**
 * The Hub emulator: a faithful local Hugging Face Hub for tests, the offline demo and benchmarks.
 *
 *   const hub = await startEmulator({ models: 200, seed: 1 });
 *   // hub.endpoint is the client's endpoint; hub.hub computes expected results; hub.faults scripts failures
 *   await hub.close();
 */
export {
  startEmulator,
  describeEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from './start-emulator.js';
export { SyntheticHub, type SyntheticHubOptions } from './hub/synthetic-hub.js';
export type { HubModel, Gated, BaseModelRef } from './hub/hub-model.js';
export type { HubFile, LfsInfo, RepoCommit } from './hub/repo-commits.js';
export {
  SIZE_PROFILES,
  TAIL_PROFILE,
  type SizeProfile,
  type SizeProfileName,
  type RepoShape,
} from './hub/size-profiles.js';
export {
  SPECIAL_RANKS,
  PRIVATE_OWNER,
  MANY_FILES,
  THOUSANDS_OF_FILES,
  type Specials,
  type SpecialKind,
} from './hub/specials.js';
export { EXPAND_PROPERTIES } from './hub/model-views.js';
/** Seeded randomness (the bench's and the tests' kill schedules use it too). */
export { Rng, seedKey } from './hub/random.js';
export { parseFaultProfile, FAULT_PROFILES } from './http/fault-profiles.js';
export type { FaultRule, FaultAction, FaultController } from './http/faults.js';
export type { RequestKind } from './http/request-kind.js';
export type { EmulatorStats } from './http/stats.js';
export type { TokenGrant } from './http/auth.js';
export type { RateLimitBucket, RateLimitQuota } from './http/rate-limiter.js';
export { lfsPointerText } from './hub/git-objects.js';
