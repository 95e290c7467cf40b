// Masternode transactions end to end: registration, payout change and deregistration are planned, signed
// and then checked by the kernel (rules and every signature) against a state where the coins and, after
// registration, the masternode exist; each rule the planner checks first has its own refusal.
import { describe, expect, it } from "vitest";
import { transactionId } from "../../codec/index.js";
import { isValidNetworkAddress, type MapStateView } from "../../kernel/index.js";
import { MASTERNODE_TIERS, type MasternodeTier } from "../../params/index.js";
import { bytesEqual, type MasternodeRecord } from "../../types/index.js";
import type { SpendCandidate } from "./coins.js";
import { SendError, type SendErrorCode } from "./errors.js";
import {
  type OwnedMasternode,
  planDeregistration,
  planPayoutChange,
  planRegistration,
  type RegistrationRequest,
} from "./masternode.js";
import { previewPlan } from "./preview.js";
import { signPlan } from "./sign.js";
import {
  ALICE,
  BOB,
  CAROL,
  coin,
  HEIGHT,
  kernelAccepts,
  keyFor,
  NETWORK,
  OPERATOR,
  outpoint,
  STRANGER,
  signingKey,
  stateWith,
  time,
} from "./test-support.js";

const NETWORK_ADDRESS = "node1.example.org:24200";

function refusal<C extends SendErrorCode>(fn: () => unknown, code: C): SendError<C> {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).code).toBe(code);
    return err as SendError<C>;
  }
  throw new Error(`expected ${code}, it succeeded`);
}

/** A registered Bronze masternode of ALICE's, in a state that also holds `coins`. */
function registered(coins: SpendCandidate[], collateralAmount = time(1000)) {
  const record: MasternodeRecord = {
    collateral: outpoint(77_000),
    collateralAmount,
    collateralPublicKey: ALICE.publicKey,
    operatorPublicKey: OPERATOR.publicKey,
    payoutAddress: BOB.address,
    networkAddress: NETWORK_ADDRESS,
    registeredHeight: 10n,
  };
  const collateral = coin(collateralAmount, ALICE, { outpoint: record.collateral, locked: true });
  const view: MapStateView = stateWith([...coins, collateral]);
  view.setMasternode(record);
  const owned: OwnedMasternode = record;
  return { view, record, owned, candidates: [...coins, collateral] };
}

describe("planRegistration", () => {
  const collateral = coin(time(1000));
  const feeCoin = coin(time(5), BOB);
  const request: RegistrationRequest = {
    candidates: [collateral, feeCoin],
    collateral: collateral.outpoint,
    tier: "bronze",
    operatorPublicKey: OPERATOR.publicKey,
    payoutAddress: CAROL.address,
    networkAddress: NETWORK_ADDRESS,
  };

  it("builds a registration the kernel accepts: collateral kept, fee from another coin, change back", () => {
    const plan = planRegistration(NETWORK, request);
    // The collateral is the larger coin but is never spent by its registration.
    expect(plan.inputs.map((i) => i.outpoint)).toEqual([feeCoin.outpoint]);
    expect(plan.outputs).toEqual([{ address: BOB.address, amount: time(5) - plan.fee, isChange: true }]);
    const signed = signPlan(plan, keyFor(), { operatorKey: signingKey(OPERATOR) });
    const verdict = kernelAccepts(signed.transaction, stateWith(request.candidates));
    expect(verdict.fee).toBe(plan.fee);
    expect(verdict.size).toBe(plan.size);
    expect(verdict.masternodeChange?.after).toEqual({
      collateral: collateral.outpoint,
      collateralAmount: time(1000),
      collateralPublicKey: ALICE.publicKey,
      operatorPublicKey: OPERATOR.publicKey,
      payoutAddress: CAROL.address,
      networkAddress: NETWORK_ADDRESS,
      registeredHeight: HEIGHT,
    });
    expect(previewPlan(plan, NETWORK).special).toMatchObject({
      kind: "masternodeRegistration",
      tier: "bronze",
    });
  });

  it("registers every tier the collateral reaches, the tier following from the amount", () => {
    for (const tier of MASTERNODE_TIERS) {
      const amount = tier.collateral === 0n ? time(3) : tier.collateral;
      const c = coin(amount, CAROL);
      const fee = coin(time(1), ALICE);
      const plan = planRegistration(NETWORK, {
        ...request,
        candidates: [c, fee],
        collateral: c.outpoint,
        tier: tier.name,
      });
      expect(plan.special).toMatchObject({ kind: "masternodeRegistration", tier: tier.name });
      const signed = signPlan(plan, keyFor(), { operatorKey: signingKey(OPERATOR) });
      kernelAccepts(signed.transaction, stateWith([c, fee]));
    }
  });

  it("refuses a collateral the wallet cannot register", () => {
    const rule = (patch: Partial<RegistrationRequest>) =>
      refusal(() => planRegistration(NETWORK, { ...request, ...patch }), "SEND_MASTERNODE_RULE").payload;
    expect(rule({ collateral: outpoint(123_456) }).rule).toBe("collateral-unknown");
    const locked = coin(time(1000), ALICE, { locked: true });
    expect(rule({ candidates: [locked, feeCoin], collateral: locked.outpoint }).rule).toBe(
      "collateral-registered",
    );
    const pending = coin(time(1000), ALICE, { final: false, inBlock: false });
    expect(rule({ candidates: [pending, feeCoin], collateral: pending.outpoint }).rule).toBe(
      "collateral-not-final",
    );
    expect(rule({ tier: "silver" })).toEqual({
      rule: "collateral-below-tier",
      expected: "silver",
      actual: "bronze",
    });
    expect(rule({ tier: "free" })).toEqual({ rule: "tier-mismatch", expected: "free", actual: "bronze" });
    expect(rule({ tier: "platinum" as MasternodeTier["name"] }).rule).toBe("tier-unknown");
    for (const bad of ["", "host", "host:0", "host:65536", "a b:1", `${"a".repeat(60)}.org:1`]) {
      expect(isValidNetworkAddress(bad) && bad.length <= 64).toBe(false);
      expect(rule({ networkAddress: bad }).rule).toBe("network-address");
    }
    expect(rule({ operatorPublicKey: new Uint8Array(31) }).rule).toBe("public-key");
    expect(rule({ operatorInUse: true }).rule).toBe("operator-in-use");
    expect(rule({ payoutAddress: new Uint8Array(32) }).rule).toBe("payout-address");
  });

  it("pays the fee only from other coins, and needs the operator key named to sign", () => {
    const e = refusal(
      () => planRegistration(NETWORK, { ...request, candidates: [collateral] }),
      "SEND_INSUFFICIENT_FUNDS",
    );
    expect(e.payload.spendableSat).toBe("0");
    refusal(
      () => planRegistration(NETWORK, { ...request, coinControl: [collateral.outpoint] }),
      "SEND_COIN_UNAVAILABLE",
    );
    const plan = planRegistration(NETWORK, request);
    expect(refusal(() => signPlan(plan, keyFor()), "SEND_WRONG_KEY").payload.role).toBe("operator");
    expect(
      refusal(() => signPlan(plan, keyFor(), { operatorKey: signingKey(STRANGER) }), "SEND_WRONG_KEY").payload
        .role,
    ).toBe("operator");
  });
});

