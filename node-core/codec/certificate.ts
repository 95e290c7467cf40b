// Certificate: height(u64) round(u32) blockHash precommits. Precommits are strictly ascending by voter key,
// so one set of signatures has exactly one encoding and no voter can be counted twice.
import { MAX_CERTIFICATE_SIGNATURES } from "../params/index.js";
import type { Certificate, CertificateSignature } from "../types/index.js";
import { compareBytes } from "../types/index.js";
import {
  CERTIFICATE_SIGNATURE_BYTES,
  HASH_BYTES,
  MAX_CERTIFICATE_BYTES,
  PUBLIC_KEY_BYTES,
  SIGNATURE_BYTES,
} from "./caps.js";
import type { Reader } from "./reader.js";
import { decodeWith, encodeWith } from "./run.js";
import type { Writer } from "./writer.js";

export function writeCertificate(w: Writer, certificate: Certificate): void {
  w.u64(certificate.height, "certificate.height");
  w.u32(certificate.round, "certificate.round");
  w.fixed(certificate.blockHash, HASH_BYTES, "certificate.blockHash");
  const precommits = certificate.precommits;
  w.count(precommits.length, MAX_CERTIFICATE_SIGNATURES, "certificate.precommits");
  let previous: Uint8Array | null = null;
  for (const precommit of precommits) {
    if (previous !== null && compareBytes(previous, precommit.voterPublicKey) >= 0) {
      w.fail("CODEC_NON_CANONICAL", "certificate.precommits", "not strictly ascending by voter key");
    }
    w.fixed(precommit.voterPublicKey, PUBLIC_KEY_BYTES, "precommit.voterPublicKey");
    w.fixed(precommit.signature, SIGNATURE_BYTES, "precommit.signature");
    previous = precommit.voterPublicKey;
  }
}

export function readCertificate(r: Reader): Certificate {
  const height = r.u64("certificate.height");
  const round = r.u32("certificate.round");
  const blockHash = r.fixed(HASH_BYTES, "certificate.blockHash");
  const n = r.count(MAX_CERTIFICATE_SIGNATURES, CERTIFICATE_SIGNATURE_BYTES, "certificate.precommits");
  const precommits: CertificateSignature[] = new Array(n);
  let previous: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const voterPublicKey = r.fixed(PUBLIC_KEY_BYTES, "precommit.voterPublicKey");
    if (previous !== null && compareBytes(previous, voterPublicKey) >= 0) {
      r.fail("CODEC_NON_CANONICAL", "certificate.precommits", "not strictly ascending by voter key", {
        actual: i,
      });
    }
    const signature = r.fixed(SIGNATURE_BYTES, "precommit.signature");
    precommits[i] = { voterPublicKey, signature };
    previous = voterPublicKey;
  }
  return { height, round, blockHash, precommits };
}

export function encodeCertificate(certificate: Certificate): Uint8Array {
  return encodeWith("Certificate", certificate, writeCertificate);
}

export function decodeCertificate(bytes: Uint8Array): Certificate {
  return decodeWith("Certificate", bytes, readCertificate, MAX_CERTIFICATE_BYTES);
}
