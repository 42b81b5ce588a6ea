/*
 * article.c -- saydo_article: construction, accessors, date validation.
 *
 * An article is one allocation (struct + strings); see article.h for the
 * invariants every article satisfies.
 */
#include "article.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "error.h"

static size_t len_or_zero(const char *s) { return s ? strlen(s) : 0; }

/* Copy s (NULL -> "") to *cursor and advance it; returns the copy. */
static const char *put_str(char **cursor, const char *s, size_t n)
{
    char *dst = *cursor;
    if (n)
        memcpy(dst, s, n);
    dst[n] = '\0';
    *cursor = dst + n + 1;
    return dst;
}

int sd_article_make(const sd_article_spec *spec, saydo_article **out)
{
    const char *fields[7] = {spec->id,     spec->date, spec->title, spec->url,
                             spec->outlet, spec->meta, spec->file};
    size_t lens[7], total = sizeof(saydo_article);
    for (int i = 0; i < 7; i++) {
        lens[i] = len_or_zero(fields[i]);
        total += lens[i] + 1;
    }
    size_t title_len = lens[2];
    int joined = spec->title_in_text && title_len > 0;
    size_t doc_len = spec->text_len + (joined ? title_len + 2 : 0);
    if (doc_len < spec->text_len || total > (size_t)-1 - doc_len - 1)
        return SAYDO_ERR_NOMEM;
    total += doc_len + 1;
    saydo_article *a = sd_malloc(total);
    if (!a)
        return SAYDO_ERR_NOMEM;
    char *cursor = (char *)(a + 1);
    a->id = put_str(&cursor, fields[0], lens[0]);
    a->date = put_str(&cursor, fields[1], lens[1]);
    a->title = put_str(&cursor, fields[2], lens[2]);
    a->url = put_str(&cursor, fields[3], lens[3]);
    a->outlet = put_str(&cursor, fields[4], lens[4]);
    a->meta = put_str(&cursor, fields[5], lens[5]);
    a->file = put_str(&cursor, fields[6], lens[6]);
    char *doc = cursor;
    size_t at = 0;
    if (joined) {
        memcpy(doc, spec->title, title_len);
        memcpy(doc + title_len, "\n\n", 2);
        at = title_len + 2;
    }
    if (spec->text_len)
        memcpy(doc + at, spec->text, spec->text_len);
    doc[doc_len] = '\0';
    a->text = doc;
    a->text_len = doc_len;
    a->has_title = joined;
    a->line = spec->line;
    a->byte = spec->byte;
    *out = a;
    return 0;
}

int sd_date_valid(const char *s, size_t n)
{
    if (!s || n != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (size_t i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    int day = (s[8] - '0') * 10 + (s[9] - '0');
    if (year < 1 || month < 1 || month > 12 || day < 1)
        return 0;
    return day <= sd_days_in_month(year, month);
}

int saydo_date_valid(const char *date)
{
    return date && sd_date_valid(date, strlen(date));
}

int sd_is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v')
            return 0;
    }
    return 1;
}

/* Repair s (NUL-terminated, may be NULL) into buf as a NUL-terminated
 * string; returns 0 or SAYDO_ERR_NOMEM. */
static int repair_field(const char *s, sd_buf *buf)
{
    if (sd_buf_append(buf, "", 0))
        return SAYDO_ERR_NOMEM;
    if (s && sd_utf8_repair(s, strlen(s), buf, NULL) < 0)
        return SAYDO_ERR_NOMEM;
    return 0;
}

int saydo_article_new(const char *id, const char *date, const char *title, const char *text,
                      size_t text_len, saydo_article **out, saydo_error *err)
{
    if (!out)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "no place for the article");
    if (!text)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "the article has no text");
    if (date && date[0] && !sd_date_valid(date, strlen(date)))
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1,
                            "bad date \"%.40s\" (expected YYYY-MM-DD)", date);
    const char *nul = memchr(text, '\0', text_len);
    if (nul)
        return sd_error_set(err, SAYDO_ERR_UTF8, NULL, 0, (long long)(nul - text),
                            "binary data (NUL byte at byte %zu)", (size_t)(nul - text));
    if (sd_is_blank(text, text_len))
        return sd_error_set(err, SAYDO_ERR_EMPTY, NULL, 0, -1, "the article's text is empty");

    sd_buf id_buf = SD_BUF_INIT, title_buf = SD_BUF_INIT, text_buf = SD_BUF_INIT;
    int rc = repair_field(id, &id_buf);
    if (!rc)
        rc = repair_field(title, &title_buf);
    if (!rc && sd_utf8_repair(text, text_len, &text_buf, NULL) < 0)
        rc = SAYDO_ERR_NOMEM;
    if (!rc) {
        sd_article_spec spec = {0};
        spec.id = id_buf.data;
        spec.date = date;
        spec.title = title_buf.data;
        spec.text = text_buf.data;
        spec.text_len = text_buf.len;
        spec.title_in_text = title && !sd_is_blank(title, strlen(title));
        spec.byte = -1;
        rc = sd_article_make(&spec, out);
    }
    sd_buf_free(&id_buf);
    sd_buf_free(&title_buf);
    sd_buf_free(&text_buf);
    if (rc)
        return sd_error_nomem(err);
    return 0;
}

