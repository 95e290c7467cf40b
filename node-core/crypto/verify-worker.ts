// Body of one VerifyPool worker thread: receives packed signature checks, answers one result byte per
// check. It runs the same `verify` as the main thread (through check-batch), so a signature's validity never
// depends on which thread looked at it. An exception here kills the worker on purpose: the pool turns that
// into a typed rejection of the pending batch rather than a silent wrong answer.
import { parentPort } from "node:worker_threads";
import { verifyPacked } from "./check-batch.js";

interface VerifyRequest {
  readonly id: number;
  readonly buffer: ArrayBuffer;
}

const port = parentPort;
if (port !== null) {
  port.on("message", (request: VerifyRequest) => {
    const results = verifyPacked(request.buffer);
    port.postMessage({ id: request.id, results }, [results.buffer]);
  });
}
