/*
 * fuzz_html.c -- libFuzzer driver: the input is a web page, extracted (as a
 * page and as a fragment) and read by the HTML reader, its article coded
 * (body in targets.c: sd_fuzz_html).  The bytes go through one private
 * temporary file.
 *
 *   make fuzz && build/fuzz/fuzz_html build/fuzz/corpus-html fuzz/corpus/html
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
    fuzz_file_driver_init("html");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (sd_fuzz_html(fuzz_coder, data, size, fuzz_tmp_path) != 0)
        abort();
    return 0;
}
