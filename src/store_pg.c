/*
 * store_pg.c -- the PostgreSQL backend of the event store (store.h), with
 * libpq.  Selected by a connection string "postgresql://..." or
 * "postgres://..." (libpq's URI form: postgresql://user@/db?host=/dir&port=N).
 *
 * The same tables, columns and rules as the SQLite backend (docs/schema.md,
 * docs/store.md): schema version in saydo_meta, one event from many
 * reports, summary tables kept by the writer (store_tally.c), a savepoint
 * per article inside a batch.  Text columns use the "C" collation, so that
 * orderings are byte orderings as in SQLite.
 *
 * Several processes may write one database: each write transaction first
 * takes a transaction-level advisory lock, so writers are serialised (the
 * event matching reads, then inserts) and no event is lost or doubled;
 * readers never wait (MVCC).  Coding, the expensive part, stays parallel.
 *
 * Every value is a parameter ($1, $2, ...); the SQL text comes only from
 * constant fragments here and in store_sql.c.  Rows of a query are read
 * into memory whole (PQexecParams).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "arena.h"
#include "buf.h"
#include "error.h"
#include "store.h"
#include "store_sql.h"

#define PG_SCHEMA_VERSION 4
/* the advisory lock every writer holds for its transaction */
#define PG_WRITE_LOCK "SELECT pg_advisory_xact_lock(7283291)"

#define T "TEXT COLLATE \"C\" NOT NULL"
static const char schema_sql[] =
    "CREATE TABLE saydo_meta(key " T " PRIMARY KEY, value " T ");"
    "CREATE TABLE articles(id BIGSERIAL PRIMARY KEY, ext_id " T " UNIQUE, hash " T ","
    "  url " T ", outlet " T ", date " T ", title " T ", file " T ", line BIGINT NOT NULL,"
    "  ingested " T ");"
    "CREATE INDEX articles_hash ON articles(hash);"
    "CREATE TABLE article_hashes(hash " T " PRIMARY KEY, article BIGINT NOT NULL);"
    "CREATE TABLE sentences(article BIGINT NOT NULL, idx BIGINT NOT NULL,"
    "  paragraph BIGINT NOT NULL, kind INT NOT NULL, start BIGINT NOT NULL,"
    "  \"end\" BIGINT NOT NULL, text " T ", PRIMARY KEY(article, idx));"
    "CREATE TABLE actors(code " T " PRIMARY KEY, country " T ");"
    "CREATE TABLE locations(id BIGSERIAL PRIMARY KEY, precision INT NOT NULL, name " T ","
    "  country " T ", admin1 " T ", lat DOUBLE PRECISION NOT NULL,"
    "  lon DOUBLE PRECISION NOT NULL, adm1 TEXT COLLATE \"C\" NOT NULL DEFAULT '',"
    "  UNIQUE(precision, name, country, admin1, lat, lon));"
    "CREATE TABLE events(id BIGSERIAL PRIMARY KEY, day BIGINT NOT NULL, date " T ","
    "  source " T ", target " T ", cameo " T ", root " T ", quad INT NOT NULL,"
    "  goldstein DOUBLE PRECISION NOT NULL, plover " T ", mood INT NOT NULL, location BIGINT,"
    "  country " T ", first_mention BIGINT, num_mentions BIGINT NOT NULL,"
    "  num_sources BIGINT NOT NULL, num_articles BIGINT NOT NULL);"
    "CREATE INDEX events_match ON events(source, target, root, mood, day);"
    "CREATE INDEX events_day ON events(day);"
    "CREATE INDEX events_target ON events(target, day);"
    "CREATE TABLE mentions(id BIGSERIAL PRIMARY KEY, event BIGINT NOT NULL,"
    "  article BIGINT NOT NULL, sentence BIGINT NOT NULL, day BIGINT NOT NULL, date " T ","
    "  source " T ", target " T ", cameo " T ", root " T ", quad INT NOT NULL,"
    "  goldstein DOUBLE PRECISION NOT NULL, plover " T ", mood INT NOT NULL, location BIGINT,"
    "  country " T ", date_intended " T ", attribution " T ", source_start BIGINT,"
    "  source_end BIGINT, target_start BIGINT, target_end BIGINT, verb_start BIGINT,"
    "  verb_end BIGINT, date_start BIGINT, date_end BIGINT, pattern " T ","
    "  confidence DOUBLE PRECISION NOT NULL, source_text " T ", target_text " T ","
    "  source_name " T ", target_name " T ", event_name " T ", plover_mode " T ","
    "  plover_context " T ", source_location BIGINT, target_location BIGINT,"
    "  avg_tone DOUBLE PRECISION);"
    "CREATE INDEX mentions_event ON mentions(event);"
    "CREATE INDEX mentions_article ON mentions(article);"
    "CREATE TABLE dyad_counts(source " T ", target " T ", root " T ", quad INT NOT NULL,"
    "  mood INT NOT NULL, n BIGINT NOT NULL, goldstein DOUBLE PRECISION NOT NULL,"
    "  PRIMARY KEY(source, target, root, quad, mood));"
    "CREATE TABLE dyad_months(source " T ", target " T ", month " T ", quad INT NOT NULL,"
    "  mood INT NOT NULL, n BIGINT NOT NULL, goldstein DOUBLE PRECISION NOT NULL,"
    "  PRIMARY KEY(source, target, month, quad, mood));"
    "CREATE TABLE dyad_totals(source " T ", target " T ", n BIGINT NOT NULL,"
    "  goldstein DOUBLE PRECISION NOT NULL, PRIMARY KEY(source, target));"
    "CREATE INDEX dyad_totals_n ON dyad_totals(n DESC);"
    "CREATE TABLE actor_totals(actor " T " PRIMARY KEY, n BIGINT NOT NULL,"
    "  goldstein DOUBLE PRECISION NOT NULL);"
    "CREATE INDEX actor_totals_n ON actor_totals(n DESC);"
    "CREATE TABLE month_totals(month " T ", quad INT NOT NULL, mood INT NOT NULL,"
    "  n BIGINT NOT NULL, goldstein DOUBLE PRECISION NOT NULL, PRIMARY KEY(month, quad, mood));";
#undef T

/* Schema 3 -> 4 (as store_sqlite.c's): GDELT's ADM1 code of a location,
 * the actors' places and the article's tone of each report. */
static const char migrate_3_4[] =
    "ALTER TABLE locations ADD COLUMN IF NOT EXISTS adm1 TEXT COLLATE \"C\" NOT NULL DEFAULT '';"
    "ALTER TABLE mentions ADD COLUMN IF NOT EXISTS source_location BIGINT;"
    "ALTER TABLE mentions ADD COLUMN IF NOT EXISTS target_location BIGINT;"
    "ALTER TABLE mentions ADD COLUMN IF NOT EXISTS avg_tone DOUBLE PRECISION;"
    "UPDATE saydo_meta SET value = '4' WHERE key = 'schema';";

/* Statements of a put, prepared once per connection as "s<N>". */
enum {
    P_ART_BY_ID, P_ART_BY_HASH, P_HASH_INSERT, P_ART_INSERT, P_ART_UPDATE, P_OLD_EVENTS,
    P_DEL_MENTIONS, P_DEL_SENTENCES, P_LOC_INSERT, P_LOC_FIND, P_EVENT_RECOUNT,
    P_EVENT_DELETE_EMPTY, P_EVENT_PUT, P_SENTENCES, P_EVENTS_SET_NEW, P_TALLY,
    P_COUNT = P_TALLY + 5
};

#define NOW_UTC "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define TALLY_ROWS                                                                         \
    "unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::bigint[],"     \
    " $7::float8[]) AS v(a, b, c, q, m, n, g)"
/* Goldstein sums rounded to the nearest millionth (values have one
 * decimal): the same double whatever order and batches the events came in,
 * and the same as SQLite's (store_sqlite.c) */
#define CANONICAL(x) "(round(((" x ") * 1000000)::numeric) / 1000000)::float8"
#define UPSERT_SUM                                                                         \
    " DO UPDATE SET n = t.n + excluded.n, goldstein = "                                    \
    CANONICAL("t.goldstein + excluded.goldstein")

