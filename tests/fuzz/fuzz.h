/* fuzz.h: the fuzz targets' one entry point, as libFuzzer calls it.  Each
 * target (fuzz-scn.c, fuzz-trace.c) is linked either with libFuzzer
 * (./configure --enable-fuzzing, make fuzz) or with driver.c, which replays
 * a corpus under any compiler (make check: tests/fuzz.sh). */
#ifndef KS_FUZZ_H
#define KS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
