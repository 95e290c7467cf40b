// Errors of the simulator: bad options or command-line input, a workload the genesis cannot fund, and a
// run that breaks its own bookkeeping. Consensus failures are not errors: they are counted in the result.
import { NodeCoreError } from "../util/errors.js";

export type SimErrorCode =
  | "SIM_BAD_OPTION"
  | "SIM_BAD_ARGUMENT"
  | "SIM_WORKLOAD_TOO_LARGE"
  | "SIM_ASYNC_STUCK"
  | "SIM_NODE_FAILURE";

export interface SimErrorDetails {
  /** Option or argument at fault. */
  readonly field?: string;
  readonly value?: string;
  readonly node?: number;
  readonly cause?: string;
}

export class SimError extends NodeCoreError<SimErrorCode, Record<SimErrorCode, SimErrorDetails>> {
  override readonly name = "SimError";

  constructor(code: SimErrorCode, message: string, details: SimErrorDetails = {}) {
    super(code, message, details);
  }

  /** The payload, under the name this module has always used. */
  get details(): SimErrorDetails {
    return this.payload;
  }
}

export function isSimError(error: unknown): error is SimError {
  return error instanceof SimError;
}
