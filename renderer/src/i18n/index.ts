// The one message catalog: every user-visible string of the UI, by section, with `{name}` placeholders.
// A translation is another catalog of the same shape (the type says which keys it must have).
import { common } from "./en/common.js";
import { masternodes } from "./en/masternodes.js";
import { network } from "./en/network.js";
import { nodeTools } from "./en/node-tools.js";
import { wallet } from "./en/wallet.js";

export const en = { common, wallet, network, masternodes, nodeTools } as const;

type Leaves<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type MessageKey = Leaves<typeof en>;

let catalog: unknown = en;

/** Replaces the catalog (a translation). */
export function useCatalog(next: typeof en): void {
  catalog = next;
}

/** The message for `key` with `{name}` placeholders filled from `vars`. */
export function t(key: MessageKey, vars: Readonly<Record<string, string | number>> = {}): string {
  let node: unknown = catalog;
  for (const part of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  const text = typeof node === "string" ? node : key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}
