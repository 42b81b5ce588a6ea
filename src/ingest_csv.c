/*
 * ingest_csv.c -- CSV (RFC 4180) and TSV with a header row: one article
 * per record, streamed (memory holds one record).
 *
 * Records: fields separated by ',' (TSV: tab), records by LF or CRLF.  A
 * field that starts with '"' is quoted: it runs to the next lone '"', may
 * hold separators and line ends, and "" inside it is one '"'.  Text after
 * a closing quote other than a separator or a line end is an error, and
 * so is an input that ends inside a quoted field ("unclosed quote",
 * naming the line the field opened on).  Blank lines are skipped.
 *
 * The first record is the header.  The field mapping (saydo_field_map,
 * --field) names the columns; unmapped fields use their own names (id,
 * date, title, text, url, source).  The text column is required: a header
 * without it, or without a column the mapping names, is refused as a
 * whole (PARSE on line 1, listing the header's columns).  Other columns
 * are the article's metadata (a JSON object).
 *
 * Per record (line = where it starts): a different number of fields than
 * the header, an empty text, or a date that is not a date is PARSE; a
 * record larger than max_article_bytes is LIMIT; a NUL byte is UTF8; the
 * reader goes on after each.  Dates are normalised by
 * sd_date_normalize.  id defaults to "<stem>:<line>".
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "article.h"
#include "error.h"
#include "ingest.h"

typedef struct csv_state {
    char sep;
    sd_buf record;      /* the record's fields, each NUL-terminated        */
    size_t *start;      /* offset of each field in record                  */
    size_t nfields, cap;
    char **header;      /* column names (owned)                            */
    size_t ncols;
    long column[SD_FIELD_COUNT]; /* column of each field, -1 when none     */
} csv_state;

static void csv_free(void *p)
{
    csv_state *cs = p;
    sd_buf_free(&cs->record);
    free(cs->start);
    for (size_t i = 0; i < cs->ncols; i++)
        free(cs->header[i]);
    free(cs->header);
    free(cs);
}

static int new_field(csv_state *cs)
{
    if (cs->nfields == cs->cap) {
        size_t cap = cs->cap ? cs->cap * 2 : 16;
        size_t *p = realloc(cs->start, cap * sizeof *p);
        if (!p)
            return SAYDO_ERR_NOMEM;
        cs->start = p;
        cs->cap = cap;
    }
    cs->start[cs->nfields++] = cs->record.len;
    return 0;
}

/* Outcome of reading one record. */
enum { REC_OK = 1, REC_END = 0, REC_BLANK = 2, REC_TOO_LONG = 3, REC_AFTER_QUOTE = 4,
       REC_UNCLOSED = 5, REC_NUL = 6 };

/* Read the next record into cs.  Returns REC_* or SAYDO_ERR_IO / NOMEM.
 * *first_line: the line it starts on; *where: the line of a problem. */
