/* Unit tests: articles (article.c) and the input readers (ingest*.c).
 * Every input is generated at test time in t->tmpdir. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "article.h"
#include "ingest.h" /* the reader struct, to check its memory bound */
#include "saydo.h"
#include "test.h"

/* Write s to tmpdir/name; returns the path (sd_test_path's buffer). */
static const char *put_file(sd_test *t, const char *name, const char *s, size_t n)
{
    const char *path = sd_test_path(t, name);
    if (sd_test_write_file(path, s, n) != 0)
        sd_test_fail(t, __FILE__, __LINE__, "cannot write %s", path);
    return path;
}

#define PUT(name, lit) put_file(t, name, lit, sizeof(lit) - 1)

static saydo_reader *open_with(sd_test *t, const char *path, saydo_input_format format,
                               const char *date, size_t max)
{
    saydo_reader_options opts = SAYDO_READER_OPTIONS_INIT;
    opts.format = format;
    opts.date = date;
    if (max)
        opts.max_article_bytes = max;
    saydo_reader *reader = NULL;
    saydo_error err;
    int rc = saydo_reader_open(path, &opts, &reader, &err);
    if (rc != 0)
        sd_test_fail(t, __FILE__, __LINE__, "open %s: %d %s", path, rc, err.message);
    return reader;
}

static const char *doc_of(const saydo_article *a)
{
    return saydo_article_text(a, NULL);
}

/* ------------------------------------------------------------ plain text */

TEST(ingest_text_plain)
{
    const char *path = PUT("story.txt", "Rebels seize town\n\nRebels seized the town.\n");
    saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, "2024-03-05", 0);
    if (!r)
        return;
    saydo_article *a = NULL;
    saydo_error err;
    CHECK_INT(saydo_reader_next(r, &a, &err), 1);
    CHECK_STR(saydo_article_id(a), "story");
    CHECK_STR(saydo_article_date(a), "2024-03-05");
    CHECK_STR(saydo_article_title(a), "");
    CHECK_STR(saydo_article_url(a), "");
    CHECK_STR(saydo_article_outlet(a), "");
    CHECK_STR(saydo_article_meta(a), "");
    CHECK_STR(saydo_article_file(a), path);
    CHECK_INT(saydo_article_line(a), 1);
    size_t len = 0;
    CHECK_STR(saydo_article_text(a, &len), "Rebels seize town\n\nRebels seized the town.\n");
    CHECK_INT(len, 43);
    CHECK_INT(a->has_title, 0);
    saydo_article_free(a);
    CHECK_INT(saydo_reader_next(r, &a, &err), 0);
    CHECK(a == NULL);
    CHECK_INT(saydo_reader_next(r, &a, &err), 0);
    long first = -1;
    CHECK_INT(saydo_reader_invalid_utf8(r, &first), 0);
    CHECK_INT(first, 0);
    saydo_reader_close(r);
}

TEST(ingest_text_no_date_and_bad_date)
{
    const char *path = PUT("x.y.text", "Some text.");
    saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, 0);
    saydo_article *a = NULL;
    CHECK_INT(saydo_reader_next(r, &a, NULL), 1);
    CHECK_STR(saydo_article_id(a), "x.y");
    CHECK_STR(saydo_article_date(a), "");
    saydo_article_free(a);
    saydo_reader_close(r);

    saydo_reader_options opts = SAYDO_READER_OPTIONS_INIT;
    saydo_error err;
    static const char *const bad[] = {"2024-3-05", "2024-02-30", "2023-02-29", "yesterday",
                                      "2024-00-10", "2024-03-05x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        opts.date = bad[i];
        r = NULL;
        CHECK_INT(saydo_reader_open(path, &opts, &r, &err), SAYDO_ERR_ARG);
        CHECK(r == NULL);
    }
    opts.date = "2024-02-29";
    CHECK_INT(saydo_reader_open(path, &opts, &r, &err), 0);
    saydo_reader_close(r);
}

TEST(ingest_text_crlf_kept)
{
    const char *path = PUT("crlf.txt", "Title\r\n\r\nBody.\r\n");
    saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, 0);
    saydo_article *a = NULL;
    CHECK_INT(saydo_reader_next(r, &a, NULL), 1);
    CHECK_STR(doc_of(a), "Title\r\n\r\nBody.\r\n");
    saydo_article_free(a);
    saydo_reader_close(r);
}

