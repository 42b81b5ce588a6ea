/*
 * store.c -- the public saydo_store_* entry points: argument checks, the
 * transaction around each put, and helpers every backend shares.  The work
 * is done by a backend behind store.h (store_sqlite.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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
        (opts->version >= 2 && opts->query_ms < 0))
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1,
                            "store: window and size limit must not be negative");
    return sd_store_sqlite_open(path, opts, out, err);
}

void saydo_store_close(saydo_store *store)
{
    if (store)
        store->ops->close(store);
}

int saydo_store_put(saydo_store *store, const saydo_article *article,
                    const saydo_result *result, saydo_store_status *status, saydo_error *err)
{
    saydo_store_status st = SAYDO_STORE_UNCHANGED;
    if (!store || !article || !result)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "store: bad arguments");
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

int saydo_store_aggregate(saydo_store *store, const saydo_store_filter *filter,
                          saydo_store_agg kind, long top_n, int both, saydo_store_rows **out,
                          saydo_error *err)
{
    saydo_store_filter f;
    if (!store || !out || kind < SAYDO_AGG_DAY || kind > SAYDO_AGG_DYADS || top_n < 0 ||
        filter_upgrade(filter, &f) != 0)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "store: bad arguments");
    if (filter_dates(&f, err))
        return SAYDO_ERR_ARG;
    return store->ops->aggregate(store, &f, kind, top_n ? top_n : 20, both, out, err);
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
