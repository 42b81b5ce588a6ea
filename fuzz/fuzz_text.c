/*
 * fuzz_text.c -- libFuzzer driver: the input is an article's plain text,
 * coded by the full pipeline (body in targets.c: sd_fuzz_text).
 *
 *   make fuzz && build/fuzz/fuzz_text build/fuzz/corpus-text fuzz/corpus/text
 */
#include <stdlib.h>

#include "coder_once.h"
#include "targets.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_coder_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (sd_fuzz_text(fuzz_coder, data, size) != 0)
        abort();
    return 0;
}
