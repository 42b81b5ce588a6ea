/*
 * Corpus replay (SQLite's fuzzcheck): every file of fuzz/corpus/<target>/
 * goes through the same entry-point body the libFuzzer harness runs
 * (fuzz/targets.c), in the ordinary test run and again under ASan+UBSan.
 * A crash a fuzzer finds is fixed, then its input is added to the corpus
 * so that `make check` keeps it fixed.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../fuzz/targets.h"
#include "test.h"

/* One coder for the text and JSONL corpora.  Test-only state. */
static saydo_coder *corpus_coder;
static int corpus_coder_failed;

static void free_corpus_coder(void) { saydo_coder_free(corpus_coder); }

static const saydo_coder *get_coder(sd_test *t)
{
    if (corpus_coder || corpus_coder_failed)
        return corpus_coder;
    saydo_coder_options opts = SAYDO_CODER_OPTIONS_INIT;
    opts.data_dir = "data";
    saydo_error err;
    if (saydo_coder_new(&opts, &corpus_coder, &err) != 0) {
        char line[2048];
        sd_test_fail(t, __FILE__, __LINE__, "coder: %s",
                     saydo_error_format(&err, line, sizeof line));
        corpus_coder_failed = 1;
        return NULL;
    }
    atexit(free_corpus_coder);
    return corpus_coder;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef enum {
    CORPUS_TEXT, CORPUS_JSONL, CORPUS_DICT, CORPUS_HTML, CORPUS_FEED, CORPUS_CSV, CORPUS_HTTP,
    CORPUS_FILTER, CORPUS_QUEUE
} corpus_kind;

/* The store of the filter corpus (read-only, with a query time limit). */
static saydo_store *filter_store;

/* Replay every file of fuzz/corpus/<target> in name order; returns the
 * number of files replayed. */
static size_t replay(sd_test *t, const char *target, corpus_kind kind)
{
    const saydo_coder *coder = NULL;
    if (kind != CORPUS_DICT && !(coder = get_coder(t)))
        return 0;
    char dir[256];
    snprintf(dir, sizeof dir, "fuzz/corpus/%s", target);
    DIR *d = opendir(dir);
    if (!d) {
        sd_test_fail(t, __FILE__, __LINE__, "cannot open %s (run from the repository root)", dir);
        return 0;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **p = realloc(names, cap * sizeof *p);
            if (!p)
                break;
            names = p;
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_name);
    const char *tmp = sd_test_path(t, "fuzz-corpus.jsonl");
    char tmp_path[4200];
    snprintf(tmp_path, sizeof tmp_path, "%s", tmp);
    for (size_t i = 0; i < n; i++) {
        char path[600];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        size_t len = 0;
        char *data = sd_test_read_file(path, &len);
        CHECK(data != NULL);
        if (data) {
            struct timespec t0, t1;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            const uint8_t *bytes = (const uint8_t *)data;
            int rc = kind == CORPUS_TEXT     ? sd_fuzz_text(coder, bytes, len)
                     : kind == CORPUS_JSONL  ? sd_fuzz_jsonl(coder, bytes, len, tmp_path)
                     : kind == CORPUS_HTML   ? sd_fuzz_html(coder, bytes, len, tmp_path)
                     : kind == CORPUS_FEED   ? sd_fuzz_feed(coder, bytes, len, tmp_path)
                     : kind == CORPUS_CSV    ? sd_fuzz_csv(coder, bytes, len, tmp_path)
                     : kind == CORPUS_HTTP   ? sd_fuzz_http(bytes, len)
                     : kind == CORPUS_FILTER ? sd_fuzz_filter(filter_store, bytes, len)
                     : kind == CORPUS_QUEUE  ? sd_fuzz_queue(coder, bytes, len)
                                             : sd_fuzz_dict(bytes, len);
            clock_gettime(CLOCK_MONOTONIC, &t1);
            double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
            if (rc != 0)
                sd_test_fail(t, __FILE__, __LINE__, "%s: invariant broken", path);
            if (ms > 1000)
                fprintf(stderr, "  fuzz corpus: %s took %.0f ms\n", path, ms);
        }
        free(data);
        free(names[i]);
    }
    free(names);
    return n;
}

TEST(fuzz_corpus_text)
{
    CHECK(replay(t, "text", CORPUS_TEXT) >= 20);
}

TEST(fuzz_corpus_jsonl)
{
    CHECK(replay(t, "jsonl", CORPUS_JSONL) >= 20);
}

TEST(fuzz_corpus_dict)
{
    CHECK(replay(t, "dict", CORPUS_DICT) >= 20);
}

TEST(fuzz_corpus_html)
{
    CHECK(replay(t, "html", CORPUS_HTML) >= 20);
}

TEST(fuzz_corpus_feed)
{
    CHECK(replay(t, "feed", CORPUS_FEED) >= 15);
}

TEST(fuzz_corpus_csv)
{
    CHECK(replay(t, "csv", CORPUS_CSV) >= 15);
}

/* The HTTP server in this process (fuzz/target_http.c) over a store of
 * data/samples, sent every request of fuzz/corpus/http. */
TEST(fuzz_corpus_http)
{
    const saydo_coder *coder = get_coder(t);
    if (!coder)
        return;
    char db[4200];
    snprintf(db, sizeof db, "%s", sd_test_path(t, "fuzz-http.db"));
    CHECK_INT(sd_fuzz_store_make(coder, db), 0);
    CHECK_INT(sd_fuzz_http_init(coder, db, "web"), 0);
    CHECK(replay(t, "http", CORPUS_HTTP) >= 20);
    sd_fuzz_http_stop();
}

TEST(fuzz_corpus_filter)
{
    const saydo_coder *coder = get_coder(t);
    if (!coder)
        return;
    char db[4200];
    snprintf(db, sizeof db, "%s", sd_test_path(t, "fuzz-filter.db"));
    CHECK_INT(sd_fuzz_store_make(coder, db), 0);
    saydo_store_options so = SAYDO_STORE_OPTIONS_INIT;
    so.read_only = 1;
    so.query_ms = 2000;
    saydo_error err;
    CHECK_INT(saydo_store_open(db, &so, &filter_store, &err), 0);
    if (filter_store)
        CHECK(replay(t, "filter", CORPUS_FILTER) >= 20);
    saydo_store_close(filter_store);
    filter_store = NULL;
}

/* Redis Stream entries as 'saydo worker' reads them (fuzz/target_queue.c). */
TEST(fuzz_corpus_queue)
{
    CHECK(replay(t, "queue", CORPUS_QUEUE) >= 20);
}
