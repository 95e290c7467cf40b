// Body of one VerifyPool worker thread: receives packed signature checks (one result byte per check) or
// packed VRF checks (a flag and the output per check). It runs the same `verify` and `vrfVerify` as the main
// thread (through check-batch and vrf-batch), so a result never depends on which thread computed it. An
// exception here kills the worker on purpose: the pool turns that into a typed rejection of the pending
// batch rather than a silent wrong answer.
import { parentPort } from "node:worker_threads";
import { verifyPacked } from "./check-batch.js";
import { verifyVrfPacked } from "./vrf-batch.js";

export type VerifyJobKind = "signatures" | "vrf";

export interface VerifyRequest {
  readonly id: number;
  readonly kind: VerifyJobKind;
  readonly buffer: ArrayBuffer;
}

const port = parentPort;
if (port !== null) {
  port.on("message", (request: VerifyRequest) => {
    const results = request.kind === "vrf" ? verifyVrfPacked(request.buffer) : verifyPacked(request.buffer);
    port.postMessage({ id: request.id, results }, [results.buffer]);
  });
}
