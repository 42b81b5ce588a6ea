/*
 * serve_api.c -- the JSON API of 'saydo serve' (docs/api.md): checks the
 * query parameters, asks the store, writes JSON with jansson.
 *
 * Contract: every parameter is checked before it reaches the store and a
 * bad one answers 400 naming it; values reach SQL only as bound
 * parameters (the store's rule).  Reads use the calling worker thread's own
 * read-only store handle (opened on first use, closed when the thread
 * ends); POST uses the one writer handle under ctx->write_lock.
 *
 * Expensive queries must not starve /api/health: every query of a reader
 * has a time limit (--query-timeout; the store interrupts it: 503), and
 * queries other than the health check run in at most query_slots threads
 * at once, one fewer than the pool.  A query that finds no slot free
 * within 100 ms is answered 503 with Retry-After, so a new connection finds
 * a thread free within about that long.
 */
#include <time.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "serve.h"

#define JSON_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(10))

void serve_error(serve_reply *reply, int status, const char *fmt, ...)
{
    char message[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    json_t *o = json_pack("{s:{s:i,s:s}}", "error", "status", status, "message", message);
    reply->status = status;
    reply->content_type = "application/json; charset=utf-8";
    reply->body = o ? json_dumps(o, JSON_FLAGS) : NULL;
    reply->len = reply->body ? strlen(reply->body) : 0;
    json_decref(o);
}

/* Answer 200 with o (its reference is taken). */
static void reply_json(serve_reply *reply, json_t *o)
{
    char *text = o ? json_dumps(o, JSON_FLAGS) : NULL;
    json_decref(o);
    if (!text) {
        serve_error(reply, 500, "out of memory");
        return;
    }
    reply->status = 200;
    reply->content_type = "application/json; charset=utf-8";
    reply->body = text;
    reply->len = strlen(text);
}

static void reply_store_error(serve_reply *reply, const saydo_error *err)
{
    if (err->code == SAYDO_ERR_TIMEOUT) {
        serve_error(reply, 503, "query took too long (%s); narrow the filters",
                    err->message);
        return;
    }
    fprintf(stderr, "saydo: serve: store: %s\n", err->message);
    serve_error(reply, 500, "store error: %s", err->message);
}

typedef struct serve_worker {
    saydo_store *store;
    serve_cache *cache;
} serve_worker;

void serve_worker_free(void *worker)
{
    serve_worker *w = worker;
    if (w) {
        saydo_store_close(w->store);
        serve_cache_free(w->cache);
        free(w);
    }
}

/* This thread's worker (its store opened), or NULL (err filled). */
static serve_worker *worker(serve_ctx *ctx, saydo_error *err)
{
    serve_worker *w = pthread_getspecific(ctx->reader_key);
    if (w)
        return w;
    w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err->message, sizeof err->message, "out of memory");
        return NULL;
    }
    saydo_store_options so = SAYDO_STORE_OPTIONS_INIT;
    so.read_only = 1;
    so.query_ms = ctx->query_ms;
    if (saydo_store_open(ctx->db, &so, &w->store, err) != 0) {
        free(w);
        return NULL;
    }
    w->cache = ctx->no_cache ? NULL : serve_cache_new(); /* NULL: no caching */
    if (pthread_setspecific(ctx->reader_key, w) != 0) {
        serve_worker_free(w);
        snprintf(err->message, sizeof err->message, "out of memory");
        return NULL;
    }
    return w;
}

/* This thread's read-only store, or NULL (err filled). */
static saydo_store *reader(serve_ctx *ctx, saydo_error *err)
{
    serve_worker *w = worker(ctx, err);
    return w ? w->store : NULL;
}

/* ---- parameters ------------------------------------------------------- */

typedef struct params {
    serve_param_fn get;
    void *conn;
    serve_reply *reply;
    int bad;                   /* a 400 has been set */
} params;

static int bad(params *p, const char *name, const char *expected)
{
    if (!p->bad)
        serve_error(p->reply, 400, "bad parameter '%s': expected %s", name, expected);
    p->bad = 1;
    return -1;
}

