// Network methods over the p2p host's NetworkControl: peers, counts, bans, disconnects and the network
// switch. A node without a p2p host reports no peers and refuses the switches with API_P2P_DISABLED.
import { isIP } from "node:net";
import { z } from "zod";
import { PROTOCOL_VERSION } from "../../network/index.js";
import type { NetworkControl } from "../../p2p/index.js";
import { ApiError } from "../errors.js";
import { defineMethod } from "../method.js";
import type { ApiRuntime } from "../runtime.js";
import { boundedInt, flag, text } from "../schemas.js";

const PEER_ID_RE = /^[1-9A-HJ-NP-Za-km-z]{20,128}$/;
/** Bitcoin's default ban: one day. */
const DEFAULT_BAN_SECONDS = 86_400;
const MAX_BAN_SECONDS = 10 * 365 * 86_400;

function control(api: ApiRuntime): NetworkControl {
  if (api.ctx.network === null) {
    throw new ApiError("API_P2P_DISABLED", "peer-to-peer functionality is missing or disabled on this node");
  }
  return api.ctx.network;
}

function banTarget(target: string): string {
  if (isIP(target) !== 0 || PEER_ID_RE.test(target)) return target;
  throw new ApiError("API_INVALID_BAN_TARGET", "the ban target must be an IP address or a libp2p peer id", {
    param: "target",
  });
}

export function networkMethods() {
  return [
    defineMethod({
      name: "getpeerinfo",
      summary: "the connected peers",
      params: {},
      paramHelp: {},
      result:
        "[{peerId, nodeId, address, direction, connectedAt, latencyMs, height, agent, masternode, bytesIn, bytesOut, score}, ...]",
      handler: ({ api }) =>
        (api.ctx.network?.peers() ?? []).map((p) => ({
          peerId: p.peerId,
          nodeId: p.nodeId,
          address: p.address,
          direction: p.direction,
          connectedAt: p.connectedAt,
          latencyMs: p.latencyMs,
          height: p.height === null ? null : Number(p.height),
          agent: p.agent,
          masternode: p.masternode,
          bytesIn: p.bytesIn,
          bytesOut: p.bytesOut,
          score: p.score,
        })),
    }),
    defineMethod({
      name: "getnetworkinfo",
      summary: "this node's network state: agent, protocol, switch, connections, addresses, traffic",
      params: {},
      paramHelp: {},
      result:
        "{subversion, protocolversion, networkactive, connections, connections_in, connections_out, peerId, localaddresses, bans, traffic, ratelimitdrops, faucet}",
      handler({ api }) {
        const network = api.ctx.network;
        const counts = network?.connectionCounts() ?? { inbound: 0, outbound: 0, total: 0 };
        return {
          subversion: api.ctx.agent,
          protocolversion: PROTOCOL_VERSION,
          network: api.ctx.params.name,
          p2penabled: network !== null,
          networkactive: network?.active ?? false,
          connections: counts.total,
          connections_in: counts.inbound,
          connections_out: counts.outbound,
          peerId: network?.peerId ?? null,
          localaddresses: network?.listenAddresses() ?? [],
          bans: network?.banCount ?? 0,
          traffic: { ...(network?.traffic() ?? {}) },
          ratelimitdrops: { ...(network?.rateLimitDrops() ?? {}) },
          // This devnet node can pay from the faucet (`faucet ADDRESS AMOUNT`): the UI offers devnet coins.
          faucet: api.faucet !== null && api.ctx.params.name === "devnet",
        };
      },
    }),
    defineMethod({
      name: "getconnectioncount",
      summary: "the number of connected peers",
      params: {},
      paramHelp: {},
      result: "number",
      handler: ({ api }) => api.ctx.network?.connectionCounts().total ?? 0,
    }),
    defineMethod({
      name: "setban",
      summary: "bans (add) or unbans (remove) an IP address or a peer id",
      params: {
        target: text(128),
        command: z.enum(["add", "remove"], { error: 'expected "add" or "remove"' }),
        bantime: boundedInt(0, Number.MAX_SAFE_INTEGER).default(0),
        absolute: flag.default(false),
      },
      paramHelp: {
        target: "an IP address or a libp2p peer id",
        command: '"add" or "remove"',
        bantime: `seconds (default ${DEFAULT_BAN_SECONDS}); with absolute, the Unix time it ends`,
        absolute: "true: bantime is the Unix time (s) the ban ends",
      },
      result: "null",
      async handler({ api }, { target, command, bantime, absolute }) {
        const network = control(api);
        const checked = banTarget(target);
        if (command === "remove") {
          if (!network.unban(checked)) {
            throw new ApiError("API_INVALID_BAN_TARGET", "unban failed: no ban matches", { param: "target" });
          }
          return null;
        }
        const durationMs = absolute
          ? bantime * 1000 - api.ctx.clock.now()
          : (bantime === 0 ? DEFAULT_BAN_SECONDS : Math.min(bantime, MAX_BAN_SECONDS)) * 1000;
        if (durationMs <= 0) {
          throw new ApiError("API_INVALID_PARAMETER", "the ban would end in the past", { param: "bantime" });
        }
        await network.ban(checked, Math.min(durationMs, MAX_BAN_SECONDS * 1000), "manual (setban)");
        return null;
      },
    }),
    defineMethod({
      name: "listbanned",
      summary: "the bans in force",
      params: {},
      paramHelp: {},
      result: "[{address, banned_until (ms), reason}, ...]",
      handler: ({ api }) =>
        (api.ctx.network?.listBanned() ?? []).map((b) => ({
          address: b.target,
          banned_until: b.until,
          reason: b.reason,
        })),
    }),
    defineMethod({
      name: "clearbanned",
      summary: "lifts every ban",
      params: {},
      paramHelp: {},
      result: "null",
      handler({ api }) {
        control(api).clearBanned();
        return null;
      },
    }),
    defineMethod({
      name: "disconnectnode",
      summary: "closes the connections to a peer (peer id, node id or address)",
      params: { target: text(256) },
      paramHelp: { target: "a peer id, a node id (hex) or a remote address" },
      result: "null",
      async handler({ api }, { target }) {
        if (!(await control(api).disconnect(target))) {
          throw new ApiError("API_NODE_NOT_CONNECTED", "node not found in connected nodes", {
            param: "target",
          });
        }
        return null;
      },
    }),
    defineMethod({
      name: "setnetworkactive",
      summary: "switches all p2p network activity on or off",
      params: { state: flag },
      paramHelp: { state: "true to switch the network on, false to switch it off" },
      result: "the state now (boolean)",
      async handler({ api }, { state }) {
        const network = control(api);
        await network.setActive(state);
        return network.active;
      },
    }),
  ];
}