TEST(ingest_text_bom_stripped)
{
    const char *path = PUT("bom.txt", "\xEF\xBB\xBFHeadline\nBody.");
    saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, 0);
    saydo_article *a = NULL;
    CHECK_INT(saydo_reader_next(r, &a, NULL), 1);
    CHECK_STR(doc_of(a), "Headline\nBody.");
    saydo_article_free(a);
    saydo_reader_close(r);
}

TEST(ingest_text_empty_and_blank)
{
    const char *names[] = {"empty.txt", "blank.txt", "bomonly.txt"};
    const char *bodies[] = {"", " \n\t\r\n  \n", "\xEF\xBB\xBF\n"};
    for (int i = 0; i < 3; i++) {
        const char *path = put_file(t, names[i], bodies[i], strlen(bodies[i]));
        saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, 0);
        saydo_article *a = NULL;
        saydo_error err;
        CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_EMPTY);
        CHECK(a == NULL);
        CHECK_STR(err.message, "empty file");
        CHECK_STR(err.file, path);
        CHECK_INT(saydo_reader_next(r, &a, &err), 0);
        saydo_reader_close(r);
    }
}

TEST(ingest_text_nul_byte)
{
    const char *path = put_file(t, "nul.txt", "abc\ndef\0ghi\n", 12);
    saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, 0);
    saydo_article *a = NULL;
    saydo_error err;
    CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_UTF8);
    CHECK_STR(err.message, "binary data (NUL byte at byte 7)");
    CHECK_INT(err.line, 2);
    CHECK_INT(err.byte, 7);
    CHECK_INT(saydo_reader_next(r, &a, &err), 0);
    saydo_reader_close(r);
}

/* 4 KiB of pseudo-random bytes: mostly invalid UTF-8 and control codes. */
static void fill_noise(unsigned char *p, size_t n)
{
    unsigned x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = (unsigned char)(0x80 | (x >> 16));
        if (i % 7 == 3)
            p[i] = (unsigned char)(x >> 24) % 0x1F + 1; /* control, no NUL */
    }
}

TEST(ingest_binary_file)
{
    unsigned char noise[4096];
    fill_noise(noise, sizeof noise);
    const char *names[] = {"noise.bin", "noise.txt", "noise.jsonl"};
    for (int i = 0; i < 3; i++) {
        const char *path = put_file(t, names[i], (const char *)noise, sizeof noise);
        saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, 0);
        saydo_article *a = NULL;
        saydo_error err;
        CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_UTF8);
        CHECK_CONTAINS(err.message, "binary file");
        CHECK_INT(saydo_reader_next(r, &a, &err), 0);
        saydo_reader_close(r);
    }
    /* UTF-16 is refused with a hint. */
    const char *path = put_file(t, "utf16.txt", "\xFF\xFEH\0i\0 \0t\0h\0e\0r\0e\0", 18);
    saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, 0);
    saydo_article *a = NULL;
    saydo_error err;
    CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_UTF8);
    CHECK_CONTAINS(err.message, "UTF-16");
    saydo_reader_close(r);
}

TEST(ingest_text_invalid_utf8_repaired)
{
    /* line 2: C0 80 (overlong) = 2; line 3: ED A0 80 (surrogate) = 3,
     * F4 90 80 80 (> U+10FFFF) = 4, E2 82 (truncated) = 1. */
    const char *path = PUT("bad.txt", "Fine line\nbad \xC0\x80 here\nand \xED\xA0\x80 "
                                      "\xF4\x90\x80\x80 \xE2\x82\nend \xC3\xA9\n");
    saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, 0);
    saydo_article *a = NULL;
    CHECK_INT(saydo_reader_next(r, &a, NULL), 1);
#define R "\xEF\xBF\xBD"
    CHECK_STR(doc_of(a), "Fine line\nbad " R R " here\nand " R R R " " R R R R " " R "\nend \xC3\xA9\n");
#undef R
    long first = 0;
    CHECK_INT(saydo_reader_invalid_utf8(r, &first), 10);
    CHECK_INT(first, 2);
    saydo_article_free(a);
    saydo_reader_close(r);
}

