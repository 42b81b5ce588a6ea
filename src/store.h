/*
 * store.h -- the event store's one internal interface (docs/store.md).
 *
 * The public saydo_store_* functions (store.c) call a backend through
 * sd_store_ops; store_sqlite.c is the SQLite backend.  A second backend
 * (PostgreSQL, say) is one more file that fills an sd_store_ops and an open
 * function: the coder and the CLI do not change.
 *
 * Contract for backends:
 *   - The backend's store struct starts with a `struct saydo_store` and its
 *     row sets with a `struct saydo_store_rows`, so the public handles are
 *     pointers to them.
 *   - put_article runs inside begin .. commit (store.c brackets it); on any
 *     failure store.c calls rollback and the store is as it was.
 *   - Every value reaches the database as a bound parameter, never pasted
 *     into SQL text.
 *   - Strings in rows filled by next / next_agg are owned by the row set and
 *     valid until the next call.
 */
#ifndef SD_STORE_H
#define SD_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "saydo.h"

typedef struct sd_store_ops sd_store_ops;

struct saydo_store {
    const sd_store_ops *ops;
};

struct saydo_store_rows {
    const sd_store_ops *ops;
    saydo_store_row row;       /* filled by ops->next     */
    saydo_store_agg_row agg;   /* filled by ops->next_agg */
    saydo_store_mention mention; /* filled by ops->next_mention */
};

struct sd_store_ops {
    const char *name;
    void (*close)(saydo_store *store);
    int (*begin)(saydo_store *store, saydo_error *err);
    int (*commit)(saydo_store *store, saydo_error *err);
    void (*rollback)(saydo_store *store);
    int (*put_article)(saydo_store *store, const saydo_article *article,
                       const saydo_result *result, saydo_store_status *status, saydo_error *err);
    int (*contains)(saydo_store *store, const saydo_article *article, saydo_error *err);
    int (*query)(saydo_store *store, const saydo_store_filter *filter, saydo_store_rows **out,
                 saydo_error *err);
    int (*aggregate)(saydo_store *store, const saydo_store_filter *filter, saydo_store_agg kind,
                     long top_n, int both, saydo_store_rows **out, saydo_error *err);
    int (*next)(saydo_store_rows *rows, saydo_error *err);     /* 1, 0 or <0 */
    int (*next_agg)(saydo_store_rows *rows, saydo_error *err); /* 1, 0 or <0 */
    void (*rows_free)(saydo_store_rows *rows);
    /* 1 found (*out set), 0 no such event, or <0 */
    int (*get_event)(saydo_store *store, long long event_id, saydo_store_rows **out,
                     saydo_error *err);
    int (*next_mention)(saydo_store_rows *rows, saydo_error *err); /* 1, 0 or <0 */
    int (*summary)(saydo_store *store, saydo_store_summary *out, saydo_error *err);
    long long (*data_version)(saydo_store *store);
};

/* The SQLite backend (store_sqlite.c). */
int sd_store_sqlite_open(const char *path, const saydo_store_options *opts, saydo_store **out,
                         saydo_error *err);

/* ---- helpers shared by backends (store.c) ---- */

/* The content hash of an article: 32 lower-case hex digits over its date,
 * url, outlet, title and document text.  out has room for 33 bytes. */
void sd_store_article_hash(const saydo_article *article, char out[33]);

/* Days since 1970-01-01 of a YYYY-MM-DD date (negative before 1970);
 * SD_STORE_NO_DAY when date is not one. */
#define SD_STORE_NO_DAY (-100000000L)
long sd_store_day(const char *date);

/* Write pattern as an SQL LIKE pattern with '\' as escape character: '*'
 * becomes '%', '%' '_' and '\' are escaped.  out has room for
 * 2 * strlen(pattern) + 1 bytes.  Returns 1 when pattern had a '*'. */
int sd_store_like(const char *pattern, char *out);


#endif
