// The Address book page (#/address-book): names, addresses and notes for the people you pay; add, edit,
// remove (confirmed) and "Send to" (#/send?to=ADDRESS). Entries live in this computer's localStorage per
// network (address-book-store.ts); each address is checked by the node's validateaddress before saving.
import { type FormEvent, useCallback, useMemo, useState } from "react";
import { useCall } from "../../bridge/hooks.js";
import { bridge } from "../../bridge/index.js";
import { t } from "../../i18n/index.js";
import { Button, Field, type FieldMessage } from "../../ui/index.js";
import { ErrorNotice } from "../network/ErrorNotice.js";
import {
  type AddressBook,
  type AddressCheck,
  type AddressEntry,
  type EntryProblem,
  openAddressBook,
} from "./address-book-store.js";
import "../network/network.css";
import "./address-book.css";

async function checkWithNode(address: string): Promise<AddressCheck> {
  const outcome = await bridge.call("validateaddress", { address });
  if (!outcome.ok) return { kind: "unchecked" };
  const result = outcome.result;
  return result.isvalid
    ? { kind: "valid" }
    : { kind: "invalid", reason: result.error ?? t("network.error.fallback") };
}

function localStore() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function problemText(error: EntryProblem): string {
  switch (error.problem) {
    case "nameLong":
    case "noteLong":
    case "full":
      return t(`nodeTools.addressBook.problems.${error.problem}`, { max: error.max });
    case "addressInvalid":
      return t("nodeTools.addressBook.problems.addressInvalid", { reason: error.reason });
    case "addressDuplicate":
      return t("nodeTools.addressBook.problems.addressDuplicate", { name: error.name });
    default:
      return t(`nodeTools.addressBook.problems.${error.problem}`);
  }
}

export function sendToRoute(address: string): string {
  return `#/send?to=${encodeURIComponent(address)}`;
}

