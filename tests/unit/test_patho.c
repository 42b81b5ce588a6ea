/*
 * Pathological inputs through the full coder (cmark's pathological suite):
 * each must finish, without a crash, in time that grows linearly with the
 * input.  No timing is asserted -- machines differ -- but every case prints
 * its time to stderr, and the cases that run at two sizes print the growth
 * ratio (about 2 for linear work, about 4 for quadratic).
 *
 * Sizes: the full sizes of docs/ARCHITECTURE.md ("Robustness") run with
 * SAYDO_PATHO_FULL=1; the normal run uses smaller ones and the sanitizer
 * run (t->quick) smaller still.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "saydo.h"
#include "test.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int full_size(void)
{
    const char *v = getenv("SAYDO_PATHO_FULL");
    return v && *v && strcmp(v, "0") != 0;
}

/* One coder for this file's tests.  Test-only state. */
static saydo_coder *patho_coder;

static void free_patho_coder(void) { saydo_coder_free(patho_coder); }

static const saydo_coder *coder(sd_test *t)
{
    if (patho_coder)
        return patho_coder;
    saydo_coder_options opts = SAYDO_CODER_OPTIONS_INIT;
    opts.data_dir = "data";
    saydo_error err;
    CHECK_INT(saydo_coder_new(&opts, &patho_coder, &err), 0);
    if (patho_coder)
        atexit(free_patho_coder);
    return patho_coder;
}

/* Code text (a headline line, a blank line, then the body), or with
 * parse_only only tag and parse it (saydo_parse); returns the time taken
 * in ms (-1 on failure) and the event count in *nev. */
static double run_text(sd_test *t, const char *text, size_t len, int parse_only, size_t *nev)
{
    const saydo_coder *c = coder(t);
    *nev = 0;
    if (!c)
        return -1;
    double t0 = now_ms();
    saydo_article *article = NULL;
    saydo_result *result = NULL;
    saydo_error err;
    int rc = saydo_article_new("patho", "2022-03-29", NULL, text, len, &article, &err);
    CHECK_INT(rc, 0);
    if (!rc) {
        rc = parse_only ? saydo_parse(c, article, &result, &err)
                        : saydo_code(c, article, &result, &err);
        CHECK_INT(rc, 0);
    }
    double ms = now_ms() - t0;
    *nev = saydo_result_event_count(result);
    saydo_result_free(result);
    saydo_article_free(article);
    return rc ? -1 : ms;
}

static double code_text(sd_test *t, const char *text, size_t len, size_t *nev)
{
    return run_text(t, text, len, 0, nev);
}

/* "Headline\n\n" then piece repeated to about n bytes (separated by
 * sep), then tail. */
static void build(sd_buf *b, size_t n, const char *const *pieces, size_t npieces,
                  const char *sep, const char *tail)
{
    sd_buf_clear(b);
    sd_buf_puts(b, "Pathological Input\n\n");
    for (size_t i = 0; b->len < n; i++) {
        if (i)
            sd_buf_puts(b, sep);
        sd_buf_puts(b, pieces[i % npieces]);
    }
    sd_buf_puts(b, tail);
}

/* Code the text built at size n/2 and n; print both times and the ratio. */
static void two_sizes(sd_test *t, const char *what, size_t n, const char *const *pieces,
                      size_t npieces, const char *sep, const char *tail)
{
    sd_buf b = SD_BUF_INIT;
    size_t nev_half = 0, nev = 0;
    build(&b, n / 2, pieces, npieces, sep, tail);
    double half = code_text(t, b.data, b.len, &nev_half);
    build(&b, n, pieces, npieces, sep, tail);
    double whole = code_text(t, b.data, b.len, &nev);
    fprintf(stderr, "  patho: %s: %zu bytes %.0f ms (%zu events), %zu bytes %.0f ms (%zu events),"
                    " growth x%.1f\n",
            what, b.len / 2, half, nev_half, b.len, whole, nev, half > 0 ? whole / half : 0.0);
    sd_buf_free(&b);
}

TEST(patho_sentence_without_punctuation)
{
    /* One sentence of country names and verbs, no punctuation.  The event
     * coder's per-verb clause scans are quadratic in a sentence's length
     * (docs/ARCHITECTURE.md, "Robustness"), so the normal run stays small. */
    static const char *const pieces[] = {"Russia attacks Ukraine", "Ukraine condemns Russia",
                                         "China criticizes Japan", "France meets Germany"};
    size_t n = full_size() ? (size_t)1 << 20 : t->quick ? 8 * 1024 : 32 * 1024;
    two_sizes(t, "sentence without punctuation", n, pieces, 4, " ", "");
}

TEST(patho_many_short_sentences)
{
    /* One paragraph of short sentences, each with an event: linear. */
    static const char *const pieces[] = {"Russia attacked Ukraine.", "Kyiv condemned Moscow."};
    size_t n = full_size() ? (size_t)1 << 20 : t->quick ? 64 * 1024 : 256 * 1024;
    two_sizes(t, "short sentences", n, pieces, 2, " ", "\n");
}

