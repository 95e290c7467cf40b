// The screen shown instead of the UI when the node cannot be kept running: what happened in a sentence,
// what to do, the last log lines and where the full log is. A data: URL with its own CSP (no script at
// all), every inserted text HTML-escaped: log lines are the node's output, not markup.

export interface ErrorPageInput {
  readonly title: string;
  readonly message: string;
  readonly logLines: readonly string[];
  readonly logPath: string;
}

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function errorPageHtml(input: ErrorPageInput): string {
  const lines =
    input.logLines.length === 0 ? "(the node wrote nothing)" : input.logLines.map(escapeHtml).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">
<title>${escapeHtml(input.title)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;padding:40px;background:#0f1115;color:#e6e8eb}
h1{font-size:22px;margin:0 0 12px}p{max-width:720px}code,pre{font-family:ui-monospace,monospace}
pre{background:#181b21;border:1px solid #2a2f38;border-radius:8px;padding:12px;max-height:50vh;overflow:auto;
white-space:pre-wrap;word-break:break-all;font-size:12px}
@media (prefers-color-scheme: light){body{background:#f7f8fa;color:#15181d}pre{background:#fff;border-color:#d9dde3}}
</style></head>
<body role="alert">
<h1>${escapeHtml(input.title)}</h1>
<p>${escapeHtml(input.message)}</p>
<p>Restart the app to try again. If this keeps happening, the full log is in <code>${escapeHtml(input.logPath)}</code>; include it when you ask for help.</p>
<details open><summary>Last lines of the log</summary><pre>${lines}</pre></details>
</body></html>
`;
}

/** The page as a data: URL for BrowserWindow.loadURL. */
export function errorPageUrl(input: ErrorPageInput): string {
  return `data:text/html;charset=utf-8;base64,${Buffer.from(errorPageHtml(input), "utf8").toString("base64")}`;
}
