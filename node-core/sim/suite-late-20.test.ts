// N = 100, validators holding 20 % of the weight run the "late" adversary (byzantine.ts).
// One file per setting so the runner spreads the settings over cores; see suite-support.ts.
import { describeSetting } from "./suite-support.js";

describeSetting("late", 0.2);
