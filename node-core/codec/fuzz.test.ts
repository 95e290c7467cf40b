// Fuzz test: for every decoder, at least 100,000 inputs (random byte strings plus mutations of valid
// encodings) must either decode to a value that re-encodes to the identical bytes, or fail with a
// CodecError; anything else (TypeError, RangeError, a hang, a crash) is a bug. The run is seeded: set
// TIME_FUZZ_SEED to replay a failure, TIME_FUZZ_ITERATIONS (or TIME_FULL_TESTS=1 for 1,000,000) to go longer.
// The routine lives in case-suites.ts, shared with the decoders of layers above the codec.
import { fuzzSuite } from "./case-suites.js";
import { CODEC_CASES } from "./cases.js";

fuzzSuite(CODEC_CASES);
