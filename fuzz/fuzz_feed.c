/*
 * fuzz_feed.c -- libFuzzer driver: the input is an RSS or Atom feed, read by
 * the feed reader and every item coded (body in targets.c: sd_fuzz_feed).
 * The bytes go through one private temporary file.
 *
 *   make fuzz && build/fuzz/fuzz_feed build/fuzz/corpus-feed fuzz/corpus/feed
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
    fuzz_file_driver_init("feed");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (sd_fuzz_feed(fuzz_coder, data, size, fuzz_tmp_path) != 0)
        abort();
    return 0;
}
