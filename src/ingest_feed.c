/*
 * ingest_feed.c -- RSS 2.0 (also RSS 1.0 / RDF) and Atom 1.0 feeds: one
 * article per <item> or <entry>, streamed with libxml2's XML reader
 * (xmlTextReader): memory holds one item, whatever the feed's size.
 *
 * Per item:
 *   text    content:encoded or Atom <content>, else <description> or
 *           <summary>, as HTML (escaped or CDATA; Atom type="xhtml" too)
 *           turned to paragraphs by html_extract.c; an item with a title
 *           but no text is its headline alone
 *   title   <title> (its HTML stripped)
 *   date    <pubDate> (RFC 822), <published>, <updated>, <dc:date> (ISO
 *           8601), normalised to the UTC day; none -> the reader's default
 *   url     RSS <link>; Atom <link href> (rel="alternate" or no rel)
 *   id      <guid> or Atom <id>, else the link, else "<stem>:<n>"
 *   outlet  the channel's (feed's) own <title>
 *   line    the line the item starts on
 * Errors: an item without title and text is EMPTY; an item whose date is
 * not a date, PARSE; an item larger than max_article_bytes, LIMIT; reading
 * goes on after each.  Malformed XML (libxml2 does not recover from it)
 * is PARSE "malformed feed: ..." with its line, after which the reader
 * ends.  A root that is not rss, RDF or feed is PARSE "not an RSS or Atom
 * feed".  No network access and no external entities.
 */
#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "article.h"
#include "error.h"
#include "html.h"
#include "ingest.h"

enum { F_TITLE, F_LINK, F_ID, F_DATE, F_SUMMARY, F_CONTENT, F_COUNT };

typedef struct feed_state {
    xmlTextReaderPtr xr;
    int started;          /* the root element was seen                     */
    int atom;             /* Atom, not RSS                                 */
    int pending;          /* the reader is on a node not yet looked at     */
    long items;           /* items read so far                             */
    sd_buf outlet;        /* the channel's title                           */
    sd_buf field[F_COUNT];
    int content_xhtml;    /* F_CONTENT holds XHTML markup                  */
    int too_long;
    char error[256];      /* libxml2's first error                         */
    long error_line;
} feed_state;

static void feed_free(void *p)
{
    feed_state *fs = p;
    if (fs->xr)
        xmlFreeTextReader(fs->xr);
    sd_buf_free(&fs->outlet);
    for (int i = 0; i < F_COUNT; i++)
        sd_buf_free(&fs->field[i]);
    free(fs);
}

static int feed_io_read(void *context, char *buffer, int len)
{
    saydo_reader *reader = context;
    if (len <= 0)
        return 0;
    if (sd_ingest_fill(reader))
        return -1;
    size_t avail = reader->len - reader->pos;
    size_t n = avail < (size_t)len ? avail : (size_t)len;
    memcpy(buffer, reader->chunk + reader->pos, n);
    reader->pos += n;
    return (int)n;
}

static int feed_io_close(void *context)
{
    (void)context;
    return 0;
}

static void feed_error(void *arg, xmlErrorPtr error)
{
    feed_state *fs = arg;
    if (!error || fs->error[0] || error->level < XML_ERR_FATAL)
        return;
    snprintf(fs->error, sizeof fs->error, "%s", error->message ? error->message : "error");
    size_t n = strlen(fs->error);
    while (n && (fs->error[n - 1] == '\n' || fs->error[n - 1] == ' '))
        fs->error[--n] = '\0';
    fs->error_line = error->line;
}

static const char *local_name(xmlTextReaderPtr xr)
{
    const xmlChar *name = xmlTextReaderConstLocalName(xr);
    return name ? (const char *)name : "";
}

/* The namespace prefix of the current node ("" when none). */
static const char *prefix(xmlTextReaderPtr xr)
{
    const xmlChar *p = xmlTextReaderConstPrefix(xr);
    return p ? (const char *)p : "";
}

/* Read the current element's text (or, for xhtml, its markup) into buf,
 * unless buf already holds a value.  0 or SAYDO_ERR_NOMEM. */
static int take_value(feed_state *fs, sd_buf *buf, int markup, size_t max)
{
    if (buf->len > 0)
        return 0;
    xmlChar *s = markup ? xmlTextReaderReadInnerXml(fs->xr) : xmlTextReaderReadString(fs->xr);
    if (!s)
        return 0;
    size_t n = strlen((const char *)s);
    int rc = 0;
    if (n > max)
        fs->too_long = 1;
    else
        rc = sd_buf_append(buf, s, n);
    xmlFree(s);
    return rc;
}

