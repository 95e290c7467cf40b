// Test harness (never imported by product code): N Snowball engines on one VirtualTime, wired by the
// tests' in-memory message network (testing/message-net.ts: one-way latency plus seeded jitter). Each node
// can be honest, silent, or answer through a custom function, and transactions reach nodes at chosen
// instants, so a whole run is a pure function of its parameters and seed.
import { MessageNet } from "../../testing/index.js";
import { toHex } from "../../types/index.js";
import { silentLogger } from "../../util/index.js";
import { SeededRng, VirtualTime } from "../index.js";
import type { ValidatorWeight } from "./interface.js";
import type { SnowballOptions } from "./options.js";
import { Snowball } from "./snowball.js";

export type Behaviour =
  | { readonly kind: "honest" }
  | { readonly kind: "silent" }
  /** Answers with whatever this returns (asker id lets a node equivocate). */
  | {
      readonly kind: "custom";
      readonly answer: (askerId: string, txids: readonly Uint8Array[]) => Uint8Array;
    };

export interface NetworkSpec {
  readonly weights: readonly number[];
  readonly seed: number;
  readonly latencyMs?: number;
  /** Uniform integer extra delay in [0, jitterMs] per message. */
  readonly jitterMs?: number;
  readonly options?: Partial<SnowballOptions>;
  readonly behaviours?: readonly Behaviour[];
}

export interface TestNode {
  readonly index: number;
  readonly id: string;
  readonly engine: Snowball;
  behaviour: Behaviour;
  readonly queriesReceived: number[];
}

export function nodeId(index: number): string {
  return `${index.toString(16).padStart(4, "0")}${"ab".repeat(30)}`;
}

/** A deterministic fake txid (the engine only needs distinct bytes). */
export function fakeTxid(label: number): Uint8Array {
  const out = new Uint8Array(32);
  let x = (label * 0x9e3779b1 + 0x7f4a7c15) >>> 0;
  for (let i = 0; i < 32; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export class TestNetwork {
  readonly time = new VirtualTime(0);
  readonly nodes: TestNode[] = [];
  private readonly byId = new Map<string, TestNode>();
  readonly validators: readonly ValidatorWeight[];
  private readonly links: MessageNet;

  constructor(spec: NetworkSpec) {
    const root = new SeededRng(spec.seed);
    this.links = new MessageNet(this.time, root.fork(), {
      latencyMs: spec.latencyMs ?? 50,
      jitterMs: spec.jitterMs ?? 0,
    });
    this.validators = spec.weights.map((weight, i) => ({ id: nodeId(i), weight }));
    for (let i = 0; i < spec.weights.length; i++) {
      const id = nodeId(i);
      const engineRng = root.fork();
      const node: TestNode = {
        index: i,
        id,
        behaviour: spec.behaviours?.[i] ?? { kind: "honest" },
        queriesReceived: [],
        engine: new Snowball(spec.options ?? {}, {
          clock: this.time,
          scheduler: this.time,
          rng: engineRng,
          logger: silentLogger,
          selfId: id,
          validators: () => this.validators,
          outbox: { sendQuery: (peerId, requestId, txids) => this.deliverQuery(i, peerId, requestId, txids) },
        }),
      };
      this.nodes.push(node);
      this.byId.set(id, node);
    }
  }

  /** Queries and replies sent so far. */
  get messages(): number {
    return this.links.messages;
  }

  private deliverQuery(from: number, peerId: string, requestId: number, txids: readonly Uint8Array[]): void {
    const target = this.byId.get(peerId);
    if (target === undefined) return;
    const asker = this.nodes[from]!;
    this.links.send(() => {
      target.queriesReceived.push(requestId);
      const b = target.behaviour;
      if (b.kind === "silent") return;
      const bits = b.kind === "honest" ? target.engine.answerQuery(txids) : b.answer(asker.id, txids);
      this.links.send(() => asker.engine.onReply(target.id, requestId, bits));
    });
  }

  /** Gives `txid` (spending `keys`) to node `index` at virtual time `atMs`. */
  deliverTx(index: number, txid: Uint8Array, keys: readonly string[], atMs: number): void {
    this.time.after(atMs - this.time.now(), () => this.nodes[index]!.engine.addTransaction(txid, keys));
  }

  startAll(): void {
    for (const n of this.nodes) if (n.behaviour.kind !== "silent") n.engine.start();
  }

  stopAll(): void {
    for (const n of this.nodes) n.engine.stop();
  }

  honest(): TestNode[] {
    return this.nodes.filter((n) => n.behaviour.kind === "honest");
  }

  describeFinal(): string[] {
    return this.nodes.map((n) => n.engine.finalTransactions().map(toHex).join(","));
  }
}
