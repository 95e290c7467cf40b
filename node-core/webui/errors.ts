// Error codes of the web UI server, with their payloads.
import { NodeCoreError } from "../util/index.js";

export interface WebUiErrorPayloads {
  /** The built renderer (index.html) is not in the static folder. */
  WEBUI_NOT_BUILT: { readonly dir: string };
  WEBUI_BIND_FAILED: { readonly host: string; readonly port: number; readonly reason: string };
  WEBUI_ALREADY_STARTED: Record<string, never>;
}

export type WebUiErrorCode = keyof WebUiErrorPayloads;

export class WebUiError<C extends WebUiErrorCode = WebUiErrorCode> extends NodeCoreError<
  C,
  WebUiErrorPayloads
> {
  override name = "WebUiError";
}
