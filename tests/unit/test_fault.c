/*
 * Fault injection through the public API (SQLite's OOM tests): the n-th
 * allocation fails, for n = 1, 2, ... until the call succeeds without a
 * failure.  Every failure must come back as SAYDO_ERR_NOMEM with err filled
 * and no half-built handle; ASan checks that nothing leaks.  A failure
 * that is swallowed (the call succeeds anyway) must not change the result.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "arena.h"
#include "saydo.h"
#include "test.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* After a call made under sd_alloc_fail_after(n): 1 when the injected
 * failure happened, 0 when the call made fewer than n allocations (the
 * countdown is still running).  Clears the countdown. */
static int injected(long n)
{
    int hit = 1;
    for (long k = 0; k < n; k++)
        if (sd_alloc_should_fail()) {
            hit = 0;
            break;
        }
    sd_alloc_fail_after(0);
    return hit;
}

static const char fault_article[] =
    "Russian Troops Attack Ukraine\n"
    "\n"
    "KYIV, Ukraine, March 29 (AP) -- Russia attacked Ukraine on Tuesday, officials said. "
    "\xe2\x80\x9cWe will respond,\xe2\x80\x9d the Ukrainian president said.\n"
    "\n"
    "Kyiv condemned Moscow. Russia denied that it attacked civilians.\n"
    "\n"
    "The Russian army met with Ukrainian officials in Istanbul, and China called for talks.\n";

/* A summary of a result to compare runs: "n_sentences|code src tgt mood;...". */
static char *summarise(const saydo_result *result)
{
    sd_buf b = SD_BUF_INIT;
    sd_buf_printf(&b, "%zu|", saydo_result_sentence_count(result));
    for (size_t i = 0; i < saydo_result_event_count(result); i++) {
        const saydo_event *e = saydo_result_event(result, i);
        sd_buf_printf(&b, "%s %s %s %d %zu;", e->cameo, e->source, e->target, (int)e->mood,
                      e->sentence);
    }
    sd_buf_append(&b, "", 0);
    return b.data;
}

/* Make and code fault_article under sd_alloc_fail_after(n) (0: no
 * failure); then clear the countdown and, on success, put a summary of
 * the result in *summary (malloc'd).  *hit says whether the injected
 * failure happened. */
static int code_article(const saydo_coder *coder, long n, int *hit, char **summary,
                        saydo_error *err)
{
    saydo_article *article = NULL;
    saydo_result *result = NULL;
    *summary = NULL;
    sd_alloc_fail_after(n);
    int rc = saydo_article_new("fault", "2022-03-29", NULL, fault_article,
                               sizeof fault_article - 1, &article, err);
    if (rc == 0) {
        rc = saydo_code(coder, article, &result, err);
        if (rc != 0 && result)
            rc = SAYDO_ERR_INTERNAL; /* a failed call must not return a result */
    } else if (article) {
        rc = SAYDO_ERR_INTERNAL;
    }
    *hit = injected(n);
    if (rc == 0)
        *summary = summarise(result);
    saydo_result_free(result);
    saydo_article_free(article);
    return rc;
}

TEST(fault_code_article)
{
    saydo_coder_options opts = SAYDO_CODER_OPTIONS_INIT;
    opts.data_dir = "data";
    saydo_coder *coder = NULL;
    saydo_error err;
    CHECK_INT(saydo_coder_new(&opts, &coder, &err), 0);
    if (!coder)
        return;
    char *want = NULL;
    int hit = 0;
    CHECK_INT(code_article(coder, 0, &hit, &want, &err), 0);
    CHECK(want && strchr(want, ';')); /* the article has events */
    double t0 = now_ms();
    long n, failures = 0, swallowed = 0;
    for (n = 1; n < 200000; n++) {
        char *got = NULL;
        memset(&err, 0, sizeof err);
        int rc = code_article(coder, n, &hit, &got, &err);
        if (rc != 0) {
            CHECK_INT(rc, SAYDO_ERR_NOMEM);
            CHECK_INT(err.code, SAYDO_ERR_NOMEM);
            CHECK(err.message[0] != '\0');
            CHECK(hit);
            failures++;
        } else {
            CHECK_STR(got, want);
            swallowed += hit;
        }
        free(got);
        if (rc == 0 && !hit)
            break;
        if (t->failed)
            break;
    }
    fprintf(stderr, "  fault: coding an article: %ld allocation points, %ld failed cleanly, "
                    "%ld absorbed (%.0f ms)\n",
            n - 1, failures, swallowed, now_ms() - t0);
    CHECK(failures > 0);
    free(want);
    saydo_coder_free(coder);
}