TEST(ingest_text_limit)
{
    char big[3000];
    memset(big, 'a', sizeof big);
    const char *path = put_file(t, "big.txt", big, sizeof big);
    saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, 1000);
    saydo_article *a = NULL;
    saydo_error err;
    CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_LIMIT);
    CHECK_CONTAINS(err.message, "larger than 1000 bytes");
    CHECK_INT(saydo_reader_next(r, &a, &err), 0);
    saydo_reader_close(r);
}

TEST(ingest_open_errors)
{
    saydo_reader *r = NULL;
    saydo_error err;
    const char *missing = sd_test_path(t, "no-such-file.txt");
    CHECK_INT(saydo_reader_open(missing, NULL, &r, &err), SAYDO_ERR_IO);
    CHECK(r == NULL);
    CHECK_STR(err.file, missing);
    CHECK_INT(saydo_reader_open(t->tmpdir, NULL, &r, &err), SAYDO_ERR_IO);
    CHECK(r == NULL);
    saydo_reader_options opts = SAYDO_READER_OPTIONS_INIT;
    opts.version = 99;
    CHECK_INT(saydo_reader_open(missing, &opts, &r, &err), SAYDO_ERR_ARG);
}

/* ----------------------------------------------------------- JSON Lines */

TEST(ingest_jsonl_good_lines)
{
    const char *path =
        PUT("feed.jsonl",
            "{\"id\":\"a1\",\"date\":\"2024-01-02\",\"title\":\"Talks open\",\"text\":\"Envoys met.\","
            "\"url\":\"http://x.example/1\",\"source\":\"Wire\"}\n"
            "{\"text\":\"No title here.\",\"title\":\"\"}\n");
    saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, "2020-05-06", 0);
    saydo_article *a = NULL;
    saydo_error err;
    CHECK_INT(saydo_reader_next(r, &a, &err), 1);
    CHECK_STR(saydo_article_id(a), "a1");
    CHECK_STR(saydo_article_date(a), "2024-01-02");
    CHECK_STR(saydo_article_title(a), "Talks open");
    CHECK_STR(saydo_article_url(a), "http://x.example/1");
    CHECK_STR(saydo_article_outlet(a), "Wire");
    CHECK_STR(saydo_article_meta(a), "");
    CHECK_STR(doc_of(a), "Talks open\n\nEnvoys met.");
    CHECK_INT(a->has_title, 1);
    CHECK_INT(saydo_article_line(a), 1);
    CHECK_STR(saydo_article_file(a), path);
    saydo_article_free(a);
    CHECK_INT(saydo_reader_next(r, &a, &err), 1);
    CHECK_STR(saydo_article_id(a), "feed:2");
    CHECK_STR(saydo_article_date(a), "2020-05-06");
    CHECK_STR(doc_of(a), "No title here.");
    CHECK_INT(a->has_title, 0);
    CHECK_INT(saydo_article_line(a), 2);
    saydo_article_free(a);
    CHECK_INT(saydo_reader_next(r, &a, &err), 0);
    CHECK_INT(saydo_reader_next(r, &a, &err), 0);
    saydo_reader_close(r);
}

TEST(ingest_jsonl_metadata_sorted)
{
    const char *path = PUT("meta.jsonl",
                           "{\"lang\":\"en\",\"text\":\"x y\",\"a\":{\"z\":1,\"b\":[1,2]},"
                           "\"id\":7,\"n\":null,\"source\":\"AP\"}\n");
    saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, 0);
    saydo_article *a = NULL;
    CHECK_INT(saydo_reader_next(r, &a, NULL), 1);
    CHECK_STR(saydo_article_meta(a), "{\"a\":{\"b\":[1,2],\"z\":1},\"lang\":\"en\",\"n\":null}");
    CHECK_STR(saydo_article_id(a), "7");
    CHECK_STR(saydo_article_outlet(a), "AP");
    saydo_article_free(a);
    saydo_reader_close(r);
}

