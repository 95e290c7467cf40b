// Under construction: replaced by the page itself.
export function CoinsPage() {
  return <h1>Coins</h1>;
}
