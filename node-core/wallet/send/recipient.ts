// Recipient addresses as a user types them: surrounding whitespace is dropped, then keys/ checks prefix,
// Base58 alphabet, length and checksum, and the network digit against the active network (the checksum
// does not cover the digit). Each failure becomes a SEND_BAD_ADDRESS naming the problem in plain words.
import { AddressError, type AddressErrorCode, type AddressNetwork, parseAddress } from "../../keys/index.js";
import type { AddressPayload } from "../../types/index.js";
import { type AddressProblem, SendError } from "./errors.js";

const PROBLEM_OF: Partial<Record<AddressErrorCode, AddressProblem>> = {
  ADDRESS_BAD_PREFIX: "bad-prefix",
  ADDRESS_WRONG_NETWORK: "wrong-network",
  ADDRESS_BAD_BASE58: "bad-characters",
  ADDRESS_BAD_LENGTH: "wrong-length",
  ADDRESS_BAD_CHECKSUM: "bad-checksum",
};

export type RecipientCheck =
  | { readonly valid: true; readonly payload: AddressPayload }
  | { readonly valid: false; readonly error: SendError<"SEND_BAD_ADDRESS"> };

/** The 20-byte payload of an address of `network`; throws SendError SEND_BAD_ADDRESS. */
export function parseRecipient(text: string, network: AddressNetwork): AddressPayload {
  const trimmed = typeof text === "string" ? text.trim() : "";
  if (trimmed.length === 0) {
    throw new SendError("SEND_BAD_ADDRESS", "enter the recipient's TIME address", { problem: "empty" });
  }
  try {
    return parseAddress(trimmed, network);
  } catch (err) {
    const problem = err instanceof AddressError ? PROBLEM_OF[err.code] : undefined;
    if (!(err instanceof AddressError) || problem === undefined) throw err;
    const { position, addressNetwork, expectedNetwork } = err.payload;
    // Positions count in the trimmed text, which is what the user sees as the address.
    throw new SendError(
      "SEND_BAD_ADDRESS",
      err.message,
      { problem, position, addressNetwork, expectedNetwork },
      { cause: err },
    );
  }
}

/** Non-throwing parseRecipient for forms that validate as the user types. */
export function checkRecipient(text: string, network: AddressNetwork): RecipientCheck {
  try {
    return { valid: true, payload: parseRecipient(text, network) };
  } catch (err) {
    if (err instanceof SendError && err.code === "SEND_BAD_ADDRESS") {
      return { valid: false, error: err as SendError<"SEND_BAD_ADDRESS"> };
    }
    throw err;
  }
}
