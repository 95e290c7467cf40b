// Under construction: replaced by the page itself.
export function ConsolePage() {
  return <h1>Console</h1>;
}
