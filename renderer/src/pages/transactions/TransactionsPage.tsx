// Under construction: replaced by the page itself.
export function TransactionsPage() {
  return <h1>Transactions</h1>;
}
