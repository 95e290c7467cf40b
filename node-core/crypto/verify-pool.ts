// Batch signature verification: `verifyAll` on the calling thread, and `VerifyPool`, which spreads a batch
// over worker threads (one per core by default) so block and mempool validation use every core; the pool
// also verifies VRF proofs (a syncing node's proposer proofs, checked ahead of their imports). Chunks cross
// threads as one transferred ArrayBuffer each (check-batch.ts, vrf-batch.ts). Failure is always a typed rejection,
// never a hang: a closed pool refuses work, and a worker that dies fails the batches it was holding.
import os from "node:os";
import { Worker } from "node:worker_threads";
import { packChecks, type SignatureCheck } from "./check-batch.js";
import { verify } from "./ed25519.js";
import { CryptoError } from "./errors.js";
import type { VerifyJobKind } from "./verify-worker.js";
import { isWellFormedVrfCheck, packVrfChecks, type VrfCheck, vrfAnswerAt } from "./vrf-batch.js";

export type { SignatureCheck } from "./check-batch.js";
export type { VrfCheck } from "./vrf-batch.js";

/** Verifies every check on this thread, in order. */
export function verifyAll(checks: readonly SignatureCheck[]): boolean[] {
  const results = new Array<boolean>(checks.length);
  for (let i = 0; i < checks.length; i++) {
    const c = checks[i] as SignatureCheck;
    results[i] = verify(c.publicKey, c.message, c.signature);
  }
  return results;
}

export interface VerifyPoolOptions {
  /** Worker threads to run; default os.availableParallelism(). */
  readonly threads?: number;
}

// A post/answer round trip costs about as much as one verify, so batches are not cut finer than this.
const MIN_CHUNK = 16;
// Big batches are cut into chunks of at most this many checks (about 0.1 s of work) so concurrent batches
// interleave across workers instead of queueing behind one huge chunk.
const MAX_CHUNK = 1024;
// A VRF verification costs about as much as 40 signatures; its chunks are cut small (a caller waiting for the
// first of a run gets it soon) and weigh that much in a worker's load.
const VRF_CHUNK = 4;
const VRF_LOAD = 40;

/**
 * Compiled, the worker is the .js file beside this one. Run from source (vitest, tsx) there is no .js file,
 * so a small .mjs entry registers tsx inside the worker and then loads the .ts worker.
 */
function workerUrl(): URL {
  return import.meta.url.endsWith(".ts")
    ? new URL("./verify-worker-tsx.mjs", import.meta.url)
    : new URL("./verify-worker.js", import.meta.url);
}

interface PendingChunk {
  readonly size: number;
  readonly resolve: (results: Uint8Array) => void;
  readonly reject: (error: CryptoError) => void;
}

interface VerifyResponse {
  readonly id: number;
  readonly results: Uint8Array;
}

/** One worker thread and the chunks it owes answers for. A dead worker is replaced on next use. */
interface Slot {
  worker: Worker | null;
  readonly pending: Map<number, PendingChunk>;
  load: number;
}

export class VerifyPool {
  readonly #workerUrl: URL;
  // Not a #private field so tests can kill a real worker to exercise crash handling.
  private readonly slots: Slot[];
  #nextId = 1;
  #closed = false;
  #closing: Promise<void> | null = null;

  constructor(opts: VerifyPoolOptions = {}) {
    const threads = opts.threads ?? os.availableParallelism();
    if (!Number.isInteger(threads) || threads < 1 || threads > 1024) {
      throw new CryptoError("POOL_BAD_THREADS", `threads must be an integer from 1 to 1024, got ${threads}`, {
        threads,
      });
    }
    this.#workerUrl = workerUrl();
    this.slots = [];
    for (let i = 0; i < threads; i++) {
      const slot: Slot = { worker: null, pending: new Map(), load: 0 };
      this.slots.push(slot);
      // Started eagerly: a worker takes tens of milliseconds to boot, which should not land on a first batch.
      this.#spawn(slot);
    }
  }

