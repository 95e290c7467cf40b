// Test support: one CodecCase per message type (valid-message arbitrary, encodeMessage, decodeMessage and
// the type's frame cap), the table this folder's round-trip, rejection and fuzz suites run the codec's
// shared routines over. No vitest import.
import { type CodecCase, codecCase } from "../../codec/cases.js";
import { ARB_MESSAGE_BY_TYPE } from "./arbitraries.js";
import { MAX_BLOCKS_PER_RESPONSE, MAX_QUERY_TXIDS, MESSAGE_CAPS } from "./caps.js";
import { decodeMessage, encodeMessage } from "./frame.js";
import { MESSAGE_TYPE, type MessageTypeName } from "./message.js";

export const PROTOCOL_CASES: readonly CodecCase[] = (Object.keys(MESSAGE_TYPE) as MessageTypeName[]).map(
  (name) =>
    codecCase(`Message ${name}`, ARB_MESSAGE_BY_TYPE[name], encodeMessage, decodeMessage, MESSAGE_CAPS[name]),
);

/** The protocol's list caps, for the fuzzer's length-field overwrites. */
export const PROTOCOL_U32_VALUES: readonly number[] = [
  MAX_QUERY_TXIDS,
  MAX_QUERY_TXIDS + 1,
  MAX_BLOCKS_PER_RESPONSE,
  MAX_BLOCKS_PER_RESPONSE + 1,
];
