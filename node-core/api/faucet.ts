// The devnet faucet: pays an address from the faucet key's coins (its confirmed outputs from the address
// index plus its change still in the mempool, less what pool transactions already spend) with a signed
// transaction submitted like any other. Requests run one at a time, so two never pick the same coins.
// Built only on devnet with a faucet key; everywhere else the method refuses.

import { outpointKey } from "../kernel/index.js";
import { addressPayloadFromPublicKey } from "../keys/index.js";
import type { TimeNode } from "../node/index.js";
import type { NetworkParams } from "../params/index.js";
import {
  type AddressPayload,
  bytesEqual,
  formatTime,
  fromHex,
  type OutPoint,
  SAT_PER_TIME,
} from "../types/index.js";
import type { AddressIndex } from "./address-index.js";
import { admissionError } from "./admission.js";
import type { FaucetKey } from "./context.js";
import { ApiError } from "./errors.js";
import { buildSignedSpend, type SpendCandidate } from "./tx-builder.js";

/** Most one faucet request pays (a Gold collateral). */
export const FAUCET_MAX_AMOUNT = 100_000n * SAT_PER_TIME;

export interface FaucetModules {
  readonly node: TimeNode;
  readonly params: NetworkParams;
  readonly addresses: AddressIndex;
  readonly key: FaucetKey;
}

export class Faucet {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly payload: AddressPayload;

  constructor(
    private readonly opts: { readonly maxAmount?: bigint },
    private readonly modules: FaucetModules,
  ) {
    this.payload = addressPayloadFromPublicKey(modules.key.publicKey);
  }

  /** Pays `amount` sat to `address`; resolves with the txid hex once the mempool admitted it. */
  send(address: AddressPayload, amount: bigint): Promise<string> {
    const max = this.opts.maxAmount ?? FAUCET_MAX_AMOUNT;
    if (amount > max) {
      return Promise.reject(
        new ApiError("API_INVALID_PARAMETER", `the faucet pays at most ${formatTime(max)} TIME per request`, {
          param: "amount",
        }),
      );
    }
    const run = this.queue.then(() => this.pay(address, amount));
    this.queue = run.catch(() => {});
    return run;
  }

  private async pay(address: AddressPayload, amount: bigint): Promise<string> {
    const { node, params, key } = this.modules;
    const signer = { seed: key.secret, publicKey: key.publicKey };
    const tx = buildSignedSpend(params, signer, await this.coins(), [{ amount, address }]);
    try {
      return (await node.submitAndWait(tx)).txid;
    } catch (error) {
      throw admissionError(error);
    }
  }

  /**
   * The faucet key's unspent coins: its change still in the mempool (final once Snowball decided it) and
   * its outputs in blocks, less what pool transactions already spend and any registered collateral.
   */
  private async coins(): Promise<SpendCandidate[]> {
    const { node } = this.modules;
    const { mempool, follower } = node.services;
    const spent = new Set<string>();
    const locked = new Set(follower.registry.records.map((r) => outpointKey(r.collateral)));
    const coins: SpendCandidate[] = [];
    const add = (outpoint: OutPoint, amount: bigint, final: boolean, inBlock: boolean) => {
      coins.push({
        outpoint,
        amount,
        address: this.payload,
        final,
        inBlock,
        locked: locked.has(outpointKey(outpoint)),
      });
    };
    for (const entry of mempool.all()) {
      for (const input of entry.tx.inputs) spent.add(outpointKey(input.prevout));
      entry.tx.outputs.forEach((output, index) => {
        if (bytesEqual(output.address, this.payload))
          add({ txid: entry.txid, index }, output.amount, entry.final, false);
      });
    }
    for (const utxo of await this.modules.addresses.utxos(this.payload)) {
      add({ txid: fromHex(utxo.txid), index: utxo.index }, utxo.amount, true, true);
    }
    return coins.filter((coin) => !spent.has(outpointKey(coin.outpoint)));
  }
}
