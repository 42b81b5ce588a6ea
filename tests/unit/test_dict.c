/* Unit tests and the spec handler for the dictionary engine (dict_load.c,
 * dict_match.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "dict.h"
#include "dict_int.h"
#include "test.h"
#include "text.h"

#define ALL_KINDS ((1u << SD_KIND_COUNT) - 1)

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Tokenise text with the article pipeline into doc (arena owned by caller). */
static int tokenize(sd_doc *doc, sd_arena *arena, const char *text, size_t len)
{
    int rc = sd_doc_normalize(doc, arena, text, len);
    if (!rc)
        rc = sd_doc_split(doc);
    if (!rc)
        rc = sd_doc_tokenize(doc);
    return rc;
}

/* Load src as "t.dict"; returns the load code and fills err. */
static int load(sd_dict *d, const char *src, int keep_going, saydo_error *err)
{
    return sd_dict_load_buffer(d, "t.dict", src, strlen(src), keep_going, err);
}

/* Expect src to fail at line with a message containing what. */
static void expect_error(sd_test *t, const char *src, long line, const char *what)
{
    sd_dict *d = sd_dict_new();
    saydo_error err;
    memset(&err, 0, sizeof err);
    int rc = load(d, src, 0, &err);
    CHECK_INT(rc, SAYDO_ERR_DICT);
    CHECK_INT(err.code, SAYDO_ERR_DICT);
    CHECK_INT(err.line, line);
    CHECK_STR(err.file, "t.dict");
    CHECK_CONTAINS(err.message, what);
    sd_dict_free(d);
}

TEST(dict_errors_name_the_line)
{
    expect_error(t, "@kind actor\nrussia RUS\n", 2, "missing '=>'");
    expect_error(t, "@kind actor\n\n   => RUS\n", 3, "no phrase");
    expect_error(t, "@kind actor\nrussia =>\n", 2, "no code");
    expect_error(t, "@kind actor\nrussia => ; type=state\n", 2, "no code");
    expect_error(t, "@kind actor\nrussia => RU-S\n", 2, "bad character '-'");
    expect_error(t, "@kind actor\nrussia => RUS@2001-13..\n", 2, "malformed date '2001-13'");
    expect_error(t, "@kind actor\nrussia => RUS@2001-02-30..\n", 2, "malformed date");
    expect_error(t, "@kind actor\nrussia => RUS@2001\n", 2, "FROM..TO");
    expect_error(t, "@kind actor\nrussia => RUS@..\n", 2, "neither FROM nor TO");
    expect_error(t, "@kind actor\nrussia => RUS@2005..2001\n", 2, "reversed");
    expect_error(t, "@kind actor\nrussia => A@2000..2005 B@2005-12..\n", 2, "overlap");
    expect_error(t, "@kind actor\n(russia => RUS\n", 2, "unbalanced '('");
    expect_error(t, "@kind actor\nrussia) => RUS\n", 2, "unbalanced ')'");
    expect_error(t, "@kind actor\n[russia => RUS\n", 2, "unbalanced '['");
    expect_error(t, "@kind actor\n(russia] => RUS\n", 2, "']' does not close '('");
    expect_error(t, "@kind verb\n{SRC attack => 190\n", 2, "unbalanced '{'");
    expect_error(t, "@kind verb\nSRC} attack => 190\n", 2, "unbalanced '}'");
    expect_error(t, "@kind verb\n{} attack => 190\n", 2, "empty slot");
    expect_error(t, "@kind actor\nrussia | | ussr => RUS\n", 2, "empty phrase");
    expect_error(t, "@kind actor\n(a | ) b => RUS\n", 2, "empty alternative");
    expect_error(t, "@kind actor\n[a] [b] => RUS\n", 2, "can match nothing");
    expect_error(t, "@kind actor\nru*ss => RUS\n", 2, "'*' may only end");
    expect_error(t, "@kind actor\nru=ss => RUS\n", 2, "'=' may only start");
    expect_error(t, "@kind actor\n= => RUS\n", 2, "empty word");
    expect_error(t, "@kind actor\nrussia => RUS ; type\n", 2, "not key=value");
    expect_error(t, "@kind actor\nrussia => RUS ;\n", 2, "no attribute");
    expect_error(t, "@kind actor\n@frob x\n", 2, "unknown directive '@frob'");
    expect_error(t, "# c\n@kind actors\n", 2, "unknown kind 'actors'");
    expect_error(t, "@kind\n", 1, "@kind needs");
    expect_error(t, "@kind actor verb\n", 1, "one value");
    expect_error(t, "@kind actor\n@match stems\n", 2, "unknown match mode");
    expect_error(t, "@kind actor\n@attr x\n", 2, "@attr: attribute 'x'");
    expect_error(t, "russia => RUS\n", 1, "before any @kind");
    expect_error(t, "@kind actor\nrussia => RUS\n\xff\xfe => X\n", 3, "invalid UTF-8");
    /* 3 * 3 * 3 * 3 * 4 = 324 > 256 */
    expect_error(t, "@kind actor\n(a|b|c) (d|e|f) (g|h|i) (j|k|l) (m|n|o|p) => X\n", 2,
                 "more than 256 phrases");
}

