/*
 * cmd_watch.c -- 'saydo watch': poll feeds and pages over HTTP(S) with
 * libcurl and ingest what is new into the event store.
 *
 * Each URL is fetched every --interval seconds with a conditional GET
 * (If-None-Match with the last ETag, If-Modified-Since with the last
 * Last-Modified): 304 costs nothing.  A 200 body (at most
 * --max-article-bytes, gzip accepted) goes to a private temporary folder
 * under a name taken from the URL's last path segment, and is ingested
 * like a file given to 'saydo ingest' (format by extension or content:
 * feeds, pages, JSON Lines, ...): articles already stored are left
 * unchanged, so a feed polled again adds only its new items.  A failure
 * (no connection, timeout, HTTP 4xx or 5xx, a body too large) doubles the
 * URL's wait, up to --max-backoff, and a Retry-After is honoured; a success
 * resets it.  Only http and https are followed (5 redirects at most).
 *
 * Runs until SIGINT or SIGTERM (exit 0), or for --polls N rounds (exit 0
 * when every URL's last poll succeeded, else 1).
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

typedef struct watched {
    const char *url;
    char etag[256];
    char last_modified[128];
    int failures;
    double due;          /* monotonic seconds of the next poll            */
    int polls;
    int last_ok;
    long retry_after;    /* seconds the server asked for (0: none)        */
} watched;

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct fetch {
    FILE *body;
    size_t bytes, max_bytes;
    int too_large;
    watched *w;
    char etag[256], last_modified[128];
} fetch;

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
    fetch *f = arg;
    size_t len = size * n;
    if (f->bytes + len > f->max_bytes) {
        f->too_large = 1;
        return 0; /* aborts the transfer */
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

static size_t on_header(char *line, size_t size, size_t n, void *arg)
{
    fetch *f = arg;
    size_t len = size * n;
    char retry[32];
    /* a redirect's headers come first: the last response's win */
    if (len > 5 && strncmp(line, "HTTP/", 5) == 0) {
        f->etag[0] = f->last_modified[0] = '\0';
        f->w->retry_after = 0;
    }
    header_value(line, len, "ETag", f->etag, sizeof f->etag);
    header_value(line, len, "Last-Modified", f->last_modified, sizeof f->last_modified);
    if (header_value(line, len, "Retry-After", retry, sizeof retry)) {
        char *end;
        long s = strtol(retry, &end, 10);
        if (end != retry && s > 0)
            f->w->retry_after = s;
    }
    return len;
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

typedef struct watch_ctx {
    CURL *curl;
    const char *tmpdir;
    size_t max_bytes;
    long timeout;
    const saydo_reader_options *reader;
    const saydo_coder *coder;
    saydo_store *store;
    int quiet;
} watch_ctx;

/* Poll one URL once; returns 1 on success (200 ingested or 304), 0 on a
 * failure, -1 when the run must stop (a store error). */
static int poll_url(watch_ctx *ctx, watched *w)
{
    char name[128], path[4200];
    name_for(w->url, name, sizeof name);
    snprintf(path, sizeof path, "%s/%s", ctx->tmpdir, name);
    fetch f;
    memset(&f, 0, sizeof f);
    f.max_bytes = ctx->max_bytes;
    f.w = w;
    f.body = fopen(path, "wb");
    if (!f.body) {
        cli_error("watch: %s: cannot write: %s", path, strerror(errno));
        return 0;
    }
    CURL *c = ctx->curl;
    curl_easy_reset(c);
    struct curl_slist *headers = NULL;
    char line[512];
    if (w->etag[0]) {
        snprintf(line, sizeof line, "If-None-Match: %s", w->etag);
        headers = curl_slist_append(headers, line);
    }
    if (w->last_modified[0]) {
        snprintf(line, sizeof line, "If-Modified-Since: %s", w->last_modified);
        headers = curl_slist_append(headers, line);
    }
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, w->url);
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
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &f);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &f);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    w->retry_after = 0;
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(headers);
    int closed = fclose(f.body) == 0;
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (f.too_large) {
        cli_error("watch: %s: the response is larger than %zu bytes (--max-article-bytes)",
                  w->url, ctx->max_bytes);
        unlink(path);
        return 0;
    }
    if (rc != CURLE_OK || !closed) {
        cli_error("watch: %s: %s", w->url,
                  rc != CURLE_OK ? (errbuf[0] ? errbuf : curl_easy_strerror(rc))
                                 : "cannot write the response");
        unlink(path);
        return 0;
    }
    if (status == 304) {
        if (!ctx->quiet)
            cli_error("watch: %s: 304 not modified", w->url);
        unlink(path);
        return 1;
    }
    if (status != 200) {
        cli_error("watch: %s: HTTP %ld", w->url, status);
        unlink(path);
        return 0;
    }
    snprintf(w->etag, sizeof w->etag, "%s", f.etag);
    snprintf(w->last_modified, sizeof w->last_modified, "%s", f.last_modified);
    cli_ingest_state st;
    memset(&st, 0, sizeof st);
    st.report = 1;
    st.skip_empty = 1;
    int stop = cli_ingest_input(path, ctx->reader, 1, ctx->coder, ctx->store, &st);
    unlink(path);
    if (!ctx->quiet || stop)
        cli_error("watch: %s: 200, %zu bytes: %zu articles (%zu added, %zu replaced, %zu "
                  "unchanged), %zu bad",
                  w->url, f.bytes, st.articles, st.added, st.replaced, st.unchanged, st.bad);
    if (stop && st.store_failed)
        return -1;
    return 1;
}

