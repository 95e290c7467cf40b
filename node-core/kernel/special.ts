// Masternode special payloads: registration locks a collateral UTXO under an operator key, deregistration
// unlocks it, payout change redirects rewards. Each is signed over the txid by the collateral key (and, for
// registration, by the operator key too; see signatures.ts), so nobody can register or move someone
// else's collateral: the key checks here bind those signatures to the collateral's owner.
import { addressPayloadFromPublicKey } from "../keys/index.js";
import type { MasternodeChange, OutPoint, Transaction, UtxoEntry } from "../types/index.js";
import { bytesEqual, toHex } from "../types/index.js";
import { KernelError } from "./errors.js";
import { outpointKey, type StateView } from "./view.js";

export interface SpecialCheckResult {
  readonly change: MasternodeChange;
}

const HOST_PORT_RE =
  /^(?:\[[0-9a-fA-F:.]{2,45}\]|[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*):([0-9]{1,5})$/;

/** "host:port" with a DNS name, dotted IPv4 or bracketed IPv6 host and a port in 1..65535. */
export function isValidNetworkAddress(address: string): boolean {
  const m = HOST_PORT_RE.exec(address);
  if (!m) return false;
  const port = Number(m[1]);
  return port >= 1 && port <= 65535;
}

export function checkSpecialPayload(
  tx: Transaction,
  view: StateView,
  ctx: { chainId: number; height: bigint },
  lookup: (outpoint: OutPoint) => UtxoEntry | undefined,
): SpecialCheckResult | null {
  const special = tx.special;
  if (!special) return null;
  const collateralKey = outpointKey(special.collateral);

  if (special.kind === "masternodeRegistration") {
    if (tx.inputs.some((input) => outpointKey(input.prevout) === collateralKey)) {
      throw new KernelError(
        "MN_COLLATERAL_SPENT_BY_REGISTRATION",
        "a registration cannot spend its own collateral",
        { outpoint: collateralKey },
      );
    }
    const collateral = lookup(special.collateral);
    if (!collateral) {
      throw new KernelError("MN_COLLATERAL_MISSING", "the collateral outpoint is not an unspent output", {
        outpoint: collateralKey,
      });
    }
    if (!bytesEqual(addressPayloadFromPublicKey(special.collateralPublicKey), collateral.address)) {
      throw new KernelError("MN_COLLATERAL_KEY_MISMATCH", "the collateral key does not own the collateral", {
        outpoint: collateralKey,
      });
    }
    if (view.getMasternode(special.collateral)) {
      throw new KernelError("MN_ALREADY_REGISTERED", "this collateral already backs a masternode", {
        outpoint: collateralKey,
      });
    }
    if (view.getCollateralByOperator(special.operatorPublicKey)) {
      throw new KernelError("MN_OPERATOR_IN_USE", "this operator key already runs another masternode", {
        actual: toHex(special.operatorPublicKey),
      });
    }
    if (!isValidNetworkAddress(special.networkAddress)) {
      throw new KernelError("MN_BAD_NETWORK_ADDRESS", "network address must be host:port", {
        actual: special.networkAddress,
      });
    }
    return {
      change: {
        collateral: special.collateral,
        before: null,
        after: {
          collateral: special.collateral,
          collateralAmount: collateral.amount,
          collateralPublicKey: special.collateralPublicKey,
          operatorPublicKey: special.operatorPublicKey,
          payoutAddress: special.payoutAddress,
          networkAddress: special.networkAddress,
          registeredHeight: ctx.height,
        },
      },
    };
  }

  const record = view.getMasternode(special.collateral);
  if (!record) {
    throw new KernelError("MN_NOT_REGISTERED", "no masternode is registered with this collateral", {
      outpoint: collateralKey,
    });
  }
  if (!bytesEqual(record.collateralPublicKey, special.collateralPublicKey)) {
    throw new KernelError("MN_COLLATERAL_KEY_MISMATCH", "the collateral key does not own this masternode", {
      outpoint: collateralKey,
    });
  }
  if (special.kind === "payoutChange" && bytesEqual(record.payoutAddress, special.payoutAddress)) {
    // A change to the address it already pays does nothing but take block space and a fee.
    throw new KernelError("MN_PAYOUT_UNCHANGED", "the masternode already pays this address", {
      outpoint: collateralKey,
    });
  }
  const after = special.kind === "payoutChange" ? { ...record, payoutAddress: special.payoutAddress } : null;
  return {
    change: { collateral: special.collateral, before: record, after },
  };
}