static int attr_is(xmlTextReaderPtr xr, const char *name, const char *value)
{
    xmlChar *v = xmlTextReaderGetAttribute(xr, (const xmlChar *)name);
    int yes = v && strcasecmp((const char *)v, value) == 0;
    xmlFree(v);
    return yes;
}

/* One element inside an item: keep what it says. */
static int item_field(saydo_reader *reader, feed_state *fs)
{
    xmlTextReaderPtr xr = fs->xr;
    const char *name = local_name(xr), *pre = prefix(xr);
    size_t max = reader->max_bytes;
    if (strcmp(name, "title") == 0)
        return take_value(fs, &fs->field[F_TITLE], 0, max);
    if (strcmp(name, "link") == 0) {
        xmlChar *href = xmlTextReaderGetAttribute(xr, (const xmlChar *)"href");
        int rc = 0;
        if (href) {
            xmlChar *rel = xmlTextReaderGetAttribute(xr, (const xmlChar *)"rel");
            if ((!rel || strcmp((const char *)rel, "alternate") == 0) && fs->field[F_LINK].len == 0)
                rc = sd_buf_puts(&fs->field[F_LINK], (const char *)href);
            xmlFree(rel);
            xmlFree(href);
            return rc;
        }
        return take_value(fs, &fs->field[F_LINK], 0, max);
    }
    if (strcmp(name, "guid") == 0 || (fs->atom && strcmp(name, "id") == 0))
        return take_value(fs, &fs->field[F_ID], 0, max);
    if (strcmp(name, "pubDate") == 0 || strcmp(name, "published") == 0 ||
        strcmp(name, "issued") == 0 || (strcmp(name, "date") == 0 && strcmp(pre, "dc") == 0)) {
        sd_buf *date = &fs->field[F_DATE];
        if (date->len && date->data[date->len - 1] == '\x01')
            sd_buf_clear(date); /* an <updated> seen first gives way */
        return take_value(fs, date, 0, 256);
    }
    if (strcmp(name, "updated") == 0 || strcmp(name, "modified") == 0) {
        /* only when nothing better comes: kept apart, used last */
        if (fs->field[F_DATE].len == 0) {
            int rc = take_value(fs, &fs->field[F_DATE], 0, 256);
            if (!rc && fs->field[F_DATE].len)
                rc = sd_buf_putc(&fs->field[F_DATE], '\x01'); /* weak mark */
            return rc;
        }
        return 0;
    }
    if (strcmp(name, "description") == 0 || strcmp(name, "summary") == 0)
        return take_value(fs, &fs->field[F_SUMMARY], 0, max);
    if (strcmp(name, "encoded") == 0 || (fs->atom && strcmp(name, "content") == 0)) {
        int xhtml = fs->atom && attr_is(xr, "type", "xhtml");
        if (fs->field[F_CONTENT].len == 0)
            fs->content_xhtml = xhtml;
        return take_value(fs, &fs->field[F_CONTENT], xhtml, max);
    }
    return 0;
}