/* The value, NULL when absent or empty. */
static const char *param(params *p, const char *name)
{
    const char *v = p->get(p->conn, name);
    return v && *v ? v : NULL;
}

/* A decimal integer in [lo, hi], def when absent. */
static long param_long(params *p, const char *name, long lo, long hi, long def,
                       const char *expected)
{
    const char *v = param(p, name);
    if (!v)
        return def;
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || *end || end == v || !isdigit((unsigned char)*v) || n < lo || n > hi) {
        bad(p, name, expected);
        return def;
    }
    return n;
}

/* A CAMEO actor pattern: letters and digits with at most four '*'. */
static int actor_pattern_ok(const char *s, size_t len)
{
    int stars = 0;
    if (len == 0 || len > 64)
        return 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '*')
            stars++;
        else if (!isalnum((unsigned char)s[i]))
            return 0;
    }
    return stars <= 4;
}

static const char *param_actor(params *p, const char *name)
{
    const char *v = param(p, name);
    if (v && !actor_pattern_ok(v, strlen(v)))
        bad(p, name, "a CAMEO actor pattern (letters, digits, '*')");
    return v;
}

static int all_of(const char *s, size_t min, size_t max, int (*cls)(int))
{
    size_t n = strlen(s);
    if (n < min || n > max)
        return 0;
    for (; *s; s++)
        if (!cls((unsigned char)*s))
            return 0;
    return 1;
}

static int is_plover_char(int c)
{
    return isupper(c) || c == '_' || c == '-';
}

static int is_text_char(int c)
{
    return c >= 0x20 && c != 0x7f;
}

/* The common filters into *f; dyad halves are written into dyad (room for
 * 2 x 65 bytes).  Returns 0, or -1 with a 400 set. */
static int read_filter(params *p, saydo_store_filter *f, char dyad[2][72])
{
    const char *v;
    if ((v = param(p, "from")) && !saydo_date_valid(v))
        bad(p, "from", "a calendar date YYYY-MM-DD");
    f->from = v;
    if ((v = param(p, "to")) && !saydo_date_valid(v))
        bad(p, "to", "a calendar date YYYY-MM-DD");
    f->to = v;
    f->source = param_actor(p, "source");
    f->target = param_actor(p, "target");
    if ((v = param(p, "dyad"))) {
        const char *comma = strchr(v, ',');
        size_t la = comma ? (size_t)(comma - v) : 0;
        if (!comma || !actor_pattern_ok(v, la) || !actor_pattern_ok(comma + 1, strlen(comma + 1))) {
            bad(p, "dyad", "two actor patterns A,B");
        } else {
            memcpy(dyad[0], v, la);
            dyad[0][la] = '\0';
            snprintf(dyad[1], sizeof dyad[1], "%s", comma + 1);
            f->dyad_a = dyad[0];
            f->dyad_b = dyad[1];
        }
    }
    if ((v = param(p, "code")) && !all_of(v, 1, 4, isdigit))
        bad(p, "code", "a CAMEO code prefix of 1 to 4 digits");
    f->code = v;
    if ((v = param(p, "root")) && !all_of(v, 2, 2, isdigit))
        bad(p, "root", "a CAMEO root of two digits");
    f->root = v;
    f->quad = (int)param_long(p, "quad", 1, 4, 0, "1 to 4");
    if ((v = param(p, "country")) && !all_of(v, 3, 3, isupper))
        bad(p, "country", "an ISO 3166-1 alpha-3 code (UKR)");
    f->country = v;
    if ((v = param(p, "place")) && !all_of(v, 1, 200, is_text_char))
        bad(p, "place", "a place name");
    f->place = v;
    if ((v = param(p, "outlet")) && !all_of(v, 1, 200, is_text_char))
        bad(p, "outlet", "an outlet name or pattern");
    f->outlet = v;
    if ((v = param(p, "mood")) && (f->mood = saydo_mood_from_name(v)) < 0)
        bad(p, "mood", "asserted, intended, reported or denied");
    if ((v = param(p, "plover")) && !all_of(v, 1, 32, is_plover_char))
        bad(p, "plover", "a PLOVER type in capitals (ASSAULT)");
    f->plover = v;
    return p->bad ? -1 : 0;
}

