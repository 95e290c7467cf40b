// N = 100, validators holding 20 % of the weight equivocate.
// One file per setting so the runner spreads the settings over cores; see suite-support.ts.
import { describeSetting } from "./suite-support.js";

describeSetting("equivocate", 0.2);
