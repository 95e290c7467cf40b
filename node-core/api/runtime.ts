// The API over one node: the host's context, the address index reader, the finality tracker and (devnet
// with a faucet key) the faucet, with the method table. createApi builds and starts them; close() stops
// them. Transports call api.call().
import { AddressIndex } from "./address-index.js";
import type { ApiContext } from "./context.js";
import { Faucet } from "./faucet.js";
import { FinalityTracker, type FinalityTrackerOptions } from "./finality.js";
import { type CallOptions, callMethod, type MethodTable } from "./method.js";
import { apiMethods } from "./table.js";

export interface ApiRuntime {
  readonly ctx: ApiContext;
  readonly addresses: AddressIndex;
  readonly finality: FinalityTracker;
  /** Null off devnet, or on a devnet node without the faucet key. */
  readonly faucet: Faucet | null;
  readonly table: MethodTable;
}

export interface ApiOptions {
  readonly finality?: FinalityTrackerOptions;
  /** Most one faucet request pays, sat (default FAUCET_MAX_AMOUNT). */
  readonly faucetMaxAmount?: bigint;
}

export interface Api {
  readonly runtime: ApiRuntime;
  readonly table: MethodTable;
  /** callMethod on this API's table: positional (array) or named (object) params. */
  call(name: string, params?: unknown, options?: CallOptions): Promise<unknown>;
  close(): void;
}

export async function createApi(ctx: ApiContext, opts: ApiOptions = {}): Promise<Api> {
  const addresses = new AddressIndex({}, { view: ctx.view });
  const finality = new FinalityTracker(opts.finality ?? {}, { node: ctx.node, view: ctx.view });
  const faucet =
    ctx.params.name === "devnet" && ctx.faucet !== null
      ? new Faucet(opts.faucetMaxAmount === undefined ? {} : { maxAmount: opts.faucetMaxAmount }, {
          node: ctx.node,
          params: ctx.params,
          addresses,
          key: ctx.faucet,
        })
      : null;
  const table = apiMethods();
  const runtime: ApiRuntime = { ctx, addresses, finality, faucet, table };
  finality.start();
  return {
    runtime,
    table,
    call: (name, params, options) => callMethod(table, runtime, name, params, options),
    close() {
      finality.close();
    },
  };
}
