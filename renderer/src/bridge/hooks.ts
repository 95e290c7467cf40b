// React hooks over the bridge: `useCall` runs a method (again every `refreshMs`, and on demand) and keeps
// its last outcome; `useEvent` listens to a pushed event for the life of a component; `useConnection`
// follows the link to the node.
import { useCallback, useEffect, useRef, useState } from "react";
import type {
  ApiFailure,
  ApiMethodName,
  ApiParams,
  ApiPushEventName,
  ApiPushEvents,
  ApiResult,
  ConnectionState,
} from "../../../electron/contract.js";
import { bridge } from "./index.js";

export interface CallState<R> {
  readonly data: R | undefined;
  readonly error: ApiFailure | undefined;
  readonly loading: boolean;
  refresh(): void;
}

export function useCall<M extends ApiMethodName>(
  method: M,
  params?: ApiParams<M>,
  options: { readonly refreshMs?: number; readonly skip?: boolean } = {},
): CallState<ApiResult<M>> {
  const [data, setData] = useState<ApiResult<M> | undefined>(undefined);
  const [error, setError] = useState<ApiFailure | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify(params ?? {});
  const alive = useRef(true);
  const run = useCallback(() => {
    if (options.skip) return;
    void bridge.call(method, JSON.parse(key) as ApiParams<M>).then((outcome) => {
      if (!alive.current) return;
      setLoading(false);
      if (outcome.ok) {
        setData(outcome.result);
        setError(undefined);
      } else {
        setError(outcome.error);
      }
    });
  }, [method, key, options.skip]);
  useEffect(() => {
    alive.current = true;
    run();
    const timer = options.refreshMs === undefined ? undefined : setInterval(run, options.refreshMs);
    return () => {
      alive.current = false;
      if (timer !== undefined) clearInterval(timer);
    };
  }, [run, options.refreshMs]);
  return { data, error, loading, refresh: run };
}

export function useEvent<E extends ApiPushEventName>(
  event: E,
  listener: (payload: ApiPushEvents[E]) => void,
): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => bridge.on(event, (payload) => latest.current(payload)), [event]);
}

export function useConnection(): ConnectionState {
  const [state, setState] = useState<ConnectionState>("connecting");
  useEffect(() => bridge.onConnection(setState), []);
  return state;
}
