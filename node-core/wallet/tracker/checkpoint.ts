// A scan checkpoint: where a rescan or restore scan stands (next height, pass, the gap windows as used
// indices, coins and transactions found so far), saved through an injected ScanCheckpointStore so a restart
// resumes instead of starting over. It holds NO secrets: no keys, no seed, no mnemonic; the account is
// identified by the payload of its first receive address. It also keeps the ids of abandoned transactions.
// Its JSON text is versioned and checked field by field on load (bigints as decimal strings, hashes and
// payloads as lowercase hex).
import { z } from "zod";
import type { UsedIndices } from "../accounts/index.js";

export const CHECKPOINT_FORMAT = "time-wallet-scan";
/**
 * 2: written by a tracker that takes a block's outputs before its spends. A version-1 checkpoint may hold, as
 * unspent, an output that a transaction sorted before it in the same block spent (a coin spendable twice in
 * the wallet's eyes), so it is not loaded: the scan starts over from the birthday.
 */
export const CHECKPOINT_VERSION = 2;

export interface CheckpointCoin {
  readonly txid: string;
  readonly index: number;
  readonly amount: bigint;
  /** Address payload, hex. */
  readonly address: string;
  readonly height: bigint;
  readonly isReward: boolean;
}

export interface CheckpointTransaction {
  readonly txid: string;
  readonly height: bigint;
  readonly blockHash: string;
  readonly position: number;
  readonly received: bigint;
  readonly sent: bigint;
  readonly fee: bigint | null;
  readonly isReward: boolean;
}

export interface ScanCheckpoint {
  readonly account: number;
  /** Payload hex of receive address 0: a checkpoint of another seed or account is never applied. */
  readonly fingerprint: string;
  readonly birthday: bigint;
  /** The scan reached the tip: resuming only catches up with blocks connected since. */
  readonly complete: boolean;
  readonly pass: number;
  /** Highest used indices when the pass began (a pass that moved them is followed by another). */
  readonly passStartHighest: { readonly receive: number; readonly change: number };
  readonly nextHeight: bigint;
  /** Hash of the block at nextHeight - 1 (null when nothing is scanned yet): a resume checks it is still there. */
  readonly lastHash: string | null;
  readonly used: UsedIndices;
  readonly coins: readonly CheckpointCoin[];
  readonly transactions: readonly CheckpointTransaction[];
  /**
   * Transactions the user abandoned (lowercase hex ids). The history of pool transactions is not saved,
   * but the pool may hand an abandoned one back after a restart: it must not take the coins again. Absent
   * in checkpoints written before abandoning existed.
   */
  readonly abandoned?: readonly string[];
}

/** Most abandoned ids a checkpoint keeps (a user abandons a handful; this only bounds a damaged file). */
export const MAX_ABANDONED = 10_000;

/** Where checkpoints live (one per wallet account); the file implementation is checkpoint-file.ts. */
export interface ScanCheckpointStore {
  /** The saved checkpoint, or null; throws TRACKER_CHECKPOINT_UNREADABLE for a damaged one. */
  load(): Promise<ScanCheckpoint | null>;
  save(checkpoint: ScanCheckpoint): Promise<void>;
  clear(): Promise<void>;
}

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
const u64 = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,19})$/)
  .transform((text) => BigInt(text))
  .refine((value) => value < 1n << 64n);
const index = z.number().int().min(0).max(0x7fff_ffff);
const indexOrNone = z.number().int().min(-1).max(0x7fff_ffff);

const schema = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  version: z.literal(CHECKPOINT_VERSION),
  account: index,
  fingerprint: hex(20),
  birthday: u64,
  complete: z.boolean(),
  pass: z.number().int().min(1),
  passStartHighest: z.strictObject({ receive: indexOrNone, change: indexOrNone }),
  nextHeight: u64,
  lastHash: hex(32).nullable(),
  used: z.strictObject({ receive: z.array(index), change: z.array(index) }),
  coins: z.array(
    z.strictObject({
      txid: hex(32),
      index: z.number().int().min(0).max(0xffff_ffff),
      amount: u64,
      address: hex(20),
      height: u64,
      isReward: z.boolean(),
    }),
  ),
  transactions: z.array(
    z.strictObject({
      txid: hex(32),
      height: u64,
      blockHash: hex(32),
      position: z.number().int().min(0),
      received: u64,
      sent: u64,
      fee: u64.nullable(),
      isReward: z.boolean(),
    }),
  ),
  abandoned: z.array(hex(32)).max(MAX_ABANDONED).optional(),
});

/** The checkpoint's JSON text (bigints as decimal strings). */
export function encodeCheckpoint(checkpoint: ScanCheckpoint): string {
  const text = JSON.stringify(
    { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, ...checkpoint },
    (_, v) => (typeof v === "bigint" ? v.toString() : v),
  );
  return `${text}\n`;
}

/** Parses checkpoint text; returns the reason it is unusable instead of throwing. */
export function decodeCheckpoint(
  text: string,
):
  | { readonly ok: true; readonly checkpoint: ScanCheckpoint }
  | { readonly ok: false; readonly reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  if (typeof json === "object" && json !== null && (json as { version?: unknown }).version === 1) {
    return { ok: false, reason: "written by an older wallet (version 1) that could miss a spend in a block" };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `field ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`,
    };
  }
  const { format: _format, version: _version, ...checkpoint } = parsed.data;
  if (checkpoint.nextHeight < checkpoint.birthday)
    return { ok: false, reason: "nextHeight is below the birthday" };
  return { ok: true, checkpoint };
}
