/*
 * coder_once.h -- the coder shared by the text and JSONL fuzz drivers:
 * built once, in LLVMFuzzerInitialize, from $SAYDO_DATA or ./data (run the
 * fuzzers from the repository root).  Fuzz-driver-only state.
 */
#ifndef SD_FUZZ_CODER_ONCE_H
#define SD_FUZZ_CODER_ONCE_H

#include <stdio.h>
#include <stdlib.h>

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

#endif