TEST(dict_expansion_cap_is_exact)
{
    /* 4 ^ 4 = 256 phrases: allowed. */
    sd_dict *d = sd_dict_new();
    saydo_error err;
    CHECK_INT(load(d, "@kind actor\n(a|b|c|d) (e|f|g|h) (i|j|k|l) (m|n|o|p) => X\n", 0, &err), 0);
    CHECK(sd_dict_lookup(d, ALL_KINDS, "d h l p") != NULL);
    CHECK(sd_dict_lookup(d, ALL_KINDS, "a e i") == NULL);
    sd_dict_free(d);
}

TEST(dict_keep_going_skips_bad_lines)
{
    sd_dict *d = sd_dict_new();
    saydo_error err;
    const char *src = "@kind actor\n"
                      "russia => RUS\n"
                      "ukraine UKR\n"          /* 3: no => */
                      "france => FRA\n"
                      "(germany => DEU\n"      /* 5: unbalanced */
                      "@bogus\n"               /* 6 */
                      "spain => ESP\n";
    CHECK_INT(load(d, src, 1, &err), 0);
    CHECK_INT(sd_dict_entry_count(d), 3);
    CHECK_INT(sd_dict_warning_count(d), 3);
    CHECK_CONTAINS(sd_dict_warning(d, 0), "t.dict:3:");
    CHECK_CONTAINS(sd_dict_warning(d, 0), "skipped");
    CHECK_CONTAINS(sd_dict_warning(d, 1), "t.dict:5:");
    CHECK_CONTAINS(sd_dict_warning(d, 2), "t.dict:6:");
    CHECK_INT(sd_dict_compile(d, &err), 0);
    CHECK(sd_dict_lookup(d, ALL_KINDS, "Spain") != NULL);
    CHECK(sd_dict_lookup(d, ALL_KINDS, "Germany") == NULL);
    CHECK(sd_dict_lookup(d, ALL_KINDS, "Ukraine") == NULL);
    sd_dict_free(d);
}