TEST(ingest_jsonl_ids)
{
    const char *path = PUT("ids.ndjson", "\n"
                                         "{\"text\":\"one\"}\n"
                                         "{\"id\":12345678901,\"text\":\"two\"}\n"
                                         "{\"id\":\"\",\"text\":\"three\"}\n"
                                         "{\"id\":null,\"text\":\"four\"}\n"
                                         "{\"id\":1.5,\"text\":\"five\"}\n"
                                         "{\"id\":\"s-6\",\"text\":\"six\"}\n");
    saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, 0);
    const char *want[] = {"ids:2", "12345678901", "ids:4", "ids:5", NULL, "s-6"};
    for (int i = 0; i < 6; i++) {
        saydo_article *a = NULL;
        saydo_error err;
        int rc = saydo_reader_next(r, &a, &err);
        if (want[i]) {
            CHECK_INT(rc, 1);
            CHECK_STR(saydo_article_id(a), want[i]);
        } else {
            CHECK_INT(rc, SAYDO_ERR_PARSE);
            CHECK_CONTAINS(err.message, "\"id\" is a number");
            CHECK_INT(err.line, 6);
        }
        saydo_article_free(a);
    }
    saydo_reader_close(r);
}

TEST(ingest_jsonl_dates)
{
    const char *path = PUT("dates.jsonl",
                           "{\"date\":\"2024-03-05T10:00:00Z\",\"text\":\"a\"}\n"
                           "{\"date\":\"2024-03-05 10:00\",\"text\":\"b\"}\n"
                           "{\"date\":\"2024-13-01\",\"text\":\"c\"}\n"
                           "{\"date\":\"2023-02-29T00:00:00Z\",\"text\":\"d\"}\n"
                           "{\"date\":\"March 5\",\"text\":\"e\"}\n"
                           "{\"date\":20240305,\"text\":\"f\"}\n"
                           "{\"date\":\"\",\"text\":\"g\"}\n"
                           "{\"text\":\"h\"}\n");
    saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, 0);
    const char *want[] = {"2024-03-05", "2024-03-05", NULL, NULL, NULL, NULL, "", ""};
    for (int i = 0; i < 8; i++) {
        saydo_article *a = NULL;
        saydo_error err;
        int rc = saydo_reader_next(r, &a, &err);
        if (want[i]) {
            CHECK_INT(rc, 1);
            CHECK_STR(saydo_article_date(a), want[i]);
        } else {
            CHECK_INT(rc, SAYDO_ERR_PARSE);
            CHECK_INT(err.line, i + 1);
            CHECK_STR(err.file, path);
        }
        saydo_article_free(a);
    }
    saydo_reader_close(r);
}

TEST(ingest_jsonl_no_text)
{
    const char *path = PUT("notext.jsonl", "{\"id\":\"a\"}\n"
                                           "{\"text\":null}\n"
                                           "{\"text\":42}\n"
                                           "{\"text\":\" \\n\\t \"}\n"
                                           "{\"text\":\"ok\",\"title\":5}\n"
                                           "{\"text\":\"fine\"}\n");
    saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, 0);
    saydo_article *a = NULL;
    saydo_error err;
    for (int i = 1; i <= 4; i++) {
        CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_PARSE);
        CHECK_CONTAINS(err.message, "no text");
        CHECK_INT(err.line, i);
    }
    CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_PARSE);
    CHECK_CONTAINS(err.message, "\"title\" is an integer");
    CHECK_INT(saydo_reader_next(r, &a, &err), 1);
    CHECK_STR(doc_of(a), "fine");
    saydo_article_free(a);
    CHECK_INT(saydo_reader_next(r, &a, &err), 0);
    saydo_reader_close(r);
}

