// A peer's remote multiaddr as people read addresses: "/ip4/127.0.1.1/tcp/24200/p2p/12D3…" becomes
// "127.0.1.1:24200" and IPv6 gets brackets; anything else is shown as it came.

const MULTIADDR_RE = /^\/(ip4|ip6|dns4|dns6|dns)\/([^/]+)\/(tcp|udp)\/(\d{1,5})(?:\/|$)/;

export function peerAddressLabel(multiaddr: string): string {
  const match = MULTIADDR_RE.exec(multiaddr);
  if (match === null) return multiaddr;
  const [, kind, host, , port] = match;
  return kind === "ip6" ? `[${host}]:${port}` : `${host}:${port}`;
}