TEST(dict_conflicts_warn_once_later_wins)
{
    sd_dict *d = sd_dict_new();
    saydo_error err;
    const char *a = "@kind actor\n"
                    "burma | myanmar => MMR\n"
                    "russia => RUS\n";
    const char *b = "@kind actor\n"
                    "# same phrases, other code: one warning for the pair\n"
                    "myanmar | burma => BUR\n"
                    "russia => RUS\n"          /* identical duplicate: silent */
                    "@kind place\n"
                    "russia => RUS ; type=country\n"; /* other kind: no conflict */
    CHECK_INT(sd_dict_load_buffer(d, "a.dict", a, strlen(a), 0, &err), 0);
    CHECK_INT(sd_dict_load_buffer(d, "b.dict", b, strlen(b), 0, &err), 0);
    CHECK_INT(sd_dict_compile(d, &err), 0);
    CHECK_INT(sd_dict_warning_count(d), 1);
    CHECK_CONTAINS(sd_dict_warning(d, 0), "b.dict:3");
    CHECK_CONTAINS(sd_dict_warning(d, 0), "a.dict:2");
    CHECK_CONTAINS(sd_dict_warning(d, 0), "BUR");
    CHECK_CONTAINS(sd_dict_warning(d, 0), "MMR");
    const sd_entry *e = sd_dict_lookup(d, 1u << SD_KIND_ACTOR, "Burma");
    CHECK(e != NULL);
    if (e) {
        CHECK_STR(e->codes[0].code, "BUR");
        CHECK_STR(e->file, "b.dict");
        CHECK_INT(e->line, 3);
        CHECK_STR(e->phrase, "myanmar");
    }
    e = sd_dict_lookup(d, 1u << SD_KIND_ACTOR, "Russia");
    CHECK(e && e->line == 3 && strcmp(e->file, "a.dict") == 0);
    e = sd_dict_lookup(d, 1u << SD_KIND_PLACE, "Russia");
    CHECK(e && e->kind == SD_KIND_PLACE);
    if (e)
        CHECK_STR(e->attrs, "type=country");
    sd_dict_free(d);
}

TEST(dict_date_parse)
{
    CHECK_INT(sd_date_parse("2022-03-29", 10), 20220329);
    CHECK_INT(sd_date_parse("2022", 4), 20220101);
    CHECK_INT(sd_date_parse("2022-07", 7), 20220701);
    CHECK_INT(sd_date_parse("2024-02-29", 10), 20240229);
    CHECK_INT(sd_date_parse("2023-02-29", 10), -1);
    CHECK_INT(sd_date_parse("1900-02-29", 10), -1);
    CHECK_INT(sd_date_parse("2000-02-29", 10), 20000229);
    CHECK_INT(sd_date_parse("2022-00", 7), -1);
    CHECK_INT(sd_date_parse("2022/03/01", 10), -1);
    CHECK_INT(sd_date_parse("22", 2), -1);
    CHECK_INT(sd_date_parse("abcd", 4), -1);
}

TEST(dict_code_on_date)
{
    sd_dict *d = sd_dict_new();
    saydo_error err;
    const char *src = "@kind actor\n"
                      "soviet union => SUN@..1991-12\n"
                      "antony blinken => USAGOV@2021-01-26..2025-01-20 USAELI\n"
                      "the kremlin => RUSGOV@1992.. SUNGOV@..1991\n"
                      "some leader => LDR@2020-02..2020-02\n";
    CHECK_INT(load(d, src, 0, &err), 0);
    CHECK_INT(sd_dict_compile(d, &err), 0);
    const sd_entry *e = sd_dict_lookup(d, ALL_KINDS, "Soviet Union");
    CHECK(e && e->ncodes == 1);
    if (e) {
        CHECK_INT(e->codes[0].from, 0);
        CHECK_INT(e->codes[0].to, 19911231);
        CHECK(sd_entry_code_on(e, 19911231) == &e->codes[0]);
        CHECK(sd_entry_code_on(e, 19920101) == NULL);
        CHECK(sd_entry_code_on(e, 0) == NULL); /* no undated code */
    }
    e = sd_dict_lookup(d, ALL_KINDS, "Antony Blinken");
    CHECK(e && e->ncodes == 2);
    if (e) {
        CHECK_STR(sd_entry_code_on(e, 20220329)->code, "USAGOV");
        CHECK_STR(sd_entry_code_on(e, 20210126)->code, "USAGOV");
        CHECK_STR(sd_entry_code_on(e, 20210125)->code, "USAELI");
        CHECK_STR(sd_entry_code_on(e, 20250121)->code, "USAELI");
        CHECK_STR(sd_entry_code_on(e, 0)->code, "USAELI");
    }
    e = sd_dict_lookup(d, ALL_KINDS, "the Kremlin");
    CHECK(e != NULL);
    if (e) {
        CHECK_INT(e->codes[0].from, 19920101);
        CHECK_INT(e->codes[0].to, 99999999);
        CHECK_STR(sd_entry_code_on(e, 19800101)->code, "SUNGOV");
        CHECK_STR(sd_entry_code_on(e, 20000101)->code, "RUSGOV");
        CHECK(sd_entry_code_on(e, 0) == NULL);
    }
    e = sd_dict_lookup(d, ALL_KINDS, "some leader");
    CHECK(e != NULL);
    if (e) {
        CHECK_INT(e->codes[0].from, 20200201);
        CHECK_INT(e->codes[0].to, 20200229); /* leap February */
    }
    sd_dict_free(d);
}

