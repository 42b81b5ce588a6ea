/*
 * ingest.c -- input readers: open a file or standard input, choose its
 * format, refuse binary input, and hand records to the format's stage
 * (ingest_text.c: one article per file; ingest_jsonl.c: one per line).
 *
 * Format (SAYDO_INPUT_AUTO): by extension first (.jsonl .ndjson .json ->
 * JSONL; .txt .text .md -> TEXT; .html .htm .xhtml -> HTML; .rss .atom ->
 * FEED; .csv -> CSV; .tsv .tab -> TSV; case-insensitive), else by content
 * (.xml always): the first non-space byte of the first chunk is '{' ->
 * JSONL; markup whose first element is rss, feed or rdf:RDF -> FEED; a
 * doctype or an html, head or body element -> HTML; else TEXT (an .xml
 * file that is neither is read as a feed and refused as one).  Standard
 * input is sniffed the same way from its first buffered chunk.  Stages:
 * ingest_text.c, ingest_jsonl.c, ingest_html.c, ingest_feed.c,
 * ingest_csv.c.
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
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "article.h"
#include "error.h"
#include "ingest.h"

const char *const sd_field_names[SD_FIELD_COUNT] = {"id", "date", "title", "text", "url",
                                                     "source"};

long sd_ingest_line_of(const char *s, size_t off)
{
    long line = 1;
    const char *p = s, *end = s + off;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        line++;
        p++;
    }
    return line;
}

int sd_ingest_slurp(saydo_reader *reader, sd_buf *buf, saydo_error *err)
{
    long long start = sd_ingest_offset(reader);
    sd_buf_clear(buf);
    if (sd_buf_append(buf, "", 0))
        return sd_ingest_die(reader, SAYDO_ERR_NOMEM, err, "out of memory");
    for (;;) {
        if (sd_ingest_fill(reader))
            return sd_ingest_die(reader, SAYDO_ERR_IO, err, "cannot read: read error");
        if (reader->eof)
            return 0;
        size_t take = reader->len - reader->pos;
        if (take > reader->max_bytes - buf->len) {
            sd_buf_free(buf);
            return sd_error_set(err, SAYDO_ERR_LIMIT, reader->file, 0,
                                start + (long long)reader->max_bytes,
                                "file is larger than %zu bytes (max_article_bytes)",
                                reader->max_bytes);
        }
        if (sd_buf_append(buf, reader->chunk + reader->pos, take))
            return sd_ingest_die(reader, SAYDO_ERR_NOMEM, err, "out of memory");
        reader->pos += take;
    }
}

int saydo_field_map_set(saydo_field_map *map, const char *spec, saydo_error *err)
{
    const char *eq = spec ? strchr(spec, '=') : NULL;
    if (!map || !eq || eq == spec || !eq[1])
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1,
                            "field mapping '%.100s' is not FIELD=NAME (e.g. text=body)",
                            spec ? spec : "");
    size_t n = (size_t)(eq - spec);
    const char **slot[] = {&map->id, &map->date, &map->title, &map->text, &map->url,
                           &map->source};
    for (int i = 0; i < SD_FIELD_COUNT; i++)
        if (strlen(sd_field_names[i]) == n && strncmp(spec, sd_field_names[i], n) == 0) {
            *slot[i] = eq + 1;
            return 0;
        }
    if (n == 6 && strncmp(spec, "outlet", 6) == 0) {
        map->source = eq + 1;
        return 0;
    }
    return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1,
                        "unknown field '%.*s' in '%.100s' (fields: id, date, title, text, url, "
                        "source)",
                        (int)(n > 40 ? 40 : n), spec, spec);
}

int sd_ingest_fill(saydo_reader *reader)
{
    if (reader->pos < reader->len || reader->eof)
        return 0;
    reader->chunk_base += (long long)reader->len;
    reader->pos = reader->len = 0;
    if (reader->streaming) {
        /* what has arrived, at least one byte: fread would wait for a
         * whole chunk, holding back articles a co-process waits for */
        ssize_t got;
        do
            got = read(fileno(reader->fp), reader->chunk, SD_INGEST_CHUNK);
        while (got < 0 && errno == EINTR);
        if (got <= 0) {
            reader->eof = 1;
            return got < 0 ? SAYDO_ERR_IO : 0;
        }
        reader->len = (size_t)got;
        return 0;
    }
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
    static const struct {
        const char *ext;
        saydo_input_format format;
    } table[] = {{".jsonl", SAYDO_INPUT_JSONL}, {".ndjson", SAYDO_INPUT_JSONL},
                 {".json", SAYDO_INPUT_JSONL},  {".txt", SAYDO_INPUT_TEXT},
                 {".text", SAYDO_INPUT_TEXT},   {".md", SAYDO_INPUT_TEXT},
                 {".html", SAYDO_INPUT_HTML},   {".htm", SAYDO_INPUT_HTML},
                 {".xhtml", SAYDO_INPUT_HTML},  {".rss", SAYDO_INPUT_FEED},
                 {".atom", SAYDO_INPUT_FEED},   {".csv", SAYDO_INPUT_CSV},
                 {".tsv", SAYDO_INPUT_TSV},     {".tab", SAYDO_INPUT_TSV}};
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (strcasecmp(dot, table[i].ext) == 0)
            return table[i].format;
    return SAYDO_INPUT_AUTO;
}

