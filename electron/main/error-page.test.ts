// The error screen escapes the log lines it shows and carries a CSP that allows no script.
import { describe, expect, it } from "vitest";
import { errorPageHtml, errorPageUrl, escapeHtml } from "./error-page.js";

describe("error page", () => {
  const input = {
    title: "The node could not start",
    message: "--datadir /d is in use by another running node",
    logLines: ['{"msg":"<script>alert(1)</script>"}', "a & b"],
    logPath: "/home/u/.config/TIME Coin Desktop/logs/node.log",
  };

  it("escapes what it shows", () => {
    const html = errorPageHtml(input);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&#60;script&#62;alert(1)&#60;/script&#62;");
    expect(html).toContain("a &#38; b");
    expect(html).toContain(escapeHtml(input.logPath));
    expect(html).toContain("is in use by another running node");
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none';/);
    expect(html).not.toMatch(/script-src/);
  });

  it("says so when the node wrote nothing, and encodes as a data: URL", () => {
    expect(errorPageHtml({ ...input, logLines: [] })).toContain("(the node wrote nothing)");
    const url = errorPageUrl(input);
    expect(url.startsWith("data:text/html;charset=utf-8;base64,")).toBe(true);
    const decoded = Buffer.from(url.split(",")[1] ?? "", "base64").toString("utf8");
    expect(decoded).toBe(errorPageHtml(input));
  });
});
