// N = 100, no Byzantine validators.
// One file per setting so the runner spreads the settings over cores; see suite-support.ts.
import { describeSetting } from "./suite-support.js";

describeSetting("silent", 0);
