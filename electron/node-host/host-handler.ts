// The node host's side of the message protocol: answers each call from main with an ApiOutcome (an API
// refusal is data; so is any other failure), keeps main's chosen set of pushed events subscribed, and hands
// a stop request to the host's shutdown. Transport-free: host-main.ts feeds it process.parentPort's
// messages and passes the send function.
import { type Api, subscribePushEvents, toApiError } from "../../node-core/api/index.js";
import type { ApiOutcome, HostToMainMessage } from "../contract.js";

export interface HostHandlerDeps {
  readonly api: Pick<Api, "call" | "runtime">;
  readonly send: (message: HostToMainMessage) => void;
  readonly stop: (reason: string) => void;
  /** Where a message of main that the host cannot use is reported (the host's log). */
  readonly warn: (message: string) => void;
}

export interface HostHandler {
  handle(message: unknown): Promise<void>;
  /** Drops the event subscription (on shutdown). */
  close(): void;
}

/** The outcome of one call, never rejecting. */
export async function outcomeOf(
  api: Pick<Api, "call">,
  method: string,
  params: unknown,
): Promise<ApiOutcome<unknown>> {
  try {
    return { ok: true, result: await api.call(method, params) };
  } catch (error) {
    const failure = toApiError(error);
    const data = failure.data;
    return {
      ok: false,
      error: {
        code: failure.code,
        message: failure.message,
        ...(data !== undefined && Object.keys(data).length > 0 ? { data } : {}),
      },
    };
  }
}

export function createHostHandler(deps: HostHandlerDeps): HostHandler {
  let unsubscribe: (() => void) | null = null;
  const close = () => {
    unsubscribe?.();
    unsubscribe = null;
  };
  return {
    close,
    async handle(message) {
      if (typeof message !== "object" || message === null)
        return deps.warn("ignored a message that is not an object");
      const m = message as Record<string, unknown>;
      if (m.kind === "call") {
        if (!Number.isSafeInteger(m.id)) return deps.warn("ignored a call without a numeric id");
        const id = m.id as number;
        const outcome =
          typeof m.method === "string"
            ? await outcomeOf(deps.api, m.method, m.params)
            : ({
                ok: false,
                error: { code: "API_INVALID_REQUEST", message: "the call names no method" },
              } as const);
        deps.send({ kind: "outcome", id, ...outcome });
        return;
      }
      if (m.kind === "subscribe") {
        if (!Array.isArray(m.events)) return deps.warn("ignored a subscribe without an event list");
        close();
        try {
          unsubscribe = subscribePushEvents(deps.api.runtime, m.events, (event, payload) =>
            deps.send({ kind: "push", event, payload }),
          );
        } catch (error) {
          deps.warn(`could not subscribe: ${error instanceof Error ? error.message : String(error)}`);
        }
        return;
      }
      if (m.kind === "stop") {
        close();
        deps.stop(typeof m.reason === "string" ? m.reason.slice(0, 200) : "stop requested by the app");
        return;
      }
      deps.warn(`ignored a message of unknown kind ${String(m.kind).slice(0, 32)}`);
    },
  };
}