TEST(dict_match_at_lists_all_longest_first)
{
    sd_dict *d = sd_dict_new();
    saydo_error err;
    const char *src = "@kind actor\n"
                      "united states => USA\n"
                      "united states army => USAMIL\n"
                      "@kind agent\n"
                      "army => MIL\n"
                      "united => UNI\n";
    CHECK_INT(load(d, src, 0, &err), 0);
    CHECK_INT(sd_dict_compile(d, &err), 0);
    sd_arena a;
    sd_arena_init(&a);
    sd_doc doc;
    const char *text = "The United States Army said";
    CHECK_INT(tokenize(&doc, &a, text, strlen(text)), 0);
    sd_match m[8];
    size_t n = sd_dict_match_at(d, ALL_KINDS, doc.tok, doc.ntok, 1, m, 8);
    CHECK_INT(n, 3);
    CHECK_INT(m[0].tok_end, 4);
    CHECK_STR(m[0].entry->codes[0].code, "USAMIL");
    CHECK_INT(m[1].tok_end, 3);
    CHECK_STR(m[2].entry->codes[0].code, "UNI");
    /* a short array still gets the best ones and the full count */
    n = sd_dict_match_at(d, ALL_KINDS, doc.tok, doc.ntok, 1, m, 1);
    CHECK_INT(n, 3);
    CHECK_STR(m[0].entry->codes[0].code, "USAMIL");
    n = sd_dict_match_at(d, 1u << SD_KIND_AGENT, doc.tok, doc.ntok, 1, m, 8);
    CHECK_INT(n, 1);
    /* sd_dict_match with a short array reports the total */
    n = sd_dict_match(d, 1u << SD_KIND_AGENT, doc.tok, doc.ntok, m, 0);
    CHECK_INT(n, 2);
    sd_arena_free(&a);
    sd_dict_free(d);
}

TEST(dict_file_io)
{
    const char *path = sd_test_path(t, "io.dict");
    const char *src = "@kind actor\nrussia => RUS\n";
    CHECK_INT(sd_test_write_file(path, src, strlen(src)), 0);
    sd_dict *d = sd_dict_new();
    saydo_error err;
    CHECK_INT(sd_dict_load_file(d, path, 0, &err), 0);
    CHECK_INT(sd_dict_entry_count(d), 1);
    CHECK_INT(sd_dict_load_file(d, sd_test_path(t, "missing.dict"), 0, &err), SAYDO_ERR_IO);
    CHECK_CONTAINS(err.file, "missing.dict");
    CHECK_INT(sd_dict_compile(d, &err), 0);
    CHECK_INT(load(d, src, 0, &err), SAYDO_ERR_ARG); /* already compiled */
    sd_dict_free(d);
}

/* A generated dictionary of n entries: two-word names, every tenth with an
 * alternative, a date range or attributes. */
static char *gen_dict(size_t n, size_t *len)
{
    sd_buf b = SD_BUF_INIT;
    sd_buf_puts(&b, "@kind actor\n");
    for (size_t i = 0; i < n; i++) {
        unsigned long v = (unsigned long)i;
        char w1[16], w2[16];
        /* letters only, distinct per i */
        for (int k = 0; k < 5; k++) {
            w1[k] = (char)('a' + (v % 26));
            v /= 26;
        }
        w1[5] = '\0';
        snprintf(w2, sizeof w2, "%c%cland", 'a' + (int)(i % 7), 'a' + (int)(i % 13));
        if (i % 10 == 0)
            sd_buf_printf(&b, "%s %s | (old|former) %s => C%zu@2000..2010 D%zu\n", w1, w2, w1, i,
                          i);
        else if (i % 10 == 5)
            sd_buf_printf(&b, "%s [%s] => C%zu ; n=%zu\n", w1, w2, i, i);
        else
            sd_buf_printf(&b, "%s %s => C%zu\n", w1, w2, i);
    }
    *len = b.len;
    return b.data;
}

