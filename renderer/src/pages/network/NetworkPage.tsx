// Under construction: replaced by the page itself.
export function NetworkPage() {
  return <h1>Network</h1>;
}
