// The API over one node: the host's context, the in-memory address index, the finality tracker and (devnet
// with a faucet key) the faucet, with the method table. createApi builds and starts them (the address
// index is built from the store before it resolves); close() stops them. Transports call api.call().
import type { Logger } from "../util/index.js";
import { silentLogger } from "../util/index.js";
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
  readonly logger?: Logger;
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
  const logger = (opts.logger ?? silentLogger).child({ module: "api" });
  const addresses = new AddressIndex(
    {},
    {
      view: ctx.view,
      events: ctx.node.events,
      onRollback: (listener) => ctx.node.services.chain.onRollback(() => listener()),
      logger,
    },
  );
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
  try {
    await addresses.start();
  } catch (error) {
    finality.close();
    addresses.close();
    throw error;
  }
  return {
    runtime,
    table,
    call: (name, params, options) => callMethod(table, runtime, name, params, options),
    close() {
      finality.close();
      addresses.close();
    },
  };
}
