// Which wire message travels where. Point-to-point messages go over one long-lived stream per peer and
// channel (a stream per request costs ~5x: 445 vs 2,200 round trips/s measured); broadcasts go to a
// gossipsub topic. Every channel and topic admits only its own message types, and its byte cap is the
// largest of their caps, so a frame is refused by its length prefix before any of it is buffered.
import { MESSAGE_CAPS, type MessageTypeName } from "../network/index.js";
import type { NodeMessage } from "../node/index.js";

export const CHANNELS = ["status", "sync", "txs", "snowball", "consensus"] as const;
export type Channel = (typeof CHANNELS)[number];

export const TOPICS = ["txs", "blocks", "consensus", "heartbeats"] as const;
export type Topic = (typeof TOPICS)[number];

const CHANNEL_TYPES: Readonly<Record<Channel, readonly MessageTypeName[]>> = {
  status: ["status"],
  sync: ["status", "getBlocks", "blocks", "block"],
  txs: ["getTxs", "txs"],
  snowball: ["query", "reply"],
  consensus: ["candidacy", "proposal", "vote", "heartbeat"],
};

const TOPIC_TYPES: Readonly<Record<Topic, readonly MessageTypeName[]>> = {
  txs: ["txs"],
  blocks: ["block"],
  consensus: ["candidacy", "proposal", "vote"],
  heartbeats: ["heartbeat"],
};

function invert<K extends string>(table: Readonly<Record<K, readonly MessageTypeName[]>>, skip?: K) {
  const out = new Map<MessageTypeName, K>();
  for (const [key, types] of Object.entries(table) as [K, readonly MessageTypeName[]][]) {
    if (key === skip) continue;
    for (const type of types) if (!out.has(type)) out.set(type, key);
  }
  return out;
}

// The status channel carries only the handshake; later status messages ride the sync stream.
const CHANNEL_OF = invert(CHANNEL_TYPES, "status");
const TOPIC_OF = invert(TOPIC_TYPES);

/** The protocol id of a channel: /timecoin/<network>/<channel>/1. */
export function protocolId(network: string, channel: Channel): string {
  return `/timecoin/${network}/${channel}/1`;
}

/** The gossipsub topic name: /timecoin/<network>/gossip/<topic>/1. */
export function topicId(network: string, topic: Topic): string {
  return `/timecoin/${network}/gossip/${topic}/1`;
}

export function messageType(message: NodeMessage): MessageTypeName {
  return message.kind === "tsdc" ? message.message.kind : message.kind;
}

/** The channel a point-to-point message is sent on. */
export function channelOf(message: NodeMessage): Channel {
  return CHANNEL_OF.get(messageType(message)) as Channel;
}

/** The topic a broadcast is published to. */
export function topicOf(message: NodeMessage): Topic {
  const topic = TOPIC_OF.get(messageType(message));
  if (topic === undefined) throw new RangeError(`no gossip topic carries ${messageType(message)}`);
  return topic;
}

export function channelAdmits(channel: Channel, type: MessageTypeName): boolean {
  return CHANNEL_TYPES[channel].includes(type);
}

export function topicAdmits(topic: Topic, type: MessageTypeName): boolean {
  return TOPIC_TYPES[topic].includes(type);
}

function capOf(types: readonly MessageTypeName[]): number {
  return Math.max(...types.map((t) => MESSAGE_CAPS[t]));
}

/** The largest frame a channel admits. */
export function channelCap(channel: Channel): number {
  return capOf(CHANNEL_TYPES[channel]);
}

/** The largest message a topic admits. */
export function topicCap(topic: Topic): number {
  return capOf(TOPIC_TYPES[topic]);
}
