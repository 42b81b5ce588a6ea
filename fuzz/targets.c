/*
 * targets.c -- the bodies of the fuzz harnesses (contract in targets.h).
 *
 * Shared by the libFuzzer drivers (fuzz/fuzz_*.c) and the corpus replay in
 * the test runner (tests/unit/test_fuzz_corpus.c), so a crash found by a
 * fuzzer and committed to fuzz/corpus/ is re-checked by every `make check`.
 */
#include "targets.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "dict.h"
#include "dict_tabari.h"
#include "html.h"
#include "text.h"

/* Report a broken invariant; always returns -1. */
static int broken(const char *target, const char *what, long long a, long long b)
{
    fprintf(stderr, "fuzz %s: %s (%lld, %lld)\n", target, what, a, b);
    return -1;
}

/* The error codes an entry point may legitimately refuse input with. */
static int refusal_ok(int rc)
{
    return rc == SAYDO_ERR_NOMEM || rc == SAYDO_ERR_UTF8 || rc == SAYDO_ERR_EMPTY ||
           rc == SAYDO_ERR_LIMIT || rc == SAYDO_ERR_PARSE;
}

static int span_ok(saydo_span s, size_t doc_len)
{
    return s.start <= s.end && s.end <= doc_len;
}

/* Check a coded article's sentences and events against its document, and
 * write it in every output format to sink (may be NULL). */
static int check_result(const char *target, const saydo_coder *coder,
                        const saydo_article *article, const saydo_result *result, FILE *sink)
{
    size_t doc_len = 0;
    const char *doc = saydo_article_text(article, &doc_len);
    if (!doc)
        return broken(target, "article without text", 0, 0);
    size_t nsent = saydo_result_sentence_count(result);
    size_t prev_end = 0;
    for (size_t i = 0; i < nsent; i++) {
        const saydo_sentence *s = saydo_result_sentence(result, i);
        if (!s || s->index != i || !s->text)
            return broken(target, "sentence record", (long long)i, 0);
        if (!span_ok(s->span, doc_len))
            return broken(target, "sentence span outside the document", (long long)s->span.start,
                          (long long)s->span.end);
        if (s->span.start < prev_end)
            return broken(target, "sentences overlap", (long long)s->span.start,
                          (long long)prev_end);
        prev_end = s->span.end;
        if (s->kind < SAYDO_SENT_BODY || s->kind > SAYDO_SENT_BIO)
            return broken(target, "sentence kind", (long long)s->kind, 0);
    }
    size_t nev = saydo_result_event_count(result);
    for (size_t i = 0; i < nev; i++) {
        const saydo_event *e = saydo_result_event(result, i);
        if (!e || !e->source || !e->target || !e->cameo || !e->date || !e->attribution ||
            !e->pattern)
            return broken(target, "event with a NULL field", (long long)i, 0);
        if (e->sentence >= nsent)
            return broken(target, "event sentence out of range", (long long)e->sentence,
                          (long long)nsent);
        if (!e->info || strcmp(e->info->code, e->cameo) != 0 ||
            saydo_cameo_lookup(coder, e->cameo) != e->info)
            return broken(target, "event code not in the CAMEO table", (long long)i, 0);
        if (!span_ok(e->source_span, doc_len) || !span_ok(e->target_span, doc_len) ||
            !span_ok(e->verb_span, doc_len))
            return broken(target, "event span outside the document", (long long)i, 0);
        if (e->mood < SAYDO_MOOD_ASSERTED || e->mood > SAYDO_MOOD_DENIED)
            return broken(target, "event mood", (long long)e->mood, 0);
        if (!(e->confidence >= 0.0 && e->confidence <= 1.0))
            return broken(target, "event confidence outside 0..1", (long long)i, 0);
    }
    if (sink) {
        saydo_error err;
        for (int f = SAYDO_OUTPUT_JSONL; f <= SAYDO_OUTPUT_TABLE; f++) {
            int rc = saydo_write_events(sink, (saydo_output_format)f, coder, article, result, &err);
            if (rc != 0 && rc != SAYDO_ERR_NOMEM)
                return broken(target, "saydo_write_events failed", rc, f);
        }
    }
    return 0;
}

