/*
 * ingest_html.c -- a web page is one article: its title, date, canonical
 * URL, outlet and body text as html_extract.c finds them.
 *
 * The document is the title, a blank line, then the body's paragraphs
 * separated by blank lines (has_title 1); without a title, just the body.
 * id is the file's base name without extension ("stdin"); the date is
 * the page's publication day, else the reader's default date.  Refused as
 * a whole: larger than max_article_bytes (LIMIT), a NUL byte (UTF8),
 * nothing but white space (EMPTY "empty file"), a page without body text
 * (EMPTY "no article text found in the page").  The next call returns 0.
 */
#include <string.h>

#include "article.h"
#include "error.h"
#include "html.h"
#include "ingest.h"

int sd_ingest_html_next(saydo_reader *reader, saydo_article **out, saydo_error *err)
{
    reader->done = 1;
    long long start = sd_ingest_offset(reader);
    sd_buf *page = &reader->line_buf;
    int rc = sd_ingest_slurp(reader, page, err);
    if (rc)
        return rc;
    const char *nul = memchr(page->data, '\0', page->len);
    if (nul) {
        size_t off = (size_t)(nul - page->data);
        rc = sd_error_set(err, SAYDO_ERR_UTF8, reader->file, sd_ingest_line_of(page->data, off),
                          start + (long long)off, "binary data (NUL byte at byte %lld)",
                          start + (long long)off);
    } else if (sd_is_blank(page->data, page->len)) {
        rc = sd_error_set(err, SAYDO_ERR_EMPTY, reader->file, 0, -1, "empty file");
    }
    if (rc) {
        sd_buf_free(page);
        return rc;
    }
    reader->line = sd_ingest_line_of(page->data, page->len);
    sd_html_article art = SD_HTML_ARTICLE_INIT;
    rc = sd_html_extract(page->data, page->len, SD_HTML_PAGE, &art);
    sd_buf_free(page);
    if (rc) {
        sd_html_article_free(&art);
        return sd_ingest_die(reader, SAYDO_ERR_NOMEM, err, "out of memory");
    }
    if (sd_is_blank(art.text.data, art.text.len)) {
        sd_html_article_free(&art);
        return sd_error_set(err, SAYDO_ERR_EMPTY, reader->file, 0, -1,
                            "no article text found in the page");
    }
    /* libxml2 gives UTF-8, but a page in a broken encoding may still carry
     * bytes it passed through: repair every field */
    sd_buf fixed[4] = {SD_BUF_INIT, SD_BUF_INIT, SD_BUF_INIT, SD_BUF_INIT};
    sd_buf *src[4] = {&art.title, &art.url, &art.outlet, &art.text};
    for (int i = 0; i < 4 && !rc; i++) {
        long bad = sd_utf8_repair(src[i]->data, src[i]->len, &fixed[i], NULL);
        if (bad < 0 || sd_buf_append(&fixed[i], "", 0))
            rc = SAYDO_ERR_NOMEM;
        else if (bad > 0)
            sd_ingest_note_invalid(reader, bad, 1);
    }
    if (!rc) {
        sd_article_spec spec = {0};
        spec.id = reader->stem;
        spec.date = art.date.len ? art.date.data : reader->date;
        spec.title = fixed[0].data;
        spec.url = fixed[1].data;
        spec.outlet = fixed[2].data;
        spec.file = reader->file;
        spec.text = fixed[3].data;
        spec.text_len = fixed[3].len;
        spec.title_in_text = !sd_is_blank(fixed[0].data, fixed[0].len);
        spec.line = 1;
        spec.byte = start;
        rc = sd_article_make(&spec, out);
    }
    for (int i = 0; i < 4; i++)
        sd_buf_free(&fixed[i]);
    sd_html_article_free(&art);
    if (rc)
        return sd_ingest_die(reader, SAYDO_ERR_NOMEM, err, "out of memory");
    return 1;
}