static const char *const stmt_sql[P_COUNT] = {
    [P_ART_BY_ID] = "SELECT id, hash FROM articles WHERE ext_id = $1",
    [P_ART_BY_HASH] = "SELECT article FROM article_hashes WHERE hash = $1",
    [P_HASH_INSERT] = "INSERT INTO article_hashes(hash, article) VALUES($1, $2)"
                      " ON CONFLICT DO NOTHING",
    [P_ART_INSERT] = "INSERT INTO articles(ext_id, hash, url, outlet, date, title, file, line,"
                     " ingested) VALUES($1, $2, $3, $4, $5, $6, $7, $8, " NOW_UTC ") RETURNING id",
    [P_ART_UPDATE] = "UPDATE articles SET hash = $2, url = $3, outlet = $4, date = $5,"
                     " title = $6, file = $7, line = $8, ingested = " NOW_UTC " WHERE id = $1",
    [P_OLD_EVENTS] = "SELECT DISTINCT event FROM mentions WHERE article = $1",
    [P_DEL_MENTIONS] = "DELETE FROM mentions WHERE article = $1",
    [P_DEL_SENTENCES] = "DELETE FROM sentences WHERE article = $1",
    /* a place stored before its ADM1 code was known gets it */
    [P_LOC_INSERT] = "INSERT INTO locations AS l(precision, name, country, admin1, lat, lon, adm1)"
                     " VALUES($1, $2, $3, $4, $5, $6, $7)"
                     " ON CONFLICT(precision, name, country, admin1, lat, lon) DO UPDATE"
                     " SET adm1 = excluded.adm1 WHERE l.adm1 = '' AND excluded.adm1 <> ''",
    [P_LOC_FIND] = "SELECT id FROM locations WHERE precision = $1 AND name = $2 AND country = $3"
                   " AND admin1 = $4 AND lat = $5 AND lon = $6",
    [P_EVENT_RECOUNT] =
        "UPDATE events SET (num_mentions, num_articles, num_sources, first_mention) ="
        " (SELECT count(*), count(DISTINCT m.article),"
        "  GREATEST(1, count(DISTINCT NULLIF(a.outlet, ''))), min(m.id)"
        "  FROM mentions m JOIN articles a ON a.id = m.article WHERE m.event = $1)"
        " WHERE id = $1",
    [P_EVENT_DELETE_EMPTY] = "DELETE FROM events WHERE id = $1 AND num_mentions = 0"
                             " RETURNING source, target, root, quad, mood, date, goldstein",
    /* One report in one round trip: find its event or make one, its
     * actors, its mention.  $1..$12 the columns events and mentions share,
     * $13 $14 the window, $15 article, $16 sentence, $17.. the mention's
     * own.  Returns the mention, its event and whether it was made here. */
    [P_EVENT_PUT] =
        "WITH f AS (SELECT id FROM events WHERE source = $3::text AND target = $4::text"
        "  AND root = $6::text AND mood = $10::int AND day BETWEEN $13::bigint AND $14::bigint"
        "  AND ($12::text = '' OR country = '' OR country = $12::text)"
        "  ORDER BY abs(day - $1::bigint), id LIMIT 1),"
        " i AS (INSERT INTO events(day, date, source, target, cameo, root, quad, goldstein,"
        "  plover, mood, location, country, num_mentions, num_sources, num_articles)"
        "  SELECT $1::bigint, $2::text, $3::text, $4::text, $5::text, $6::text, $7::int,"
        "  $8::float8, $9::text, $10::int, $11::bigint, $12::text, 0, 0, 0"
        "  WHERE NOT EXISTS (SELECT 1 FROM f) RETURNING id),"
        " e AS (SELECT id, false AS created FROM f UNION ALL SELECT id, true FROM i),"
        " a AS (INSERT INTO actors(code, country) SELECT c, CASE WHEN length(c) >= 3"
        "  THEN substr(c, 1, 3) ELSE '' END FROM (VALUES ($3::text), ($4::text)) v(c)"
        "  WHERE c <> '' ON CONFLICT DO NOTHING),"
        " m AS (INSERT INTO mentions(event, article, sentence, day, date, source, target, cameo,"
        "  root, quad, goldstein, plover, mood, location, country, date_intended, attribution,"
        "  source_start, source_end, target_start, target_end, verb_start, verb_end,"
        "  date_start, date_end, pattern, confidence, source_text, target_text, source_name,"
        "  target_name, event_name, plover_mode, plover_context, source_location,"
        "  target_location, avg_tone)"
        "  SELECT e.id, $15::bigint, $16::bigint, $1::bigint, $2::text, $3::text, $4::text,"
        "  $5::text, $6::text, $7::int, $8::float8, $9::text, $10::int, $11::bigint, $12::text,"
        "  $17::text, $18::text, $19::bigint, $20::bigint, $21::bigint, $22::bigint,"
        "  $23::bigint, $24::bigint, $25::bigint, $26::bigint, $27::text, $28::float8,"
        "  $29::text, $30::text, $31::text, $32::text, $33::text, $34::text, $35::text,"
        "  $36::bigint, $37::bigint, $38::float8 FROM e"
        "  RETURNING id, event)"
        " SELECT m.id, m.event, e.created FROM m JOIN e ON e.id = m.event",
    /* an article's sentences in one statement: $1 article, then arrays */
    [P_SENTENCES] =
        "INSERT INTO sentences(article, idx, paragraph, kind, start, \"end\", text)"
        " SELECT $1::bigint, * FROM unnest($2::bigint[], $3::bigint[], $4::int[],"
        " $5::bigint[], $6::bigint[], $7::text[])",
    /* the counts of the events an article made: arrays of ids, mentions,
     * first mentions */
    [P_EVENTS_SET_NEW] =
        "UPDATE events e SET num_mentions = v.n, num_articles = 1, num_sources = 1,"
        " first_mention = v.f FROM unnest($1::bigint[], $2::bigint[], $3::bigint[])"
        " AS v(id, n, f) WHERE e.id = v.id",
    /* the summary tables: one statement per table and transaction, the
     * rows as arrays: $1 $2 $3 the key's text, $4 quad, $5 mood, $6 the
     * change to n, $7 to goldstein */
    [P_TALLY + SD_TALLY_DYAD_COUNTS] =
        "INSERT INTO dyad_counts AS t(source, target, root, quad, mood, n, goldstein)"
        " SELECT a, b, c, q, m, n, " CANONICAL("g") " FROM " TALLY_ROWS
        " ON CONFLICT(source, target, root, quad, mood)" UPSERT_SUM,
    [P_TALLY + SD_TALLY_DYAD_MONTHS] =
        "INSERT INTO dyad_months AS t(source, target, month, quad, mood, n, goldstein)"
        " SELECT a, b, c, q, m, n, " CANONICAL("g") " FROM " TALLY_ROWS
        " ON CONFLICT(source, target, month, quad, mood)" UPSERT_SUM,
    [P_TALLY + SD_TALLY_DYAD_TOTALS] =
        "INSERT INTO dyad_totals AS t(source, target, n, goldstein)"
        " SELECT a, b, n, " CANONICAL("g") " FROM " TALLY_ROWS " ON CONFLICT(source, target)" UPSERT_SUM,
    [P_TALLY + SD_TALLY_MONTH_TOTALS] =
        "INSERT INTO month_totals AS t(month, quad, mood, n, goldstein)"
        " SELECT a, q, m, n, " CANONICAL("g") " FROM " TALLY_ROWS " ON CONFLICT(month, quad, mood)" UPSERT_SUM,
    [P_TALLY + SD_TALLY_ACTOR_TOTALS] =
        "INSERT INTO actor_totals AS t(actor, n, goldstein)"
        " SELECT a, n, " CANONICAL("g") " FROM " TALLY_ROWS " ON CONFLICT(actor)" UPSERT_SUM,
};

typedef struct pg_touched {
    int64_t event;
    int created;
    long long mentions;
    int64_t first;
} pg_touched;

typedef struct pg_store {
    struct saydo_store base;
    PGconn *conn;
    char *where;               /* the connection string without password, for messages */
    int read_only;
    int schema;                /* the store's schema version (a read-only
                                  store of schema 3 is not upgraded)       */
    int window_days;
    long query_ms;
    int in_tx;
    pg_touched *touched;
    size_t ntouched, cap_touched;
    sd_tally *tally;
} pg_store;

typedef struct pg_rows {
    struct saydo_store_rows base;
    pg_store *store;
    PGresult *res;             /* the rows, read whole                     */
    int at, n;
    PGresult *mentions;        /* get_event: its mentions, or NULL         */
    int mat, mn;
} pg_rows;

static const sd_store_ops pg_ops;

/* ---- errors and statements ---------------------------------------------- */

static int pg_fail(pg_store *s, const PGresult *res, saydo_error *err, const char *what)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(s->conn);
    char text[400];
    snprintf(text, sizeof text, "%s", msg && *msg ? msg : PQerrorMessage(s->conn));
    size_t len = strlen(text);
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
        text[--len] = '\0';
    if (state && strcmp(state, "57014") == 0)
        return sd_error_set(err, SAYDO_ERR_TIMEOUT, s->where, 0, -1,
                            "query took longer than its limit of %ld ms while %s", s->query_ms,
                            what);
    if (state && (strcmp(state, "53100") == 0 || strcmp(state, "53200") == 0))
        return sd_error_set(err, SAYDO_ERR_IO, s->where, 0, -1,
                            "store is full (disk full or out of memory on the server) while "
                            "%s; the store is as it was before",
                            what);
    if (state && strcmp(state, "25006") == 0)
        return sd_error_set(err, SAYDO_ERR_IO, s->where, 0, -1,
                            "store is read-only (cannot write) while %s: %s", what, text);
    return sd_error_set(err, SAYDO_ERR_IO, s->where, 0, -1, "store error while %s: %s", what,
                        text);
}

