/*
 * fuzz_filter.c -- libFuzzer driver: the input is a query string that
 * spells a store filter, run unchecked through saydo_store_query and
 * saydo_store_aggregate (body in targets.c: sd_fuzz_filter) on a store
 * made once from data/samples.
 *
 *   make fuzz && build/fuzz/fuzz_filter build/fuzz/corpus-filter fuzz/corpus/filter
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "coder_once.h"
#include "targets.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[4096], db[4200];
static saydo_store *store;

static void cleanup(void)
{
    saydo_store_close(store);
    char path[4300];
    static const char *const suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s%s", db, suffix[i]);
        unlink(path);
    }
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_coder_init();
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/saydo-fuzz-filter-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("fuzz_filter: mkdtemp");
        exit(1);
    }
    snprintf(db, sizeof db, "%s/store.db", dir);
    saydo_store_options so = SAYDO_STORE_OPTIONS_INIT;
    so.read_only = 1;
    so.query_ms = 2000;
    saydo_error err;
    if (sd_fuzz_store_make(fuzz_coder, db) != 0 || saydo_store_open(db, &so, &store, &err) != 0)
        exit(1);
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (sd_fuzz_filter(store, data, size) != 0)
        abort();
    return 0;
}