TEST(dict_load_100k_entries)
{
    size_t len;
    size_t entries = t->quick ? 10000 : 100000;
    char *src = gen_dict(entries, &len);
    CHECK(src != NULL);
    sd_dict *d = sd_dict_new();
    saydo_error err;
    struct rusage r0, r1;
    getrusage(RUSAGE_SELF, &r0);
    double t0 = now_ms();
    int rc = sd_dict_load_buffer(d, "gen.dict", src, len, 0, &err);
    if (rc == 0)
        rc = sd_dict_compile(d, &err);
    double t1 = now_ms();
    getrusage(RUSAGE_SELF, &r1);
    CHECK_INT(rc, 0);
    CHECK_INT(sd_dict_entry_count(d), entries);
    CHECK_INT(sd_dict_warning_count(d), 0);
    fprintf(stderr, "  dict: loaded %zu entries (%zu bytes) in %.1f ms (%ld page faults)\n",
            entries, len, t1 - t0, r1.ru_minflt - r0.ru_minflt);
    /* entry 12345 = "C12345"; its words from the generator */
    const sd_entry *e = sd_dict_lookup(d, ALL_KINDS, "Former AAAAA");
    CHECK(e && strcmp(e->codes[0].code, "C0") == 0);
    sd_dict_free(d);
    free(src);
}

TEST(dict_match_is_linear)
{
    sd_dict *d = sd_dict_new();
    saydo_error err;
    /* Phrases that share long prefixes with the text, and stems that match
     * every token: the worst case for a backtracking matcher. */
    sd_buf b = SD_BUF_INIT;
    sd_buf_puts(&b, "@kind actor\n");
    for (int len = 1; len <= 32; len++) {
        for (int i = 0; i < len; i++)
            sd_buf_puts(&b, "war ");
        sd_buf_printf(&b, "peace => P%d\n", len);
    }
    sd_buf_puts(&b, "w* w* w* w* w* w* w* w* x => STEM\n");
    sd_buf_puts(&b, "(war | wars) [war] [war] [war] peace => ALT\n");
    CHECK_INT(sd_dict_load_buffer(d, "lin.dict", b.data, b.len, 0, &err), 0);
    CHECK_INT(sd_dict_compile(d, &err), 0);
    sd_buf_free(&b);

    size_t target = t->quick ? 100000 : 1000000;
    sd_buf text = SD_BUF_INIT;
    while (text.len < target)
        sd_buf_puts(&text, "war war war war war war war war war war war war peace wars ");
    sd_arena a;
    sd_arena_init(&a);
    sd_doc doc;
    CHECK_INT(tokenize(&doc, &a, text.data, text.len), 0);
    size_t max = doc.ntok;
    sd_match *m = malloc(max * sizeof *m);
    double t0 = now_ms();
    size_t n = sd_dict_match(d, ALL_KINDS, doc.tok, doc.ntok, m, max);
    double t1 = now_ms();
    CHECK(n > 0 && n <= max);
    /* each repeat: the 13-token "war x12 peace" then nothing for "wars" */
    CHECK_INT(m[0].tok_end, 13);
    CHECK_STR(m[0].entry->codes[0].code, "P12");
    fprintf(stderr, "  dict: matched %zu tokens (%zu bytes) in %.1f ms, %zu matches\n", doc.ntok,
            text.len, t1 - t0, n);
    free(m);
    sd_arena_free(&a);
    sd_buf_free(&text);
    sd_dict_free(d);
}

/* Load src with the n-th allocation failing, for n = 1, 2, ... until the
 * load succeeds; every failure must be a clean NOMEM (ASan checks leaks).
 * Returns how many allocation points were failed. */