/* Run sql (no parameters, no rows wanted). */
static int exec_sql(pg_store *s, const char *sql, saydo_error *err, const char *what)
{
    PGresult *res = PQexec(s->conn, sql);
    ExecStatusType st = PQresultStatus(res);
    int rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : pg_fail(s, res, err, what);
    PQclear(res);
    return rc;
}

/* Parameters of one prepared statement, as text (NULL for SQL NULL). */
typedef struct pg_args {
    int n;
    const char *value[40];
    char buf[40][32];
} pg_args;

static void arg_text(pg_args *a, const char *v) { a->value[a->n++] = v ? v : ""; }
static void arg_null(pg_args *a) { a->value[a->n++] = NULL; }
static void arg_int(pg_args *a, long long v)
{
    snprintf(a->buf[a->n], sizeof a->buf[a->n], "%lld", v);
    a->value[a->n] = a->buf[a->n];
    a->n++;
}
static void arg_double(pg_args *a, double v)
{
    snprintf(a->buf[a->n], sizeof a->buf[a->n], "%.17g", v);
    a->value[a->n] = a->buf[a->n];
    a->n++;
}
static void arg_span(pg_args *a, saydo_span span)
{
    if (span.end > span.start) {
        arg_int(a, (long long)span.start);
        arg_int(a, (long long)span.end);
    } else {
        arg_null(a);
        arg_null(a);
    }
}

/* Run prepared statement which with a's values.  Returns the result (the
 * caller PQclears it) or NULL with err filled. */
static PGresult *run(pg_store *s, int which, const pg_args *a, saydo_error *err,
                     const char *what)
{
    char name[16];
    snprintf(name, sizeof name, "s%d", which);
    PGresult *res = PQexecPrepared(s->conn, name, a->n, a->value, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return res;
    pg_fail(s, res, err, what);
    PQclear(res);
    return NULL;
}

static int run_done(pg_store *s, int which, const pg_args *a, saydo_error *err, const char *what)
{
    PGresult *res = run(s, which, a, err, what);
    if (!res)
        return err ? err->code : SAYDO_ERR_IO;
    PQclear(res);
    return 0;
}

static long long get_int(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? 0 : strtoll(PQgetvalue(res, row, col), NULL, 10);
}

static double get_double(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? 0.0 : strtod(PQgetvalue(res, row, col), NULL);
}

static const char *get_text(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? "" : PQgetvalue(res, row, col);
}

/* Append a PostgreSQL array literal element: the string in double quotes,
 * '"' and '\\' escaped. */
static void array_text(sd_buf *b, const char *v)
{
    sd_buf_putc(b, '"');
    for (; *v; v++) {
        if (*v == '"' || *v == '\\')
            sd_buf_putc(b, '\\');
        sd_buf_putc(b, *v);
    }
    sd_buf_putc(b, '"');
}

/* ---- open ---------------------------------------------------------------- */

/* The connection string for messages: without a password ("user:PW@"
 * dropped to "user@"; a "password=PW" key or query parameter shown as
 * "password=***"). */
static char *safe_where(const char *conninfo)
{
    size_t len = strlen(conninfo);
    char *w = sd_malloc(2 * len + 8);
    if (!w)
        return NULL;
    strcpy(w, conninfo);
    char *scheme = strstr(w, "://");
    char *at = scheme ? strchr(scheme + 3, '@') : NULL;
    char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
    if (at && colon && colon < at)
        memmove(colon, at, strlen(at) + 1);
    for (char *p = w; (p = strstr(p, "password")) != NULL; p += 8) {
        if (p > w && p[-1] != '?' && p[-1] != '&' && p[-1] != ' ')
            continue;
        char *v = p + 8;
        while (*v == ' ')
            v++;
        if (*v != '=')
            continue;
        v++;
        while (*v == ' ')
            v++;
        char *end = v;
        if (*end == '\'') {
            for (end++; *end && *end != '\''; end++)
                if (*end == '\\' && end[1])
                    end++;
            if (*end)
                end++;
        } else {
            end += strcspn(end, scheme ? "&" : " ");
        }
        memmove(v + 3, end, strlen(end) + 1);
        memcpy(v, "***", 3);
    }
    return w;
}

static int check_store(pg_store *s, saydo_error *err)
{
    PGresult *res = PQexec(s->conn, "SELECT to_regclass('saydo_meta') IS NOT NULL,"
                                    " to_regclass('events') IS NOT NULL");
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        int rc = pg_fail(s, res, err, "opening the store");
        PQclear(res);
        return rc;
    }
    int has_meta = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    int has_events = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
    PQclear(res);
    if (!has_meta && has_events)
        return sd_error_set(err, SAYDO_ERR_IO, s->where, 0, -1,
                            "not a saydo store (a database with an events table but without "
                            "saydo's saydo_meta table); refusing to touch it");
    if (!has_meta) {
        if (s->read_only)
            return sd_error_set(err, SAYDO_ERR_IO, s->where, 0, -1,
                                "no saydo store in this database; run 'saydo ingest' first");
        /* the writers' lock, held by the session, taken before the
         * transaction begins: the transaction then sees the catalog as the
         * process that held it before left it */
        int rc = exec_sql(s, "SELECT pg_advisory_lock(7283291)", err, "creating the store");
        if (rc)
            return rc;
        rc = exec_sql(s, "BEGIN", err, "creating the store");
        /* another process may have made it while we waited */
        res = rc ? NULL : PQexec(s->conn, "SELECT to_regclass('saydo_meta') IS NOT NULL");
        if (res && PQresultStatus(res) == PGRES_TUPLES_OK &&
            strcmp(PQgetvalue(res, 0, 0), "f") == 0) {
            rc = exec_sql(s, schema_sql, err, "creating the store");
            if (!rc)
                rc = exec_sql(s, "INSERT INTO saydo_meta(key, value) VALUES"
                                 " ('application', 'saydo'), ('schema', '4'),"
                                 " ('created_by', 'saydo " SAYDO_VERSION_STRING "'),"
                                 " ('data_version', '0')",
                              err, "creating the store");
        } else if (!rc && (!res || PQresultStatus(res) != PGRES_TUPLES_OK)) {
            rc = pg_fail(s, res, err, "creating the store");
        }
        PQclear(res);
        rc = rc ? rc : exec_sql(s, "COMMIT", err, "creating the store");
        if (rc)
            PQclear(PQexec(s->conn, "ROLLBACK"));
        PQclear(PQexec(s->conn, "SELECT pg_advisory_unlock(7283291)"));
        if (rc)
            return rc;
    }
    res = PQexec(s->conn, "SELECT (SELECT value FROM saydo_meta WHERE key = 'application'),"
                          " (SELECT value FROM saydo_meta WHERE key = 'schema')");
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        int rc = pg_fail(s, res, err, "opening the store");
        PQclear(res);
        return rc;
    }
    int is_saydo = strcmp(get_text(res, 0, 0), "saydo") == 0;
    long version = strtol(get_text(res, 0, 1), NULL, 10);
    PQclear(res);
    if (is_saydo && version == 3 && !s->read_only) {
        /* upgraded in one transaction under the writers' lock */
        int rc = exec_sql(s, "BEGIN", err, "upgrading the store");
        if (!rc)
            rc = exec_sql(s, PG_WRITE_LOCK, err, "upgrading the store");
        if (!rc)
            rc = exec_sql(s, migrate_3_4, err, "upgrading the store");
        rc = rc ? rc : exec_sql(s, "COMMIT", err, "upgrading the store");
        if (rc) {
            PQclear(PQexec(s->conn, "ROLLBACK"));
            return rc;
        }
        version = 4;
    }
    s->schema = (int)version;
    if (!is_saydo)
        return sd_error_set(err, SAYDO_ERR_IO, s->where, 0, -1,
                            "not a saydo store (saydo_meta does not say so); refusing to touch "
                            "it");
    if (version > PG_SCHEMA_VERSION)
        return sd_error_set(err, SAYDO_ERR_IO, s->where, 0, -1,
                            "store schema version %ld is newer than this saydo understands "
                            "(%d); use a newer saydo",
                            version, PG_SCHEMA_VERSION);
    if (version < 3)
        return sd_error_set(err, SAYDO_ERR_IO, s->where, 0, -1,
                            "not a saydo store (schema version %ld)", version);
    return 0;
}

static void pg_close(saydo_store *store)
{
    pg_store *s = (pg_store *)store;
    PQfinish(s->conn);
    sd_tally_free(s->tally);
    free(s->touched);
    free(s->where);
    free(s);
}

static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

