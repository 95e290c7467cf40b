// What simulated nodes say to each other: the wire protocol's own messages (network/protocol), carried
// as bytes by the simulated network through SIM_WIRE, so the simulator exercises the real node's message
// set and codec: transaction gossip and fetch, the Snowball query/reply pair, TSDC gossip (candidacies,
// proposals, votes), heartbeats, certified block gossip, and the status handshake plus block range sync
// that lets a node catch up.
import { decodeMessage, encodeMessage, type Message } from "../network/index.js";
import type { WireCodec } from "./network.js";

export type SimMessage = Message;

/** The simulated network's codec: the protocol's frames. */
export const SIM_WIRE: WireCodec<SimMessage> = Object.freeze({
  encode: encodeMessage,
  decode: decodeMessage,
});

/** Counter label: the message kind, TSDC messages by their own kind. */
export function messageKind(message: SimMessage): string {
  return message.kind === "tsdc" ? `tsdc-${message.message.kind}` : message.kind;
}
