// N = 100, silent validators holding 10 % of the weight.
// One file per setting so the runner spreads the settings over cores; see suite-support.ts.
import { describeSetting } from "./suite-support.js";

describeSetting("silent", 0.1);
