// The recent-blocks list as data: a block from getblock (verbosity 1) reduced to what the table shows,
// and the merge of a newly fetched block into the list (newest first, one block per height so a
// replaced block at a height wins, bounded length).
import type { ApiResult } from "../../../../electron/contract.js";

export interface BlockRow {
  readonly hash: string;
  readonly height: number;
  /** ms since the epoch (the TSDC slot start). */
  readonly timestamp: number;
  readonly proposer: string;
  readonly transactions: number;
  /** Operator keys of the certificate's precommits; null while the block has no certificate. */
  readonly voters: readonly string[] | null;
}

export const RECENT_BLOCKS = 10;

/** The row of a getblock result, or null for a verbosity-0 (hex) answer. */
export function blockRow(result: ApiResult<"getblock">): BlockRow | null {
  if (typeof result !== "object" || result === null) return null;
  return {
    hash: result.hash,
    height: result.height,
    timestamp: result.timestamp,
    proposer: result.proposer,
    transactions: result.ntx,
    voters: result.certificate === null ? null : result.certificate.precommits.map((p) => p.voter),
  };
}

export function mergeBlock(rows: readonly BlockRow[], row: BlockRow, limit = RECENT_BLOCKS): BlockRow[] {
  return [row, ...rows.filter((r) => r.height !== row.height)]
    .sort((a, b) => b.height - a.height)
    .slice(0, limit);
}
