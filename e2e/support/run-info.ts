// What the global setup hands the tests about the run's devnet (the web UI's URL, each node's RPC address and
// cookie file), written as one JSON file whose path travels in E2E_DEVNET_FILE; plus the nodes a test
// starts itself (plain-node.ts) while it runs.
import { readFileSync } from "node:fs";

export const RUN_INFO_ENV = "E2E_DEVNET_FILE";

export interface RunNode {
  readonly node: number;
  readonly rpc: string;
  readonly cookie: string;
  readonly dataDir: string;
  readonly p2p: string;
  readonly ip: string;
}

export interface RunInfo {
  /** The UI node's URL with its launch token. */
  readonly uiUrl: string;
  /** The node that serves the UI. */
  readonly uiNode: number;
  readonly nodes: readonly RunNode[];
  readonly blockTimeMs: number;
}

let cached: RunInfo | null = null;

export function runInfo(): RunInfo {
  if (cached !== null) return cached;
  const file = process.env[RUN_INFO_ENV];
  if (file === undefined || file === "") {
    throw new Error(`${RUN_INFO_ENV} is not set: run the suites through e2e/playwright.config.ts`);
  }
  cached = JSON.parse(readFileSync(file, "utf8")) as RunInfo;
  return cached;
}

/** Nodes a test started itself (joined to the run's devnet), found by rpc() like the run's own. */
const added = new Map<number, RunNode>();

export function addRunNode(node: RunNode): void {
  if (runInfo().nodes.some((n) => n.node === node.node)) throw new RangeError(`node ${node.node} exists`);
  added.set(node.node, node);
}

export function removeRunNode(node: number): void {
  added.delete(node);
}

export function runNode(node: number): RunNode | undefined {
  return runInfo().nodes.find((n) => n.node === node) ?? added.get(node);
}
