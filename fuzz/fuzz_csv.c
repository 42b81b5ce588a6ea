/*
 * fuzz_csv.c -- libFuzzer driver: the input is a CSV file, read by the CSV
 * reader with two field mappings and every record coded (body in targets.c:
 * sd_fuzz_csv).  The bytes go through one private temporary file.
 *
 *   make fuzz && build/fuzz/fuzz_csv build/fuzz/corpus-csv fuzz/corpus/csv
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
    snprintf(tmp_path, sizeof tmp_path, "%s/saydo-fuzz-csv-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(tmp_path);
    if (fd < 0) {
        perror("fuzz_csv: mkstemp");
        exit(1);
    }
    close(fd);
    atexit(remove_tmp);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (sd_fuzz_csv(fuzz_coder, data, size, tmp_path) != 0)
        abort();
    return 0;
}
