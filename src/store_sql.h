/*
 * store_sql.h -- SQL text of store filters, shared by the SQL backends
 * (store_sql.c).
 */
#ifndef SD_STORE_SQL_H
#define SD_STORE_SQL_H

#include "buf.h"
#include "saydo.h"

#define SD_SQL_MAX_PARAMS 96

/* The values of a statement's '?' placeholders, in order.  Strings are
 * copies owned by the set (sd_sql_params_free).  failed sticks once a value
 * could not be added (too many, out of memory): the caller then fails the
 * query with NOMEM instead of running it. */
typedef struct sd_sql_params {
    int n;
    int is_int[SD_SQL_MAX_PARAMS];
    long long ival[SD_SQL_MAX_PARAMS];
    char *sval[SD_SQL_MAX_PARAMS];
    int failed;
} sd_sql_params;

void sd_sql_param_int(sd_sql_params *p, long long v);
void sd_sql_param_str(sd_sql_params *p, const char *v);
void sd_sql_params_free(sd_sql_params *p);

enum { SD_SQL_SQLITE, SD_SQL_POSTGRES };

/* Append " AND ..." conditions for filter f on table alias e (events) or,
 * with raw, m (mentions) joined to a (articles), adding their values to
 * p.  dialect: SD_SQL_* (case-insensitive place names are spelled
 * differently). */
void sd_sql_where(sd_buf *sql, sd_sql_params *p, const saydo_store_filter *f, int raw,
                  int dialect);

/* 1 when the filter only restricts columns that dyad_counts keeps, so top
 * actors and dyads can be counted from it instead of from every event. */
int sd_sql_summary_serves(const saydo_store_filter *f);

#endif
