/*
 * coder_once.h -- what the fuzz drivers share: the coder, built once in
 * LLVMFuzzerInitialize from $SAYDO_DATA or ./data (run the fuzzers from the
 * repository root), and for the drivers whose input is a file (JSONL, HTML,
 * feed, CSV) one private temporary file its bytes go through.
 * Fuzz-driver-only state.
 */
#ifndef SD_FUZZ_CODER_ONCE_H
#define SD_FUZZ_CODER_ONCE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "saydo.h"

static saydo_coder *fuzz_coder;

static void fuzz_coder_free(void) { saydo_coder_free(fuzz_coder); }

/* Build the coder or exit: a fuzzer without its coder would test nothing. */
static void fuzz_coder_init(void)
{
    saydo_coder_options opts = SAYDO_CODER_OPTIONS_INIT;
    const char *dir = getenv("SAYDO_DATA");
    opts.data_dir = dir && *dir ? dir : "data";
    saydo_error err;
    if (saydo_coder_new(&opts, &fuzz_coder, &err) != 0) {
        char line[2048];
        fprintf(stderr, "fuzz: cannot build the coder from %s: %s\n", opts.data_dir,
                saydo_error_format(&err, line, sizeof line));
        exit(1);
    }
    atexit(fuzz_coder_free);
}

#ifdef FUZZ_FILE_DRIVER /* defined by the drivers whose input is a file */
static char fuzz_tmp_path[4096];

static void fuzz_tmp_remove(void) { unlink(fuzz_tmp_path); }

/* Build the coder and make the temporary file saydo-fuzz-NAME-XXXXXX in
 * $TMPDIR (or /tmp), removed at exit; exit on failure. */
static void fuzz_file_driver_init(const char *name)
{
    fuzz_coder_init();
    const char *dir = getenv("TMPDIR");
    snprintf(fuzz_tmp_path, sizeof fuzz_tmp_path, "%s/saydo-fuzz-%s-XXXXXX",
             dir && *dir ? dir : "/tmp", name);
    int fd = mkstemp(fuzz_tmp_path);
    if (fd < 0) {
        fprintf(stderr, "fuzz_%s: mkstemp: ", name);
        perror(fuzz_tmp_path);
        exit(1);
    }
    close(fd);
    atexit(fuzz_tmp_remove);
}
#endif

#endif
