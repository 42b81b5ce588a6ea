/*
 * cmd_watch.c -- 'saydo watch': poll feeds and pages over HTTP(S) with
 * libcurl and ingest what is new into the event store.
 *
 * Each URL (named on the command line or, one a line, in --feeds FILE) is
 * fetched every --interval seconds with a conditional GET (If-None-Match
 * with the last ETag, If-Modified-Since with the last Last-Modified): 304
 * costs nothing.  A 200 body (at most --max-article-bytes, gzip accepted,
 * of a text, XML or JSON content type) goes to a private temporary folder.
 *
 * A feed (RSS, Atom) is read item by item.  An item whose key (its link,
 * else its guid, else its feed's URL and a hash of its title and text) was
 * taken before is skipped without a request.  An item
 * with a link whose text is short (a summary: under --summary-bytes) has
 * its page fetched and its article extracted by the HTML reader; the item
 * keeps its id, date, title and link and takes the page's text.  When the
 * page fails (an HTTP error, a timeout, too large, no text) the item is
 * stored from its summary and the failure reported.  Any other response
 * (a page, JSON Lines) is ingested like a file given to 'saydo ingest'.
 * Articles already stored are left unchanged by the store.
 *
 * Requests to one host are at least --host-delay seconds apart (counted
 * from the end of the previous one).  A failure (no connection, timeout,
 * HTTP 4xx or 5xx, a body too large, a feed that yields no item) doubles
 * the URL's wait, up to --max-backoff, and a Retry-After is honoured; a
 * success resets it.  Only http and https are followed (5 redirects).
 *
 * Resume: the state file (--state, default DB.watch) keeps each feed's
 * validators and backoff and the keys of the items taken; it is rewritten
 * whole (temporary file, fsync, rename) after each feed poll and each
 * fetched page, after the store committed, so a restarted watcher neither
 * refetches an item nor loses one.  A feed's validators are kept only
 * once all its items were taken, so a feed cut short is fetched again.
 *
 * Runs until SIGINT or SIGTERM (exit 0; a transfer under way is aborted,
 * an article is stored whole or not at all), for --polls N rounds, or for
 * one round with --once, which skips the feeds still backing off from an
 * earlier run (exit 0 when every URL polled succeeded, else 1).
 */
#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "watch.h"

typedef struct watched {
    const char *url;
    watch_feed_state *state;  /* validators and backoff, in ctx's state   */
    double due;               /* monotonic seconds of the next poll       */
    int polls;
    int last_ok;
    int skipped;              /* --once: still backing off, not polled    */
} watched;

/* What one request gave. */
typedef struct fetch {
    FILE *body;
    size_t bytes, max_bytes;
    int too_large;
    int bad_type;             /* a Content-Type that is not text          */
    char content_type[128];
    char etag[256], last_modified[128];
    long retry_after;         /* seconds the server asked for (0: none)   */
    long status;
} fetch;

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
    fetch *f = arg;
    size_t len = size * n;
    if (f->bad_type)
        return 0; /* aborts the transfer */
    if (f->bytes + len > f->max_bytes) {
        f->too_large = 1;
        return 0;
    }
    f->bytes += len;
    return fwrite(data, 1, len, f->body) == len ? len : 0;
}

/* Copy a header's value (trimmed) into out when line is "name: value". */
static int header_value(const char *line, size_t n, const char *name, char *out, size_t size)
{
    size_t k = strlen(name);
    if (n <= k + 1 || strncasecmp(line, name, k) != 0 || line[k] != ':')
        return 0;
    const char *v = line + k + 1, *end = line + n;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        end--;
    size_t len = (size_t)(end - v);
    if (len >= size)
        return 0; /* an outsized validator is not kept */
    memcpy(out, v, len);
    out[len] = '\0';
    return 1;
}

/* 1 when a Content-Type may hold a feed or a page: none, text/..., or any
 * XML or JSON type (application/rss+xml, application/json, ...). */
static int acceptable_type(const char *type)
{
    char lower[128];
    size_t i = 0;
    for (; type[i] && i + 1 < sizeof lower; i++)
        lower[i] = (char)(type[i] >= 'A' && type[i] <= 'Z' ? type[i] + 32 : type[i]);
    lower[i] = '\0';
    return !lower[0] || strncmp(lower, "text/", 5) == 0 || strstr(lower, "xml") ||
           strstr(lower, "json") || strstr(lower, "rss") || strstr(lower, "atom");
}

static size_t on_header(char *line, size_t size, size_t n, void *arg)
{
    fetch *f = arg;
    size_t len = size * n;
    char retry[32];
    /* a redirect's headers come first: the last response's win */
    if (len > 5 && strncmp(line, "HTTP/", 5) == 0) {
        f->etag[0] = f->last_modified[0] = f->content_type[0] = '\0';
        f->retry_after = 0;
        f->bad_type = 0;
    }
    header_value(line, len, "ETag", f->etag, sizeof f->etag);
    header_value(line, len, "Last-Modified", f->last_modified, sizeof f->last_modified);
    if (header_value(line, len, "Content-Type", f->content_type, sizeof f->content_type))
        f->bad_type = !acceptable_type(f->content_type);
    if (header_value(line, len, "Retry-After", retry, sizeof retry)) {
        char *end;
        long s = strtol(retry, &end, 10);
        if (end != retry && s > 0)
            f->retry_after = s;
    }
    return len;
}

