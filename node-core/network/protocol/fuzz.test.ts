// Fuzz test of decodeMessage, one case per message type, with the codec's fuzzer: 100,000 inputs per type
// in the normal suite (TIME_FULL_TESTS=1: 1,000,000; TIME_FUZZ_SEED replays a failure). Every input must
// decode to a message that re-encodes to the identical bytes, or fail with a CodecError.
import { fuzzSuite } from "../../codec/case-suites.js";
import { PROTOCOL_CASES, PROTOCOL_U32_VALUES } from "./cases.js";

fuzzSuite(PROTOCOL_CASES, PROTOCOL_U32_VALUES);
