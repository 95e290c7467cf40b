// Under construction: replaced by the page itself.
export function OverviewPage() {
  return <h1>Overview</h1>;
}