static int read_record(saydo_reader *reader, csv_state *cs, long *first_line, long *where,
                       long long *byte)
{
    sd_buf_clear(&cs->record);
    cs->nfields = 0;
    *first_line = reader->line + 1;
    *byte = sd_ingest_offset(reader);
    int quoted = 0, after_quote = 0, at_field_start = 1, too_long = 0, problem = 0, any = 0;
    long quote_line = 0;
    size_t raw = 0;
    if (new_field(cs))
        return SAYDO_ERR_NOMEM;
    for (;;) {
        if (sd_ingest_fill(reader))
            return SAYDO_ERR_IO;
        if (reader->eof) {
            if (quoted) {
                *where = quote_line;
                return REC_UNCLOSED;
            }
            if (!any)
                return REC_END;
            reader->line++;
            break;
        }
        char c = (char)reader->chunk[reader->pos++];
        any = 1;
        if (++raw > reader->max_bytes)
            too_long = 1;
        if (c == '\0' && !problem) {
            problem = REC_NUL;
            *where = reader->line + 1;
        }
        if (quoted) {
            if (c == '"') {
                quoted = 0;
                after_quote = 1;
                continue;
            }
            if (c == '\n')
                reader->line++;
        } else {
            if (c == '"' && at_field_start) {
                quoted = 1;
                quote_line = reader->line + 1;
                at_field_start = 0;
                continue;
            }
            if (c == '"' && after_quote) {
                /* "" inside a quoted field: one quote, still quoted */
                quoted = 1;
                after_quote = 0;
                if (!too_long && sd_buf_putc(&cs->record, '"'))
                    return SAYDO_ERR_NOMEM;
                continue;
            }
            if (c == '\n') {
                reader->line++;
                break;
            }
            if (c == cs->sep) {
                after_quote = 0;
                at_field_start = 1;
                if (!too_long && (sd_buf_putc(&cs->record, '\0') || new_field(cs)))
                    return SAYDO_ERR_NOMEM;
                continue;
            }
            if (after_quote && c != '\r' && !problem) {
                problem = REC_AFTER_QUOTE;
                *where = reader->line + 1;
            }
            at_field_start = 0;
        }
        if (!too_long && sd_buf_putc(&cs->record, c))
            return SAYDO_ERR_NOMEM;
    }
    if (too_long)
        return REC_TOO_LONG;
    if (problem)
        return problem;
    /* a CR before the LF ends the line, not the field */
    if (cs->record.len && cs->record.data[cs->record.len - 1] == '\r' && !after_quote)
        cs->record.len--;
    else if (after_quote && cs->record.len && cs->record.data[cs->record.len - 1] == '\r')
        cs->record.len--;
    if (sd_buf_putc(&cs->record, '\0'))
        return SAYDO_ERR_NOMEM;
    if (cs->nfields == 1 && sd_is_blank(cs->record.data, cs->record.len - 1))
        return REC_BLANK;
    return REC_OK;
}

static const char *field_at(const csv_state *cs, size_t i) { return cs->record.data + cs->start[i]; }

/* The column named name (exact, else case-insensitive), or -1. */
static long find_column(const csv_state *cs, const char *name)
{
    for (size_t i = 0; i < cs->ncols; i++)
        if (strcmp(cs->header[i], name) == 0)
            return (long)i;
    for (size_t i = 0; i < cs->ncols; i++)
        if (strcasecmp(cs->header[i], name) == 0)
            return (long)i;
    return -1;
}

static int read_header(saydo_reader *reader, csv_state *cs, saydo_error *err)
{
    long line, where = 0;
    long long byte;
    int rc;
    do
        rc = read_record(reader, cs, &line, &where, &byte);
    while (rc == REC_BLANK);
    if (rc == SAYDO_ERR_IO)
        return sd_ingest_die(reader, rc, err, "cannot read: read error");
    if (rc == SAYDO_ERR_NOMEM)
        return sd_ingest_die(reader, rc, err, "out of memory");
    reader->done = rc != REC_OK; /* a bad header ends the file */
    if (rc == REC_END)
        return sd_error_set(err, SAYDO_ERR_EMPTY, reader->file, 0, -1, "empty file");
    if (rc == REC_UNCLOSED)
        return sd_error_set(err, SAYDO_ERR_PARSE, reader->file, where, byte,
                            "unclosed quote in the header (the field opened on line %ld)",
                            where);
    if (rc != REC_OK)
        return sd_error_set(err, rc == REC_TOO_LONG ? SAYDO_ERR_LIMIT : SAYDO_ERR_PARSE,
                            reader->file, line, byte, "bad header row");
    cs->header = sd_calloc(cs->nfields, sizeof *cs->header);
    if (!cs->header)
        return sd_ingest_die(reader, SAYDO_ERR_NOMEM, err, "out of memory");
    cs->ncols = cs->nfields;
    for (size_t i = 0; i < cs->ncols; i++) {
        const char *name = field_at(cs, i);
        while (*name == ' ')
            name++;
        cs->header[i] = sd_strdup(name);
        if (!cs->header[i])
            return sd_ingest_die(reader, SAYDO_ERR_NOMEM, err, "out of memory");
        size_t n = strlen(cs->header[i]);
        while (n && cs->header[i][n - 1] == ' ')
            cs->header[i][--n] = '\0';
    }
    for (int f = 0; f < SD_FIELD_COUNT; f++) {
        cs->column[f] = find_column(cs, sd_ingest_field(reader, f));
        if (cs->column[f] >= 0 || (!reader->field[f] && f != SD_FIELD_TEXT))
            continue;
        sd_buf cols = SD_BUF_INIT;
        for (size_t i = 0; i < cs->ncols && i < 20; i++)
            sd_buf_printf(&cols, "%s\"%.40s\"", i ? ", " : "", cs->header[i]);
        if (cs->ncols > 20)
            sd_buf_puts(&cols, ", ...");
        reader->done = 1;
        rc = sd_error_set(err, SAYDO_ERR_PARSE, reader->file, line, byte,
                          "no column \"%.60s\" for the %s field%s; the header has %s",
                          sd_ingest_field(reader, f), sd_field_names[f],
                          reader->field[f] ? "" : " (map one with --field text=COLUMN)",
                          cols.data ? cols.data : "no columns");
        sd_buf_free(&cols);
        return rc;
    }
    reader->done = 0;
    return 0;
}

