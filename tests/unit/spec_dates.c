/*
 * Spec handlers and unit tests for dates (src/code_dates.c, docs/dates.md).
 *
 *   --- dates [date=YYYY-MM-DD] [headline]
 *       one line per event, in the coder's order: its date ("null" when
 *       it has none), then " > " and date_intended when that is set.
 *   --- date-exprs [date=YYYY-MM-DD] [future]
 *       one line per date expression the recogniser finds in the body:
 *       "phrase => resolved" where resolved is YYYY-MM-DD, "article" (the
 *       article date stands: vague, or a period holding it), "none"
 *       (cannot be placed) or "not-event" (a preposition or determiner says
 *       it dates something else: "since March", "the 2014 treaty").
 *
 * The input is article body text (with 'headline', its first line is the
 * headline).  The shipped data/ folder is used.
 */
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "code_dates.h"
#include "result.h"
#include "test.h"

/* One coder for the dates cases of the run.  Test-only state. */
static saydo_coder *dates_coder;
static int dates_coder_failed;

static void free_dates_coder(void) { saydo_coder_free(dates_coder); }

static saydo_coder *coder_for(sd_buf *out)
{
    if (dates_coder || dates_coder_failed)
        return dates_coder;
    saydo_coder_options co = SAYDO_CODER_OPTIONS_INIT;
    co.min_confidence = 0; /* every event: these specs test the reading, not the default filter */
    co.data_dir = "data";
    saydo_error err;
    if (saydo_coder_new(&co, &dates_coder, &err) != 0) {
        char line[2048];
        sd_buf_printf(out, "coder: %s", saydo_error_format(&err, line, sizeof line));
        dates_coder_failed = 1;
        return NULL;
    }
    atexit(free_dates_coder);
    return dates_coder;
}

static void date_arg(const char *args, char *out, size_t n)
{
    out[0] = '\0';
    const char *p = strstr(args, "date=");
    if (!p)
        return;
    p += 5;
    size_t k = 0;
    while (*p && *p != ' ' && k + 1 < n)
        out[k++] = *p++;
    out[k] = '\0';
}

static saydo_result *build(const char *input, const char *args, int code, sd_buf *out,
                           saydo_article **article)
{
    saydo_coder *coder = coder_for(out);
    if (!coder)
        return NULL;
    char date[32];
    date_arg(args, date, sizeof date);
    int headline = strstr(args, "headline") != NULL;
    saydo_error err;
    char line[2048];
    if (saydo_article_new("spec", date[0] ? date : NULL, headline ? NULL : "-", input,
                          strlen(input), article, &err) != 0) {
        sd_buf_printf(out, "article: %s", saydo_error_format(&err, line, sizeof line));
        return NULL;
    }
    saydo_result *result = NULL;
    if (sd_result_build(coder, *article, code, &result, &err) != 0) {
        sd_buf_printf(out, "code: %s", saydo_error_format(&err, line, sizeof line));
        saydo_article_free(*article);
        return NULL;
    }
    return result;
}

SPEC(dates)
{
    saydo_article *article = NULL;
    saydo_result *result = build(input, args, 1, out, &article);
    if (!result)
        return 1;
    for (size_t i = 0; i < saydo_result_event_count(result); i++) {
        const saydo_event *ev = saydo_result_event(result, i);
        sd_buf_puts(out, *ev->date ? ev->date : "null");
        if (*ev->date_intended)
            sd_buf_printf(out, " > %s", ev->date_intended);
        sd_buf_putc(out, '\n');
    }
    saydo_result_free(result);
    saydo_article_free(article);
    return 0;
}

