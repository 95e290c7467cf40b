// Errors of the metrics layer: options out of range, a bad argument to the anomaly detector (a p2p host bug),
// and a baseline that could not be written. Reading a baseline never throws: a missing, corrupt or foreign
// file is reported by load() and the detector starts fresh.
import { NodeCoreError } from "../util/errors.js";

export interface MetricsErrorPayloads {
  /** An option is out of range; `option` names it, `actual` is what was given. */
  METRICS_BAD_OPTIONS: { readonly option: string; readonly actual: string };
  /** An observe...() call got an argument it cannot use (an empty peer id, a non-finite time). */
  METRICS_BAD_INPUT: { readonly argument: string; readonly actual: string };
  /** save() could not write the baseline file; `reason` is the file system's message. */
  METRICS_BASELINE_WRITE_FAILED: { readonly path: string; readonly reason: string };
}

export type MetricsErrorCode = keyof MetricsErrorPayloads;

export class MetricsError<C extends MetricsErrorCode = MetricsErrorCode> extends NodeCoreError<
  C,
  MetricsErrorPayloads
> {
  override name = "MetricsError";
}
