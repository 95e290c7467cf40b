// Calls on the current wallet that re-run whenever its events bump the session revision, so a page shows
// what changed without polling.
import { useEffect, useRef } from "react";
import type { ApiMethodName, ApiParams, ApiResult } from "../../../electron/contract.js";
import { type CallState, useCall } from "../bridge/hooks.js";
import { useSession, useWalletName } from "./session.js";

type WalletMethod = {
  [M in ApiMethodName]: ApiParams<M> extends { wallet_name?: string } ? M : never;
}[ApiMethodName];

export function useWalletCall<M extends WalletMethod>(
  method: M,
  params: Omit<ApiParams<M>, "wallet_name">,
  options: { readonly refreshMs?: number; readonly skip?: boolean; readonly onRevision?: boolean } = {},
): CallState<ApiResult<M>> {
  const wallet = useWalletName();
  const revision = useSession((s) => s.revision);
  const state = useCall(method, { ...params, wallet_name: wallet } as ApiParams<M>, {
    ...(options.refreshMs === undefined ? {} : { refreshMs: options.refreshMs }),
    skip: options.skip === true || wallet === "",
  });
  const first = useRef(true);
  const refresh = state.refresh;
  const follow = options.onRevision !== false;
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run on each new revision
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (follow) refresh();
  }, [revision]);
  return state;
}