/* Code one article and check the result. */
static int code_and_check(const char *target, const saydo_coder *coder,
                          const saydo_article *article, FILE *sink)
{
    saydo_result *result = NULL;
    saydo_error err;
    memset(&err, 0, sizeof err);
    int rc = saydo_code(coder, article, &result, &err);
    if (rc != 0) {
        if (result)
            return broken(target, "saydo_code failed but returned a result", rc, 0);
        if (rc != SAYDO_ERR_NOMEM && rc != SAYDO_ERR_LIMIT)
            return broken(target, "saydo_code failed", rc, 0);
        if (err.code != rc)
            return broken(target, "err.code differs from the return code", err.code, rc);
        return 0;
    }
    int bad = check_result(target, coder, article, result, sink);
    saydo_result_free(result);
    return bad;
}

int sd_fuzz_text(const saydo_coder *coder, const uint8_t *data, size_t size)
{
    saydo_article *article = NULL;
    saydo_error err;
    memset(&err, 0, sizeof err);
    int rc = saydo_article_new("fuzz", "2022-03-29", NULL, (const char *)data, size, &article,
                               &err);
    if (rc != 0) {
        if (article)
            return broken("text", "saydo_article_new failed but returned an article", rc, 0);
        return refusal_ok(rc) ? 0 : broken("text", "saydo_article_new failed", rc, 0);
    }
    FILE *sink = fopen("/dev/null", "w");
    int bad = code_and_check("text", coder, article, sink);
    if (sink)
        fclose(sink);
    saydo_article_free(article);
    return bad;
}

int sd_fuzz_jsonl(const saydo_coder *coder, const uint8_t *data, size_t size,
                  const char *tmp_path)
{
    FILE *f = fopen(tmp_path, "wb");
    if (!f)
        return broken("jsonl", "cannot write the temporary file", 0, 0);
    size_t w = size ? fwrite(data, 1, size, f) : 0;
    if (fclose(f) != 0 || w != size)
        return broken("jsonl", "cannot write the temporary file", (long long)w, (long long)size);

    saydo_reader_options opts = SAYDO_READER_OPTIONS_INIT;
    opts.format = SAYDO_INPUT_JSONL;
    opts.date = "2022-03-29";
    saydo_reader *reader = NULL;
    saydo_error err;
    memset(&err, 0, sizeof err);
    int rc = saydo_reader_open(tmp_path, &opts, &reader, &err);
    if (rc != 0)
        return rc == SAYDO_ERR_NOMEM || rc == SAYDO_ERR_UTF8
                   ? 0
                   : broken("jsonl", "saydo_reader_open failed", rc, 0);
    FILE *sink = fopen("/dev/null", "w");
    int bad = 0;
    /* Every record is at least one byte or one line end, so the reader must
     * be done after size + 2 calls. */
    size_t calls = 0;
    for (;; calls++) {
        if (calls > size + 2) {
            bad = broken("jsonl", "reader does not end", (long long)calls, (long long)size);
            break;
        }
        saydo_article *article = NULL;
        rc = saydo_reader_next(reader, &article, &err);
        if (rc == 0)
            break;
        if (rc < 0) {
            if (article) {
                bad = broken("jsonl", "reader failed but returned an article", rc, 0);
                saydo_article_free(article);
                break;
            }
            if (rc == SAYDO_ERR_NOMEM || rc == SAYDO_ERR_IO) {
                /* the reader is dead: the error must stick */
                if (saydo_reader_next(reader, &article, &err) != rc)
                    bad = broken("jsonl", "a fatal reader error did not stick", rc, 0);
                break;
            }
            if (!refusal_ok(rc)) {
                bad = broken("jsonl", "saydo_reader_next failed", rc, 0);
                break;
            }
            /* EMPTY (a blank file) and UTF8 (a binary file) may be about
             * the whole input; a bad line must be named */
            if ((rc == SAYDO_ERR_PARSE || rc == SAYDO_ERR_LIMIT) && err.line < 1)
                bad = broken("jsonl", "a bad record's error names no line", rc, err.line);
            continue;
        }
        bad = code_and_check("jsonl", coder, article, sink);
        saydo_article_free(article);
        if (bad)
            break;
    }
    long first = 0;
    long invalid = saydo_reader_invalid_utf8(reader, &first);
    if (!bad && invalid < 0)
        bad = broken("jsonl", "negative invalid UTF-8 count", invalid, first);
    if (!bad && invalid > 0 && first < 1)
        bad = broken("jsonl", "invalid UTF-8 without a line", invalid, first);
    saydo_reader_close(reader);
    if (sink)
        fclose(sink);
    return bad;
}

