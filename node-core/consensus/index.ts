// Public surface shared by every consensus engine (TSDC, Snowball): the verdict an engine returns for an
// incoming peer message. Engine-specific surfaces stay in their own index files.

export * from "./runtime.js";
export * from "./schemes.js";
export {
  ACCEPT,
  ignore,
  reject,
  type Verdict,
  type VerdictKind,
  verdictFor,
} from "./verdict.js";
export * from "./virtual-time.js";
export * from "./voting-set.js";