SPEC(date_exprs)
{
    saydo_article *article = NULL;
    saydo_result *result = build(input, args, 0, out, &article);
    if (!result)
        return 1;
    int future = strstr(args, "future") != NULL;
    const sd_doc *doc = &result->doc;
    for (size_t i = 0; i < doc->nsent; i++) {
        const sd_sentence *s = &doc->sent[i];
        sd_date_expr x[32];
        size_t n = sd_dates_find(doc, s->tok_first, s->tok_count, x, 32);
        for (size_t k = 0; k < n && k < 32; k++) {
            uint32_t a = doc->tok[x[k].start].start, b = doc->tok[x[k].end - 1].end;
            sd_buf_append(out, doc->norm + a, b - a);
            sd_buf_puts(out, " => ");
            if (x[k].prep == SD_DP_OTHER || x[k].prep == SD_DP_ATTR) {
                sd_buf_puts(out, "not-event\n");
                continue;
            }
            int32_t d = sd_date_resolve(&x[k], result->date, future);
            if (d < 0)
                sd_buf_puts(out, "article\n");
            else if (d == 0)
                sd_buf_puts(out, "none\n");
            else
                sd_buf_printf(out, "%04d-%02d-%02d\n", (int)(d / 10000), (int)(d / 100 % 100),
                              (int)(d % 100));
        }
    }
    saydo_result_free(result);
    saydo_article_free(article);
    return 0;
}

TEST(dates_day_arithmetic)
{
    CHECK_INT(sd_date_add_days(20220103, -4), 20211230);
    CHECK_INT(sd_date_add_days(20240228, 1), 20240229);
    CHECK_INT(sd_date_add_days(20230228, 1), 20230301);
    CHECK_INT(sd_date_add_days(20000301, -1), 20000229);
    CHECK_INT(sd_date_add_days(19000301, -1), 19000228);
    CHECK_INT(sd_date_add_days(20221231, 1), 20230101);
    CHECK_INT(sd_date_add_days(20220230, 1), 0);
    CHECK_INT(sd_date_weekday(20220329), 1); /* a Tuesday */
    CHECK_INT(sd_date_weekday(19700101), 3); /* a Thursday */
    CHECK_INT(sd_date_weekday(20000229), 1);
    CHECK_INT(sd_date_weekday(0), -1);
    /* every day of 1900..2100 round-trips and weekdays step by one */
    int32_t d = 19000101;
    int w = sd_date_weekday(d);
    for (int i = 0; i < 73414 && d; i++) {
        int32_t next = sd_date_add_days(d, 1);
        CHECK_INT(sd_date_add_days(next, -1), d);
        w = (w + 1) % 7;
        if (sd_date_weekday(next) != w) {
            CHECK_INT(sd_date_weekday(next), w);
            break;
        }
        d = next;
    }
    CHECK_INT(d, 21010101);
}

/* The library stays silent about an undated article; the CLI warns once. */
TEST(dates_undated_article)
{
    sd_buf out = SD_BUF_INIT;
    saydo_article *article = NULL;
    const char *text = "Russia attacked Ukraine on Tuesday. Russia shelled Kyiv yesterday.";
    saydo_result *result = build(text, "", 1, &out, &article);
    CHECK(result != NULL);
    if (result) {
        CHECK_STR(saydo_result_date(result), "");
        CHECK(saydo_result_event_count(result) >= 2);
        for (size_t i = 0; i < saydo_result_event_count(result); i++)
            CHECK_STR(saydo_result_event(result, i)->date, "");
        saydo_result_free(result);
        saydo_article_free(article);
    }
    /* a full dateline date stands in for the missing article date */
    result = build("MOSCOW, Oct. 24, 2003 (AP) -- Russia attacked Georgia yesterday.", "", 1,
                   &out, &article);
    CHECK(result != NULL);
    if (result) {
        CHECK_STR(saydo_result_date(result), "2003-10-24");
        CHECK(saydo_result_event_count(result) >= 1);
        if (saydo_result_event_count(result) >= 1)
            CHECK_STR(saydo_result_event(result, 0)->date, "2003-10-23");
        saydo_result_free(result);
        saydo_article_free(article);
    }
    /* a dateline without a year gives no date */
    result = build("MOSCOW, Oct. 24 (AP) -- Russia attacked Georgia.", "", 1, &out, &article);
    CHECK(result != NULL);
    if (result) {
        CHECK_STR(saydo_result_date(result), "");
        saydo_result_free(result);
        saydo_article_free(article);
    }
    sd_buf_free(&out);
}

