// The history beyond the first page: the page reads the newest PAGE_ROWS transactions and, on request,
// older pages after them (listtransactions' skip). New transactions arriving meanwhile shift every offset
// by their number, so a page can repeat rows the list already has: they are dropped by txid.
export const PAGE_ROWS = 100_000;

export interface OlderPages<Row> {
  readonly rows: readonly Row[];
  /** The last page read was full: there may be more. */
  readonly more: boolean;
}

export const NO_OLDER = Object.freeze({ rows: [], more: true }) as OlderPages<never>;

/** Whether older history may exist beyond what is loaded. */
export function mayHaveOlder(firstPageLength: number, older: OlderPages<unknown>): boolean {
  return firstPageLength >= PAGE_ROWS && older.more;
}

/** listtransactions' skip for the next older page. */
export function nextSkip(firstPageLength: number, older: OlderPages<unknown>): number {
  return firstPageLength + older.rows.length;
}

/** Adds a page read after `known` rows, without the rows already listed. */
export function withOlderPage<Row extends { readonly txid: string }>(
  known: readonly Row[],
  older: OlderPages<Row>,
  page: readonly Row[],
  pageSize = PAGE_ROWS,
): OlderPages<Row> {
  const seen = new Set<string>();
  for (const row of known) seen.add(row.txid);
  for (const row of older.rows) seen.add(row.txid);
  const fresh = page.filter((row) => !seen.has(row.txid));
  return { rows: [...older.rows, ...fresh], more: page.length >= pageSize };
}
