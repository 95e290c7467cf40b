// The Host header check against DNS rebinding: a page on an attacker's domain that resolves to 127.0.0.1
// still sends its own name as Host, so only the loopback names with this server's port (and hosts the
// operator configured) are served.

export function allowedHostSet(port: number, extra: readonly string[]): ReadonlySet<string> {
  return new Set([
    `127.0.0.1:${port}`,
    `localhost:${port}`,
    `[::1]:${port}`,
    ...extra.map((h) => h.toLowerCase()),
  ]);
}

export function hostAllowed(allowed: ReadonlySet<string>, host: string | undefined): boolean {
  return host !== undefined && allowed.has(host.toLowerCase());
}
