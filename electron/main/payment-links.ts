// timecoin: payment links opened from another app or a web page. The OS hands one to the app as a launch
// argument (Windows, Linux: to the first instance through "second-instance"), or as an "open-url" event
// (macOS). The window then shows the Send page filled from it (#/send?uri=…), where the renderer parses it
// (renderer/src/ui/payment-uri.ts) and the person reviews and confirms: a link never sends by itself.
export const PAYMENT_SCHEME = "timecoin";
/** A real request is far shorter; anything longer is not passed on. */
const MAX_LINK_LENGTH = 4096;

/** The payment link among a command line's arguments, or null. */
export function paymentLinkIn(argv: readonly string[]): string | null {
  for (const arg of argv) if (isPaymentLink(arg)) return arg;
  return null;
}

export function isPaymentLink(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.length <= MAX_LINK_LENGTH &&
    value.slice(0, PAYMENT_SCHEME.length + 1).toLowerCase() === `${PAYMENT_SCHEME}:`
  );
}

/** The app page that shows the Send page filled from `link`. */
export function sendPageUrl(entryUrl: string, link: string): string {
  return `${entryUrl}#/send?uri=${encodeURIComponent(link)}`;
}
