// Public surface of TSDC block agreement: the engine, its options and contract, the slot clock, the
// stake-weighted VRF proposer ranking, proposer-proof and certificate verification.
export type { Candidacy } from "../../codec/index.js";
export {
  buildCertificate,
  type CertificateFault,
  type CertificateFaultCode,
  certificateSignatureChecks,
  verifyCertificate,
  verifyCertifiedBlock,
} from "./certificate.js";
export { TsdcEngine } from "./engine.js";
export { TsdcError, type TsdcErrorCode, type TsdcErrorPayload } from "./errors.js";
export { VERDICT_CLASSES } from "./intake.js";
export type {
  BuildBlockParams,
  Equivocation,
  IgnoreReason,
  RoundSnapshot,
  TsdcEvents,
  TsdcMessage,
  TsdcModules,
  TsdcOutbox,
  TsdcSelf,
  TsdcSnapshot,
  TsdcStats,
  TsdcStep,
  TsdcTip,
  TsdcVerdict,
  TsdcVerdictReason,
} from "./interface.js";
export {
  DEFAULT_TSDC_TIMING,
  resolveTsdcOptions,
  type TsdcOptions,
  type TsdcOptionsInput,
} from "./options.js";
export {
  evaluateCandidacy,
  evaluateDraw,
  evaluateHeaderProposer,
  headerVrfCheck,
  isProposerFault,
  makeCandidacy,
  type ProposerDraw,
  type ProposerFault,
  type ProposerFaultCode,
  verifyProposerProof,
} from "./proposer.js";
export {
  bestCandidate,
  compareCandidates,
  outranks,
  type RankedCandidate,
  rankCandidates,
  SCORE_DENOMINATOR,
  scoreUnit,
} from "./ranking.js";
export { SlotClock } from "./slot.js";
export { NIL_HASH, NIL_HASH_HEX } from "./vote-tally.js";