TEST(ingest_jsonl_not_json)
{
    const char *path = PUT("bad.jsonl", "{\"text\":\"first\"}\n"
                                        "{\"text\": oops}\n"
                                        "[1, 2]\n"
                                        "\"just a string\"\n"
                                        "{\"text\":\"last\"}\n");
    saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, 0);
    saydo_article *a = NULL;
    saydo_error err;
    CHECK_INT(saydo_reader_next(r, &a, &err), 1);
    saydo_article_free(a);
    CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_PARSE);
    CHECK_CONTAINS(err.message, "invalid JSON at column"); CHECK_INT(err.line, 2);
    CHECK_CONTAINS(err.message, "column");
    CHECK_INT(err.line, 2);
    CHECK(err.byte >= 17 && err.byte <= 31);
    CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_PARSE);
    CHECK_CONTAINS(err.message, "not a JSON object (found an array)"); CHECK_INT(err.line, 3);
    CHECK_INT(err.byte, 32);
    CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_PARSE);
    CHECK_INT(err.line, 4);
    CHECK_INT(saydo_reader_next(r, &a, &err), 1);
    CHECK_STR(doc_of(a), "last");
    CHECK_INT(saydo_article_line(a), 5);
    saydo_article_free(a);
    CHECK_INT(saydo_reader_next(r, &a, &err), 0);
    saydo_reader_close(r);
    char line[SAYDO_ERROR_MESSAGE_MAX + SAYDO_ERROR_FILE_MAX + 64];
    CHECK_CONTAINS(saydo_error_format(&err, line, sizeof line), "bad.jsonl:4:");
}

/* Hardening: a key given twice kept its last value silently (a second
 * "text" replaced the first).  Refused, naming file, line and key; the
 * next line is read. */
TEST(ingest_jsonl_duplicate_keys)
{
    const char *path = PUT("dup.jsonl", "{\"id\":\"a\",\"text\":\"Russia attacked Ukraine.\","
                                        "\"text\":\"China criticized Japan.\"}\n"
                                        "{\"id\":\"b\",\"m\":{\"k\\\"x\":1,\"k\\\"x\" :2},"
                                        "\"text\":\"x\"}\n"
                                        "{\"id\":\"c\",\"text\":\"last\",\"title\":\"t\"}\n");
    saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, 0);
    saydo_article *a = NULL;
    saydo_error err;
    CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_PARSE);
    CHECK_INT(err.line, 1);
    CHECK_CONTAINS(err.message, "duplicate key \"text\" at column 45");
    CHECK_INT(err.byte, 44);
    char line[SAYDO_ERROR_MESSAGE_MAX + SAYDO_ERROR_FILE_MAX + 64];
    CHECK_CONTAINS(saydo_error_format(&err, line, sizeof line), "dup.jsonl:1:");
    CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_PARSE); /* in a metadata object too */
    CHECK_INT(err.line, 2);
    CHECK_CONTAINS(err.message, "duplicate key \"k\\\"x\"");
    CHECK_INT(saydo_reader_next(r, &a, &err), 1);
    CHECK_STR(saydo_article_id(a), "c");
    saydo_article_free(a);
    CHECK_INT(saydo_reader_next(r, &a, &err), 0);
    saydo_reader_close(r);
}

TEST(ingest_jsonl_blank_lines)
{
    const char *path = PUT("blanks.jsonl", "\n  \r\n{\"text\":\"t\"}\r\n\n\t\n");
    saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, 0);
    saydo_article *a = NULL;
    saydo_error err;
    CHECK_INT(saydo_reader_next(r, &a, &err), 1);
    CHECK_INT(saydo_article_line(a), 3);
    CHECK_STR(doc_of(a), "t");
    saydo_article_free(a);
    CHECK_INT(saydo_reader_next(r, &a, &err), 0);
    saydo_reader_close(r);

    const char *names[] = {"allblank.jsonl", "zero.jsonl"};
    const char *bodies[] = {"\n \n\r\n\n", ""};
    for (int i = 0; i < 2; i++) {
        path = put_file(t, names[i], bodies[i], strlen(bodies[i]));
        r = open_with(t, path, SAYDO_INPUT_JSONL, NULL, 0);
        CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_EMPTY);
        CHECK_STR(err.message, "empty file");
        CHECK_INT(saydo_reader_next(r, &a, &err), 0);
        CHECK_INT(saydo_reader_next(r, &a, &err), 0);
        saydo_reader_close(r);
    }
}

