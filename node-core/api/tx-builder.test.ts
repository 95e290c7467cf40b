// The faucet's spend builder on the wallet planner: what it signs passes the kernel, pending change may be
// spent, and a wallet refusal arrives as an ApiError carrying the wallet's code.
import { describe, expect, it } from "vitest";
import { transactionId } from "../codec/index.js";
import { verifyAll } from "../crypto/index.js";
import { checkTransaction, MapStateView } from "../kernel/index.js";
import { DEVNET } from "../params/index.js";
import { deriveTestKeys } from "../testing/index.js";
import { SAT_PER_TIME } from "../types/index.js";
import type { SpendCandidate } from "../wallet/index.js";
import { ApiError } from "./errors.js";
import { buildSignedSpend } from "./tx-builder.js";

const [faucet, user] = deriveTestKeys("api-tx-builder", 2) as [
  ReturnType<typeof deriveTestKeys>[number],
  ReturnType<typeof deriveTestKeys>[number],
];
const key = { seed: faucet.seed, publicKey: faucet.publicKey };

function coinOf(n: number, amount: bigint, final: boolean, inBlock: boolean): SpendCandidate {
  const txid = new Uint8Array(32).fill(n);
  return { outpoint: { txid, index: 0 }, amount, address: faucet.address, final, inBlock, locked: false };
}

describe("buildSignedSpend", () => {
  it("signs a spend the kernel accepts, using pending change when the settled coins fall short", () => {
    const coins = [coinOf(1, 3n * SAT_PER_TIME, true, true), coinOf(2, 10n * SAT_PER_TIME, false, false)];
    const tx = buildSignedSpend(DEVNET, key, coins, [{ amount: 5n * SAT_PER_TIME, address: user.address }]);
    expect(tx.inputs.map((i) => i.prevout.txid[0])).toEqual([1, 2]);
    const view = new MapStateView();
    for (const c of coins)
      view.setUtxo(c.outpoint, { amount: c.amount, address: c.address, height: 1n, isReward: false });
    const verdict = checkTransaction(tx, transactionId(tx), view, { chainId: DEVNET.chainId, height: 2n });
    expect(verifyAll(verdict.signatureChecks).every(Boolean)).toBe(true);
  });

  it("reports a wallet refusal as API_MISC_ERROR with the wallet's code", () => {
    let caught: unknown;
    try {
      buildSignedSpend(
        DEVNET,
        key,
        [coinOf(1, SAT_PER_TIME, true, true)],
        [{ amount: 2n * SAT_PER_TIME, address: user.address }],
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).code).toBe("API_MISC_ERROR");
    expect((caught as ApiError).data).toMatchObject({
      reason: "SEND_INSUFFICIENT_FUNDS",
      details: { spendableSat: "100000000", notFinalSat: "0" },
    });
    expect((caught as ApiError).message).toMatch(/^insufficient funds: 1 TIME spendable/);
  });
});
