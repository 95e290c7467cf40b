// The TSDC service's one error type. Thrown only for caller mistakes (bad options, bad weights handed to
// the ranking, an operator secret that does not match the claimed id, malformed certificate input);
// anything a peer sends is never thrown about: it is ignored, or returned as a typed fault.
import { NodeCoreError } from "../../util/errors.js";

export type TsdcErrorCode =
  | "TSDC_BAD_OPTIONS"
  | "TSDC_BAD_SLOT_CLOCK"
  | "TSDC_BAD_WEIGHT"
  | "TSDC_BAD_VRF_OUTPUT"
  | "TSDC_BAD_SELF"
  | "TSDC_BAD_CERTIFICATE_INPUT";

export interface TsdcErrorPayload {
  /** Option or argument at fault. */
  readonly field?: string;
  /** The offending value, printed (never key material). */
  readonly value?: string;
}

export class TsdcError extends NodeCoreError<TsdcErrorCode, Record<TsdcErrorCode, TsdcErrorPayload>> {
  override readonly name = "TsdcError";

  constructor(code: TsdcErrorCode, message: string, payload: TsdcErrorPayload = {}, options?: ErrorOptions) {
    super(code, `${code}: ${message}`, payload, options);
  }
}