TEST(ingest_jsonl_nul_and_invalid_utf8)
{
    static const char body[] = "{\"text\":\"one\"}\n"
                               "{\"text\":\"t\0wo\"}\n"
                               "{\"title\":\"Caf\xE9\",\"text\":\"na\xEFve \xFF\"}\n"
                               "{\"text\":\"four\xC3\"}\n";
    const char *path = put_file(t, "mixed.jsonl", body, sizeof body - 1);
    saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, 0);
    saydo_article *a = NULL;
    saydo_error err;
    CHECK_INT(saydo_reader_next(r, &a, &err), 1);
    saydo_article_free(a);
    CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_UTF8);
    CHECK_CONTAINS(err.message, "binary data (NUL byte at byte 25)"); CHECK_INT(err.line, 2);
    CHECK_INT(err.line, 2);
    CHECK_INT(err.byte, 25);
    CHECK_INT(saydo_reader_next(r, &a, &err), 1);
    CHECK_STR(saydo_article_title(a), "Caf\xEF\xBF\xBD");
    CHECK_STR(doc_of(a), "Caf\xEF\xBF\xBD\n\nna\xEF\xBF\xBDve \xEF\xBF\xBD");
    saydo_article_free(a);
    CHECK_INT(saydo_reader_next(r, &a, &err), 1);
    CHECK_STR(doc_of(a), "four\xEF\xBF\xBD");
    saydo_article_free(a);
    long first = 0;
    CHECK_INT(saydo_reader_invalid_utf8(r, &first), 4);
    CHECK_INT(first, 3);
    CHECK_INT(saydo_reader_next(r, &a, &err), 0);
    saydo_reader_close(r);
}

/* Write a JSONL line of about `bytes` bytes (text of 'x'), with a newline
 * when newline is set, in 1 MiB chunks. */
static int write_long_line(FILE *f, size_t bytes, int newline)
{
    static char chunk[1 << 20];
    memset(chunk, 'x', sizeof chunk);
    if (fputs("{\"text\":\"", f) < 0)
        return -1;
    for (size_t done = 0; done < bytes; done += sizeof chunk)
        if (fwrite(chunk, 1, sizeof chunk, f) != sizeof chunk)
            return -1;
    if (fputs("\"}", f) < 0 || (newline && fputc('\n', f) < 0))
        return -1;
    return 0;
}

TEST(ingest_jsonl_line_too_long)
{
    const char *path = sd_test_path(t, "long.jsonl");
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK(write_long_line(f, (size_t)3 << 20, 1) == 0);
    fputs("{\"id\":\"after\",\"text\":\"short\"}\n", f);
    CHECK(fclose(f) == 0);
    saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, (size_t)1 << 20);
    saydo_article *a = NULL;
    saydo_error err;
    CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_LIMIT);
    CHECK_INT(err.line, 1);
    CHECK_STR(err.file, path);
    CHECK_CONTAINS(err.message, "line is longer than 1048576 bytes"); CHECK_INT(err.line, 1);
    CHECK(r->line_buf.cap <= ((size_t)2 << 20) + 1);
    CHECK_INT(saydo_reader_next(r, &a, &err), 1);
    CHECK_STR(saydo_article_id(a), "after");
    CHECK_INT(saydo_article_line(a), 2);
    saydo_article_free(a);
    CHECK_INT(saydo_reader_next(r, &a, &err), 0);
    saydo_reader_close(r);
    remove(path);

    if (t->quick)
        return;
    /* 100 MiB without a newline, default limit (16 MiB). */
    path = sd_test_path(t, "huge.jsonl");
    f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK(write_long_line(f, (size_t)100 << 20, 0) == 0);
    CHECK(fclose(f) == 0);
    r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, 0);
    CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_LIMIT);
    CHECK_CONTAINS(err.message, "longer than 16777216 bytes");
    CHECK(r->line_buf.cap <= SAYDO_DEFAULT_MAX_ARTICLE_BYTES * 2 + 1);
    CHECK_INT(saydo_reader_next(r, &a, &err), 0);
    saydo_reader_close(r);
    remove(path);
}

TEST(ingest_jsonl_crlf_and_bom)
{
    const char *path = PUT("crlf.jsonl", "\xEF\xBB\xBF{\"text\":\"a\\r\\nb\"}\r\n{\"text\":\"c\"}\r\n");
    saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, 0);
    saydo_article *a = NULL;
    CHECK_INT(saydo_reader_next(r, &a, NULL), 1);
    CHECK_STR(doc_of(a), "a\r\nb");
    saydo_article_free(a);
    CHECK_INT(saydo_reader_next(r, &a, NULL), 1);
    CHECK_STR(doc_of(a), "c");
    saydo_article_free(a);
    saydo_reader_close(r);
}