/* Abort a transfer under way when a stop is requested. */
static int on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    (void)arg, (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    return cli_stop != 0;
}

/* The file name a URL's body is saved under: its last path segment, made
 * of [A-Za-z0-9._-] only ("index" when nothing is left). */
static void name_for(const char *url, char *out, size_t size)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    const char *path = strchr(p, '/');
    const char *end = path ? path + strcspn(path, "?#") : p + strlen(p);
    const char *seg = end;
    while (path && seg > path && seg[-1] == '/')
        seg--, end--;
    while (path && seg > path && seg[-1] != '/')
        seg--;
    size_t k = 0;
    for (const char *q = path ? seg : end; q < end && k + 1 < size && k < 100; q++) {
        char c = *q;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '.' || c == '_' || c == '-';
        out[k++] = ok ? c : '_';
    }
    out[k] = '\0';
    if (k == 0 || strcmp(out, ".") == 0 || strcmp(out, "..") == 0)
        snprintf(out, size, "index");
}

/* A URL's host (with its port), lowercased, into out: what --host-delay
 * counts per. */
static void host_of(const char *url, char *out, size_t size)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t len = strcspn(p, "/?#");
    const char *at = memchr(p, '@', len);
    if (at) {
        len -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    size_t k = 0;
    for (; k < len && k + 1 < size; k++)
        out[k] = (char)(p[k] >= 'A' && p[k] <= 'Z' ? p[k] + 32 : p[k]);
    out[k] = '\0';
}

/* When each host was last asked. */
typedef struct host_time {
    char host[256];
    double last;              /* monotonic end of the last request         */
} host_time;

typedef struct watch_ctx {
    CURL *curl;
    const char *tmpdir;
    size_t max_bytes;
    long timeout;
    const saydo_reader_options *reader;
    const saydo_coder *coder;
    saydo_store *store;
    int quiet;
    double host_delay;
    size_t summary_bytes;     /* items with less text get their page       */
    watch_state *state;
    host_time *hosts;
    size_t nhosts, caphosts;
} watch_ctx;

/* The entry of url's host in ctx->hosts (made when new); NULL when out of
 * memory. */
static host_time *host_entry(watch_ctx *ctx, const char *url)
{
    char host[256];
    host_of(url, host, sizeof host);
    for (size_t i = 0; i < ctx->nhosts; i++)
        if (strcmp(ctx->hosts[i].host, host) == 0)
            return &ctx->hosts[i];
    if (ctx->nhosts == ctx->caphosts) {
        size_t cap = ctx->caphosts ? ctx->caphosts * 2 : 16;
        host_time *hosts = realloc(ctx->hosts, cap * sizeof *hosts);
        if (!hosts)
            return NULL;
        ctx->hosts = hosts;
        ctx->caphosts = cap;
    }
    host_time *h = &ctx->hosts[ctx->nhosts++];
    snprintf(h->host, sizeof h->host, "%s", host);
    h->last = -1e9;
    return h;
}

/* What fetch_url found. */
enum { FETCH_STOPPED = -2, FETCH_FAILED = -1, FETCH_NOT_MODIFIED = 0, FETCH_OK = 1 };

/* GET url into the file path (at most ctx->max_bytes), conditionally when
 * etag or last_modified is non-empty (either may be NULL), after waiting
 * out the host's delay.  f is filled (its validators, status, size).
 * Returns FETCH_OK (200; path holds the body), FETCH_NOT_MODIFIED (304),
 * FETCH_FAILED (reported on stderr as "watch: URL: why" with what before
 * it) or FETCH_STOPPED (a stop was requested).  path is removed unless
 * FETCH_OK. */
