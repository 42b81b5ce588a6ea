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
 *     failure store.c calls rollback and the store is as it was.  In a
 *     batch (saydo_store_options.batch > 1) several puts share one
 *     transaction and each runs inside savepoint(BEGIN) .. savepoint
 *     (RELEASE), or savepoint(ROLLBACK) on failure.
 *   - in_transaction says whether the database still has a transaction
 *     open (it may have ended it itself after an error).
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

/* The batch state is store.c's: backends leave it zero. */
struct saydo_store {
    const sd_store_ops *ops;
    int batch;                 /* options.batch: puts per transaction      */
    int batch_puts;            /* puts in the open batch; 0: none open     */
    long long batch_start_ms;  /* when the open batch began (monotonic)    */
};

/* What sd_store_ops.savepoint does with the one savepoint of an article. */
enum { SD_SAVEPOINT_BEGIN, SD_SAVEPOINT_RELEASE, SD_SAVEPOINT_ROLLBACK };

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
    /* what: SD_SAVEPOINT_*; ROLLBACK also releases the savepoint */
    int (*savepoint)(saydo_store *store, int what, saydo_error *err);
    int (*in_transaction)(saydo_store *store); /* 1 or 0 */
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
/* The PostgreSQL backend (store_pg.c): conninfo is libpq's connection
 * string, "postgresql://..." or "postgres://...". */
int sd_store_pg_open(const char *conninfo, const saydo_store_options *opts, saydo_store **out,
                     saydo_error *err);

/* ---- helpers shared by backends (store_util.c) ---- */

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


/* ---- summary-table changes gathered per transaction (store_tally.c) ---- */

/* The summary tables (docs/schema.md), each a count n and a Goldstein sum
 * per key, kept equal to what the events table says. */
enum {
    SD_TALLY_DYAD_COUNTS,  /* a, b, c: source, target, root; quad, mood */
    SD_TALLY_DYAD_MONTHS,  /* a, b, c: source, target, month; quad, mood */
    SD_TALLY_DYAD_TOTALS,  /* a, b: source, target                       */
    SD_TALLY_MONTH_TOTALS, /* a: month; quad, mood                       */
    SD_TALLY_ACTOR_TOTALS  /* a: actor                                   */
};

/* One summary row to change: add n to its count and g to its Goldstein
 * sum (creating it when missing).  Strings are "" when unused and owned by
 * the tally. */
typedef struct sd_tally_row {
    int table;
    const char *a, *b, *c;
    int quad, mood;
    long long n;               /* the kept articles' change               */
    double g;
    long long n_article;       /* the article being stored's change       */
    double g_article;
} sd_tally_row;

typedef struct sd_tally sd_tally;

/* NULL when out of memory; free with sd_tally_free. */
sd_tally *sd_tally_new(void);
void sd_tally_free(sd_tally *tally);
/* The article being stored added (sign 1) or removed (sign -1) an event
 * row with these columns: change every summary row it counts in.  0 or
 * SAYDO_ERR_NOMEM (then the article's changes must be dropped). */
int sd_tally_event(sd_tally *tally, int sign, const char *source, const char *target,
                   const char *root, int quad, int mood, const char *date, double goldstein);
/* The article was stored (its savepoint released): its changes join the
 * kept ones. */
void sd_tally_keep(sd_tally *tally);
/* The article was rolled back: forget its changes. */
void sd_tally_drop_article(sd_tally *tally);
/* The transaction ended (its changes written and committed, or rolled
 * back): forget every row. */
void sd_tally_clear(sd_tally *tally);
/* The rows changed, each with n + n_article and g + g_article to write;
 * valid until the next call that changes the tally. */
size_t sd_tally_count(const sd_tally *tally);
const sd_tally_row *sd_tally_row_at(const sd_tally *tally, size_t i);

#endif
