// N = 100, validators holding 20 % of the weight run the "double-spender" adversary (byzantine.ts).
// One file per setting so the runner spreads the settings over cores; see suite-support.ts.
import { describeSetting } from "./suite-support.js";

describeSetting("double-spender", 0.2);
