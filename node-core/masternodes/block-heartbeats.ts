// The consensus rule for the heartbeats a block carries, and the proposer's choice of them. A carried
// heartbeat makes its masternode eligible for this block's reward pool, so it must be checkable by every
// node from chain data alone: a masternode registered at the parent state (any tier, Free included), a
// valid signature for this network, signed at a recent height (within 180 s worth of blocks before the
// parent), at most one per operator.
import type { SignatureScheme } from "../consensus/index.js";
import type { SignatureCheck } from "../crypto/index.js";
import type { NetworkParams } from "../params/index.js";
import { BLOCK_HEARTBEAT_WINDOW_MS, MAX_BLOCK_HEARTBEATS } from "../params/index.js";
import type { Block, Certificate, Heartbeat, MasternodeRecord } from "../types/index.js";
import { compareBytes, toHex } from "../types/index.js";
import { MasternodeError } from "./errors.js";
import { heartbeatSignatureCheck, verifyHeartbeatSignature } from "./heartbeat.js";

/** The window in blocks: ceil(180 s / block interval); 1 on mainnet (600 s slots), 36 on a 5 s devnet. */
export function heartbeatWindowBlocks(params: NetworkParams): bigint {
  const interval = BigInt(params.blockIntervalMs);
  return (BigInt(BLOCK_HEARTBEAT_WINDOW_MS) + interval - 1n) / interval;
}

/** Lowest heartbeat height a child of `parentHeight` accepts (the window, clamped at genesis). */
export function lowestHeartbeatHeight(params: NetworkParams, parentHeight: bigint): bigint {
  const low = parentHeight - heartbeatWindowBlocks(params);
  return low > 0n ? low : 0n;
}

export interface BlockHeartbeatContext {
  readonly params: NetworkParams;
  /** Height of the block's parent. */
  readonly parentHeight: bigint;
  /** Masternodes registered at the parent state, by operator id (see registryAt().operators). */
  readonly registeredOperators: ReadonlyMap<string, MasternodeRecord>;
}

/**
 * Every rule except the signatures: count, order (strictly ascending operator keys, so one per operator),
 * registration at the parent state and the height window. Pair with blockHeartbeatSignatureChecks to verify
 * the signatures in a batch (e.g. on the worker pool).
 */
export function checkBlockHeartbeatsStructure(
  heartbeats: readonly Heartbeat[],
  ctx: BlockHeartbeatContext,
): MasternodeError | null {
  if (heartbeats.length > MAX_BLOCK_HEARTBEATS) {
    return new MasternodeError("BLOCK_HEARTBEATS_TOO_MANY", "block carries too many heartbeats", {
      expected: `<= ${MAX_BLOCK_HEARTBEATS}`,
      actual: String(heartbeats.length),
    });
  }
  const low = lowestHeartbeatHeight(ctx.params, ctx.parentHeight);
  for (let i = 0; i < heartbeats.length; i++) {
    const hb = heartbeats[i] as Heartbeat;
    const id = toHex(hb.operatorPublicKey);
    // The codec enforces the order on the wire; blocks built in memory are checked here too.
    if (
      i > 0 &&
      compareBytes((heartbeats[i - 1] as Heartbeat).operatorPublicKey, hb.operatorPublicKey) >= 0
    ) {
      return new MasternodeError(
        "BLOCK_HEARTBEATS_UNSORTED",
        "heartbeats must be strictly ascending by operator key",
        { heartbeatIndex: i, operator: id },
      );
    }
    if (!ctx.registeredOperators.has(id)) {
      return new MasternodeError("BLOCK_HEARTBEAT_UNREGISTERED", "heartbeat from an unregistered operator", {
        heartbeatIndex: i,
        operator: id,
      });
    }
    if (hb.height < low || hb.height > ctx.parentHeight) {
      return new MasternodeError("BLOCK_HEARTBEAT_OUT_OF_WINDOW", "heartbeat height is outside the window", {
        heartbeatIndex: i,
        operator: id,
        expected: `${low}..${ctx.parentHeight}`,
        actual: hb.height.toString(),
      });
    }
  }
  return null;
}