int sd_store_pg_open(const char *conninfo, const saydo_store_options *opts, saydo_store **out,
                     saydo_error *err)
{
    if (opts->max_bytes > 0)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1,
                            "store: a size limit is for SQLite stores; PostgreSQL's are set "
                            "on the server");
    pg_store *s = sd_calloc(1, sizeof *s);
    if (!s)
        return sd_error_nomem(err);
    s->base.ops = &pg_ops;
    s->read_only = opts->read_only;
    s->window_days = opts->window_days;
    s->query_ms = opts->version >= 2 ? opts->query_ms : 0;
    s->where = safe_where(conninfo);
    if (!s->where) {
        free(s);
        return sd_error_nomem(err);
    }
    s->conn = PQconnectdb(conninfo);
    if (!s->conn) {
        pg_close(&s->base);
        return sd_error_nomem(err);
    }
    if (PQstatus(s->conn) != CONNECTION_OK) {
        char msg[300];
        snprintf(msg, sizeof msg, "%s", PQerrorMessage(s->conn));
        size_t len = strlen(msg);
        while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
            msg[--len] = '\0';
        int rc = sd_error_set(err, SAYDO_ERR_IO, s->where, 0, -1, "cannot open store: %s", msg);
        pg_close(&s->base);
        return rc;
    }
    PQsetNoticeProcessor(s->conn, ignore_notice, NULL);
    int rc = exec_sql(s, "SET client_min_messages = warning; SET datestyle = 'ISO';"
                         " SET extra_float_digits = 3",
                      err, "opening the store");
    if (!rc)
        rc = check_store(s, err);
    if (!rc && s->read_only)
        rc = exec_sql(s, "SET default_transaction_read_only = on", err, "opening the store");
    if (!rc && s->query_ms > 0) {
        char sql[64];
        snprintf(sql, sizeof sql, "SET statement_timeout = %ld", s->query_ms);
        rc = exec_sql(s, sql, err, "opening the store");
    }
    if (!rc && !s->read_only && !(s->tally = sd_tally_new()))
        rc = sd_error_nomem(err);
    for (int i = 0; i < P_COUNT && !rc && !s->read_only; i++) {
        char name[16];
        snprintf(name, sizeof name, "s%d", i);
        PGresult *res = PQprepare(s->conn, name, stmt_sql[i], 0, NULL);
        if (PQresultStatus(res) != PGRES_COMMAND_OK)
            rc = pg_fail(s, res, err, "preparing statements");
        PQclear(res);
    }
    if (rc) {
        pg_close(&s->base);
        return rc;
    }
    *out = &s->base;
    return 0;
}

/* ---- transactions ---------------------------------------------------------- */

static int pg_begin(saydo_store *store, saydo_error *err)
{
    pg_store *s = (pg_store *)store;
    if (s->read_only)
        return sd_error_set(err, SAYDO_ERR_IO, s->where, 0, -1,
                            "store was opened read-only; nothing was written");
    /* writes are never cut short; one writer at a time */
    int rc = exec_sql(s, "BEGIN; SET LOCAL statement_timeout = 0", err, "starting a transaction");
    if (!rc)
        rc = exec_sql(s, PG_WRITE_LOCK, err, "starting a transaction");
    s->in_tx = rc == 0 || PQtransactionStatus(s->conn) != PQTRANS_IDLE;
    return rc;
}

static int flush_tally(pg_store *s, saydo_error *err)
{
    if (!s->tally)
        return 0;
    int rc = 0;
    for (int table = SD_TALLY_DYAD_COUNTS; table <= SD_TALLY_ACTOR_TOTALS && !rc; table++) {
        sd_buf col[7];
        for (int c = 0; c < 7; c++) {
            sd_buf empty = SD_BUF_INIT;
            col[c] = empty;
            sd_buf_putc(&col[c], '{');
        }
        size_t rows = 0;
        for (size_t i = 0; i < sd_tally_count(s->tally); i++) {
            const sd_tally_row *row = sd_tally_row_at(s->tally, i);
            long long n = row->n + row->n_article;
            double g = row->g + row->g_article;
            if (row->table != table || (n == 0 && g == 0))
                continue;
            const char *sep = rows++ ? "," : "";
            const char *text[3] = {row->a, row->b, row->c};
            for (int c = 0; c < 3; c++) {
                sd_buf_puts(&col[c], sep);
                array_text(&col[c], text[c]);
            }
            sd_buf_printf(&col[3], "%s%d", sep, row->quad);
            sd_buf_printf(&col[4], "%s%d", sep, row->mood);
            sd_buf_printf(&col[5], "%s%lld", sep, n);
            sd_buf_printf(&col[6], "%s%.17g", sep, g);
        }
        pg_args a = {0};
        int failed = 0;
        for (int c = 0; c < 7; c++) {
            sd_buf_putc(&col[c], '}');
            failed |= col[c].failed;
            arg_text(&a, col[c].data);
        }
        if (failed)
            rc = sd_error_nomem(err);
        else if (rows)
            rc = run_done(s, P_TALLY + table, &a, err, "counting events");
        for (int c = 0; c < 7; c++)
            sd_buf_free(&col[c]);
    }
    if (!rc)
        sd_tally_clear(s->tally);
    return rc;
}

static int pg_commit(saydo_store *store, saydo_error *err)
{
    pg_store *s = (pg_store *)store;
    int rc = flush_tally(s, err);
    if (!rc)
        rc = exec_sql(s, "UPDATE saydo_meta SET value = (value::bigint + 1)::text"
                         " WHERE key = 'data_version'",
                      err, "committing");
    if (!rc)
        rc = exec_sql(s, "COMMIT", err, "committing");
    if (!rc)
        s->in_tx = 0;
    return rc;
}

static void pg_rollback(saydo_store *store)
{
    pg_store *s = (pg_store *)store;
    if (s->tally)
        sd_tally_clear(s->tally);
    if (PQtransactionStatus(s->conn) != PQTRANS_IDLE)
        PQclear(PQexec(s->conn, "ROLLBACK"));
    s->in_tx = 0;
}

static int pg_savepoint(saydo_store *store, int what, saydo_error *err)
{
    pg_store *s = (pg_store *)store;
    if (what == SD_SAVEPOINT_BEGIN)
        return exec_sql(s, "SAVEPOINT article", err, "starting an article");
    if (what == SD_SAVEPOINT_RELEASE) {
        int rc = exec_sql(s, "RELEASE SAVEPOINT article", err, "ending an article");
        if (!rc && s->tally)
            sd_tally_keep(s->tally);
        return rc;
    }
    if (s->tally)
        sd_tally_drop_article(s->tally);
    return exec_sql(s, "ROLLBACK TO SAVEPOINT article; RELEASE SAVEPOINT article", err,
                    "rolling an article back");
}

static int pg_in_transaction(saydo_store *store)
{
    pg_store *s = (pg_store *)store;
    PGTransactionStatusType st = PQtransactionStatus(s->conn);
    return st == PQTRANS_INTRANS || st == PQTRANS_INERROR;
}

/* ---- puts ------------------------------------------------------------------ */

static int touch(pg_store *s, int64_t event, int created, int64_t mention)
{
    for (size_t i = s->ntouched; i-- > 0;)
        if (s->touched[i].event == event) {
            s->touched[i].mentions += mention != 0;
            return 0;
        }
    if (s->ntouched == s->cap_touched) {
        size_t cap = s->cap_touched ? s->cap_touched * 2 : 64;
        pg_touched *p = sd_realloc(s->touched, cap * sizeof *p);
        if (!p)
            return SAYDO_ERR_NOMEM;
        s->touched = p;
        s->cap_touched = cap;
    }
    pg_touched te = {event, created, mention != 0, mention};
    s->touched[s->ntouched++] = te;
    return 0;
}

static int clear_article(pg_store *s, int64_t article, saydo_error *err)
{
    pg_args a = {0};
    arg_int(&a, article);
    PGresult *res = run(s, P_OLD_EVENTS, &a, err, "replacing an article");
    if (!res)
        return err ? err->code : SAYDO_ERR_IO;
    for (int i = 0; i < PQntuples(res); i++)
        if (touch(s, get_int(res, i, 0), 0, 0) != 0) {
            PQclear(res);
            return sd_error_nomem(err);
        }
    PQclear(res);
    int rc = run_done(s, P_DEL_MENTIONS, &a, err, "replacing an article");
    return rc ? rc : run_done(s, P_DEL_SENTENCES, &a, err, "replacing an article");
}

static void args_article(pg_args *a, const saydo_article *article, const char *ext_id,
                         const char *hash)
{
    arg_text(a, ext_id);
    arg_text(a, hash);
    arg_text(a, saydo_article_url(article));
    arg_text(a, saydo_article_outlet(article));
    arg_text(a, saydo_article_date(article));
    arg_text(a, saydo_article_title(article));
    arg_text(a, saydo_article_file(article));
    arg_int(a, saydo_article_line(article));
}

