// The admin rollback limit shared by every chain backend: a target below the tip, and never more than
// MAX_REORG_DEPTH blocks back. Checked before anything is undone.
import { MAX_REORG_DEPTH } from "../params/consensus.js";
import { DbError } from "./errors.js";

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
