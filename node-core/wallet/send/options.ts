// Defaults of a spend's coin choice. Coins still pending finality are left alone unless a request allows
// them: a payment built on a coin whose own transaction later loses its conflict set is void.
export const DEFAULT_ALLOW_NON_FINAL = false;
