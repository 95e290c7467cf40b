// Sync progress from what getblockchaininfo reports (own height, the highest height a peer reports) and a
// short history of own heights: the stage, blocks left, the speed over the last half minute and an ETA
// when one can be computed. Pure, so the page's sentence ("Syncing blocks 812 of 1,000 · about 20 s
// left") is tested here.

export type SyncStage = "waiting-for-peers" | "syncing" | "synced";

export interface HeightSample {
  readonly height: number;
  /** ms since the epoch. */
  readonly at: number;
}

export interface SyncProgress {
  readonly stage: SyncStage;
  readonly height: number;
  readonly target: number;
  readonly blocksLeft: number;
  /** 0..1 of the target reached. */
  readonly fraction: number;
  /** Blocks per second over the sample window; null until two samples differ in time. */
  readonly blocksPerSecond: number | null;
  /** Seconds to the target at the current speed; null when unknown or not syncing. */
  readonly etaSeconds: number | null;
}

/** How far back the speed is measured. */
export const SPEED_WINDOW_MS = 30_000;
/** A node this close to the best peer is in step (one block may be in flight). */
const IN_STEP_BLOCKS = 1;

/** Adds a sample and drops those older than the window (keeping one older sample as the baseline). */
export function addSample(samples: readonly HeightSample[], next: HeightSample): HeightSample[] {
  const kept = [...samples.filter((s) => s.at <= next.at), next];
  const cutoff = next.at - SPEED_WINDOW_MS;
  let first = 0;
  while (first < kept.length - 2 && (kept[first + 1] as HeightSample).at <= cutoff) first++;
  return kept.slice(first);
}

export function syncProgress(
  info: { readonly blocks: number; readonly headers: number },
  peers: number,
  samples: readonly HeightSample[],
): SyncProgress {
  const height = Math.max(0, info.blocks);
  const target = Math.max(height, info.headers);
  const blocksLeft = target - height;
  const fraction = target === 0 ? 1 : height / target;
  const blocksPerSecond = speed(samples);
  const syncing = blocksLeft > IN_STEP_BLOCKS;
  const stage: SyncStage = peers === 0 ? "waiting-for-peers" : syncing ? "syncing" : "synced";
  const etaSeconds =
    stage === "syncing" && blocksPerSecond !== null && blocksPerSecond > 0
      ? Math.ceil(blocksLeft / blocksPerSecond)
      : null;
  return { stage, height, target, blocksLeft, fraction, blocksPerSecond, etaSeconds };
}

function speed(samples: readonly HeightSample[]): number | null {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (first === undefined || last === undefined || last.at <= first.at) return null;
  return Math.max(0, (last.height - first.height) / ((last.at - first.at) / 1000));
}