/* ------------------------------------------------ HTML, feeds and tables */

static int write_tmp(const char *target, const uint8_t *data, size_t size, const char *tmp_path)
{
    FILE *f = fopen(tmp_path, "wb");
    if (!f)
        return broken(target, "cannot write the temporary file", 0, 0);
    size_t w = size ? fwrite(data, 1, size, f) : 0;
    if (fclose(f) != 0 || w != size)
        return broken(target, "cannot write the temporary file", (long long)w, (long long)size);
    return 0;
}

/* Read tmp_path with format (and fields, may be NULL) to its end, coding
 * every article; a bad record must name a line. */
static int read_and_code(const char *target, const saydo_coder *coder, const char *tmp_path,
                         size_t size, saydo_input_format format, const saydo_field_map *fields)
{
    saydo_reader_options opts = SAYDO_READER_OPTIONS_INIT;
    opts.format = format;
    opts.date = "2022-03-29";
    if (fields)
        opts.fields = *fields;
    saydo_reader *reader = NULL;
    saydo_error err;
    memset(&err, 0, sizeof err);
    int rc = saydo_reader_open(tmp_path, &opts, &reader, &err);
    if (rc != 0)
        return rc == SAYDO_ERR_NOMEM || rc == SAYDO_ERR_UTF8
                   ? 0
                   : broken(target, "saydo_reader_open failed", rc, 0);
    FILE *sink = fopen("/dev/null", "w");
    int bad = 0;
    for (size_t calls = 0;; calls++) {
        if (calls > size + 2) {
            bad = broken(target, "reader does not end", (long long)calls, (long long)size);
            break;
        }
        saydo_article *article = NULL;
        rc = saydo_reader_next(reader, &article, &err);
        if (rc == 0)
            break;
        if (rc < 0) {
            if (article) {
                bad = broken(target, "reader failed but returned an article", rc, 0);
                saydo_article_free(article);
                break;
            }
            if (rc == SAYDO_ERR_NOMEM || rc == SAYDO_ERR_IO) {
                if (saydo_reader_next(reader, &article, &err) != rc)
                    bad = broken(target, "a fatal reader error did not stick", rc, 0);
                break;
            }
            if (!refusal_ok(rc)) {
                bad = broken(target, "saydo_reader_next failed", rc, 0);
                break;
            }
            if (format != SAYDO_INPUT_HTML && (rc == SAYDO_ERR_PARSE || rc == SAYDO_ERR_LIMIT) &&
                err.line < 1)
                bad = broken(target, "a bad record's error names no line", rc, err.line);
            if (bad)
                break;
            continue;
        }
        const char *date = saydo_article_date(article);
        if (*date && !saydo_date_valid(date))
            bad = broken(target, "article date is not YYYY-MM-DD", 0, 0);
        if (!bad)
            bad = code_and_check(target, coder, article, sink);
        saydo_article_free(article);
        if (bad)
            break;
    }
    saydo_reader_close(reader);
    if (sink)
        fclose(sink);
    return bad;
}

/* The extractor's text: paragraphs without outer white space, separated
 * by exactly one blank line, no NUL. */