/* A field's value repaired into buf (NUL-terminated); -1 on NOMEM. */
static int repaired(saydo_reader *reader, const char *s, long line, sd_buf *buf)
{
    sd_buf_clear(buf);
    long bad = sd_utf8_repair(s, strlen(s), buf, NULL);
    if (bad < 0 || sd_buf_append(buf, "", 0))
        return -1;
    sd_ingest_note_invalid(reader, bad, line);
    return 0;
}

static int make_record(saydo_reader *reader, csv_state *cs, long line, long long byte,
                       saydo_article **out, saydo_error *err)
{
    if (cs->nfields != cs->ncols)
        return sd_error_set(err, SAYDO_ERR_PARSE, reader->file, line, byte,
                            "%zu field%s where the header has %zu columns", cs->nfields,
                            cs->nfields == 1 ? "" : "s", cs->ncols);
    const char *value[SD_FIELD_COUNT];
    for (int f = 0; f < SD_FIELD_COUNT; f++)
        value[f] = cs->column[f] >= 0 ? field_at(cs, (size_t)cs->column[f]) : "";
    const char *text = value[SD_FIELD_TEXT];
    if (sd_is_blank(text, strlen(text)))
        return sd_error_set(err, SAYDO_ERR_PARSE, reader->file, line, byte,
                            "no text (column \"%.60s\" is empty)",
                            cs->header[cs->column[SD_FIELD_TEXT]]);
    char day[11] = "";
    const char *date = value[SD_FIELD_DATE];
    if (!sd_is_blank(date, strlen(date)) && !sd_date_normalize(date, strlen(date), day))
        return sd_error_set(err, SAYDO_ERR_PARSE, reader->file, line, byte,
                            "bad date \"%.40s\" in column \"%.60s\"", date,
                            cs->header[cs->column[SD_FIELD_DATE]]);
    sd_buf fixed[SD_FIELD_COUNT], meta = SD_BUF_INIT, id = SD_BUF_INIT;
    int rc = 0;
    for (int f = 0; f < SD_FIELD_COUNT; f++) {
        fixed[f] = (sd_buf)SD_BUF_INIT;
        if (!rc && repaired(reader, value[f], line, &fixed[f]))
            rc = SAYDO_ERR_NOMEM;
    }
    if (!rc) {
        const char *given = fixed[SD_FIELD_ID].data;
        rc = sd_is_blank(given, fixed[SD_FIELD_ID].len)
                 ? sd_buf_printf(&id, "%s:%ld", reader->stem, line)
                 : sd_buf_puts(&id, given);
    }
    /* the other columns as metadata */
    size_t extra = 0;
    for (size_t i = 0; i < cs->ncols && !rc; i++) {
        int mapped = 0;
        for (int f = 0; f < SD_FIELD_COUNT; f++)
            mapped |= cs->column[f] == (long)i;
        if (mapped)
            continue;
        sd_buf v = SD_BUF_INIT;
        if (repaired(reader, field_at(cs, i), line, &v))
            rc = SAYDO_ERR_NOMEM;
        else if (sd_buf_puts(&meta, extra++ ? ",\"" : "{\"") ||
                 sd_buf_json_escape(&meta, cs->header[i], strlen(cs->header[i])) ||
                 sd_buf_puts(&meta, "\":\"") || sd_buf_json_escape(&meta, v.data, v.len) ||
                 sd_buf_putc(&meta, '"'))
            rc = SAYDO_ERR_NOMEM;
        sd_buf_free(&v);
    }
    if (!rc && extra && sd_buf_putc(&meta, '}'))
        rc = SAYDO_ERR_NOMEM;
    if (!rc) {
        sd_article_spec spec = {0};
        spec.id = id.data;
        spec.date = day[0] ? day : reader->date;
        spec.title = fixed[SD_FIELD_TITLE].data;
        spec.url = fixed[SD_FIELD_URL].data;
        spec.outlet = fixed[SD_FIELD_SOURCE].data;
        spec.meta = meta.data;
        spec.file = reader->file;
        spec.text = fixed[SD_FIELD_TEXT].data;
        spec.text_len = fixed[SD_FIELD_TEXT].len;
        spec.title_in_text = !sd_is_blank(fixed[SD_FIELD_TITLE].data, fixed[SD_FIELD_TITLE].len);
        spec.line = line;
        spec.byte = byte;
        rc = sd_article_make(&spec, out) ? SAYDO_ERR_NOMEM : 1;
    }
    for (int f = 0; f < SD_FIELD_COUNT; f++)
        sd_buf_free(&fixed[f]);
    sd_buf_free(&meta);
    sd_buf_free(&id);
    if (rc == SAYDO_ERR_NOMEM)
        return sd_ingest_die(reader, rc, err, "out of memory");
    return rc;
}

