/*
 * html.h -- the article extractor for web pages (html_extract.c), used by
 * the HTML reader (ingest_html.c) and the feed reader (ingest_feed.c) for
 * an item's HTML content.  Internal.
 */
#ifndef SD_HTML_H
#define SD_HTML_H

#include <stddef.h>

#include "buf.h"

/* What a page yields.  Every buffer holds a NUL-terminated UTF-8 string
 * (possibly empty) once sd_html_extract returned 0. */
typedef struct sd_html_article {
    sd_buf title;   /* og:title, JSON-LD headline, the main h1 or <title>  */
    sd_buf date;    /* the publication day YYYY-MM-DD (UTC), or ""         */
    sd_buf url;     /* canonical URL (link rel=canonical, og:url)          */
    sd_buf outlet;  /* og:site_name, JSON-LD publisher name                */
    sd_buf text;    /* body paragraphs, separated by one blank line        */
} sd_html_article;

#define SD_HTML_ARTICLE_INIT { SD_BUF_INIT, SD_BUF_INIT, SD_BUF_INIT, SD_BUF_INIT, SD_BUF_INIT }

enum {
    SD_HTML_PAGE = 0,     /* a whole page: find the main content            */
    SD_HTML_FRAGMENT = 1  /* a feed item's HTML: all of it is the content   */
};

/* Extract the article of html[0..n) (any encoding libxml2 detects; UTF-8
 * when it is valid UTF-8).  mode is SD_HTML_PAGE or SD_HTML_FRAGMENT.
 * Returns 0 (out filled; out->text may be empty when the page has no
 * text), or SAYDO_ERR_NOMEM.  The caller frees out with
 * sd_html_article_free, also after a failure. */
int sd_html_extract(const char *html, size_t n, int mode, sd_html_article *out);

void sd_html_article_free(sd_html_article *article);

/* libxml2's one-time initialisation, safe from any thread. */
void sd_xml_init(void);

#endif
