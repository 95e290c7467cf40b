// The shared components and helpers every page uses (the other pages import from here; keep it stable).
export { Amount } from "./Amount.js";
export { amountParts, formatSats, formatSatsPlain, parseAmount, sumAmounts, toSats } from "./amount.js";
export { Button, type ButtonProps } from "./Button.js";
export { Card } from "./Card.js";
export { CopyButton } from "./CopyButton.js";
export { Drawer } from "./Drawer.js";
export { downloadText } from "./download.js";
export { ErrorMessage } from "./ErrorMessage.js";
export { readableError } from "./errors.js";
export { Field, type FieldMessage } from "./Field.js";
export { epochMs, formatAge, formatCount, formatDateTime, formatLatency, shortId } from "./format.js";
export { Modal } from "./Modal.js";
export { ProgressBar } from "./ProgressBar.js";
export {
  formatPaymentUri,
  isPaymentUri,
  type PaymentRequest,
  type PaymentUriProblem,
  parsePaymentUri,
} from "./payment-uri.js";
export { StatusChip } from "./StatusChip.js";
export { chipView, isSettled, statusOfEvent, statusOfRow, type TxStatus } from "./status.js";
export { Toasts } from "./Toasts.js";
