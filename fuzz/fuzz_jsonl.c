/*
 * fuzz_jsonl.c -- libFuzzer driver: the input is a JSON Lines file, read
 * by the JSONL reader and every article coded (body in targets.c:
 * sd_fuzz_jsonl).  The bytes go through one private temporary file.
 *
 *   make fuzz && build/fuzz/fuzz_jsonl build/fuzz/corpus-jsonl fuzz/corpus/jsonl
 */
#include <stdlib.h>

#define FUZZ_FILE_DRIVER
#include "coder_once.h"
#include "targets.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_file_driver_init("jsonl");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (sd_fuzz_jsonl(fuzz_coder, data, size, fuzz_tmp_path) != 0)
        abort();
    return 0;
}