static int fetch_url(watch_ctx *ctx, const char *url, const char *path, const char *etag,
                     const char *last_modified, const char *what, fetch *f)
{
    memset(f, 0, sizeof *f);
    f->max_bytes = ctx->max_bytes;
    host_time *host = host_entry(ctx, url);
    if (host && cli_sleep_until(host->last + ctx->host_delay))
        return FETCH_STOPPED;
    f->body = fopen(path, "wb");
    if (!f->body) {
        cli_error("watch: %s: cannot write: %s", path, strerror(errno));
        return FETCH_FAILED;
    }
    CURL *c = ctx->curl;
    curl_easy_reset(c);
    struct curl_slist *headers = NULL;
    char line[512];
    if (etag && etag[0]) {
        snprintf(line, sizeof line, "If-None-Match: %s", etag);
        headers = curl_slist_append(headers, line);
    }
    if (last_modified && last_modified[0]) {
        snprintf(line, sizeof line, "If-Modified-Since: %s", last_modified);
        headers = curl_slist_append(headers, line);
    }
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_TIMEOUT, ctx->timeout);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, ctx->timeout < 10 ? ctx->timeout : 10L);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(c, CURLOPT_USERAGENT, "saydo-watch/" SAYDO_VERSION_STRING);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, f);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, f);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(headers);
    if (host)
        host->last = cli_now();
    int closed = fclose(f->body) == 0;
    f->body = NULL;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &f->status);
    int result = FETCH_FAILED;
    if (cli_stop && rc == CURLE_ABORTED_BY_CALLBACK)
        result = FETCH_STOPPED;
    else if (f->too_large)
        cli_error("watch: %s: %sthe response is larger than %zu bytes (--max-article-bytes)",
                  url, what, ctx->max_bytes);
    else if (f->bad_type)
        cli_error("watch: %s: %scontent type '%s' is not a feed or a page", url, what,
                  f->content_type);
    else if (rc != CURLE_OK || !closed)
        cli_error("watch: %s: %s%s", url, what,
                  rc != CURLE_OK ? (errbuf[0] ? errbuf : curl_easy_strerror(rc))
                                 : "cannot write the response");
    else if (f->status == 304)
        result = FETCH_NOT_MODIFIED;
    else if (f->status != 200)
        cli_error("watch: %s: %sHTTP %ld", url, what, f->status);
    else
        result = FETCH_OK;
    if (result != FETCH_OK)
        unlink(path);
    return result;
}

/* 1 when the file at path holds a feed: its first element (after a byte
 * order mark, the XML declaration, comments and a doctype) is <rss>,
 * <feed> or <rdf:RDF>, as the readers' own detection says. */
static int looks_like_feed(const char *path)
{
    char head[2048];
    FILE *in = fopen(path, "rb");
    if (!in)
        return 0;
    size_t n = fread(head, 1, sizeof head - 1, in);
    fclose(in);
    head[n] = '\0';
    const char *p = head;
    if (strncmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    for (;;) {
        p += strspn(p, " \t\r\n");
        if (strncmp(p, "<?", 2) == 0 || strncmp(p, "<!DOCTYPE", 9) == 0 ||
            strncmp(p, "<!doctype", 9) == 0) {
            const char *end = strchr(p, '>');
            if (!end)
                return 0;
            p = end + 1;
        } else if (strncmp(p, "<!--", 4) == 0) {
            const char *end = strstr(p, "-->");
            if (!end)
                return 0;
            p = end + 3;
        } else {
            break;
        }
    }
    return strncmp(p, "<rss", 4) == 0 || strncmp(p, "<feed", 5) == 0 ||
           strncmp(p, "<rdf:RDF", 8) == 0;
}

/* What one poll of a feed did. */
typedef struct feed_counts {
    size_t articles, added, replaced, unchanged, bad, seen, pages, pages_failed;
} feed_counts;

/* Save ctx's state, reporting a failure.  Returns 0 or -1. */
static int save_state(watch_ctx *ctx)
{
    char why[512];
    if (watch_state_save(ctx->state, why, sizeof why) == 0)
        return 0;
    cli_error("watch: %s", why);
    return -1;
}

/* Code article and store it.  Returns 0 (counted in counts), 1 when it is
 * bad (reported, counted), or -1 on a store error (reported). */
static int store_article(watch_ctx *ctx, const saydo_article *article, feed_counts *counts)
{
    saydo_error err;
    int rc = saydo_store_contains(ctx->store, article, &err);
    if (rc < 0) {
        cli_report(&err);
        return -1;
    }
    counts->articles++;
    if (rc > 0) {
        counts->unchanged++;
        return 0;
    }
    saydo_result *result = NULL;
    if (saydo_code(ctx->coder, article, &result, &err) != 0) {
        cli_report(&err);
        counts->bad++;
        return 1;
    }
    saydo_store_status status = SAYDO_STORE_UNCHANGED;
    rc = saydo_store_put(ctx->store, article, result, &status, &err);
    saydo_result_free(result);
    if (rc != 0) {
        cli_report(&err);
        return -1;
    }
    if (status == SAYDO_STORE_ADDED)
        counts->added++;
    else if (status == SAYDO_STORE_REPLACED)
        counts->replaced++;
    else
        counts->unchanged++;
    return 0;
}

/* The article of item with the text of its page, fetched from the item's
 * link and extracted by the HTML reader.  Returns the new article (owned
 * by the caller), or NULL when the page failed (reported: the item is then
 * stored from its summary) or a stop was requested (*stopped set). */
static saydo_article *with_page(watch_ctx *ctx, const saydo_article *item, feed_counts *counts,
                                int *stopped)
{
    const char *link = saydo_article_url(item);
    char path[4200];
    snprintf(path, sizeof path, "%s/page.html", ctx->tmpdir);
    fetch f;
    int rc = fetch_url(ctx, link, path, NULL, NULL, "page: ", &f);
    if (rc == FETCH_STOPPED) {
        *stopped = 1;
        return NULL;
    }
    counts->pages++;
    if (rc != FETCH_OK) {
        if (rc == FETCH_NOT_MODIFIED)
            cli_error("watch: %s: page: HTTP 304 to an unconditional GET", link);
        cli_error("watch: %s: page failed: the item is stored from the feed's summary", link);
        counts->pages_failed++;
        return NULL;
    }
    saydo_reader_options ro = SAYDO_READER_OPTIONS_INIT;
    ro.format = SAYDO_INPUT_HTML;
    ro.max_article_bytes = ctx->max_bytes;
    saydo_reader *reader = NULL;
    saydo_article *page = NULL, *out = NULL;
    saydo_error err;
    memset(&err, 0, sizeof err);
    int got = saydo_reader_open(path, &ro, &reader, &err) == 0 &&
              saydo_reader_next(reader, &page, &err) == 1;
    saydo_reader_close(reader);
    unlink(path);
    size_t page_len = 0, item_len = 0;
    const char *text = got ? saydo_article_text(page, &page_len) : NULL;
    saydo_article_text(item, &item_len);
    if (got && page_len > item_len) {
        saydo_article_fields fields = SAYDO_ARTICLE_FIELDS_INIT;
        const char *date = saydo_article_date(item);
        const char *title = saydo_article_title(item);
        const char *outlet = saydo_article_outlet(item);
        fields.id = saydo_article_id(item);
        fields.date = date && *date ? date : saydo_article_date(page);
        fields.title = title && *title ? title : saydo_article_title(page);
        fields.url = link;
        fields.outlet = outlet && *outlet ? outlet : saydo_article_outlet(page);
        fields.meta = saydo_article_meta(item);
        fields.file = saydo_article_file(item);
        fields.line = saydo_article_line(item);
        fields.text = text;
        fields.text_len = page_len;
        if (saydo_article_new_fields(&fields, &out, &err) != 0)
            out = NULL;
    }
    if (!ctx->quiet && out)
        cli_error("watch: %s: page: 200, %zu bytes: %zu bytes of text", link, f.bytes, page_len);
    if (!out) {
        cli_error("watch: %s: page: %s: the item is stored from the feed's summary", link,
                  !got && err.message[0] ? err.message : "no more text than the summary");
        counts->pages_failed++;
    }
    saydo_article_free(page);
    return out;
}

/* 1 when id is the feed reader's stand-in for an item with neither guid
 * nor link: "<stem of path>:<item number>", which names a position in the
 * feed, not an item. */
static int positional_id(const char *path, const char *id)
{
    const char *base = strrchr(path, '/');
    base = base && base[1] ? base + 1 : path;
    size_t n = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot > base)
        n = (size_t)(dot - base);
    if (strncmp(id, base, n) != 0 || id[n] != ':' || !id[n + 1])
        return 0;
    return strspn(id + n + 1, "0123456789") == strlen(id + n + 1);
}