static int put_location(pg_store *s, const saydo_location *loc, const char *adm1, int64_t *id,
                        saydo_error *err)
{
    for (int which = P_LOC_INSERT; which <= P_LOC_FIND; which++) {
        pg_args a = {0};
        arg_int(&a, (int)loc->precision);
        arg_text(&a, loc->name);
        arg_text(&a, loc->country);
        arg_text(&a, loc->admin1);
        arg_double(&a, loc->lat);
        arg_double(&a, loc->lon);
        if (which == P_LOC_INSERT)
            arg_text(&a, adm1);
        PGresult *res = run(s, which, &a, err, "storing a location");
        if (!res)
            return err ? err->code : SAYDO_ERR_IO;
        if (which == P_LOC_FIND && PQntuples(res) > 0)
            *id = get_int(res, 0, 0);
        PQclear(res);
    }
    return 0;
}

/* The columns events and mentions share: day, date, source, target,
 * cameo, root, quad, goldstein, plover, mood, location, country. */
static void args_coded(pg_args *a, long day, const char *date, const saydo_event *ev,
                       const char *root, int quad, double goldstein, const char *plover,
                       int has_loc, int64_t loc, const char *country)
{
    arg_int(a, day);
    arg_text(a, date);
    arg_text(a, ev->source);
    arg_text(a, ev->target);
    arg_text(a, ev->cameo);
    arg_text(a, root);
    arg_int(a, quad);
    arg_double(a, goldstein);
    arg_text(a, plover);
    arg_int(a, (int)ev->mood);
    if (has_loc)
        arg_int(a, loc);
    else
        arg_null(a);
    arg_text(a, country);
}

static int put_event(pg_store *s, int64_t article, const saydo_article *art,
                     const saydo_event *ev, saydo_error *err)
{
    int rc;
    const char *date = ev->date && *ev->date ? ev->date : saydo_article_date(art);
    long day = sd_store_day(date);
    if (day == SD_STORE_NO_DAY)
        date = "";
    const saydo_cameo_info *info = ev->info;
    char root[3] = "";
    if (info && info->root)
        snprintf(root, sizeof root, "%s", info->root);
    else if (ev->cameo)
        snprintf(root, sizeof root, "%.2s", ev->cameo);
    int quad = info ? (int)info->quad : 0;
    double goldstein = info ? info->goldstein : 0.0;
    const char *plover = info && info->plover ? info->plover : "";
    int has_loc = ev->location.precision != SAYDO_GEO_NONE;
    const char *country = has_loc && ev->location.country ? ev->location.country : "";
    int64_t loc = 0;
    if (has_loc && (rc = put_location(s, &ev->location, ev->location_adm1, &loc, err)) != 0)
        return rc;
    /* the actors' places */
    int64_t src_loc = 0, tgt_loc = 0;
    if (ev->source_location.precision != SAYDO_GEO_NONE &&
        (rc = put_location(s, &ev->source_location, ev->source_location_adm1, &src_loc, err)) != 0)
        return rc;
    if (ev->target_location.precision != SAYDO_GEO_NONE &&
        (rc = put_location(s, &ev->target_location, ev->target_location_adm1, &tgt_loc, err)) != 0)
        return rc;
    pg_args m = {0};
    args_coded(&m, day, date, ev, root, quad, goldstein, plover, has_loc, loc, country);
    arg_int(&m, day - s->window_days);
    arg_int(&m, day + s->window_days);
    arg_int(&m, article);
    arg_int(&m, (long long)ev->sentence);
    arg_text(&m, ev->date_intended);
    arg_text(&m, ev->attribution);
    arg_span(&m, ev->source_span);
    arg_span(&m, ev->target_span);
    arg_span(&m, ev->verb_span);
    arg_span(&m, ev->date_span);
    arg_text(&m, ev->pattern);
    arg_double(&m, ev->confidence);
    arg_text(&m, ev->source_text);
    arg_text(&m, ev->target_text);
    arg_text(&m, ev->source_name);
    arg_text(&m, ev->target_name);
    arg_text(&m, info && info->name ? info->name : "");
    arg_text(&m, info && info->plover_mode ? info->plover_mode : "");
    arg_text(&m, info && info->plover_context ? info->plover_context : "");
    if (src_loc)
        arg_int(&m, src_loc);
    else
        arg_null(&m);
    if (tgt_loc)
        arg_int(&m, tgt_loc);
    else
        arg_null(&m);
    if (isnan(ev->avg_tone))
        arg_null(&m);
    else
        arg_double(&m, ev->avg_tone);
    PGresult *res = run(s, P_EVENT_PUT, &m, err, "storing a mention");
    if (!res)
        return err ? err->code : SAYDO_ERR_IO;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return sd_error_set(err, SAYDO_ERR_INTERNAL, s->where, 0, -1,
                            "storing a mention gave no row");
    }
    int64_t mention = get_int(res, 0, 0), event = get_int(res, 0, 1);
    int created = strcmp(PQgetvalue(res, 0, 2), "t") == 0;
    PQclear(res);
    if (created && sd_tally_event(s->tally, 1, ev->source, ev->target, root, quad,
                                  (int)ev->mood, date, goldstein) != 0)
        return sd_error_nomem(err);
    return touch(s, event, created, mention) ? sd_error_nomem(err) : 0;
}

/* Store the article's sentences in one statement. */
static int put_sentences(pg_store *s, int64_t article, const saydo_result *result,
                         saydo_error *err)
{
    size_t n = saydo_result_sentence_count(result);
    if (n == 0)
        return 0;
    sd_buf col[6];
    for (int c = 0; c < 6; c++) {
        sd_buf empty = SD_BUF_INIT;
        col[c] = empty;
        sd_buf_putc(&col[c], '{');
    }
    for (size_t i = 0; i < n; i++) {
        const saydo_sentence *sent = saydo_result_sentence(result, i);
        const char *sep = i ? "," : "";
        sd_buf_printf(&col[0], "%s%zu", sep, sent->index);
        sd_buf_printf(&col[1], "%s%zu", sep, sent->paragraph);
        sd_buf_printf(&col[2], "%s%d", sep, (int)sent->kind);
        sd_buf_printf(&col[3], "%s%zu", sep, sent->span.start);
        sd_buf_printf(&col[4], "%s%zu", sep, sent->span.end);
        sd_buf_puts(&col[5], sep);
        array_text(&col[5], sent->text ? sent->text : "");
    }
    int failed = 0;
    pg_args a = {0};
    arg_int(&a, article);
    for (int c = 0; c < 6; c++) {
        sd_buf_putc(&col[c], '}');
        failed |= col[c].failed;
        arg_text(&a, col[c].data);
    }
    int rc = failed ? sd_error_nomem(err) : run_done(s, P_SENTENCES, &a, err, "storing sentences");
    for (int c = 0; c < 6; c++)
        sd_buf_free(&col[c]);
    return rc;
}

/* The counts of the events the article made, in one statement: all their
 * mentions are this article's. */
static int set_new_counts(pg_store *s, saydo_error *err)
{
    sd_buf col[3];
    for (int c = 0; c < 3; c++) {
        sd_buf empty = SD_BUF_INIT;
        col[c] = empty;
        sd_buf_putc(&col[c], '{');
    }
    size_t n = 0;
    for (size_t i = 0; i < s->ntouched; i++) {
        const pg_touched *te = &s->touched[i];
        if (!te->created)
            continue;
        const char *sep = n++ ? "," : "";
        sd_buf_printf(&col[0], "%s%lld", sep, (long long)te->event);
        sd_buf_printf(&col[1], "%s%lld", sep, te->mentions);
        sd_buf_printf(&col[2], "%s%lld", sep, (long long)te->first);
    }
    int failed = 0;
    pg_args a = {0};
    for (int c = 0; c < 3; c++) {
        sd_buf_putc(&col[c], '}');
        failed |= col[c].failed;
        arg_text(&a, col[c].data);
    }
    int rc = failed ? sd_error_nomem(err)
             : n ? run_done(s, P_EVENTS_SET_NEW, &a, err, "counting mentions") : 0;
    for (int c = 0; c < 3; c++)
        sd_buf_free(&col[c]);
    return rc;
}

