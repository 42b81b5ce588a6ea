/*
 * cmd_worker.c -- 'saydo worker': code and store the articles of a Redis
 * Stream as one consumer of a consumer group (queue.h), on any number of
 * machines at once.
 *
 * Contract (docs/scale.md):
 *   - At least once: an entry is acknowledged (XACK, then deleted from the
 *     stream) only after the transaction that stored its article has
 *     committed, or when the store already holds that content.  A worker
 *     killed at any moment leaves its entries pending; another worker takes
 *     them over (XAUTOCLAIM) once they have been idle --claim-idle ms.  The
 *     store's idempotent puts (an article stored before is left unchanged)
 *     make each article's events stored exactly once.
 *   - A failing article (its coding or storing fails, or the worker holding
 *     it dies) is tried again after --claim-idle; after --max-failures
 *     tries it goes to the dead-letter stream S:dead with its error, as
 *     does at once an entry that is not an article (malformed).
 *   - A lost connection to Redis or the store is retried for --retry
 *     seconds; then the worker exits 1.  Entries it held stay pending.
 *   - SIGINT or SIGTERM: the articles in hand are finished, stored and
 *     acknowledged, and the worker exits 0.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "queue.h"

typedef struct worker {
    /* options */
    cli_redis_url url;
    cli_queue_keys keys;
    char consumer[160];
    const char *db;
    saydo_store_options store_opts;
    long count;                /* entries per read                          */
    long claim_idle_ms;        /* take over entries idle this long          */
    long max_failures;
    double retry_s;            /* reconnect for this long                   */
    double progress_s;         /* a progress line this often (0: on a tty)  */
    int until_empty, quiet;
    /* state */
    const saydo_coder *coder;
    redisContext *redis;
    saydo_store *store;
    int read_own;              /* 1: read this consumer's pending entries  */
    char own_from[64];         /* ... after this id                         */
    char claim_cursor[64];
    double next_claim;
    /* counts */
    size_t done, added, replaced, unchanged, mentions, failures, dead, claimed;
    double start, last_progress;
    int shown;
} worker;

/* One entry of a read: its id, fields (in the reply) and tries. */
typedef struct entry {
    char id[64];
    const redisReply *fields;
    redisReply *owner;         /* the reply holding fields, when its own    */
    long tries;
    int state;                 /* what became of it: E_*                    */
    int status;                /* E_PUT: a saydo_store_status               */
    size_t events;             /* E_PUT: the events it added                */
    saydo_article *article;    /* during a pass: the article and its coding */
    saydo_result *result;
} entry;

/* E_NEW to do; E_PUT stored (or stored before), E_GONE deleted from the
 * stream: both acknowledged; E_RECHECK maybe rolled back; E_LEFT failed,
 * left pending; E_DEAD moved to the dead-letter stream. */
enum { E_NEW, E_PUT, E_GONE, E_RECHECK, E_LEFT, E_DEAD };

static void progress(worker *w, int final)
{
    if (w->quiet)
        return;
    double t = cli_now(), el = t - w->start;
    int tty = isatty(2);
    if (final) {
        if (w->shown && tty)
            fputs("\r\033[K", stderr);
        return;
    }
    double every = w->progress_s > 0 ? w->progress_s : tty ? 0.5 : 10.0;
    if (t - w->last_progress < every)
        return;
    w->last_progress = t;
    fprintf(stderr,
            "%ssaydo: worker %s: %zu articles (%.0f/s), %zu mentions, %zu failures, %zu dead, "
            "%zu taken over, %.0f s%s",
            tty ? "\r\033[K" : "", w->consumer, w->done, el > 0 ? w->done / el : 0.0,
            w->mentions, w->failures, w->dead, w->claimed, el, tty ? "" : "\n");
    w->shown = 1;
}