/* ---- JSON ---------------------------------------------------------------- */

/* An event as saydo's event record, the very object 'saydo query --format
 * jsonl' writes for it (docs/schema.md): the library writes it, jansson
 * reads it back into the answer.  NULL when out of memory. */
static json_t *event_json(const saydo_store_row *r)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out)
        return NULL;
    int rc = saydo_write_store_row(out, SAYDO_OUTPUT_JSONL, r, NULL);
    if (fclose(out) != 0)
        rc = -1;
    json_t *o = rc == 0 && text ? json_loadb(text, len, 0, NULL) : NULL;
    free(text);
    return o;
}

static json_t *span_json(saydo_span s)
{
    if (s.start == 0 && s.end == 0)
        return json_null();
    return json_pack("[I,I]", (json_int_t)s.start, (json_int_t)s.end);
}

static json_t *mention_json(const saydo_store_mention *m)
{
    return json_pack("{s:I,s:{s:s,s:s,s:s,s:s,s:s},s:{s:I,s:s},s:{s:o,s:o,s:o},s:s,s:s,s:s,"
                     "s:s,s:f}",
                     "id", (json_int_t)m->mention_id, "article", "id", m->article, "url", m->url,
                     "outlet", m->outlet, "date", m->article_date, "title", m->title,
                     "sentence", "index", (json_int_t)m->sentence, "text", m->sentence_text,
                     "spans", "source", span_json(m->source_span), "target",
                     span_json(m->target_span), "verb", span_json(m->verb_span), "cameo",
                     m->cameo, "mood", saydo_mood_name(m->mood), "attribution", m->attribution,
                     "pattern", m->pattern, "confidence", m->confidence);
}

/* ---- endpoints --------------------------------------------------------- */

static void api_get(serve_ctx *ctx, const char *path, const char *target, serve_param_fn get,
                    void *conn, serve_reply *reply);

static void api_health(serve_ctx *ctx, serve_reply *reply)
{
    saydo_error err;
    saydo_store_summary sum;
    saydo_store *store = reader(ctx, &err);
    if (!store || saydo_store_get_summary(store, &sum, &err) != 0) {
        reply_store_error(reply, &err);
        return;
    }
    reply_json(reply, json_pack("{s:s,s:s,s:I,s:I,s:s,s:s}", "status", "ok", "version",
                                saydo_version(), "events", (json_int_t)sum.events, "articles",
                                (json_int_t)sum.articles, "first", sum.first, "last", sum.last));
}

static void api_events(serve_ctx *ctx, params *p)
{
    saydo_store_filter f = SAYDO_STORE_FILTER_INIT;
    char dyad[2][72];
    read_filter(p, &f, dyad);
    long limit = param_long(p, "limit", 1, SERVE_MAX_LIMIT, 100, "1 to 1000");
    long offset = param_long(p, "offset", 0, 100000000L, 0, "0 to 100000000");
    if (p->bad)
        return;
    f.limit = limit + 1; /* one more says whether there is a next page */
    f.offset = offset;
    saydo_error err;
    saydo_store *store = reader(ctx, &err);
    saydo_store_rows *rows = NULL;
    if (!store || saydo_store_query(store, &f, &rows, &err) != 0) {
        reply_store_error(p->reply, &err);
        return;
    }
    json_t *events = json_array();
    const saydo_store_row *r;
    int rc, more = 0, nomem = !events;
    long n = 0;
    while (!nomem && (rc = saydo_store_rows_next(rows, &r, &err)) == 1) {
        if (n == limit) {
            more = 1;
            break;
        }
        nomem = json_array_append_new(events, event_json(r)) != 0;
        n++;
    }
    saydo_store_rows_free(rows);
    if (!nomem && rc < 0) {
        json_decref(events);
        reply_store_error(p->reply, &err);
        return;
    }
    if (nomem) {
        json_decref(events);
        serve_error(p->reply, 500, "out of memory");
        return;
    }
    reply_json(p->reply, json_pack("{s:o,s:I,s:I,s:b}", "events", events, "limit",
                                   (json_int_t)limit, "offset", (json_int_t)offset, "more", more));
}