/* A small data folder of the project's own CAMEO table and two tiny
 * dictionaries written here. */
static const char *make_small_data(sd_test *t)
{
    const char *dir = sd_test_path(t, "fault-data");
    mkdir(dir, 0700);
    char path[4200];
    size_t len = 0;
    char *cameo = sd_test_read_file("data/cameo.tsv", &len);
    if (!cameo)
        return NULL;
    snprintf(path, sizeof path, "%s/cameo.tsv", dir);
    int rc = sd_test_write_file(path, cameo, len);
    free(cameo);
    static const char actors[] = "@kind actor\n"
                                 "russia | moscow | russian federation => RUS\n"
                                 "ukraine | kyiv => UKR\n"
                                 "soviet union => SUN@..1991-12-25\n"
                                 "@kind agent\n"
                                 "(army | troops | [armed] forces) => MIL\n";
    static const char verbs[] = "@kind verb\n"
                                "attack => 190\n"
                                "(criticize | condemn) => 111\n"
                                "meet [with] => 036\n";
    snprintf(path, sizeof path, "%s/actors.dict", dir);
    rc |= sd_test_write_file(path, actors, sizeof actors - 1);
    snprintf(path, sizeof path, "%s/verbs.dict", dir);
    rc |= sd_test_write_file(path, verbs, sizeof verbs - 1);
    return rc ? NULL : dir;
}

TEST(fault_coder_new)
{
    static char dir[4200];
    const char *d = make_small_data(t);
    CHECK(d != NULL);
    if (!d)
        return;
    snprintf(dir, sizeof dir, "%s", d);
    saydo_coder_options opts = SAYDO_CODER_OPTIONS_INIT;
    opts.data_dir = dir;
    /* The CAMEO table and dictionaries load into few large allocations
     * (under a hundred points), so every point is visited even under the
     * sanitizers. */
    double t0 = now_ms();
    long n, failures = 0;
    for (n = 1; n < 200000; n++) {
        saydo_coder *coder = NULL;
        saydo_error err;
        memset(&err, 0, sizeof err);
        sd_alloc_fail_after(n);
        int rc = saydo_coder_new(&opts, &coder, &err);
        int hit = injected(n);
        if (rc != 0) {
            CHECK_INT(rc, SAYDO_ERR_NOMEM);
            CHECK_INT(err.code, SAYDO_ERR_NOMEM);
            CHECK(coder == NULL);
            CHECK(hit);
            failures++;
        } else {
            CHECK(coder != NULL);
            CHECK(saydo_cameo_lookup(coder, "190") != NULL);
            /* the coder works: one event from the tiny dictionaries */
            saydo_article *article = NULL;
            saydo_result *result = NULL;
            static const char text[] = "Russia attacked Ukraine on Tuesday.";
            CHECK_INT(saydo_article_new("a", "2022-03-29", "-", text, sizeof text - 1, &article,
                                        &err),
                      0);
            if (article)
                CHECK_INT(saydo_code(coder, article, &result, &err), 0);
            if (result) {
                CHECK_INT(saydo_result_event_count(result), 1);
                if (saydo_result_event_count(result) == 1)
                    CHECK_STR(saydo_result_event(result, 0)->cameo, "190");
            }
            saydo_result_free(result);
            saydo_article_free(article);
        }
        saydo_coder_free(coder);
        if ((rc == 0 && !hit) || t->failed)
            break;
    }
    fprintf(stderr, "  fault: building a coder: %ld allocation points, %ld failed cleanly (%.0f ms)\n",
            n - 1, failures, now_ms() - t0);
    CHECK(failures > 0);
}