static int check_paragraphs(const sd_html_article *art)
{
    const char *s = art->text.data;
    size_t n = art->text.len;
    if (!s || strlen(s) != n)
        return broken("html", "text length or NUL byte", (long long)n, 0);
    if (n && (s[0] == ' ' || s[0] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\n'))
        return broken("html", "text starts or ends with white space", 0, 0);
    if (strstr(s, "\n\n\n"))
        return broken("html", "more than one blank line between paragraphs", 0, 0);
    if (art->date.len && !saydo_date_valid(art->date.data))
        return broken("html", "page date is not YYYY-MM-DD", 0, 0);
    return 0;
}

int sd_fuzz_html(const saydo_coder *coder, const uint8_t *data, size_t size,
                 const char *tmp_path)
{
    for (int mode = SD_HTML_PAGE; mode <= SD_HTML_FRAGMENT; mode++) {
        sd_html_article art = SD_HTML_ARTICLE_INIT;
        int rc = sd_html_extract((const char *)data, size, mode, &art);
        int bad = rc == 0 ? check_paragraphs(&art)
                          : rc == SAYDO_ERR_NOMEM ? 0 : broken("html", "extract failed", rc, 0);
        sd_html_article_free(&art);
        if (bad)
            return bad;
    }
    if (write_tmp("html", data, size, tmp_path))
        return -1;
    return read_and_code("html", coder, tmp_path, size, SAYDO_INPUT_HTML, NULL);
}

int sd_fuzz_feed(const saydo_coder *coder, const uint8_t *data, size_t size,
                 const char *tmp_path)
{
    if (write_tmp("feed", data, size, tmp_path))
        return -1;
    return read_and_code("feed", coder, tmp_path, size, SAYDO_INPUT_FEED, NULL);
}

int sd_fuzz_csv(const saydo_coder *coder, const uint8_t *data, size_t size,
                const char *tmp_path)
{
    if (write_tmp("csv", data, size, tmp_path))
        return -1;
    if (read_and_code("csv", coder, tmp_path, size, SAYDO_INPUT_CSV, NULL))
        return -1;
    saydo_field_map map = {NULL, "published", "headline", "body", NULL, NULL};
    return read_and_code("csv", coder, tmp_path, size, SAYDO_INPUT_CSV, &map);
}

/* ------------------------------------------------------------ dictionary */

#define ALL_KINDS ((1u << SD_KIND_COUNT) - 1)

/* A fixed text with a bit of everything the dictionaries name. */
static const char dict_probe_text[] =
    "Russian President Vladimir Putin said on Tuesday that Russia attacked Ukraine's army "
    "near Kyiv. The U.S. State Department condemned the attack, and the United Nations "
    "called for talks. \"We will not accept this,\" Ukrainian officials said. Rebels "
    "didn't withdraw from the border; Gen. Smith's forces shelled 3 villages (2022-03-29). "
    "a b c d e f g h i j k l m n o p q r s t u v w x y z 0 1 2 - -- ; : ! ? ' [ ] { } "
    "Caf\xc3\xa9 na\xc3\xafve \xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x80\x94 end.";

/* Slot filler: any slot takes one, two or three tokens. */
static size_t fill_any_slot(void *ctx, const char *name, size_t pos, size_t *ends, size_t max)
{
    size_t ntok = *(const size_t *)ctx, n = 0;
    (void)name;
    for (size_t k = 1; k <= 3 && n < max && pos + k <= ntok; k++)
        ends[n++] = pos + k;
    return n;
}

/* Matches must be in range, in text order and must not overlap. */
static int check_matches(const sd_match *m, size_t n, size_t ntok, int ordered)
{
    uint32_t prev_end = 0;
    for (size_t i = 0; i < n; i++) {
        if (!m[i].entry || m[i].tok_start >= m[i].tok_end || m[i].tok_end > ntok)
            return broken("dict", "match out of range", m[i].tok_start, m[i].tok_end);
        if (ordered && m[i].tok_start < prev_end)
            return broken("dict", "matches overlap", m[i].tok_start, prev_end);
        prev_end = m[i].tok_end;
        if (m[i].nslots > SD_MATCH_MAX_SLOTS)
            return broken("dict", "too many slots", m[i].nslots, 0);
        for (uint32_t k = 0; k < m[i].nslots; k++)
            if (!m[i].slot[k].name || m[i].slot[k].start > m[i].slot[k].end ||
                m[i].slot[k].end > ntok)
                return broken("dict", "slot out of range", m[i].slot[k].start, m[i].slot[k].end);
        const sd_entry *e = m[i].entry;
        if (!e->phrase || !e->file || !e->attrs || (e->ncodes && !e->codes))
            return broken("dict", "entry with a NULL field", (long long)i, 0);
        for (uint16_t c = 0; c < e->ncodes; c++)
            if (!e->codes[c].code || e->codes[c].from > e->codes[c].to)
                return broken("dict", "code with a bad date range", e->codes[c].from,
                              e->codes[c].to);
        (void)sd_entry_code_on(e, 0);
        (void)sd_entry_code_on(e, 20220329);
    }
    return 0;
}

/* Run every matcher of a compiled dict over the probe tokens. */
static int probe_dict(const sd_dict *dict, const sd_doc *doc)
{
    enum { MAXM = 512 };
    sd_match m[MAXM];
    size_t ntok = doc->ntok;
    size_t n = sd_dict_match(dict, ALL_KINDS, doc->tok, ntok, m, MAXM);
    if (n > ntok)
        return broken("dict", "more matches than tokens", (long long)n, (long long)ntok);
    int bad = check_matches(m, n < MAXM ? n : MAXM, ntok, 1);
    static const char *const slots[] = {"TGT", "X", "SRC", "NP", NULL};
    for (unsigned kind = 0; !bad && kind < SD_KIND_COUNT; kind++) {
        n = sd_dict_match_slots(dict, 1u << kind, doc->tok, ntok, slots, fill_any_slot, &ntok, m,
                                MAXM);
        if (n > ntok)
            return broken("dict", "more slot matches than tokens", (long long)n, (long long)ntok);
        bad = check_matches(m, n < MAXM ? n : MAXM, ntok, 1);
    }
    for (size_t pos = 0; !bad && pos < ntok; pos++) {
        n = sd_dict_match_at(dict, ALL_KINDS, doc->tok, ntok, pos, m, 16);
        bad = check_matches(m, n < 16 ? n : 16, ntok, 0);
        for (size_t i = 0; !bad && i < n && i < 16; i++)
            if (m[i].tok_start != pos)
                bad = broken("dict", "match_at starts elsewhere", m[i].tok_start, (long long)pos);
    }
    static const char *const phrases[] = {"Russia", "Vladimir Putin", "the United Nations",
                                          "", "  ", "(", "a b c", "U.S.", "x y z w v u t"};
    for (size_t i = 0; !bad && i < sizeof phrases / sizeof *phrases; i++) {
        const sd_entry *e = sd_dict_lookup(dict, ALL_KINDS, phrases[i]);
        if (e && (!e->phrase || !e->file))
            bad = broken("dict", "lookup gave an entry with a NULL field", (long long)i, 0);
    }
    return bad;
}

int sd_fuzz_dict(const uint8_t *data, size_t size)
{
    sd_arena arena;
    sd_arena_init(&arena);
    sd_doc doc;
    int rc = sd_doc_normalize(&doc, &arena, dict_probe_text, sizeof dict_probe_text - 1);
    if (!rc)
        rc = sd_doc_split(&doc);
    if (!rc)
        rc = sd_doc_tokenize(&doc);
    if (rc) {
        sd_arena_free(&arena);
        return rc == SAYDO_ERR_NOMEM ? 0 : broken("dict", "probe text failed", rc, 0);
    }
    int bad = 0;
    for (int keep_going = 0; !bad && keep_going <= 1; keep_going++) {
        sd_dict *dict = sd_dict_new();
        if (!dict)
            break;
        saydo_error err;
        memset(&err, 0, sizeof err);
        rc = sd_dict_load_buffer(dict, "fuzz.dict", (const char *)data, size, keep_going, &err);
        if (rc == 0) {
            rc = sd_dict_compile(dict, &err);
            if (rc == 0) {
                bad = probe_dict(dict, &doc);
                for (size_t i = 0; !bad && i < sd_dict_warning_count(dict); i++)
                    if (!sd_dict_warning(dict, i))
                        bad = broken("dict", "NULL warning", (long long)i, 0);
            } else if (rc != SAYDO_ERR_NOMEM && rc != SAYDO_ERR_LIMIT) {
                bad = broken("dict", "sd_dict_compile failed", rc, keep_going);
            }
        } else if (rc == SAYDO_ERR_DICT || rc == SAYDO_ERR_LIMIT) {
            if (keep_going && rc == SAYDO_ERR_DICT)
                bad = broken("dict", "keep_going load stopped at a bad line", rc, err.line);
            else if (err.line < 1)
                bad = broken("dict", "a dictionary error names no line", rc, err.line);
        } else if (rc != SAYDO_ERR_NOMEM) {
            bad = broken("dict", "sd_dict_load_buffer failed", rc, keep_going);
        }
        sd_dict_free(dict);
    }
    /* the same bytes as a TABARI / PETRARCH file of each kind: never an
     * error but out of memory; bad lines are warnings */
    static const sd_dict_format formats[] = {SD_DICT_FORMAT_ACTORS, SD_DICT_FORMAT_AGENTS,
                                             SD_DICT_FORMAT_VERBS, SD_DICT_FORMAT_DISCARDS};
    for (size_t f = 0; !bad && f < sizeof formats / sizeof *formats; f++) {
        sd_dict *dict = sd_dict_new();
        if (!dict)
            break;
        saydo_error err;
        memset(&err, 0, sizeof err);
        rc = sd_dict_load_tabari_buffer(dict, "fuzz.verbs", (const char *)data, size, formats[f],
                                        &err);
        if (rc == 0)
            rc = sd_dict_compile(dict, &err);
        if (rc == 0)
            bad = probe_dict(dict, &doc);
        else if (rc != SAYDO_ERR_NOMEM && rc != SAYDO_ERR_LIMIT)
            bad = broken("dict", "sd_dict_load_tabari_buffer failed", rc, (long long)f);
        sd_dict_free(dict);
    }
    sd_arena_free(&arena);
    return bad;
}

/* ------------------------------------------------------- store filters */

int sd_fuzz_store_make(const saydo_coder *coder, const char *db)
{
    saydo_store *store = NULL;
    saydo_error err;
    if (saydo_store_open(db, NULL, &store, &err) != 0) {
        fprintf(stderr, "fuzz: cannot make %s: %s\n", db, err.message);
        return -1;
    }
    DIR *d = opendir("data/samples");
    struct dirent *e;
    int rc = d ? 0 : -1, n = 0;
    while (d && rc == 0 && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0)
            continue;
        char path[600];
        snprintf(path, sizeof path, "data/samples/%s", e->d_name);
        FILE *f = fopen(path, "rb");
        char text[65536];
        size_t got = f ? fread(text, 1, sizeof text, f) : 0;
        if (f)
            fclose(f);
        saydo_article *article = NULL;
        saydo_result *result = NULL;
        char date[16];
        snprintf(date, sizeof date, "2024-0%d-1%d", 1 + n % 9, n % 10);
        if (saydo_article_new(e->d_name, date, NULL, text, got, &article, &err) == 0 &&
            saydo_code(coder, article, &result, &err) == 0 &&
            saydo_store_put(store, article, result, NULL, &err) == 0)
            n++;
        else
            rc = -1;
        saydo_result_free(result);
        saydo_article_free(article);
    }
    if (d)
        closedir(d);
    saydo_store_close(store);
    if (rc != 0 || n == 0)
        fprintf(stderr, "fuzz: cannot code data/samples into %s (run from the repository root)\n",
                db);
    return rc == 0 && n > 0 ? 0 : -1;
}

/* The codes a store query may refuse a filter with. */
static int store_refusal_ok(int rc)
{
    return rc == SAYDO_ERR_NOMEM || rc == SAYDO_ERR_ARG || rc == SAYDO_ERR_TIMEOUT ||
           rc == SAYDO_ERR_LIMIT || rc == SAYDO_ERR_PARSE;
}

int sd_fuzz_filter(saydo_store *store, const uint8_t *data, size_t size)
{
    /* one NUL-terminated copy; '&' and '=' cut it into keys and values */
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    saydo_store_filter f = SAYDO_STORE_FILTER_INIT;
    int agg = SAYDO_AGG_MONTH, both = 0;
    long n = 20;
    for (char *save = NULL, *pair = strtok_r(text, "&", &save); pair;
         pair = strtok_r(NULL, "&", &save)) {
        char *v = strchr(pair, '=');
        if (!v)
            continue;
        *v++ = '\0';
        long num = strtol(v, NULL, 10);
        if (!strcmp(pair, "from")) f.from = v;
        else if (!strcmp(pair, "to")) f.to = v;
        else if (!strcmp(pair, "source")) f.source = v;
        else if (!strcmp(pair, "target")) f.target = v;
        else if (!strcmp(pair, "dyad_a")) f.dyad_a = v;
        else if (!strcmp(pair, "dyad_b")) f.dyad_b = v;
        else if (!strcmp(pair, "code")) f.code = v;
        else if (!strcmp(pair, "root")) f.root = v;
        else if (!strcmp(pair, "quad")) f.quad = (int)num;
        else if (!strcmp(pair, "country")) f.country = v;
        else if (!strcmp(pair, "outlet")) f.outlet = v;
        else if (!strcmp(pair, "mood")) f.mood = (int)num;
        else if (!strcmp(pair, "raw")) f.raw = num != 0;
        else if (!strcmp(pair, "limit")) f.limit = num;
        else if (!strcmp(pair, "place")) f.place = v;
        else if (!strcmp(pair, "plover")) f.plover = v;
        else if (!strcmp(pair, "offset")) f.offset = num;
        else if (!strcmp(pair, "agg")) agg = (int)num;
        else if (!strcmp(pair, "n")) n = num;
        else if (!strcmp(pair, "both")) both = (int)num;
    }
    int bad = 0;
    saydo_error err;
    saydo_store_rows *rows = NULL;
    int rc = saydo_store_query(store, &f, &rows, &err);
    if (rc == 0) {
        const saydo_store_row *r;
        long count = 0;
        while ((rc = saydo_store_rows_next(rows, &r, &err)) == 1) {
            if (!r->source || !r->target || !r->cameo || !r->date) {
                bad = broken("filter", "a row with a NULL field", count, 0);
                break;
            }
            count++;
        }
        if (!bad && f.limit > 0 && count > f.limit)
            bad = broken("filter", "more rows than the limit", count, f.limit);
        saydo_store_rows_free(rows);
    }
    if (!bad && rc < 0 && !store_refusal_ok(rc))
        bad = broken("filter", "saydo_store_query failed", rc, 0);
    for (int kind = 0; !bad && kind < 2; kind++) {
        int which = kind == 0 ? agg : (agg == SAYDO_AGG_MONTH ? SAYDO_AGG_DYADS : agg);
        rows = NULL;
        saydo_store_agg_options ao = SAYDO_STORE_AGG_OPTIONS_INIT;
        ao.kind = (saydo_store_agg)which;
        ao.top_n = n;
        ao.both_directions = both;
        rc = saydo_store_aggregate(store, &f, &ao, &rows, &err);
        if (rc == 0) {
            const saydo_store_agg_row *a;
            while ((rc = saydo_store_rows_next_agg(rows, &a, &err)) == 1)
                if (!a->key || a->count < 0) {
                    bad = broken("filter", "an aggregate row without a key", a->count, which);
                    break;
                }
            saydo_store_rows_free(rows);
        }
        if (!bad && rc < 0 && !store_refusal_ok(rc))
            bad = broken("filter", "saydo_store_aggregate failed", rc, which);
    }
    free(text);
    return bad;
}