/* Every event the filters select as CSV (the writer of 'saydo query
 * --format csv'), for the dashboard's download; more than SERVE_MAX_CSV
 * events are refused (400), not cut short. */
#define SERVE_MAX_CSV 100000L

static void api_events_csv(serve_ctx *ctx, params *p)
{
    saydo_store_filter f = SAYDO_STORE_FILTER_INIT;
    char dyad[2][72];
    if (read_filter(p, &f, dyad) != 0)
        return;
    f.limit = SERVE_MAX_CSV + 1;
    saydo_error err;
    saydo_store *store = reader(ctx, &err);
    saydo_store_rows *rows = NULL;
    if (!store || saydo_store_query(store, &f, &rows, &err) != 0) {
        reply_store_error(p->reply, &err);
        return;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    int rc = out ? saydo_write_header(out, SAYDO_OUTPUT_CSV, &err) : -1;
    const saydo_store_row *r;
    long n = 0;
    int next = 0;
    while (rc == 0 && (next = saydo_store_rows_next(rows, &r, &err)) == 1 && ++n <= SERVE_MAX_CSV)
        rc = saydo_write_store_row(out, SAYDO_OUTPUT_CSV, r, &err);
    saydo_store_rows_free(rows);
    if (out && fclose(out) != 0 && rc == 0)
        rc = -1;
    if (rc == 0 && next < 0) {
        free(text);
        reply_store_error(p->reply, &err);
    } else if (rc != 0) {
        free(text);
        serve_error(p->reply, 500, "out of memory");
    } else if (n > SERVE_MAX_CSV) {
        free(text);
        serve_error(p->reply, 400, "more than %ld events match: narrow the filters (from, to, ...)",
                    SERVE_MAX_CSV);
    } else {
        p->reply->status = 200;
        p->reply->content_type = "text/csv; charset=utf-8";
        p->reply->body = text;
        p->reply->len = len;
    }
}

static void api_event(serve_ctx *ctx, const char *id_text, serve_reply *reply)
{
    char *end;
    errno = 0;
    long long id = strtoll(id_text, &end, 10);
    if (!isdigit((unsigned char)*id_text) || *end || errno || id <= 0) {
        serve_error(reply, 404, "no such event: %.40s", id_text);
        return;
    }
    saydo_error err;
    saydo_store *store = reader(ctx, &err);
    saydo_store_rows *rows = NULL;
    int found = store ? saydo_store_get_event(store, id, &rows, &err) : -1;
    if (found < 0) {
        reply_store_error(reply, &err);
        return;
    }
    if (found == 0) {
        serve_error(reply, 404, "no such event: %lld", id);
        return;
    }
    const saydo_store_row *r;
    const saydo_store_mention *m;
    json_t *event = NULL, *mentions = json_array();
    int rc = saydo_store_rows_next(rows, &r, &err);
    if (rc == 1)
        event = event_json(r);
    while (rc >= 0 && event && mentions &&
           (rc = saydo_store_rows_next_mention(rows, &m, &err)) == 1)
        if (json_array_append_new(mentions, mention_json(m)) != 0)
            rc = SAYDO_ERR_NOMEM;
    saydo_store_rows_free(rows);
    if (rc < 0 || !event || !mentions) {
        json_decref(event);
        json_decref(mentions);
        if (rc < 0 && rc != SAYDO_ERR_NOMEM)
            reply_store_error(reply, &err);
        else
            serve_error(reply, 500, "out of memory");
        return;
    }
    reply_json(reply, json_pack("{s:o,s:o}", "event", event, "mentions", mentions));
}

/* Append to list a zero row ({period, quad 0, count 0, ...}) for each
 * period from next up to, not including, until; next moves on.  At most
 * *budget rows.  Returns -1 when out of memory. */
static int series_fill(json_t *list, saydo_store_agg kind, char next[11], const char *until,
                       long *budget)
{
    while (*next && strcmp(next, until) < 0 && *budget > 0) {
        json_t *row = json_pack("{s:s,s:i,s:I,s:f,s:f}", "period", next, "quad", 0, "count",
                                (json_int_t)0, "goldstein_sum", 0.0, "goldstein_mean", 0.0);
        if (json_array_append_new(list, row) != 0)
            return -1;
        (*budget)--;
        if (saydo_period_next(kind, next, next) != 0)
            *next = '\0';
    }
    return 0;
}

/* series (kind DAY..MONTH), top actors / dyads (top 1, 2) and events per
 * location country (top 3).  A series is zero-filled: every period from
 * the filter's first (from, else the first with events) to its last (to,
 * else the last with events) has a row, those without events one row with
 * quad 0 and count 0. */
static void api_aggregate(serve_ctx *ctx, params *p, int top)
{
    saydo_store_filter f = SAYDO_STORE_FILTER_INIT;
    char dyad[2][72];
    read_filter(p, &f, dyad);
    saydo_store_agg kind = SAYDO_AGG_MONTH;
    const char *by = "month";
    long n = 20;
    int both = 0;
    if (top == 3) {
        kind = SAYDO_AGG_COUNTRIES;
    } else if (top) {
        kind = top == 1 ? SAYDO_AGG_ACTORS : SAYDO_AGG_DYADS;
        n = param_long(p, "n", 1, SERVE_MAX_LIMIT, 20, "1 to 1000");
        if (top == 2)
            both = (int)param_long(p, "both", 0, 1, 0, "0 or 1");
    } else if ((by = param(p, "by"))) {
        if (strcmp(by, "day") == 0)
            kind = SAYDO_AGG_DAY;
        else if (strcmp(by, "week") == 0)
            kind = SAYDO_AGG_WEEK;
        else if (strcmp(by, "month") != 0)
            bad(p, "by", "day, week or month");
    } else {
        by = "month";
    }
    if (p->bad)
        return;
    saydo_error err;
    saydo_store *store = reader(ctx, &err);
    saydo_store_rows *rows = NULL;
    saydo_store_agg_options agg = SAYDO_STORE_AGG_OPTIONS_INIT;
    agg.kind = kind;
    agg.top_n = n;
    agg.both_directions = both;
    if (!store || saydo_store_aggregate(store, &f, &agg, &rows, &err) != 0) {
        reply_store_error(p->reply, &err);
        return;
    }
    json_t *list = json_array();
    const saydo_store_agg_row *a;
    int rc = 0, nomem = !list;
    char next[11] = "", last[11], end[11];
    long budget = 100000;
    if (!top && f.from && saydo_period_of(kind, f.from, next) != 0)
        next[0] = '\0';
    while (!nomem && (rc = saydo_store_rows_next_agg(rows, &a, &err)) == 1) {
        json_t *row;
        if (!top && strcmp(next, a->key) <= 0) {
            if (!next[0])
                snprintf(next, sizeof next, "%s", a->key);
            nomem = series_fill(list, kind, next, a->key, &budget) != 0;
            if (saydo_period_next(kind, a->key, next) != 0)
                next[0] = '\0';
        }
        if (!top)
            row = json_pack("{s:s,s:i,s:I,s:f,s:f}", "period", a->key, "quad", (int)a->quad,
                            "count", (json_int_t)a->count, "goldstein_sum", a->goldstein_sum,
                            "goldstein_mean", a->goldstein_mean);
        else if (top == 3)
            row = json_pack("{s:s,s:I,s:f,s:f}", "country", a->key, "count",
                            (json_int_t)a->count, "goldstein_sum", a->goldstein_sum,
                            "goldstein_mean", a->goldstein_mean);
        else if (top == 1)
            row = json_pack("{s:s,s:I,s:f,s:f}", "actor", a->key, "count", (json_int_t)a->count,
                            "goldstein_sum", a->goldstein_sum, "goldstein_mean",
                            a->goldstein_mean);
        else if (!both)
            row = json_pack("{s:s,s:s,s:I,s:f,s:f}", "source", a->key, "target", a->key2,
                            "count", (json_int_t)a->count, "goldstein_sum", a->goldstein_sum,
                            "goldstein_mean", a->goldstein_mean);
        else
            row = json_pack("{s:s,s:s,s:I,s:f,s:f,s:I,s:f,s:f}", "source", a->key, "target",
                            a->key2, "count", (json_int_t)a->count, "goldstein_sum",
                            a->goldstein_sum, "goldstein_mean", a->goldstein_mean, "count2",
                            (json_int_t)a->count2, "goldstein_sum2", a->goldstein_sum2,
                            "goldstein_mean2", a->goldstein_mean2);
        nomem = json_array_append_new(list, row) != 0;
    }
    saydo_store_rows_free(rows);
    if (!top && !nomem && rc >= 0 && f.to && saydo_period_of(kind, f.to, last) == 0 &&
        saydo_period_next(kind, last, end) == 0)
        nomem = series_fill(list, kind, next, end, &budget) != 0;
    if (nomem || rc < 0) {
        json_decref(list);
        if (nomem)
            serve_error(p->reply, 500, "out of memory");
        else
            reply_store_error(p->reply, &err);
        return;
    }
    if (top)
        reply_json(p->reply, json_pack("{s:o}", "rows", list));
    else
        reply_json(p->reply, json_pack("{s:s,s:o}", "by", by, "rows", list));
}

static void api_followthrough(serve_ctx *ctx, params *p)
{
    saydo_store_filter f = SAYDO_STORE_FILTER_INIT;
    char dyad[2][72];
    read_filter(p, &f, dyad);
    const char *actor = param_actor(p, "actor");
    if (!actor)
        bad(p, "actor", "an actor pattern (required)");
    long window = param_long(p, "window", 1, 3650, 90, "a number of days, 1 to 3650");
    if (p->bad)
        return;
    f.source = actor;
    saydo_error err;
    saydo_store *store = reader(ctx, &err);
    if (!store) {
        reply_store_error(p->reply, &err);
        return;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out) {
        serve_error(p->reply, 500, "out of memory");
        return;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int status = cli_followthrough(out, store, &f, ctx->pairs, window, CLI_FOLLOW_API);
    if (fclose(out) != 0)
        status = CLI_FAIL;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (long)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000);
    if (status != CLI_OK) {
        free(text);
        if (ctx->query_ms > 0 && ms >= ctx->query_ms) /* a query of it timed out */
            serve_error(p->reply, 503, "query took too long (over %ld ms); narrow the filters",
                        ctx->query_ms);
        else
            serve_error(p->reply, 500, "follow-through failed (see the server's log)");
        return;
    }
    p->reply->status = 200;
    p->reply->content_type = "application/json; charset=utf-8";
    p->reply->body = text;
    p->reply->len = len;
}

/* Take a query slot, waiting up to 100 ms for one; 1 taken, 0 not. */
static int take_slot(serve_ctx *ctx)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 100 * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    int taken = 0, rc = 0;
    pthread_mutex_lock(&ctx->slot_lock);
    while (ctx->query_slots <= 0 && rc == 0)
        rc = pthread_cond_timedwait(&ctx->slot_free, &ctx->slot_lock, &until);
    if (ctx->query_slots > 0) {
        ctx->query_slots--;
        taken = 1;
    }
    pthread_mutex_unlock(&ctx->slot_lock);
    return taken;
}

