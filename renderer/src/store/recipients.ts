// Addresses this wallet paid before (per wallet, in localStorage): the look-alike check compares new
// recipients against them. Addresses only, no amounts.
const KEY = "timecoin.recipients.v1";
const MAX_KEPT = 200;

function readAll(): Record<string, string[]> {
  try {
    const data: unknown = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? "{}");
    if (typeof data !== "object" || data === null) return {};
    const out: Record<string, string[]> = {};
    for (const [wallet, list] of Object.entries(data)) {
      if (Array.isArray(list))
        out[wallet] = list.filter((a): a is string => typeof a === "string" && a.length <= 64);
    }
    return out;
  } catch {
    return {};
  }
}

export function knownRecipients(wallet: string): string[] {
  return readAll()[wallet] ?? [];
}

export function rememberRecipient(wallet: string, address: string): void {
  const all = readAll();
  const list = [address, ...(all[wallet] ?? []).filter((a) => a !== address)].slice(0, MAX_KEPT);
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify({ ...all, [wallet]: list }));
  } catch {
    // Storage full or off: the look-alike check just knows fewer addresses.
  }
}
