/*
 * Pathological inputs through the full coder (cmark's pathological suite):
 * each must finish, without a crash, in time that grows linearly with the
 * input.  No absolute time is asserted -- machines differ -- but every case
 * prints its time to stderr, and the cases that run at two sizes (n and
 * 4n) fail when the growth is quadratic: linear work grows about x4,
 * quadratic x16, and the bound is x10 (GROWTH_MAX), each size timed as the
 * best of three runs so that a busy machine does not fail it.
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

/* CPU time of the calling thread, in ms: what a coding costs, without the
 * time other processes take from it on a busy machine. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
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
 * parse_only only tag and parse it (saydo_parse); returns the CPU time
 * taken in ms (-1 on failure) and the event count in *nev. */
static double run_text(sd_test *t, const char *text, size_t len, int parse_only, size_t *nev)
{
    const saydo_coder *c = coder(t);
    *nev = 0;
    if (!c)
        return -1;
    double t0 = cpu_ms();
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
    double ms = cpu_ms() - t0;
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

/* Growth bound for 4x the input (linear: about 4; quadratic: 16). */
#define GROWTH_MAX 10.0

/* Time the coding of small[0..small_len) and large[0..large_len) (4x the
 * input), interleaved three times, the best of each; print them with the
 * growth and fail when it stays at GROWTH_MAX or more over three tries. */
static void check_growth(sd_test *t, const char *what, const char *small_text, size_t small_len,
                         const char *large_text, size_t large_len)
{
    double small = -1, large = -1, growth = 0;
    size_t nev_small = 0, nev = 0;
    for (int attempt = 0; attempt < 3; attempt++) {
        small = large = -1;
        for (int i = 0; i < 3; i++) {
            double a = code_text(t, small_text, small_len, &nev_small);
            double b = code_text(t, large_text, large_len, &nev);
            if (a < 0 || b < 0)
                return;
            small = small < 0 || a < small ? a : small;
            large = large < 0 || b < large ? b : large;
        }
        growth = small > 0 ? large / small : 0.0;
        if (growth < GROWTH_MAX)
            break;
    }
    fprintf(stderr, "  patho: %s: %zu bytes %.1f ms (%zu events), %zu bytes %.1f ms (%zu events),"
                    " growth x%.1f for x4\n",
            what, small_len, small, nev_small, large_len, large, nev, growth);
    if (small > 0 && large > 0 && growth >= GROWTH_MAX)
        CHECK(growth < GROWTH_MAX); /* quadratic: the line above says where */
}

/* Code the text built at size n and 4n and check the growth. */
static void two_sizes(sd_test *t, const char *what, size_t n, const char *const *pieces,
                      size_t npieces, const char *sep, const char *tail)
{
    sd_buf small = SD_BUF_INIT, large = SD_BUF_INIT;
    build(&small, n, pieces, npieces, sep, tail);
    build(&large, 4 * n, pieces, npieces, sep, tail);
    check_growth(t, what, small.data, small.len, large.data, large.len);
    sd_buf_free(&small);
    sd_buf_free(&large);
}

TEST(patho_sentence_without_punctuation)
{
    /* One sentence of country names and verbs, no punctuation (issue 19:
     * t(4n)/t(n) <= 4.5 for n = 1 MB with SAYDO_PATHO_FULL=1). */
    static const char *const pieces[] = {"Russia attacks Ukraine", "Ukraine condemns Russia",
                                         "China criticizes Japan", "France meets Germany"};
    size_t n = full_size() ? (size_t)1 << 20 : t->quick ? 8 * 1024 : 32 * 1024;
    two_sizes(t, "sentence without punctuation", n, pieces, 4, " ", "");
}

TEST(patho_sentence_of_acts)
{
    /* One sentence of thousands of acts joined by "and": every act is
     * checked against the sentence's grammar and its doer looked up among
     * the sentence's mentions (once quadratic: 187 s for 1 MB). */
    static const char *const pieces[] = {"Russia attacked Ukraine", "China criticized Japan",
                                         "France met Germany", "Iran condemned Israel"};
    size_t n = full_size() ? (size_t)1 << 20 : t->quick ? 8 * 1024 : 32 * 1024;
    two_sizes(t, "sentence of acts", n, pieces, 4, " and ", ".\n");
}

TEST(patho_list_of_names)
{
    /* A list of names (100,000 of them with SAYDO_PATHO_FULL=1) in one
     * sentence: actors, agents and people, separated by commas. */
    static const char *const pieces[] = {"Vladimir Putin", "Russia", "Joe Biden",
                                         "the United Nations", "Ukraine", "Emmanuel Macron",
                                         "China", "NATO"};
    size_t n = full_size() ? 1300000 / 4 : t->quick ? 8 * 1024 : 32 * 1024;
    two_sizes(t, "list of names", n, pieces, 8, ", ", " met.\n");
}

/* "Nesting\n\nThe minister said " + depth "(" + an act + depth ")" + ". ..." */
static void build_nested(sd_buf *b, size_t depth)
{
    sd_buf_clear(b);
    sd_buf_puts(b, "Nesting\n\nThe minister said ");
    for (size_t i = 0; i < depth; i++)
        sd_buf_puts(b, "( ");
    sd_buf_puts(b, "Russia attacked Ukraine");
    for (size_t i = 0; i < depth; i++)
        sd_buf_puts(b, " )");
    sd_buf_puts(b, ". Kyiv condemned Moscow.\n");
}

TEST(patho_nested_parentheses)
{
    /* Deep nesting: an act inside depth parentheses, then 4 x depth. */
    size_t depth = full_size() ? (size_t)1 << 18 : t->quick ? 2048 : 8192;
    sd_buf small = SD_BUF_INIT, large = SD_BUF_INIT;
    build_nested(&small, depth);
    build_nested(&large, 4 * depth);
    check_growth(t, "nested parentheses", small.data, small.len, large.data, large.len);
    sd_buf_free(&small);
    sd_buf_free(&large);
}

TEST(patho_many_short_sentences)
{
    /* One paragraph of short sentences, each with an event: linear. */
    static const char *const pieces[] = {"Russia attacked Ukraine.", "Kyiv condemned Moscow."};
    size_t n = full_size() ? (size_t)1 << 20 : t->quick ? 16 * 1024 : 64 * 1024;
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
    size_t tokens = full_size() ? 200000 : t->quick ? 5000 : 20000;
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
