/*
 * store_sql.c -- the SQL text of a store filter, shared by the SQL
 * backends (store_sqlite.c, store_pg.c): conditions with '?' placeholders
 * and their values in order, never a value pasted into SQL.  The
 * PostgreSQL backend numbers the placeholders ($1, $2, ...) when it sends
 * the text.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "store.h"
#include "store_sql.h"


void sd_sql_param_int(sd_sql_params *p, long long v)
{
    if (p->n == SD_SQL_MAX_PARAMS) {
        p->failed = 1;
        return;
    }
    p->is_int[p->n] = 1;
    p->ival[p->n++] = v;
}

void sd_sql_param_str(sd_sql_params *p, const char *v)
{
    if (p->n == SD_SQL_MAX_PARAMS) {
        p->failed = 1;
        return;
    }
    char *copy = sd_malloc(strlen(v) + 1);
    if (!copy) {
        p->failed = 1;
        return;
    }
    strcpy(copy, v);
    p->is_int[p->n] = 0;
    p->sval[p->n++] = copy;
}

void sd_sql_params_free(sd_sql_params *p)
{
    for (int i = 0; i < p->n; i++)
        if (!p->is_int[i])
            free(p->sval[i]);
}

/* "col = ?" or "col LIKE ? ESCAPE '\'" for an actor pattern. */
static void match_pattern(sd_buf *sql, sd_sql_params *p, const char *col, const char *pattern)
{
    char *like = sd_malloc(2 * strlen(pattern) + 2);
    if (!like) {
        p->failed = 1;
        return;
    }
    int wild = sd_store_like(pattern, like);
    size_t plen = strlen(pattern);
    const char *star = strchr(pattern, '*');
    if (wild && plen > 1 && star == pattern + plen - 1 &&
        (unsigned char)pattern[plen - 2] < 0x7f) {
        /* "RUS*": a prefix.  The range lets an index on col find it (LIKE
         * alone scans); LIKE keeps its meaning.  Actor codes are upper
         * case, so the case-sensitive range loses nothing. */
        char *upper = sd_malloc(plen);
        if (!upper) {
            free(like);
            p->failed = 1;
            return;
        }
        memcpy(upper, pattern, plen - 1);
        upper[plen - 1] = '\0';
        sd_buf_printf(sql, "(%s >= ? AND ", col);
        sd_sql_param_str(p, upper);
        upper[plen - 2]++;
        sd_buf_printf(sql, "%s < ? AND %s LIKE ? ESCAPE '\\')", col, col);
        sd_sql_param_str(p, upper);
        sd_sql_param_str(p, like);
        free(upper);
        free(like);
        return;
    }
    sd_buf_puts(sql, col);
    if (wild) {
        sd_buf_puts(sql, " LIKE ? ESCAPE '\\'");
        sd_sql_param_str(p, like);
    } else {
        sd_buf_puts(sql, " = ?");
        sd_sql_param_str(p, pattern);
    }
    free(like);
}

/* Append " AND ..." conditions for filter on table alias x ("e" or "m"). */
void sd_sql_where(sd_buf *sql, sd_sql_params *p, const saydo_store_filter *f, int raw,
                  int dialect)
{
    const char *x = raw ? "m." : "e.";
    char col[32];
#define COL(name) (snprintf(col, sizeof col, "%s%s", x, name), col)
    if (f->from && *f->from) {
        sd_buf_printf(sql, " AND %sday >= ?", x);
        sd_sql_param_int(p, sd_store_day(f->from));
    }
    if (f->to && *f->to) {
        sd_buf_printf(sql, " AND %sday > %ld AND %sday <= ?", x, SD_STORE_NO_DAY, x);
        sd_sql_param_int(p, sd_store_day(f->to));
    }
    if (f->source && *f->source) {
        sd_buf_puts(sql, " AND ");
        match_pattern(sql, p, COL("source"), f->source);
    }
    if (f->target && *f->target) {
        sd_buf_puts(sql, " AND ");
        match_pattern(sql, p, COL("target"), f->target);
    }
    if (f->dyad_a && *f->dyad_a && f->dyad_b && *f->dyad_b) {
        sd_buf_puts(sql, " AND ((");
        match_pattern(sql, p, COL("source"), f->dyad_a);
        sd_buf_puts(sql, " AND ");
        match_pattern(sql, p, COL("target"), f->dyad_b);
        sd_buf_puts(sql, ") OR (");
        match_pattern(sql, p, COL("source"), f->dyad_b);
        sd_buf_puts(sql, " AND ");
        match_pattern(sql, p, COL("target"), f->dyad_a);
        sd_buf_puts(sql, "))");
    }
    if (f->code && *f->code) {
        char *like = sd_malloc(2 * strlen(f->code) + 3);
        if (!like) {
            p->failed = 1;
        } else {
            sd_store_like(f->code, like);
            strcat(like, "%");
            sd_buf_printf(sql, " AND %scameo LIKE ? ESCAPE '\\'", x);
            sd_sql_param_str(p, like);
            free(like);
        }
    }
    if (f->root && *f->root) {
        sd_buf_printf(sql, " AND %sroot = ?", x);
        sd_sql_param_str(p, f->root);
    }
    if (f->quad > 0) {
        sd_buf_printf(sql, " AND %squad = ?", x);
        sd_sql_param_int(p, f->quad);
    }
    if (f->country && *f->country) {
        sd_buf_printf(sql, " AND %scountry = ?", x);
        sd_sql_param_str(p, f->country);
    }
    if (f->mood >= 0) {
        sd_buf_printf(sql, " AND %smood = ?", x);
        sd_sql_param_int(p, f->mood);
    }
    if (f->place && *f->place) {
        sd_buf_printf(sql, " AND %slocation IN (SELECT id FROM locations WHERE %s)", x,
                      dialect == SD_SQL_SQLITE ? "name = ? COLLATE NOCASE"
                                               : "lower(name) = lower(?)");
        sd_sql_param_str(p, f->place);
    }
    if (f->plover && *f->plover) {
        sd_buf_printf(sql, " AND %splover = ?", x);
        sd_sql_param_str(p, f->plover);
    }
    if (f->outlet && *f->outlet) {
        if (raw) {
            sd_buf_puts(sql, " AND ");
            match_pattern(sql, p, "a.outlet", f->outlet);
        } else {
            sd_buf_puts(sql, " AND EXISTS (SELECT 1 FROM mentions m2 JOIN articles a2"
                             " ON a2.id = m2.article WHERE m2.event = e.id AND ");
            match_pattern(sql, p, "a2.outlet", f->outlet);
            sd_buf_puts(sql, ")");
        }
    }
#undef COL
}

/* 1 when the filter only restricts columns that dyad_counts keeps, so top
 * actors and dyads can be counted from it instead of from every event. */
int sd_sql_summary_serves(const saydo_store_filter *f)
{
    return !f->raw && !(f->from && *f->from) && !(f->to && *f->to) &&
           !(f->code && *f->code) && !(f->country && *f->country) &&
           !(f->outlet && *f->outlet) && !(f->place && *f->place) &&
           !(f->plover && *f->plover);
}