/* item again under the id "FEED-URL#HASH", HASH (16 hex digits) taken
 * from its title and text, so that an item without guid or link keeps one
 * id from poll to poll whatever its place in the feed.  Returns the new
 * article (owned by the caller) or NULL when out of memory. */
static saydo_article *with_content_id(const saydo_article *item, const char *feed_url)
{
    size_t len = 0;
    const char *text = saydo_article_text(item, &len);
    const char *title = saydo_article_title(item);
    unsigned long long h = 1469598103934665603ULL; /* FNV-1a */
    for (const char *p = title ? title : ""; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    h = (h ^ 0xffu) * 1099511628211ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)text[i]) * 1099511628211ULL;
    char id[2100];
    snprintf(id, sizeof id, "%.2048s#%016llx", feed_url, h);
    saydo_article_fields fields = SAYDO_ARTICLE_FIELDS_INIT;
    fields.id = id;
    fields.date = saydo_article_date(item);
    fields.title = title;
    fields.url = saydo_article_url(item);
    fields.outlet = saydo_article_outlet(item);
    fields.meta = saydo_article_meta(item);
    fields.file = saydo_article_file(item);
    fields.line = saydo_article_line(item);
    fields.text = text;
    fields.text_len = len;
    saydo_article *out = NULL;
    saydo_error err;
    return saydo_article_new_fields(&fields, &out, &err) == 0 ? out : NULL;
}

/* Take the items of the feed at path: skip those seen before, fetch the
 * page of those that carry only a summary, store the rest, remember each.
 * Returns 1 when every item was taken (or there was none and the feed
 * parsed), 0 when the feed yielded errors and no item, -1 when the run
 * must stop (a store error), -2 when a stop was requested. */