TEST(patho_nested_quotes)
{
    /* 30,000 nested quotation marks (curly double and single, then the
     * straight ones), closed again after the act. */
    size_t depth = t->quick ? 6000 : 30000;
    static const char *const open_marks[] = {"\xe2\x80\x9c", "\xe2\x80\x98", "\"", "'"};
    static const char *const close_marks[] = {"\xe2\x80\x9d", "\xe2\x80\x99", "\"", "'"};
    for (int straight = 0; straight <= 1; straight++) {
        sd_buf b = SD_BUF_INIT;
        sd_buf_puts(&b, "Quotes\n\nThe minister said ");
        for (size_t i = 0; i < depth; i++)
            sd_buf_puts(&b, open_marks[2 * straight + (i & 1)]);
        sd_buf_puts(&b, "Russia attacked Ukraine");
        for (size_t i = depth; i-- > 0;)
            sd_buf_puts(&b, close_marks[2 * straight + (i & 1)]);
        sd_buf_puts(&b, ". Kyiv condemned Moscow.\n");
        size_t nev = 0;
        double ms = code_text(t, b.data, b.len, &nev);
        fprintf(stderr, "  patho: %zu nested %s quotation marks: %zu bytes %.0f ms (%zu events)\n",
                depth, straight ? "straight" : "curly", b.len, ms, nev);
        sd_buf_free(&b);
    }
}

TEST(patho_capitalised_paragraph)
{
    /* 200,000 capitalised words in one paragraph without punctuation:
     * every one is a candidate name. */
    static const char *const pieces[] = {
        "Alpha", "Bravo",  "Charlie",  "Russia",   "Delta", "Echo",    "President", "Foxtrot",
        "Golf",  "Hotel",  "Minister", "Ukraine",  "India", "Juliet",  "General",   "Kilo",
        "Lima",  "Vladimir", "Putin",  "Mike",     "Army",  "November", "Oscar",    "Papa"};
    size_t tokens = full_size() ? 200000 : t->quick ? 10000 : 40000;
    /* about 6.5 bytes a word */
    two_sizes(t, "capitalised words", tokens * 13 / 2, pieces, sizeof pieces / sizeof *pieces,
              " ", "\n");
}

TEST(patho_many_jsonl_articles_cli)
{
    /* 100,000 short articles in one JSON Lines file through the CLI. */
    size_t n = full_size() ? 100000 : t->quick ? 2000 : 20000;
    const char *path = sd_test_path(t, "many.jsonl");
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    for (size_t i = 0; i < n; i++)
        fprintf(f, "{\"id\":\"a%zu\",\"date\":\"2022-03-29\",\"text\":\"Russia attacked Ukraine. "
                   "Kyiv condemned Moscow.\"}\n",
                i);
    fclose(f);
    const char *argv[] = {t->saydo, "code", "--format", "tsv", path, NULL};
    char *out = NULL, *err = NULL;
    double t0 = now_ms();
    int status = sd_test_run(argv, NULL, 0, &out, &err, 600);
    double ms = now_ms() - t0;
    CHECK_INT(status, 0);
    size_t lines = 0;
    for (const char *p = out; p && *p; p++)
        lines += *p == '\n';
    CHECK(lines >= n); /* at least one event per article, plus the header */
    fprintf(stderr, "  patho: %zu JSONL articles through the CLI: %.0f ms, %zu output lines\n", n,
            ms, lines);
    free(out);
    free(err);
    unlink(path);
}

TEST(patho_grammar_long_sentence)
{
    /* One sentence without punctuation full of clauses, lists, relative
     * pronouns, possessives and coordinations, through the tagger and the
     * grammar layer (issue "Grammar"): the grammar must stay linear.  The
     * bound is generous (linear work grows x4 for 4x the input; quadratic
     * x16), so a loaded machine does not fail it. */
    static const char *const pieces[] = {"the army attacked rebels who said that", "Iran",
                                         "Syria and", "police arrested men", "Russia 's",
                                         "envoy", "of the council urged Iran to"};
    size_t n = t->quick ? 64 * 1024 : 256 * 1024;
    sd_buf b = SD_BUF_INIT;
    build(&b, n, pieces, sizeof pieces / sizeof *pieces, " ", ".\n");
    size_t nev = 0;
    double small = run_text(t, b.data, b.len, 1, &nev);
    size_t small_len = b.len;
    build(&b, 4 * n, pieces, sizeof pieces / sizeof *pieces, " ", ".\n");
    double large = run_text(t, b.data, b.len, 1, &nev);
    fprintf(stderr, "  patho: grammar, one sentence: %zu bytes %.0f ms, %zu bytes %.0f ms, "
                    "growth x%.1f for x4\n",
            small_len, small, b.len, large, small > 0 ? large / small : 0.0);
    if (small > 5 && large > 0)
        CHECK(large / small < 10.0);
    sd_buf_free(&b);
}
