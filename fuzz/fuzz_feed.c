/*
 * fuzz_feed.c -- libFuzzer driver: the input is an RSS or Atom feed, read by
 * the feed reader and every item coded (body in targets.c: sd_fuzz_feed).
 * The bytes go through one private temporary file.
 *
 *   make fuzz && build/fuzz/fuzz_feed build/fuzz/corpus-feed fuzz/corpus/feed
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "coder_once.h"
#include "targets.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char tmp_path[4096];

static void remove_tmp(void) { unlink(tmp_path); }

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_coder_init();
    const char *dir = getenv("TMPDIR");
    snprintf(tmp_path, sizeof tmp_path, "%s/saydo-fuzz-feed-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(tmp_path);
    if (fd < 0) {
        perror("fuzz_feed: mkstemp");
        exit(1);
    }
    close(fd);
    atexit(remove_tmp);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (sd_fuzz_feed(fuzz_coder, data, size, tmp_path) != 0)
        abort();
    return 0;
}