void saydo_article_fields_init(saydo_article_fields *fields)
{
    if (fields) {
        saydo_article_fields init = SAYDO_ARTICLE_FIELDS_INIT;
        *fields = init;
    }
}

/* 1 when meta is "" or one JSON object, else 0. */
static int meta_valid(const char *meta)
{
    if (!meta || !*meta)
        return 1;
    json_t *v = json_loads(meta, JSON_REJECT_DUPLICATES, NULL);
    int ok = v && json_is_object(v);
    json_decref(v);
    return ok;
}

int saydo_article_new_fields(const saydo_article_fields *f, saydo_article **out, saydo_error *err)
{
    if (!out || !f)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "no fields or no place for the article");
    if (f->version < 1 || f->version > SAYDO_ARTICLE_FIELDS_VERSION)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1,
                            "article fields of version %u (this saydo knows 1..%d)", f->version,
                            SAYDO_ARTICLE_FIELDS_VERSION);
    if (!f->text)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "the article has no text");
    if (f->date && f->date[0] && !sd_date_valid(f->date, strlen(f->date)))
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1,
                            "bad date \"%.40s\" (expected YYYY-MM-DD)", f->date);
    if (f->line < 0)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "negative line number %ld", f->line);
    if (!meta_valid(f->meta))
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1,
                            "the article's meta is not a JSON object: \"%.40s\"", f->meta);
    const char *nul = memchr(f->text, '\0', f->text_len);
    if (nul)
        return sd_error_set(err, SAYDO_ERR_UTF8, NULL, 0, (long long)(nul - f->text),
                            "binary data (NUL byte at byte %zu)", (size_t)(nul - f->text));
    if (sd_is_blank(f->text, f->text_len))
        return sd_error_set(err, SAYDO_ERR_EMPTY, NULL, 0, -1, "the article's text is empty");

    enum { ID, TITLE, URL, OUTLET, META, FILE_, TEXT, N };
    const char *src[N] = {f->id, f->title, f->url, f->outlet, f->meta, f->file, f->text};
    sd_buf buf[N];
    int rc = 0;
    for (int i = 0; i < N; i++)
        buf[i] = (sd_buf)SD_BUF_INIT;
    for (int i = 0; i < N && !rc; i++) {
        if (i == TEXT)
            rc = sd_utf8_repair(f->text, f->text_len, &buf[i], NULL) < 0 ? SAYDO_ERR_NOMEM : 0;
        else
            rc = repair_field(src[i], &buf[i]);
    }
    if (!rc) {
        sd_article_spec spec = {0};
        spec.id = buf[ID].data;
        spec.date = f->date;
        spec.title = buf[TITLE].data;
        spec.url = buf[URL].data;
        spec.outlet = buf[OUTLET].data;
        spec.meta = buf[META].data;
        spec.file = buf[FILE_].data;
        spec.text = buf[TEXT].data;
        spec.text_len = buf[TEXT].len;
        spec.line = f->line;
        spec.byte = -1;
        rc = sd_article_make(&spec, out);
        /* the document holds the title already when the reader joined it */
        if (!rc)
            (*out)->has_title = spec.title[0] != '\0' && buf[TEXT].len > strlen(spec.title) + 1 &&
                                memcmp(spec.text, spec.title, strlen(spec.title)) == 0 &&
                                memcmp(spec.text + strlen(spec.title), "\n\n", 2) == 0;
    }
    for (int i = 0; i < N; i++)
        sd_buf_free(&buf[i]);
    return rc ? sd_error_nomem(err) : 0;
}

void saydo_article_free(saydo_article *article) { free(article); }

const char *saydo_article_id(const saydo_article *article) { return article ? article->id : ""; }
const char *saydo_article_date(const saydo_article *article)
{
    return article ? article->date : "";
}
const char *saydo_article_title(const saydo_article *article)
{
    return article ? article->title : "";
}
const char *saydo_article_url(const saydo_article *article) { return article ? article->url : ""; }
const char *saydo_article_outlet(const saydo_article *article)
{
    return article ? article->outlet : "";
}
const char *saydo_article_meta(const saydo_article *article)
{
    return article ? article->meta : "";
}
const char *saydo_article_file(const saydo_article *article)
{
    return article ? article->file : "";
}
long saydo_article_line(const saydo_article *article) { return article ? article->line : 0; }

const char *saydo_article_text(const saydo_article *article, size_t *len)
{
    if (!article) {
        if (len)
            *len = 0;
        return "";
    }
    if (len)
        *len = article->text_len;
    return article->text;
}