static long fault_sweep(sd_test *t, const char *src, int keep_going, size_t min_entries)
{
    long fail;
    int last = -1;
    for (fail = 1; fail < 100000; fail++) {
        sd_dict *d = sd_dict_new();
        if (!d)
            continue;
        saydo_error err;
        sd_alloc_fail_after(fail);
        int rc = load(d, src, keep_going, &err);
        if (rc == 0)
            rc = sd_dict_compile(d, &err);
        sd_alloc_fail_after(0);
        CHECK(rc == 0 || rc == SAYDO_ERR_NOMEM);
        if (rc == SAYDO_ERR_NOMEM)
            CHECK_INT(err.code, SAYDO_ERR_NOMEM);
        last = rc;
        if (rc == 0)
            CHECK(sd_dict_entry_count(d) >= min_entries);
        sd_dict_free(d);
        if (rc == 0)
            break; /* the countdown now outlives the work */
    }
    CHECK_INT(last, 0);
    return fail - 1;
}

TEST(dict_fault_injection)
{
    const char *src = "@kind actor\n"
                      "@attr src=test\n"
                      "united states | u.s. | (the | our) [great] america => USA\n"
                      "russ* federation => RUS@1992.. SUN@..1991\n"
                      "@kind verb\n"
                      "{SRC} =attacked {TGT} => 190 ; pos=verb\n"
                      "@kind actor\n"
                      "russ* federation => RUX\n"
                      "bad line\n";
    long n1 = fault_sweep(t, src, 1, 4);
    /* a bigger file: the tables and the arena grow while loading */
    sd_buf b = SD_BUF_INIT;
    sd_buf_puts(&b, "@kind actor\n");
    int entries = t->quick ? 400 : 3000; /* every point reloads the file */
    for (int i = 0; i < entries; i++)
        sd_buf_printf(&b, "w%d (x%d | y%d) [z] => C%d\n", i, i % 50, i % 7, i);
    long n2 = fault_sweep(t, b.data, 0, (size_t)entries);
    sd_buf_free(&b);
    CHECK(n1 > 10 && n2 > n1);
    fprintf(stderr, "  dict: %ld + %ld allocation points failed cleanly\n", n1, n2);
}

TEST(dict_slots_and_phrase_field)
{
    sd_dict *d = sd_dict_new();
    saydo_error err;
    const char *src = "@kind verb\n"
                      "{src} attack* {tgt} | {SRC} [launch*] strike* on {TGT} => 190\n"
                      "@kind actor\n"
                      "   u.s. | united states  => USA   # trailing comment\n"
                      "a#b => AB\n";
    CHECK_INT(load(d, src, 0, &err), 0);
    CHECK_INT(sd_dict_compile(d, &err), 0);
    CHECK_INT(sd_dict_entry_count(d), 3);
    const sd_entry *e = sd_dict_lookup(d, ALL_KINDS, "U.S.");
    CHECK(e != NULL);
    if (e)
        CHECK_STR(e->phrase, "u.s.");
    /* slots never match text */
    CHECK(sd_dict_lookup(d, ALL_KINDS, "attack") == NULL);
    /* ... but a hand walk finds the pattern: {SRC} attack* {TGT} */
    uint32_t src_sid = sd_dict_find_str(d, "SRC", 3), tgt_sid = sd_dict_find_str(d, "TGT", 3);
    uint32_t attack_sid = sd_dict_find_str(d, "attack", 6);
    CHECK(src_sid != SD_NONE && tgt_sid != SD_NONE && attack_sid != SD_NONE);
    uint32_t node = sd_dict_edge(d, 0, SD_PW_KEY(src_sid, SD_PW_SLOT));
    CHECK(node != SD_NONE);
    CHECK(sd_dict_edge(d, 0, SD_PW_KEY(tgt_sid, SD_PW_SLOT)) == SD_NONE);
    /* '#' inside a word is not a comment */
    e = sd_dict_lookup(d, ALL_KINDS, "a#b");
    CHECK(e == NULL || strcmp(e->codes[0].code, "AB") == 0);
    sd_dict_free(d);
}

/* ------------------------------------------------------------ spec(dict) */