describe("planPayoutChange", () => {
  it("builds a payout change the kernel accepts", () => {
    const feeCoin = coin(time(2), CAROL);
    const { view, owned, candidates } = registered([feeCoin]);
    const plan = planPayoutChange(NETWORK, {
      candidates,
      masternode: owned,
      payoutAddress: STRANGER.address,
    });
    expect(plan.inputs.map((i) => i.outpoint)).toEqual([feeCoin.outpoint]);
    const signed = signPlan(plan, keyFor());
    const verdict = kernelAccepts(signed.transaction, view);
    expect(verdict.masternodeChange?.after?.payoutAddress).toEqual(STRANGER.address);
    expect(verdict.fee).toBe(plan.fee);
    expect(previewPlan(plan, NETWORK).special).toMatchObject({ kind: "payoutChange" });
  });

  it("refuses an unchanged payout and a collateral key the wallet lacks", () => {
    const { owned, candidates } = registered([coin(time(2), CAROL)]);
    expect(
      refusal(
        () => planPayoutChange(NETWORK, { candidates, masternode: owned, payoutAddress: BOB.address }),
        "SEND_MASTERNODE_RULE",
      ).payload.rule,
    ).toBe("payout-unchanged");
    const plan = planPayoutChange(NETWORK, { candidates, masternode: owned, payoutAddress: CAROL.address });
    const impostor = (address: Uint8Array) =>
      bytesEqual(address, ALICE.address) ? signingKey(STRANGER) : keyFor()(address);
    expect(refusal(() => signPlan(plan, impostor), "SEND_WRONG_KEY").payload).toEqual({ role: "collateral" });
  });
});

describe("planDeregistration", () => {
  it("releases the collateral back to its address; the kernel accepts spending it with the deregistration", () => {
    const { view, owned, record, candidates } = registered([coin(time(2), CAROL)]);
    const plan = planDeregistration(NETWORK, { candidates, masternode: owned });
    expect(plan.inputs).toEqual([
      { outpoint: record.collateral, amount: time(1000), address: ALICE.address },
    ]);
    expect(plan.outputs).toEqual([{ address: ALICE.address, amount: time(1000) - plan.fee, isChange: true }]);
    const signed = signPlan(plan, keyFor());
    const verdict = kernelAccepts(signed.transaction, view);
    expect(verdict.masternodeChange).toEqual({ collateral: record.collateral, before: record, after: null });
    expect(verdict.spent.map((s) => s.outpoint)).toEqual([record.collateral]);
    expect(transactionId(signed.transaction)).toHaveLength(32);
  });

  it("sends the released collateral to a chosen address, and adds coins when the collateral cannot pay the fee", () => {
    const extra = coin(time(2), CAROL);
    const { view, owned, candidates } = registered([extra]);
    const elsewhere = planDeregistration(NETWORK, {
      candidates,
      masternode: owned,
      destination: STRANGER.address,
    });
    expect(elsewhere.outputs).toEqual([
      { address: STRANGER.address, amount: time(1000) - elsewhere.fee, isChange: true },
    ]);
    kernelAccepts(signPlan(elsewhere, keyFor()).transaction, view);
    // A Free-tier masternode on a 1,500 sat collateral: the fee needs another coin.
    const tiny = registered([extra], 1_500n);
    const plan = planDeregistration(NETWORK, { candidates: tiny.candidates, masternode: tiny.owned });
    expect(plan.inputs.map((i) => i.outpoint)).toEqual([tiny.record.collateral, extra.outpoint]);
    expect(plan.outputs[0]).toMatchObject({ address: ALICE.address, amount: 1_500n + time(2) - plan.fee });
    kernelAccepts(signPlan(plan, keyFor()).transaction, tiny.view);
  });

  it("refuses a collateral key that is not the masternode's", () => {
    const { owned, candidates } = registered([coin(time(2), CAROL)]);
    const plan = planDeregistration(NETWORK, { candidates, masternode: owned });
    expect(refusal(() => signPlan(plan, () => signingKey(STRANGER)), "SEND_WRONG_KEY").payload.role).toBe(
      "input",
    );
  });
});
