// N = 100, validators holding 10 % of the weight always vote for the minority.
// One file per setting so the runner spreads the settings over cores; see suite-support.ts.
import { describeSetting } from "./suite-support.js";

describeSetting("minority", 0.1);
