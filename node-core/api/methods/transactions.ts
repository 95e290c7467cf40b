// Transaction methods: raw transactions (look up, decode, create unsigned, submit), the mempool, and
// finality (gettransactionfinality, waittransactionfinality).
import { z } from "zod";
import { decodeTransaction, encodeTransaction, transactionId } from "../../codec/index.js";
import { FEE_PER_KB, MIN_FEE_FLOOR, TX_VERSION } from "../../params/index.js";
import type { Transaction, TxOutput } from "../../types/index.js";
import { formatTime, toHex } from "../../types/index.js";
import { hasErrorCode } from "../../util/index.js";
import { admissionError } from "../admission.js";
import { ApiError } from "../errors.js";
import { MAX_FINALITY_WAIT_MS } from "../finality.js";
import { transactionJson } from "../json.js";
import { defineMethod } from "../method.js";
import { addressText, amount, boundedInt, flag, hash32, txHex } from "../schemas.js";
import { confirmations, parseAddressParam, tipOf } from "./common.js";

/** Most inputs or outputs createrawtransaction takes (the codec's caps are higher; this bounds the work). */
const MAX_CREATE_ITEMS = 2_000;

function decodeTx(bytes: Uint8Array): Transaction {
  try {
    return decodeTransaction(bytes);
  } catch (error) {
    throw new ApiError(
      "API_DESERIALIZATION_ERROR",
      `transaction decode failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        param: "hexstring",
      },
    );
  }
}

const outputsSchema = z.union(
  [z.record(addressText, amount), z.array(z.record(addressText, amount)).max(MAX_CREATE_ITEMS)],
  { error: 'expected {"ADDRESS": amount, ...} or [{"ADDRESS": amount}, ...]' },
);

interface PoolEntryJson {
  readonly size: number;
  readonly fee: string;
  /** When it entered the pool (ms). */
  readonly time: number;
  readonly final: boolean;
  readonly depends: readonly string[];
  readonly spentby: readonly string[];
  readonly conflicts: readonly string[];
}

export function transactionMethods() {
  return [
    defineMethod({
      name: "getrawtransaction",
      summary: "a transaction of the mempool or the chain: hex, or JSON when verbose",
      params: { txid: hash32, verbose: flag.default(false) },
      paramHelp: { txid: "transaction id (hex)", verbose: "false (default) for hex, true for JSON" },
      result: "hex, or the transaction as JSON with its block and confirmations",
      async handler({ api }, { txid, verbose }) {
        const { view, params, node } = api.ctx;
        const pooled = node.services.mempool.get(txid);
        if (pooled !== undefined) {
          if (!verbose) return toHex(encodeTransaction(pooled.tx));
          return {
            ...transactionJson(pooled.tx, params),
            hex: toHex(encodeTransaction(pooled.tx)),
            in_mempool: true,
            blockhash: null,
            height: null,
            confirmations: 0,
          };
        }
        const stored = await view.getTransaction(txid);
        if (stored === null) throw new ApiError("API_NOT_FOUND", "no such mempool or blockchain transaction");
        if (!verbose) return toHex(encodeTransaction(stored.transaction));
        const tip = tipOf(view);
        return {
          ...transactionJson(stored.transaction, params),
          hex: toHex(encodeTransaction(stored.transaction)),
          in_mempool: false,
          blockhash: toHex(stored.blockHash),
          height: Number(stored.height),
          confirmations: confirmations(tip, stored.height),
        };
      },
    }),
    defineMethod({
      name: "decoderawtransaction",
      summary: "decodes a transaction's hex",
      params: { hexstring: txHex },
      paramHelp: { hexstring: "the transaction's encoding (hex)" },
      result: "the transaction as JSON",
      handler: ({ api }, { hexstring }) => transactionJson(decodeTx(hexstring), api.ctx.params),
    }),
    defineMethod({
      name: "createrawtransaction",
      summary: "an unsigned transaction spending inputs into outputs (witnesses left zero), as hex",
      params: {
        inputs: z
          .array(z.strictObject({ txid: hash32, vout: boundedInt(0, 0xffff_ffff) }))
          .min(1, { error: "at least one input" })
          .max(MAX_CREATE_ITEMS),
        outputs: outputsSchema,
        locktime: boundedInt(0, Number.MAX_SAFE_INTEGER).default(0),
      },
      paramHelp: {
        inputs: '[{"txid": hex, "vout": n}, ...]',
        outputs: '{"ADDRESS": amount, ...} (amounts in TIME as decimal strings)',
        locktime: "lock time: the earliest block height (default 0)",
      },
      result: "hex of the unsigned transaction",
      handler({ api }, { inputs, outputs, locktime }) {
        const { params } = api.ctx;
        const pairs = (Array.isArray(outputs) ? outputs : [outputs]).flatMap((o) => Object.entries(o));
        if (pairs.length === 0)
          throw new ApiError("API_INVALID_PARAMETER", "at least one output", { param: "outputs" });
        if (pairs.length > MAX_CREATE_ITEMS)
          throw new ApiError("API_INVALID_PARAMETER", `at most ${MAX_CREATE_ITEMS} outputs`, {
            param: "outputs",
          });
        const seenAddresses = new Set<string>();
        const txOutputs: TxOutput[] = pairs.map(([address, sat]) => {
          if (seenAddresses.has(address)) {
            throw new ApiError("API_INVALID_PARAMETER", `duplicated address: ${address}`, {
              param: "outputs",
            });
          }
          seenAddresses.add(address);
          return { amount: sat, address: parseAddressParam(params, address, "outputs") };
        });
        const seenInputs = new Set<string>();
        const tx: Transaction = {
          version: TX_VERSION,
          inputs: inputs.map((input) => {
            const key = `${toHex(input.txid)}:${input.vout}`;
            if (seenInputs.has(key))
              throw new ApiError("API_INVALID_PARAMETER", `input ${key} is listed twice`, {
                param: "inputs",
              });
            seenInputs.add(key);
            return {
              prevout: { txid: input.txid, index: input.vout },
              publicKey: new Uint8Array(32),
              signature: new Uint8Array(64),
            };
          }),
          outputs: txOutputs,
          lockTime: BigInt(locktime),
          special: null,
        };
        return toHex(encodeTransaction(tx));
      },
    }),
    defineMethod({
      name: "sendrawtransaction",
      summary: "submits a signed transaction; returns its txid once the mempool admitted it",
      params: { hexstring: txHex },
      paramHelp: { hexstring: "the signed transaction's encoding (hex)" },
      result: "txid (hex)",
      async handler({ api }, { hexstring }) {
        const { node, view } = api.ctx;
        const tx = decodeTx(hexstring);
        const txid = transactionId(tx);
        if ((await view.getTransactionLocation(txid)) !== null) {
          throw new ApiError("API_ALREADY_IN_CHAIN", "transaction already in the block chain");
        }
        // Submitting again what the pool holds is not an error (the wallet may retry after a lost reply).
        if (node.services.mempool.has(txid)) return toHex(txid);
        try {
          return (await node.submitAndWait(tx)).txid;
        } catch (error) {
          if (hasErrorCode(error, "MEMPOOL_DUPLICATE")) return toHex(txid);
          throw admissionError(error);
        }
      },
    }),
    defineMethod({
      name: "getmempoolinfo",
      summary: "the mempool: transactions, bytes, fees, limits",
      params: {},
      paramHelp: {},
      result: "{size, final, bytes, total_fee, max_transactions, max_bytes, min_fee, fee_per_kb}",
      handler({ api }) {
        const mempool = api.ctx.node.services.mempool;
        let totalFee = 0n;
        let final = 0;
        for (const entry of mempool.all()) {
          totalFee += entry.fee;
          if (entry.final) final++;
        }
        return {
          size: mempool.size,
          final,
          bytes: mempool.bytes,
          total_fee: formatTime(totalFee),
          max_transactions: mempool.opts.maxTransactions,
          max_bytes: mempool.opts.maxBytes,
          /** The minimum fee: max(min_fee, size * fee_per_kb / 1000). */
          min_fee: formatTime(MIN_FEE_FLOOR),
          fee_per_kb: formatTime(FEE_PER_KB),
        };
      },
    }),
    defineMethod({
      name: "getrawmempool",
      summary: "txids in the mempool, or details per txid when verbose",
      params: { verbose: flag.default(false) },
      paramHelp: { verbose: "false (default) for txids, true for an object of details by txid" },
      result: "[txid, ...] or {txid: {size, fee, time, final, depends, spentby, conflicts}}",
      handler({ api }, { verbose }) {
        const mempool = api.ctx.node.services.mempool;
        const entries = mempool.all();
        if (!verbose) return entries.map((e) => e.id);
        const out: Record<string, PoolEntryJson> = {};
        for (const e of entries) {
          out[e.id] = {
            size: e.size,
            fee: formatTime(e.fee),
            time: e.addedAt,
            final: e.final,
            depends: [...e.parents],
            spentby: [...e.children],
            conflicts: mempool.conflictsOf(e.id),
          };
        }
        return out;
      },
    }),
    defineMethod({
      name: "gettransactionfinality",
      summary: "where a transaction stands: unknown, pending, voting, final or rejected, with the reason",
      params: { txid: hash32 },
      paramHelp: { txid: "transaction id (hex)" },
      result: "{txid, status, confidence, beta, reason, finalMs, blockHeight}",
      handler: ({ api }, { txid }) => api.finality.status(txid),
    }),
    defineMethod({
      name: "waittransactionfinality",
      summary: "waits until a transaction is final or rejected, or the timeout; returns its finality",
      params: { txid: hash32, timeout_ms: boundedInt(0, MAX_FINALITY_WAIT_MS).default(60_000) },
      paramHelp: {
        txid: "transaction id (hex)",
        timeout_ms: `longest wait in ms (default 60000, at most ${MAX_FINALITY_WAIT_MS})`,
      },
      result: "{txid, status, confidence, beta, reason, finalMs, blockHeight}",
      handler: ({ api }, { txid, timeout_ms }) => api.finality.wait(txid, timeout_ms),
    }),
  ];
}