static int take_items(watch_ctx *ctx, const watched *w, const char *path, feed_counts *counts)
{
    saydo_reader_options ro = *ctx->reader;
    ro.format = SAYDO_INPUT_FEED;
    saydo_reader *reader = NULL;
    saydo_error err;
    if (saydo_reader_open(path, &ro, &reader, &err) != 0) {
        cli_report(&err);
        return 0;
    }
    int result = 1, items = 0, errors = 0;
    while (result == 1) {
        if (cli_stop) {
            result = -2;
            break;
        }
        saydo_article *item = NULL;
        int rc = saydo_reader_next(reader, &item, &err);
        if (rc == 0)
            break;
        if (rc < 0) {
            cli_error("watch: %s: %s", w->url, err.message);
            counts->bad++;
            if (rc == SAYDO_ERR_IO || rc == SAYDO_ERR_NOMEM || ++errors >= 1000)
                break;
            continue;
        }
        items++;
        if (positional_id(path, saydo_article_id(item))) {
            saydo_article *renamed = with_content_id(item, w->url);
            saydo_article_free(item);
            if (!(item = renamed)) {
                cli_error("out of memory");
                result = -1;
                break;
            }
        }
        const char *url = saydo_article_url(item);
        const char *key = url && *url ? url : saydo_article_id(item);
        if (watch_state_seen(ctx->state, key)) {
            counts->seen++;
            saydo_article_free(item);
            continue;
        }
        size_t len = 0;
        saydo_article_text(item, &len);
        saydo_article *page = NULL;
        int stopped = 0;
        size_t pages_before = counts->pages;
        if (len < ctx->summary_bytes && url &&
            (strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0))
            page = with_page(ctx, item, counts, &stopped);
        if (stopped) {
            saydo_article_free(item);
            result = -2;
            break;
        }
        rc = store_article(ctx, page ? page : item, counts);
        if (rc >= 0 && watch_state_add(ctx->state, key) != 0) { /* key is item's */
            cli_error("out of memory");
            rc = -1;
        }
        saydo_article_free(page);
        saydo_article_free(item);
        if (rc < 0) {
            result = -1;
            break;
        }
        if (counts->pages != pages_before)
            save_state(ctx); /* a page costs a request: never fetch it twice */
    }
    saydo_reader_close(reader);
    if (result == 1 && items == 0 && errors > 0)
        result = 0;
    return result;
}

/* Poll one URL once; returns 1 on success (200 ingested or 304), 0 on a
 * failure, -1 when the run must stop (a store error), -2 when a stop was
 * requested.  *retry_after is the server's Retry-After (0: none). */
static int poll_url(watch_ctx *ctx, watched *w, long *retry_after)
{
    char name[128], path[4200];
    name_for(w->url, name, sizeof name);
    snprintf(path, sizeof path, "%s/%s", ctx->tmpdir, name);
    fetch f;
    int rc = fetch_url(ctx, w->url, path, w->state->etag, w->state->last_modified, "", &f);
    *retry_after = f.retry_after;
    if (rc == FETCH_STOPPED)
        return -2;
    if (rc == FETCH_FAILED)
        return 0;
    if (rc == FETCH_NOT_MODIFIED) {
        if (!ctx->quiet)
            cli_error("watch: %s: 304 not modified", w->url);
        return 1;
    }
    int feed = ctx->reader->format == SAYDO_INPUT_FEED ||
               (ctx->reader->format == SAYDO_INPUT_AUTO && looks_like_feed(path));
    if (feed) {
        feed_counts counts;
        memset(&counts, 0, sizeof counts);
        int taken = take_items(ctx, w, path, &counts);
        unlink(path);
        if (taken == 1) {
            snprintf(w->state->etag, sizeof w->state->etag, "%s", f.etag);
            snprintf(w->state->last_modified, sizeof w->state->last_modified, "%s",
                     f.last_modified);
        }
        if (!ctx->quiet || taken != 1)
            cli_error("watch: %s: 200, %zu bytes: %zu articles (%zu added, %zu replaced, %zu "
                      "unchanged), %zu bad, %zu seen before, %zu pages fetched (%zu failed)%s",
                      w->url, f.bytes, counts.articles, counts.added, counts.replaced,
                      counts.unchanged, counts.bad, counts.seen, counts.pages,
                      counts.pages_failed,
                      taken == 0 ? ": no item" : taken == -2 ? ": stopped" : "");
        return taken;
    }
    cli_ingest_state st;
    memset(&st, 0, sizeof st);
    st.report = 1;
    st.skip_empty = 1;
    int stop = cli_ingest_input(path, ctx->reader, 1, ctx->coder, ctx->store, &st);
    unlink(path);
    snprintf(w->state->etag, sizeof w->state->etag, "%s", f.etag);
    snprintf(w->state->last_modified, sizeof w->state->last_modified, "%s", f.last_modified);
    if (!ctx->quiet || stop)
        cli_error("watch: %s: 200, %zu bytes: %zu articles (%zu added, %zu replaced, %zu "
                  "unchanged), %zu bad",
                  w->url, f.bytes, st.articles, st.added, st.replaced, st.unchanged, st.bad);
    if (stop && st.store_failed)
        return -1;
    return 1;
}

/* Schedule w's next poll after a success (ok) or a failure: the wait
 * doubles from --interval (at least 1 s) with each failure in a row, is at
 * least the server's Retry-After and at most max_backoff.  The failures
 * and the wall-clock time of the next try go to w's state. */
