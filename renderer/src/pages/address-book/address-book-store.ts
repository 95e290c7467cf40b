// The address book, kept in localStorage under one key per network (a devnet address never shows up in
// the mainnet book). There is no address-book API method yet: this module is the one place that knows
// the storage, so the book can move into the wallet file later. Every add and edit is validated: a name,
// bounded lengths, one entry per address, and the address checked by the node (validateaddress).

export interface AddressEntry {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly note: string;
}

export interface EntryInput {
  readonly name: string;
  readonly address: string;
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
  | { readonly field: "form"; readonly problem: "full"; readonly max: number }
  | { readonly field: "form"; readonly problem: "storage" };

export type SaveResult =
  | { readonly ok: true; readonly entry: AddressEntry }
  | { readonly ok: false; readonly error: EntryProblem };

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const MAX_NAME = 64;
export const MAX_NOTE = 500;
export const MAX_ADDRESS = 128;
export const MAX_ENTRIES = 1000;
const NETWORK_RE = /^[a-z0-9-]{1,32}$/;

export function storageKey(network: string): string {
  if (!NETWORK_RE.test(network)) throw new RangeError("not a network name");
  return `timecoin.addressBook.v1.${network}`;
}

export interface AddressBook {
  list(): AddressEntry[];
  add(input: EntryInput): Promise<SaveResult>;
  update(id: string, input: EntryInput): Promise<SaveResult>;
  remove(id: string): boolean;
}

export function openAddressBook(
  storage: KeyValueStorage,
  network: string,
  checkAddress: (address: string) => Promise<AddressCheck>,
  newId: () => string = () => crypto.randomUUID(),
): AddressBook {
  const key = storageKey(network);
  const read = (): AddressEntry[] => parseEntries(safeGet(storage, key));
  const write = (entries: readonly AddressEntry[]): boolean => {
    try {
      storage.setItem(key, JSON.stringify(entries));
      return true;
    } catch {
      return false;
    }
  };

  const validate = async (
    input: EntryInput,
    ignoreId: string | null,
  ): Promise<{ ok: true; clean: EntryInput } | { ok: false; error: EntryProblem }> => {
    const name = input.name.trim();
    const address = input.address.trim();
    const note = input.note.trim();
    if (name.length === 0) return { ok: false, error: { field: "name", problem: "nameEmpty" } };
    if (name.length > MAX_NAME)
      return { ok: false, error: { field: "name", problem: "nameLong", max: MAX_NAME } };
    if (note.length > MAX_NOTE)
      return { ok: false, error: { field: "note", problem: "noteLong", max: MAX_NOTE } };
    if (address.length === 0) return { ok: false, error: { field: "address", problem: "addressEmpty" } };
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
    const duplicate = read().find((e) => e.address === address && e.id !== ignoreId);
    if (duplicate !== undefined) {
      return { ok: false, error: { field: "address", problem: "addressDuplicate", name: duplicate.name } };
    }
    const check = await checkAddress(address);
    if (check.kind === "unchecked")
      return { ok: false, error: { field: "address", problem: "addressUnchecked" } };
    if (check.kind === "invalid") {
      return { ok: false, error: { field: "address", problem: "addressInvalid", reason: check.reason } };
    }
    return { ok: true, clean: { name, address, note } };
  };

  return {
    list: () => read().sort((a, b) => a.name.localeCompare(b.name)),
    async add(input) {
      const checked = await validate(input, null);
      if (!checked.ok) return checked;
      const entries = read();
      if (entries.length >= MAX_ENTRIES)
        return { ok: false, error: { field: "form", problem: "full", max: MAX_ENTRIES } };
      const entry: AddressEntry = { id: newId(), ...checked.clean };
      if (!write([...entries, entry])) return { ok: false, error: { field: "form", problem: "storage" } };
      return { ok: true, entry };
    },
    async update(id, input) {
      const checked = await validate(input, id);
      if (!checked.ok) return checked;
      const entries = read();
      const entry: AddressEntry = { id, ...checked.clean };
      if (!entries.some((e) => e.id === id)) return this.add(input);
      if (!write(entries.map((e) => (e.id === id ? entry : e)))) {
        return { ok: false, error: { field: "form", problem: "storage" } };
      }
      return { ok: true, entry };
    },
    remove(id) {
      const entries = read();
      const next = entries.filter((e) => e.id !== id);
      return next.length !== entries.length && write(next);
    },
  };
}

function safeGet(storage: KeyValueStorage, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

/** Entries from storage, keeping only well-formed ones (a damaged book loses the damaged entries only). */
export function parseEntries(raw: string | null): AddressEntry[] {
  if (raw === null) return [];
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  const seen = new Set<string>();
  const out: AddressEntry[] = [];
  for (const item of data.slice(0, MAX_ENTRIES)) {
    if (typeof item !== "object" || item === null) continue;
    const { id, name, address, note } = item as Record<string, unknown>;
    if (typeof id !== "string" || id.length === 0 || id.length > 64 || seen.has(id)) continue;
    if (typeof name !== "string" || name.length === 0 || name.length > MAX_NAME) continue;
    if (typeof address !== "string" || address.length === 0 || address.length > MAX_ADDRESS) continue;
    seen.add(id);
    out.push({ id, name, address, note: typeof note === "string" ? note.slice(0, MAX_NOTE) : "" });
  }
  return out;
}
