/*
 * ingest.c -- input readers: open a file or standard input, choose its
 * format, refuse binary input, and hand records to the format's stage
 * (ingest_text.c: one article per file; ingest_jsonl.c: one per line).
 *
 * Format (SAYDO_INPUT_AUTO): by extension first (.jsonl .ndjson .json ->
 * JSONL; .txt .text .md -> TEXT, case-insensitive), else by content: the
 * first non-space byte of the first chunk is '{' -> JSONL, else TEXT.
 * Standard input is sniffed the same way from its first buffered chunk.
 *
 * A UTF-8 byte order mark at the very start of the input is skipped:
 * article text and its offsets begin after it, while error byte offsets
 * stay offsets in the file.
 *
 * Binary input: when the first 4 KiB (after a BOM) is mostly -- more than
 * 30% of its bytes -- invalid UTF-8 or control characters other than
 * \t \n \r \f \v, the whole input is refused once with SAYDO_ERR_UTF8
 * "binary file" and the reader then reports its end.
 *
 * Errors and recovery: after SAYDO_ERR_PARSE, _UTF8, _EMPTY or _LIMIT the
 * reader has skipped the bad record (for TEXT: the whole file) and the next
 * call goes on.  After SAYDO_ERR_IO or SAYDO_ERR_NOMEM the reader is dead:
 * every later call returns the same code; only saydo_reader_close is
 * useful.  Memory stays O(max_article_bytes + one chunk) whatever the
 * input's size.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "article.h"
#include "error.h"
#include "ingest.h"

int sd_ingest_fill(saydo_reader *reader)
{
    if (reader->pos < reader->len || reader->eof)
        return 0;
    reader->chunk_base += (long long)reader->len;
    reader->pos = reader->len = 0;
    size_t n = fread(reader->chunk, 1, SD_INGEST_CHUNK, reader->fp);
    if (n == 0) {
        reader->eof = 1;
        if (ferror(reader->fp))
            return SAYDO_ERR_IO;
    }
    reader->len = n;
    return 0;
}

void sd_ingest_note_invalid(saydo_reader *reader, long n, long line)
{
    if (n <= 0)
        return;
    if (reader->invalid_utf8 == 0)
        reader->invalid_first_line = line;
    reader->invalid_utf8 += n;
}

int sd_ingest_die(saydo_reader *reader, int code, saydo_error *err, const char *fmt, ...)
{
    reader->dead = code;
    if (err) {
        char msg[SAYDO_ERROR_MESSAGE_MAX];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        sd_error_set(err, code, reader->file, 0, sd_ingest_offset(reader), "%s",
                     msg);
    }
    return code;
}

/* The base name of path without its extension ("a/b/x.txt" -> "x"); a
 * leading dot is not an extension.  Returns a new string or NULL. */
static char *path_stem(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base && base[1] ? base + 1 : path;
    size_t n = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot > base)
        n = (size_t)(dot - base);
    char *stem = sd_malloc(n + 1);
    if (stem) {
        memcpy(stem, base, n);
        stem[n] = '\0';
    }
    return stem;
}

/* Format implied by path's extension, or AUTO when it implies none. */
static saydo_input_format format_by_extension(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return SAYDO_INPUT_AUTO;
    static const char *const jsonl[] = {".jsonl", ".ndjson", ".json"};
    static const char *const text[] = {".txt", ".text", ".md"};
    for (size_t i = 0; i < sizeof jsonl / sizeof *jsonl; i++)
        if (strcasecmp(dot, jsonl[i]) == 0)
            return SAYDO_INPUT_JSONL;
    for (size_t i = 0; i < sizeof text / sizeof *text; i++)
        if (strcasecmp(dot, text[i]) == 0)
            return SAYDO_INPUT_TEXT;
    return SAYDO_INPUT_AUTO;
}

static saydo_input_format format_by_content(const saydo_reader *reader)
{
    for (size_t i = reader->pos; i < reader->len; i++) {
        unsigned char c = reader->chunk[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
            continue;
        return c == '{' ? SAYDO_INPUT_JSONL : SAYDO_INPUT_TEXT;
    }
    return SAYDO_INPUT_TEXT;
}

/* 1 when the first SD_INGEST_SNIFF unread bytes look binary (see top). */
static int looks_binary(const saydo_reader *reader)
{
    const unsigned char *p = reader->chunk + reader->pos;
    size_t avail = reader->len - reader->pos;
    size_t sample = avail < SD_INGEST_SNIFF ? avail : SD_INGEST_SNIFF;
    size_t bad = 0, i = 0;
    while (i < sample) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') ||
                c == 0x7F)
                bad++;
            i++;
            continue;
        }
        int valid;
        /* Step over all available bytes so a sequence cut by the sample's
         * end is judged on its full bytes. */
        size_t k = sd_utf8_step(p + i, avail - i, &valid);
        if (!valid)
            bad += k;
        i += k;
    }
    return sample > 0 && bad * 10 > sample * 3;
}

