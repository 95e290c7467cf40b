// Plans of the three masternode special transactions, checked against the kernel's rules before anything
// is signed so the user hears the problem in plain words:
// - registration: names a collateral output the wallet owns (not spent by the registration, not already
//   registered, settled), the operator public key, the payout address and the node's "host:port"; its fee
//   comes from other coins; the collateral's key and the operator key both sign it;
// - payout change: a new payout address (different from the current one), signed by the collateral key;
// - deregistration: spends the collateral in the same transaction (that is what unlocks it) and pays it,
//   less the fee, back to the collateral's address or a chosen one; signed by the collateral key.
// The tier is not a field of the payload: it follows from the collateral amount (tierForCollateral), so a
// requested tier is checked against what the collateral will register as.
import { isValidNetworkAddress, outpointKey } from "../../kernel/index.js";
import { addressPayloadFromPublicKey } from "../../keys/index.js";
import {
  MASTERNODE_TIERS,
  MAX_NETWORK_ADDRESS_BYTES,
  type MasternodeTier,
  type NetworkParams,
  tierForCollateral,
} from "../../params/index.js";
import type {
  AddressPayload,
  MasternodeRecord,
  OutPoint,
  PublicKey,
  SpecialPayload,
} from "../../types/index.js";
import { bytesEqual, formatTime } from "../../types/index.js";
import { isSettled, type SpendCandidate } from "./coins.js";
import { ZERO_PUBLIC_KEY, ZERO_SIGNATURE } from "./draft.js";
import { SendError } from "./errors.js";
import { DEFAULT_ALLOW_NON_FINAL } from "./options.js";
import { type PlanSpecial, planOf, type SendPlan } from "./plan.js";
import { type CoinChoice, selectCoins } from "./selection.js";

/** What the wallet knows of one of its registered masternodes (the registry's record has all of it). */
export type OwnedMasternode = Pick<
  MasternodeRecord,
  "collateral" | "collateralAmount" | "collateralPublicKey" | "payoutAddress"
>;

export interface RegistrationRequest extends CoinChoice {
  /** The wallet's coins: the collateral must be one of them; the fee is paid from the others. */
  readonly candidates: readonly SpendCandidate[];
  readonly collateral: OutPoint;
  /** When given, the collateral must register exactly this tier. */
  readonly tier?: MasternodeTier["name"];
  /** The node's operator key (its libp2p identity); it co-signs the registration. */
  readonly operatorPublicKey: PublicKey;
  readonly payoutAddress: AddressPayload;
  /** "host:port" the node is reached at. */
  readonly networkAddress: string;
  /**
   * True when the chain already has a masternode with this operator key (the caller asks its ChainView,
   * getMasternodeByOperator, which is asynchronous); the kernel refuses a second one.
   */
  readonly operatorInUse?: boolean;
}

export interface PayoutChangeRequest extends CoinChoice {
  /** The wallet's coins: the fee is paid from them. */
  readonly candidates: readonly SpendCandidate[];
  readonly masternode: OwnedMasternode;
  readonly payoutAddress: AddressPayload;
}

export interface DeregistrationRequest extends CoinChoice {
  /** The wallet's coins: used only when the collateral alone cannot pay the fee. */
  readonly candidates: readonly SpendCandidate[];
  readonly masternode: OwnedMasternode;
  /** Where the released collateral goes (default: the collateral's own address). */
  readonly destination?: AddressPayload;
}

export function planRegistration(network: NetworkParams, request: RegistrationRequest): SendPlan {
  const coin = request.candidates.find((c) => outpointKey(c.outpoint) === outpointKey(request.collateral));
  const key = outpointKey(request.collateral);
  if (!coin) rule("collateral-unknown", `coin ${key} is not an unspent coin of this wallet`);
  if (coin.locked) rule("collateral-registered", `coin ${key} already backs a masternode`);
  if (!isSettled(coin) && !(request.allowNonFinal ?? DEFAULT_ALLOW_NON_FINAL)) {
    rule("collateral-not-final", `coin ${key} is not final yet; register once it is`);
  }
  const tier = tierForCollateral(coin.amount);
  if (request.tier !== undefined && request.tier !== tier.name) {
    const wanted = MASTERNODE_TIERS.find((t) => t.name === request.tier);
    if (!wanted) rule("tier-unknown", `there is no ${request.tier} tier`, { actual: request.tier });
    const below = coin.amount < wanted.collateral;
    rule(
      below ? "collateral-below-tier" : "tier-mismatch",
      below
        ? `a ${wanted.name} masternode needs ${formatTime(wanted.collateral)} TIME of collateral; ` +
            `this coin holds ${formatTime(coin.amount)} TIME`
        : `a collateral of ${formatTime(coin.amount)} TIME registers a ${tier.name} masternode, not ${wanted.name}`,
      { expected: wanted.name, actual: tier.name },
    );
  }
  checkKey(request.operatorPublicKey);
  if (request.operatorInUse === true) {
    rule("operator-in-use", "this operator key already runs another masternode; give this node its own key");
  }
  checkPayout(request.payoutAddress);
  if (
    Buffer.byteLength(request.networkAddress, "utf8") > MAX_NETWORK_ADDRESS_BYTES ||
    !isValidNetworkAddress(request.networkAddress)
  ) {
    rule(
      "network-address",
      `the node's network address must be host:port (a name, IPv4 or [IPv6] and a port 1-65535), at most ${MAX_NETWORK_ADDRESS_BYTES} bytes`,
    );
  }
  const special: PlanSpecial = {
    kind: "masternodeRegistration",
    collateral: { outpoint: coin.outpoint, amount: coin.amount, address: coin.address },
    tier: tier.name,
    operatorPublicKey: request.operatorPublicKey,
    payoutAddress: request.payoutAddress,
    networkAddress: request.networkAddress,
  };
  const selection = selectCoins({
    ...coinChoice(request),
    candidates: request.candidates,
    outputs: [],
    reserved: [coin.outpoint],
    special: unsignedSpecial(special, ZERO_PUBLIC_KEY),
  });
  return planOf(network, special.kind, selection, special);
}

