// Payments end to end: plan, sign, and the kernel's full check (rules and signatures) against a state
// where the wallet's coins exist. The signed size is the size the fee was computed for, and the kernel's
// fee is the plan's. A randomized run checks that whatever the planner builds the kernel accepts, and that
// it refuses only when the money or the size limit truly does not allow the payment.
import { describe, expect, it } from "vitest";
import { decodeTransaction, transactionSize } from "../../codec/index.js";
import { DUST_LIMIT, MAX_TX_BYTES, minimumFee } from "../../params/index.js";
import { SeededRng } from "../../testing/index.js";
import type { AddressPayload, TxOutput } from "../../types/index.js";
import { fromHex, toHex } from "../../types/index.js";
import type { SigningKey } from "../accounts/index.js";
import { isSettled, type SpendCandidate } from "./coins.js";
import { draftTransaction } from "./draft.js";
import { isSendError, SendError } from "./errors.js";
import { planPayment, type SendPlan } from "./plan.js";
import { previewPlan } from "./preview.js";
import { signPlan } from "./sign.js";
import {
  ALICE,
  BOB,
  CAROL,
  coin,
  KEYS,
  kernelAccepts,
  keyFor,
  NETWORK,
  STRANGER,
  signingKey,
  stateWith,
  time,
} from "./test-support.js";

function pay(amount: bigint, to: AddressPayload = CAROL.address): TxOutput {
  return { amount, address: to };
}

function signingRefusal(fn: () => unknown): SendError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SendError);
    return err as SendError;
  }
  throw new Error("signing succeeded");
}

