// Public surface of Snowball transaction finality.
export { bitsetLength, packBits, readBit, unpackBits } from "./bitset.js";
export { ConflictSet } from "./conflict-set.js";
export { SnowballError, type SnowballErrorCode, type SnowballErrorPayload } from "./errors.js";
export type {
  FinalityListener,
  FinalityState,
  FinalityStatus,
  SnowballEvents,
  SnowballModules,
  SnowballOutbox,
  SnowballStats,
  ValidatorWeight,
} from "./interface.js";
export {
  DEFAULT_SNOWBALL_OPTIONS,
  resolveSnowballOptions,
  type SnowballOptions,
  validateSnowballOptions,
} from "./options.js";
export { type WeightedEntry, WeightedSampler } from "./sampler.js";
export { Snowball } from "./snowball.js";
