// Block certificates: precommits from more than 2/3 of a height's voting weight for one block in one round.
// buildCertificate turns the precommits an engine collected into the canonical form (sorted by voter key,
// one per voter); verifyCertificate is the check every node runs on a certified block it imports, so sync
// needs no trust in peers. Verification returns a typed fault rather than throwing: certificates come from
// peers, and a bad one is an expected input. Cheap structural checks run before any signature is verified.

import { blockHash as hashOfHeader, voteSigningMessage } from "../../codec/index.js";
import type { Certificate, CertifiedBlock, Vote } from "../../types/index.js";
import { bytesEqual, compareBytes, toHex } from "../../types/index.js";
import type { SignatureScheme, VotingSet } from "../index.js";
import { TsdcError } from "./errors.js";

export type CertificateFaultCode =
  | "CERT_MISSING"
  | "CERT_MALFORMED"
  | "CERT_WRONG_BLOCK"
  | "CERT_WRONG_HEIGHT"
  | "CERT_UNSORTED"
  | "CERT_DUPLICATE_VOTER"
  | "CERT_UNKNOWN_VOTER"
  | "CERT_NO_QUORUM"
  | "CERT_BAD_SIGNATURE";

export interface CertificateFault {
  readonly code: CertificateFaultCode;
  readonly message: string;
  /** Index into `precommits` of the offending entry. */
  readonly index?: number;
  /** Hex of the offending voter key. */
  readonly voterId?: string;
  /** Weight the certificate carries (CERT_NO_QUORUM). */
  readonly weight?: number;
  readonly totalWeight?: number;
}

const NIL_HASH = new Uint8Array(32);

function isBytes(value: unknown, size: number): value is Uint8Array {
  return value instanceof Uint8Array && value.length === size;
}

/** The message a voter signed for its precommit in `certificate`; null when height or round is out of range. */
function precommitMessage(
  certificate: Certificate,
  voterPublicKey: Uint8Array,
  chainId: number,
): Uint8Array | null {
  try {
    return voteSigningMessage(chainId, {
      phase: "precommit",
      height: certificate.height,
      round: certificate.round,
      blockHash: certificate.blockHash,
      voterPublicKey,
    });
  } catch {
    return null;
  }
}

/**
 * The signature checks verifyCertificate will run on `certificate`, without the voting set: a syncing node
 * has them verified ahead, on another core, so the import's checks are cache hits. Entries of the wrong
 * shape are left out (verifyCertificate refuses them before any signature).
 */
export function certificateSignatureChecks(
  certificate: Certificate | null | undefined,
  chainId: number,
): { publicKey: Uint8Array; message: Uint8Array; signature: Uint8Array }[] {
  if (
    typeof certificate !== "object" ||
    certificate === null ||
    !isBytes(certificate.blockHash, 32) ||
    !Array.isArray(certificate.precommits)
  ) {
    return [];
  }
  const checks: { publicKey: Uint8Array; message: Uint8Array; signature: Uint8Array }[] = [];
  for (const entry of certificate.precommits) {
    if (!isBytes(entry?.voterPublicKey, 32) || !isBytes(entry.signature, 64)) continue;
    const message = precommitMessage(certificate, entry.voterPublicKey, chainId);
    if (message !== null)
      checks.push({ publicKey: entry.voterPublicKey, message, signature: entry.signature });
  }
  return checks;
}

/**
 * Null when `certificate` proves `blockHash` final: strictly ascending distinct voters, every voter in
 * `votingSet`, more than 2/3 of its weight, and every signature a valid precommit for (height, round,
 * blockHash) on `chainId`. `expectedHeight`, when given, must equal the certificate's height.
 */