static void say(worker *w, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void say(worker *w, const char *fmt, ...)
{
    if (w->shown && isatty(2))
        fputs("\r\033[K", stderr);
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "saydo: worker %s: ", w->consumer);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static void redis_lost(worker *w)
{
    if (w->redis) {
        say(w, "lost Redis at %s: %s", w->url.shown,
            w->redis->errstr[0] ? w->redis->errstr : "connection closed");
        redisFree(w->redis);
        w->redis = NULL;
    }
    w->read_own = 1; /* entries in hand stay pending: read them again */
    snprintf(w->own_from, sizeof w->own_from, "-");
}

static void store_lost(worker *w, const saydo_error *err)
{
    if (w->store) {
        char line[SAYDO_ERROR_FILE_MAX + SAYDO_ERROR_MESSAGE_MAX + 64];
        say(w, "the store failed: %s", saydo_error_format(err, line, sizeof line));
        saydo_store_close(w->store);
        w->store = NULL;
    }
    w->read_own = 1;
    snprintf(w->own_from, sizeof w->own_from, "-");
}

/* Connect to Redis and open the store, retrying for retry_s (the first
 * time: not at all).  Returns 0, or 1 when the worker must stop. */
static int connect_all(worker *w, int first)
{
    double deadline = cli_now() + (first ? 0 : w->retry_s), wait = 0.1;
    char why[600];
    saydo_error err;
    for (;;) {
        if (!w->redis) {
            w->redis = cli_redis_connect(&w->url, 10.0, why, sizeof why);
            if (w->redis && cli_queue_group_create(w->redis, &w->keys, why, sizeof why) != 0) {
                redisFree(w->redis);
                w->redis = NULL;
            }
            if (w->redis && !first)
                say(w, "connected to Redis at %s again", w->url.shown);
        }
        if (w->redis && !w->store) {
            if (saydo_store_open(w->db, &w->store_opts, &w->store, &err) == 0) {
                if (!first)
                    say(w, "store open again");
            } else {
                char line[SAYDO_ERROR_FILE_MAX + SAYDO_ERROR_MESSAGE_MAX + 64];
                snprintf(why, sizeof why, "%s", saydo_error_format(&err, line, sizeof line));
                w->store = NULL;
            }
        }
        if (w->redis && w->store)
            return 0;
        if (cli_stop)
            return 1;
        if (cli_now() >= deadline) {
            say(w, "%s%s", why, first ? "" : " (gave up retrying)");
            return 1;
        }
        cli_sleep_until(cli_now() + wait);
        wait = wait * 2 > 2.0 ? 2.0 : wait * 2;
    }
}

/* A command's reply; NULL when the connection is lost (then handled). */
static redisReply *command(worker *w, int argc, const char **argv, const size_t *lens)
{
    redisReply *r = redisCommandArgv(w->redis, argc, argv, lens);
    if (!r)
        redis_lost(w);
    return r;
}

/* How many times entry id has been delivered (XPENDING), or 1. */
static long deliveries(worker *w, const char *id)
{
    redisReply *r = redisCommand(w->redis, "XPENDING %s %s %s %s 1", w->keys.stream,
                                 w->keys.group, id, id);
    long n = 1;
    if (!r) {
        redis_lost(w);
        return 1;
    }
    if (r->type == REDIS_REPLY_ARRAY && r->elements == 1 &&
        r->element[0]->type == REDIS_REPLY_ARRAY && r->element[0]->elements == 4 &&
        r->element[0]->element[3]->type == REDIS_REPLY_INTEGER)
        n = (long)r->element[0]->element[3]->integer;
    freeReplyObject(r);
    return n;
}

/* The entries of an XREADGROUP reply (one stream) or of XAUTOCLAIM's
 * second element, into e (at most max).  Returns how many. */
static size_t take_entries(const redisReply *list, entry *e, size_t max)
{
    size_t n = 0;
    if (!list || list->type != REDIS_REPLY_ARRAY)
        return 0;
    for (size_t i = 0; i < list->elements && n < max; i++) {
        const redisReply *item = list->element[i];
        if (item->type != REDIS_REPLY_ARRAY || item->elements < 1 ||
            item->element[0]->type != REDIS_REPLY_STRING || item->element[0]->len >= sizeof e->id)
            continue;
        memset(&e[n], 0, sizeof e[n]);
        memcpy(e[n].id, item->element[0]->str, item->element[0]->len);
        e[n].fields = item->elements > 1 ? item->element[1] : NULL;
        e[n].tries = 1;
        n++;
    }
    return n;
}

/* Move entry to the dead-letter stream with why: its fields, error, tries,
 * entry (its id) and consumer; acknowledged and deleted in one MULTI. */
static void dead_letter(worker *w, entry *e, const char *why)
{
    size_t nf = e->fields && e->fields->type == REDIS_REPLY_ARRAY ? e->fields->elements : 0;
    size_t cap = nf + 16;
    const char **argv = calloc(cap, sizeof *argv);
    size_t *lens = calloc(cap, sizeof *lens);
    if (!argv || !lens) {
        free(argv);
        free(lens);
        say(w, "out of memory: entry %s left pending", e->id);
        e->state = E_LEFT;
        return;
    }
    char tries[32];
    snprintf(tries, sizeof tries, "%ld", e->tries);
    int k = 0;
    argv[k++] = "XADD";
    argv[k++] = w->keys.dead;
    argv[k++] = "*";
    for (size_t i = 0; i + 1 < nf; i += 2) {
        const redisReply *f = e->fields->element[i], *v = e->fields->element[i + 1];
        if (f->type != REDIS_REPLY_STRING || v->type != REDIS_REPLY_STRING)
            continue;
        if ((f->len == 5 && memcmp(f->str, "error", 5) == 0) ||
            (f->len == 5 && memcmp(f->str, "tries", 5) == 0) ||
            (f->len == 5 && memcmp(f->str, "entry", 5) == 0) ||
            (f->len == 8 && memcmp(f->str, "consumer", 8) == 0))
            continue;
        lens[k] = f->len;
        argv[k++] = f->str;
        lens[k] = v->len;
        argv[k++] = v->str;
    }
    const char *extra[] = {"error", why, "tries", tries, "entry", e->id, "consumer", w->consumer};
    for (size_t i = 0; i < 8; i++) {
        argv[k] = extra[i];
        lens[k++] = strlen(extra[i]);
    }
    for (int i = 0; i < 3; i++)
        lens[i] = strlen(argv[i]);
    redisAppendCommand(w->redis, "MULTI");
    redisAppendCommandArgv(w->redis, k, argv, lens);
    redisAppendCommand(w->redis, "XACK %s %s %s", w->keys.stream, w->keys.group, e->id);
    redisAppendCommand(w->redis, "XDEL %s %s", w->keys.stream, e->id);
    redisAppendCommand(w->redis, "HDEL %s %s", w->keys.errors, e->id);
    redisAppendCommand(w->redis, "HINCRBY %s dead 1", w->keys.stats);
    redisAppendCommand(w->redis, "EXEC");
    free(argv);
    free(lens);
    int ok = 1;
    for (int i = 0; i < 7; i++) {
        redisReply *r = NULL;
        if (redisGetReply(w->redis, (void **)&r) != REDIS_OK) {
            redis_lost(w);
            e->state = E_LEFT;
            return;
        }
        if (i == 6 && (!r || r->type != REDIS_REPLY_ARRAY))
            ok = 0;
        freeReplyObject(r);
    }
    if (!ok) {
        say(w, "could not move entry %s to %s (left pending)", e->id, w->keys.dead);
        e->state = E_LEFT;
        return;
    }
    say(w, "entry %s to %s after %ld tr%s: %s", e->id, w->keys.dead, e->tries,
        e->tries == 1 ? "y" : "ies", why);
    w->dead++;
    e->state = E_DEAD;
}

/* The last error recorded for entry id ("" when none) into buf. */
static void last_error(worker *w, const char *id, char *buf, size_t n)
{
    buf[0] = '\0';
    redisReply *r = redisCommand(w->redis, "HGET %s %s", w->keys.errors, id);
    if (!r) {
        redis_lost(w);
        return;
    }
    if (r->type == REDIS_REPLY_STRING)
        snprintf(buf, n, "%.*s", (int)(r->len > 400 ? 400 : r->len), r->str);
    freeReplyObject(r);
}

/* An article failed (err): dead-lettered after max_failures tries, else
 * left pending with its error kept, to be taken over after claim_idle. */
static void failed(worker *w, entry *e, const saydo_error *err)
{
    char line[SAYDO_ERROR_FILE_MAX + SAYDO_ERROR_MESSAGE_MAX + 64];
    saydo_error_format(err, line, sizeof line);
    w->failures++;
    if (e->tries >= w->max_failures) {
        dead_letter(w, e, line);
        return;
    }
    e->state = E_LEFT;
    say(w, "entry %s failed (try %ld of %ld; again after %ld ms): %s", e->id, e->tries,
        w->max_failures, w->claim_idle_ms, line);
    redisReply *r = redisCommand(w->redis, "HSET %s %s %s", w->keys.errors, e->id, line);
    if (!r)
        redis_lost(w);
    freeReplyObject(r);
}

/* Acknowledge the entries done with (E_PUT once the store has committed,
 * E_GONE): XACK, XDEL, HDEL of their errors, the done count,
 * one round trip.  Returns 0, or -1 when Redis was lost. */
static int acknowledge(worker *w, entry *e, size_t n, size_t stored)
{
    const char **argv = calloc(n + 4, sizeof *argv);
    if (!argv)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (e[i].state == E_PUT || e[i].state == E_GONE)
            argv[3 + k++] = e[i].id;
    if (k == 0) {
        free(argv);
        return 0;
    }
    argv[0] = "XACK";
    argv[1] = w->keys.stream;
    argv[2] = w->keys.group;
    redisAppendCommandArgv(w->redis, (int)k + 3, argv, NULL);
    argv[1] = "XDEL";
    argv[2] = w->keys.stream;
    redisAppendCommandArgv(w->redis, (int)k + 2, argv + 1, NULL);
    argv[1] = "HDEL";
    argv[2] = w->keys.errors;
    redisAppendCommandArgv(w->redis, (int)k + 2, argv + 1, NULL);
    free(argv);
    redisAppendCommand(w->redis, "HINCRBY %s done %lld", w->keys.stats, (long long)stored);
    for (int i = 0; i < 4; i++) {
        redisReply *r = NULL;
        if (redisGetReply(w->redis, (void **)&r) != REDIS_OK) {
            redis_lost(w);
            return -1;
        }
        freeReplyObject(r);
    }
    return 0;
}

/* One pass over the entries in state E_NEW: each is dead-lettered,
 * acknowledged (stored before), or coded; then the coded ones are put
 * (E_PUT) or failed.  Coding comes first so that the store's transaction
 * is open only for the puts (other workers write too).  A failed put may
 * have rolled back the puts before it in the transaction: those become
 * E_RECHECK.  Returns 1 when a put failed, 0 when not, -1 when the store
 * or Redis was lost. */
static int put_pass(worker *w, entry *e, size_t n)
{
    int lost = 0, put_failed = 0;
    for (size_t i = 0; i < n && !lost; i++) {
        if (!w->store || !w->redis) {
            lost = 1;
            break;
        }
        if (e[i].state != E_NEW)
            continue;
        saydo_error err;
        memset(&err, 0, sizeof err);
        if (!e[i].fields || e[i].fields->type != REDIS_REPLY_ARRAY) {
            e[i].state = E_GONE; /* deleted from the stream while pending */
            continue;
        }
        if (e[i].tries > w->max_failures) {
            char last[420], why[600];
            last_error(w, e[i].id, last, sizeof last);
            if (!w->redis) {
                lost = 1;
                break;
            }
            snprintf(why, sizeof why,
                     "delivered %ld times without being acknowledged (the workers holding it "
                     "stopped: killed, crashed or out of memory?)%s%s",
                     e[i].tries - 1, last[0] ? "; last error: " : "", last);
            e[i].tries--;
            dead_letter(w, &e[i], why);
            continue;
        }
        int rc = cli_queue_entry_article(e[i].fields, &e[i].article, &err);
        if (rc != 0) {
            char line[SAYDO_ERROR_FILE_MAX + SAYDO_ERROR_MESSAGE_MAX + 64];
            w->failures++;
            dead_letter(w, &e[i], saydo_error_format(&err, line, sizeof line));
            continue;
        }
        rc = saydo_store_contains(w->store, e[i].article, &err);
        if (rc < 0) {
            store_lost(w, &err);
            lost = 1;
            break;
        }
        if (rc > 0) {
            e[i].state = E_PUT;
            e[i].status = SAYDO_STORE_UNCHANGED;
            continue;
        }
        if (saydo_code(w->coder, e[i].article, &e[i].result, &err) != 0)
            failed(w, &e[i], &err);
    }
    for (size_t i = 0; i < n && !lost; i++) {
        if (e[i].state != E_NEW || !e[i].result)
            continue;
        saydo_error err;
        saydo_store_status status = SAYDO_STORE_UNCHANGED;
        if (saydo_store_put(w->store, e[i].article, e[i].result, &status, &err) == 0) {
            e[i].state = E_PUT;
            e[i].status = (int)status;
            e[i].events =
                status != SAYDO_STORE_UNCHANGED ? saydo_result_event_count(e[i].result) : 0;
        } else if (saydo_store_data_version(w->store) < 0) {
            store_lost(w, &err);
            lost = 1;
        } else {
            /* the puts before it in this transaction may have been rolled
             * back with it: checked after the commit */
            for (size_t k = 0; k < i; k++)
                if (e[k].state == E_PUT && e[k].result)
                    e[k].state = E_RECHECK;
            put_failed = 1;
            failed(w, &e[i], &err);
            lost = !w->redis;
        }
        progress(w, 0);
    }
    for (size_t i = 0; i < n; i++) {
        saydo_result_free(e[i].result);
        saydo_article_free(e[i].article);
        e[i].result = NULL;
        e[i].article = NULL;
    }
    return lost ? -1 : put_failed;
}

/* Code and store the entries e[0..n), then acknowledge them.  When the
 * store or Redis is lost, the entries not acknowledged stay pending. */
static void process(worker *w, entry *e, size_t n)
{
    saydo_error err;
    for (;;) {
        int rc = put_pass(w, e, n);
        /* committed even when Redis was lost: a put must not wait in an
         * open transaction while its entry is read again */
        if (!w->store)
            return;
        if (saydo_store_commit(w->store, &err) != 0) {
            store_lost(w, &err);
            return;
        }
        if (rc < 0)
            return;
        /* puts rolled back with a failed one are done again */
        int again = 0;
        for (size_t i = 0; i < n; i++) {
            if (e[i].state != E_RECHECK)
                continue;
            saydo_article *article = NULL;
            int in = cli_queue_entry_article(e[i].fields, &article, &err);
            if (in == 0)
                in = saydo_store_contains(w->store, article, &err);
            saydo_article_free(article);
            if (in < 0) {
                store_lost(w, &err);
                return;
            }
            e[i].state = in > 0 ? E_PUT : E_NEW;
            again |= in == 0;
        }
        if (!again)
            break;
    }
    size_t stored = 0;
    for (size_t i = 0; i < n; i++) {
        if (e[i].state != E_PUT)
            continue;
        stored++;
        if (e[i].status == SAYDO_STORE_ADDED)
            w->added++;
        else if (e[i].status == SAYDO_STORE_REPLACED)
            w->replaced++;
        else
            w->unchanged++;
        w->mentions += e[i].events;
    }
    if (acknowledge(w, e, n, stored) == 0)
        w->done += stored;
}

/* The next entries to work on: this consumer's own pending ones first
 * (after a start or a lost connection), then entries idle past
 * claim_idle, then new ones.  *reply owns the fields.  Returns how many. */
static size_t next_entries(worker *w, entry *e, redisReply **reply)
{
    char count[32], idle[32], block[32];
    snprintf(count, sizeof count, "%ld", w->count);
    snprintf(idle, sizeof idle, "%ld", w->claim_idle_ms);
    /* short waits with --until-empty: the end of a batch job is noticed
     * within 0.1 s */
    long block_ms = w->claim_idle_ms / 2 < 1000 ? w->claim_idle_ms / 2 : 1000;
    if (w->until_empty && block_ms > 100)
        block_ms = 100;
    snprintf(block, sizeof block, "%ld", block_ms < 10 ? 10 : block_ms);
    *reply = NULL;
    size_t n = 0;
    if (w->read_own) {
        /* XPENDING and XRANGE, not XREADGROUP: reading them again after a
         * lost connection is no new try */
        char from[72];
        snprintf(from, sizeof from, "%s%s", strcmp(w->own_from, "-") ? "(" : "", w->own_from);
        const char *argv[] = {"XPENDING", w->keys.stream, w->keys.group, from, "+", count,
                              w->consumer};
        redisReply *r = command(w, 7, argv, NULL);
        if (!r)
            return 0;
        for (size_t i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements && n < (size_t)w->count;
             i++) {
            const redisReply *p = r->element[i];
            if (p->type != REDIS_REPLY_ARRAY || p->elements != 4 ||
                p->element[0]->type != REDIS_REPLY_STRING || p->element[0]->len >= sizeof e->id)
                continue;
            memset(&e[n], 0, sizeof e[n]);
            memcpy(e[n].id, p->element[0]->str, p->element[0]->len);
            e[n].tries = p->element[3]->type == REDIS_REPLY_INTEGER ? (long)p->element[3]->integer : 1;
            n++;
        }
        freeReplyObject(r);
        if (n == 0) {
            w->read_own = 0;
        } else {
            snprintf(w->own_from, sizeof w->own_from, "%s", e[n - 1].id);
            for (size_t i = 0; i < n; i++)
                redisAppendCommand(w->redis, "XRANGE %s %s %s", w->keys.stream, e[i].id, e[i].id);
            for (size_t i = 0; i < n; i++) {
                redisReply *x = NULL;
                if (redisGetReply(w->redis, (void **)&x) != REDIS_OK) {
                    for (size_t k = 0; k < i; k++)
                        freeReplyObject(e[k].owner);
                    redis_lost(w);
                    return 0;
                }
                e[i].owner = x;
                /* a deleted entry: no fields, acknowledged */
                if (x->type == REDIS_REPLY_ARRAY && x->elements == 1 &&
                    x->element[0]->type == REDIS_REPLY_ARRAY && x->element[0]->elements == 2)
                    e[i].fields = x->element[0]->element[1];
            }
            return n;
        }
    }
    double t = cli_now();
    if (t >= w->next_claim) {
        const char *argv[] = {"XAUTOCLAIM", w->keys.stream, w->keys.group, w->consumer, idle,
                              w->claim_cursor, "COUNT", count};
        redisReply *r = command(w, 8, argv, NULL);
        if (!r)
            return 0;
        if (r->type == REDIS_REPLY_ARRAY && r->elements >= 2 &&
            r->element[0]->type == REDIS_REPLY_STRING && r->element[0]->len < 64) {
            snprintf(w->claim_cursor, sizeof w->claim_cursor, "%s", r->element[0]->str);
            n = take_entries(r->element[1], e, (size_t)w->count);
            /* Redis 7 lists the ids of deleted entries apart: acknowledge */
            if (r->elements >= 3 && r->element[2]->type == REDIS_REPLY_ARRAY &&
                r->element[2]->elements > 0) {
                for (size_t i = 0; i < r->element[2]->elements && n < (size_t)w->count; i++) {
                    const redisReply *id = r->element[2]->element[i];
                    if (id->type != REDIS_REPLY_STRING || id->len >= sizeof e->id)
                        continue;
                    memset(&e[n], 0, sizeof e[n]);
                    memcpy(e[n].id, id->str, id->len);
                    n++;
                }
            }
        } else if (r->type == REDIS_REPLY_ERROR) {
            say(w, "XAUTOCLAIM failed: %.300s (Redis 6.2 or later is needed)", r->str);
        }
        if (strcmp(w->claim_cursor, "0-0") == 0) {
            double every = w->claim_idle_ms / 2000.0;
            w->next_claim = t + (every < 0.2 ? 0.2 : every);
        }
        if (n > 0) {
            for (size_t i = 0; i < n && w->redis; i++)
                e[i].tries = deliveries(w, e[i].id);
            w->claimed += n;
            *reply = r;
            return n;
        }
        freeReplyObject(r);
        if (!w->redis)
            return 0;
    }
    const char *argv[] = {"XREADGROUP", "GROUP", w->keys.group,  w->consumer, "COUNT", count,
                          "BLOCK",      block,   "STREAMS",      w->keys.stream, ">"};
    redisReply *r = command(w, 11, argv, NULL);
    if (!r)
        return 0;
    if (r->type == REDIS_REPLY_ARRAY && r->elements == 1 &&
        r->element[0]->type == REDIS_REPLY_ARRAY && r->element[0]->elements == 2)
        n = take_entries(r->element[0]->element[1], e, (size_t)w->count);
    else if (r->type == REDIS_REPLY_ERROR) {
        say(w, "XREADGROUP failed: %.300s", r->str);
        if (strstr(r->str, "NOGROUP")) /* the stream was deleted: make it again */
            cli_queue_group_create(w->redis, &w->keys, (char[8]){0}, 8);
        cli_sleep_until(cli_now() + 0.5);
    }
    if (n == 0) {
        freeReplyObject(r);
        return 0;
    }
    *reply = r;
    return n;
}

/* 1 when the stream has no entries and the group none pending; 0 when it
 * has; -1 when Redis was lost. */
static int queue_empty(worker *w)
{
    redisAppendCommand(w->redis, "XLEN %s", w->keys.stream);
    redisAppendCommand(w->redis, "XPENDING %s %s", w->keys.stream, w->keys.group);
    redisReply *len = NULL, *pending = NULL;
    if (redisGetReply(w->redis, (void **)&len) != REDIS_OK ||
        redisGetReply(w->redis, (void **)&pending) != REDIS_OK) {
        freeReplyObject(len);
        redis_lost(w);
        return -1;
    }
    int empty = len->type == REDIS_REPLY_INTEGER && len->integer == 0 &&
                pending->type == REDIS_REPLY_ARRAY && pending->elements >= 1 &&
                pending->element[0]->type == REDIS_REPLY_INTEGER &&
                pending->element[0]->integer == 0;
    freeReplyObject(len);
    freeReplyObject(pending);
    return empty;
}

/* Leave the group when holding nothing (a consumer with pending entries
 * stays, so that they can be taken over). */
static void leave_group(worker *w)
{
    if (!w->redis)
        return;
    redisReply *r = redisCommand(w->redis, "XPENDING %s %s - + 1 %s", w->keys.stream,
                                 w->keys.group, w->consumer);
    if (r && r->type == REDIS_REPLY_ARRAY && r->elements == 0) {
        freeReplyObject(r);
        r = redisCommand(w->redis, "XGROUP DELCONSUMER %s %s %s", w->keys.stream, w->keys.group,
                         w->consumer);
    }
    freeReplyObject(r);
}

static int run(worker *w)
{
    entry *e = calloc((size_t)w->count, sizeof *e);
    if (!e) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    int status = CLI_OK;
    while (!cli_stop) {
        if ((!w->redis || !w->store) && connect_all(w, 0) != 0) {
            status = cli_stop ? CLI_OK : CLI_FAIL;
            break;
        }
        redisReply *reply = NULL;
        size_t n = next_entries(w, e, &reply);
        if (n > 0 && w->redis)
            process(w, e, n);
        freeReplyObject(reply);
        for (size_t i = 0; i < n; i++) {
            freeReplyObject(e[i].owner);
            e[i].owner = NULL;
        }
        if (n == 0 && w->redis && w->until_empty && !w->read_own) {
            int empty = queue_empty(w);
            if (empty == 1)
                break;
        }
        progress(w, 0);
    }
    leave_group(w);
    free(e);
    return status;
}

static int parse_long(const char *opt, const char *value, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno || end == value || *end || v < lo || v > hi) {
        cli_error("%s: '%s' is not a number from %ld to %ld", opt, value, lo, hi);
        return CLI_USAGE;
    }
    *out = v;
    return CLI_OK;
}

