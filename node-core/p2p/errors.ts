// Error codes of the p2p host, with payloads.
import { NodeCoreError } from "../util/errors.js";

export interface P2pErrorPayloads {
  /** A listen, bootstrap or dial address is neither host:port nor a multiaddr. */
  P2P_BAD_ADDRESS: { readonly address: string };
  /** A call the host's state does not allow (started twice, dial before start, a second handler). */
  P2P_STATE: Record<string, never>;
  /** An option out of range; `option` names it. */
  P2P_BAD_OPTIONS: { readonly option: string; readonly reason: string };
}

export type P2pErrorCode = keyof P2pErrorPayloads;

export class P2pError<C extends P2pErrorCode = P2pErrorCode> extends NodeCoreError<C, P2pErrorPayloads> {
  override name = "P2pError";
}
