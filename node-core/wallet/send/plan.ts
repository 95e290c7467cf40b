// A SendPlan is the preview a user confirms before anything is signed: the inputs (outpoint, amount,
// address), the outputs (address, amount, change or not), the fee, the exact size and the fee rate, and
// for a masternode transaction what its special payload will say. signPlan turns it into the transaction
// without changing any of those numbers. planPayment builds the plan of an ordinary payment.
import type { MasternodeTier, NetworkParams } from "../../params/index.js";
import type { AddressPayload, OutPoint, PublicKey, TxOutput } from "../../types/index.js";
import type { SpendCandidate } from "./coins.js";
import { type CoinChoice, type PlannedOutput, type Selection, selectCoins } from "./selection.js";

export interface PlanInput {
  readonly outpoint: OutPoint;
  /** sat */
  readonly amount: bigint;
  /** Payload of the owning address: signPlan asks the caller for this address's key. */
  readonly address: AddressPayload;
}

export type PlanSpecial =
  | {
      readonly kind: "masternodeRegistration";
      /** The collateral stays unspent and becomes locked; its owner's key signs the registration. */
      readonly collateral: PlanInput;
      readonly tier: MasternodeTier["name"];
      readonly operatorPublicKey: PublicKey;
      readonly payoutAddress: AddressPayload;
      readonly networkAddress: string;
    }
  | {
      readonly kind: "payoutChange";
      readonly collateral: OutPoint;
      readonly collateralPublicKey: PublicKey;
      readonly payoutAddress: AddressPayload;
      readonly previousPayoutAddress: AddressPayload;
    }
  | {
      readonly kind: "masternodeDeregistration";
      /** Also the plan's first input: deregistering releases (spends) it. */
      readonly collateral: OutPoint;
      readonly collateralPublicKey: PublicKey;
    };

export type SendPlanKind = "payment" | PlanSpecial["kind"];

export interface SendPlan {
  readonly kind: SendPlanKind;
  /** The network the plan was made for; signatures commit to it. */
  readonly chainId: number;
  readonly inputs: readonly PlanInput[];
  readonly outputs: readonly PlannedOutput[];
  /** sat */
  readonly fee: bigint;
  /** Bytes of the signed transaction (the fee is the network minimum for exactly this size, or more). */
  readonly size: number;
  /** fee / size in sat per byte. */
  readonly feeRate: number;
  readonly special: PlanSpecial | null;
}

export interface PaymentRequest extends CoinChoice {
  /** The wallet's coins, as its tracker lists them. */
  readonly candidates: readonly SpendCandidate[];
  /** Recipients with fixed amounts, in output order (parseRecipient / parseAmount make them). */
  readonly payments: readonly TxOutput[];
  /** Send max: this address gets everything usable minus the payments and the fee (no change). */
  readonly sendMaxTo?: AddressPayload;
}

export function planPayment(network: NetworkParams, request: PaymentRequest): SendPlan {
  const selection = selectCoins({
    candidates: request.candidates,
    outputs: request.payments,
    sweepTo: request.sendMaxTo,
    allowNonFinal: request.allowNonFinal,
    coinControl: request.coinControl,
    changeAddress: request.changeAddress,
    feeRate: request.feeRate,
  });
  return planOf(network, "payment", selection, null);
}

export function planOf(
  network: NetworkParams,
  kind: SendPlanKind,
  selection: Selection,
  special: PlanSpecial | null,
): SendPlan {
  return {
    kind,
    chainId: network.chainId,
    inputs: selection.inputs.map(({ outpoint, amount, address }) => ({ outpoint, amount, address })),
    outputs: selection.outputs,
    fee: selection.fee,
    size: selection.size,
    feeRate: Number(selection.fee) / selection.size,
    special,
  };
}
