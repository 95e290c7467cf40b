// Under construction: replaced by the page itself.
export function ReceivePage() {
  return <h1>Receive</h1>;
}
