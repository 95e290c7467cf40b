// Chain methods: the tip, blocks and headers by hash or height, unspent outputs and the UTXO set summary.
import { z } from "zod";
import { blockHash, encodeBlock, encodeBlockHeader, transactionId } from "../../codec/index.js";
import type { ChainView } from "../../db/index.js";
import { outpointKey } from "../../kernel/index.js";
import type { Transaction, UtxoEntry } from "../../types/index.js";
import { formatTime, toHex } from "../../types/index.js";
import { ApiError } from "../errors.js";
import { blockSize, certificateJson, headerJson, heartbeatJson, transactionJson, utxoJson } from "../json.js";
import { defineMethod } from "../method.js";
import { boundedInt, flag, hash32, height } from "../schemas.js";
import { blockByHash, confirmations, tipOf } from "./common.js";

export function chainMethods() {
  return [
    defineMethod({
      name: "getblockchaininfo",
      summary: "the network, the tip and the genesis of this node's chain",
      params: {},
      paramHelp: {},
      result: "{chain, chainId, blocks, bestblockhash, tiptime, genesishash, blockintervalms, headers}",
      async handler({ api }) {
        const { ctx } = api;
        const tip = tipOf(ctx.view);
        const follower = ctx.node.services.follower;
        let headers = Number(tip.height);
        for (const peer of ctx.network?.peers() ?? []) {
          if (peer.height !== null && Number(peer.height) > headers) headers = Number(peer.height);
        }
        return {
          chain: ctx.params.name,
          chainId: ctx.params.chainId,
          blocks: Number(tip.height),
          bestblockhash: toHex(tip.hash),
          tiptime: Number(follower.tip.block.header.timestamp),
          genesishash: toHex(ctx.genesisHash),
          blockintervalms: ctx.params.blockIntervalMs,
          /** The highest tip a connected peer reports (this node's own when none is higher). */
          headers,
        };
      },
    }),
    defineMethod({
      name: "getblockcount",
      summary: "the height of the tip",
      params: {},
      paramHelp: {},
      result: "number",
      handler: ({ api }) => Number(tipOf(api.ctx.view).height),
    }),
    defineMethod({
      name: "getbestblockhash",
      summary: "the hash of the tip",
      params: {},
      paramHelp: {},
      result: "hex",
      handler: ({ api }) => toHex(tipOf(api.ctx.view).hash),
    }),
    defineMethod({
      name: "getblockhash",
      summary: "the hash of the block at a height of the active chain",
      params: { height },
      paramHelp: { height: "block height" },
      result: "hex",
      async handler({ api }, { height: h }) {
        const hash = await api.ctx.view.getHashAtHeight(BigInt(h));
        if (hash === null)
          throw new ApiError("API_INVALID_PARAMETER", "block height out of range", { param: "height" });
        return toHex(hash);
      },
    }),
    defineMethod({
      name: "getblock",
      summary: "a block: 0 = hex of its encoding, 1 = JSON with txids, 2 = JSON with decoded transactions",
      params: {
        blockhash: hash32,
        verbosity: z
          .union([boundedInt(0, 2), z.boolean()], { error: "expected 0, 1 or 2" })
          .transform((v) => (v === true ? 1 : v === false ? 0 : v))
          .default(1),
      },
      paramHelp: { blockhash: "block hash (hex)", verbosity: "0, 1 (default) or 2" },
      result: "hex (verbosity 0) or the block as JSON",
      async handler({ api }, { blockhash, verbosity }) {
        const { view, params } = api.ctx;
        const certified = await blockByHash(view, blockhash);
        const { block } = certified;
        if (verbosity === 0) return toHex(encodeBlock(block));
        const tip = tipOf(view);
        const h = block.header.height;
        const next = h < tip.height ? await view.getHashAtHeight(h + 1n) : null;
        const base = {
          ...headerJson(block.header),
          confirmations: confirmations(tip, h),
          size: blockSize(block),
          ntx: block.transactions.length,
          nextblockhash: next === null ? null : toHex(next),
          certificate: certified.certificate === null ? null : certificateJson(certified.certificate),
          previousCertificate:
            block.previousCertificate === null ? null : certificateJson(block.previousCertificate),
          heartbeats: block.heartbeats.map(heartbeatJson),
        };
        if (verbosity === 1) return { ...base, tx: block.transactions.map((tx) => toHex(transactionId(tx))) };
        const fees = await blockFees(api.ctx.view, blockHash(block.header), block.transactions);
        return {
          ...base,
          tx: block.transactions.map((tx, i) => ({
            ...transactionJson(tx, params),
            fee: fees[i] === undefined || fees[i] === null ? null : formatTime(fees[i] as bigint),
          })),
        };
      },
    }),
    defineMethod({
      name: "getblockheader",
      summary: "a block header: JSON (default) or hex of its encoding",
      params: { blockhash: hash32, verbose: flag.default(true) },
      paramHelp: { blockhash: "block hash (hex)", verbose: "true (default) for JSON, false for hex" },
      result: "the header as JSON, or hex",
      async handler({ api }, { blockhash, verbose }) {
        const { view } = api.ctx;
        const { block } = await blockByHash(view, blockhash);
        if (!verbose) return toHex(encodeBlockHeader(block.header));
        const tip = tipOf(view);
        const h = block.header.height;
        const next = h < tip.height ? await view.getHashAtHeight(h + 1n) : null;
        return {
          ...headerJson(block.header),
          confirmations: confirmations(tip, h),
          ntx: block.transactions.length,
          nextblockhash: next === null ? null : toHex(next),
        };
      },
    }),
    defineMethod({
      name: "gettxout",
      summary: "an unspent transaction output, or null when it is spent or does not exist",
      params: { txid: hash32, n: boundedInt(0, 0xffff_ffff), include_mempool: flag.default(true) },
      paramHelp: {
        txid: "transaction id (hex)",
        n: "output index",
        include_mempool:
          "true (default): outputs of pool transactions count, outputs pool transactions spend do not",
      },
      result: "{bestblock, confirmations, value, address, height, coinbase, locked} or null",
      async handler({ api }, { txid, n, include_mempool }) {
        const { view, params, node } = api.ctx;
        const outpoint = { txid, index: n };
        const tip = tipOf(view);
        const mempool = node.services.mempool;
        if (include_mempool) {
          const key = outpointKey(outpoint);
          for (const entry of mempool.all()) {
            if (entry.tx.inputs.some((input) => outpointKey(input.prevout) === key)) return null;
          }
          const pooled = mempool.get(txid);
          if (pooled !== undefined) {
            const output = pooled.tx.outputs[n];
            if (output === undefined) return null;
            const entry: UtxoEntry = {
              amount: output.amount,
              address: output.address,
              height: tip.height + 1n,
              isReward: false,
            };
            return {
              bestblock: toHex(tip.hash),
              confirmations: 0,
              ...utxoJson(entry, params),
              locked: false,
            };
          }
        }
        const [entry] = await view.getUtxos([outpoint]);
        if (entry === null || entry === undefined) return null;
        const locked = (await view.getMasternode(outpoint)) !== null;
        return {
          bestblock: toHex(tip.hash),
          confirmations: confirmations(tip, entry.height),
          ...utxoJson(entry, params),
          locked,
        };
      },
    }),
    defineMethod({
      name: "gettxoutsetinfo",
      summary: "the UTXO set: count, total amount and its BLAKE3 digest",
      params: {},
      paramHelp: {},
      result: "{height, bestblock, txouts, total_amount, hash}",
      async handler({ api }) {
        const { view } = api.ctx;
        const tip = tipOf(view);
        const summary = await view.utxoSetSummary();
        return {
          height: Number(tip.height),
          bestblock: toHex(tip.hash),
          txouts: summary.count,
          total_amount: formatTime(summary.totalAmount),
          hash: summary.hash,
        };
      },
    }),
  ];
}

/** Each transaction's fee from the block's undo record (null for input-less ones, or without the record). */
async function blockFees(
  view: ChainView,
  hash: Uint8Array,
  txs: readonly Transaction[],
): Promise<(bigint | null)[]> {
  const undo = await view.getUndoRecord(hash);
  const amounts = new Map<string, bigint>();
  for (const spent of undo?.spent ?? []) amounts.set(outpointKey(spent.outpoint), spent.entry.amount);
  for (const tx of txs) {
    const txid = transactionId(tx);
    tx.outputs.forEach((output, index) => {
      amounts.set(outpointKey({ txid, index }), output.amount);
    });
  }
  return txs.map((tx) => {
    if (tx.inputs.length === 0) return null;
    let total = 0n;
    for (const input of tx.inputs) {
      const amount = amounts.get(outpointKey(input.prevout));
      if (amount === undefined) return null;
      total += amount;
    }
    for (const output of tx.outputs) total -= output.amount;
    return total;
  });
}