/* The date of the first event whose sentence contains needle, or NULL. */
static const char *date_of(const saydo_result *result, const char *needle)
{
    for (size_t i = 0; i < saydo_result_event_count(result); i++) {
        const saydo_event *ev = saydo_result_event(result, i);
        const saydo_sentence *s = saydo_result_sentence(result, ev->sentence);
        if (s && strstr(s->text, needle))
            return ev->date;
    }
    return NULL;
}

/* The seed article in ../shared: "Blinken said Tuesday" and "During
 * Tuesday's talks" are 2022-03-29 whether the article is dated that day or
 * two days later (E2 and E6 of expected.json); nothing else moves. */
TEST(dates_seed_article)
{
    if (!t->shared)
        SKIP("no ../shared");
    char path[4096];
    snprintf(path, sizeof path, "%s/examples/seed/article.txt", t->shared);
    size_t len = 0;
    char *text = sd_test_read_file(path, &len);
    if (!text)
        SKIP("no seed article");
    sd_buf out = SD_BUF_INIT;
    saydo_coder *coder = coder_for(&out);
    CHECK(coder != NULL);
    static const char *const dates[] = {"2022-03-29", "2022-03-31"};
    for (int k = 0; coder && k < 2; k++) {
        saydo_article *article = NULL;
        saydo_result *result = NULL;
        CHECK_INT(saydo_article_new("seed", dates[k], NULL, text, len, &article, NULL), 0);
        if (article)
            CHECK_INT(saydo_code(coder, article, &result, NULL), 0);
        if (result) {
            const char *e6 = date_of(result, "During Tuesday");
            const char *e2 = date_of(result, "said Tuesday");
            CHECK(e6 != NULL);
            if (e6)
                CHECK_STR(e6, "2022-03-29");
            if (e2)
                CHECK_STR(e2, "2022-03-29");
            const char *other = date_of(result, "withdrawing troops");
            if (other)
                CHECK_STR(other, dates[k]);
        }
        saydo_result_free(result);
        saydo_article_free(article);
    }
    sd_buf_free(&out);
    free(text);
}

/* saydo code warns once per undated article that has events, on stderr,
 * naming file and line; the events carry "date":null. */
TEST(dates_cli_warns_undated)
{
    if (!t->saydo)
        SKIP("no saydo binary");
    const char *in = sd_test_path(t, "undated.jsonl");
    const char *data = "{\"id\":\"a\",\"text\":\"Russia attacked Ukraine on Tuesday. Russia "
                       "shelled Kyiv.\"}\n"
                       "{\"id\":\"b\",\"date\":\"2022-03-29\",\"text\":\"Russia attacked "
                       "Ukraine on Monday.\"}\n"
                       "{\"id\":\"c\",\"text\":\"Russia will visit Moscow on May 3, 2022.\"}\n";
    CHECK_INT(sd_test_write_file(in, data, strlen(data)), 0);
    const char *argv[] = {t->saydo, "code", in, NULL};
    char *out = NULL, *err = NULL;
    int rc = sd_test_run(argv, NULL, 0, &out, &err, 60);
    CHECK_INT(rc, 0);
    if (out && err) {
        CHECK_CONTAINS(err, "undated.jsonl:1: warning: article 'a' has no date");
        CHECK(strstr(err, "article 'b'") == NULL);
        const char *first = strstr(err, "article 'a'");
        CHECK(first && !strstr(first + 1, "article 'a'"));
        CHECK_CONTAINS(out, "\"article\":\"a\"");
        CHECK_CONTAINS(out, "\"date\":null");
        CHECK_CONTAINS(out, "\"date\":\"2022-03-28\"");
        CHECK_CONTAINS(out, "\"date_intended\":\"2022-05-03\"");
    }
    free(out);
    free(err);
}
