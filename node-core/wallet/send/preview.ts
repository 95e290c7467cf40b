// The JSON-safe form of a SendPlan that the UI shows and RPC returns for confirmation: addresses as TIME
// addresses of the plan's network, amounts as TIME decimal strings, outpoints as "txid:index".
import { outpointKey } from "../../kernel/index.js";
import { encodeAddress } from "../../keys/index.js";
import type { NetworkParams } from "../../params/index.js";
import { formatTime, toHex } from "../../types/index.js";
import { sumAmounts } from "./coins.js";
import { SendError } from "./errors.js";
import type { SendPlan, SendPlanKind } from "./plan.js";

export interface PlanPreview {
  readonly kind: SendPlanKind;
  readonly network: string;
  readonly inputs: readonly {
    readonly outpoint: string;
    readonly amount: string;
    readonly address: string;
  }[];
  readonly outputs: readonly {
    readonly address: string;
    readonly amount: string;
    readonly isChange: boolean;
  }[];
  /** What leaves the wallet's change: the non-change outputs. */
  readonly sent: string;
  readonly fee: string;
  readonly size: number;
  /** sat per byte, two decimals. */
  readonly feeRate: string;
  readonly special: {
    readonly kind: string;
    readonly collateral: string;
    readonly tier?: string;
    readonly operatorPublicKey?: string;
    readonly payoutAddress?: string;
    readonly previousPayoutAddress?: string;
    readonly networkAddress?: string;
  } | null;
}

export function previewPlan(plan: SendPlan, network: NetworkParams): PlanPreview {
  if (plan.chainId !== network.chainId) {
    throw new SendError("SEND_BAD_REQUEST", `this plan was made for another network than ${network.name}`, {
      rule: "plan-network",
    });
  }
  const address = (payload: Uint8Array) => encodeAddress(payload, network);
  const s = plan.special;
  return {
    kind: plan.kind,
    network: network.name,
    inputs: plan.inputs.map((i) => ({
      outpoint: outpointKey(i.outpoint),
      amount: formatTime(i.amount),
      address: address(i.address),
    })),
    outputs: plan.outputs.map((o) => ({
      address: address(o.address),
      amount: formatTime(o.amount),
      isChange: o.isChange,
    })),
    sent: formatTime(sumAmounts(plan.outputs.filter((o) => !o.isChange))),
    fee: formatTime(plan.fee),
    size: plan.size,
    feeRate: plan.feeRate.toFixed(2),
    special:
      s === null
        ? null
        : s.kind === "masternodeRegistration"
          ? {
              kind: s.kind,
              collateral: outpointKey(s.collateral.outpoint),
              tier: s.tier,
              operatorPublicKey: toHex(s.operatorPublicKey),
              payoutAddress: address(s.payoutAddress),
              networkAddress: s.networkAddress,
            }
          : s.kind === "payoutChange"
            ? {
                kind: s.kind,
                collateral: outpointKey(s.collateral),
                payoutAddress: address(s.payoutAddress),
                previousPayoutAddress: address(s.previousPayoutAddress),
              }
            : { kind: s.kind, collateral: outpointKey(s.collateral) },
  };
}
