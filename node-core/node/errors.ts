// Errors of the node's composition root: building failed part-way (what was built is closed again), or a
// call reached a node that is closed.
import { NodeCoreError } from "../util/errors.js";

export interface NodeErrorPayloads {
  /**
   * A service failed to build; `service` names it, `reason` is its error's message, `closed` lists the
   * services built before it, in the order they were closed again.
   */
  NODE_BUILD_FAILED: {
    readonly service: string;
    readonly reason: string;
    readonly closed: readonly string[];
  };
  NODE_CLOSED: Record<string, never>;
  /** The chain store has no tip, or no block at its tip height. */
  NODE_STORE_INCONSISTENT: { readonly height?: string };
}

export type NodeErrorCode = keyof NodeErrorPayloads;

export class NodeError<C extends NodeErrorCode = NodeErrorCode> extends NodeCoreError<C, NodeErrorPayloads> {
  override name = "NodeError";
}