  get threads(): number {
    return this.slots.length;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Verifies every check across the workers; results are in input order. */
  async verifyBatch(checks: readonly SignatureCheck[]): Promise<boolean[]> {
    if (this.#closed) throw new CryptoError("POOL_CLOSED", "the verify pool is closed");
    const n = checks.length;
    if (n === 0) return [];
    const chunkCount = Math.min(
      n,
      Math.max(Math.min(this.slots.length, Math.ceil(n / MIN_CHUNK)), Math.ceil(n / MAX_CHUNK)),
    );
    const parts: Promise<Uint8Array>[] = [];
    for (let c = 0; c < chunkCount; c++) {
      const start = Math.floor((c * n) / chunkCount);
      const end = Math.floor(((c + 1) * n) / chunkCount);
      parts.push(this.#dispatch("signatures", packChecks(checks, start, end), end - start));
    }
    const answers = await Promise.all(parts);
    const results = new Array<boolean>(n);
    let i = 0;
    for (const answer of answers) for (const byte of answer) results[i++] = byte === 1;
    return results;
  }

  /**
   * Verifies VRF proofs across the workers: each result is the proof's output (beta), or null when it does
   * not verify (as vrfVerify answers). In input order. A malformed check is answered null here.
   */
  async verifyVrfBatch(checks: readonly VrfCheck[]): Promise<(Uint8Array | null)[]> {
    if (this.#closed) throw new CryptoError("POOL_CLOSED", "the verify pool is closed");
    const results = new Array<Uint8Array | null>(checks.length).fill(null);
    const sendable: VrfCheck[] = [];
    const at: number[] = [];
    checks.forEach((c, i) => {
      if (isWellFormedVrfCheck(c)) {
        sendable.push(c);
        at.push(i);
      }
    });
    const parts: Promise<void>[] = [];
    for (let start = 0; start < sendable.length; start += VRF_CHUNK) {
      const end = Math.min(sendable.length, start + VRF_CHUNK);
      const buffer = packVrfChecks(sendable, start, end);
      parts.push(
        this.#dispatch("vrf", buffer, (end - start) * VRF_LOAD).then((answers) => {
          for (let j = start; j < end; j++) results[at[j] as number] = vrfAnswerAt(answers, j - start);
        }),
      );
    }
    await Promise.all(parts);
    return results;
  }

  /**
   * Stops every worker. Batches still in flight are rejected with POOL_CLOSED, and so is any later call.
   * Idempotent: every call returns the same promise.
   */
  close(): Promise<void> {
    if (this.#closing !== null) return this.#closing;
    this.#closed = true;
    const terminations: Promise<number>[] = [];
    for (const slot of this.slots) {
      this.#rejectPending(
        slot,
        new CryptoError("POOL_CLOSED", "the verify pool was closed during the batch"),
      );
      const worker = slot.worker;
      slot.worker = null;
      if (worker !== null) terminations.push(worker.terminate());
    }
    this.#closing = Promise.all(terminations).then(() => undefined);
    return this.#closing;
  }

  #dispatch(kind: VerifyJobKind, buffer: ArrayBuffer, size: number): Promise<Uint8Array> {
    let slot = this.slots[0] as Slot;
    for (const s of this.slots) if (s.load < slot.load) slot = s;
    const worker = slot.worker ?? this.#spawn(slot);
    const id = this.#nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      if (slot.pending.size === 0) worker.ref();
      slot.pending.set(id, { size, resolve, reject });
      slot.load += size;
      worker.postMessage({ id, kind, buffer }, [buffer]);
    });
  }

  #spawn(slot: Slot): Worker {
    const worker = new Worker(this.#workerUrl, {
      name: "time-verify",
      // The worker needs no node flags, and some parent flags (--input-type, --eval) make it fail to start.
      execArgv: [],
    });
    // An idle pool must not keep the process alive; a busy worker is ref'ed while it owes answers.
    worker.unref();
    slot.worker = worker;
    // threadId reads -1 once the worker has exited, so keep it for the error payload.
    const threadId = worker.threadId;
    worker.on("message", (response: VerifyResponse) => {
      const chunk = slot.pending.get(response.id);
      if (chunk === undefined) return;
      slot.pending.delete(response.id);
      slot.load -= chunk.size;
      if (slot.pending.size === 0) worker.unref();
      chunk.resolve(response.results);
    });
    const die = (payload: { exitCode?: number; reason?: string }) => {
      // Events of a worker already replaced or terminated by close() are stale.
      if (slot.worker !== worker) return;
      slot.worker = null;
      this.#rejectPending(
        slot,
        new CryptoError("POOL_WORKER_CRASHED", "a signature verification worker died during the batch", {
          threadId,
          ...payload,
        }),
      );
    };
    worker.on("error", (error: Error) => die({ reason: error.message }));
    worker.on("messageerror", (error: Error) => {
      die({ reason: error.message });
      void worker.terminate();
    });
    worker.on("exit", (exitCode: number) => die({ exitCode }));
    return worker;
  }

  #rejectPending(slot: Slot, error: CryptoError): void {
    const chunks = [...slot.pending.values()];
    slot.pending.clear();
    slot.load = 0;
    for (const chunk of chunks) chunk.reject(error);
  }
}
