// Coin selection: locked collateral is never spent, settled coins come first, pending ones only when
// allowed and needed, manual coin control spends exactly what it lists, "send max" sweeps, dust change
// goes to the fee, and the two refusals (too many inputs, insufficient funds) say what the user can do.
import { describe, expect, it } from "vitest";
import { transactionSize } from "../../codec/index.js";
import { DUST_LIMIT, MAX_TX_BYTES, MAX_TX_OUTPUTS, minimumFee } from "../../params/index.js";
import { SeededRng } from "../../testing/index.js";
import type { OutPoint, TxOutput } from "../../types/index.js";
import type { SpendCandidate } from "./coins.js";
import { draftTransaction } from "./draft.js";
import { SendError, type SendErrorCode } from "./errors.js";
import { type Selection, type SelectionRequest, selectCoins } from "./selection.js";
import { ALICE, BOB, CAROL, coin, outpoint, time } from "./test-support.js";

function pay(amount: bigint, to = CAROL.address): TxOutput {
  return { amount, address: to };
}

function refusal<C extends SendErrorCode>(request: SelectionRequest, code: C): SendError<C> {
  try {
    selectCoins(request);
  } catch (err) {
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).code).toBe(code);
    return err as SendError<C>;
  }
  throw new Error(`expected ${code}, the selection succeeded`);
}

/** The size of the transaction `selection` describes, from the codec, and the fee rule on it. */
function expectExactFee(selection: Selection, change: boolean) {
  const size = transactionSize(
    draftTransaction(
      selection.inputs.map((c) => c.outpoint),
      selection.outputs,
      null,
    ),
  );
  expect(selection.size).toBe(size);
  let inputs = 0n;
  for (const c of selection.inputs) inputs += c.amount;
  let outputs = 0n;
  for (const o of selection.outputs) outputs += o.amount;
  expect(selection.fee).toBe(inputs - outputs);
  if (change) expect(selection.fee).toBe(minimumFee(size));
  else expect(selection.fee >= minimumFee(size)).toBe(true);
}

const amounts = (coins: readonly SpendCandidate[]) => coins.map((c) => c.amount);

