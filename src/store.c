/*
 * store.c -- the public saydo_store_* entry points: argument checks and
 * the transaction around each put, or the batch of puts with a savepoint
 * per article (saydo_store_options.batch).  The work is done by a backend
 * behind store.h (store_sqlite.c); the helpers backends share are in
 * store_util.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "article.h"
#include "error.h"
#include "store.h"

int saydo_store_open(const char *path, const saydo_store_options *opts, saydo_store **out,
                     saydo_error *err)
{
    saydo_store_options defaults = SAYDO_STORE_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    if (!path || !*path || !out || opts->version < 1)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "store: bad arguments");
    if (opts->window_days < 0 || opts->max_bytes < 0 ||
        (opts->version >= 2 && opts->query_ms < 0) || (opts->version >= 3 && opts->batch < 0))
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1,
                            "store: window, size limit, time limit and batch must not be "
                            "negative");
    int pg = strncmp(path, "postgresql://", 13) == 0 || strncmp(path, "postgres://", 11) == 0;
    int rc = pg ? sd_store_pg_open(path, opts, out, err) : sd_store_sqlite_open(path, opts, out, err);
    if (rc == 0) {
        (*out)->batch = opts->version >= 3 ? opts->batch : 0;
        (*out)->batch_puts = 0;
    }
    return rc;
}

void saydo_store_close(saydo_store *store)
{
    if (!store)
        return;
    if (store->batch_puts > 0)
        saydo_store_commit(store, NULL);
    store->ops->close(store);
}

/* A batch is committed after this long even when not full, so that other
 * readers see an ingest's progress and a kill loses at most this much. */
#define SD_STORE_BATCH_MS 1000

static long long monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Add to err's message that n articles stored earlier in the batch were
 * rolled back with it. */
static void note_lost(saydo_error *err, int n)
{
    if (!err || n <= 0)
        return;
    size_t len = strlen(err->message);
    if (len < sizeof err->message - 1)
        snprintf(err->message + len, sizeof err->message - len,
                 " (the %d article%s stored before it in the same transaction %s rolled back "
                 "too; run again to store them)",
                 n, n == 1 ? "" : "s", n == 1 ? "was" : "were");
}

int saydo_store_commit(saydo_store *store, saydo_error *err)
{
    if (!store)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "store: bad arguments");
    int n = store->batch_puts;
    if (n == 0)
        return 0;
    store->batch_puts = 0;
    int rc = store->ops->commit(store, err);
    if (rc != 0) {
        store->ops->rollback(store);
        note_lost(err, n);
    }
    return rc;
}

/* saydo_store_put with batch > 1: the article in a savepoint of the open
 * batch (begun when none is); the batch is committed when full or old.
 * Invariant: a transaction is open exactly when batch_puts > 0. */
static int put_batched(saydo_store *store, const saydo_article *article,
                       const saydo_result *result, saydo_store_status *status, saydo_error *err)
{
    saydo_store_status st = SAYDO_STORE_UNCHANGED;
    int rc = 0;
    if (store->batch_puts == 0) {
        rc = store->ops->begin(store, err);
        if (rc != 0) {
            store->ops->rollback(store);
            return rc;
        }
        store->batch_start_ms = monotonic_ms();
    }
    rc = store->ops->savepoint(store, SD_SAVEPOINT_BEGIN, err);
    if (rc == 0)
        rc = store->ops->put_article(store, article, result, &st, err);
    if (rc == 0)
        rc = store->ops->savepoint(store, SD_SAVEPOINT_RELEASE, err);
    if (rc != 0) {
        /* undo this article; the batch goes too only when the database
         * ended the transaction itself or the savepoint cannot be undone */
        if (store->batch_puts == 0 || !store->ops->in_transaction(store) ||
            store->ops->savepoint(store, SD_SAVEPOINT_ROLLBACK, NULL) != 0) {
            note_lost(err, store->batch_puts);
            store->ops->rollback(store);
            store->batch_puts = 0;
        }
        return rc;
    }
    store->batch_puts++;
    if (store->batch_puts >= store->batch ||
        monotonic_ms() - store->batch_start_ms >= SD_STORE_BATCH_MS) {
        rc = saydo_store_commit(store, err);
        if (rc != 0)
            return rc;
    }
    if (status)
        *status = st;
    return 0;
}

int saydo_store_put(saydo_store *store, const saydo_article *article,
                    const saydo_result *result, saydo_store_status *status, saydo_error *err)
{
    saydo_store_status st = SAYDO_STORE_UNCHANGED;
    if (!store || !article || !result)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "store: bad arguments");
    if (store->batch > 1)
        return put_batched(store, article, result, status, err);
    int rc = store->ops->begin(store, err);
    if (rc == 0)
        rc = store->ops->put_article(store, article, result, &st, err);
    if (rc == 0)
        rc = store->ops->commit(store, err);
    if (rc != 0) {
        store->ops->rollback(store);
        return rc;
    }
    if (status)
        *status = st;
    return 0;
}