describe("planPayment + signPlan", () => {
  it("builds a payment the kernel accepts, with the plan's exact size and fee", () => {
    const coins = [coin(time(7), ALICE), coin(time(4), BOB), coin(time(1000), ALICE, { locked: true })];
    const plan = planPayment(NETWORK, { candidates: coins, payments: [pay(time(10))] });
    const asked: string[] = [];
    const signed = signPlan(plan, (address) => {
      asked.push(toHex(address));
      return keyFor()(address);
    });
    // One request per distinct address.
    expect(asked).toEqual([toHex(ALICE.address), toHex(BOB.address)]);
    const verdict = kernelAccepts(signed.transaction, stateWith(coins));
    expect(verdict.fee).toBe(plan.fee);
    expect(verdict.size).toBe(plan.size);
    expect(signed.size).toBe(plan.size);
    expect(plan.fee).toBe(minimumFee(plan.size));
    expect(fromHex(signed.hex).length).toBe(plan.size);
    expect(decodeTransaction(fromHex(signed.hex))).toEqual(signed.transaction);
    expect(signed.txid).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.feeRate).toBeCloseTo(Number(plan.fee) / plan.size, 10);
    // Change back to the largest input's address (ALICE's 7 TIME).
    expect(signed.transaction.outputs[1]?.address).toEqual(ALICE.address);
  });

  it("signs send max, dust-change and manual plans the kernel accepts", () => {
    const coins = [coin(time(3)), coin(time(4), BOB), coin(2_000_000n, CAROL)];
    const view = stateWith(coins);
    const max = planPayment(NETWORK, { candidates: coins, payments: [], sendMaxTo: STRANGER.address });
    expect(kernelAccepts(signPlan(max, keyFor()).transaction, view).fee).toBe(max.fee);
    const withChangeFee = minimumFee(
      transactionSize(draftTransaction([coins[2]!.outpoint], [pay(1n), pay(1n)], null)),
    );
    const dusty = planPayment(NETWORK, {
      candidates: coins,
      payments: [pay(2_000_000n - withChangeFee - DUST_LIMIT + 1n)],
      coinControl: [coins[2]!.outpoint],
    });
    expect(dusty.outputs).toHaveLength(1);
    expect(kernelAccepts(signPlan(dusty, keyFor()).transaction, view).fee).toBe(dusty.fee);
  });

  it("shows a JSON-safe preview of the plan", () => {
    const coins = [coin(time(5))];
    const plan = planPayment(NETWORK, { candidates: coins, payments: [pay(time(2))] });
    const preview = previewPlan(plan, NETWORK);
    expect(JSON.parse(JSON.stringify(preview))).toEqual(preview);
    expect(preview).toMatchObject({
      kind: "payment",
      network: "devnet",
      sent: "2",
      fee: "0.0000207",
      size: 207,
      feeRate: "10.00",
      special: null,
    });
    expect(preview.inputs[0]?.amount).toBe("5");
    expect(preview.outputs.map((o) => [o.amount, o.isChange])).toEqual([
      ["2", false],
      ["2.9999793", true],
    ]);
    expect(preview.outputs[0]?.address.startsWith("TIME0")).toBe(true);
  });

  it("refuses a key that does not own the address, or whose public half is not its secret's", () => {
    const plan = planPayment(NETWORK, { candidates: [coin(time(5))], payments: [pay(time(1))] });
    const wrong = signingRefusal(() => signPlan(plan, () => signingKey(STRANGER)));
    expect(wrong.code).toBe("SEND_WRONG_KEY");
    expect(wrong.payload).toEqual({ role: "input", index: 0 });
    const mismatched: SigningKey = { seed: BOB.seed, publicKey: ALICE.publicKey };
    const failed = signingRefusal(() => signPlan(plan, () => mismatched));
    expect(failed.code).toBe("SEND_SIGNING_FAILED");
    // The error never carries key material.
    expect(JSON.stringify(failed.toObject())).not.toContain(toHex(BOB.seed));
  });

  it("refuses a plan edited after it was made", () => {
    const plan = planPayment(NETWORK, { candidates: [coin(time(5))], payments: [pay(time(1))] });
    const cheaper: SendPlan = { ...plan, fee: plan.fee - 1n };
    expect(signingRefusal(() => signPlan(cheaper, keyFor())).payload).toEqual({ rule: "plan-fee" });
    // Five sat moved from the change into an extra output: same fee, one output more than the size paid for.
    const [payment, change] = plan.outputs as [SendPlan["outputs"][number], SendPlan["outputs"][number]];
    const padded: SendPlan = {
      ...plan,
      outputs: [payment, { ...change, amount: change.amount - 5n }, { ...pay(5n), isChange: false }],
    };
    expect(signingRefusal(() => signPlan(padded, keyFor())).payload).toEqual({ rule: "plan-size" });
  });

  it("randomized: every plan is accepted by the kernel, and every refusal is justified", () => {
    const rng = new SeededRng(2024);
    let built = 0;
    for (let round = 0; round < 300; round++) {
      const coins: SpendCandidate[] = Array.from({ length: 1 + rng.int(12) }, () =>
        coin(BigInt(1_000 + rng.int(5_000_000)), KEYS[rng.int(3)], {
          final: rng.int(4) > 0,
          inBlock: rng.int(2) > 0,
          locked: rng.int(10) === 0,
        }),
      );
      const allowNonFinal = rng.int(2) === 0;
      const sendMax = rng.int(5) === 0;
      const payments = Array.from({ length: sendMax ? rng.int(2) : 1 + rng.int(3) }, () =>
        pay(BigInt(1_000 + rng.int(6_000_000)), KEYS[3 + rng.int(3)]!.address),
      );
      let plan: SendPlan;
      try {
        plan = planPayment(NETWORK, {
          candidates: coins,
          payments,
          allowNonFinal,
          sendMaxTo: sendMax ? STRANGER.address : undefined,
        });
      } catch (err) {
        if (!isSendError(err)) throw err;
        expect(err.code).toBe("SEND_INSUFFICIENT_FUNDS");
        // Justified: even every usable coin cannot pay the payments and the fee.
        const usable = coins.filter((c) => !c.locked && (allowNonFinal || isSettled(c)));
        let total = 0n;
        for (const c of usable) total += c.amount;
        let want = 0n;
        for (const p of payments) want += p.amount;
        const outputs = sendMax ? [...payments, pay(DUST_LIMIT)] : payments;
        const size = transactionSize(
          draftTransaction(
            usable.map((c) => c.outpoint),
            outputs,
            null,
          ),
        );
        expect(total < want + minimumFee(size) + (sendMax ? DUST_LIMIT : 0n)).toBe(true);
        continue;
      }
      const signed = signPlan(plan, keyFor());
      const verdict = kernelAccepts(signed.transaction, stateWith(coins));
      expect(verdict.fee).toBe(plan.fee);
      expect(signed.size).toBe(plan.size);
      expect(plan.size).toBeLessThanOrEqual(MAX_TX_BYTES);
      for (const input of plan.inputs) {
        const source = coins.find((c) => toHex(c.outpoint.txid) === toHex(input.outpoint.txid))!;
        expect(source.locked).toBe(false);
        if (!allowNonFinal) expect(isSettled(source)).toBe(true);
      }
      built++;
    }
    expect(built).toBeGreaterThan(100);
  });
});
