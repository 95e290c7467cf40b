// What the status bar says about sync: the fraction of the best known tip this node has, and whether it
// counts as caught up (within two blocks of the best peer, which covers a block in flight).
export interface SyncView {
  readonly syncing: boolean;
  readonly percent: number;
  readonly blocksLeft: number;
}

export function syncView(blocks: number, headers: number): SyncView {
  const best = Math.max(blocks, headers);
  const blocksLeft = Math.max(0, best - blocks);
  if (blocksLeft <= 2 || best <= 0) return { syncing: false, percent: 100, blocksLeft };
  return { syncing: true, percent: Math.min(99, Math.floor((blocks / best) * 100)), blocksLeft };
}