static void give_slot(serve_ctx *ctx)
{
    pthread_mutex_lock(&ctx->slot_lock);
    ctx->query_slots++;
    pthread_cond_signal(&ctx->slot_free);
    pthread_mutex_unlock(&ctx->slot_lock);
}

void serve_api_get(serve_ctx *ctx, const char *path, const char *target, serve_param_fn get,
                   void *conn, serve_reply *reply)
{
    saydo_error err;
    serve_worker *w = worker(ctx, &err);
    if (!w) {
        reply_store_error(reply, &err);
        return;
    }
    long long version = w->cache && target ? saydo_store_data_version(w->store) : -1;
    if (version >= 0 && serve_cache_get(w->cache, version, target, reply))
        return;
    int health = strcmp(path, "/api/health") == 0;
    if (!health && !take_slot(ctx)) {
        serve_error(reply, 503, "the server is busy with other queries; try again shortly");
        return;
    }
    api_get(ctx, path, target, get, conn, reply);
    if (!health)
        give_slot(ctx);
    if (version >= 0)
        serve_cache_put(w->cache, version, target, reply);
}

/* The query parameters of each path: the filters (read_filter) where it
 * takes them, and its own. */
static const char *const filter_params[] = {"from", "to", "source", "target", "dyad", "code",
                                            "root", "quad", "country", "place", "outlet",
                                            "mood", "plover", NULL};
