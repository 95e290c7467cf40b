// Public surface of the crypto layer: hashes, the one ed25519 verify and signing, batch verification and the
// ECVRF used for proposer selection.
export * from "./ed25519.js";
export * from "./errors.js";
export * from "./hash.js";
export * from "./verify-pool.js";
export {
  VRF_OUTPUT_BYTES,
  VRF_PROOF_BYTES,
  VRF_PUBLIC_KEY_BYTES,
  VRF_SEED_BYTES,
  VrfError,
  type VrfErrorCode,
  vrfProofToHash,
  vrfProve,
  vrfPublicKey,
  vrfVerify,
} from "./vrf.js";
