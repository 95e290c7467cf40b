// The node's own plan of a payment (previewsend): the exact inputs, outputs, change, fee and size that
// sendtoaddress would sign now. Asked again, debounced, whenever the request or the wallet's coins change,
// so the fee beside the amount and the Review page show what will be signed, not an estimate.
import { useEffect, useState } from "react";
import type { ApiFailure, ApiResult } from "../../../../electron/contract.js";
import { bridge } from "../../bridge/index.js";
import { coinControlInputs } from "./coin-control.js";

export type SendPreview = ApiResult<"previewsend">;

export interface PreviewRequest {
  readonly wallet: string;
  readonly address: string;
  /** TIME, decimal string. */
  readonly amount: string;
  readonly subtractFee: boolean;
  /** Manual coin control, "txid:vout" each; empty lets the wallet choose. */
  readonly coins: readonly string[];
  /** sat per byte; null pays the network minimum. */
  readonly feeRate: number | null;
}

export interface PreviewState {
  readonly preview: SendPreview | null;
  readonly error: ApiFailure | null;
  readonly pending: boolean;
}

const DEBOUNCE_MS = 250;

/**
 * The preview of `request` (null while it is not ready to ask); `version` is anything that changes when
 * the wallet's coins do (e.g. its balances), so a stale plan is asked again.
 */
export function usePreview(request: PreviewRequest | null, version: unknown): PreviewState {
  const [state, setState] = useState<PreviewState>({ preview: null, error: null, pending: false });
  const key = request === null ? null : JSON.stringify(request);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the request's content and `version` for the coins
  useEffect(() => {
    if (request === null) {
      setState({ preview: null, error: null, pending: false });
      return;
    }
    setState((previous) => ({ ...previous, pending: true }));
    const inputs = coinControlInputs(request.coins);
    let live = true;
    const timer = setTimeout(() => {
      void bridge
        .call("previewsend", {
          address: request.address,
          amount: request.amount,
          subtractfeefromamount: request.subtractFee,
          wallet_name: request.wallet,
          ...(inputs !== null && inputs.length > 0 ? { inputs } : {}),
          ...(request.feeRate === null ? {} : { fee_rate: request.feeRate }),
        })
        .then((outcome) => {
          if (!live) return;
          setState(
            outcome.ok
              ? { preview: outcome.result, error: null, pending: false }
              : { preview: null, error: outcome.error, pending: false },
          );
        });
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, version]);
  return state;
}