static int has_utf16_bom(const saydo_reader *reader)
{
    const unsigned char *p = reader->chunk + reader->pos;
    size_t avail = reader->len - reader->pos;
    return avail >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF));
}

int saydo_reader_open(const char *path, const saydo_reader_options *opts, saydo_reader **out,
                      saydo_error *err)
{
    saydo_reader_options defaults = SAYDO_READER_OPTIONS_INIT;
    if (!out)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "no place for the reader");
    *out = NULL;
    if (!opts)
        opts = &defaults;
    if (opts->version != SAYDO_READER_OPTIONS_VERSION)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1,
                            "reader options version %u is not supported (expected %u)",
                            opts->version, (unsigned)SAYDO_READER_OPTIONS_VERSION);
    if (opts->format != SAYDO_INPUT_AUTO && opts->format != SAYDO_INPUT_TEXT &&
        opts->format != SAYDO_INPUT_JSONL)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "unknown input format %d",
                            (int)opts->format);
    if (opts->date && opts->date[0] && !sd_date_valid(opts->date, strlen(opts->date)))
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1,
                            "bad date \"%.40s\" (expected YYYY-MM-DD)", opts->date);

    int is_stdin = !path || strcmp(path, "-") == 0;
    saydo_reader *reader = sd_calloc(1, sizeof *reader);
    if (!reader)
        return sd_error_nomem(err);
    reader->max_bytes = opts->max_article_bytes ? opts->max_article_bytes
                                                : SAYDO_DEFAULT_MAX_ARTICLE_BYTES;
    reader->file = sd_strdup(is_stdin ? "<stdin>" : path);
    reader->stem = is_stdin ? sd_strdup("stdin") : path_stem(path);
    reader->chunk = sd_malloc(SD_INGEST_CHUNK);
    if (opts->date && opts->date[0])
        reader->date = sd_strdup(opts->date);
    if (!reader->file || !reader->stem || !reader->chunk ||
        (opts->date && opts->date[0] && !reader->date)) {
        saydo_reader_close(reader);
        return sd_error_nomem(err);
    }
    if (is_stdin) {
        reader->fp = stdin;
    } else {
        reader->fp = fopen(path, "rb");
        if (!reader->fp) {
            int e = errno;
            sd_error_set(err, SAYDO_ERR_IO, path, 0, -1, "cannot open: %s", strerror(e));
            saydo_reader_close(reader);
            return SAYDO_ERR_IO;
        }
        reader->owns_fp = 1;
    }
    /* Buffer the first chunk: format sniffing, BOM, binary check. */
    if (sd_ingest_fill(reader)) {
        int e = errno;
        sd_error_set(err, SAYDO_ERR_IO, reader->file, 0, -1, "cannot read: %s", strerror(e));
        saydo_reader_close(reader);
        return SAYDO_ERR_IO;
    }
    if (reader->len >= 3 && memcmp(reader->chunk, "\xEF\xBB\xBF", 3) == 0)
        reader->pos = 3;
    reader->format = opts->format;
    if (reader->format == SAYDO_INPUT_AUTO && !is_stdin)
        reader->format = format_by_extension(path);
    if (reader->format == SAYDO_INPUT_AUTO)
        reader->format = format_by_content(reader);
    *out = reader;
    return 0;
}

int saydo_reader_next(saydo_reader *reader, saydo_article **out, saydo_error *err)
{
    if (!reader || !out)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "no reader or no place for the article");
    *out = NULL;
    if (reader->dead)
        return sd_error_set(err, reader->dead, reader->file, 0, -1,
                            "reading stopped after an earlier %s",
                            saydo_strerror(reader->dead));
    if (reader->done)
        return 0;
    if (!reader->checked) {
        reader->checked = 1;
        if (looks_binary(reader)) {
            reader->done = 1;
            return sd_error_set(err, SAYDO_ERR_UTF8, reader->file, 0, -1, "%s",
                                has_utf16_bom(reader) ? "binary file (UTF-16 text is not "
                                                        "supported: convert it to UTF-8)"
                                                      : "binary file");
        }
    }
    if (reader->format == SAYDO_INPUT_JSONL)
        return sd_ingest_jsonl_next(reader, out, err);
    return sd_ingest_text_next(reader, out, err);
}

long saydo_reader_invalid_utf8(const saydo_reader *reader, long *first_line)
{
    if (first_line)
        *first_line = reader ? reader->invalid_first_line : 0;
    return reader ? reader->invalid_utf8 : 0;
}

void saydo_reader_close(saydo_reader *reader)
{
    if (!reader)
        return;
    if (reader->fp && reader->owns_fp)
        fclose(reader->fp);
    free(reader->file);
    free(reader->stem);
    free(reader->date);
    free(reader->chunk);
    sd_buf_free(&reader->line_buf);
    sd_buf_free(&reader->work_buf);
    free(reader);
}