int saydo_store_contains(saydo_store *store, const saydo_article *article, saydo_error *err)
{
    if (!store || !article)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "store: bad arguments");
    return store->ops->contains(store, article, err);
}

/* Copy a caller's filter of any version into a current one: fields a
 * version-1 caller does not have keep their defaults. */
static int filter_upgrade(const saydo_store_filter *in, saydo_store_filter *out)
{
    saydo_store_filter all = SAYDO_STORE_FILTER_INIT;
    *out = all;
    if (!in)
        return 0;
    if (in->version < 1)
        return -1;
    memcpy(out, in,
           in->version >= 2 ? sizeof *out : offsetof(saydo_store_filter, place));
    out->version = SAYDO_STORE_FILTER_VERSION;
    return out->offset < 0 || out->limit < 0 ? -1 : 0;
}

/* A filter's from and to, when given, must be calendar dates: 0, or
 * SAYDO_ERR_ARG naming the bad one. */
static int filter_dates(const saydo_store_filter *f, saydo_error *err)
{
    const char *const field[2] = {"from", "to"};
    const char *const date[2] = {f->from, f->to};
    for (int i = 0; i < 2; i++)
        if (date[i] && *date[i] && !saydo_date_valid(date[i]))
            return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1,
                                "store: filter %s \"%.40s\" is not a calendar date YYYY-MM-DD",
                                field[i], date[i]);
    return 0;
}

int saydo_store_query(saydo_store *store, const saydo_store_filter *filter,
                      saydo_store_rows **out, saydo_error *err)
{
    saydo_store_filter f;
    if (!store || !out || filter_upgrade(filter, &f) != 0)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "store: bad arguments");
    if (filter_dates(&f, err))
        return SAYDO_ERR_ARG;
    return store->ops->query(store, &f, out, err);
}

void saydo_store_options_init(saydo_store_options *opts)
{
    saydo_store_options init = SAYDO_STORE_OPTIONS_INIT;
    if (opts)
        *opts = init;
}

void saydo_store_filter_init(saydo_store_filter *filter)
{
    saydo_store_filter init = SAYDO_STORE_FILTER_INIT;
    if (filter)
        *filter = init;
}

void saydo_store_agg_options_init(saydo_store_agg_options *opts)
{
    saydo_store_agg_options init = SAYDO_STORE_AGG_OPTIONS_INIT;
    if (opts)
        *opts = init;
}

int saydo_store_aggregate(saydo_store *store, const saydo_store_filter *filter,
                          const saydo_store_agg_options *opts, saydo_store_rows **out,
                          saydo_error *err)
{
    saydo_store_agg_options o = SAYDO_STORE_AGG_OPTIONS_INIT;
    if (opts) {
        if (opts->version != SAYDO_STORE_AGG_OPTIONS_VERSION)
            return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1,
                                "saydo_store_agg_options version %u not supported",
                                opts->version);
        o = *opts;
    }
    saydo_store_filter f;
    if (!store || !out || o.kind < SAYDO_AGG_DAY || o.kind > SAYDO_AGG_COUNTRIES || o.top_n < 0 ||
        filter_upgrade(filter, &f) != 0)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "store: bad arguments");
    if (filter_dates(&f, err))
        return SAYDO_ERR_ARG;
    return store->ops->aggregate(store, &f, o.kind, o.top_n ? o.top_n : 20,
                                 o.both_directions != 0, out, err);
}

int saydo_store_get_event(saydo_store *store, long long event_id, saydo_store_rows **out,
                          saydo_error *err)
{
    if (!store || !out)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "store: bad arguments");
    *out = NULL;
    return store->ops->get_event(store, event_id, out, err);
}

int saydo_store_rows_next_mention(saydo_store_rows *rows, const saydo_store_mention **mention,
                                  saydo_error *err)
{
    if (!rows || !mention)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "store: bad arguments");
    int rc = rows->ops->next_mention(rows, err);
    if (rc == 1)
        *mention = &rows->mention;
    return rc;
}

int saydo_store_get_summary(saydo_store *store, saydo_store_summary *out, saydo_error *err)
{
    if (!store || !out)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "store: bad arguments");
    memset(out, 0, sizeof *out);
    return store->ops->summary(store, out, err);
}

int saydo_store_rows_next(saydo_store_rows *rows, const saydo_store_row **row, saydo_error *err)
{
    int rc = rows->ops->next(rows, err);
    if (rc == 1)
        *row = &rows->row;
    return rc;
}

int saydo_store_rows_next_agg(saydo_store_rows *rows, const saydo_store_agg_row **row,
                              saydo_error *err)
{
    int rc = rows->ops->next_agg(rows, err);
    if (rc == 1)
        *row = &rows->agg;
    return rc;
}

void saydo_store_rows_free(saydo_store_rows *rows)
{
    if (rows)
        rows->ops->rows_free(rows);
}

long long saydo_store_data_version(saydo_store *store)
{
    return store ? store->ops->data_version(store) : -1;
}
