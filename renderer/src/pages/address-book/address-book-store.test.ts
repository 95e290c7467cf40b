// The address book's rules. The wallet's API (the real backend) needs a running node and the renderer's
// tests may not import node-core, so the backend here is an in-memory one with the same contract as the
// wallet's (one entry per address, set replaces), and a failing one for the refusals.
import { describe, expect, it } from "vitest";
import {
  type AddressBookBackend,
  type AddressCheck,
  type AddressEntry,
  MAX_NAME,
  openAddressBook,
} from "./address-book-store.js";

const ALICE = "TIME0ME74WAWnTVN5kp4XNktLBVZCkBFHRG5ch";
const BOB = "TIME0FhYNu8Tf9mG1kT3w3Yk2a7Q3VtcgHvv";

function memoryBackend(): AddressBookBackend & { map: Map<string, AddressEntry> } {
  const map = new Map<string, AddressEntry>();
  return {
    map,
    list: async () => ({ ok: true, result: [...map.values()] }),
    save: async (entry) => {
      map.set(entry.address, entry);
      return { ok: true, result: null };
    },
    remove: async (address) => ({ ok: true, result: map.delete(address) }),
  };
}

/** Valid for the two test addresses; invalid with a reason for anything else. */
const check = async (address: string): Promise<AddressCheck> =>
  address === ALICE || address === BOB
    ? { kind: "valid" }
    : { kind: "invalid", reason: "the checksum does not match" };

describe("address book", () => {
  it("adds trimmed entries, lists them by name, edits and removes", async () => {
    const backend = memoryBackend();
    const book = openAddressBook(backend, check);
    expect((await book.add({ name: " Zoe ", address: ` ${ALICE} `, note: " rent " }, [])).ok).toBe(true);
    expect((await book.add({ name: "Ann", address: BOB, note: "" }, [...backend.map.values()])).ok).toBe(
      true,
    );
    const listed = await book.list();
    expect(listed.ok && listed.result.map((e) => e.name)).toEqual(["Ann", "Zoe"]);
    expect(backend.map.get(ALICE)).toEqual({ name: "Zoe", address: ALICE, note: "rent" });
    const edited = await book.update(ALICE, { name: "Zoe B", address: ALICE, note: "" }, [
      ...backend.map.values(),
    ]);
    expect(edited.ok && edited.entry.name).toBe("Zoe B");
    await book.remove(BOB);
    expect([...backend.map.keys()]).toEqual([ALICE]);
  });

  it("moves an entry when its address is edited", async () => {
    const backend = memoryBackend();
    const book = openAddressBook(backend, check);
    await book.add({ name: "Zoe", address: ALICE, note: "" }, []);
    const moved = await book.update(ALICE, { name: "Zoe", address: BOB, note: "" }, [
      ...backend.map.values(),
    ]);
    expect(moved.ok).toBe(true);
    expect([...backend.map.keys()]).toEqual([BOB]);
  });

  it("refuses blanks, long names, an invalid address and a duplicate, saving nothing", async () => {
    const backend = memoryBackend();
    const book = openAddressBook(backend, check);
    expect(await book.add({ name: " ", address: ALICE, note: "" }, [])).toEqual({
      ok: false,
      error: { field: "name", problem: "nameEmpty" },
    });
    const long = await book.add({ name: "n".repeat(MAX_NAME + 1), address: ALICE, note: "" }, []);
    expect(!long.ok && long.error.problem).toBe("nameLong");
    const typo = await book.add({ name: "x", address: `${ALICE.slice(0, -1)}x`, note: "" }, []);
    expect(typo).toEqual({
      ok: false,
      error: { field: "address", problem: "addressInvalid", reason: "the checksum does not match" },
    });
    const existing = [{ name: "A", address: ALICE, note: "" }];
    expect(await book.add({ name: "B", address: ALICE, note: "" }, existing)).toEqual({
      ok: false,
      error: { field: "address", problem: "addressDuplicate", name: "A" },
    });
    expect(backend.map.size).toBe(0);
  });

  it("says when the node could not check the address", async () => {
    const book = openAddressBook(memoryBackend(), async () => ({ kind: "unchecked" }));
    const r = await book.add({ name: "x", address: ALICE, note: "" }, []);
    expect(!r.ok && r.error.problem).toBe("addressUnchecked");
  });

  it("passes the wallet's refusal on (e.g. locked) and keeps the old entry when a move fails", async () => {
    const locked = { code: "API_WALLET_UNLOCK_NEEDED", message: "the wallet is locked" } as const;
    const backend = memoryBackend();
    const book = openAddressBook({ ...backend, save: async () => ({ ok: false, error: locked }) }, check);
    expect(await book.add({ name: "x", address: ALICE, note: "" }, [])).toEqual({
      ok: false,
      error: { field: "form", problem: "node", error: locked },
    });
    backend.map.set(ALICE, { name: "Zoe", address: ALICE, note: "" });
    const moved = await book.update(ALICE, { name: "Zoe", address: BOB, note: "" }, [
      ...backend.map.values(),
    ]);
    expect(moved.ok).toBe(false);
    expect([...backend.map.keys()]).toEqual([ALICE]);
  });
});
