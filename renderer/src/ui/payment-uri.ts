// Payment requests as URIs, after BIP 21: `timecoin:<address>?amount=<TIME>&label=<text>&message=<text>`.
// The Receive page shows one as a QR code and copies it; the Send page takes one pasted into the recipient
// field (or from #/send?uri=…) and fills the address, amount and label, and the usual review confirms it.
// As BIP 21 requires, a `req-` parameter this wallet does not know makes the request unusable; other
// unknown parameters are ignored. The address itself is checked by the node, as a typed one is.
import { formatSatsPlain, parseAmount } from "./amount.js";

export const PAYMENT_URI_SCHEME = "timecoin";
const PREFIX = /^timecoin:(\/\/)?/i;
const ADDRESS = /^[A-Za-z0-9]{1,128}$/;
/** Longer than any real request; a longer paste is refused before it is parsed. */
const MAX_URI_LENGTH = 4096;

export interface PaymentRequest {
  readonly address: string;
  /** Decimal TIME, as the amount field takes it. */
  readonly amount?: string;
  readonly label?: string;
  readonly message?: string;
}

export type PaymentUriProblem = "address" | "amount" | "encoding" | "required" | "length";

export type PaymentUriParse =
  | { readonly ok: true; readonly request: PaymentRequest }
  | { readonly ok: false; readonly problem: PaymentUriProblem; readonly param?: string };

export function isPaymentUri(text: string): boolean {
  return PREFIX.test(text.trim());
}

export function parsePaymentUri(text: string): PaymentUriParse {
  const trimmed = text.trim();
  if (trimmed.length > MAX_URI_LENGTH) return { ok: false, problem: "length" };
  const body = trimmed.replace(PREFIX, "");
  const question = body.indexOf("?");
  const address = question < 0 ? body : body.slice(0, question);
  if (!ADDRESS.test(address)) return { ok: false, problem: "address" };
  const request: { address: string; amount?: string; label?: string; message?: string } = { address };
  if (question < 0) return { ok: true, request };
  for (const pair of body.slice(question + 1).split("&")) {
    if (pair.length === 0) continue;
    const equals = pair.indexOf("=");
    const rawName = equals < 0 ? pair : pair.slice(0, equals);
    const rawValue = equals < 0 ? "" : pair.slice(equals + 1);
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName).toLowerCase();
      value = decodeURIComponent(rawValue.replace(/\+/g, " "));
    } catch {
      return { ok: false, problem: "encoding" };
    }
    if (name === "amount") {
      // BIP 21: a plain decimal number in whole coins; no thousands separators, at most 8 decimals.
      const parsed = /^\d+(\.\d*)?$/.test(value) ? parseAmount(value) : null;
      if (parsed === null || !parsed.ok) return { ok: false, problem: "amount", param: name };
      request.amount = formatSatsPlain(parsed.sats);
    } else if (name === "label" || name === "message") {
      request[name] = value.slice(0, 1024);
    } else if (name.startsWith("req-")) {
      return { ok: false, problem: "required", param: name.slice(0, 64) };
    }
  }
  return { ok: true, request };
}

export function formatPaymentUri(request: PaymentRequest): string {
  const params: string[] = [];
  if (request.amount !== undefined && request.amount.length > 0) params.push(`amount=${request.amount}`);
  if (request.label !== undefined && request.label.length > 0)
    params.push(`label=${encodeURIComponent(request.label)}`);
  if (request.message !== undefined && request.message.length > 0)
    params.push(`message=${encodeURIComponent(request.message)}`);
  return `${PAYMENT_URI_SCHEME}:${request.address}${params.length > 0 ? `?${params.join("&")}` : ""}`;
}
