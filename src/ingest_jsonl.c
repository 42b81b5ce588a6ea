/*
 * ingest_jsonl.c -- JSON Lines input: one article per line.
 *
 * Fields of a line's object (under these names, or those the reader's
 * field mapping gives, e.g. text=body):
 *   id      string or integer; missing, null or "" -> "<stem>:<line>" where
 *           stem is the file's base name without extension ("stdin")
 *   date    any form sd_date_normalize takes (ISO 8601 with or without
 *           time and zone, YYYYMMDD, RFC 822), normalised to the UTC day;
 *           missing, null or "" -> the reader's default date or "";
 *           anything else -> PARSE
 *   title   string; when not blank the document is title "\n\n" text and
 *           the article's has_title is 1
 *   text    required: a string with some non-space content, else PARSE
 *           "line N: no text"
 *   url, source (the outlet)   strings
 * Any other fields are kept as the article's metadata: a compact JSON
 * object with sorted keys ("" when there are none).  A present field of
 * the wrong type is a PARSE error for the line.
 *
 * Lines are read through a bounded buffer: a line longer than
 * max_article_bytes is refused (LIMIT) and the rest of it is skipped
 * without being buffered.  Blank lines are skipped; when every line is
 * blank the reader reports EMPTY "empty file" once, then its end.  A NUL
 * byte refuses only its line (UTF8); other invalid UTF-8 is replaced by
 * U+FFFD before jansson (which rejects invalid UTF-8) sees the line.
 * A trailing CR (CRLF line ends) is dropped.
 */
#include <jansson.h>
#include <string.h>

#include "article.h"
#include "error.h"
#include "ingest.h"

/* Read the next line into reader->line_buf (without its '\n').  Returns 1
 * when a line was read (*too_long set when it was longer than max_bytes:
 * the buffer then holds nothing useful), 0 at the end of the input, or
 * SAYDO_ERR_IO / SAYDO_ERR_NOMEM. */
static int read_line(saydo_reader *reader, int *too_long)
{
    sd_buf *line = &reader->line_buf;
    sd_buf_clear(line);
    *too_long = 0;
    int got = 0;
    for (;;) {
        if (sd_ingest_fill(reader))
            return SAYDO_ERR_IO;
        if (reader->eof)
            break;
        got = 1;
        const unsigned char *p = reader->chunk + reader->pos;
        size_t avail = reader->len - reader->pos;
        const unsigned char *nl = memchr(p, '\n', avail);
        size_t seg = nl ? (size_t)(nl - p) : avail;
        if (!*too_long) {
            if (seg > reader->max_bytes - line->len) {
                *too_long = 1;
                sd_buf_clear(line);
            } else if (sd_buf_append(line, p, seg)) {
                return SAYDO_ERR_NOMEM;
            }
        }
        reader->pos += seg + (nl ? 1 : 0);
        if (nl)
            break;
    }
    if (!got)
        return 0;
    reader->line++;
    if (sd_buf_append(line, "", 0))
        return SAYDO_ERR_NOMEM;
    return 1;
}

/* The string value of a field: 0 with *value NULL when missing or null,
 * 0 with *value set for a string, -1 for another type. */
static int string_field(json_t *root, const char *key, const char **value, size_t *len)
{
    json_t *v = json_object_get(root, key);
    *value = NULL;
    *len = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return -1;
    *value = json_string_value(v);
    *len = json_string_length(v);
    return 0;
}

static const char *json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

/* The line's extra fields as compact sorted JSON into meta ("" if none).
 * 0 or SAYDO_ERR_NOMEM. */
static int extra_fields(const saydo_reader *reader, json_t *root, sd_buf *meta)
{
    if (sd_buf_append(meta, "", 0))
        return SAYDO_ERR_NOMEM;
    json_t *rest = json_copy(root); /* shallow: values are shared */
    if (!rest)
        return SAYDO_ERR_NOMEM;
    for (int i = 0; i < SD_FIELD_COUNT; i++)
        json_object_del(rest, sd_ingest_field(reader, i));
    int rc = 0;
    if (json_object_size(rest) > 0) {
        size_t flags = JSON_COMPACT | JSON_SORT_KEYS;
        size_t need = json_dumpb(rest, NULL, 0, flags);
        if (need == 0 || sd_buf_reserve(meta, need))
            rc = SAYDO_ERR_NOMEM;
        else if (json_dumpb(rest, meta->data, need, flags) != need)
            rc = SAYDO_ERR_NOMEM;
        else {
            meta->len = need;
            meta->data[need] = '\0';
        }
    }
    json_decref(rest);
    return rc;
}

