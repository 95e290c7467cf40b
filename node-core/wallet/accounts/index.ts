// Public surface of HD accounts: HdAccount (receive and change chains of m/44'/0'/account', the gap window,
// payload lookup, signing keys), its options and errors.
export * from "./errors.js";
export {
  ADDRESS_CHAINS,
  type AddressChain,
  type AddressPosition,
  BIP39_SEED_BYTES,
  type DerivedAddress,
  HdAccount,
  type MarkUsedResult,
  type SigningKey,
  type UsedIndices,
} from "./hd-account.js";
export * from "./options.js";