describe("selectCoins", () => {
  it("never spends locked collateral, even when it is the only coin large enough", () => {
    const collateral = coin(time(1000), ALICE, { locked: true });
    const small = coin(time(10));
    const s = selectCoins({ candidates: [collateral, small], outputs: [pay(time(5))] });
    expect(s.inputs).toEqual([small]);
    const e = refusal(
      { candidates: [collateral, small], outputs: [pay(time(50))] },
      "SEND_INSUFFICIENT_FUNDS",
    );
    expect(e.payload.spendableSat).toBe(time(10).toString());
  });

  it("spends settled coins first, largest first, and change returns to the largest input's address", () => {
    const pending = coin(time(100), ALICE, { final: false, inBlock: false });
    const finalNotInBlock = coin(time(3), BOB, { final: true, inBlock: false });
    const inBlock = coin(time(4), BOB, { final: false, inBlock: true });
    const s = selectCoins({ candidates: [pending, finalNotInBlock, inBlock], outputs: [pay(time(5))] });
    expect(s.inputs).toEqual([inBlock, finalNotInBlock]);
    expect(s.outputs).toEqual([
      { ...pay(time(5)), isChange: false },
      { address: BOB.address, amount: time(7) - time(5) - s.fee, isChange: true },
    ]);
    expectExactFee(s, true);
  });

  it("uses pending coins only when allowed and needed, and reports them when not allowed", () => {
    const pending = coin(time(100), ALICE, { final: false, inBlock: false });
    const settled = coin(time(4), BOB);
    const candidates = [pending, settled];
    const e = refusal({ candidates, outputs: [pay(time(8))] }, "SEND_INSUFFICIENT_FUNDS");
    expect(e.payload.notFinalSat).toBe(time(100).toString());
    expect(e.message).toMatch(/100 TIME more is in coins still waiting for finality/);
    // Allowed but not needed: still only the settled coin.
    expect(selectCoins({ candidates, outputs: [pay(time(3))], allowNonFinal: true }).inputs).toEqual([
      settled,
    ]);
    // Allowed and needed: settled first, then the pending one.
    expect(selectCoins({ candidates, outputs: [pay(time(8))], allowNonFinal: true }).inputs).toEqual([
      settled,
      pending,
    ]);
  });

  it("is deterministic: the candidates' order does not matter, equal amounts order by txid then index", () => {
    const coins = [
      coin(time(2), ALICE, { outpoint: outpoint(9, 1) }),
      coin(time(2), ALICE, { outpoint: outpoint(9, 0) }),
      coin(time(2), ALICE, { outpoint: outpoint(3, 4) }),
      coin(time(1), ALICE, { outpoint: outpoint(1, 0) }),
      coin(time(5), BOB, { outpoint: outpoint(7, 0) }),
    ];
    const rng = new SeededRng(11);
    const first = selectCoins({ candidates: coins, outputs: [pay(time(10))] });
    expect(first.inputs.map((c) => c.outpoint)).toEqual([
      outpoint(7, 0),
      outpoint(3, 4),
      outpoint(9, 0),
      outpoint(9, 1),
    ]);
    for (let i = 0; i < 20; i++) {
      const shuffled = [...coins].sort(() => rng.int(3) - 1);
      expect(selectCoins({ candidates: shuffled, outputs: [pay(time(10))] })).toEqual(first);
    }
  });

  it("sends change to a named address instead when asked", () => {
    const s = selectCoins({
      candidates: [coin(time(10))],
      outputs: [pay(time(1))],
      changeAddress: BOB.address,
    });
    expect(s.outputs[1]).toMatchObject({ address: BOB.address, isChange: true });
  });

  it("adds change below the dust limit to the fee", () => {
    const want = time(1);
    const withChangeFee = minimumFee(
      transactionSize(draftTransaction([outpoint(1)], [pay(want), pay(DUST_LIMIT)], null)),
    );
    // One sat short of a dust-sized change: no change output, the rest is fee.
    const short = coin(want + withChangeFee + DUST_LIMIT - 1n);
    const s = selectCoins({ candidates: [short], outputs: [pay(want)] });
    expect(s.outputs).toEqual([{ ...pay(want), isChange: false }]);
    expect(s.fee).toBe(withChangeFee + DUST_LIMIT - 1n);
    expectExactFee(s, false);
    // Exactly enough for a dust-sized change: it is kept.
    const exact = coin(want + withChangeFee + DUST_LIMIT);
    const t = selectCoins({ candidates: [exact], outputs: [pay(want)] });
    expect(t.outputs[1]).toEqual({ address: ALICE.address, amount: DUST_LIMIT, isChange: true });
    expectExactFee(t, true);
  });

  it("spends exactly the coins of manual coin control, all of them", () => {
    const big = coin(time(50));
    const a = coin(time(2));
    const b = coin(time(3), BOB);
    const s = selectCoins({
      candidates: [big, a, b],
      outputs: [pay(time(1))],
      coinControl: [a.outpoint, b.outpoint],
    });
    // Both used though one would do, in selection order (largest first): change to BOB's address.
    expect(s.inputs).toEqual([b, a]);
    expect(s.outputs[1]).toMatchObject({ address: BOB.address, amount: time(4) - s.fee, isChange: true });
    expectExactFee(s, true);
    const e = refusal(
      { candidates: [big, a, b], outputs: [pay(time(5))], coinControl: [a.outpoint, b.outpoint] },
      "SEND_INSUFFICIENT_FUNDS",
    );
    expect(e.payload.spendableSat).toBe(time(5).toString());
  });

  it("refuses manual coin control naming a coin it cannot spend", () => {
    const locked = coin(time(1000), ALICE, { locked: true });
    const pending = coin(time(5), ALICE, { final: false, inBlock: false });
    const ok = coin(time(5));
    const candidates = [locked, pending, ok];
    const reason = (coinControl: OutPoint[], allowNonFinal = false) =>
      refusal({ candidates, outputs: [pay(time(1))], coinControl, allowNonFinal }, "SEND_COIN_UNAVAILABLE")
        .payload.reason;
    expect(reason([ok.outpoint, outpoint(999_999)])).toBe("unknown-or-spent");
    expect(reason([locked.outpoint])).toBe("locked-collateral");
    expect(reason([ok.outpoint, ok.outpoint])).toBe("duplicate");
    expect(reason([pending.outpoint])).toBe("not-final");
    expect(
      selectCoins({
        candidates,
        outputs: [pay(time(1))],
        coinControl: [pending.outpoint],
        allowNonFinal: true,
      }).inputs,
    ).toEqual([pending]);
    const e = refusal({ candidates, outputs: [pay(time(1))], coinControl: [] }, "SEND_BAD_REQUEST");
    expect(e.payload.rule).toBe("coin-control-empty");
  });

  it("sends max: every usable coin, no change, the sweep gets all but the fee", () => {
    const coins = [coin(time(3)), coin(time(4), BOB), coin(time(1000), ALICE, { locked: true })];
    const s = selectCoins({ candidates: coins, outputs: [], sweepTo: CAROL.address });
    expect(amounts(s.inputs)).toEqual([time(4), time(3)]);
    expect(s.outputs).toEqual([{ address: CAROL.address, amount: time(7) - s.fee, isChange: false }]);
    expectExactFee(s, true);
    // With a fixed payment beside it.
    const t = selectCoins({
      candidates: coins,
      outputs: [pay(time(2), BOB.address)],
      sweepTo: CAROL.address,
    });
    expect(t.outputs.map((o) => o.amount)).toEqual([time(2), time(5) - t.fee]);
    expectExactFee(t, true);
    // Nothing left after the fee: refused.
    const e = refusal(
      { candidates: [coin(1_500n)], outputs: [], sweepTo: CAROL.address },
      "SEND_INSUFFICIENT_FUNDS",
    );
    expect(e.payload.neededSat).toBe((minimumFee(s.size - 132) + DUST_LIMIT).toString());
  });

  it("pays a chosen fee rate for the exact size, never less than the network minimum", () => {
    const coins = [coin(time(3)), coin(time(4), BOB)];
    const minimum = selectCoins({ candidates: coins, outputs: [pay(time(2))] });
    const chosen = selectCoins({ candidates: coins, outputs: [pay(time(2))], feeRate: 25 });
    expect(chosen.size).toBe(minimum.size);
    expect(chosen.fee).toBe(BigInt(chosen.size) * 25n);
    expect(chosen.fee).toBeGreaterThan(minimum.fee);
    const change = chosen.outputs.find((o) => o.isChange);
    expect(change?.amount).toBe(time(4) - time(2) - chosen.fee);
    // At the minimum rate a small transaction still pays the network's floor.
    expect(selectCoins({ candidates: coins, outputs: [pay(time(2))], feeRate: 10 }).fee).toBe(minimum.fee);
    // Send max leaves the chosen fee out of the sweep.
    const sweep = selectCoins({ candidates: coins, outputs: [], sweepTo: CAROL.address, feeRate: 40 });
    expect(sweep.fee).toBe(BigInt(sweep.size) * 40n);
    expect(sweep.outputs[0]?.amount).toBe(time(7) - sweep.fee);
    // The higher fee is counted when deciding whether the coins suffice.
    const e = refusal(
      { candidates: [coin(time(2) + minimum.fee)], outputs: [pay(time(2))], feeRate: 1_000 },
      "SEND_INSUFFICIENT_FUNDS",
    );
    expect(BigInt(e.payload.neededSat) - time(2)).toBeGreaterThan(minimum.fee);
  });

  it("refuses a fee rate below the network minimum, above the cap or not a whole number", () => {
    const candidates = [coin(time(10))];
    for (const feeRate of [9, 1_001, 12.5, Number.NaN]) {
      const e = refusal({ candidates, outputs: [pay(time(1))], feeRate }, "SEND_BAD_REQUEST");
      expect(e.payload.rule).toBe("fee-rate");
      expect(e.message).toMatch(/from 10 \(the network minimum\) to 1000/);
    }
  });

  it("refuses a payment needing more inputs than fit in one transaction, suggesting consolidation", () => {
    const dust = Array.from({ length: 900 }, () => coin(1_000_000n));
    const e = refusal({ candidates: dust, outputs: [pay(time(8))] }, "SEND_TOO_MANY_INPUTS");
    expect(e.message).toMatch(/consolidate first/);
    const { maxInputs, inputsNeeded } = e.payload;
    expect(inputsNeeded).toBeGreaterThan(maxInputs);
    const sizeWith = (n: number) =>
      transactionSize(
        draftTransaction(
          dust.slice(0, n).map((c) => c.outpoint),
          [pay(time(8))],
          null,
        ),
      );
    expect(sizeWith(maxInputs)).toBeLessThanOrEqual(MAX_TX_BYTES);
    expect(sizeWith(maxInputs + 1)).toBeGreaterThan(MAX_TX_BYTES);
    // The largest payment that fits is still made.
    const fits = selectCoins({ candidates: dust, outputs: [pay(time(7))] });
    expect(fits.size).toBeLessThanOrEqual(MAX_TX_BYTES);
    // Send max over all of them does not fit either.
    refusal({ candidates: dust, outputs: [], sweepTo: CAROL.address }, "SEND_TOO_MANY_INPUTS");
    // Not enough money at all: that is the refusal, not the size.
    refusal({ candidates: dust, outputs: [pay(time(10))] }, "SEND_INSUFFICIENT_FUNDS");
  });

  it("reports spendable and needed amounts when funds are insufficient", () => {
    const e = refusal({ candidates: [coin(time(2))], outputs: [pay(time(2))] }, "SEND_INSUFFICIENT_FUNDS");
    const fee = minimumFee(transactionSize(draftTransaction([outpoint(1)], [pay(time(2))], null)));
    expect(e.payload).toEqual({
      spendableSat: time(2).toString(),
      neededSat: (time(2) + fee).toString(),
      notFinalSat: "0",
    });
    expect(e.message).toBe(
      "insufficient funds: 2 TIME spendable in 1 coin(s), 2.0000179 TIME needed (2 to send plus a fee of 0.0000179)",
    );
    refusal({ candidates: [], outputs: [pay(time(1))] }, "SEND_INSUFFICIENT_FUNDS");
  });

  it("refuses malformed requests before choosing coins", () => {
    const candidates = [coin(time(10))];
    const rule = (outputs: TxOutput[]) => refusal({ candidates, outputs }, "SEND_BAD_REQUEST").payload.rule;
    expect(rule([])).toBe("no-recipients");
    expect(rule([pay(time(1)), pay(DUST_LIMIT - 1n)])).toBe("output-dust");
    expect(rule([{ amount: time(1), address: new Uint8Array(19) }])).toBe("output-address");
    expect(rule(Array.from({ length: MAX_TX_OUTPUTS + 1 }, () => pay(DUST_LIMIT)))).toBe("too-many-outputs");
    expect(rule([pay((1n << 63n) - 1n), pay(1n << 62n)])).toBe("amount-overflow");
  });

  it("lists an outpoint the tracker repeats only once", () => {
    const a = coin(time(2));
    const s = selectCoins({ candidates: [a, a, coin(time(1))], outputs: [pay(time(2))] });
    expect(s.inputs.map((c) => c.amount)).toEqual([time(2), time(1)]);
  });
});