static int pg_put(saydo_store *store, const saydo_article *article, const saydo_result *result,
                  saydo_store_status *status, saydo_error *err)
{
    pg_store *s = (pg_store *)store;
    char hash[33];
    sd_store_article_hash(article, hash);
    const char *ext_id = saydo_article_id(article);
    if (!*ext_id)
        ext_id = hash;
    s->ntouched = 0;
    pg_args a = {0};
    arg_text(&a, hash);
    PGresult *res = run(s, P_ART_BY_HASH, &a, err, "looking an article up");
    if (!res)
        return err ? err->code : SAYDO_ERR_IO;
    int seen = PQntuples(res) > 0;
    PQclear(res);
    if (seen) {
        *status = SAYDO_STORE_UNCHANGED;
        return 0;
    }
    a.n = 0;
    arg_text(&a, ext_id);
    res = run(s, P_ART_BY_ID, &a, err, "looking an article up");
    if (!res)
        return err ? err->code : SAYDO_ERR_IO;
    int64_t id = PQntuples(res) > 0 ? get_int(res, 0, 0) : 0;
    PQclear(res);
    int rc;
    if (id) {
        *status = SAYDO_STORE_REPLACED;
        if ((rc = clear_article(s, id, err)) != 0)
            return rc;
        pg_args u = {0};
        args_article(&u, article, ext_id, hash);
        snprintf(u.buf[0], sizeof u.buf[0], "%lld", (long long)id);
        u.value[0] = u.buf[0]; /* $1 is the row's id */
        if ((rc = run_done(s, P_ART_UPDATE, &u, err, "replacing an article")) != 0)
            return rc;
    } else {
        *status = SAYDO_STORE_ADDED;
        pg_args i = {0};
        args_article(&i, article, ext_id, hash);
        res = run(s, P_ART_INSERT, &i, err, "storing an article");
        if (!res)
            return err ? err->code : SAYDO_ERR_IO;
        id = get_int(res, 0, 0);
        PQclear(res);
    }
    a.n = 0;
    arg_text(&a, hash);
    arg_int(&a, id);
    if ((rc = run_done(s, P_HASH_INSERT, &a, err, "storing an article")) != 0)
        return rc;
    if ((rc = put_sentences(s, id, result, err)) != 0)
        return rc;
    for (size_t i = 0; i < saydo_result_event_count(result); i++)
        if ((rc = put_event(s, id, article, saydo_result_event(result, i), err)) != 0)
            return rc;
    if ((rc = set_new_counts(s, err)) != 0)
        return rc;
    for (size_t i = 0; i < s->ntouched; i++) {
        const pg_touched *te = &s->touched[i];
        pg_args t = {0};
        arg_int(&t, te->event);
        if (te->created)
            continue;
        if ((rc = run_done(s, P_EVENT_RECOUNT, &t, err, "counting mentions")) != 0)
            return rc;
        if (*status == SAYDO_STORE_ADDED)
            continue;
        res = run(s, P_EVENT_DELETE_EMPTY, &t, err, "removing an event");
        if (!res)
            return err ? err->code : SAYDO_ERR_IO;
        for (int r = 0; r < PQntuples(res); r++)
            if (sd_tally_event(s->tally, -1, get_text(res, r, 0), get_text(res, r, 1),
                               get_text(res, r, 2), (int)get_int(res, r, 3),
                               (int)get_int(res, r, 4), get_text(res, r, 5),
                               get_double(res, r, 6)) != 0) {
                PQclear(res);
                return sd_error_nomem(err);
            }
        PQclear(res);
    }
    return 0;
}

static int pg_contains(saydo_store *store, const saydo_article *article, saydo_error *err)
{
    pg_store *s = (pg_store *)store;
    char hash[33];
    sd_store_article_hash(article, hash);
    const char *v[1] = {hash};
    PGresult *res = PQexecParams(s->conn, "SELECT 1 FROM article_hashes WHERE hash = $1", 1,
                                 NULL, v, NULL, NULL, 0);
    int rc = PQresultStatus(res) == PGRES_TUPLES_OK ? PQntuples(res) > 0
                                                    : pg_fail(s, res, err, "looking an article up");
    PQclear(res);
    return rc;
}

/* ---- queries ------------------------------------------------------------- */

/* Run sql, whose '?' placeholders (outside quoted strings) are numbered
 * here, with p's values; the rows into a new row set *out. */
static int query_rows(pg_store *s, sd_buf *sql, sd_sql_params *p, saydo_store_rows **out,
                      saydo_error *err)
{
    if (sql->failed || p->failed) {
        sd_sql_params_free(p);
        return sd_error_nomem(err);
    }
    sd_buf text = SD_BUF_INIT;
    int k = 0, quoted = 0;
    for (size_t i = 0; i < sql->len; i++) {
        char c = sql->data[i];
        if (c == '\'')
            quoted = !quoted;
        if (c == '?' && !quoted)
            sd_buf_printf(&text, "$%d", ++k);
        else
            sd_buf_putc(&text, c);
    }
    char ints[SD_SQL_MAX_PARAMS][32];
    const char *values[SD_SQL_MAX_PARAMS];
    for (int i = 0; i < p->n; i++) {
        if (p->is_int[i]) {
            snprintf(ints[i], sizeof ints[i], "%lld", p->ival[i]);
            values[i] = ints[i];
        } else {
            values[i] = p->sval[i];
        }
    }
    int rc = 0;
    pg_rows *r = NULL;
    if (text.failed) {
        rc = sd_error_nomem(err);
    } else {
        PGresult *res = PQexecParams(s->conn, text.data, p->n, NULL, values, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_TUPLES_OK) {
            rc = pg_fail(s, res, err, "reading query results");
            PQclear(res);
        } else if (!(r = sd_calloc(1, sizeof *r))) {
            PQclear(res);
            rc = sd_error_nomem(err);
        } else {
            r->base.ops = &pg_ops;
            r->store = s;
            r->res = res;
            r->n = PQntuples(res);
        }
    }
    sd_buf_free(&text);
    sd_sql_params_free(p);
    if (rc)
        return rc;
    *out = &r->base;
    return 0;
}

static void select_rows(sd_buf *sql, int raw, int schema)
{
    const char *x = raw ? "m." : "e.";
    sd_buf_printf(sql,
                  "SELECT e.id, m.id, %sdate, %ssource, %starget, %scameo, %sroot, %squad,"
                  " %sgoldstein, %smood, e.num_mentions, e.num_sources, e.num_articles,"
                  " l.precision, l.name, l.country, l.admin1, l.lat, l.lon, m.date_intended,"
                  " a.ext_id, a.url, a.outlet, a.title, m.sentence, s.text, m.attribution,"
                  " m.pattern, m.confidence, %splover, m.source_start, m.source_end,"
                  " m.target_start, m.target_end, m.verb_start, m.verb_end,"
                  " m.source_text, m.target_text, m.source_name, m.target_name,"
                  " m.event_name, m.plover_mode, m.plover_context, a.ingested",
                  x, x, x, x, x, x, x, x, x);
    /* 44..59: schema 4's ADM1 code, the actors' places and the tone */
    sd_buf_puts(sql, schema >= 4 ? ", l.adm1, ls.precision, ls.name, ls.country, ls.admin1, ls.lat,"
                                   " ls.lon, ls.adm1, lt.precision, lt.name, lt.country, lt.admin1,"
                                   " lt.lat, lt.lon, lt.adm1, m.avg_tone"
                                 : ", '', 0, '', '', '', 0, 0, '', 0, '', '', '', 0, 0, '',"
                                   " NULL::float8");
    if (raw)
        sd_buf_puts(sql, " FROM mentions m JOIN events e ON e.id = m.event");
    else
        sd_buf_puts(sql, " FROM events e JOIN mentions m ON m.id = e.first_mention");
    sd_buf_printf(sql,
                  " JOIN articles a ON a.id = m.article LEFT JOIN locations l"
                  " ON l.id = %slocation LEFT JOIN sentences s ON s.article = m.article"
                  " AND s.idx = m.sentence%s WHERE true",
                  x,
                  schema >= 4 ? " LEFT JOIN locations ls ON ls.id = m.source_location"
                                " LEFT JOIN locations lt ON lt.id = m.target_location"
                              : "");
}

/* " LIMIT ? OFFSET ?" of a filter (no LIMIT when it has none). */
static void limit_offset(sd_buf *sql, sd_sql_params *p, const saydo_store_filter *f)
{
    if (f->limit > 0) {
        sd_buf_puts(sql, " LIMIT ?");
        sd_sql_param_int(p, f->limit);
    }
    sd_buf_puts(sql, " OFFSET ?");
    sd_sql_param_int(p, f->offset);
}

static int pg_query(saydo_store *store, const saydo_store_filter *f, saydo_store_rows **out,
                    saydo_error *err)
{
    pg_store *s = (pg_store *)store;
    const char *x = f->raw ? "m." : "e.";
    sd_buf sql = SD_BUF_INIT;
    sd_sql_params p;
    memset(&p, 0, sizeof p);
    select_rows(&sql, f->raw, s->schema);
    if (!f->raw && (f->limit > 0 || f->offset > 0)) {
        sd_buf_puts(&sql, " AND e.id IN (SELECT e.id FROM events e WHERE true");
        sd_sql_where(&sql, &p, f, 0, SD_SQL_POSTGRES);
        sd_buf_puts(&sql, " ORDER BY e.day, e.id");
        limit_offset(&sql, &p, f);
        sd_buf_puts(&sql, ") ORDER BY e.day, e.id");
    } else {
        sd_sql_where(&sql, &p, f, f->raw, SD_SQL_POSTGRES);
        sd_buf_printf(&sql, " ORDER BY %sday, %sid", x, x);
        if (f->limit > 0 || f->offset > 0)
            limit_offset(&sql, &p, f);
    }
    int rc = query_rows(s, &sql, &p, out, err);
    sd_buf_free(&sql);
    return rc;
}