export function verifyCertificate(
  certificate: Certificate,
  blockHash: Uint8Array,
  votingSet: VotingSet,
  scheme: SignatureScheme,
  chainId: number,
  expectedHeight?: bigint,
): CertificateFault | null {
  if (
    typeof certificate !== "object" ||
    certificate === null ||
    typeof certificate.height !== "bigint" ||
    !Number.isInteger(certificate.round) ||
    !isBytes(certificate.blockHash, 32) ||
    !Array.isArray(certificate.precommits)
  ) {
    return { code: "CERT_MALFORMED", message: "certificate fields have the wrong types or sizes" };
  }
  if (
    !isBytes(blockHash, 32) ||
    !bytesEqual(certificate.blockHash, blockHash) ||
    bytesEqual(blockHash, NIL_HASH)
  ) {
    return { code: "CERT_WRONG_BLOCK", message: "certificate is for another block" };
  }
  if (expectedHeight !== undefined && certificate.height !== expectedHeight) {
    return {
      code: "CERT_WRONG_HEIGHT",
      message: `certificate height ${certificate.height} != ${expectedHeight}`,
    };
  }
  const precommits = certificate.precommits;
  let weight = 0;
  for (let i = 0; i < precommits.length; i++) {
    const entry = precommits[i]!;
    if (!isBytes(entry?.voterPublicKey, 32) || !isBytes(entry.signature, 64)) {
      return { code: "CERT_MALFORMED", message: "precommit key or signature has the wrong size", index: i };
    }
    if (i > 0) {
      const order = compareBytes(precommits[i - 1]!.voterPublicKey, entry.voterPublicKey);
      const voterId = toHex(entry.voterPublicKey);
      if (order === 0)
        return { code: "CERT_DUPLICATE_VOTER", message: "voter appears twice", index: i, voterId };
      if (order > 0)
        return { code: "CERT_UNSORTED", message: "precommits not sorted by voter key", index: i, voterId };
    }
    const validator = votingSet.get(toHex(entry.voterPublicKey));
    if (validator === undefined) {
      return {
        code: "CERT_UNKNOWN_VOTER",
        message: "voter is not in the voting set",
        index: i,
        voterId: toHex(entry.voterPublicKey),
      };
    }
    weight += validator.weight;
  }
  if (!votingSet.isQuorum(weight)) {
    return {
      code: "CERT_NO_QUORUM",
      message: `precommit weight ${weight} is not more than 2/3 of ${votingSet.totalWeight}`,
      weight,
      totalWeight: votingSet.totalWeight,
    };
  }
  for (let i = 0; i < precommits.length; i++) {
    const entry = precommits[i]!;
    const message = precommitMessage(certificate, entry.voterPublicKey, chainId);
    if (message === null) return { code: "CERT_MALFORMED", message: "height or round out of range" };
    if (!scheme.verify(entry.voterPublicKey, message, entry.signature)) {
      return {
        code: "CERT_BAD_SIGNATURE",
        message: "precommit signature does not verify",
        index: i,
        voterId: toHex(entry.voterPublicKey),
      };
    }
  }
  return null;
}

/** verifyCertificate for a certified block: the certificate must be present and match the block's hash and height. */
export function verifyCertifiedBlock(
  certified: CertifiedBlock,
  votingSet: VotingSet,
  scheme: SignatureScheme,
  chainId: number,
): CertificateFault | null {
  if (certified.certificate === null) return { code: "CERT_MISSING", message: "block has no certificate" };
  let hash: Uint8Array;
  try {
    hash = hashOfHeader(certified.block.header);
  } catch {
    return { code: "CERT_MALFORMED", message: "block header does not encode" };
  }
  return verifyCertificate(
    certified.certificate,
    hash,
    votingSet,
    scheme,
    chainId,
    certified.block.header.height,
  );
}

/**
 * The canonical certificate of precommits for one block: sorted by voter key, one per voter. Throws
 * TsdcError when a vote is not a precommit for exactly (height, round, blockHash) or a voter repeats
 * (the engine never passes such input; a throw here is a caller bug).
 */
export function buildCertificate(
  height: bigint,
  round: number,
  blockHash: Uint8Array,
  precommits: readonly Vote[],
): Certificate {
  const sorted = [...precommits].sort((a, b) => compareBytes(a.voterPublicKey, b.voterPublicKey));
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (
      v.phase !== "precommit" ||
      v.height !== height ||
      v.round !== round ||
      !bytesEqual(v.blockHash, blockHash)
    ) {
      throw new TsdcError("TSDC_BAD_CERTIFICATE_INPUT", "vote is not a precommit for this block and round", {
        field: `precommits[${i}]`,
        value: toHex(v.voterPublicKey),
      });
    }
    if (i > 0 && bytesEqual(sorted[i - 1]!.voterPublicKey, v.voterPublicKey)) {
      throw new TsdcError("TSDC_BAD_CERTIFICATE_INPUT", "voter appears twice", {
        field: `precommits[${i}]`,
        value: toHex(v.voterPublicKey),
      });
    }
  }
  return {
    height,
    round,
    blockHash,
    precommits: sorted.map((v) => ({ voterPublicKey: v.voterPublicKey, signature: v.signature })),
  };
}
