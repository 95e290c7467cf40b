// The wallet names the node accepts (its keystore rule, checked here first so the form can say so as you
// type): 1 to 64 letters, digits, spaces, hyphens, underscores, starting and ending with a letter or digit,
// and not a Windows device name.
const NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9 _-]*[A-Za-z0-9])?$/;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

export function isValidWalletName(name: string): boolean {
  return name.length <= 64 && NAME_RE.test(name) && !WINDOWS_DEVICE.test(name);
}
