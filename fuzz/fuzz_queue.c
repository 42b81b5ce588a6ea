/*
 * fuzz_queue.c -- libFuzzer driver: the input is a Redis Stream entry's
 * field list as 'saydo worker' reads it (body in target_queue.c:
 * sd_fuzz_queue; 0x1F separates fields and values).
 *
 *   make fuzz && build/fuzz/fuzz_queue build/fuzz/corpus-queue fuzz/corpus/queue
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
    if (sd_fuzz_queue(fuzz_coder, data, size) != 0)
        abort();
    return 0;
}