/** The signature checks of a block's heartbeats in order; null entries cannot be encoded (invalid). */
export function blockHeartbeatSignatureChecks(
  heartbeats: readonly Heartbeat[],
  chainId: number,
): (SignatureCheck | null)[] {
  return heartbeats.map((hb) => heartbeatSignatureCheck(chainId, hb));
}

/** All heartbeat rules of a block, signatures verified synchronously with `signatures`. */
export function checkBlockHeartbeats(
  block: Pick<Block, "heartbeats">,
  ctx: BlockHeartbeatContext & { readonly signatures: SignatureScheme },
): MasternodeError | null {
  const structural = checkBlockHeartbeatsStructure(block.heartbeats, ctx);
  if (structural) return structural;
  for (let i = 0; i < block.heartbeats.length; i++) {
    const hb = block.heartbeats[i] as Heartbeat;
    if (!verifyHeartbeatSignature(ctx.signatures, ctx.params.chainId, hb)) {
      return new MasternodeError("BLOCK_HEARTBEAT_BAD_SIGNATURE", "heartbeat signature does not verify", {
        heartbeatIndex: i,
        operator: toHex(hb.operatorPublicKey),
      });
    }
  }
  return null;
}

export interface HeartbeatSelectionContext extends BlockHeartbeatContext {
  /** The certificate the block will carry: its voters are eligible already, so their heartbeats are skipped. */
  readonly previousCertificate: Certificate | null;
  /** Re-verify signatures (for heartbeats from an untrusted source); the tracker's are verified already. */
  readonly signatures?: SignatureScheme;
}

/**
 * The heartbeats a proposer carries: for each operator registered at the parent state and not already a
 * voter of the previous certificate, the latest (highest sequence) heartbeat inside the window; sorted by
 * operator key. When more qualify than MAX_BLOCK_HEARTBEATS, taking starts at an offset that moves with the
 * height, so different operators get their turn in different blocks. The reward's output count does not
 * limit them: each pool pays a bounded subset of its eligible masternodes (reward-rotation.ts).
 */
export function selectHeartbeatsForBlock(
  heartbeats: Iterable<Heartbeat>,
  ctx: HeartbeatSelectionContext,
): Heartbeat[] {
  const low = lowestHeartbeatHeight(ctx.params, ctx.parentHeight);
  const voters = new Set<string>();
  for (const p of ctx.previousCertificate?.precommits ?? []) voters.add(toHex(p.voterPublicKey));
  const latest = new Map<string, Heartbeat>();
  for (const hb of heartbeats) {
    if (hb.height < low || hb.height > ctx.parentHeight) continue;
    const id = toHex(hb.operatorPublicKey);
    if (voters.has(id) || !ctx.registeredOperators.has(id)) continue;
    const held = latest.get(id);
    if (held !== undefined && held.sequence >= hb.sequence) continue;
    if (ctx.signatures && !verifyHeartbeatSignature(ctx.signatures, ctx.params.chainId, hb)) continue;
    latest.set(id, hb);
  }
  const candidates = [...latest.values()].sort((a, b) =>
    compareBytes(a.operatorPublicKey, b.operatorPublicKey),
  );
  const n = candidates.length;
  if (n <= MAX_BLOCK_HEARTBEATS) return candidates;
  const start = Number(((ctx.parentHeight + 1n) * BigInt(MAX_BLOCK_HEARTBEATS)) % BigInt(n));
  const chosen: Heartbeat[] = [];
  for (let k = 0; k < MAX_BLOCK_HEARTBEATS; k++) chosen.push(candidates[(start + k) % n] as Heartbeat);
  return chosen.sort((a, b) => compareBytes(a.operatorPublicKey, b.operatorPublicKey));
}
