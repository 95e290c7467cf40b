// Property tests: every message type survives encode → decode unchanged and decode → encode byte for byte,
// through the same routine as the codec's own objects; plus the frame layout every message shares.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { roundTripSuite } from "../../codec/case-suites.js";
import { arbMessage } from "./arbitraries.js";
import { MESSAGE_CAPS } from "./caps.js";
import { PROTOCOL_CASES } from "./cases.js";
import { decodeMessage, encodeMessage } from "./frame.js";
import { MESSAGE_TYPE, messageTypeName, PROTOCOL_VERSION } from "./message.js";

roundTripSuite(PROTOCOL_CASES);

describe("frame", () => {
  it("is the version byte, the type tag, then the body, within the type's cap", () => {
    fc.assert(
      fc.property(arbMessage, (message) => {
        const bytes = encodeMessage(message);
        const name = messageTypeName(message);
        expect(bytes[0]).toBe(PROTOCOL_VERSION);
        expect(bytes[1]).toBe(MESSAGE_TYPE[name]);
        expect(bytes.length).toBeLessThanOrEqual(MESSAGE_CAPS[name]);
        expect(messageTypeName(decodeMessage(bytes))).toBe(name);
      }),
      { numRuns: 200 },
    );
  });
});