/* The JSON string token (quotes included) that ends just before data[end]:
 * the key jansson has just read when it reports a duplicate.  Returns 1
 * with *at and *len set, else 0. */
static int key_before(const char *data, size_t end, size_t *at, size_t *len)
{
    while (end > 0 && data[end - 1] != '"')
        end--;
    if (end < 2)
        return 0;
    for (size_t i = end - 1; i-- > 0;) {
        if (data[i] != '"')
            continue;
        size_t slashes = 0;
        while (slashes < i && data[i - 1 - slashes] == '\\')
            slashes++;
        if (slashes % 2 == 0) {
            *at = i;
            *len = end - i;
            return 1;
        }
    }
    return 0;
}

/* Turn one non-blank line data[0..n) (valid UTF-8, no NUL) into *out.
 * Returns 1, or a negative code with err filled. */
static int parse_line(saydo_reader *reader, const char *data, size_t n, long long start,
                      saydo_article **out, saydo_error *err)
{
    long line_no = reader->line;
    json_error_t jerr;
    /* a key given twice ("text" twice) is refused: jansson would keep the
     * last value and drop the first without a word */
    json_t *root = json_loadb(data, n, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        if (json_error_code(&jerr) == json_error_out_of_memory)
            return sd_ingest_die(reader, SAYDO_ERR_NOMEM, err, "out of memory");
        long long pos = jerr.position > 0 ? (long long)jerr.position : 0;
        if (pos > (long long)n)
            pos = (long long)n;
        if (json_error_code(&jerr) == json_error_duplicate_key) {
            size_t key_at, key_len;
            if (key_before(data, (size_t)pos, &key_at, &key_len))
                return sd_error_set(err, SAYDO_ERR_PARSE, reader->file, line_no,
                                    start + (long long)key_at,
                                    "duplicate key %.*s%s at column %zu: one value would be "
                                    "dropped",
                                    (int)(key_len > 80 ? 80 : key_len), data + key_at,
                                    key_len > 80 ? "..." : "", key_at + 1);
        }
        return sd_error_set(err, SAYDO_ERR_PARSE, reader->file, line_no, start + pos,
                            "invalid JSON at column %d (byte %lld): %s",
                            jerr.column, start + pos, jerr.text);
    }
    int rc = 0;
    sd_buf id_buf = SD_BUF_INIT, meta = SD_BUF_INIT;
    const char *title = NULL, *url = NULL, *outlet = NULL, *text, *date = NULL;
    size_t title_len, url_len, outlet_len, text_len, date_len;
    char date_copy[11];
    const char *bad_field = NULL;

    if (!json_is_object(root)) {
        rc = sd_error_set(err, SAYDO_ERR_PARSE, reader->file, line_no, start,
                          "not a JSON object (found %s)",
                          json_type_name(root));
        goto done;
    }
    const char *text_key = sd_ingest_field(reader, SD_FIELD_TEXT);
    json_t *text_v = json_object_get(root, text_key);
    if (!text_v || !json_is_string(text_v) ||
        sd_is_blank(json_string_value(text_v), json_string_length(text_v))) {
        int wrong = text_v && !json_is_string(text_v);
        if (wrong)
            rc = sd_error_set(err, SAYDO_ERR_PARSE, reader->file, line_no, start,
                              "no text (\"%.60s\" is %s, not a string)", text_key,
                              json_type_name(text_v));
        else if (text_v)
            rc = sd_error_set(err, SAYDO_ERR_PARSE, reader->file, line_no, start,
                              "no text (\"%.60s\" is empty)", text_key);
        else
            rc = sd_error_set(err, SAYDO_ERR_PARSE, reader->file, line_no, start,
                              "no text (no key \"%.60s\"%s)", text_key,
                              reader->field[SD_FIELD_TEXT]
                                  ? ", named by the text field mapping"
                                  : "; map another key with --field text=KEY");
        goto done;
    }
    text = json_string_value(text_v);
    text_len = json_string_length(text_v);
    if (string_field(root, sd_ingest_field(reader, SD_FIELD_TITLE), &title, &title_len))
        bad_field = sd_ingest_field(reader, SD_FIELD_TITLE);
    else if (string_field(root, sd_ingest_field(reader, SD_FIELD_URL), &url, &url_len))
        bad_field = sd_ingest_field(reader, SD_FIELD_URL);
    else if (string_field(root, sd_ingest_field(reader, SD_FIELD_SOURCE), &outlet, &outlet_len))
        bad_field = sd_ingest_field(reader, SD_FIELD_SOURCE);
    else if (string_field(root, sd_ingest_field(reader, SD_FIELD_DATE), &date, &date_len))
        bad_field = sd_ingest_field(reader, SD_FIELD_DATE);
    if (bad_field) {
        rc = sd_error_set(err, SAYDO_ERR_PARSE, reader->file, line_no, start,
                          "\"%.60s\" is %s, not a string", bad_field,
                          json_type_name(json_object_get(root, bad_field)));
        goto done;
    }
    if (date && date_len > 0) {
        if (!sd_date_normalize(date, date_len, date_copy)) {
            rc = sd_error_set(err, SAYDO_ERR_PARSE, reader->file, line_no, start,
                              "bad date \"%.40s\" (expected YYYY-MM-DD, YYYYMMDD, an ISO "
                              "8601 timestamp or an RFC 822 date)",
                              date);
            goto done;
        }
        date = date_copy;
    } else {
        date = reader->date;
    }

    json_t *id_v = json_object_get(root, sd_ingest_field(reader, SD_FIELD_ID));
    if (id_v && json_is_string(id_v) && json_string_length(id_v) > 0)
        rc = sd_buf_puts(&id_buf, json_string_value(id_v));
    else if (id_v && json_is_integer(id_v))
        rc = sd_buf_printf(&id_buf, "%" JSON_INTEGER_FORMAT, json_integer_value(id_v));
    else if (!id_v || json_is_null(id_v) || json_is_string(id_v))
        rc = sd_buf_printf(&id_buf, "%s:%ld", reader->stem, line_no);
    else {
        rc = sd_error_set(err, SAYDO_ERR_PARSE, reader->file, line_no, start,
                          "\"%.60s\" is %s, not a string or an integer",
                          sd_ingest_field(reader, SD_FIELD_ID), json_type_name(id_v));
        goto done;
    }
    if (rc || extra_fields(reader, root, &meta)) {
        rc = sd_ingest_die(reader, SAYDO_ERR_NOMEM, err, "out of memory");
        goto done;
    }

    sd_article_spec spec = {0};
    spec.id = id_buf.data;
    spec.date = date;
    spec.title = title;
    spec.url = url;
    spec.outlet = outlet;
    spec.meta = meta.data;
    spec.file = reader->file;
    spec.text = text;
    spec.text_len = text_len;
    spec.title_in_text = title && !sd_is_blank(title, title_len);
    spec.line = line_no;
    spec.byte = start;
    if (sd_article_make(&spec, out))
        rc = sd_ingest_die(reader, SAYDO_ERR_NOMEM, err, "out of memory");
    else
        rc = 1;
done:
    json_decref(root);
    sd_buf_free(&id_buf);
    sd_buf_free(&meta);
    return rc;
}

