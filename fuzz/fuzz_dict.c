/*
 * fuzz_dict.c -- libFuzzer driver: the input is a dictionary file, loaded
 * with and without keep_going, compiled and matched over a fixed token
 * stream (body in targets.c: sd_fuzz_dict).
 *
 *   make fuzz && build/fuzz/fuzz_dict build/fuzz/corpus-dict fuzz/corpus/dict
 */
#include <stdlib.h>

#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (sd_fuzz_dict(data, size) != 0)
        abort();
    return 0;
}