int cmd_worker(int argc, char **argv)
{
    worker w;
    memset(&w, 0, sizeof w);
    saydo_store_options so = SAYDO_STORE_OPTIONS_INIT;
    w.store_opts = so;
    w.db = cli_default_db();
    w.count = 16;
    w.claim_idle_ms = 60000;
    w.max_failures = 3;
    w.retry_s = 60;
    const char *redis_url = cli_redis_default_url(), *stream = "saydo:articles",
               *group = "saydo", *data = NULL, *cameo = NULL, *consumer = NULL;
    double min_confidence = -1.0;
    const char **dicts = calloc((size_t)argc + 1, sizeof *dicts);
    size_t ndicts = 0;
    int no_default_dicts = 0;
    if (!dicts) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    enum { OPT_REDIS = 256, OPT_DB, OPT_STREAM, OPT_GROUP, OPT_CONSUMER, OPT_COUNT, OPT_IDLE,
           OPT_FAILURES, OPT_RETRY, OPT_UNTIL, OPT_QUIET, OPT_PROGRESS, OPT_DATA, OPT_CAMEO,
           OPT_DICT, OPT_NODEF, OPT_MINCONF, OPT_WINDOW, OPT_MAXSIZE };
    static const struct option longopts[] = {
        {"redis", required_argument, NULL, OPT_REDIS},
        {"db", required_argument, NULL, OPT_DB},
        {"stream", required_argument, NULL, OPT_STREAM},
        {"group", required_argument, NULL, OPT_GROUP},
        {"consumer", required_argument, NULL, OPT_CONSUMER},
        {"count", required_argument, NULL, OPT_COUNT},
        {"claim-idle", required_argument, NULL, OPT_IDLE},
        {"max-failures", required_argument, NULL, OPT_FAILURES},
        {"retry", required_argument, NULL, OPT_RETRY},
        {"until-empty", no_argument, NULL, OPT_UNTIL},
        {"quiet", no_argument, NULL, OPT_QUIET},
        {"progress", required_argument, NULL, OPT_PROGRESS},
        {"data", required_argument, NULL, OPT_DATA},
        {"cameo", required_argument, NULL, OPT_CAMEO},
        {"dict", required_argument, NULL, OPT_DICT},
        {"no-default-dicts", no_argument, NULL, OPT_NODEF},
        {"min-confidence", required_argument, NULL, OPT_MINCONF},
        {"window", required_argument, NULL, OPT_WINDOW},
        {"max-size", required_argument, NULL, OPT_MAXSIZE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    optind = 1;
    opterr = 0;
    int c, status = CLI_OK;
    long v;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            cli_help("worker", stdout);
            free(dicts);
            return CLI_OK;
        case OPT_REDIS: redis_url = optarg; break;
        case OPT_DB: w.db = optarg; break;
        case OPT_STREAM: stream = optarg; break;
        case OPT_GROUP: group = optarg; break;
        case OPT_CONSUMER: consumer = optarg; break;
        case OPT_COUNT: status = parse_long("--count", optarg, 1, 10000, &w.count); break;
        case OPT_IDLE:
            status = parse_long("--claim-idle", optarg, 10, 86400000L, &w.claim_idle_ms);
            break;
        case OPT_FAILURES:
            status = parse_long("--max-failures", optarg, 1, 1000, &w.max_failures);
            break;
        case OPT_RETRY:
            status = parse_long("--retry", optarg, 0, 86400, &v);
            w.retry_s = (double)v;
            break;
        case OPT_PROGRESS:
            status = parse_long("--progress", optarg, 1, 86400, &v);
            w.progress_s = (double)v;
            break;
        case OPT_UNTIL: w.until_empty = 1; break;
        case OPT_QUIET: w.quiet = 1; break;
        case OPT_DATA: data = optarg; break;
        case OPT_CAMEO: cameo = optarg; break;
        case OPT_DICT: dicts[ndicts++] = optarg; break;
        case OPT_NODEF: no_default_dicts = 1; break;
        case OPT_MINCONF: status = cli_option_confidence(optarg, &min_confidence); break;
        case OPT_WINDOW:
            status = parse_long("--window", optarg, 0, 3650, &v);
            w.store_opts.window_days = (int)v;
            break;
        case OPT_MAXSIZE: {
            char *end;
            errno = 0;
            long long size = strtoll(optarg, &end, 10);
            long long unit = *end == 'k' || *end == 'K'   ? 1024
                             : *end == 'M' || *end == 'm' ? 1024 * 1024
                             : *end == 'G' || *end == 'g' ? 1024LL * 1024 * 1024
                                                          : 1;
            if (unit > 1)
                end++;
            if (errno || end == optarg || *end || size <= 0 || size > (1LL << 50)) {
                cli_error("--max-size: '%s' is not a positive size", optarg);
                status = CLI_USAGE;
            }
            w.store_opts.max_bytes = size * unit;
            break;
        }
        case ':':
            cli_error("worker: option '%s' needs a value", argv[optind - 1]);
            status = CLI_USAGE;
            break;
        default:
            cli_error("worker: unknown option '%s' (try 'saydo help worker')", argv[optind - 1]);
            status = CLI_USAGE;
            break;
        }
        if (status != CLI_OK)
            break;
    }
    char why[600];
    if (status == CLI_OK && optind < argc) {
        cli_error("worker: takes no files ('%s'): queue them with 'saydo queue add'",
                  argv[optind]);
        status = CLI_USAGE;
    }
    if (status == CLI_OK && (cli_redis_url_parse(redis_url, &w.url, why, sizeof why) != 0 ||
                             cli_queue_keys_make(stream, group, &w.keys, why, sizeof why) != 0)) {
        cli_error("worker: %s", why);
        status = CLI_USAGE;
    }
    if (status != CLI_OK) {
        free(dicts);
        return status;
    }
    if (consumer && *consumer) {
        snprintf(w.consumer, sizeof w.consumer, "%s", consumer);
    } else {
        char host[128] = "";
        gethostname(host, sizeof host - 1);
        snprintf(w.consumer, sizeof w.consumer, "%s:%ld", host[0] ? host : "worker",
                 (long)getpid());
    }
    /* one transaction per read: its entries are acknowledged after it
     * commits (count + 1: never committed early by count) */
    w.store_opts.batch = (int)w.count + 1;

    saydo_coder_options co = SAYDO_CODER_OPTIONS_INIT;
    co.data_dir = cli_data_dir(data);
    co.cameo_file = cameo;
    co.dicts = dicts;
    co.no_default_dicts = no_default_dicts;
    co.min_confidence = min_confidence;
    saydo_coder *coder = NULL;
    saydo_error err;
    if (saydo_coder_new(&co, &coder, &err) != 0) {
        cli_report(&err);
        free(dicts);
        return CLI_FAIL;
    }
    for (size_t i = 0; i < saydo_coder_warning_count(coder); i++)
        cli_error("warning: %s", saydo_coder_warning(coder, i));
    w.coder = coder;
    snprintf(w.own_from, sizeof w.own_from, "-");
    snprintf(w.claim_cursor, sizeof w.claim_cursor, "0-0");
    w.read_own = 1;

    cli_catch_stop();
    signal(SIGPIPE, SIG_IGN);

    w.start = w.last_progress = cli_now();
    if (connect_all(&w, 1) != 0) {
        status = CLI_FAIL;
    } else {
        if (!w.quiet)
            say(&w, "reading %s (group %s) at %s into %s", w.keys.stream, w.keys.group,
                w.url.shown, cli_redact_url(w.db, why, sizeof why));
        status = run(&w);
    }
    progress(&w, 1);
    double el = cli_now() - w.start;
    if (!w.quiet || status != CLI_OK)
        say(&w,
            "%zu articles (%zu added, %zu replaced, %zu unchanged), %zu mentions, %zu failures, "
            "%zu dead-lettered, %zu taken over, %.1f s, %.1f articles/s",
            w.done, w.added, w.replaced, w.unchanged, w.mentions, w.failures, w.dead, w.claimed,
            el, el > 0 ? w.done / el : 0.0);
    saydo_store_close(w.store);
    if (w.redis)
        redisFree(w.redis);
    saydo_coder_free(coder);
    free(dicts);
    return status;
}
