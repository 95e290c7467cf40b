// The look-alike warning: an address that shares its first and last 4 characters with an address the user
// already knows (own addresses, past recipients, the address book) but differs from it is the classic clipboard-swap or
// address-poisoning trick. The comparison skips the fixed "TIME" + network digit prefix, which every
// address shares, so the 4 characters compared are the ones a person actually checks.
const PREFIX_RE = /^TIME\d/;

function body(address: string): string {
  return address.trim().replace(PREFIX_RE, "");
}

/** The known address `candidate` imitates, or null. */
export function findLookAlike(candidate: string, known: readonly string[]): string | null {
  const c = body(candidate);
  if (c.length < 8) return null;
  for (const address of known) {
    if (address.trim() === candidate.trim()) continue;
    const k = body(address);
    if (k.length >= 8 && k.slice(0, 4) === c.slice(0, 4) && k.slice(-4) === c.slice(-4)) return address;
  }
  return null;
}