static const struct {
    const char *path;
    int filters;
    const char *own[4];
} path_params[] = {
    {"events", 1, {"limit", "offset", NULL}},
    {"series", 1, {"by", NULL}},
    {"top/actors", 1, {"n", NULL}},
    {"top/dyads", 1, {"n", "both", NULL}},
    {"countries", 1, {NULL}},
    {"events.csv", 1, {NULL}},
    {"followthrough", 1, {"actor", "window", NULL}},
};

static int name_in(const char *name, size_t len, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == len && memcmp(list[i], name, len) == 0)
            return 1;
    return 0;
}

/* 0, or -1 with a 400 naming every parameter of target's query string that
 * the path does not take (a misspelt filter would otherwise select
 * everything).  Paths without parameters (health, events/ID) take none. */
static int check_params(const char *rest, const char *target, serve_reply *reply)
{
    const char *q = target ? strchr(target, '?') : NULL;
    if (!q)
        return 0;
    int filters = 0;
    const char *const *own = NULL;
    for (size_t i = 0; i < sizeof path_params / sizeof path_params[0]; i++)
        if (strcmp(rest, path_params[i].path) == 0) {
            filters = path_params[i].filters;
            own = path_params[i].own;
        }
    char names[512];
    size_t used = 0;
    int unknown = 0;
    for (const char *p = q + 1; *p;) {
        size_t len = strcspn(p, "&"), nlen = strcspn(p, "=&");
        if (nlen > 0 && !(filters && name_in(p, nlen, filter_params)) &&
            !(own && name_in(p, nlen, own))) {
            int w = snprintf(names + used, sizeof names - used, "%s'%.*s'", unknown ? ", " : "",
                             (int)(nlen > 64 ? 64 : nlen), p);
            if (w > 0 && (size_t)w < sizeof names - used)
                used += (size_t)w;
            unknown++;
        }
        p += len;
        if (*p == '&')
            p++;
    }
    if (!unknown)
        return 0;
    serve_error(reply, 400, "unknown parameter%s %s for /api/%s", unknown > 1 ? "s" : "", names,
                rest);
    return -1;
}

