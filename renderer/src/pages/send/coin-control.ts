// Manual coin control as the Coins page hands it over ("txid:vout" in the route) and as previewsend and
// sendtoaddress take it (`inputs: [{txid, vout}]`).

/** "txid:vout" strings as previewsend's and sendtoaddress's `inputs`; null when one is malformed. */
export function coinControlInputs(
  coins: readonly string[],
): { readonly txid: string; readonly vout: number }[] | null {
  const inputs: { txid: string; vout: number }[] = [];
  for (const coin of coins) {
    const match = /^([0-9a-f]{64}):(\d{1,10})$/i.exec(coin);
    if (match === null) return null;
    const vout = Number(match[2]);
    if (vout > 0xffff_ffff) return null;
    inputs.push({ txid: (match[1] as string).toLowerCase(), vout });
  }
  return inputs;
}
