// Transaction: version(u16) inputs outputs lockTime(u64) special(optional). Also the unsigned form that
// the txid hashes (no input signatures, no special-payload signatures; public keys stay in because they
// bind the spender) and the exact encoded size without encoding.
import { MAX_TX_BYTES, MAX_TX_INPUTS, MAX_TX_OUTPUTS } from "../params/index.js";
import type { Transaction, TxInput, TxOutput } from "../types/index.js";
import {
  ADDRESS_BYTES,
  MIN_TRANSACTION_BYTES,
  PUBLIC_KEY_BYTES,
  SIGNATURE_BYTES,
  TX_INPUT_BYTES,
  TX_OUTPUT_BYTES,
} from "./caps.js";
import { readOutPoint, writeOutPoint } from "./outpoint.js";
import type { Reader } from "./reader.js";
import { decodeWith, encodeWith } from "./run.js";
import { readSpecialPayload, specialPayloadSize, writeSpecialPayload } from "./special.js";
import type { Writer } from "./writer.js";

function writeTxOutput(w: Writer, output: TxOutput): void {
  w.amount(output.amount, "output.amount");
  w.fixed(output.address, ADDRESS_BYTES, "output.address");
}

function readTxOutput(r: Reader): TxOutput {
  const amount = r.amount("output.amount");
  const address = r.fixed(ADDRESS_BYTES, "output.address");
  return { amount, address };
}

function readTxInput(r: Reader): TxInput {
  const prevout = readOutPoint(r);
  const publicKey = r.fixed(PUBLIC_KEY_BYTES, "input.publicKey");
  const signature = r.fixed(SIGNATURE_BYTES, "input.signature");
  return { prevout, publicKey, signature };
}

function writeBody(w: Writer, tx: Transaction, withWitnesses: boolean): void {
  w.u16(tx.version, "version");
  const inputs = tx.inputs;
  w.count(inputs.length, MAX_TX_INPUTS, "inputs");
  for (const input of inputs) {
    writeOutPoint(w, input.prevout);
    w.fixed(input.publicKey, PUBLIC_KEY_BYTES, "input.publicKey");
    if (withWitnesses) w.fixed(input.signature, SIGNATURE_BYTES, "input.signature");
  }
  const outputs = tx.outputs;
  w.count(outputs.length, MAX_TX_OUTPUTS, "outputs");
  for (const output of outputs) writeTxOutput(w, output);
  w.u64(tx.lockTime, "lockTime");
  if (tx.special === null) {
    w.presence(false);
  } else {
    w.presence(true);
    writeSpecialPayload(w, tx.special, withWitnesses);
  }
}

/** Writes a transaction; one larger than MAX_TX_BYTES is CODEC_OVER_CAP, in a block as on its own. */
export function writeTransaction(w: Writer, tx: Transaction): void {
  const start = w.length;
  writeBody(w, tx, true);
  const size = w.length - start;
  if (size > MAX_TX_BYTES) {
    w.fail("CODEC_OVER_CAP", "transaction", `${size} bytes exceed the cap of ${MAX_TX_BYTES}`, {
      limit: MAX_TX_BYTES,
      actual: size,
    });
  }
}

/** The form the txid covers: every field except the signatures. */
export function writeUnsignedTransaction(w: Writer, tx: Transaction): void {
  writeBody(w, tx, false);
}

export function readTransaction(r: Reader): Transaction {
  const start = r.offset;
  const version = r.u16("version");
  const inputCount = r.count(MAX_TX_INPUTS, TX_INPUT_BYTES, "inputs");
  const inputs: TxInput[] = new Array(inputCount);
  for (let i = 0; i < inputCount; i++) inputs[i] = readTxInput(r);
  const outputCount = r.count(MAX_TX_OUTPUTS, TX_OUTPUT_BYTES, "outputs");
  const outputs: TxOutput[] = new Array(outputCount);
  for (let i = 0; i < outputCount; i++) outputs[i] = readTxOutput(r);
  const lockTime = r.u64("lockTime");
  const special = r.presence("special") ? readSpecialPayload(r) : null;
  const size = r.offset - start;
  if (size > MAX_TX_BYTES) {
    r.fail("CODEC_OVER_CAP", "transaction", `${size} bytes exceed the cap of ${MAX_TX_BYTES}`, {
      limit: MAX_TX_BYTES,
      actual: size,
    });
  }
  return { version, inputs, outputs, lockTime, special };
}

export function encodeTransaction(tx: Transaction): Uint8Array {
  return encodeWith("Transaction", tx, writeTransaction);
}

export function encodeUnsignedTransaction(tx: Transaction): Uint8Array {
  return encodeWith("UnsignedTransaction", tx, writeUnsignedTransaction);
}

export function decodeTransaction(bytes: Uint8Array): Transaction {
  return decodeWith("Transaction", bytes, readTransaction, MAX_TX_BYTES);
}

/**
 * Length of encodeTransaction(tx), computed without encoding (the fee rule calls it per transaction).
 * It does not validate: for a transaction over MAX_TX_BYTES it returns the true size so the caller can
 * report it, where encodeTransaction would throw.
 */
export function transactionSize(tx: Transaction): number {
  return (
    MIN_TRANSACTION_BYTES +
    tx.inputs.length * TX_INPUT_BYTES +
    tx.outputs.length * TX_OUTPUT_BYTES +
    (tx.special === null ? 0 : specialPayloadSize(tx.special))
  );
}