export function planPayoutChange(network: NetworkParams, request: PayoutChangeRequest): SendPlan {
  const { masternode } = request;
  checkKey(masternode.collateralPublicKey);
  checkPayout(request.payoutAddress);
  if (bytesEqual(masternode.payoutAddress, request.payoutAddress)) {
    rule("payout-unchanged", "the masternode already pays this address");
  }
  const special: PlanSpecial = {
    kind: "payoutChange",
    collateral: masternode.collateral,
    collateralPublicKey: masternode.collateralPublicKey,
    payoutAddress: request.payoutAddress,
    previousPayoutAddress: masternode.payoutAddress,
  };
  const selection = selectCoins({
    ...coinChoice(request),
    candidates: request.candidates,
    outputs: [],
    reserved: [masternode.collateral],
    special: unsignedSpecial(special, masternode.collateralPublicKey),
  });
  return planOf(network, special.kind, selection, special);
}

export function planDeregistration(network: NetworkParams, request: DeregistrationRequest): SendPlan {
  const { masternode } = request;
  checkKey(masternode.collateralPublicKey);
  if (request.destination !== undefined) checkPayout(request.destination);
  const collateralAddress = addressPayloadFromPublicKey(masternode.collateralPublicKey);
  const collateral: SpendCandidate = {
    outpoint: masternode.collateral,
    amount: masternode.collateralAmount,
    address: collateralAddress,
    final: true,
    locked: true,
    inBlock: true,
  };
  const special: PlanSpecial = {
    kind: "masternodeDeregistration",
    collateral: masternode.collateral,
    collateralPublicKey: masternode.collateralPublicKey,
  };
  const selection = selectCoins({
    ...coinChoice(request),
    changeAddress: request.destination ?? request.changeAddress ?? collateralAddress,
    candidates: request.candidates,
    outputs: [],
    required: [collateral],
    special: unsignedSpecial(special, masternode.collateralPublicKey),
  });
  return planOf(network, special.kind, selection, special);
}

/** The payload `special` describes, with `collateralPublicKey` and zero signatures. */
export function unsignedSpecial(special: PlanSpecial, collateralPublicKey: PublicKey): SpecialPayload {
  switch (special.kind) {
    case "masternodeRegistration":
      return {
        kind: special.kind,
        collateral: special.collateral.outpoint,
        collateralPublicKey,
        operatorPublicKey: special.operatorPublicKey,
        payoutAddress: special.payoutAddress,
        networkAddress: special.networkAddress,
        collateralSignature: ZERO_SIGNATURE,
        operatorSignature: ZERO_SIGNATURE,
      };
    case "payoutChange":
      return {
        kind: special.kind,
        collateral: special.collateral,
        payoutAddress: special.payoutAddress,
        collateralPublicKey,
        collateralSignature: ZERO_SIGNATURE,
      };
    case "masternodeDeregistration":
      return {
        kind: special.kind,
        collateral: special.collateral,
        collateralPublicKey,
        collateralSignature: ZERO_SIGNATURE,
      };
  }
}

function coinChoice(request: CoinChoice): CoinChoice {
  return {
    allowNonFinal: request.allowNonFinal,
    coinControl: request.coinControl,
    changeAddress: request.changeAddress,
  };
}

function checkKey(publicKey: PublicKey): void {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) {
    rule("public-key", "a masternode key is a 32-byte ed25519 public key");
  }
}

function checkPayout(address: AddressPayload): void {
  if (!(address instanceof Uint8Array) || address.length !== 20) {
    rule("payout-address", "the payout address is not a valid address payload");
  }
}

function rule(name: string, message: string, extra: { expected?: string; actual?: string } = {}): never {
  throw new SendError("SEND_MASTERNODE_RULE", message, { rule: name, ...extra });
}