static void schedule(watched *w, int ok, long retry_after, double interval, double max_backoff,
                     int quiet)
{
    double now = cli_now();
    if (ok) {
        w->state->failures = 0;
        w->state->retry_at = 0;
        w->due = now + interval;
        return;
    }
    w->state->failures++;
    double wait = interval > 1 ? interval : 1;
    for (int i = 1; i < w->state->failures && wait < max_backoff; i++)
        wait *= 2;
    if (retry_after > wait)
        wait = (double)retry_after;
    if (wait > max_backoff)
        wait = max_backoff;
    w->due = now + wait;
    w->state->retry_at = time(NULL) + (time_t)(wait + 0.5);
    if (!quiet)
        cli_error("watch: %s: failure %d in a row; next try in %.0f s", w->url,
                  w->state->failures, wait);
}

/* Add the URLs of the feed list file path (one a line; blank lines and
 * lines starting with '#' are skipped) to list, whose lines it keeps.
 * Returns the number added, or -1 (reported). */
static long read_feed_list(const char *path, char ***list, size_t *n, char **text_out)
{
    size_t size = 0;
    FILE *in = fopen(path, "rb");
    char *text = NULL;
    if (in) {
        size_t cap = 0;
        char chunk[4096];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, in)) > 0) {
            if (size + got + 1 > cap) {
                cap = (size + got + 1) * 2;
                char *grown = realloc(text, cap);
                if (!grown) {
                    free(text);
                    fclose(in);
                    cli_error("out of memory");
                    return -1;
                }
                text = grown;
            }
            memcpy(text + size, chunk, got);
            size += got;
        }
        int failed = ferror(in);
        fclose(in);
        if (failed) {
            free(text);
            text = NULL;
            in = NULL;
        }
    }
    if (!in) {
        cli_error("watch: %s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    if (!text && !(text = calloc(1, 1))) {
        cli_error("out of memory");
        return -1;
    }
    text[size] = '\0';
    *text_out = text;
    long added = 0;
    for (char *line = strtok(text, "\r\n"); line; line = strtok(NULL, "\r\n")) {
        line += strspn(line, " \t");
        size_t len = strlen(line);
        while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
            line[--len] = '\0';
        if (!len || line[0] == '#')
            continue;
        char **grown = realloc(*list, (*n + 1) * sizeof **list);
        if (!grown) {
            cli_error("out of memory");
            return -1;
        }
        *list = grown;
        (*list)[(*n)++] = line;
        added++;
    }
    return added;
}
static int parse_seconds(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || v < 0 || v > 86400.0 * 365)
        return -1;
    *out = v;
    return 0;
}

