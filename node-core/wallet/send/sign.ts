// Signing a confirmed plan: the caller's key source gives the key of each input's address (and of the
// collateral's address for a masternode transaction; the operator key is passed separately), the txid is
// computed over the unsigned form, and every witness is filled in. Every signature made here is verified
// before the transaction is returned, so a key whose public half does not belong to its secret is caught
// here rather than by the network. Keys belong to the caller: nothing here copies, keeps or wipes them.
import {
  encodeTransaction,
  specialSigningMessage,
  transactionId,
  transactionSize,
  txInputSigningMessage,
} from "../../codec/index.js";
import { sign, verify } from "../../crypto/index.js";
import { addressPayloadFromPublicKey } from "../../keys/index.js";
import { DOMAIN, TX_VERSION } from "../../params/index.js";
import type { AddressPayload, SpecialPayload, Transaction } from "../../types/index.js";
import { bytesEqual, toHex } from "../../types/index.js";
import type { SigningKey } from "../accounts/index.js";
import { sumAmounts } from "./coins.js";
import { ZERO_SIGNATURE } from "./draft.js";
import { SendError } from "./errors.js";
import { unsignedSpecial } from "./masternode.js";
import type { SendPlan } from "./plan.js";

export interface SignOptions {
  /** The operator key of a registration (it co-signs it). */
  readonly operatorKey?: SigningKey;
}

export interface SignedSend {
  readonly transaction: Transaction;
  /** txid hex */
  readonly txid: string;
  /** The canonical encoding, hex (what sendrawtransaction takes). */
  readonly hex: string;
  readonly size: number;
  readonly fee: bigint;
}

type Role = "input" | "collateral" | "operator";

/** Signs `plan` with keys from `keyFor` (called once per distinct address). Throws SendError. */
export function signPlan(
  plan: SendPlan,
  keyFor: (address: AddressPayload) => SigningKey,
  options: SignOptions = {},
): SignedSend {
  if (sumAmounts(plan.inputs) - sumAmounts(plan.outputs) !== plan.fee) {
    // The preview the user confirmed must be exactly what is signed.
    throw new SendError("SEND_BAD_REQUEST", "the plan's fee does not match its inputs and outputs", {
      rule: "plan-fee",
    });
  }
  const keys = new Map<string, SigningKey>();
  const keyOf = (address: AddressPayload, role: Role, index?: number): SigningKey => {
    const id = toHex(address);
    let key = keys.get(id);
    if (!key) {
      key = keyFor(address);
      if (
        !(key?.publicKey instanceof Uint8Array) ||
        key.publicKey.length !== 32 ||
        !bytesEqual(addressPayloadFromPublicKey(key.publicKey), address)
      ) {
        const what = role === "input" ? `input ${index}` : "the collateral";
        throw new SendError("SEND_WRONG_KEY", `the key given for ${what} does not own its address`, {
          role,
          index,
        });
      }
      keys.set(id, key);
    }
    return key;
  };

  const inputKeys = plan.inputs.map((input, index) => keyOf(input.address, "input", index));
  let special: SpecialPayload | null = null;
  let collateralKey: SigningKey | undefined;
  let operatorKey: SigningKey | undefined;
  if (plan.special) {
    const s = plan.special;
    if (s.kind === "masternodeRegistration") {
      collateralKey = keyOf(s.collateral.address, "collateral");
      operatorKey = options.operatorKey;
      if (!operatorKey || !bytesEqual(operatorKey.publicKey, s.operatorPublicKey)) {
        throw new SendError("SEND_WRONG_KEY", "the registration needs the operator key it names", {
          role: "operator",
        });
      }
    } else {
      collateralKey = keyOf(addressPayloadFromPublicKey(s.collateralPublicKey), "collateral");
      if (!bytesEqual(collateralKey.publicKey, s.collateralPublicKey)) {
        throw new SendError("SEND_WRONG_KEY", "the collateral key does not match the masternode's", {
          role: "collateral",
        });
      }
    }
    special = unsignedSpecial(s, collateralKey.publicKey);
  }

  const unsigned: Transaction = {
    version: TX_VERSION,
    inputs: plan.inputs.map((input, i) => ({
      prevout: input.outpoint,
      publicKey: (inputKeys[i] as SigningKey).publicKey,
      signature: ZERO_SIGNATURE,
    })),
    outputs: plan.outputs.map(({ address, amount }) => ({ address, amount })),
    lockTime: 0n,
    special,
  };
  const txid = transactionId(unsigned);
  const signWith = (key: SigningKey, message: Uint8Array, role: Role, index?: number): Uint8Array => {
    const signature = sign(key.seed, message);
    if (!verify(key.publicKey, message, signature)) {
      throw new SendError(
        "SEND_SIGNING_FAILED",
        `a ${role} signature did not verify: the key's public half does not match its secret`,
        { role, index },
      );
    }
    return signature;
  };
  const inputs = unsigned.inputs.map((input, i) => ({
    ...input,
    signature: signWith(inputKeys[i] as SigningKey, txInputSigningMessage(plan.chainId, txid, i), "input", i),
  }));
  if (special && collateralKey) {
    const collateralSignature = signWith(
      collateralKey,
      specialSigningMessage(DOMAIN.masternodeCollateral, plan.chainId, txid),
      "collateral",
    );
    special =
      special.kind === "masternodeRegistration"
        ? {
            ...special,
            collateralSignature,
            operatorSignature: signWith(
              operatorKey as SigningKey,
              specialSigningMessage(DOMAIN.masternodeOperator, plan.chainId, txid),
              "operator",
            ),
          }
        : { ...special, collateralSignature };
  }
  const transaction: Transaction = { ...unsigned, inputs, special };
  const size = transactionSize(transaction);
  if (size !== plan.size) {
    // Sizes are fixed-width, so this means the plan was edited after it was made.
    throw new SendError("SEND_BAD_REQUEST", "the plan does not match the transaction it describes", {
      rule: "plan-size",
    });
  }
  return { transaction, txid: toHex(txid), hex: toHex(encodeTransaction(transaction)), size, fee: plan.fee };
}
