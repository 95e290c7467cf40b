// JSON-RPC to the run's daemons with their cookies, for what a test arranges or checks outside the UI
// (funding from the faucet, a second wallet, a conflicting spend). Errors carry the method and code only:
// params may hold passwords and are never put in a message.
import { readFile } from "node:fs/promises";
import { runNode } from "./run-info.js";

export class RpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
  ) {
    super(`${method}: ${message} (code ${code})`);
  }
}

export async function rpc<T = unknown>(
  node: number,
  method: string,
  params: unknown[] | Record<string, unknown> = [],
): Promise<T> {
  const info = runNode(node);
  if (info === undefined) throw new RangeError(`the run's devnet has no node ${node}`);
  const cookie = (await readFile(info.cookie, "utf8")).trim();
  const response = await fetch(info.rpc, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Basic ${Buffer.from(cookie).toString("base64")}`,
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { result?: T; error?: { code: number; message: string } | null };
  if (body.error) throw new RpcError(method, body.error.code, body.error.message);
  return body.result as T;
}

/** Polls `probe` every `pollMs` until it gives a value (not null); fails after `timeoutMs` naming `what`. */
export async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | null>,
  pollMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== null) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`${what}: not after ${timeoutMs} ms${last ? ` (${String(last)})` : ""}`);
}

export interface WalletTx {
  readonly txid: string;
  readonly status: string;
  readonly status_text: string;
  readonly final_ms: number | null;
  /** What the wallet paid in fees (its sends), TIME decimal string. */
  readonly fee: string | null;
  readonly reason: string | null;
}

export async function walletTx(node: number, wallet: string, txid: string): Promise<WalletTx | null> {
  try {
    return await rpc<WalletTx>(node, "gettransaction", { txid, wallet_name: wallet });
  } catch (error) {
    if (error instanceof RpcError) return null; // not known to that wallet yet
    throw error;
  }
}

/** A unique wallet name per test run, so tests never share a wallet. */
export function walletName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}
