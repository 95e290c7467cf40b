// Address methods: unspent outputs, balance and txids of addresses from the in-memory address index
// (confirmed chain only), address validation, and the devnet faucet.
import { z } from "zod";
import { AddressError, decodeAddress, networksForDigit } from "../../keys/index.js";
import type { AddressPayload } from "../../types/index.js";
import { formatTime, toHex } from "../../types/index.js";
import { ApiError } from "../errors.js";
import { defineMethod } from "../method.js";
import type { ApiRuntime } from "../runtime.js";
import { addressText, positiveAmount } from "../schemas.js";
import { parseAddressParam } from "./common.js";

/** Most addresses one call asks about. */
const MAX_ADDRESSES = 100;

const addressesSchema = z.union([addressText, z.array(addressText).min(1).max(MAX_ADDRESSES)], {
  error: `expected an address or a list of 1 to ${MAX_ADDRESSES} addresses`,
});

function parseList(api: ApiRuntime, value: string | string[]): { text: string; payload: AddressPayload }[] {
  const list = typeof value === "string" ? [value] : [...new Set(value)];
  return list.map((text) => ({ text, payload: parseAddressParam(api.ctx.params, text, "addresses") }));
}

export function addressMethods() {
  return [
    defineMethod({
      name: "getaddressutxos",
      summary: "the unspent outputs of addresses (confirmed chain, from the in-memory address index)",
      params: { addresses: addressesSchema },
      paramHelp: { addresses: "an address or a list of addresses" },
      result: "[{address, txid, outputIndex, value, height, coinbase, locked}, ...] oldest first",
      async handler({ api }, { addresses }) {
        const locked = new Set(
          api.ctx.node.services.follower.registry.records.map(
            (r) => `${toHex(r.collateral.txid)}:${r.collateral.index}`,
          ),
        );
        const out = [];
        for (const { text, payload } of parseList(api, addresses)) {
          for (const utxo of await api.addresses.utxos(payload)) {
            out.push({
              address: text,
              txid: utxo.txid,
              outputIndex: utxo.index,
              value: formatTime(utxo.amount),
              height: Number(utxo.height),
              coinbase: utxo.isReward,
              /** Masternode collateral: not spendable without deregistering. */
              locked: locked.has(`${utxo.txid}:${utxo.index}`),
            });
          }
        }
        return out;
      },
    }),
    defineMethod({
      name: "getaddressbalance",
      summary: "the balance of addresses and all they ever received (confirmed chain)",
      params: { addresses: addressesSchema },
      paramHelp: { addresses: "an address or a list of addresses" },
      result: "{balance, received} summed over the addresses",
      async handler({ api }, { addresses }) {
        let balance = 0n;
        let received = 0n;
        for (const { payload } of parseList(api, addresses)) {
          const b = await api.addresses.balance(payload);
          balance += b.balance;
          received += b.received;
        }
        return { balance: formatTime(balance), received: formatTime(received) };
      },
    }),
    defineMethod({
      name: "getaddresstxids",
      summary: "txids paying or spending from addresses, in chain order (confirmed chain)",
      params: { addresses: addressesSchema },
      paramHelp: { addresses: "an address or a list of addresses" },
      result: "[txid, ...]",
      async handler({ api }, { addresses }) {
        const seen = new Set<string>();
        const out: string[] = [];
        for (const { payload } of parseList(api, addresses)) {
          for (const txid of await api.addresses.txids(payload)) {
            if (!seen.has(txid)) {
              seen.add(txid);
              out.push(txid);
            }
          }
        }
        return out;
      },
    }),
    defineMethod({
      name: "validateaddress",
      summary: "whether an address is valid on this node's network",
      params: {
        address: z.string({ error: "expected a string" }).max(256, { error: "at most 256 characters" }),
      },
      paramHelp: { address: "the address" },
      result: "{isvalid: true, address, network, payload} or {isvalid: false, error_code, error}",
      handler({ api }, { address }) {
        const { params } = api.ctx;
        try {
          const decoded = decodeAddress(address);
          if (decoded.digit !== params.addressDigit) {
            return {
              isvalid: false,
              error_code: "ADDRESS_WRONG_NETWORK",
              error: `a ${networksForDigit(decoded.digit).join("/")} address, but this node runs ${params.name}`,
            };
          }
          return { isvalid: true, address, network: params.name, payload: toHex(decoded.payload) };
        } catch (error) {
          if (error instanceof AddressError)
            return { isvalid: false, error_code: error.code, error: error.message };
          throw error;
        }
      },
    }),
    defineMethod({
      name: "faucet",
      summary: "devnet only: pays an amount from the faucet to an address; returns the txid",
      params: { address: addressText, amount: positiveAmount },
      paramHelp: { address: "the address to pay", amount: "TIME, as a decimal string" },
      result: "txid (hex)",
      async handler({ api }, { address, amount }) {
        const { params } = api.ctx;
        if (params.name !== "devnet") {
          throw new ApiError(
            "API_MISC_ERROR",
            `the faucet exists on devnet only; this node runs ${params.name}`,
          );
        }
        if (api.faucet === null) throw new ApiError("API_MISC_ERROR", "this devnet node has no faucet key");
        return api.faucet.send(parseAddressParam(params, address, "address"), amount);
      },
    }),
  ];
}
