/*
 * ingest_text.c -- plain text input: the whole input is one article.
 *
 * The document is the file's bytes after the BOM (ingest.c skips it), CRLF
 * kept as is, with invalid UTF-8 sequences replaced by U+FFFD (counted for
 * saydo_reader_invalid_utf8).  id is the file's base name without
 * extension ("stdin" for standard input), date the reader's default date,
 * title "" (the first non-empty line is the headline; the sentence
 * splitter finds it).  Refused as a whole: larger than max_article_bytes
 * (LIMIT), a NUL byte anywhere (UTF8), nothing but white space (EMPTY).
 * Whatever the outcome, the next call returns 0.
 */
#include <string.h>

#include "article.h"
#include "error.h"
#include "ingest.h"

/* 1-based line of byte off in s. */
static long line_of(const char *s, size_t off)
{
    long line = 1;
    const char *p = s, *end = s + off;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        line++;
        p++;
    }
    return line;
}

int sd_ingest_text_next(saydo_reader *reader, saydo_article **out, saydo_error *err)
{
    reader->done = 1;
    long long start = sd_ingest_offset(reader);
    sd_buf *text = &reader->line_buf;
    sd_buf_clear(text);
    if (sd_buf_append(text, "", 0))
        return sd_ingest_die(reader, SAYDO_ERR_NOMEM, err, "out of memory");
    for (;;) {
        if (sd_ingest_fill(reader))
            return sd_ingest_die(reader, SAYDO_ERR_IO, err, "cannot read: read error");
        if (reader->eof)
            break;
        size_t take = reader->len - reader->pos;
        if (take > reader->max_bytes - text->len) {
            sd_buf_free(text);
            return sd_error_set(err, SAYDO_ERR_LIMIT, reader->file, 0,
                                start + (long long)reader->max_bytes,
                                "file is larger than %zu bytes (max_article_bytes)",
                                reader->max_bytes);
        }
        if (sd_buf_append(text, reader->chunk + reader->pos, take))
            return sd_ingest_die(reader, SAYDO_ERR_NOMEM, err, "out of memory");
        reader->pos += take;
    }
    int rc = 0;
    const char *nul = memchr(text->data, '\0', text->len);
    if (nul) {
        size_t off = (size_t)(nul - text->data);
        rc = sd_error_set(err, SAYDO_ERR_UTF8, reader->file, line_of(text->data, off),
                          start + (long long)off, "binary data (NUL byte at byte %lld)",
                          start + (long long)off);
    } else if (sd_is_blank(text->data, text->len)) {
        rc = sd_error_set(err, SAYDO_ERR_EMPTY, reader->file, 0, -1, "empty file");
    }
    if (rc) {
        sd_buf_free(text);
        return rc;
    }
    reader->line = line_of(text->data, text->len);

    const char *doc = text->data;
    size_t doc_len = text->len;
    size_t first_bad = sd_utf8_first_invalid(text->data, text->len);
    if (first_bad < text->len) {
        sd_buf *fixed = &reader->work_buf;
        sd_buf_clear(fixed);
        long n = sd_utf8_repair(text->data, text->len, fixed, NULL);
        if (n < 0)
            return sd_ingest_die(reader, SAYDO_ERR_NOMEM, err, "out of memory");
        sd_ingest_note_invalid(reader, n, line_of(text->data, first_bad));
        doc = fixed->data;
        doc_len = fixed->len;
    }
    sd_article_spec spec = {0};
    spec.id = reader->stem;
    spec.date = reader->date;
    spec.file = reader->file;
    spec.text = doc;
    spec.text_len = doc_len;
    spec.line = 1;
    spec.byte = start;
    rc = sd_article_make(&spec, out);
    sd_buf_free(&reader->line_buf);
    sd_buf_free(&reader->work_buf);
    if (rc)
        return sd_ingest_die(reader, SAYDO_ERR_NOMEM, err, "out of memory");
    return 1;
}
