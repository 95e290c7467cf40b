// Under construction: replaced by the page itself.
export function SettingsPage() {
  return <h1>Settings</h1>;
}