/* Input: dictionary lines, a ">>>" line, then text lines (no ">>>": load only) (each matched on
 * its own, all kinds).  Args: "date=YYYY-MM-DD" picks dated codes;
 * "lookup" looks each text line up with sd_dict_lookup instead; "kinds=a,b"
 * limits the kinds.  Output: "error: ..." for a load error, "warning: ..."
 * lines, then "matched text => CODE" per match ("-" when no code applies;
 * "text => none" for a failed lookup); "attrs" appends " ; ATTRS". */
SPEC(dict)
{
    const char *sep = strncmp(input, ">>>", 3) == 0 ? input : strstr(input, "\n>>>");
    if (sep && sep != input)
        sep++; /* to the '>' */
    size_t dict_len = sep ? (size_t)(sep - input) : strlen(input);
    const char *text = sep ? sep + 3 : "";
    while (*text && *text != '\n')
        text++;
    if (*text == '\n')
        text++;

    int32_t date = 0;
    int lookup = 0, keep_going = 0, show_attrs = 0;
    unsigned mask = ALL_KINDS;
    const char *p = args;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        size_t n = (size_t)(p - w);
        static const char *const kinds[] = {"actor", "agent", "verb", "place", "word"};
        if (n > 5 && strncmp(w, "date=", 5) == 0) {
            date = sd_date_parse(w + 5, n - 5);
        } else if (n == 6 && strncmp(w, "lookup", 6) == 0) {
            lookup = 1;
        } else if (n == 5 && strncmp(w, "attrs", 5) == 0) {
            show_attrs = 1;
        } else if (n == 10 && strncmp(w, "keep-going", 10) == 0) {
            keep_going = 1;
        } else if (n > 6 && strncmp(w, "kinds=", 6) == 0) {
            mask = 0;
            for (int k = 0; k < SD_KIND_COUNT; k++)
                if (strstr(w + 6, kinds[k]) && strstr(w + 6, kinds[k]) < p)
                    mask |= 1u << k;
        } else if (n) {
            sd_buf_printf(out, "unknown arg '%.*s'", (int)n, w);
            return 1;
        }
    }

    sd_dict *d = sd_dict_new();
    saydo_error err;
    memset(&err, 0, sizeof err);
    int rc = sd_dict_load_buffer(d, "spec", input, dict_len, keep_going, &err);
    if (rc == 0)
        rc = sd_dict_compile(d, &err);
    if (rc) {
        char line[1600];
        sd_buf_printf(out, "error: %s\n", saydo_error_format(&err, line, sizeof line));
        sd_dict_free(d);
        return 0;
    }
    for (size_t i = 0; i < sd_dict_warning_count(d); i++)
        sd_buf_printf(out, "warning: %s\n", sd_dict_warning(d, i));

    while (*text) {
        const char *nl = strchr(text, '\n');
        size_t n = nl ? (size_t)(nl - text) : strlen(text);
        if (lookup) {
            char *phrase = strndup(text, n);
            const sd_entry *e = phrase ? sd_dict_lookup(d, mask, phrase) : NULL;
            const sd_code *c = e ? sd_entry_code_on(e, date) : NULL;
            sd_buf_printf(out, "%s => %s\n", phrase ? phrase : "?",
                          e ? (c ? c->code : "-") : "none");
            free(phrase);
        } else {
            sd_arena a;
            sd_arena_init(&a);
            sd_doc doc;
            if (tokenize(&doc, &a, text, n) == 0) {
                sd_match m[64];
                size_t k = sd_dict_match(d, mask, doc.tok, doc.ntok, m, 64);
                for (size_t j = 0; j < k && j < 64; j++) {
                    const sd_token *first = &doc.tok[m[j].tok_start];
                    const sd_token *last = &doc.tok[m[j].tok_end - 1];
                    const sd_code *c = sd_entry_code_on(m[j].entry, date);
                    sd_buf_printf(out, "%.*s => %s", (int)(last->end - first->start),
                                  doc.norm + first->start, c ? c->code : "-");
                    if (show_attrs)
                        sd_buf_printf(out, " ; %s", m[j].entry->attrs);
                    sd_buf_putc(out, '\n');
                }
            }
            sd_arena_free(&a);
        }
        text += n + (nl ? 1 : 0);
    }
    sd_dict_free(d);
    return 0;
}