int sd_ingest_csv_next(saydo_reader *reader, saydo_article **out, saydo_error *err)
{
    if (!reader->state) {
        csv_state *cs = sd_calloc(1, sizeof *cs);
        if (!cs)
            return sd_ingest_die(reader, SAYDO_ERR_NOMEM, err, "out of memory");
        cs->sep = reader->format == SAYDO_INPUT_TSV ? '\t' : ',';
        reader->state = cs;
        reader->free_state = csv_free;
        int rc = read_header(reader, cs, err);
        if (rc)
            return rc;
    }
    csv_state *cs = reader->state;
    for (;;) {
        long line, where = 0;
        long long byte;
        int rc = read_record(reader, cs, &line, &where, &byte);
        switch (rc) {
        case SAYDO_ERR_IO: return sd_ingest_die(reader, rc, err, "cannot read: read error");
        case SAYDO_ERR_NOMEM: return sd_ingest_die(reader, rc, err, "out of memory");
        case REC_END: reader->done = 1; return 0;
        case REC_BLANK: continue;
        case REC_TOO_LONG:
            return sd_error_set(err, SAYDO_ERR_LIMIT, reader->file, line, byte,
                                "record is longer than %zu bytes (max_article_bytes)",
                                reader->max_bytes);
        case REC_AFTER_QUOTE:
            return sd_error_set(err, SAYDO_ERR_PARSE, reader->file, where, byte,
                                "text after the closing quote of a field (write \"\" for a "
                                "quote inside a quoted field)");
        case REC_UNCLOSED:
            reader->done = 1;
            return sd_error_set(err, SAYDO_ERR_PARSE, reader->file, where, byte,
                                "unclosed quote: the field opened on line %ld runs to the "
                                "end of the file",
                                where);
        case REC_NUL:
            return sd_error_set(err, SAYDO_ERR_UTF8, reader->file, where, byte,
                                "binary data (NUL byte)");
        default: return make_record(reader, cs, line, byte, out, err);
        }
    }
}
