// Defaults of a spend's coin choice. Coins still pending finality are left alone unless a request allows
// them: a payment built on a coin whose own transaction later loses its conflict set is void.
export const DEFAULT_ALLOW_NON_FINAL = false;

/**
 * A chosen fee rate, in sat per byte: at least the network's minimum (FEE_PER_KB / 1000), at most 100x
 * it. Past that a rate is far more likely a typo (sat/kB typed for sat/byte) than an intent, and the fee
 * is gone once the payment is final.
 */
export const MIN_CHOSEN_FEE_RATE = 10;
export const MAX_CHOSEN_FEE_RATE = 1_000;