static const char mentions_sql[] =
    "SELECT m.id, a.ext_id, a.url, a.outlet, a.date, a.title, m.sentence, s.text, s.start,"
    " m.source_start, m.source_end, m.target_start, m.target_end, m.verb_start, m.verb_end,"
    " m.date, m.cameo, m.mood, m.attribution, m.pattern, m.confidence"
    " FROM mentions m JOIN articles a ON a.id = m.article LEFT JOIN sentences s"
    " ON s.article = m.article AND s.idx = m.sentence WHERE m.event = $1"
    " ORDER BY a.date, m.article, m.sentence, m.id";

static void pg_rows_free(saydo_store_rows *rows)
{
    pg_rows *r = (pg_rows *)rows;
    PQclear(r->res);
    PQclear(r->mentions);
    free(r);
}

static int pg_get_event(saydo_store *store, long long event_id, saydo_store_rows **out,
                        saydo_error *err)
{
    pg_store *s = (pg_store *)store;
    sd_buf sql = SD_BUF_INIT;
    sd_sql_params p;
    memset(&p, 0, sizeof p);
    select_rows(&sql, 0, s->schema);
    sd_buf_puts(&sql, " AND e.id = ?");
    sd_sql_param_int(&p, event_id);
    saydo_store_rows *rows = NULL;
    int rc = query_rows(s, &sql, &p, &rows, err);
    sd_buf_free(&sql);
    if (rc)
        return rc;
    pg_rows *r = (pg_rows *)rows;
    if (r->n == 0) {
        pg_rows_free(rows);
        return 0;
    }
    char id[32];
    snprintf(id, sizeof id, "%lld", event_id);
    const char *v[1] = {id};
    r->mentions = PQexecParams(s->conn, mentions_sql, 1, NULL, v, NULL, NULL, 0);
    if (PQresultStatus(r->mentions) != PGRES_TUPLES_OK) {
        rc = pg_fail(s, r->mentions, err, "reading mentions");
        pg_rows_free(rows);
        return rc;
    }
    r->mn = PQntuples(r->mentions);
    *out = rows;
    return 1;
}

static saydo_span relative_span(const PGresult *res, int row, int col, long long base,
                                size_t len)
{
    saydo_span none = {0, 0};
    if (PQgetisnull(res, row, col) || PQgetisnull(res, row, col + 1))
        return none;
    long long start = get_int(res, row, col) - base, end = get_int(res, row, col + 1) - base;
    if (start < 0 || end <= start || (unsigned long long)end > len)
        return none;
    saydo_span span = {(size_t)start, (size_t)end};
    return span;
}

static int pg_next_mention(saydo_store_rows *rows, saydo_error *err)
{
    (void)err;
    pg_rows *r = (pg_rows *)rows;
    if (!r->mentions || r->mat >= r->mn)
        return 0;
    const PGresult *st = r->mentions;
    int i = r->mat++;
    saydo_store_mention *m = &rows->mention;
    memset(m, 0, sizeof *m);
    m->mention_id = get_int(st, i, 0);
    m->article = get_text(st, i, 1);
    m->url = get_text(st, i, 2);
    m->outlet = get_text(st, i, 3);
    m->article_date = get_text(st, i, 4);
    m->title = get_text(st, i, 5);
    m->sentence = (long)get_int(st, i, 6);
    m->sentence_text = get_text(st, i, 7);
    size_t len = strlen(m->sentence_text);
    if (!PQgetisnull(st, i, 8)) {
        long long base = get_int(st, i, 8);
        m->source_span = relative_span(st, i, 9, base, len);
        m->target_span = relative_span(st, i, 11, base, len);
        m->verb_span = relative_span(st, i, 13, base, len);
    }
    m->date = get_text(st, i, 15);
    m->cameo = get_text(st, i, 16);
    m->mood = (saydo_mood)get_int(st, i, 17);
    m->attribution = get_text(st, i, 18);
    m->pattern = get_text(st, i, 19);
    m->confidence = get_double(st, i, 20);
    return 1;
}

static int pg_summary(saydo_store *store, saydo_store_summary *out, saydo_error *err)
{
    pg_store *s = (pg_store *)store;
    PGresult *res = PQexec(s->conn,
                           "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM articles),"
                           " (SELECT count(*) FROM mentions),"
                           " (SELECT date FROM events WHERE date <> '' ORDER BY day LIMIT 1),"
                           " (SELECT date FROM events WHERE date <> '' ORDER BY day DESC LIMIT 1)");
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        int rc = pg_fail(s, res, err, "counting");
        PQclear(res);
        return rc;
    }
    out->events = get_int(res, 0, 0);
    out->articles = get_int(res, 0, 1);
    out->mentions = get_int(res, 0, 2);
    snprintf(out->first, sizeof out->first, "%s", get_text(res, 0, 3));
    snprintf(out->last, sizeof out->last, "%s", get_text(res, 0, 4));
    PQclear(res);
    return 0;
}

static int pg_aggregate(saydo_store *store, const saydo_store_filter *f, saydo_store_agg kind,
                        long top_n, int both, saydo_store_rows **out, saydo_error *err)
{
    pg_store *s = (pg_store *)store;
    if (s->tally && sd_tally_count(s->tally) > 0 && pg_in_transaction(store)) {
        int rc = flush_tally(s, err);
        if (rc)
            return rc;
    }
    const char *x = f->raw ? "m." : "e.";
    int summary = (kind == SAYDO_AGG_ACTORS || kind == SAYDO_AGG_DYADS) && sd_sql_summary_serves(f);
    int totals = summary && !(f->root && *f->root) && f->quad <= 0 && f->mood < 0;
    int monthly = kind == SAYDO_AGG_MONTH && sd_sql_summary_serves(f) && !(f->root && *f->root);
    int all_actors = !(f->source && *f->source) && !(f->target && *f->target) &&
                     !(f->dyad_a && *f->dyad_a);
    const char *from, *w, *g;
    if (totals) {
        from = " FROM dyad_totals e WHERE e.n > 0";
        w = "e.n";
        g = "e.goldstein";
    } else if (summary) {
        from = " FROM dyad_counts e WHERE e.n > 0";
        w = "e.n";
        g = "e.goldstein";
    } else {
        from = f->raw ? " FROM mentions m JOIN articles a ON a.id = m.article WHERE true"
                      : " FROM events e WHERE true";
        w = "1";
        g = f->raw ? "m.goldstein" : "e.goldstein";
    }
    sd_buf sql = SD_BUF_INIT;
    sd_sql_params p;
    memset(&p, 0, sizeof p);
    if (kind == SAYDO_AGG_ACTORS && totals && all_actors) {
        sd_buf_puts(&sql, "SELECT actor, '', 0, n, goldstein, 0, 0, 0, 0 FROM actor_totals"
                          " WHERE n > 0 ORDER BY n DESC, actor LIMIT ?");
        sd_sql_param_int(&p, top_n);
    } else if (kind == SAYDO_AGG_DYADS && !both && totals) {
        sd_buf_puts(&sql, "SELECT e.source, e.target, 0, e.n, e.goldstein, 0, 0, 0, 0"
                          " FROM dyad_totals e WHERE e.n > 0 AND e.source <> ''"
                          " AND e.target <> ''");
        sd_sql_where(&sql, &p, f, 0, SD_SQL_POSTGRES);
        sd_buf_puts(&sql, " ORDER BY e.n DESC, 1, 2 LIMIT ?");
        sd_sql_param_int(&p, top_n);
    } else if (kind == SAYDO_AGG_ACTORS) {
        sd_buf_printf(&sql,
                      "SELECT actor, '', 0, sum(w), COALESCE(sum(g), 0), 0, 0, 0, 0 FROM ("
                      "SELECT %ssource AS actor, %s AS w, %s AS g%s AND %ssource <> ''",
                      x, w, g, from, x);
        sd_sql_where(&sql, &p, f, f->raw, SD_SQL_POSTGRES);
        sd_buf_printf(&sql, " UNION ALL SELECT %starget, %s, %s%s AND %starget <> ''", x, w, g,
                      from, x);
        sd_sql_where(&sql, &p, f, f->raw, SD_SQL_POSTGRES);
        sd_buf_puts(&sql, ") u GROUP BY actor ORDER BY 4 DESC, 1 LIMIT ?");
        sd_sql_param_int(&p, top_n);
    } else if (kind == SAYDO_AGG_DYADS && both) {
        sd_buf_printf(&sql,
                      "SELECT LEAST(%1$ssource, %1$starget) AS a, GREATEST(%1$ssource, %1$starget)"
                      " AS b, 0,"
                      " COALESCE(sum(CASE WHEN %1$ssource <= %1$starget THEN %3$s END), 0),"
                      " COALESCE(sum(CASE WHEN %1$ssource <= %1$starget THEN %4$s END), 0), 0,"
                      " COALESCE(sum(CASE WHEN %1$ssource > %1$starget THEN %3$s END), 0),"
                      " COALESCE(sum(CASE WHEN %1$ssource > %1$starget THEN %4$s END), 0), 0,"
                      " sum(%3$s)%2$s AND %1$ssource <> '' AND %1$starget <> ''",
                      x, from, w, g);
        sd_sql_where(&sql, &p, f, f->raw, SD_SQL_POSTGRES);
        sd_buf_puts(&sql, " GROUP BY 1, 2 ORDER BY 10 DESC, 1, 2 LIMIT ?");
        sd_sql_param_int(&p, top_n);
    } else if (kind == SAYDO_AGG_DYADS) {
        sd_buf_printf(&sql,
                      "SELECT %1$ssource, %1$starget, 0, sum(%3$s), COALESCE(sum(%4$s), 0),"
                      " 0, 0, 0, 0%2$s AND %1$ssource <> '' AND %1$starget <> ''",
                      x, from, w, g);
        sd_sql_where(&sql, &p, f, f->raw, SD_SQL_POSTGRES);
        sd_buf_puts(&sql, " GROUP BY 1, 2 ORDER BY 4 DESC, 1, 2 LIMIT ?");
        sd_sql_param_int(&p, top_n);
    } else if (kind == SAYDO_AGG_COUNTRIES) {
        sd_buf_printf(&sql,
                      "SELECT %1$scountry, '', 0, count(*), COALESCE(sum(%1$sgoldstein), 0), 0, 0,"
                      " 0, 0%2$s AND %1$scountry <> ''",
                      x, from);
        sd_sql_where(&sql, &p, f, f->raw, SD_SQL_POSTGRES);
        sd_buf_puts(&sql, " GROUP BY 1 ORDER BY 4 DESC, 1");
    } else if (monthly) {
        sd_buf_printf(&sql, "SELECT e.month, '', e.quad, sum(e.n), COALESCE(sum(e.goldstein), 0),"
                            " 0, 0, 0, 0 FROM %s e WHERE e.n > 0",
                      all_actors ? "month_totals" : "dyad_months");
        sd_sql_where(&sql, &p, f, 0, SD_SQL_POSTGRES);
        sd_buf_puts(&sql, " GROUP BY 1, 3 ORDER BY 1, 3");
    } else {
        char period[128];
        if (kind == SAYDO_AGG_DAY)
            snprintf(period, sizeof period, "%sdate", x);
        else if (kind == SAYDO_AGG_WEEK)
            snprintf(period, sizeof period,
                     "to_char(date_trunc('week', %sdate::date), 'YYYY-MM-DD')", x);
        else
            snprintf(period, sizeof period, "substr(%sdate, 1, 7)", x);
        sd_buf_printf(&sql,
                      "SELECT %s, '', %squad, count(*), COALESCE(sum(%sgoldstein), 0), 0, 0,"
                      " 0, 0%s AND %sdate <> ''",
                      period, x, x, from, x);
        sd_sql_where(&sql, &p, f, f->raw, SD_SQL_POSTGRES);
        sd_buf_puts(&sql, " GROUP BY 1, 3 ORDER BY 1, 3");
    }
    int rc = query_rows(s, &sql, &p, out, err);
    sd_buf_free(&sql);
    return rc;
}

