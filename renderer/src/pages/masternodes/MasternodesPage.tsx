// Under construction: replaced by the page itself.
export function MasternodesPage() {
  return <h1>Masternodes</h1>;
}
