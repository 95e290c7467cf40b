// The hash route: "#/send?to=ADDR" → page id "send" and its query, so the page and its inputs survive a
// reload and other pages can link into a form.
export interface Route {
  readonly id: string;
  readonly query: URLSearchParams;
}

export function parseRoute(hash: string, known: readonly string[], fallback: string): Route {
  const body = hash.replace(/^#\/?/, "");
  const mark = body.indexOf("?");
  const id = mark === -1 ? body : body.slice(0, mark);
  const query = new URLSearchParams(mark === -1 ? "" : body.slice(mark + 1));
  return known.includes(id) ? { id, query } : { id: fallback, query: new URLSearchParams() };
}

export function navigate(id: string, query?: Readonly<Record<string, string>>): void {
  const search = query === undefined ? "" : new URLSearchParams(query).toString();
  window.location.hash = `#/${id}${search.length > 0 ? `?${search}` : ""}`;
}