/* -------------------------------------------------------- format choice */

static const char *first_doc(sd_test *t, const char *path, saydo_input_format format,
                             char *buf, size_t n)
{
    saydo_reader *r = open_with(t, path, format, NULL, 0);
    saydo_article *a = NULL;
    buf[0] = '\0';
    if (r && saydo_reader_next(r, &a, NULL) == 1)
        snprintf(buf, n, "%s", doc_of(a));
    saydo_article_free(a);
    saydo_reader_close(r);
    return buf;
}

TEST(ingest_auto_detect)
{
    char buf[256];
    const char *json = "  \n{\"text\":\"inside\"}\n";
    const char *prose = "Plain words {not json}\n";
    size_t jn = strlen(json), pn = strlen(prose);
    /* by extension */
    CHECK_STR(first_doc(t, put_file(t, "e.json", json, jn), SAYDO_INPUT_AUTO, buf, sizeof buf),
              "inside");
    CHECK_STR(first_doc(t, put_file(t, "e.NDJSON", json, jn), SAYDO_INPUT_AUTO, buf, sizeof buf),
              "inside");
    CHECK_STR(first_doc(t, put_file(t, "e.md", json, jn), SAYDO_INPUT_AUTO, buf, sizeof buf),
              json);
    CHECK_STR(first_doc(t, put_file(t, "e.txt", json, jn), SAYDO_INPUT_AUTO, buf, sizeof buf),
              json);
    /* by content */
    CHECK_STR(first_doc(t, put_file(t, "c1", json, jn), SAYDO_INPUT_AUTO, buf, sizeof buf),
              "inside");
    CHECK_STR(first_doc(t, put_file(t, "c2.dat", prose, pn), SAYDO_INPUT_AUTO, buf, sizeof buf),
              prose);
    /* forced */
    CHECK_STR(first_doc(t, put_file(t, "f.jsonl", json, jn), SAYDO_INPUT_TEXT, buf, sizeof buf),
              json);
    CHECK_STR(first_doc(t, put_file(t, "f.txt", json, jn), SAYDO_INPUT_JSONL, buf, sizeof buf),
              "inside");
}

/* ------------------------------------------------------------- in memory */

TEST(article_new_in_memory)
{
    saydo_article *a = NULL;
    saydo_error err;
    CHECK_INT(saydo_article_new("m1", "2021-07-08", NULL, "Body text.", 10, &a, &err), 0);
    CHECK_STR(saydo_article_id(a), "m1");
    CHECK_STR(saydo_article_date(a), "2021-07-08");
    CHECK_STR(doc_of(a), "Body text.");
    CHECK_STR(saydo_article_file(a), "");
    CHECK_INT(saydo_article_line(a), 0);
    CHECK_INT(a->has_title, 0);
    saydo_article_free(a);

    CHECK_INT(saydo_article_new(NULL, NULL, "Head", "Body \xFF", 6, &a, &err), 0);
    CHECK_STR(saydo_article_id(a), "");
    CHECK_STR(saydo_article_date(a), "");
    CHECK_STR(saydo_article_title(a), "Head");
    CHECK_STR(doc_of(a), "Head\n\nBody \xEF\xBF\xBD");
    CHECK_INT(a->has_title, 1);
    saydo_article_free(a);

    a = NULL;
    CHECK_INT(saydo_article_new("x", "2021-02-29", NULL, "t", 1, &a, &err), SAYDO_ERR_ARG);
    CHECK_INT(saydo_article_new("x", NULL, NULL, NULL, 0, &a, &err), SAYDO_ERR_ARG);
    CHECK_INT(saydo_article_new("x", NULL, NULL, "  \n", 3, &a, &err), SAYDO_ERR_EMPTY);
    CHECK_INT(saydo_article_new("x", NULL, NULL, "a\0b", 3, &a, &err), SAYDO_ERR_UTF8);
    CHECK(a == NULL);
    /* Accessors tolerate NULL. */
    CHECK_STR(saydo_article_id(NULL), "");
    CHECK_INT(saydo_reader_invalid_utf8(NULL, NULL), 0);
}

