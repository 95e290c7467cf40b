// Errors of the crypto layer: one class with a machine-readable `code` and a typed payload. Verification
// never throws (a bad signature is `false`); these are for misuse (a seed of the wrong size, a bad pool
// option) and for the worker pool's lifecycle (closed pool, crashed worker). Messages and payloads never
// carry key material.
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

export function isCryptoError(value: unknown): value is CryptoError {
  return value instanceof CryptoError;
}