static void api_get(serve_ctx *ctx, const char *path, const char *target, serve_param_fn get,
                    void *conn, serve_reply *reply)
{
    params p = {get, conn, reply, 0};
    const char *rest = path + strlen("/api/");
    if (check_params(rest, target, reply) != 0)
        return;
    if (strcmp(rest, "health") == 0)
        api_health(ctx, reply);
    else if (strcmp(rest, "events") == 0)
        api_events(ctx, &p);
    else if (strncmp(rest, "events/", 7) == 0)
        api_event(ctx, rest + 7, reply);
    else if (strcmp(rest, "series") == 0)
        api_aggregate(ctx, &p, 0);
    else if (strcmp(rest, "top/actors") == 0)
        api_aggregate(ctx, &p, 1);
    else if (strcmp(rest, "top/dyads") == 0)
        api_aggregate(ctx, &p, 2);
    else if (strcmp(rest, "countries") == 0)
        api_aggregate(ctx, &p, 3);
    else if (strcmp(rest, "events.csv") == 0)
        api_events_csv(ctx, &p);
    else if (strcmp(rest, "followthrough") == 0)
        api_followthrough(ctx, &p);
    else if (strcmp(rest, "articles") == 0) {
        reply->allow = "POST";
        serve_error(reply, 405, "use POST for /api/articles");
    } else
        serve_error(reply, 404, "no such path: %.200s", path);
}

/* Write data[0..len) over the file fd (truncated first); 0 or -1. */
static int rewrite(int fd, const char *data, size_t len)
{
    if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0)
        return -1;
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, data + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        done += (size_t)w;
    }
    return 0;
}

/* The end of the batch that starts at body[at]: after SERVE_POST_BATCH
 * lines, or the line that reaches SERVE_POST_BATCH_BYTES; *lines is set
 * to the number of lines in it. */