/* Schedule w's next poll after a success (ok) or a failure. */
static void schedule(watched *w, int ok, double interval, double max_backoff, int quiet)
{
    double now = now_seconds();
    if (ok) {
        w->failures = 0;
        w->due = now + interval;
        return;
    }
    w->failures++;
    double wait = interval > 1 ? interval : 1;
    for (int i = 1; i < w->failures && wait < max_backoff; i++)
        wait *= 2;
    if (w->retry_after > wait)
        wait = (double)w->retry_after;
    if (wait > max_backoff)
        wait = max_backoff;
    w->due = now + wait;
    if (!quiet)
        cli_error("watch: %s: failure %d in a row; next try in %.0f s", w->url, w->failures,
                  wait);
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
    int no_default_dicts = 0, quiet = 0;
    long polls = 0, timeout = 30;
    double interval = 300, max_backoff = 3600;
    char date_day[11] = "";
    if (!dicts) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    enum { OPT_DB = 256, OPT_INTERVAL, OPT_BACKOFF, OPT_POLLS, OPT_TIMEOUT, OPT_DATE, OPT_INPUT,
           OPT_FIELD, OPT_DATA, OPT_CAMEO, OPT_DICT, OPT_NODEF, OPT_MAXBYTES, OPT_QUIET,
           OPT_MINCONF };
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
            free(dicts);
            return CLI_OK;
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
    if (status == CLI_OK && optind >= argc) {
        cli_error("watch: no URL (try 'saydo help watch')");
        status = CLI_USAGE;
    }
    for (int i = optind; i < argc && status == CLI_OK; i++)
        if (strncasecmp(argv[i], "http://", 7) != 0 && strncasecmp(argv[i], "https://", 8) != 0) {
            cli_error("watch: '%s' is not an http:// or https:// URL", argv[i]);
            status = CLI_USAGE;
        }
    if (status != CLI_OK) {
        free(dicts);
        return status;
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
        free(dicts);
        return CLI_FAIL;
    }
    if (saydo_store_open(db, &so, &store, &err) != 0) {
        cli_report(&err);
        saydo_coder_free(coder);
        free(dicts);
        return CLI_FAIL;
    }
    char tmpdir[4096];
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/saydo-watch-XXXXXX", base && *base ? base : "/tmp");
    CURL *curl = NULL;
    if (!mkdtemp(tmpdir)) {
        cli_error("watch: cannot make a temporary folder: %s", strerror(errno));
        status = CLI_FAIL;
    } else if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0 || !(curl = curl_easy_init())) {
        cli_error("watch: cannot start libcurl");
        status = CLI_FAIL;
    }
    size_t n = (size_t)(argc - optind);
    watched *urls = status == CLI_OK ? calloc(n, sizeof *urls) : NULL;
    if (status == CLI_OK && !urls) {
        cli_error("out of memory");
        status = CLI_FAIL;
    }
    if (status == CLI_OK) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        for (size_t i = 0; i < n; i++)
            urls[i].url = argv[optind + (int)i];
        watch_ctx ctx = {curl, tmpdir, ro.max_article_bytes, timeout, &ro, coder, store, quiet};
        for (;;) {
            double next = -1;
            int all_done = polls > 0;
            for (size_t i = 0; i < n && !stop_requested; i++) {
                watched *w = &urls[i];
                if (polls > 0 && w->polls >= polls)
                    continue;
                if (now_seconds() >= w->due) {
                    int ok = poll_url(&ctx, w);
                    if (ok < 0) {
                        stop_requested = 1;
                        status = CLI_FAIL;
                        break;
                    }
                    w->polls++;
                    w->last_ok = ok;
                    schedule(w, ok, interval, max_backoff, quiet);
                }
                if (polls > 0 && w->polls >= polls)
                    continue;
                all_done = 0;
                if (next < 0 || w->due < next)
                    next = w->due;
            }
            if (stop_requested || all_done || next < 0)
                break;
            /* sleep until the next poll is due, waking for signals */
            double wait = next - now_seconds();
            while (wait > 0 && !stop_requested) {
                double step = wait > 0.2 ? 0.2 : wait;
                struct timespec ts = {(time_t)step, (long)((step - (time_t)step) * 1e9)};
                nanosleep(&ts, NULL);
                wait = next - now_seconds();
            }
            if (stop_requested)
                break;
        }
        if (polls > 0 && status == CLI_OK)
            for (size_t i = 0; i < n; i++)
                if (!urls[i].last_ok)
                    status = CLI_FAIL;
    }
    free(urls);
    if (curl)
        curl_easy_cleanup(curl);
    curl_global_cleanup();
    if (tmpdir[0] && strstr(tmpdir, "XXXXXX") == NULL)
        rmdir(tmpdir);
    saydo_store_close(store);
    saydo_coder_free(coder);
    free(dicts);
    return status;
}
