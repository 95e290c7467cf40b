// The Address book page (#/address-book): names, addresses and notes for the people you pay; add, edit,
// remove (confirmed) and "Send to" (#/send?to=ADDRESS). Entries are the wallet's own (listaddressbook and
// friends, kept encrypted in the wallet file); each address is checked with validateaddress before saving.
import { type FormEvent, useCallback, useEffect, useMemo, useState } from "react";
import type { ApiFailure } from "../../../../electron/contract.js";
import { useEvent } from "../../bridge/hooks.js";
import { bridge } from "../../bridge/index.js";
import { t } from "../../i18n/index.js";
import { Button, Field, type FieldMessage } from "../../ui/index.js";
import { useWalletParams } from "../masternodes/wallet-params.js";
import { ErrorNotice } from "../network/ErrorNotice.js";
import {
  type AddressBook,
  type AddressBookBackend,
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

function walletBackend(walletParams: { readonly wallet_name?: string }): AddressBookBackend {
  return {
    async list() {
      const outcome = await bridge.call("listaddressbook", walletParams);
      return outcome.ok
        ? {
            ok: true,
            result: outcome.result.map((e) => ({ address: e.address, name: e.label, note: e.note })),
          }
        : outcome;
    },
    save: (entry) =>
      bridge.call("setaddressbookentry", {
        address: entry.address,
        label: entry.name,
        note: entry.note,
        ...walletParams,
      }),
    remove: (address) => bridge.call("removeaddressbookentry", { address, ...walletParams }),
  };
}

function problemText(error: EntryProblem): string {
  switch (error.problem) {
    case "nameLong":
    case "noteLong":
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
  const walletParams = useWalletParams();
  const walletKey = walletParams.wallet_name ?? "";
  // biome-ignore lint/correctness/useExhaustiveDependencies: the wallet's name is what the backend depends on
  const book = useMemo(() => openAddressBook(walletBackend(walletParams), checkWithNode), [walletKey]);
  const [entries, setEntries] = useState<AddressEntry[] | null>(null);
  const [loadError, setLoadError] = useState<ApiFailure | null>(null);
  const [actionError, setActionError] = useState<ApiFailure | null>(null);
  const [editing, setEditing] = useState<AddressEntry | "new" | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [query, setQuery] = useState("");

  const reload = useCallback(async () => {
    const listed = await book.list();
    if (listed.ok) {
      setEntries(listed.result);
      setLoadError(null);
    } else setLoadError(listed.error);
  }, [book]);
  useEffect(() => {
    void reload();
  }, [reload]);
  // Another window (or the console) may change the book; a lock change may make it readable.
  useEvent("wallet:lockChanged", () => void reload());

  const list = entries ?? [];
  const needle = query.trim().toLowerCase();
  const shown =
    needle.length === 0
      ? list
      : list.filter((e) => [e.name, e.address, e.note].some((f) => f.toLowerCase().includes(needle)));

  const remove = async (address: string) => {
    setRemoving(null);
    const outcome = await book.remove(address);
    if (outcome.ok) {
      setActionError(null);
      setNotice(t("nodeTools.addressBook.removed"));
    } else {
      setNotice(null);
      setActionError(outcome.error);
    }
    await reload();
  };

  return (
    <div className="node-page">
      <div className="row-between">
        <h1>{t("nodeTools.addressBook.title")}</h1>
        {entries !== null && editing === null && (
          <Button variant="primary" onClick={() => setEditing("new")}>
            {t("nodeTools.addressBook.add")}
          </Button>
        )}
      </div>
      <p className="muted">{t("nodeTools.addressBook.intro")}</p>
      {loadError !== null && (
        <ErrorNotice
          lead={t("nodeTools.addressBook.loadError")}
          error={loadError}
          onRetry={() => void reload()}
        />
      )}
      {actionError !== null && (
        <ErrorNotice lead={t("nodeTools.addressBook.problems.removeFailed")} error={actionError} />
      )}
      {notice !== null && (
        <p className="network-notice" role="status">
          {notice}
        </p>
      )}
      {editing !== null && (
        <EntryForm
          book={book}
          entry={editing === "new" ? null : editing}
          existing={list}
          onDone={(saved) => {
            setEditing(null);
            if (saved) {
              setNotice(t("nodeTools.addressBook.saved"));
              void reload();
            }
          }}
        />
      )}
      {entries !== null && (
        <section className="card" aria-label={t("nodeTools.addressBook.title")}>
          {list.length === 0 ? (
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
                {shown.map((entry) => {
                  const headingId = `entry-${entry.address}`;
                  return (
                    <li key={entry.address} className="address-entry">
                      <div className="address-entry__text">
                        <h3 id={headingId}>{entry.name}</h3>
                        <p className="mono break">{entry.address}</p>
                        {entry.note.length > 0 && <p className="muted">{entry.note}</p>}
                      </div>
                      <div className="row address-entry__actions">
                        <Button
                          size="small"
                          variant="primary"
                          aria-describedby={headingId}
                          onClick={() => {
                            window.location.hash = sendToRoute(entry.address);
                          }}
                        >
                          {t("nodeTools.addressBook.sendTo")}
                        </Button>
                        <Button size="small" aria-describedby={headingId} onClick={() => setEditing(entry)}>
                          {t("nodeTools.addressBook.edit")}
                        </Button>
                        <Button
                          size="small"
                          variant="ghost"
                          aria-describedby={headingId}
                          aria-expanded={removing === entry.address}
                          onClick={() => setRemoving(entry.address)}
                        >
                          {t("nodeTools.addressBook.remove")}
                        </Button>
                      </div>
                      {removing === entry.address && (
                        <div className="confirm-box address-entry__confirm">
                          <p>{t("nodeTools.addressBook.confirmRemove", { name: entry.name })}</p>
                          <Button size="small" variant="danger" onClick={() => void remove(entry.address)}>
                            {t("nodeTools.addressBook.confirmRemoveButton")}
                          </Button>
                          <Button size="small" variant="ghost" onClick={() => setRemoving(null)}>
                            {t("nodeTools.addressBook.cancel")}
                          </Button>
                        </div>
                      )}
                    </li>
                  );
                })}
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
  existing,
  onDone,
}: {
  readonly book: AddressBook;
  readonly entry: AddressEntry | null;
  readonly existing: readonly AddressEntry[];
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
    const result =
      entry === null ? await book.add(input, existing) : await book.update(entry.address, input, existing);
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
      {problem !== null && problem.field === "form" && (
        <ErrorNotice lead={t("nodeTools.addressBook.problems.node")} error={problem.error} />
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
