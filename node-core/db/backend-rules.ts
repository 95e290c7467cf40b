// Rules every chain backend applies identically (the LevelDB ChainStore and the in-memory backend the
// simulator runs are held to byte-identical results): what a connected block's certificate and genesis must
// name, how a failed signature is reported, and the admin rollback limit.
import type { BlockEffects } from "../kernel/index.js";
import { MAX_REORG_DEPTH } from "../params/index.js";
import type { Certificate, Hash32 } from "../types/index.js";
import { bytesEqual, toHex } from "../types/index.js";
import { DbError } from "./errors.js";

/** The certificate must name the block being connected; a first block must be the network's genesis. */
export function checkConnectTarget(
  effects: BlockEffects,
  certificate: Certificate | null,
  isFirstBlock: boolean,
  expectedGenesis: Hash32 | null,
): void {
  if (
    certificate &&
    (!bytesEqual(certificate.blockHash, effects.blockHash) || certificate.height !== effects.height)
  ) {
    throw new DbError("DB_CERTIFICATE_MISMATCH", "the certificate names another block", {
      blockHash: toHex(effects.blockHash),
      expected: `${toHex(effects.blockHash)}@${effects.height}`,
      actual: `${toHex(certificate.blockHash)}@${certificate.height}`,
    });
  }
  if (isFirstBlock && expectedGenesis && !bytesEqual(expectedGenesis, effects.blockHash)) {
    throw new DbError("DB_WRONG_NETWORK", "this genesis block is not the network's genesis", {
      expected: toHex(expectedGenesis),
      actual: toHex(effects.blockHash),
    });
  }
}

/** Throws DB_BAD_SIGNATURE naming the first check of `effects.signatureChecks` whose result is not true. */
export function rejectFailedSignatures(effects: BlockEffects, results: readonly boolean[]): void {
  const checks = effects.signatureChecks;
  for (let i = 0; i < checks.length; i++) {
    if (results[i] !== true) {
      throw new DbError(
        "DB_BAD_SIGNATURE",
        `signature check ${i} of block ${toHex(effects.blockHash)} fails`,
        {
          checkIndex: i,
          publicKey: toHex((checks[i] as (typeof checks)[number]).publicKey),
          blockHash: toHex(effects.blockHash),
          height: effects.height.toString(),
        },
      );
    }
  }
}

/** A rollback target at or below the tip and at most MAX_REORG_DEPTH blocks back (checked before undoing). */
export function checkRollbackTarget(tipHeight: bigint, height: bigint): void {
  if (height < 0n || height > tipHeight) {
    throw new DbError("DB_BAD_HEIGHT", `cannot roll back to ${height}: the tip is at ${tipHeight}`, {
      height: height.toString(),
    });
  }
  const depth = tipHeight - height;
  if (depth > BigInt(MAX_REORG_DEPTH)) {
    throw new DbError("DB_REORG_TOO_DEEP", `rolling back ${depth} blocks exceeds ${MAX_REORG_DEPTH}`, {
      expected: `<= ${MAX_REORG_DEPTH}`,
      actual: depth.toString(),
    });
  }
}