/* dst = src without surrounding white space, NUL-terminated. */
static int set_trimmed(sd_buf *dst, const sd_buf *src)
{
    const char *p = src->data ? src->data : "";
    size_t n = src->len;
    while (n && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++, n--;
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\n' || p[n - 1] == '\r'))
        n--;
    sd_buf_clear(dst);
    if (sd_buf_append(dst, "", 0))
        return SAYDO_ERR_NOMEM;
    long bad = sd_utf8_repair(p, n, dst, NULL);
    return bad < 0 || sd_buf_append(dst, "", 0) ? SAYDO_ERR_NOMEM : 0;
}

/* The text of HTML src[0..n) as a fragment, UTF-8 repaired, into dst;
 * one_line: newlines become spaces.  Adds repairs to *bad. */
static int fragment_text(const sd_buf *src, int one_line, sd_buf *dst, long *bad)
{
    sd_html_article art = SD_HTML_ARTICLE_INIT;
    sd_buf_clear(dst);
    int rc = sd_html_extract(src->data ? src->data : "", src->len, SD_HTML_FRAGMENT, &art);
    if (!rc && sd_buf_append(dst, "", 0))
        rc = SAYDO_ERR_NOMEM;
    if (!rc) {
        long k = sd_utf8_repair(art.text.data, art.text.len, dst, NULL);
        if (k < 0 || sd_buf_append(dst, "", 0))
            rc = SAYDO_ERR_NOMEM;
        else
            *bad += k;
    }
    if (!rc && one_line)
        for (size_t i = 0; i < dst->len; i++)
            if (dst->data[i] == '\n')
                dst->data[i] = ' ';
    sd_html_article_free(&art);
    return rc;
}

/* Turn the collected item into *out; 1, or a negative code. */
static int make_item(saydo_reader *reader, feed_state *fs, long line, long long byte,
                     saydo_article **out, saydo_error *err)
{
    if (fs->too_long)
        return sd_error_set(err, SAYDO_ERR_LIMIT, reader->file, line, byte,
                            "feed item %ld is larger than %zu bytes (max_article_bytes)",
                            fs->items, reader->max_bytes);
    sd_buf *date = &fs->field[F_DATE];
    if (date->len && date->data[date->len - 1] == '\x01')
        date->data[--date->len] = '\0';
    char day[11] = "";
    if (date->len && !sd_date_normalize(date->data, date->len, day))
        return sd_error_set(err, SAYDO_ERR_PARSE, reader->file, line, byte,
                            "feed item %ld: bad date \"%.60s\"", fs->items, date->data);
    sd_buf title = SD_BUF_INIT, text = SD_BUF_INIT, outlet = SD_BUF_INIT, id = SD_BUF_INIT,
           link = SD_BUF_INIT;
    const sd_buf *body = fs->field[F_CONTENT].len ? &fs->field[F_CONTENT] : &fs->field[F_SUMMARY];
    long bad = 0;
    int rc = fragment_text(&fs->field[F_TITLE], 1, &title, &bad);
    if (!rc)
        rc = fragment_text(body, 0, &text, &bad);
    if (!rc)
        rc = fragment_text(&fs->outlet, 1, &outlet, &bad);
    if (!rc)
        rc = set_trimmed(&link, &fs->field[F_LINK]);
    if (!rc) {
        if (!sd_is_blank(fs->field[F_ID].data, fs->field[F_ID].len))
            rc = set_trimmed(&id, &fs->field[F_ID]);
        else if (link.len)
            rc = sd_buf_puts(&id, link.data);
        else
            rc = sd_buf_printf(&id, "%s:%ld", reader->stem, fs->items);
    }
    if (!rc) {
        int has_title = !sd_is_blank(title.data, title.len);
        int has_text = !sd_is_blank(text.data, text.len);
        if (!has_title && !has_text) {
            rc = sd_error_set(err, SAYDO_ERR_EMPTY, reader->file, line, byte,
                              "feed item %ld has no title and no text", fs->items);
        } else {
            if (bad > 0)
                sd_ingest_note_invalid(reader, bad, line);
            sd_article_spec spec = {0};
            spec.id = id.data;
            spec.date = day[0] ? day : reader->date;
            spec.title = title.data;
            spec.url = link.data;
            spec.outlet = outlet.data;
            spec.file = reader->file;
            spec.text = has_text ? text.data : title.data;
            spec.text_len = has_text ? text.len : title.len;
            spec.title_in_text = has_text && has_title;
            spec.line = line;
            spec.byte = byte;
            rc = sd_article_make(&spec, out) ? SAYDO_ERR_NOMEM : 1;
        }
    }
    sd_buf_free(&title);
    sd_buf_free(&text);
    sd_buf_free(&outlet);
    sd_buf_free(&id);
    sd_buf_free(&link);
    if (rc == SAYDO_ERR_NOMEM)
        return sd_ingest_die(reader, SAYDO_ERR_NOMEM, err, "out of memory");
    return rc;
}

static void clear_item(feed_state *fs)
{
    for (int i = 0; i < F_COUNT; i++)
        sd_buf_clear(&fs->field[i]);
    fs->too_long = 0;
    fs->content_xhtml = 0;
}

static int feed_failed(saydo_reader *reader, feed_state *fs, saydo_error *err)
{
    reader->done = 1;
    long line = fs->error_line > 0 ? fs->error_line : xmlTextReaderGetParserLineNumber(fs->xr);
    if (reader->dead)
        return sd_error_set(err, reader->dead, reader->file, line, -1, "cannot read: read error");
    return sd_error_set(err, SAYDO_ERR_PARSE, reader->file, line, -1, "malformed feed: %s",
                        fs->error[0] ? fs->error : "XML error");
}

/* Start reading: skip leading white space, refuse an empty input, make
 * the XML reader.  0, or a negative code. */
static int feed_open(saydo_reader *reader, saydo_error *err)
{
    for (;;) {
        if (sd_ingest_fill(reader))
            return sd_ingest_die(reader, SAYDO_ERR_IO, err, "cannot read: read error");
        if (reader->eof) {
            reader->done = 1;
            return sd_error_set(err, SAYDO_ERR_EMPTY, reader->file, 0, -1, "empty file");
        }
        unsigned char c = reader->chunk[reader->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        if (c == '\n')
            reader->line++;
        reader->pos++;
    }
    feed_state *fs = sd_calloc(1, sizeof *fs);
    if (!fs)
        return sd_ingest_die(reader, SAYDO_ERR_NOMEM, err, "out of memory");
    reader->state = fs;
    reader->free_state = feed_free;
    sd_xml_init();
    fs->xr = xmlReaderForIO(feed_io_read, feed_io_close, reader, NULL, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!fs->xr)
        return sd_ingest_die(reader, SAYDO_ERR_NOMEM, err, "out of memory");
    xmlTextReaderSetStructuredErrorHandler(fs->xr, feed_error, fs);
    return 0;
}

int sd_ingest_feed_next(saydo_reader *reader, saydo_article **out, saydo_error *err)
{
    if (!reader->state) {
        int rc = feed_open(reader, err);
        if (rc)
            return rc;
    }
    feed_state *fs = reader->state;
    xmlTextReaderPtr xr = fs->xr;
    int item_depth = -1;
    long item_line = 0;
    for (;;) {
        int rc = fs->pending ? 1 : xmlTextReaderRead(xr);
        fs->pending = 0;
        if (rc < 0 || fs->error[0])
            return feed_failed(reader, fs, err);
        if (rc == 0) {
            reader->done = 1;
            if (!fs->started)
                return sd_error_set(err, SAYDO_ERR_PARSE, reader->file, 0, -1,
                                    "not an RSS or Atom feed (no root element)");
            return 0;
        }
        int type = xmlTextReaderNodeType(xr);
        int depth = xmlTextReaderDepth(xr);
        const char *name = local_name(xr);
        if (type == XML_READER_TYPE_ELEMENT && !fs->started) {
            fs->started = 1;
            if (strcmp(name, "feed") == 0)
                fs->atom = 1;
            else if (strcmp(name, "rss") != 0 && strcmp(name, "RDF") != 0) {
                reader->done = 1;
                return sd_error_set(err, SAYDO_ERR_PARSE, reader->file,
                                    xmlTextReaderGetParserLineNumber(xr), -1,
                                    "not an RSS or Atom feed (the root element is <%.60s>)",
                                    (const char *)xmlTextReaderConstName(xr));
            }
            continue;
        }
        if (item_depth < 0) {
            if (type != XML_READER_TYPE_ELEMENT)
                continue;
            if (strcmp(name, fs->atom ? "entry" : "item") == 0) {
                item_depth = depth;
                {
                    xmlNodePtr node = xmlTextReaderCurrentNode(xr);
                    item_line = node ? xmlGetLineNo(node) : -1;
                    if (item_line <= 0)
                        item_line = xmlTextReaderGetParserLineNumber(xr);
                }
                fs->items++;
                clear_item(fs);
                if (xmlTextReaderIsEmptyElement(xr)) {
                    reader->saw_record = 1;
                    return make_item(reader, fs, item_line, -1, out, err);
                }
            } else if (strcmp(name, "title") == 0 && depth <= 2 && fs->outlet.len == 0) {
                /* the channel's (feed's) own title */
                if (take_value(fs, &fs->outlet, 0, 4096))
                    return sd_ingest_die(reader, SAYDO_ERR_NOMEM, err, "out of memory");
                fs->too_long = 0;
            }
            continue;
        }
        if (type == XML_READER_TYPE_END_ELEMENT && depth == item_depth) {
            reader->saw_record = 1;
            return make_item(reader, fs, item_line, -1, out, err);
        }
        if (type == XML_READER_TYPE_ELEMENT && depth == item_depth + 1) {
            if (item_field(reader, fs))
                return sd_ingest_die(reader, SAYDO_ERR_NOMEM, err, "out of memory");
            /* step over the field's inside */
            if (!xmlTextReaderIsEmptyElement(xr)) {
                rc = xmlTextReaderNext(xr);
                if (rc < 0 || fs->error[0])
                    return feed_failed(reader, fs, err);
                if (rc == 0) {
                    reader->done = 1;
                    return 0;
                }
                fs->pending = 1;
            }
        }
    }
}
