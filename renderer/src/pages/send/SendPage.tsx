// Under construction: replaced by the page itself.
export function SendPage() {
  return <h1>Send</h1>;
}
