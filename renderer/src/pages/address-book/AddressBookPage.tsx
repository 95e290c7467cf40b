// Under construction: replaced by the page itself.
export function AddressBookPage() {
  return <h1>AddressBook</h1>;
}
