/*
 * fuzz_http.c -- libFuzzer driver: the input is the raw bytes of HTTP
 * requests, sent to 'saydo serve' running in this process (body in
 * target_http.c: sd_fuzz_http; the first byte picks the server without or
 * with a token).  The store is made once from data/samples in a private
 * temporary folder.
 *
 *   make fuzz && build/fuzz/fuzz_http build/fuzz/corpus-http fuzz/corpus/http
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

static void cleanup(void)
{
    sd_fuzz_http_stop();
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
    snprintf(dir, sizeof dir, "%s/saydo-fuzz-http-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("fuzz_http: mkdtemp");
        exit(1);
    }
    snprintf(db, sizeof db, "%s/store.db", dir);
    if (sd_fuzz_store_make(fuzz_coder, db) != 0 || sd_fuzz_http_init(fuzz_coder, db, "web") != 0)
        exit(1);
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (sd_fuzz_http(data, size) != 0)
        abort();
    return 0;
}
