// The channel and topic tables: every message type travels on a channel that admits it (and broadcast
// types on a topic too), the caps are the largest of the admitted types' caps, and every valid message
// fits the cap of where it travels, so no honest frame is refused by its length prefix.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeMessage, MESSAGE_CAPS, MESSAGE_TYPE, type MessageTypeName } from "../network/index.js";
import { ARB_MESSAGE_BY_TYPE } from "../network/protocol/arbitraries.js";
import type { NodeMessage } from "../node/index.js";
import {
  CHANNELS,
  channelAdmits,
  channelCap,
  channelOf,
  messageType,
  protocolId,
  TOPICS,
  topicAdmits,
  topicCap,
  topicId,
  topicOf,
} from "./channels.js";

const FC_SEED = process.env.TIME_FC_SEED === undefined ? 20_261_202 : Number(process.env.TIME_FC_SEED);
const TYPES = Object.keys(MESSAGE_TYPE) as MessageTypeName[];
/** The types the node broadcasts (heartbeats, TSDC messages) and relays by gossip (txs, blocks). */
const BROADCAST_TYPES: readonly MessageTypeName[] = [
  "txs",
  "block",
  "candidacy",
  "proposal",
  "vote",
  "heartbeat",
];

function sample(type: MessageTypeName): NodeMessage {
  return fc.sample(ARB_MESSAGE_BY_TYPE[type], { numRuns: 1, seed: FC_SEED })[0] as NodeMessage;
}

describe("channels and topics", () => {
  it("names protocols and topics by network", () => {
    expect(protocolId("devnet", "snowball")).toBe("/timecoin/devnet/snowball/1");
    expect(topicId("testnet", "heartbeats")).toBe("/timecoin/testnet/gossip/heartbeats/1");
  });

  it("sends every message type on a channel other than the handshake's, which admits it", () => {
    for (const type of TYPES) {
      const message = sample(type);
      expect(messageType(message)).toBe(type);
      const channel = channelOf(message);
      expect(CHANNELS, type).toContain(channel);
      expect(channel, type).not.toBe("status");
      expect(channelAdmits(channel, type), type).toBe(true);
    }
  });

  it("gives every broadcast type a topic that admits it, and refuses a broadcast of the others", () => {
    for (const type of TYPES) {
      const message = sample(type);
      if (BROADCAST_TYPES.includes(type)) {
        const topic = topicOf(message);
        expect(TOPICS).toContain(topic);
        expect(topicAdmits(topic, type), type).toBe(true);
      } else {
        expect(() => topicOf(message), type).toThrow(RangeError);
      }
    }
  });

  it("admits on each channel and topic only its own types", () => {
    expect(TYPES.filter((t) => channelAdmits("status", t))).toEqual(["status"]);
    expect(TYPES.filter((t) => channelAdmits("snowball", t))).toEqual(["query", "reply"]);
    expect(TYPES.filter((t) => topicAdmits("heartbeats", t))).toEqual(["heartbeat"]);
    expect(TYPES.filter((t) => topicAdmits("blocks", t))).toEqual(["block"]);
    for (const type of TYPES) {
      const channels = CHANNELS.filter((c) => channelAdmits(c, type));
      expect(channels.length, type).toBeGreaterThan(0);
    }
  });

  it("caps each channel and topic at the largest cap of its types", () => {
    for (const channel of CHANNELS) {
      const caps = TYPES.filter((t) => channelAdmits(channel, t)).map((t) => MESSAGE_CAPS[t]);
      expect(channelCap(channel), channel).toBe(Math.max(...caps));
    }
    for (const topic of TOPICS) {
      const caps = TYPES.filter((t) => topicAdmits(topic, t)).map((t) => MESSAGE_CAPS[t]);
      expect(topicCap(topic), topic).toBe(Math.max(...caps));
    }
    expect(channelCap("status")).toBe(MESSAGE_CAPS.status);
    expect(channelCap("snowball")).toBe(MESSAGE_CAPS.query);
    expect(topicCap("heartbeats")).toBe(MESSAGE_CAPS.heartbeat);
  });

  it("fits every valid message within the cap of its channel and of its topic", () => {
    for (const type of TYPES) {
      fc.assert(
        fc.property(ARB_MESSAGE_BY_TYPE[type], (message) => {
          const length = encodeMessage(message).length;
          expect(length).toBeLessThanOrEqual(channelCap(channelOf(message)));
          if (BROADCAST_TYPES.includes(type)) expect(length).toBeLessThanOrEqual(topicCap(topicOf(message)));
        }),
        { seed: FC_SEED, numRuns: 10 },
      );
    }
  });
});
