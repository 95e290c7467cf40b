// Proposer eligibility: who may propose at (height, previousHash, round) and how good their draw is. A
// candidate proves its draw with an ECVRF proof over vrfInputMessage(chainId, height, previousHash, round);
// the same proof sits in the block header (so any node, including one syncing years later, can check that
// a block's proposer was a validator with a valid draw for the header's round) and in the Candidacy message
// broadcast at round start (so validators learn the ranking before the proposal arrives).
import type { Candidacy } from "../../codec/index.js";
import { vrfInputMessage } from "../../codec/index.js";
import type { BlockHeader } from "../../types/index.js";
import { toHex } from "../../types/index.js";
import type { Validator, VotingSet, VrfScheme } from "../index.js";
import { type RankedCandidate, scoreUnit } from "./ranking.js";

export type ProposerFaultCode =
  | "PROPOSER_WRONG_CHAIN"
  | "PROPOSER_NOT_VALIDATOR"
  | "PROPOSER_BAD_VRF"
  | "PROPOSER_MALFORMED";

export interface ProposerFault {
  readonly code: ProposerFaultCode;
  readonly message: string;
  /** Hex of the claimed operator key (empty when it was not even bytes). */
  readonly proposerId: string;
}

/** A verified draw: the validator, its VRF output and its ranking entry. */
export interface ProposerDraw extends RankedCandidate {
  readonly validator: Validator;
  readonly output: Uint8Array;
  readonly vrfProof: Uint8Array;
}

export function isProposerFault(value: ProposerDraw | ProposerFault): value is ProposerFault {
  return "code" in value;
}

function fault(code: ProposerFaultCode, message: string, key: unknown): ProposerFault {
  return { code, message, proposerId: key instanceof Uint8Array ? toHex(key) : "" };
}

/** Checks a claimed draw of `operatorPublicKey` for (height, previousHash, round) against the voting set. */
export function evaluateDraw(
  operatorPublicKey: Uint8Array,
  vrfProof: Uint8Array,
  height: bigint,
  previousHash: Uint8Array,
  round: number,
  votingSet: VotingSet,
  vrf: VrfScheme,
  chainId: number,
): ProposerDraw | ProposerFault {
  if (!(operatorPublicKey instanceof Uint8Array) || !(vrfProof instanceof Uint8Array)) {
    return fault("PROPOSER_MALFORMED", "operator key or VRF proof is not bytes", operatorPublicKey);
  }
  const validator = votingSet.get(toHex(operatorPublicKey));
  if (validator === undefined) {
    return fault("PROPOSER_NOT_VALIDATOR", "proposer is not in the voting set", operatorPublicKey);
  }
  let alpha: Uint8Array;
  try {
    alpha = vrfInputMessage(chainId, height, previousHash, round);
  } catch {
    return fault("PROPOSER_MALFORMED", "height, previous hash or round out of range", operatorPublicKey);
  }
  const output = vrf.verify(operatorPublicKey, vrfProof, alpha);
  if (output === null) return fault("PROPOSER_BAD_VRF", "VRF proof does not verify", operatorPublicKey);
  return {
    validator,
    output,
    vrfProof,
    operatorPublicKey: validator.operatorPublicKey,
    weight: validator.weight,
    unit: scoreUnit(output),
  };
}

/** The draw a block header claims (proposer key and VRF proof for the header's height and round). */
export function evaluateHeaderProposer(
  header: BlockHeader,
  votingSet: VotingSet,
  vrf: VrfScheme,
  chainId: number,
): ProposerDraw | ProposerFault {
  if (header.chainId !== chainId) {
    return fault("PROPOSER_WRONG_CHAIN", "header belongs to another network", header.proposerPublicKey);
  }
  return evaluateDraw(
    header.proposerPublicKey,
    header.vrfProof,
    header.height,
    header.previousHash,
    header.round,
    votingSet,
    vrf,
    chainId,
  );
}

/**
 * The VRF verification verifyProposerProof will ask for `header`, without the voting set: a syncing node
 * has it done ahead, on another core. Null when the header is for another chain or its fields cannot form
 * the input (verifyProposerProof refuses those before any VRF work).
 */
export function headerVrfCheck(
  header: BlockHeader,
  chainId: number,
): { publicKey: Uint8Array; proof: Uint8Array; alpha: Uint8Array } | null {
  if (header.chainId !== chainId) return null;
  if (!(header.proposerPublicKey instanceof Uint8Array) || !(header.vrfProof instanceof Uint8Array))
    return null;
  try {
    const alpha = vrfInputMessage(chainId, header.height, header.previousHash, header.round);
    return { publicKey: header.proposerPublicKey, proof: header.vrfProof, alpha };
  } catch {
    return null;
  }
}

/** Null when the header's proposer is a validator of `votingSet` with a valid VRF proof for its round. */
export function verifyProposerProof(
  header: BlockHeader,
  votingSet: VotingSet,
  vrf: VrfScheme,
  chainId: number,
): ProposerFault | null {
  const result = evaluateHeaderProposer(header, votingSet, vrf, chainId);
  return isProposerFault(result) ? result : null;
}

/** The draw a candidacy message claims. */
export function evaluateCandidacy(
  candidacy: Candidacy,
  votingSet: VotingSet,
  vrf: VrfScheme,
  chainId: number,
): ProposerDraw | ProposerFault {
  return evaluateDraw(
    candidacy.operatorPublicKey,
    candidacy.vrfProof,
    candidacy.height,
    candidacy.previousHash,
    candidacy.round,
    votingSet,
    vrf,
    chainId,
  );
}

/**
 * The rank a draw claims before it is verified: the validator's weight with the output its proof encodes
 * (ECVRF proof_to_hash, a cheap decode; the costly part of a verify is checking the proof against the key
 * and input). Once verified, the claim is exact: a valid proof yields exactly this output. Null when no
 * output can be read from the proof (it can only fail to verify).
 */
export function claimedRank(
  validator: Validator,
  vrfProof: Uint8Array,
  vrf: VrfScheme,
): RankedCandidate | null {
  let output: Uint8Array;
  try {
    output = vrf.output(vrfProof);
  } catch {
    return null;
  }
  if (!(output instanceof Uint8Array) || output.length < 8) return null;
  return {
    operatorPublicKey: validator.operatorPublicKey,
    weight: validator.weight,
    unit: scoreUnit(output),
  };
}

/** This node's own candidacy for (height, previousHash, round) and its VRF output. */
export function makeCandidacy(
  vrf: VrfScheme,
  secret: Uint8Array,
  operatorPublicKey: Uint8Array,
  chainId: number,
  height: bigint,
  previousHash: Uint8Array,
  round: number,
): { candidacy: Candidacy; output: Uint8Array } {
  const vrfProof = vrf.prove(secret, vrfInputMessage(chainId, height, previousHash, round));
  return {
    candidacy: { height, round, previousHash, operatorPublicKey, vrfProof },
    output: vrf.output(vrfProof),
  };
}