TEST(utf8_step_table)
{
    struct {
        const char *s;
        size_t n, step;
        int valid;
    } cases[] = {
        {"a", 1, 1, 1},           {"\xC3\xA9", 2, 2, 1},     {"\xC1\xBF", 2, 1, 0},
        {"\xE0\x9F\x80", 3, 1, 0}, {"\xE0\xA0\x80", 3, 3, 1}, {"\xED\x9F\xBF", 3, 3, 1},
        {"\xED\xA0\x80", 3, 1, 0}, {"\xF0\x8F\xBF\xBF", 4, 1, 0},
        {"\xF0\x90\x80\x80", 4, 4, 1}, {"\xF4\x8F\xBF\xBF", 4, 4, 1},
        {"\xF4\x90\x80\x80", 4, 1, 0}, {"\xF5\x80", 2, 1, 0}, {"\x80", 1, 1, 0},
        {"\xE2\x82", 2, 2, 0},     {"\xF0\x90\x80", 3, 3, 0}, {"\xE2\x82x", 3, 2, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int valid = -1;
        size_t k = sd_utf8_step((const unsigned char *)cases[i].s, cases[i].n, &valid);
        if (k != cases[i].step || valid != cases[i].valid)
            sd_test_fail(t, __FILE__, __LINE__, "case %zu: step %zu valid %d", i, k, valid);
    }
}

/* ------------------------------------------------------ fault injection */

/* Read everything from path; returns the number of NOMEM results seen. */
static int read_all_failing(sd_test *t, const char *path, long fail_at, int *completed)
{
    saydo_reader *r = NULL;
    saydo_error err;
    int nomem = 0;
    *completed = 0;
    sd_alloc_fail_after(fail_at);
    int rc = saydo_reader_open(path, NULL, &r, &err);
    if (rc == SAYDO_ERR_NOMEM) {
        sd_alloc_fail_after(0);
        return 1;
    }
    CHECK_INT(rc, 0);
    for (int guard = 0; r && guard < 100; guard++) {
        saydo_article *a = NULL;
        rc = saydo_reader_next(r, &a, &err);
        saydo_article_free(a);
        if (rc == SAYDO_ERR_NOMEM) {
            nomem = 1;
            CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_NOMEM);
            CHECK(a == NULL);
            break;
        }
        if (rc == 0) {
            *completed = 1;
            break;
        }
    }
    saydo_reader_close(r);
    sd_alloc_fail_after(0);
    return nomem;
}

TEST(ingest_fault_injection)
{
    const char *jsonl = PUT("fault.jsonl", "{\"id\":1,\"title\":\"T\",\"text\":\"a b\",\"x\":[1]}\n"
                                           "{\"text\":\"caf\xE9\"}\n"
                                           "not json\n"
                                           "{\"text\":\"end\",\"date\":\"2020-01-01\"}\n");
    const char *text = PUT("fault.txt", "Headline\n\nBody with \xFF bad byte.\n");
    const char *paths[] = {jsonl, text};
    for (int p = 0; p < 2; p++) {
        int failures = 0, completed = 0;
        long n;
        for (n = 1; n < 200; n++) {
            failures += read_all_failing(t, paths[p], n, &completed);
            if (completed)
                break;
        }
        CHECK(completed);
        CHECK(failures > 0);
    }
}

TEST(ingest_latin1_text_is_repaired_not_refused)
{
    /* A Latin-1 file: a few invalid bytes among ASCII are repaired, the
     * file is not taken for binary. */
    const char *path = PUT("latin1.txt", "Le caf\xE9 de la cr\xE8me: na\xEFve d\xE9j\xE0 vu.\n"
                                         "Second line, all ASCII.\n");
    saydo_reader *r = open_with(t, path, SAYDO_INPUT_AUTO, NULL, 0);
    saydo_article *a = NULL;
    CHECK_INT(saydo_reader_next(r, &a, NULL), 1);
    CHECK_CONTAINS(doc_of(a), "caf\xEF\xBF\xBD de");
    long first = 0;
    CHECK_INT(saydo_reader_invalid_utf8(r, &first), 5);
    CHECK_INT(first, 1);
    saydo_article_free(a);
    saydo_reader_close(r);
}