static int starts_with_ci(const unsigned char *p, const unsigned char *end, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(end - p) >= n && strncasecmp((const char *)p, word, n) == 0;
}

/* The format markup starting at p looks like: FEED, HTML or AUTO (not
 * markup saydo knows).  Skips <?xml ...?>, comments and doctypes. */
static saydo_input_format markup_kind(const unsigned char *p, const unsigned char *end)
{
    for (int guard = 0; guard < 64 && p < end; guard++) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
            p++;
        if (p >= end || *p != '<')
            return SAYDO_INPUT_AUTO;
        if (starts_with_ci(p, end, "<!doctype html"))
            return SAYDO_INPUT_HTML;
        const char *close = NULL;
        if (starts_with_ci(p, end, "<!--"))
            close = "-->";
        else if (starts_with_ci(p, end, "<?") || starts_with_ci(p, end, "<!"))
            close = ">";
        if (close) {
            const unsigned char *q = p + 2;
            size_t k = strlen(close);
            while (q + k <= end && memcmp(q, close, k) != 0)
                q++;
            if (q + k > end)
                return SAYDO_INPUT_AUTO;
            p = q + k;
            continue;
        }
        if (starts_with_ci(p, end, "<rss") || starts_with_ci(p, end, "<feed") ||
            starts_with_ci(p, end, "<rdf:rdf"))
            return SAYDO_INPUT_FEED;
        if (starts_with_ci(p, end, "<html") || starts_with_ci(p, end, "<head") ||
            starts_with_ci(p, end, "<body"))
            return SAYDO_INPUT_HTML;
        return SAYDO_INPUT_AUTO;
    }
    return SAYDO_INPUT_AUTO;
}