int sd_ingest_jsonl_next(saydo_reader *reader, saydo_article **out, saydo_error *err)
{
    for (;;) {
        long long start = sd_ingest_offset(reader);
        int too_long;
        int rc = read_line(reader, &too_long);
        if (rc == SAYDO_ERR_IO)
            return sd_ingest_die(reader, rc, err, "cannot read: read error");
        if (rc == SAYDO_ERR_NOMEM)
            return sd_ingest_die(reader, rc, err, "out of memory");
        if (rc == 0) {
            reader->done = 1;
            if (!reader->saw_record) {
                reader->saw_record = 1;
                return sd_error_set(err, SAYDO_ERR_EMPTY, reader->file, 0, -1, "empty file");
            }
            return 0;
        }
        long line_no = reader->line;
        if (too_long) {
            reader->saw_record = 1;
            return sd_error_set(err, SAYDO_ERR_LIMIT, reader->file, line_no, start,
                                "line is longer than %zu bytes (max_article_bytes)",
                                reader->max_bytes);
        }
        const char *data = reader->line_buf.data;
        size_t n = reader->line_buf.len;
        if (n && data[n - 1] == '\r')
            n--;
        if (sd_is_blank(data, n))
            continue;
        reader->saw_record = 1;
        const char *nul = memchr(data, '\0', n);
        if (nul) {
            long long at = start + (long long)(nul - data);
            return sd_error_set(err, SAYDO_ERR_UTF8, reader->file, line_no, at,
                                "binary data (NUL byte at byte %lld)", at);
        }
        size_t first_bad = sd_utf8_first_invalid(data, n);
        if (first_bad < n) {
            sd_buf *fixed = &reader->work_buf;
            sd_buf_clear(fixed);
            long count = sd_utf8_repair(data, n, fixed, NULL);
            if (count < 0)
                return sd_ingest_die(reader, SAYDO_ERR_NOMEM, err, "out of memory");
            sd_ingest_note_invalid(reader, count, line_no);
            data = fixed->data;
            n = fixed->len;
        }
        return parse_line(reader, data, n, start, out, err);
    }
}
