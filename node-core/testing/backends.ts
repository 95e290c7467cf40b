// Chain backends for tests that run the same case on both implementations: the in-memory twin, or a real
// LevelDB store in a fresh temp dir. closeAll() closes every store opened and deletes its folder.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChainBackend, ChainStore, MemoryChainBackend } from "../db/index.js";
import type { NetworkParams } from "../params/index.js";

export type BackendKind = "memory" | "leveldb";

export const BACKEND_KINDS: readonly BackendKind[] = ["memory", "leveldb"];

export class TestBackends {
  private readonly stores: ChainStore[] = [];
  private readonly dirs: string[] = [];

  constructor(
    private readonly params: NetworkParams,
    private readonly label: string,
  ) {}

  async open(kind: BackendKind): Promise<ChainBackend> {
    if (kind === "memory") return new MemoryChainBackend({ params: this.params });
    const dir = await mkdtemp(join(tmpdir(), `time-${this.label}-`));
    this.dirs.push(dir);
    const store = await ChainStore.open({ dataDir: dir, params: this.params });
    this.stores.push(store);
    return store;
  }

  async closeAll(): Promise<void> {
    for (const store of this.stores.splice(0)) await store.close();
    for (const dir of this.dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  }
}