static saydo_input_format format_by_content(const saydo_reader *reader)
{
    for (size_t i = reader->pos; i < reader->len; i++) {
        unsigned char c = reader->chunk[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
            continue;
        if (c == '{')
            return SAYDO_INPUT_JSONL;
        if (c == '<') {
            saydo_input_format f = markup_kind(reader->chunk + i, reader->chunk + reader->len);
            return f == SAYDO_INPUT_AUTO ? SAYDO_INPUT_TEXT : f;
        }
        return SAYDO_INPUT_TEXT;
    }
    return SAYDO_INPUT_TEXT;
}

/* An .xml file: a feed, or a web page written as XHTML. */
static saydo_input_format xml_by_content(const saydo_reader *reader)
{
    saydo_input_format f =
        markup_kind(reader->chunk + reader->pos, reader->chunk + reader->len);
    return f == SAYDO_INPUT_HTML ? SAYDO_INPUT_HTML : SAYDO_INPUT_FEED;
}

static int has_extension(const char *path, const char *ext)
{
    size_t n = strlen(path), m = strlen(ext);
    return n > m && strcasecmp(path + n - m, ext) == 0;
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

void saydo_reader_options_init(saydo_reader_options *opts)
{
    saydo_reader_options init = SAYDO_READER_OPTIONS_INIT;
    if (opts)
        *opts = init;
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
    if (opts->version != SAYDO_READER_OPTIONS_VERSION && opts->version != 1)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1,
                            "reader options version %u is not supported (expected %u)",
                            opts->version, (unsigned)SAYDO_READER_OPTIONS_VERSION);
    if ((int)opts->format < SAYDO_INPUT_AUTO || (int)opts->format > SAYDO_INPUT_TSV)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "unknown input format %d",
                            (int)opts->format);
    char day[11] = "";
    if (opts->date && opts->date[0] && !sd_date_normalize(opts->date, strlen(opts->date), day))
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1,
                            "bad date \"%.40s\" (expected YYYY-MM-DD, YYYYMMDD, an ISO 8601 "
                            "timestamp or an RFC 822 date)",
                            opts->date);

    int is_stdin = !path || strcmp(path, "-") == 0;
    saydo_reader *reader = sd_calloc(1, sizeof *reader);
    if (!reader)
        return sd_error_nomem(err);
    reader->max_bytes = opts->max_article_bytes ? opts->max_article_bytes
                                                : SAYDO_DEFAULT_MAX_ARTICLE_BYTES;
    reader->file = sd_strdup(is_stdin ? "<stdin>" : path);
    reader->stem = is_stdin ? sd_strdup("stdin") : path_stem(path);
    reader->chunk = sd_malloc(SD_INGEST_CHUNK);
    if (day[0])
        reader->date = sd_strdup(day);
    int fields_failed = 0;
    if (opts->version >= 2) {
        const char *map[SD_FIELD_COUNT] = {opts->fields.id,   opts->fields.date,
                                           opts->fields.title, opts->fields.text,
                                           opts->fields.url,  opts->fields.source};
        for (int i = 0; i < SD_FIELD_COUNT; i++)
            if (map[i] && map[i][0] && !(reader->field[i] = sd_strdup(map[i])))
                fields_failed = 1;
    }
    if (!reader->file || !reader->stem || !reader->chunk || fields_failed ||
        (day[0] && !reader->date)) {
        saydo_reader_close(reader);
        return sd_error_nomem(err);
    }
    if (is_stdin) {
        reader->fp = stdin;
        struct stat st;
        reader->streaming = fstat(fileno(stdin), &st) == 0 && !S_ISREG(st.st_mode);
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
    if (reader->format == SAYDO_INPUT_AUTO && !is_stdin) {
        reader->format = format_by_extension(path);
        if (reader->format == SAYDO_INPUT_AUTO && has_extension(path, ".xml"))
            reader->format = xml_by_content(reader);
    }
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
    switch (reader->format) {
    case SAYDO_INPUT_JSONL: return sd_ingest_jsonl_next(reader, out, err);
    case SAYDO_INPUT_HTML: return sd_ingest_html_next(reader, out, err);
    case SAYDO_INPUT_FEED: return sd_ingest_feed_next(reader, out, err);
    case SAYDO_INPUT_CSV:
    case SAYDO_INPUT_TSV: return sd_ingest_csv_next(reader, out, err);
    default: return sd_ingest_text_next(reader, out, err);
    }
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
    if (reader->state && reader->free_state)
        reader->free_state(reader->state);
    for (int i = 0; i < SD_FIELD_COUNT; i++)
        free(reader->field[i]);
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
