// The address book store against a real in-memory Storage and the node's real address decoding (the same
// check validateaddress makes), so a wrong checksum or another network's address is refused for real.
import { describe, expect, it } from "vitest";
import { AddressError, decodeAddress, encodeAddress } from "../../../../node-core/keys/index.js";
import { networkParams } from "../../../../node-core/params/index.js";
import {
  type AddressCheck,
  type KeyValueStorage,
  MAX_NAME,
  openAddressBook,
  parseEntries,
  storageKey,
} from "./address-book-store.js";

const devnet = networkParams("devnet");
const mainnet = networkParams("mainnet");

/** What validateaddress answers, computed the way the node computes it. */
async function checkOnDevnet(address: string): Promise<AddressCheck> {
  try {
    const decoded = decodeAddress(address);
    return decoded.digit === devnet.addressDigit
      ? { kind: "valid" }
      : { kind: "invalid", reason: "another network" };
  } catch (error) {
    if (error instanceof AddressError) return { kind: "invalid", reason: error.message };
    throw error;
  }
}

function memoryStorage(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

const payload = (byte: number) => new Uint8Array(20).fill(byte);
const alice = encodeAddress(payload(1), devnet);
const bob = encodeAddress(payload(2), devnet);
let counter = 0;
const ids = () => `id-${++counter}`;

describe("address book store", () => {
  it("adds, lists by name, edits and removes entries, per network", async () => {
    const storage = memoryStorage();
    const book = openAddressBook(storage, "devnet", checkOnDevnet, ids);
    const a = await book.add({ name: "  Zoe ", address: alice, note: "rent" });
    const b = await book.add({ name: "Ann", address: bob, note: "" });
    expect(a.ok && b.ok).toBe(true);
    expect(book.list().map((e) => e.name)).toEqual(["Ann", "Zoe"]);
    if (!a.ok) throw new Error("unreachable");
    const edited = await book.update(a.entry.id, { name: "Zoe B", address: alice, note: "rent, monthly" });
    expect(edited.ok && edited.entry.note).toBe("rent, monthly");
    expect(book.remove(a.entry.id)).toBe(true);
    expect(book.remove(a.entry.id)).toBe(false);
    expect(book.list().map((e) => e.name)).toEqual(["Ann"]);
    // Another network's book is separate.
    expect(openAddressBook(storage, "testnet", checkOnDevnet, ids).list()).toEqual([]);
    expect(storage.map.has(storageKey("devnet"))).toBe(true);
  });

  it("refuses a bad checksum, another network's address, blanks, long names and duplicates", async () => {
    const book = openAddressBook(memoryStorage(), "devnet", checkOnDevnet, ids);
    const typo = alice.slice(0, -1) + (alice.endsWith("a") ? "b" : "a");
    const r1 = await book.add({ name: "x", address: typo, note: "" });
    expect(!r1.ok && r1.error.problem).toBe("addressInvalid");
    const r2 = await book.add({ name: "x", address: encodeAddress(payload(3), mainnet), note: "" });
    expect(!r2.ok && r2.error.problem).toBe("addressInvalid");
    expect(await book.add({ name: " ", address: alice, note: "" })).toEqual({
      ok: false,
      error: { field: "name", problem: "nameEmpty" },
    });
    const r3 = await book.add({ name: "n".repeat(MAX_NAME + 1), address: alice, note: "" });
    expect(!r3.ok && r3.error.problem).toBe("nameLong");
    expect((await book.add({ name: "A", address: alice, note: "" })).ok).toBe(true);
    const dup = await book.add({ name: "B", address: ` ${alice} `, note: "" });
    expect(dup).toEqual({ ok: false, error: { field: "address", problem: "addressDuplicate", name: "A" } });
  });

  it("says so when the node could not check the address, and saves nothing", async () => {
    const storage = memoryStorage();
    const book = openAddressBook(storage, "devnet", async () => ({ kind: "unchecked" }), ids);
    const r = await book.add({ name: "x", address: alice, note: "" });
    expect(!r.ok && r.error.problem).toBe("addressUnchecked");
    expect(book.list()).toEqual([]);
  });

  it("reports a storage that refuses to write instead of throwing", async () => {
    const full: KeyValueStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    const r = await openAddressBook(full, "devnet", checkOnDevnet, ids).add({
      name: "x",
      address: alice,
      note: "",
    });
    expect(r).toEqual({ ok: false, error: { field: "form", problem: "storage" } });
  });

  it("keeps the well-formed entries of damaged storage and refuses odd network names", () => {
    expect(parseEntries("{oops")).toEqual([]);
    expect(parseEntries(JSON.stringify({ a: 1 }))).toEqual([]);
    const mixed = JSON.stringify([
      { id: "1", name: "ok", address: alice, note: 5 },
      { id: "1", name: "dup id", address: bob, note: "" },
      { id: "2", name: "", address: bob },
      null,
    ]);
    expect(parseEntries(mixed)).toEqual([{ id: "1", name: "ok", address: alice, note: "" }]);
    expect(() => storageKey("../x")).toThrow(RangeError);
  });
});
