// Signing and checking one heartbeat: the operator key signs DOMAIN.heartbeat ‖ chain id ‖ the fields
// (codec heartbeatSigningMessage), so a heartbeat is valid on one network only and cannot pass for a vote.
import { heartbeatSigningMessage, isCodecError } from "../codec/index.js";
import type { SignatureScheme } from "../consensus/index.js";
import type { SignatureCheck } from "../crypto/index.js";
import type { Heartbeat, PublicKey } from "../types/index.js";

export interface HeartbeatFields {
  readonly operatorPublicKey: PublicKey;
  /** Chain height the signer has. */
  readonly height: bigint;
  /** Milliseconds since the Unix epoch (virtual ms in the simulator). */
  readonly timestamp: bigint;
  /** Strictly increasing per operator key. */
  readonly sequence: bigint;
}

/**
 * Signs a heartbeat with the operator secret. `fields.operatorPublicKey` must be the key of `secret`
 * (otherwise every receiver rejects the heartbeat as badly signed). Throws a CodecError on fields that do
 * not fit the wire format (a key that is not 32 bytes, a negative or over-u64 number).
 */
export function signHeartbeat(
  scheme: SignatureScheme,
  chainId: number,
  secret: Uint8Array,
  fields: HeartbeatFields,
): Heartbeat {
  const unsigned = {
    operatorPublicKey: fields.operatorPublicKey,
    height: fields.height,
    timestamp: fields.timestamp,
    sequence: fields.sequence,
  };
  const signature = scheme.sign(secret, heartbeatSigningMessage(chainId, unsigned));
  return { ...unsigned, signature };
}

/** The signature check of a heartbeat, for batch verification; null when a field cannot be encoded. */
export function heartbeatSignatureCheck(chainId: number, heartbeat: Heartbeat): SignatureCheck | null {
  try {
    return {
      publicKey: heartbeat.operatorPublicKey,
      message: heartbeatSigningMessage(chainId, heartbeat),
      signature: heartbeat.signature,
    };
  } catch (err) {
    if (isCodecError(err)) return null;
    throw err;
  }
}

/** True when the operator key signed exactly these fields for this chain id. Never throws on bad input. */
export function verifyHeartbeatSignature(
  scheme: SignatureScheme,
  chainId: number,
  heartbeat: Heartbeat,
): boolean {
  const check = heartbeatSignatureCheck(chainId, heartbeat);
  return check !== null && scheme.verify(check.publicKey, check.message, check.signature);
}