static size_t batch_end(const char *body, size_t len, size_t at, long *lines)
{
    size_t end = at;
    *lines = 0;
    while (end < len && *lines < SERVE_POST_BATCH && end - at < SERVE_POST_BATCH_BYTES) {
        const char *nl = memchr(body + end, '\n', len - end);
        end = nl ? (size_t)(nl - body) + 1 : len;
        (*lines)++;
    }
    return end;
}

static json_t *counts_json(const cli_ingest_state *sum)
{
    /* "events" is the old name of "mentions", kept for existing clients */
    return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "articles", (json_int_t)sum->articles, "added",
                     (json_int_t)sum->added, "replaced", (json_int_t)sum->replaced, "unchanged",
                     (json_int_t)sum->unchanged, "mentions", (json_int_t)sum->mentions,
                     "events", (json_int_t)sum->mentions);
}

void serve_api_post(serve_ctx *ctx, const char *body, size_t len, serve_reply *reply)
{
    const char *tmpdir = getenv("TMPDIR");
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/saydo-post-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        serve_error(reply, 500, "cannot make a temporary file: %s", strerror(errno));
        return;
    }
    saydo_reader_options ro = SAYDO_READER_OPTIONS_INIT;
    ro.format = SAYDO_INPUT_JSONL;
    cli_ingest_state sum, st;
    memset(&sum, 0, sizeof sum);
    memset(&st, 0, sizeof st);
    size_t at = 0;
    long line0 = 0; /* lines of the batches before this one */
    int stop = 0, stopped = 0;
    do {
        if (atomic_load(&ctx->stopping)) {
            stopped = 1;
            break;
        }
        long lines;
        size_t end = batch_end(body, len, at, &lines);
        size_t k = at;
        while (k < end && (body[k] == '\n' || body[k] == '\r' || body[k] == ' ' || body[k] == '\t'))
            k++;
        if (at > 0 && k == end) { /* blank lines at the end: nothing to code */
            line0 += lines;
            at = end;
            continue;
        }
        if (rewrite(fd, body + at, end - at) != 0) {
            close(fd);
            unlink(path);
            serve_error(reply, 500, "cannot write a temporary file (%zu articles were stored)",
                        sum.articles);
            return;
        }
        memset(&st, 0, sizeof st);
        pthread_mutex_lock(&ctx->write_lock);
        stop = cli_ingest_input(path, &ro, 0, ctx->coder, ctx->writer, &st);
        pthread_mutex_unlock(&ctx->write_lock);
        sum.articles += st.articles;
        sum.added += st.added;
        sum.replaced += st.replaced;
        sum.unchanged += st.unchanged;
        sum.mentions += st.mentions;
        if (st.error.line > 0)
            st.error.line += line0;
        line0 += lines;
        at = end;
    } while (!stop && at < len);
    close(fd);
    unlink(path);
    if (stop && st.store_failed) {
        reply_store_error(reply, &st.error);
        return;
    }
    if (stop) {
        if (st.error.line > 0)
            serve_error(reply, 400, "line %ld: %s (%zu articles before it were stored)",
                        st.error.line, st.error.message, sum.articles);
        else
            serve_error(reply, 400, "%s", st.error.message);
        return;
    }
    if (stopped) {
        /* the error and the counts: what was stored stays stored; sending
         * the whole body again later changes nothing for those */
        fprintf(stderr, "saydo: serve: stopping: POST /api/articles cut short after %zu articles\n",
                sum.articles);
        serve_error(reply, 503,
                    "the server is stopping: the first %zu articles were stored; send the "
                    "rest again later",
                    sum.articles);
        json_t *o = reply->body ? json_loads(reply->body, 0, NULL) : NULL;
        json_t *counts = counts_json(&sum);
        if (o && counts && json_object_update(o, counts) == 0 &&
            json_object_set_new(o, "stopped", json_true()) == 0) {
            char *text = json_dumps(o, JSON_FLAGS);
            if (text) {
                free(reply->body);
                reply->body = text;
                reply->len = strlen(text);
            }
        }
        json_decref(counts);
        json_decref(o);
        reply->close = 1;
        return;
    }
    reply_json(reply, counts_json(&sum));
}
