// `time-cli [options] <method> [params…]`: any command line that is not an offline command is a JSON-RPC
// call to timed, printed as bitcoin-cli prints it: a string result raw, null as nothing, anything else as
// indented JSON on stdout with exit code 0; an error answer as "error code: N\nerror message:\n…" on
// stderr with exit code 1. -rpcwait tries again, once a second, while the daemon is not up yet.
import { homedir } from "node:os";
import type { CliRun } from "./context.js";
import { CliError, EXIT_NEGATIVE, EXIT_OK } from "./errors.js";
import { callRpc, isRetryable, RPC_IN_WARMUP, type RpcOutcome } from "./rpc-client.js";
import { parseRpcInvocation, type RpcConnection } from "./rpc-options.js";
import { type ParamKinds, paramsJson } from "./rpc-params.js";

const RETRY_INTERVAL_MS = 1000;

export interface RpcCallEnvironment {
  readonly cwd?: string;
  readonly homeDir?: string;
  /** How -rpcwait pauses between tries (tests shorten it). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Runs the call the arguments describe and sets run.exitCode; usage and connection failures throw CliError. */
export async function runRpcCall(
  args: readonly string[],
  run: CliRun,
  env: RpcCallEnvironment = {},
): Promise<void> {
  const invocation = parseRpcInvocation(args, env.cwd ?? process.cwd(), env.homeDir ?? homedir());
  const kinds = await paramKindsOf(invocation.method);
  const params = paramsJson(invocation.params, invocation.connection.named, kinds);
  const outcome = await callWithWait(invocation.connection, invocation.method, params, env.sleep ?? sleep);
  if (outcome.kind === "error") {
    run.io.writeErr(`error code: ${outcome.code}\nerror message:\n${outcome.message}\n`);
    run.exitCode = EXIT_NEGATIVE;
    return;
  }
  run.io.writeOut(formatResult(outcome.result));
  run.exitCode = EXIT_OK;
}

/**
 * The method's params as this build's method table declares them, or null for a method it does not have
 * (a newer daemon's): then every argument is JSON or text. Loaded only for RPC calls, so the offline
 * commands do not load the table.
 */
export async function paramKindsOf(method: string): Promise<ParamKinds | null> {
  const { apiMethods } = await import("../../api/index.js");
  const entry = apiMethods().get(method);
  if (entry === undefined) return null;
  return { names: entry.paramNames, text: entry.textParams, optional: entry.optional };
}

/** bitcoin-cli's printing: strings raw (a hex transaction can be piped on), null as nothing, else JSON. */
export function formatResult(result: unknown): string {
  if (result === null || result === undefined) return "";
  if (typeof result === "string") return `${result}\n`;
  return `${JSON.stringify(result, null, 2)}\n`;
}

async function callWithWait(
  connection: RpcConnection,
  method: string,
  params: string,
  pause: (ms: number) => Promise<void>,
): Promise<RpcOutcome> {
  const deadline = Date.now() + connection.waitTimeoutS * 1000;
  for (;;) {
    const expired = connection.waitTimeoutS > 0 && Date.now() >= deadline;
    try {
      const outcome = await callRpc(connection, method, params);
      const warmingUp = outcome.kind === "error" && outcome.code === RPC_IN_WARMUP;
      if (!connection.wait || !warmingUp || expired) return outcome;
    } catch (err) {
      if (!connection.wait || !isRetryable(err)) throw err;
      if (expired) {
        const detail = err instanceof CliError ? err.message : String(err);
        throw new CliError(
          (err as CliError).code,
          `timed did not answer within -rpcwaittimeout=${connection.waitTimeoutS} s; last try: ${detail}`,
          (err as CliError).payload,
          EXIT_NEGATIVE,
          { cause: err },
        );
      }
    }
    await pause(RETRY_INTERVAL_MS);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
