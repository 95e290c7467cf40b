// Public surface of wallet sending: recipient and amount parsing, coin selection, payment and masternode
// plans (the preview confirmed before signing), their JSON-safe preview, signing, errors.
export { type ParseAmountOptions, parseAmount } from "./amount.js";
export { compareCoins, isSettled, type SpendCandidate } from "./coins.js";
export * from "./errors.js";
export {
  type DeregistrationRequest,
  type OwnedMasternode,
  type PayoutChangeRequest,
  planDeregistration,
  planPayoutChange,
  planRegistration,
  type RegistrationRequest,
} from "./masternode.js";
export * from "./options.js";
export {
  type PaymentRequest,
  type PlanInput,
  type PlanSpecial,
  planPayment,
  type SendPlan,
  type SendPlanKind,
} from "./plan.js";
export { type PlanPreview, previewPlan } from "./preview.js";
export { checkRecipient, parseRecipient, type RecipientCheck } from "./recipient.js";
export {
  type CoinChoice,
  feeFor,
  type PlannedOutput,
  type Selection,
  type SelectionRequest,
  selectCoins,
} from "./selection.js";
export { type SignedSend, type SignOptions, signPlan } from "./sign.js";