static saydo_span column_span(const PGresult *res, int row, int col)
{
    saydo_span span = {0, 0};
    if (PQgetisnull(res, row, col) || PQgetisnull(res, row, col + 1))
        return span;
    long long start = get_int(res, row, col), end = get_int(res, row, col + 1);
    if (start >= 0 && end > start) {
        span.start = (size_t)start;
        span.end = (size_t)end;
    }
    return span;
}

/* A location from columns col.. (precision, name, country, admin1, lat,
 * lon, adm1), as stored by put_location; NONE for a NULL precision. */
static void column_location(const PGresult *res, int row, int col, saydo_location *loc,
                            const char **adm1)
{
    memset(loc, 0, sizeof *loc);
    loc->precision = (saydo_geo_precision)get_int(res, row, col);
    loc->name = get_text(res, row, col + 1);
    loc->country = get_text(res, row, col + 2);
    loc->admin1 = get_text(res, row, col + 3);
    loc->lat = get_double(res, row, col + 4);
    loc->lon = get_double(res, row, col + 5);
    *adm1 = get_text(res, row, col + 6);
}

static int pg_next(saydo_store_rows *rows, saydo_error *err)
{
    (void)err;
    pg_rows *r = (pg_rows *)rows;
    if (r->at >= r->n)
        return 0;
    const PGresult *st = r->res;
    int i = r->at++;
    saydo_store_row *row = &rows->row;
    memset(row, 0, sizeof *row);
    row->event_id = get_int(st, i, 0);
    row->mention_id = get_int(st, i, 1);
    row->date = get_text(st, i, 2);
    row->source = get_text(st, i, 3);
    row->target = get_text(st, i, 4);
    row->cameo = get_text(st, i, 5);
    row->root = get_text(st, i, 6);
    row->quad = (saydo_quad)get_int(st, i, 7);
    row->goldstein = get_double(st, i, 8);
    row->mood = (saydo_mood)get_int(st, i, 9);
    row->num_mentions = (long)get_int(st, i, 10);
    row->num_sources = (long)get_int(st, i, 11);
    row->num_articles = (long)get_int(st, i, 12);
    row->location.precision = (saydo_geo_precision)get_int(st, i, 13);
    row->location.name = get_text(st, i, 14);
    row->location.country = get_text(st, i, 15);
    row->location.admin1 = get_text(st, i, 16);
    row->location.lat = get_double(st, i, 17);
    row->location.lon = get_double(st, i, 18);
    row->date_intended = get_text(st, i, 19);
    row->article = get_text(st, i, 20);
    row->url = get_text(st, i, 21);
    row->outlet = get_text(st, i, 22);
    row->title = get_text(st, i, 23);
    row->sentence = (long)get_int(st, i, 24);
    row->sentence_text = get_text(st, i, 25);
    row->attribution = get_text(st, i, 26);
    row->pattern = get_text(st, i, 27);
    row->confidence = get_double(st, i, 28);
    row->plover = get_text(st, i, 29);
    row->source_span = column_span(st, i, 30);
    row->target_span = column_span(st, i, 32);
    row->verb_span = column_span(st, i, 34);
    row->source_text = get_text(st, i, 36);
    row->target_text = get_text(st, i, 37);
    row->source_name = get_text(st, i, 38);
    row->target_name = get_text(st, i, 39);
    row->event_name = get_text(st, i, 40);
    row->plover_mode = get_text(st, i, 41);
    row->plover_context = get_text(st, i, 42);
    row->added = get_text(st, i, 43);
    row->location_adm1 = get_text(st, i, 44);
    column_location(st, i, 45, &row->source_location, &row->source_location_adm1);
    column_location(st, i, 52, &row->target_location, &row->target_location_adm1);
    row->avg_tone = PQgetisnull(st, i, 59) ? NAN : get_double(st, i, 59);
    return 1;
}

static int pg_next_agg(saydo_store_rows *rows, saydo_error *err)
{
    (void)err;
    pg_rows *r = (pg_rows *)rows;
    if (r->at >= r->n)
        return 0;
    const PGresult *st = r->res;
    int i = r->at++;
    saydo_store_agg_row *a = &rows->agg;
    memset(a, 0, sizeof *a);
    a->key = get_text(st, i, 0);
    a->key2 = get_text(st, i, 1);
    a->quad = (saydo_quad)get_int(st, i, 2);
    a->count = (long)get_int(st, i, 3);
    a->goldstein_sum = get_double(st, i, 4);
    a->count2 = (long)get_int(st, i, 6);
    a->goldstein_sum2 = get_double(st, i, 7);
    a->goldstein_mean = a->count ? a->goldstein_sum / (double)a->count : 0.0;
    a->goldstein_mean2 = a->count2 ? a->goldstein_sum2 / (double)a->count2 : 0.0;
    return 1;
}

static long long pg_data_version(saydo_store *store)
{
    pg_store *s = (pg_store *)store;
    PGresult *res = PQexec(s->conn, "SELECT value FROM saydo_meta WHERE key = 'data_version'");
    long long v = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1
                      ? strtoll(PQgetvalue(res, 0, 0), NULL, 10)
                      : -1;
    PQclear(res);
    return v;
}

static const sd_store_ops pg_ops = {
    "postgresql", pg_close,       pg_begin,        pg_commit,        pg_rollback,
    pg_savepoint, pg_in_transaction, pg_put,       pg_contains,      pg_query,
    pg_aggregate, pg_next,        pg_next_agg,     pg_rows_free,     pg_get_event,
    pg_next_mention, pg_summary,  pg_data_version};
