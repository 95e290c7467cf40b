// Errors of the crypto layer: one class with a machine-readable `code` and a typed payload. Verification
// never throws (a bad signature is `false`); these are for misuse (a seed of the wrong size, a bad pool
// option), for the worker pool's lifecycle (closed pool, crashed worker) and for VRF misuse (VrfError).
// Messages and payloads never carry key material.
import { NodeCoreError } from "../util/errors.js";

export type CryptoErrorCode =
  | "ED25519_BAD_SEED_LENGTH"
  | "POOL_BAD_THREADS"
  | "POOL_CLOSED"
  | "POOL_WORKER_CRASHED";

/** Details a caller may log (never secret material). */
export interface CryptoErrorPayload {
  /** The offending length (seed) or option value (threads). */
  readonly length?: number;
  readonly threads?: number;
  /** Worker thread id and exit code when a verification worker died. */
  readonly threadId?: number;
  readonly exitCode?: number;
  /** Message of the worker's uncaught error, when it reported one before dying. */
  readonly reason?: string;
}

export class CryptoError<C extends CryptoErrorCode = CryptoErrorCode> extends NodeCoreError<
  C,
  Record<CryptoErrorCode, CryptoErrorPayload>
> {
  override readonly name = "CryptoError";

  constructor(code: C, message: string, payload: CryptoErrorPayload = {}, options?: ErrorOptions) {
    super(code, message, payload, options);
  }
}

export type VrfErrorCode = "VRF_BAD_SEED" | "VRF_BAD_PROOF";

/** Details a caller may log (never key material). */
export interface VrfErrorPayload {
  /** Length of the offending seed or proof, when it was a byte array. */
  readonly length?: number;
  /** Which check a malformed proof failed. */
  readonly reason?: "length" | "gamma-encoding" | "gamma-small-order" | "s-not-reduced";
}

/** Misuse of the VRF (a seed of the wrong size, a malformed proof handed to proof_to_hash). */
export class VrfError<C extends VrfErrorCode = VrfErrorCode> extends NodeCoreError<
  C,
  Record<VrfErrorCode, VrfErrorPayload>
> {
  override readonly name = "VrfError";

  constructor(code: C, message: string, payload: VrfErrorPayload = {}, options?: ErrorOptions) {
    super(code, message, payload, options);
  }
}

export function isCryptoError(value: unknown): value is CryptoError {
  return value instanceof CryptoError;
}
