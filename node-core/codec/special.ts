// Special payloads (masternode registration, deregistration, payout change): u8 tag then the fields.
// The unsigned form, which the txid covers, leaves out the signatures: they sign the txid, so they are
// witnesses like the input signatures.
import { MAX_NETWORK_ADDRESS_BYTES } from "../params/index.js";
import type {
  MasternodeDeregistration,
  MasternodeRegistration,
  PayoutChange,
  SpecialPayload,
  SpecialPayloadKind,
} from "../types/index.js";
import { ADDRESS_BYTES, OUTPOINT_BYTES, PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from "./caps.js";
import { readOutPoint, writeOutPoint } from "./outpoint.js";
import type { Reader } from "./reader.js";
import { decodeWith, encodeWith } from "./run.js";
import type { Writer } from "./writer.js";

export const SPECIAL_PAYLOAD_TAG: Readonly<Record<SpecialPayloadKind, number>> = Object.freeze({
  masternodeRegistration: 1,
  masternodeDeregistration: 2,
  payoutChange: 3,
});

/** Writes the payload; `withSignatures` false gives the unsigned form hashed into the txid. */
export function writeSpecialPayload(w: Writer, payload: SpecialPayload, withSignatures: boolean): void {
  if (typeof payload !== "object" || payload === null)
    w.fail("CODEC_INVALID_VALUE", "special", "not an object");
  switch (payload.kind) {
    case "masternodeRegistration":
      w.u8(SPECIAL_PAYLOAD_TAG.masternodeRegistration, "special.tag");
      writeOutPoint(w, payload.collateral);
      w.fixed(payload.collateralPublicKey, PUBLIC_KEY_BYTES, "special.collateralPublicKey");
      w.fixed(payload.operatorPublicKey, PUBLIC_KEY_BYTES, "special.operatorPublicKey");
      w.fixed(payload.payoutAddress, ADDRESS_BYTES, "special.payoutAddress");
      w.ascii(payload.networkAddress, MAX_NETWORK_ADDRESS_BYTES, "special.networkAddress");
      if (withSignatures) {
        w.fixed(payload.collateralSignature, SIGNATURE_BYTES, "special.collateralSignature");
        w.fixed(payload.operatorSignature, SIGNATURE_BYTES, "special.operatorSignature");
      }
      return;
    case "masternodeDeregistration":
      w.u8(SPECIAL_PAYLOAD_TAG.masternodeDeregistration, "special.tag");
      writeOutPoint(w, payload.collateral);
      w.fixed(payload.collateralPublicKey, PUBLIC_KEY_BYTES, "special.collateralPublicKey");
      if (withSignatures)
        w.fixed(payload.collateralSignature, SIGNATURE_BYTES, "special.collateralSignature");
      return;
    case "payoutChange":
      w.u8(SPECIAL_PAYLOAD_TAG.payoutChange, "special.tag");
      writeOutPoint(w, payload.collateral);
      w.fixed(payload.payoutAddress, ADDRESS_BYTES, "special.payoutAddress");
      w.fixed(payload.collateralPublicKey, PUBLIC_KEY_BYTES, "special.collateralPublicKey");
      if (withSignatures)
        w.fixed(payload.collateralSignature, SIGNATURE_BYTES, "special.collateralSignature");
      return;
    default:
      w.fail("CODEC_UNKNOWN_TAG", "special.kind", "unknown special payload kind");
  }
}

export function readSpecialPayload(r: Reader): SpecialPayload {
  const tag = r.u8("special.tag");
  switch (tag) {
    case SPECIAL_PAYLOAD_TAG.masternodeRegistration: {
      const payload: MasternodeRegistration = {
        kind: "masternodeRegistration",
        collateral: readOutPoint(r),
        collateralPublicKey: r.fixed(PUBLIC_KEY_BYTES, "special.collateralPublicKey"),
        operatorPublicKey: r.fixed(PUBLIC_KEY_BYTES, "special.operatorPublicKey"),
        payoutAddress: r.fixed(ADDRESS_BYTES, "special.payoutAddress"),
        networkAddress: r.ascii(MAX_NETWORK_ADDRESS_BYTES, "special.networkAddress"),
        collateralSignature: r.fixed(SIGNATURE_BYTES, "special.collateralSignature"),
        operatorSignature: r.fixed(SIGNATURE_BYTES, "special.operatorSignature"),
      };
      return payload;
    }
    case SPECIAL_PAYLOAD_TAG.masternodeDeregistration: {
      const payload: MasternodeDeregistration = {
        kind: "masternodeDeregistration",
        collateral: readOutPoint(r),
        collateralPublicKey: r.fixed(PUBLIC_KEY_BYTES, "special.collateralPublicKey"),
        collateralSignature: r.fixed(SIGNATURE_BYTES, "special.collateralSignature"),
      };
      return payload;
    }
    case SPECIAL_PAYLOAD_TAG.payoutChange: {
      const payload: PayoutChange = {
        kind: "payoutChange",
        collateral: readOutPoint(r),
        payoutAddress: r.fixed(ADDRESS_BYTES, "special.payoutAddress"),
        collateralPublicKey: r.fixed(PUBLIC_KEY_BYTES, "special.collateralPublicKey"),
        collateralSignature: r.fixed(SIGNATURE_BYTES, "special.collateralSignature"),
      };
      return payload;
    }
    default:
      return r.fail("CODEC_UNKNOWN_TAG", "special.tag", `unknown special payload tag ${tag}`, { tag });
  }
}

/** Exact encoded length of a payload (with signatures), without encoding it. */
export function specialPayloadSize(payload: SpecialPayload): number {
  switch (payload.kind) {
    case "masternodeRegistration":
      return (
        1 +
        OUTPOINT_BYTES +
        PUBLIC_KEY_BYTES * 2 +
        ADDRESS_BYTES +
        4 +
        payload.networkAddress.length +
        SIGNATURE_BYTES * 2
      );
    case "masternodeDeregistration":
      return 1 + OUTPOINT_BYTES + PUBLIC_KEY_BYTES + SIGNATURE_BYTES;
    case "payoutChange":
      return 1 + OUTPOINT_BYTES + ADDRESS_BYTES + PUBLIC_KEY_BYTES + SIGNATURE_BYTES;
  }
}

export function encodeSpecialPayload(payload: SpecialPayload): Uint8Array {
  return encodeWith("SpecialPayload", payload, (w, p) => writeSpecialPayload(w, p, true));
}

export function decodeSpecialPayload(bytes: Uint8Array): SpecialPayload {
  return decodeWith("SpecialPayload", bytes, readSpecialPayload);
}
