// Helpers the method groups share: the tip or a clear "not ready", an address param parsed for the active
// network (Bitcoin's -5 "Invalid address" with the reason), confirmations, and a block looked up by hash.
import type { ChainTip, ChainView } from "../../db/index.js";
import { AddressError, parseAddress } from "../../keys/index.js";
import type { NetworkParams } from "../../params/index.js";
import type { AddressPayload, CertifiedBlock, Hash32 } from "../../types/index.js";
import { ApiError } from "../errors.js";

export function tipOf(view: ChainView): ChainTip {
  const tip = view.getTip();
  if (tip === null) throw new ApiError("API_NOT_READY", "the chain has no blocks yet");
  return tip;
}

export function parseAddressParam(params: NetworkParams, text: string, param: string): AddressPayload {
  try {
    return parseAddress(text, params);
  } catch (error) {
    if (error instanceof AddressError) {
      throw new ApiError("API_NOT_FOUND", `invalid address: ${error.message}`, { param, reason: error.code });
    }
    throw error;
  }
}

/** Blocks on top of and including `height` (1 for the tip). */
export function confirmations(tip: ChainTip, height: bigint): number {
  return Number(tip.height - height + 1n);
}

export async function blockByHash(view: ChainView, hash: Hash32): Promise<CertifiedBlock> {
  const block = await view.getBlockByHash(hash);
  if (block === null) throw new ApiError("API_NOT_FOUND", "block not found");
  return block;
}
