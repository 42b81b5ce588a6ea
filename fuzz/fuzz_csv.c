/*
 * fuzz_csv.c -- libFuzzer driver: the input is a CSV file, read by the CSV
 * reader with two field mappings and every record coded (body in targets.c:
 * sd_fuzz_csv).  The bytes go through one private temporary file.
 *
 *   make fuzz && build/fuzz/fuzz_csv build/fuzz/corpus-csv fuzz/corpus/csv
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
    fuzz_file_driver_init("csv");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (sd_fuzz_csv(fuzz_coder, data, size, fuzz_tmp_path) != 0)
        abort();
    return 0;
}