int cmd_watch(int argc, char **argv)
{
    saydo_reader_options ro = SAYDO_READER_OPTIONS_INIT;
    saydo_store_options so = SAYDO_STORE_OPTIONS_INIT;
    const char *db = cli_default_db(), *data = NULL, *cameo = NULL;
    const char **dicts = calloc((size_t)argc + 1, sizeof *dicts);
    size_t ndicts = 0;
    int no_default_dicts = 0, quiet = 0, once = 0;
    long polls = 0, timeout = 30;
    double interval = 300, max_backoff = 3600, host_delay = 1;
    unsigned long long summary_bytes = 1000;
    const char *state_path = NULL;
    char **urls_given = NULL;  /* the URLs: arguments and --feeds lines    */
    char **feed_texts = NULL;  /* the --feeds files' text, owned           */
    size_t nurls = 0, nfeed_texts = 0;
    char date_day[11] = "";
    if (!dicts) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    enum { OPT_DB = 256, OPT_INTERVAL, OPT_BACKOFF, OPT_POLLS, OPT_TIMEOUT, OPT_DATE, OPT_INPUT,
           OPT_FIELD, OPT_DATA, OPT_CAMEO, OPT_DICT, OPT_NODEF, OPT_MAXBYTES, OPT_QUIET,
           OPT_MINCONF, OPT_ONCE, OPT_HOSTDELAY, OPT_SUMMARY, OPT_STATE, OPT_FEEDS };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"interval", required_argument, NULL, OPT_INTERVAL},
        {"max-backoff", required_argument, NULL, OPT_BACKOFF},
        {"polls", required_argument, NULL, OPT_POLLS},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"date", required_argument, NULL, OPT_DATE},
        {"input", required_argument, NULL, OPT_INPUT},
        {"field", required_argument, NULL, OPT_FIELD},
        {"data", required_argument, NULL, OPT_DATA},
        {"cameo", required_argument, NULL, OPT_CAMEO},
        {"dict", required_argument, NULL, OPT_DICT},
        {"no-default-dicts", no_argument, NULL, OPT_NODEF},
        {"max-article-bytes", required_argument, NULL, OPT_MAXBYTES},
        {"quiet", no_argument, NULL, OPT_QUIET},
        {"min-confidence", required_argument, NULL, OPT_MINCONF},
        {"once", no_argument, NULL, OPT_ONCE},
        {"host-delay", required_argument, NULL, OPT_HOSTDELAY},
        {"summary-bytes", required_argument, NULL, OPT_SUMMARY},
        {"state", required_argument, NULL, OPT_STATE},
        {"feeds", required_argument, NULL, OPT_FEEDS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    optind = 1;
    opterr = 0;
    int c, status = CLI_OK;
    double min_confidence = -1.0; /* the coder's default */
    char *end;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            cli_help("watch", stdout);
            status = -1;
            break;
        case OPT_DB: db = optarg; break;
        case OPT_INTERVAL:
            if (parse_seconds(optarg, &interval) != 0) {
                cli_error("--interval: '%s' is not a number of seconds", optarg);
                status = CLI_USAGE;
            }
            break;
        case OPT_BACKOFF:
            if (parse_seconds(optarg, &max_backoff) != 0) {
                cli_error("--max-backoff: '%s' is not a number of seconds", optarg);
                status = CLI_USAGE;
            }
            break;
        case OPT_POLLS:
        case OPT_TIMEOUT: {
            long v = strtol(optarg, &end, 10);
            if (end == optarg || *end || v < 1 || v > 1000000) {
                cli_error("--%s: '%s' is not a positive number", c == OPT_POLLS ? "polls" : "timeout",
                          optarg);
                status = CLI_USAGE;
            }
            *(c == OPT_POLLS ? &polls : &timeout) = v;
            break;
        }
        case OPT_DATE: status = cli_option_date(optarg, &ro, date_day); break;
        case OPT_INPUT: status = cli_option_input(optarg, &ro); break;
        case OPT_FIELD: status = cli_option_field(optarg, &ro); break;
        case OPT_DATA: data = optarg; break;
        case OPT_CAMEO: cameo = optarg; break;
        case OPT_DICT: dicts[ndicts++] = optarg; break;
        case OPT_NODEF: no_default_dicts = 1; break;
        case OPT_QUIET: quiet = 1; break;
        case OPT_ONCE: once = 1; break;
        case OPT_STATE: state_path = optarg; break;
        case OPT_HOSTDELAY:
            if (parse_seconds(optarg, &host_delay) != 0) {
                cli_error("--host-delay: '%s' is not a number of seconds", optarg);
                status = CLI_USAGE;
            }
            break;
        case OPT_SUMMARY:
            summary_bytes = strtoull(optarg, &end, 10);
            if (end == optarg || *end || optarg[0] == '-') {
                cli_error("--summary-bytes: '%s' is not a size", optarg);
                status = CLI_USAGE;
            }
            break;
        case OPT_FEEDS: {
            char **grown = realloc(feed_texts, (nfeed_texts + 1) * sizeof *feed_texts);
            if (!grown) {
                cli_error("out of memory");
                status = CLI_FAIL;
                break;
            }
            feed_texts = grown;
            feed_texts[nfeed_texts] = NULL;
            if (read_feed_list(optarg, &urls_given, &nurls, &feed_texts[nfeed_texts]) < 0)
                status = CLI_FAIL;
            if (feed_texts[nfeed_texts])
                nfeed_texts++;
            break;
        }
        case OPT_MINCONF: status = cli_option_confidence(optarg, &min_confidence); break;
        case OPT_MAXBYTES: {
            unsigned long long v = strtoull(optarg, &end, 10);
            if (end == optarg || *end || v == 0) {
                cli_error("--max-article-bytes: '%s' is not a positive size", optarg);
                status = CLI_USAGE;
            }
            ro.max_article_bytes = (size_t)v;
            break;
        }
        case ':':
            cli_error("watch: option '%s' needs a value", argv[optind - 1]);
            status = CLI_USAGE;
            break;
        default:
            cli_error("watch: unknown option '%s' (try 'saydo help watch')", argv[optind - 1]);
            status = CLI_USAGE;
            break;
        }
        if (status != CLI_OK)
            break;
    }
    for (int i = optind; i < argc && status == CLI_OK; i++) {
        char **grown = realloc(urls_given, (nurls + 1) * sizeof *urls_given);
        if (!grown) {
            cli_error("out of memory");
            status = CLI_FAIL;
            break;
        }
        urls_given = grown;
        urls_given[nurls++] = argv[i];
    }
    if (status == CLI_OK && nurls == 0) {
        cli_error("watch: no URL (try 'saydo help watch')");
        status = CLI_USAGE;
    }
    for (size_t i = 0; i < nurls && status == CLI_OK; i++)
        if (strncasecmp(urls_given[i], "http://", 7) != 0 &&
            strncasecmp(urls_given[i], "https://", 8) != 0) {
            cli_error("watch: '%s' is not an http:// or https:// URL", urls_given[i]);
            status = CLI_USAGE;
        }
    char state_buf[4200];
    watch_state *state = NULL;
    if (status == CLI_OK) {
        char why[512];
        if (!state_path)
            state_path = watch_state_default_path(db, state_buf, sizeof state_buf);
        if (!(state = watch_state_load(state_path, why, sizeof why))) {
            cli_error("watch: %s", why);
            status = CLI_FAIL;
        }
    }
    if (once)
        polls = 1;
    if (status != CLI_OK) {
        for (size_t i = 0; i < nfeed_texts; i++)
            free(feed_texts[i]);
        free(feed_texts);
        free(urls_given);
        free(dicts);
        return status < 0 ? CLI_OK : status;
    }

    saydo_coder_options co = SAYDO_CODER_OPTIONS_INIT;
    co.data_dir = cli_data_dir(data);
    co.cameo_file = cameo;
    co.dicts = dicts;
    co.no_default_dicts = no_default_dicts;
    co.min_confidence = min_confidence;
    saydo_coder *coder = NULL;
    saydo_store *store = NULL;
    saydo_error err;
    if (saydo_coder_new(&co, &coder, &err) != 0) {
        cli_report(&err);
        status = CLI_FAIL;
    }
    if (status == CLI_OK && saydo_store_open(db, &so, &store, &err) != 0) {
        cli_report(&err);
        status = CLI_FAIL;
    }
    char tmpdir[4096] = "";
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/saydo-watch-XXXXXX", base && *base ? base : "/tmp");
    CURL *curl = NULL;
    if (status != CLI_OK) {
        tmpdir[0] = '\0';
    } else if (!mkdtemp(tmpdir)) {
        tmpdir[0] = '\0';
        cli_error("watch: cannot make a temporary folder: %s", strerror(errno));
        status = CLI_FAIL;
    } else if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0 || !(curl = curl_easy_init())) {
        cli_error("watch: cannot start libcurl");
        status = CLI_FAIL;
    }
    size_t n = nurls;
    watched *urls = status == CLI_OK ? calloc(n, sizeof *urls) : NULL;
    if (status == CLI_OK && !urls) {
        cli_error("out of memory");
        status = CLI_FAIL;
    }
    if (status == CLI_OK) {
        cli_catch_stop();
        watch_ctx ctx = {curl, tmpdir, ro.max_article_bytes, timeout, &ro, coder, store, quiet,
                         host_delay, (size_t)summary_bytes, state, NULL, 0, 0};
        double start = cli_now();
        time_t wall = time(NULL);
        for (size_t i = 0; i < n && status == CLI_OK; i++) {
            urls[i].url = urls_given[i];
            if (!(urls[i].state = watch_state_feed(state, urls_given[i]))) {
                cli_error("out of memory");
                status = CLI_FAIL;
                break;
            }
            /* a backoff of an earlier run still holds */
            time_t retry_at = urls[i].state->retry_at;
            if (retry_at > wall) {
                urls[i].due = start + (double)(retry_at - wall);
                if (once) {
                    urls[i].skipped = 1;
                    urls[i].polls = 1;
                    urls[i].last_ok = 1;
                    cli_error("watch: %s: backing off after %d failures; next try in %lld s: "
                              "skipped",
                              urls[i].url, urls[i].state->failures, (long long)(retry_at - wall));
                }
            }
        }
        for (; status == CLI_OK;) {
            double next = -1;
            int all_done = polls > 0;
            for (size_t i = 0; i < n && !cli_stop; i++) {
                watched *w = &urls[i];
                if (polls > 0 && w->polls >= polls)
                    continue;
                if (cli_now() >= w->due) {
                    long retry_after = 0;
                    int ok = poll_url(&ctx, w, &retry_after);
                    if (ok == -2) { /* stopped: the poll does not count */
                        save_state(&ctx);
                        break;
                    }
                    if (ok < 0) {
                        cli_stop = 1;
                        status = CLI_FAIL;
                        save_state(&ctx);
                        break;
                    }
                    w->polls++;
                    w->last_ok = ok;
                    schedule(w, ok, retry_after, interval, max_backoff, quiet);
                    if (save_state(&ctx) != 0)
                        status = CLI_FAIL;
                }
                if (polls > 0 && w->polls >= polls)
                    continue;
                all_done = 0;
                if (next < 0 || w->due < next)
                    next = w->due;
            }
            if (cli_stop || all_done || next < 0)
                break;
            /* sleep until the next poll is due, waking for signals */
            if (cli_sleep_until(next))
                break;
        }
        free(ctx.hosts);
        if (polls > 0 && status == CLI_OK && !cli_stop)
            for (size_t i = 0; i < n; i++)
                if (!urls[i].last_ok)
                    status = CLI_FAIL;
    }
    free(urls);
    watch_state_free(state);
    for (size_t i = 0; i < nfeed_texts; i++)
        free(feed_texts[i]);
    free(feed_texts);
    free(urls_given);
    if (curl)
        curl_easy_cleanup(curl);
    curl_global_cleanup();
    if (tmpdir[0])
        rmdir(tmpdir);
    saydo_store_close(store);
    saydo_coder_free(coder);
    free(dicts);
    return status;
}
