// The address book's rules over where it is kept. It lives in the wallet file now (listaddressbook,
// setaddressbookentry, removeaddressbookentry: encrypted with the wallet, so the Send page's look-alike
// check and other wallets' BIP-329 exports see it); this module is the one place that knows that, behind a
// small backend interface. Every add and edit is validated first, in sentences: a name, bounded lengths,
// one entry per address, and the address checked by the node (validateaddress) before anything is saved.
import type { ApiFailure } from "../../../../electron/contract.js";

export interface AddressEntry {
  /** The address is the entry's key (the wallet keeps one entry per address). */
  readonly address: string;
  readonly name: string;
  readonly note: string;
}

/** The node's verdict on an address: valid, invalid with its reason, or not checked (node unreachable). */
export type AddressCheck =
  | { readonly kind: "valid" }
  | { readonly kind: "invalid"; readonly reason: string }
  | { readonly kind: "unchecked" };

export type EntryProblem =
  | { readonly field: "name"; readonly problem: "nameEmpty" }
  | { readonly field: "name"; readonly problem: "nameLong"; readonly max: number }
  | { readonly field: "note"; readonly problem: "noteLong"; readonly max: number }
  | { readonly field: "address"; readonly problem: "addressEmpty" | "addressUnchecked" }
  | { readonly field: "address"; readonly problem: "addressInvalid"; readonly reason: string }
  | { readonly field: "address"; readonly problem: "addressDuplicate"; readonly name: string }
  | { readonly field: "form"; readonly problem: "node"; readonly error: ApiFailure };

export type SaveResult =
  | { readonly ok: true; readonly entry: AddressEntry }
  | { readonly ok: false; readonly error: EntryProblem };

export type BackendOutcome<T> =
  | { readonly ok: true; readonly result: T }
  | { readonly ok: false; readonly error: ApiFailure };

/** Where the entries are kept (the wallet, through the API). */
export interface AddressBookBackend {
  list(): Promise<BackendOutcome<readonly AddressEntry[]>>;
  save(entry: AddressEntry): Promise<BackendOutcome<unknown>>;
  remove(address: string): Promise<BackendOutcome<unknown>>;
}

export const MAX_NAME = 64;
export const MAX_NOTE = 500;
export const MAX_ADDRESS = 64;

export interface AddressBook {
  list(): Promise<BackendOutcome<AddressEntry[]>>;
  add(input: AddressEntry, existing: readonly AddressEntry[]): Promise<SaveResult>;
  /** Edits the entry of `original` (its address may change: the old entry is then removed). */
  update(original: string, input: AddressEntry, existing: readonly AddressEntry[]): Promise<SaveResult>;
  remove(address: string): Promise<BackendOutcome<unknown>>;
}

export function openAddressBook(
  backend: AddressBookBackend,
  checkAddress: (address: string) => Promise<AddressCheck>,
): AddressBook {
  const validate = async (
    input: AddressEntry,
    existing: readonly AddressEntry[],
    original: string | null,
  ): Promise<{ ok: true; clean: AddressEntry } | { ok: false; error: EntryProblem }> => {
    const name = input.name.trim();
    const address = input.address.trim();
    const note = input.note.trim();
    if (name.length === 0) return { ok: false, error: { field: "name", problem: "nameEmpty" } };
    if (name.length > MAX_NAME)
      return { ok: false, error: { field: "name", problem: "nameLong", max: MAX_NAME } };
    if (note.length > MAX_NOTE)
      return { ok: false, error: { field: "note", problem: "noteLong", max: MAX_NOTE } };
    if (address.length === 0) return { ok: false, error: { field: "address", problem: "addressEmpty" } };
    const duplicate = existing.find((e) => e.address === address && e.address !== original);
    if (duplicate !== undefined) {
      return { ok: false, error: { field: "address", problem: "addressDuplicate", name: duplicate.name } };
    }
    if (address.length > MAX_ADDRESS) {
      return {
        ok: false,
        error: {
          field: "address",
          problem: "addressInvalid",
          reason: `longer than ${MAX_ADDRESS} characters`,
        },
      };
    }
    const check = await checkAddress(address);
    if (check.kind === "unchecked")
      return { ok: false, error: { field: "address", problem: "addressUnchecked" } };
    if (check.kind === "invalid") {
      return { ok: false, error: { field: "address", problem: "addressInvalid", reason: check.reason } };
    }
    return { ok: true, clean: { name, address, note } };
  };

  const store = async (entry: AddressEntry): Promise<SaveResult> => {
    const saved = await backend.save(entry);
    return saved.ok
      ? { ok: true, entry }
      : { ok: false, error: { field: "form", problem: "node", error: saved.error } };
  };

  return {
    async list() {
      const listed = await backend.list();
      if (!listed.ok) return listed;
      return { ok: true, result: [...listed.result].sort((a, b) => a.name.localeCompare(b.name)) };
    },
    async add(input, existing) {
      const checked = await validate(input, existing, null);
      return checked.ok ? store(checked.clean) : checked;
    },
    async update(original, input, existing) {
      const checked = await validate(input, existing, original);
      if (!checked.ok) return checked;
      const saved = await store(checked.clean);
      if (!saved.ok || checked.clean.address === original) return saved;
      // Saved under the new address first, so a failure here leaves a duplicate rather than a loss.
      const removed = await backend.remove(original);
      return removed.ok
        ? saved
        : { ok: false, error: { field: "form", problem: "node", error: removed.error } };
    },
    remove: (address) => backend.remove(address),
  };
}