export function AddressBookPage() {
  const chain = useCall("getblockchaininfo", {});
  const network = chain.data?.chain;
  const storage = localStore();
  const book = useMemo(
    () =>
      network === undefined || storage === null ? null : openAddressBook(storage, network, checkWithNode),
    [network, storage],
  );
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<AddressEntry | "new" | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the reload signal of the stored book
  const entries = useMemo(() => book?.list() ?? [], [book, version]);
  const needle = query.trim().toLowerCase();
  const shown =
    needle.length === 0
      ? entries
      : entries.filter((e) => [e.name, e.address, e.note].some((f) => f.toLowerCase().includes(needle)));

  return (
    <div className="node-page">
      <div className="row-between">
        <h1>{t("nodeTools.addressBook.title")}</h1>
        {book !== null && editing === null && (
          <Button variant="primary" onClick={() => setEditing("new")}>
            {t("nodeTools.addressBook.add")}
          </Button>
        )}
      </div>
      {network !== undefined && <p className="muted">{t("nodeTools.addressBook.intro", { network })}</p>}
      {chain.error !== undefined && network === undefined && (
        <ErrorNotice lead={t("network.sync.loadError")} error={chain.error} onRetry={chain.refresh} />
      )}
      {notice !== null && (
        <p className="network-notice" role="status">
          {notice}
        </p>
      )}
      {book !== null && editing !== null && (
        <EntryForm
          book={book}
          entry={editing === "new" ? null : editing}
          onDone={(saved) => {
            setEditing(null);
            if (saved) {
              setNotice(t("nodeTools.addressBook.saved"));
              reload();
            }
          }}
        />
      )}
      {book !== null && (
        <section className="card" aria-label={t("nodeTools.addressBook.title")}>
          {entries.length === 0 ? (
            <p className="muted">{t("nodeTools.addressBook.empty")}</p>
          ) : (
            <>
              <Field
                label={t("nodeTools.addressBook.search")}
                type="search"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
              />
              <ul className="address-list">
                {shown.map((entry) => (
                  <li key={entry.id} className="address-entry">
                    <div className="address-entry__text">
                      <h3 id={`entry-${entry.id}`}>{entry.name}</h3>
                      <p className="mono break">{entry.address}</p>
                      {entry.note.length > 0 && <p className="muted">{entry.note}</p>}
                    </div>
                    <div className="row address-entry__actions">
                      <Button
                        size="small"
                        variant="primary"
                        aria-describedby={`entry-${entry.id}`}
                        onClick={() => {
                          window.location.hash = sendToRoute(entry.address);
                        }}
                      >
                        {t("nodeTools.addressBook.sendTo")}
                      </Button>
                      <Button
                        size="small"
                        aria-describedby={`entry-${entry.id}`}
                        onClick={() => setEditing(entry)}
                      >
                        {t("nodeTools.addressBook.edit")}
                      </Button>
                      <Button
                        size="small"
                        variant="ghost"
                        aria-describedby={`entry-${entry.id}`}
                        aria-expanded={removing === entry.id}
                        onClick={() => setRemoving(entry.id)}
                      >
                        {t("nodeTools.addressBook.remove")}
                      </Button>
                    </div>
                    {removing === entry.id && (
                      <div className="confirm-box address-entry__confirm">
                        <p>{t("nodeTools.addressBook.confirmRemove", { name: entry.name })}</p>
                        <Button
                          size="small"
                          variant="danger"
                          onClick={() => {
                            setRemoving(null);
                            if (book.remove(entry.id)) setNotice(t("nodeTools.addressBook.removed"));
                            else setNotice(t("nodeTools.addressBook.problems.storage"));
                            reload();
                          }}
                        >
                          {t("nodeTools.addressBook.confirmRemoveButton")}
                        </Button>
                        <Button size="small" variant="ghost" onClick={() => setRemoving(null)}>
                          {t("nodeTools.addressBook.cancel")}
                        </Button>
                      </div>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </div>
  );
}

function EntryForm({
  book,
  entry,
  onDone,
}: {
  readonly book: AddressBook;
  readonly entry: AddressEntry | null;
  readonly onDone: (saved: boolean) => void;
}) {
  const [name, setName] = useState(entry?.name ?? "");
  const [address, setAddress] = useState(entry?.address ?? "");
  const [note, setNote] = useState(entry?.note ?? "");
  const [problem, setProblem] = useState<EntryProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const messageFor = (field: EntryProblem["field"]): FieldMessage =>
    problem !== null && problem.field === field ? { kind: "error", text: problemText(problem) } : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const input = { name, address, note };
    const result = entry === null ? await book.add(input) : await book.update(entry.id, input);
    setBusy(false);
    if (result.ok) onDone(true);
    else setProblem(result.error);
  };

  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} aria-labelledby="address-form-heading">
      <h2 id="address-form-heading">
        {entry === null ? t("nodeTools.addressBook.addHeading") : t("nodeTools.addressBook.editHeading")}
      </h2>
      <Field
        label={t("nodeTools.addressBook.name")}
        value={name}
        maxLength={64}
        onChange={(e) => setName(e.target.value)}
        message={messageFor("name")}
        autoFocus
      />
      <Field
        label={t("nodeTools.addressBook.address")}
        value={address}
        mono
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => setAddress(e.target.value)}
        message={busy ? { kind: "ok", text: t("nodeTools.addressBook.checking") } : messageFor("address")}
      />
      <Field
        label={t("nodeTools.addressBook.note")}
        value={note}
        maxLength={500}
        onChange={(e) => setNote(e.target.value)}
        message={messageFor("note")}
      />
      {problem?.field === "form" && (
        <p className="field-error" role="alert">
          {problemText(problem)}
        </p>
      )}
      <div className="row">
        <Button type="submit" variant="primary" busy={busy}>
          {t("nodeTools.addressBook.save")}
        </Button>
        <Button variant="ghost" onClick={() => onDone(false)}>
          {t("nodeTools.addressBook.cancel")}
        </Button>
      </div>
    </form>
  );
}
