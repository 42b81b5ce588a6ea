/*
 * store_sqlite.c -- the SQLite backend of the event store (store.h).
 *
 * One file, WAL journal, schema version in PRAGMA user_version and a
 * saydo_meta table that says the file is a saydo store (docs/schema.md).
 * Each article is stored in one IMMEDIATE transaction: a crash, a kill -9
 * or a full disk leaves either all of it or none of it.
 *
 * One event from many reports (docs/store.md): a new mention joins the
 * event with the same source, target, CAMEO root and mood whose date is
 * within window_days and whose location country agrees (or either is
 * unknown); the nearest such event wins, ties to the oldest.  Otherwise it
 * starts a new event.  NumMentions, NumArticles and NumSources are
 * recounted for each event an article touches.  The summary tables
 * (dyad_counts, ..., actor_totals) are kept by this writer: the changes
 * of a transaction's events are gathered (store_tally.c) and each changed
 * summary row is written once, just before COMMIT.
 *
 * All values are bound parameters; the SQL text is built only from the
 * constant fragments in this file.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "arena.h"
#include "buf.h"
#include "error.h"
#include "store.h"
#include "store_sql.h"

#define SD_SCHEMA_VERSION 4

static const char schema_sql[] =
    "CREATE TABLE saydo_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE articles("
    "  id INTEGER PRIMARY KEY, ext_id TEXT NOT NULL UNIQUE, hash TEXT NOT NULL,"
    "  url TEXT NOT NULL, outlet TEXT NOT NULL, date TEXT NOT NULL, title TEXT NOT NULL,"
    "  file TEXT NOT NULL, line INTEGER NOT NULL, ingested TEXT NOT NULL);"
    "CREATE INDEX articles_hash ON articles(hash);"
    "CREATE TABLE article_hashes(hash TEXT PRIMARY KEY, article INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE sentences("
    "  article INTEGER NOT NULL, idx INTEGER NOT NULL, paragraph INTEGER NOT NULL,"
    "  kind INTEGER NOT NULL, start INTEGER NOT NULL, \"end\" INTEGER NOT NULL,"
    "  text TEXT NOT NULL, PRIMARY KEY(article, idx)) WITHOUT ROWID;"
    "CREATE TABLE actors(code TEXT PRIMARY KEY, country TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE locations("
    "  id INTEGER PRIMARY KEY, precision INTEGER NOT NULL, name TEXT NOT NULL,"
    "  country TEXT NOT NULL, admin1 TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,"
    "  adm1 TEXT NOT NULL DEFAULT '', UNIQUE(precision, name, country, admin1, lat, lon));"
    "CREATE TABLE events("
    "  id INTEGER PRIMARY KEY, day INTEGER NOT NULL, date TEXT NOT NULL,"
    "  source TEXT NOT NULL, target TEXT NOT NULL, cameo TEXT NOT NULL, root TEXT NOT NULL,"
    "  quad INTEGER NOT NULL, goldstein REAL NOT NULL, plover TEXT NOT NULL,"
    "  mood INTEGER NOT NULL, location INTEGER, country TEXT NOT NULL,"
    "  first_mention INTEGER, num_mentions INTEGER NOT NULL, num_sources INTEGER NOT NULL,"
    "  num_articles INTEGER NOT NULL);"
    "CREATE INDEX events_match ON events(source, target, root, mood, day);"
    "CREATE INDEX events_day ON events(day);"
    "CREATE INDEX events_target ON events(target, day);"
    "CREATE TABLE mentions("
    "  id INTEGER PRIMARY KEY, event INTEGER NOT NULL, article INTEGER NOT NULL,"
    "  sentence INTEGER NOT NULL, day INTEGER NOT NULL, date TEXT NOT NULL,"
    "  source TEXT NOT NULL, target TEXT NOT NULL, cameo TEXT NOT NULL, root TEXT NOT NULL,"
    "  quad INTEGER NOT NULL, goldstein REAL NOT NULL, plover TEXT NOT NULL,"
    "  mood INTEGER NOT NULL, location INTEGER, country TEXT NOT NULL,"
    "  date_intended TEXT NOT NULL, attribution TEXT NOT NULL,"
    "  source_start INTEGER, source_end INTEGER, target_start INTEGER, target_end INTEGER,"
    "  verb_start INTEGER, verb_end INTEGER, date_start INTEGER, date_end INTEGER,"
    "  pattern TEXT NOT NULL, confidence REAL NOT NULL,"
    "  source_text TEXT NOT NULL DEFAULT '', target_text TEXT NOT NULL DEFAULT '',"
    "  source_name TEXT NOT NULL DEFAULT '', target_name TEXT NOT NULL DEFAULT '',"
    "  event_name TEXT NOT NULL DEFAULT '', plover_mode TEXT NOT NULL DEFAULT '',"
    "  plover_context TEXT NOT NULL DEFAULT '', source_location INTEGER,"
    "  target_location INTEGER, avg_tone REAL);"
    "CREATE TABLE dyad_counts("
    "  source TEXT NOT NULL, target TEXT NOT NULL, root TEXT NOT NULL, quad INTEGER NOT NULL,"
    "  mood INTEGER NOT NULL, n INTEGER NOT NULL, goldstein REAL NOT NULL,"
    "  PRIMARY KEY(source, target, root, quad, mood)) WITHOUT ROWID;"
    "CREATE TABLE dyad_months("
    "  source TEXT NOT NULL, target TEXT NOT NULL, month TEXT NOT NULL, quad INTEGER NOT NULL,"
    "  mood INTEGER NOT NULL, n INTEGER NOT NULL, goldstein REAL NOT NULL,"
    "  PRIMARY KEY(source, target, month, quad, mood)) WITHOUT ROWID;"
    "CREATE TABLE dyad_totals(source TEXT NOT NULL, target TEXT NOT NULL, n INTEGER NOT NULL,"
    "  goldstein REAL NOT NULL, PRIMARY KEY(source, target)) WITHOUT ROWID;"
    "CREATE INDEX dyad_totals_n ON dyad_totals(n DESC);"
    "CREATE TABLE actor_totals(actor TEXT PRIMARY KEY, n INTEGER NOT NULL,"
    "  goldstein REAL NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX actor_totals_n ON actor_totals(n DESC);"
    "CREATE TABLE month_totals(month TEXT NOT NULL, quad INTEGER NOT NULL, mood INTEGER NOT NULL,"
    "  n INTEGER NOT NULL, goldstein REAL NOT NULL, PRIMARY KEY(month, quad, mood)) WITHOUT ROWID;"
    "CREATE INDEX mentions_event ON mentions(event);"
    "CREATE INDEX mentions_article ON mentions(article);";

/* Upgrades: migration[v] takes a store of schema v + 1 to v + 2, in the
 * same transaction as the new user_version.  Columns are added, never
 * re-purposed (docs/schema.md). */
static const char *const migration[SD_SCHEMA_VERSION - 1] = {
    /* 1 -> 2: the actors in words, the CAMEO code's name and its PLOVER
     * mode and context */
    "ALTER TABLE mentions ADD COLUMN source_text TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE mentions ADD COLUMN target_text TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE mentions ADD COLUMN source_name TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE mentions ADD COLUMN target_name TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE mentions ADD COLUMN event_name TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE mentions ADD COLUMN plover_mode TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE mentions ADD COLUMN plover_context TEXT NOT NULL DEFAULT '';",
    /* 2 -> 3: the summary tables are kept by the writer (store_tally.c),
     * once per changed row and transaction, no longer by triggers once
     * per event */
    "DROP TRIGGER IF EXISTS events_count_insert;"
    "DROP TRIGGER IF EXISTS events_count_delete;",
    /* 3 -> 4: GDELT's ADM1 code of a location, the actors' places and the
     * article's tone of each report */
    "ALTER TABLE locations ADD COLUMN adm1 TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE mentions ADD COLUMN source_location INTEGER;"
    "ALTER TABLE mentions ADD COLUMN target_location INTEGER;"
    "ALTER TABLE mentions ADD COLUMN avg_tone REAL;",
};

enum {
    S_ART_BY_ID, S_ART_BY_HASH, S_HASH_INSERT, S_ART_INSERT, S_ART_UPDATE, S_OLD_EVENTS, S_DEL_MENTIONS,
    S_DEL_SENTENCES, S_SENT_INSERT, S_ACTOR, S_LOC_INSERT, S_LOC_FIND, S_EVENT_FIND,
    S_EVENT_INSERT, S_MENTION_INSERT, S_EVENT_RECOUNT, S_EVENT_SET_NEW, S_EVENT_DELETE_EMPTY,
    S_BEGIN, S_COMMIT,
    S_ROLLBACK, S_SAVEPOINT, S_RELEASE, S_ROLLBACK_TO, S_TALLY, /* S_TALLY + SD_TALLY_* */
    S_COUNT = S_TALLY + 5
};

/* A Goldstein sum in the summary tables, made canonical: rounded to the
 * nearest millionth (Goldstein values have one decimal), so that the sum
 * is the same double whatever order and batches the events came in. */
#define CANONICAL(x) "round((" x ") * 1000000) / 1000000.0"

static const char *const stmt_sql[S_COUNT] = {
    [S_ART_BY_ID] = "SELECT id, hash FROM articles WHERE ext_id = ?1",
    [S_ART_BY_HASH] = "SELECT article FROM article_hashes WHERE hash = ?1",
    [S_HASH_INSERT] = "INSERT OR IGNORE INTO article_hashes(hash, article) VALUES(?1, ?2)",
    [S_ART_INSERT] = "INSERT INTO articles(ext_id, hash, url, outlet, date, title, file, line,"
                     " ingested) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                     " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
    [S_ART_UPDATE] = "UPDATE articles SET hash = ?2, url = ?3, outlet = ?4, date = ?5,"
                     " title = ?6, file = ?7, line = ?8,"
                     " ingested = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
    [S_OLD_EVENTS] = "SELECT DISTINCT event FROM mentions WHERE article = ?1",
    [S_DEL_MENTIONS] = "DELETE FROM mentions WHERE article = ?1",
    [S_DEL_SENTENCES] = "DELETE FROM sentences WHERE article = ?1",
    [S_SENT_INSERT] = "INSERT INTO sentences(article, idx, paragraph, kind, start, \"end\", text)"
                      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [S_ACTOR] = "INSERT OR IGNORE INTO actors(code, country) VALUES(?1, ?2)",
    /* a place stored before its ADM1 code was known gets it */
    [S_LOC_INSERT] = "INSERT INTO locations(precision, name, country, admin1, lat, lon, adm1)"
                     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                     " ON CONFLICT(precision, name, country, admin1, lat, lon)"
                     " DO UPDATE SET adm1 = excluded.adm1 WHERE adm1 = '' AND excluded.adm1 <> ''",
    [S_LOC_FIND] = "SELECT id FROM locations WHERE precision = ?1 AND name = ?2 AND country = ?3"
                   " AND admin1 = ?4 AND lat = ?5 AND lon = ?6",
    [S_EVENT_FIND] = "SELECT id FROM events WHERE source = ?1 AND target = ?2 AND root = ?3"
                     " AND mood = ?4 AND day BETWEEN ?5 AND ?6"
                     " AND (?7 = '' OR country = '' OR country = ?7)"
                     " ORDER BY abs(day - ?8), id LIMIT 1",
    [S_EVENT_INSERT] = "INSERT INTO events(day, date, source, target, cameo, root, quad,"
                       " goldstein, plover, mood, location, country, num_mentions, num_sources,"
                       " num_articles) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                       " 0, 0, 0)",
    [S_MENTION_INSERT] = "INSERT INTO mentions(event, article, sentence, day, date, source,"
                         " target, cameo, root, quad, goldstein, plover, mood, location, country,"
                         " date_intended, attribution, source_start, source_end, target_start,"
                         " target_end, verb_start, verb_end, date_start, date_end, pattern,"
                         " confidence, source_text, target_text, source_name, target_name,"
                         " event_name, plover_mode, plover_context, source_location,"
                         " target_location, avg_tone) VALUES(?1, ?2, ?3, ?4, ?5,"
                         " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,"
                         " ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34,"
                         " ?35, ?36, ?37)",
    /* one pass over the event's mentions for all four counts */
    [S_EVENT_RECOUNT] =
        "UPDATE events SET (num_mentions, num_articles, num_sources, first_mention) ="
        " (SELECT count(*), count(DISTINCT m.article),"
        "  max(1, count(DISTINCT NULLIF(a.outlet, ''))), min(m.id)"
        "  FROM mentions m JOIN articles a ON a.id = m.article WHERE m.event = ?1)"
        " WHERE id = ?1",
    [S_EVENT_SET_NEW] = "UPDATE events SET num_mentions = ?2, num_articles = 1,"
                        " num_sources = 1, first_mention = ?3 WHERE id = ?1",
    [S_EVENT_DELETE_EMPTY] = "DELETE FROM events WHERE id = ?1 AND num_mentions = 0"
                             " RETURNING source, target, root, quad, mood, date, goldstein",
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_COMMIT] = "COMMIT",
    [S_ROLLBACK] = "ROLLBACK",
    [S_SAVEPOINT] = "SAVEPOINT article",
    [S_RELEASE] = "RELEASE article",
    [S_ROLLBACK_TO] = "ROLLBACK TO article",
    /* the summary tables: ?1.. the key, then the change to n and goldstein */
    [S_TALLY + SD_TALLY_DYAD_COUNTS] =
        "INSERT INTO dyad_counts(source, target, root, quad, mood, n, goldstein)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, " CANONICAL("?7") ")"
        " ON CONFLICT(source, target, root, quad, mood)"
        " DO UPDATE SET n = n + excluded.n, goldstein = " CANONICAL("goldstein + excluded.goldstein"),
    [S_TALLY + SD_TALLY_DYAD_MONTHS] =
        "INSERT INTO dyad_months(source, target, month, quad, mood, n, goldstein)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, " CANONICAL("?7") ")"
        " ON CONFLICT(source, target, month, quad, mood)"
        " DO UPDATE SET n = n + excluded.n, goldstein = " CANONICAL("goldstein + excluded.goldstein"),
    [S_TALLY + SD_TALLY_DYAD_TOTALS] =
        "INSERT INTO dyad_totals(source, target, n, goldstein) VALUES(?1, ?2, ?6, "
        CANONICAL("?7") ")"
        " ON CONFLICT(source, target)"
        " DO UPDATE SET n = n + excluded.n, goldstein = " CANONICAL("goldstein + excluded.goldstein"),
    [S_TALLY + SD_TALLY_MONTH_TOTALS] =
        "INSERT INTO month_totals(month, quad, mood, n, goldstein) VALUES(?1, ?4, ?5, ?6, "
        CANONICAL("?7") ")"
        " ON CONFLICT(month, quad, mood)"
        " DO UPDATE SET n = n + excluded.n, goldstein = " CANONICAL("goldstein + excluded.goldstein"),
    [S_TALLY + SD_TALLY_ACTOR_TOTALS] =
        "INSERT INTO actor_totals(actor, n, goldstein) VALUES(?1, ?6, " CANONICAL("?7") ")"
        " ON CONFLICT(actor)"
        " DO UPDATE SET n = n + excluded.n, goldstein = " CANONICAL("goldstein + excluded.goldstein"),
};

/* An event the article being stored touched: its counts are set after
 * the article's mentions are in. */
typedef struct touched_event {
    int64_t event;
    int created;               /* 1: made by this article, which holds all
                                  its mentions: counts known without a scan */
    long long mentions;        /* the article's mentions of it             */
    int64_t first;             /* the first of them                        */
    size_t slot;               /* its place in touched_slot                */
} touched_event;

typedef struct sqlite_store {
    struct saydo_store base;
    sqlite3 *db;
    char *path;
    int read_only;
    int window_days;
    int schema;                 /* the file's schema version (1 read-only:
                                   the columns of 2 read as '') */
    sqlite3_stmt *stmt[S_COUNT];
    long query_ms;              /* a query's time limit, 0 none */
    long long deadline_ms;      /* the running query's, 0 none (writes) */
    touched_event *touched;     /* events an article's put touched */
    size_t ntouched, cap_touched;
    size_t *touched_slot;       /* 1 + index into touched by event id, 0
                                   empty; cap_touched * 2 slots */
    sd_tally *tally;            /* the transaction's summary changes (writers) */
} sqlite_store;

typedef struct sqlite_rows {
    struct saydo_store_rows base;
    sqlite_store *store;
    sqlite3_stmt *stmt;
    sqlite3_stmt *mentions;     /* get_event: the event's mentions, or NULL */
    int both;
} sqlite_rows;

static const sd_store_ops sqlite_ops;
static const char *col_text(sqlite3_stmt *st, int i);

static long long monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* SQLite's progress handler: non-zero interrupts the statement running
 * (SQLITE_INTERRUPT) once the query's deadline has passed. */
static int past_deadline(void *arg)
{
    const sqlite_store *s = arg;
    return s->deadline_ms > 0 && monotonic_ms() > s->deadline_ms;
}

/* A query starts: its time limit runs from now. */
static void start_query(sqlite_store *s)
{
    s->deadline_ms = s->query_ms > 0 ? monotonic_ms() + s->query_ms : 0;
}

/* Fill err from the database's last error; what says what was being done. */
static int db_fail(sqlite_store *s, saydo_error *err, const char *what)
{
    int code = sqlite3_extended_errcode(s->db) & 0xff;
    switch (code) {
    case SQLITE_NOMEM: return sd_error_nomem(err);
    case SQLITE_INTERRUPT:
        return sd_error_set(err, SAYDO_ERR_TIMEOUT, s->path, 0, -1,
                            "query took longer than its limit of %ld ms while %s", s->query_ms,
                            what);
    case SQLITE_FULL:
        return sd_error_set(err, SAYDO_ERR_IO, s->path, 0, -1,
                            "store is full (disk full or size limit reached) while %s; the "
                            "store is as it was before",
                            what);
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
        return sd_error_set(err, SAYDO_ERR_IO, s->path, 0, -1,
                            "store is read-only (cannot write) while %s: %s", what,
                            sqlite3_errmsg(s->db));
    case SQLITE_NOTADB:
        return sd_error_set(err, SAYDO_ERR_IO, s->path, 0, -1,
                            "not a saydo store (not an SQLite database)");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return sd_error_set(err, SAYDO_ERR_IO, s->path, 0, -1,
                            "store is busy (another process is writing) while %s", what);
    default:
        return sd_error_set(err, SAYDO_ERR_IO, s->path, 0, -1, "store error while %s: %s", what,
                            sqlite3_errmsg(s->db));
    }
}

/* Step a prepared statement to completion (no rows wanted). */
static int run_stmt(sqlite_store *s, int which, saydo_error *err, const char *what)
{
    sqlite3_stmt *st = s->stmt[which];
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? 0 : db_fail(s, err, what);
}

static sqlite3_stmt *use(sqlite_store *s, int which)
{
    sqlite3_stmt *st = s->stmt[which];
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    sqlite3_bind_text(st, i, v ? v : "", -1, SQLITE_STATIC);
}

static void bind_span(sqlite3_stmt *st, int i, saydo_span span)
{
    if (span.end > span.start) {
        sqlite3_bind_int64(st, i, (sqlite3_int64)span.start);
        sqlite3_bind_int64(st, i + 1, (sqlite3_int64)span.end);
    } else {
        sqlite3_bind_null(st, i);
        sqlite3_bind_null(st, i + 1);
    }
}

/* ---- open ------------------------------------------------------------- */

static int exec_sql(sqlite_store *s, const char *sql, saydo_error *err, const char *what)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(s, err, what);
    return 0;
}

/* One integer from a constant query; -1 on error (the db's error is kept). */
static long long query_int(sqlite_store *s, const char *sql, int *ok)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    *ok = 0;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK) {
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            v = sqlite3_column_int64(st, 0);
            *ok = 1;
        } else if (rc == SQLITE_DONE) {
            *ok = 1;
        }
    }
    sqlite3_finalize(st);
    return v;
}

static int create_schema(sqlite_store *s, saydo_error *err)
{
    int rc = exec_sql(s, "BEGIN IMMEDIATE", err, "creating the store");
    if (rc)
        return rc;
    int ok;
    long long n = query_int(s, "SELECT count(*) FROM sqlite_master", &ok);
    if (!ok) {
        rc = db_fail(s, err, "creating the store");
    } else if (n == 0) {
        char version[64];
        snprintf(version, sizeof version, "PRAGMA user_version = %d", SD_SCHEMA_VERSION);
        rc = exec_sql(s, schema_sql, err, "creating the store");
        if (!rc)
            rc = exec_sql(s, version, err, "creating the store");
        if (!rc) {
            sqlite3_stmt *st = NULL;
            if (sqlite3_prepare_v2(s->db,
                                   "INSERT INTO saydo_meta(key, value) VALUES"
                                   " ('application', 'saydo'), ('schema', ?1),"
                                   " ('created_by', ?2)",
                                   -1, &st, NULL) != SQLITE_OK) {
                rc = db_fail(s, err, "creating the store");
            } else {
                sqlite3_bind_int(st, 1, SD_SCHEMA_VERSION);
                sqlite3_bind_text(st, 2, "saydo " SAYDO_VERSION_STRING, -1, SQLITE_STATIC);
                if (sqlite3_step(st) != SQLITE_DONE)
                    rc = db_fail(s, err, "creating the store");
            }
            sqlite3_finalize(st);
        }
    }
    if (!rc)
        rc = exec_sql(s, "COMMIT", err, "creating the store");
    if (rc)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* Bring a writable store of an older schema up to SD_SCHEMA_VERSION, one
 * step per transaction (a crash between steps leaves a store of the
 * schema between them, which the next open goes on from). */
static int migrate(sqlite_store *s, saydo_error *err)
{
    while (s->schema < SD_SCHEMA_VERSION) {
        char sql[160];
        int rc = exec_sql(s, "BEGIN IMMEDIATE", err, "upgrading the store");
        if (rc)
            return rc;
        snprintf(sql, sizeof sql,
                 "PRAGMA user_version = %d; UPDATE saydo_meta SET value = '%d'"
                 " WHERE key = 'schema';",
                 s->schema + 1, s->schema + 1);
        rc = exec_sql(s, migration[s->schema - 1], err, "upgrading the store");
        if (!rc)
            rc = exec_sql(s, sql, err, "upgrading the store");
        if (!rc)
            rc = exec_sql(s, "COMMIT", err, "upgrading the store");
        if (rc) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
        s->schema++;
    }
    return 0;
}

/* Refuse files that are not saydo stores, or stores of a newer schema. */
static int check_store(sqlite_store *s, saydo_error *err)
{
    int ok;
    long long n = query_int(s, "SELECT count(*) FROM sqlite_master", &ok);
    if (!ok)
        return db_fail(s, err, "opening the store");
    if (n == 0) {
        if (s->read_only)
            return sd_error_set(err, SAYDO_ERR_IO, s->path, 0, -1,
                                "no saydo store here (empty file); run 'saydo ingest' first");
        if (exec_sql(s, "PRAGMA journal_mode = WAL", err, "creating the store"))
            return db_fail(s, err, "creating the store");
        int rc = create_schema(s, err);
        if (rc)
            return rc;
    }
    sqlite3_stmt *st = NULL;
    int is_saydo = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM saydo_meta WHERE key = 'application'", -1,
                           &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        is_saydo = v && strcmp(v, "saydo") == 0;
    }
    sqlite3_finalize(st);
    if (!is_saydo)
        return sd_error_set(err, SAYDO_ERR_IO, s->path, 0, -1,
                            "not a saydo store (an SQLite database without saydo's "
                            "saydo_meta table); refusing to touch it");
    long long version = query_int(s, "PRAGMA user_version", &ok);
    if (!ok)
        return db_fail(s, err, "opening the store");
    if (version > SD_SCHEMA_VERSION)
        return sd_error_set(err, SAYDO_ERR_IO, s->path, 0, -1,
                            "store schema version %lld is newer than this saydo understands "
                            "(%d); use a newer saydo",
                            version, SD_SCHEMA_VERSION);
    if (version < 1)
        return sd_error_set(err, SAYDO_ERR_IO, s->path, 0, -1,
                            "not a saydo store (schema version %lld)", version);
    s->schema = (int)version;
    return s->read_only ? 0 : migrate(s, err);
}

static void sqlite_close(saydo_store *store)
{
    sqlite_store *s = (sqlite_store *)store;
    for (int i = 0; i < S_COUNT; i++)
        sqlite3_finalize(s->stmt[i]);
    sqlite3_close_v2(s->db);
    sd_tally_free(s->tally);
    free(s->touched_slot);
    free(s->touched);
    free(s->path);
    free(s);
}

/* The files a store is made of: the database and SQLite's companions. */
static const char *const store_suffix[4] = {"", "-wal", "-shm", "-journal"};

/* Which of the store's files exist now: bit i for store_suffix[i]. */
static unsigned store_files_present(const char *path)
{
    unsigned present = 0;
    char name[PATH_MAX];
    struct stat st;
    for (unsigned i = 0; i < 4; i++)
        if (snprintf(name, sizeof name, "%s%s", path, store_suffix[i]) >= (int)sizeof name ||
            lstat(name, &st) == 0)
            present |= 1u << i; /* a name too long is never touched */
    return present;
}

/* After a failed attempt to create a store at path: remove the files the
 * attempt made (those not in before), so that a full disk does not leave
 * an empty store behind.  The database only if it is still the file this
 * attempt made (made: its device and inode). */
static void remove_made_files(const char *path, unsigned before, const struct stat *made)
{
    char name[PATH_MAX];
    struct stat st;
    if ((before & 1u) || lstat(path, &st) != 0 || st.st_dev != made->st_dev ||
        st.st_ino != made->st_ino)
        return;
    for (unsigned i = 0; i < 4; i++)
        if (!(before & (1u << i)) &&
            snprintf(name, sizeof name, "%s%s", path, store_suffix[i]) < (int)sizeof name)
            unlink(name);
}

/* Another process holds the write lock: wait for it, 1 ms at a time, up
 * to 5 s.  (SQLite's own busy timeout sleeps up to 100 ms a time, so that
 * several writers -- saydo workers on one file -- mostly sleep.) */
static int busy_wait(void *arg, int count)
{
    (void)arg;
    if (count >= 5000)
        return 0;
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
    return 1;
}

int sd_store_sqlite_open(const char *path, const saydo_store_options *opts, saydo_store **out,
                         saydo_error *err)
{
    sqlite_store *s = sd_calloc(1, sizeof *s);
    if (!s)
        return sd_error_nomem(err);
    s->base.ops = &sqlite_ops;
    s->read_only = opts->read_only;
    s->window_days = opts->window_days;
    s->query_ms = opts->version >= 2 ? opts->query_ms : 0;
    s->path = sd_malloc(strlen(path) + 1);
    if (!s->path) {
        free(s);
        return sd_error_nomem(err);
    }
    strcpy(s->path, path);
    struct stat st;
    if (s->read_only && stat(path, &st) != 0) {
        free(s->path);
        free(s);
        return sd_error_set(err, SAYDO_ERR_IO, path, 0, -1,
                            "no saydo store here; make one with 'saydo ingest --db %s'", path);
    }
    /* what was there before: a failed creation removes only what it made */
    unsigned before = s->read_only ? 15u : store_files_present(path);
    struct stat made;
    int flags = s->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (!(before & 1u) && stat(path, &made) != 0)
        before |= 1u; /* nothing made, or not where we can see it: touch nothing */
    if (rc != SQLITE_OK) {
        if (!s->db) {
            free(s->path);
            free(s);
            return sd_error_nomem(err);
        }
        rc = sd_error_set(err, SAYDO_ERR_IO, path, 0, -1, "cannot open store: %s",
                          sqlite3_errmsg(s->db));
        sqlite_close(&s->base);
        if (!(before & 1u))
            remove_made_files(path, before, &made);
        return rc;
    }
    sqlite3_busy_handler(s->db, busy_wait, NULL);
    sqlite3_extended_result_codes(s->db, 1);
    if (s->query_ms > 0)
        sqlite3_progress_handler(s->db, 1000, past_deadline, s);
    rc = check_store(s, err);
    if (!rc && !s->read_only && sqlite3_db_readonly(s->db, "main") == 1)
        rc = sd_error_set(err, SAYDO_ERR_IO, path, 0, -1,
                          "store is read-only (cannot write to the file or its folder)");
    if (!rc && !s->read_only)
        rc = exec_sql(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                      " PRAGMA wal_autocheckpoint = 16384;", err,
                      "opening the store");
    /* temporary b-trees (DISTINCT, ORDER BY, statement journals) in memory
     * rather than in files; a 64 MB page cache rather than 2 MB */
    if (!rc)
        rc = exec_sql(s, "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;", err,
                      "opening the store");
    if (!rc && opts->max_bytes > 0) {
        int ok;
        long long page = query_int(s, "PRAGMA page_size", &ok);
        char sql[96];
        snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld",
                 ok && page > 0 ? opts->max_bytes / page + 1 : opts->max_bytes / 4096 + 1);
        rc = exec_sql(s, sql, err, "opening the store");
    }
    if (!rc && !s->read_only && !(s->tally = sd_tally_new()))
        rc = sd_error_nomem(err);
    /* a read-only store of an older schema is never written: its missing
     * columns must not fail the insert's preparation */
    for (int i = 0; i < S_COUNT && !rc; i++)
        if (((i != S_MENTION_INSERT && i != S_LOC_INSERT) || s->schema == SD_SCHEMA_VERSION) &&
            sqlite3_prepare_v3(s->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[i],
                               NULL) != SQLITE_OK)
            rc = db_fail(s, err, "preparing statements");
    if (rc) {
        sqlite_close(&s->base);
        if (!(before & 1u))
            remove_made_files(path, before, &made);
        return rc;
    }
    *out = &s->base;
    return 0;
}

/* ---- transactions and puts -------------------------------------------- */

static int sqlite_begin(saydo_store *store, saydo_error *err)
{
    sqlite_store *s = (sqlite_store *)store;
    if (s->read_only)
        return sd_error_set(err, SAYDO_ERR_IO, s->path, 0, -1,
                            "store was opened read-only; nothing was written");
    s->deadline_ms = 0; /* writes are never cut short */
    return run_stmt(s, S_BEGIN, err, "starting a transaction");
}

/* Write the transaction's summary changes (store_tally.c) and forget
 * them; the writes are part of the transaction. */
static int flush_tally(sqlite_store *s, saydo_error *err)
{
    if (!s->tally)
        return 0;
    for (size_t i = 0; i < sd_tally_count(s->tally); i++) {
        const sd_tally_row *row = sd_tally_row_at(s->tally, i);
        long long n = row->n + row->n_article;
        double g = row->g + row->g_article;
        if (n == 0 && g == 0)
            continue;
        int which = S_TALLY + row->table;
        sqlite3_stmt *st = use(s, which);
        bind_text(st, 1, row->a);
        bind_text(st, 2, row->b);
        bind_text(st, 3, row->c);
        sqlite3_bind_int(st, 4, row->quad);
        sqlite3_bind_int(st, 5, row->mood);
        sqlite3_bind_int64(st, 6, n);
        sqlite3_bind_double(st, 7, g);
        int rc = run_stmt(s, which, err, "counting events");
        if (rc)
            return rc;
    }
    sd_tally_clear(s->tally);
    return 0;
}

static int sqlite_commit(saydo_store *store, saydo_error *err)
{
    sqlite_store *s = (sqlite_store *)store;
    int rc = flush_tally(s, err);
    return rc ? rc : run_stmt(s, S_COMMIT, err, "committing");
}

static void sqlite_rollback(saydo_store *store)
{
    sqlite_store *s = (sqlite_store *)store;
    if (s->tally)
        sd_tally_clear(s->tally);
    if (!sqlite3_get_autocommit(s->db))
        run_stmt(s, S_ROLLBACK, NULL, "rolling back");
}

static int sqlite_savepoint(saydo_store *store, int what, saydo_error *err)
{
    sqlite_store *s = (sqlite_store *)store;
    if (what == SD_SAVEPOINT_BEGIN)
        return run_stmt(s, S_SAVEPOINT, err, "starting an article");
    if (what == SD_SAVEPOINT_RELEASE) {
        int rc = run_stmt(s, S_RELEASE, err, "ending an article");
        if (!rc && s->tally)
            sd_tally_keep(s->tally);
        return rc;
    }
    if (s->tally)
        sd_tally_drop_article(s->tally);
    int rc = run_stmt(s, S_ROLLBACK_TO, err, "rolling an article back");
    return rc ? rc : run_stmt(s, S_RELEASE, err, "rolling an article back");
}

static int sqlite_in_transaction(saydo_store *store)
{
    return !sqlite3_get_autocommit(((sqlite_store *)store)->db);
}

/* The slot of event in touched_slot: where it is, or the empty slot
 * where it goes.  (Linear probing over a table at most half full, so an
 * article with n events costs O(n), not O(n^2).) */
static size_t touched_find(const sqlite_store *s, int64_t event)
{
    size_t mask = s->cap_touched * 2 - 1;
    size_t at = ((uint64_t)event * 0x9e3779b97f4a7c15ULL >> 17) & mask;
    while (s->touched_slot[at] && s->touched[s->touched_slot[at] - 1].event != event)
        at = (at + 1) & mask;
    return at;
}

/* Remember that the article touched event: created by it (created 1),
 * or an event it had before (mention 0) or joins (mention: the new
 * mention's id).  0 or SAYDO_ERR_NOMEM. */
static int touch(sqlite_store *s, int64_t event, int created, int64_t mention)
{
    if (s->cap_touched) {
        size_t at = touched_find(s, event);
        if (s->touched_slot[at]) {
            s->touched[s->touched_slot[at] - 1].mentions += mention != 0;
            return 0;
        }
    }
    if (s->ntouched == s->cap_touched) {
        size_t cap = s->cap_touched ? s->cap_touched * 2 : 64;
        touched_event *p = sd_realloc(s->touched, cap * sizeof *p);
        if (!p)
            return SAYDO_ERR_NOMEM;
        s->touched = p;
        size_t *slot = sd_calloc(cap * 2, sizeof *slot);
        if (!slot)
            return SAYDO_ERR_NOMEM;
        free(s->touched_slot);
        s->touched_slot = slot;
        s->cap_touched = cap;
        for (size_t i = 0; i < s->ntouched; i++) {
            size_t at = touched_find(s, s->touched[i].event);
            s->touched_slot[at] = i + 1;
            s->touched[i].slot = at;
        }
    }
    size_t at = touched_find(s, event);
    touched_event te = {event, created, mention != 0, mention, at};
    s->touched_slot[at] = s->ntouched + 1;
    s->touched[s->ntouched++] = te;
    return 0;
}

/* Remove an article's sentences and mentions, remembering their events. */
static int clear_article(sqlite_store *s, int64_t article, saydo_error *err)
{
    sqlite3_stmt *st = use(s, S_OLD_EVENTS);
    sqlite3_bind_int64(st, 1, article);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (touch(s, sqlite3_column_int64(st, 0), 0, 0) != 0)
            return sd_error_nomem(err);
    if (rc != SQLITE_DONE)
        return db_fail(s, err, "replacing an article");
    sqlite3_bind_int64(use(s, S_DEL_MENTIONS), 1, article);
    if ((rc = run_stmt(s, S_DEL_MENTIONS, err, "replacing an article")) != 0)
        return rc;
    sqlite3_bind_int64(use(s, S_DEL_SENTENCES), 1, article);
    return run_stmt(s, S_DEL_SENTENCES, err, "replacing an article");
}

static void bind_article(sqlite3_stmt *st, const saydo_article *article, const char *ext_id,
                         const char *hash)
{
    bind_text(st, 1, ext_id);
    bind_text(st, 2, hash);
    bind_text(st, 3, saydo_article_url(article));
    bind_text(st, 4, saydo_article_outlet(article));
    bind_text(st, 5, saydo_article_date(article));
    bind_text(st, 6, saydo_article_title(article));
    bind_text(st, 7, saydo_article_file(article));
    sqlite3_bind_int64(st, 8, saydo_article_line(article));
}

static int put_location(sqlite_store *s, const saydo_location *loc, const char *adm1, int64_t *id,
                        saydo_error *err)
{
    for (int which = S_LOC_INSERT; which <= S_LOC_FIND; which++) {
        sqlite3_stmt *st = use(s, which);
        sqlite3_bind_int(st, 1, (int)loc->precision);
        bind_text(st, 2, loc->name);
        bind_text(st, 3, loc->country);
        bind_text(st, 4, loc->admin1);
        sqlite3_bind_double(st, 5, loc->lat);
        sqlite3_bind_double(st, 6, loc->lon);
        if (which == S_LOC_INSERT)
            bind_text(st, 7, adm1 ? adm1 : "");
        int rc = sqlite3_step(st);
        if (which == S_LOC_FIND && rc == SQLITE_ROW)
            *id = sqlite3_column_int64(st, 0);
        else if (rc != SQLITE_DONE)
            return db_fail(s, err, "storing a location");
        sqlite3_reset(st);
    }
    return 0;
}

static int put_actor(sqlite_store *s, const char *code, saydo_error *err)
{
    if (!code || !*code)
        return 0;
    char country[4] = "";
    if (strlen(code) >= 3)
        memcpy(country, code, 3);
    sqlite3_stmt *st = use(s, S_ACTOR);
    bind_text(st, 1, code);
    bind_text(st, 2, country);
    return run_stmt(s, S_ACTOR, err, "storing an actor");
}

/* The columns an event row and a mention row share, in the same order in
 * both statements: day, date, source, target, cameo, root, quad, goldstein,
 * plover, mood, location, country. */
typedef struct coded_row {
    long day;
    const char *date;
    const saydo_event *ev;
    const char *root;
    int quad;
    double goldstein;
    const char *plover;
    int has_loc;
    int64_t loc;
    const char *country;
} coded_row;

/* Bind the shared columns of c to parameters at, at + 1, ... at + 11. */
static void bind_coded(sqlite3_stmt *st, int at, const coded_row *c)
{
    sqlite3_bind_int64(st, at, c->day);
    bind_text(st, at + 1, c->date);
    bind_text(st, at + 2, c->ev->source);
    bind_text(st, at + 3, c->ev->target);
    bind_text(st, at + 4, c->ev->cameo);
    bind_text(st, at + 5, c->root);
    sqlite3_bind_int(st, at + 6, c->quad);
    sqlite3_bind_double(st, at + 7, c->goldstein);
    bind_text(st, at + 8, c->plover);
    sqlite3_bind_int(st, at + 9, (int)c->ev->mood);
    if (c->has_loc)
        sqlite3_bind_int64(st, at + 10, c->loc);
    else
        sqlite3_bind_null(st, at + 10);
    bind_text(st, at + 11, c->country);
}

static int put_event(sqlite_store *s, int64_t article, const saydo_article *art,
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
    if ((rc = put_actor(s, ev->source, err)) != 0 || (rc = put_actor(s, ev->target, err)) != 0)
        return rc;
    const coded_row cv = {day, date, ev, root, quad, goldstein, plover, has_loc, loc, country};

    /* one event from many reports */
    sqlite3_stmt *st = use(s, S_EVENT_FIND);
    bind_text(st, 1, ev->source);
    bind_text(st, 2, ev->target);
    bind_text(st, 3, root);
    sqlite3_bind_int(st, 4, (int)ev->mood);
    sqlite3_bind_int64(st, 5, day - s->window_days);
    sqlite3_bind_int64(st, 6, day + s->window_days);
    bind_text(st, 7, country);
    sqlite3_bind_int64(st, 8, day);
    int64_t event = 0;
    int created = 0;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        event = sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_DONE)
        return db_fail(s, err, "matching an event");
    sqlite3_reset(st);
    if (!event) {
        st = use(s, S_EVENT_INSERT);
        bind_coded(st, 1, &cv);
        if ((rc = run_stmt(s, S_EVENT_INSERT, err, "storing an event")) != 0)
            return rc;
        event = sqlite3_last_insert_rowid(s->db);
        created = 1;
        if (sd_tally_event(s->tally, 1, ev->source, ev->target, root, quad, (int)ev->mood, date,
                           goldstein) != 0)
            return sd_error_nomem(err);
    }
    st = use(s, S_MENTION_INSERT);
    sqlite3_bind_int64(st, 1, event);
    sqlite3_bind_int64(st, 2, article);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)ev->sentence);
    bind_coded(st, 4, &cv);
    bind_text(st, 16, ev->date_intended);
    bind_text(st, 17, ev->attribution);
    bind_span(st, 18, ev->source_span);
    bind_span(st, 20, ev->target_span);
    bind_span(st, 22, ev->verb_span);
    bind_span(st, 24, ev->date_span);
    bind_text(st, 26, ev->pattern);
    sqlite3_bind_double(st, 27, ev->confidence);
    bind_text(st, 28, ev->source_text);
    bind_text(st, 29, ev->target_text);
    bind_text(st, 30, ev->source_name);
    bind_text(st, 31, ev->target_name);
    bind_text(st, 32, info && info->name ? info->name : "");
    bind_text(st, 33, info && info->plover_mode ? info->plover_mode : "");
    bind_text(st, 34, info && info->plover_context ? info->plover_context : "");
    if (src_loc)
        sqlite3_bind_int64(st, 35, src_loc);
    else
        sqlite3_bind_null(st, 35);
    if (tgt_loc)
        sqlite3_bind_int64(st, 36, tgt_loc);
    else
        sqlite3_bind_null(st, 36);
    if (isnan(ev->avg_tone))
        sqlite3_bind_null(st, 37);
    else
        sqlite3_bind_double(st, 37, ev->avg_tone);
    if ((rc = run_stmt(s, S_MENTION_INSERT, err, "storing a mention")) != 0)
        return rc;
    if (touch(s, event, created, sqlite3_last_insert_rowid(s->db)) != 0)
        return sd_error_nomem(err);
    return 0;
}

static int sqlite_put(saydo_store *store, const saydo_article *article,
                      const saydo_result *result, saydo_store_status *status, saydo_error *err)
{
    sqlite_store *s = (sqlite_store *)store;
    char hash[33];
    sd_store_article_hash(article, hash);
    const char *ext_id = saydo_article_id(article);
    if (!*ext_id)
        ext_id = hash;
    /* forget the last article's events: their slots only, so that one big
     * article does not make every later one clear a big table */
    for (size_t i = 0; i < s->ntouched; i++)
        s->touched_slot[s->touched[i].slot] = 0;
    s->ntouched = 0;

    /* Content seen before, as this article or another, current or
     * superseded: storing it again would change nothing. */
    sqlite3_stmt *st = use(s, S_ART_BY_HASH);
    bind_text(st, 1, hash);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) {
        *status = SAYDO_STORE_UNCHANGED;
        return 0;
    }
    if (rc != SQLITE_DONE)
        return db_fail(s, err, "looking an article up");

    st = use(s, S_ART_BY_ID);
    bind_text(st, 1, ext_id);
    int64_t id = 0;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        /* the same id with new content: an edit */
        id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        *status = SAYDO_STORE_REPLACED;
        if ((rc = clear_article(s, id, err)) != 0)
            return rc;
        st = use(s, S_ART_UPDATE);
        bind_article(st, article, ext_id, hash);
        sqlite3_bind_int64(st, 1, id);
        if ((rc = run_stmt(s, S_ART_UPDATE, err, "replacing an article")) != 0)
            return rc;
    } else if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
        *status = SAYDO_STORE_ADDED;
        st = use(s, S_ART_INSERT);
        bind_article(st, article, ext_id, hash);
        if ((rc = run_stmt(s, S_ART_INSERT, err, "storing an article")) != 0)
            return rc;
        id = sqlite3_last_insert_rowid(s->db);
    } else {
        sqlite3_reset(st);
        return db_fail(s, err, "looking an article up");
    }
    st = use(s, S_HASH_INSERT);
    bind_text(st, 1, hash);
    sqlite3_bind_int64(st, 2, id);
    if ((rc = run_stmt(s, S_HASH_INSERT, err, "storing an article")) != 0)
        return rc;

    for (size_t i = 0; i < saydo_result_sentence_count(result); i++) {
        const saydo_sentence *sent = saydo_result_sentence(result, i);
        st = use(s, S_SENT_INSERT);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)sent->index);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)sent->paragraph);
        sqlite3_bind_int(st, 4, (int)sent->kind);
        sqlite3_bind_int64(st, 5, (sqlite3_int64)sent->span.start);
        sqlite3_bind_int64(st, 6, (sqlite3_int64)sent->span.end);
        bind_text(st, 7, sent->text);
        if ((rc = run_stmt(s, S_SENT_INSERT, err, "storing a sentence")) != 0)
            return rc;
    }
    for (size_t i = 0; i < saydo_result_event_count(result); i++)
        if ((rc = put_event(s, id, article, saydo_result_event(result, i), err)) != 0)
            return rc;
    for (size_t i = 0; i < s->ntouched; i++) {
        const touched_event *te = &s->touched[i];
        if (te->created) {
            /* all its mentions are this article's: one article, one source */
            st = use(s, S_EVENT_SET_NEW);
            sqlite3_bind_int64(st, 1, te->event);
            sqlite3_bind_int64(st, 2, te->mentions);
            sqlite3_bind_int64(st, 3, te->first);
            if ((rc = run_stmt(s, S_EVENT_SET_NEW, err, "counting mentions")) != 0)
                return rc;
            continue;
        }
        sqlite3_bind_int64(use(s, S_EVENT_RECOUNT), 1, te->event);
        if ((rc = run_stmt(s, S_EVENT_RECOUNT, err, "counting mentions")) != 0)
            return rc;
        if (*status == SAYDO_STORE_ADDED)
            continue; /* only a replaced article's old events can be left empty */
        /* an event left without mentions goes, and out of the summaries */
        st = use(s, S_EVENT_DELETE_EMPTY);
        sqlite3_bind_int64(st, 1, te->event);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            if (sd_tally_event(s->tally, -1, col_text(st, 0), col_text(st, 1), col_text(st, 2),
                               sqlite3_column_int(st, 3), sqlite3_column_int(st, 4),
                               col_text(st, 5), sqlite3_column_double(st, 6)) != 0) {
                sqlite3_reset(st);
                return sd_error_nomem(err);
            }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return db_fail(s, err, "removing an event");
    }
    return 0;
}

static int sqlite_contains(saydo_store *store, const saydo_article *article, saydo_error *err)
{
    sqlite_store *s = (sqlite_store *)store;
    s->deadline_ms = 0;
    char hash[33];
    sd_store_article_hash(article, hash);
    sqlite3_stmt *st = use(s, S_ART_BY_HASH);
    bind_text(st, 1, hash);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE ? 0 : db_fail(s, err, "looking an article up");
}

/* ---- queries ---------------------------------------------------------- */

static int prepare_rows(sqlite_store *s, sd_buf *sql, sd_sql_params *p, int both,
                        saydo_store_rows **out, saydo_error *err)
{
    int rc = 0;
    if (sql->failed || p->failed) {
        sd_sql_params_free(p);
        return sd_error_nomem(err);
    }
    sqlite_rows *r = sd_calloc(1, sizeof *r);
    if (!r) {
        sd_sql_params_free(p);
        return sd_error_nomem(err);
    }
    r->base.ops = &sqlite_ops;
    r->store = s;
    r->both = both;
    if (sqlite3_prepare_v2(s->db, sql->data, -1, &r->stmt, NULL) != SQLITE_OK) {
        rc = db_fail(s, err, "preparing a query");
    } else {
        for (int i = 0; i < p->n; i++) {
            if (p->is_int[i])
                sqlite3_bind_int64(r->stmt, i + 1, p->ival[i]);
            else
                sqlite3_bind_text(r->stmt, i + 1, p->sval[i], -1, SQLITE_TRANSIENT);
        }
    }
    sd_sql_params_free(p);
    if (rc) {
        sqlite3_finalize(r->stmt);
        free(r);
        return rc;
    }
    *out = &r->base;
    return 0;
}

/* The SELECT ... WHERE 1 of a query for events (raw 0) or mentions, on
 * a store of schema version schema. */
static void select_rows(sd_buf *sql, int raw, int schema)
{
    const char *x = raw ? "m." : "e.";
    sd_buf_printf(sql,
                  "SELECT e.id, m.id, %sdate, %ssource, %starget, %scameo, %sroot, %squad,"
                  " %sgoldstein, %smood, e.num_mentions, e.num_sources, e.num_articles,"
                  " l.precision, l.name, l.country, l.admin1, l.lat, l.lon, m.date_intended,"
                  " a.ext_id, a.url, a.outlet, a.title, m.sentence, s.text, m.attribution,"
                  " m.pattern, m.confidence, %splover, m.source_start, m.source_end,"
                  " m.target_start, m.target_end, m.verb_start, m.verb_end, %s, a.ingested",
                  x, x, x, x, x, x, x, x, x,
                  schema >= 2 ? "m.source_text, m.target_text, m.source_name, m.target_name,"
                                " m.event_name, m.plover_mode, m.plover_context"
                              : "'', '', '', '', '', '', ''");
    /* 44..59: schema 4's ADM1 code, the actors' places and the tone */
    sd_buf_puts(sql, schema >= 4 ? ", l.adm1, ls.precision, ls.name, ls.country, ls.admin1, ls.lat,"
                                   " ls.lon, ls.adm1, lt.precision, lt.name, lt.country, lt.admin1,"
                                   " lt.lat, lt.lon, lt.adm1, m.avg_tone"
                                 : ", '', 0, '', '', '', 0, 0, '', 0, '', '', '', 0, 0, '', NULL");
    if (raw)
        sd_buf_puts(sql, " FROM mentions m JOIN events e ON e.id = m.event");
    else
        sd_buf_puts(sql, " FROM events e JOIN mentions m ON m.id = e.first_mention");
    sd_buf_printf(sql,
                  " JOIN articles a ON a.id = m.article LEFT JOIN locations l"
                  " ON l.id = %slocation LEFT JOIN sentences s ON s.article = m.article"
                  " AND s.idx = m.sentence%s WHERE 1",
                  x,
                  schema >= 4 ? " LEFT JOIN locations ls ON ls.id = m.source_location"
                                " LEFT JOIN locations lt ON lt.id = m.target_location"
                              : "");
}

static int sqlite_query(saydo_store *store, const saydo_store_filter *f, saydo_store_rows **out,
                        saydo_error *err)
{
    sqlite_store *s = (sqlite_store *)store;
    start_query(s);
    const char *x = f->raw ? "m." : "e.";
    sd_buf sql = SD_BUF_INIT;
    sd_sql_params p;
    memset(&p, 0, sizeof p);
    select_rows(&sql, f->raw, s->schema);
    if (!f->raw && (f->limit > 0 || f->offset > 0)) {
        /* A page of events: choose its ids from events alone (an index
         * often covers the filter and the order), then join the few rows
         * chosen -- not every matching event -- to their first reports. */
        sd_buf_puts(&sql, " AND e.id IN (SELECT e.id FROM events e WHERE 1");
        sd_sql_where(&sql, &p, f, 0, SD_SQL_SQLITE);
        sd_buf_puts(&sql, " ORDER BY e.day, e.id LIMIT ? OFFSET ?)");
        sd_sql_param_int(&p, f->limit > 0 ? f->limit : -1);
        sd_sql_param_int(&p, f->offset);
        sd_buf_puts(&sql, " ORDER BY e.day, e.id");
    } else {
        sd_sql_where(&sql, &p, f, f->raw, SD_SQL_SQLITE);
        sd_buf_printf(&sql, " ORDER BY %sday, %sid", x, x);
        if (f->limit > 0 || f->offset > 0) {
            sd_buf_puts(&sql, " LIMIT ? OFFSET ?");
            sd_sql_param_int(&p, f->limit > 0 ? f->limit : -1);
            sd_sql_param_int(&p, f->offset);
        }
    }
    int rc = prepare_rows(s, &sql, &p, 0, out, err);
    sd_buf_free(&sql);
    return rc;
}

/* The mentions of one event with their articles and sentences; spans are
 * made relative to the sentence by the caller (sqlite_next_mention). */
static const char mentions_sql[] =
    "SELECT m.id, a.ext_id, a.url, a.outlet, a.date, a.title, m.sentence, s.text, s.start,"
    " m.source_start, m.source_end, m.target_start, m.target_end, m.verb_start, m.verb_end,"
    " m.date, m.cameo, m.mood, m.attribution, m.pattern, m.confidence"
    " FROM mentions m JOIN articles a ON a.id = m.article LEFT JOIN sentences s"
    " ON s.article = m.article AND s.idx = m.sentence WHERE m.event = ?1"
    " ORDER BY a.date, m.article, m.sentence, m.id";

static int sqlite_get_event(saydo_store *store, long long event_id, saydo_store_rows **out,
                            saydo_error *err)
{
    sqlite_store *s = (sqlite_store *)store;
    start_query(s);
    sd_buf sql = SD_BUF_INIT;
    sd_sql_params p;
    memset(&p, 0, sizeof p);
    select_rows(&sql, 0, s->schema);
    sd_buf_puts(&sql, " AND e.id = ?");
    sd_sql_param_int(&p, event_id);
    saydo_store_rows *rows = NULL;
    int rc = prepare_rows(s, &sql, &p, 0, &rows, err);
    sd_buf_free(&sql);
    if (rc)
        return rc;
    sqlite_rows *r = (sqlite_rows *)rows;
    /* is it there? peek, then rewind so the caller's first next reads it */
    int found = sqlite3_step(r->stmt);
    if (found != SQLITE_ROW && found != SQLITE_DONE) {
        rc = db_fail(s, err, "reading an event");
    } else if (found == SQLITE_DONE) {
        rc = 0;
    } else {
        sqlite3_reset(r->stmt);
        if (sqlite3_prepare_v2(s->db, mentions_sql, -1, &r->mentions, NULL) != SQLITE_OK) {
            rc = db_fail(s, err, "preparing a query");
        } else {
            sqlite3_bind_int64(r->mentions, 1, event_id);
            *out = rows;
            return 1;
        }
    }
    sqlite3_finalize(r->mentions);
    sqlite3_finalize(r->stmt);
    free(r);
    return rc;
}

/* A document span [start, end) made relative to a sentence starting at
 * base whose text is len bytes; 0..0 when unknown or outside it. */
static saydo_span relative_span(sqlite3_stmt *st, int col, long long base, size_t len)
{
    saydo_span none = {0, 0};
    if (sqlite3_column_type(st, col) == SQLITE_NULL ||
        sqlite3_column_type(st, col + 1) == SQLITE_NULL)
        return none;
    long long start = sqlite3_column_int64(st, col) - base;
    long long end = sqlite3_column_int64(st, col + 1) - base;
    if (start < 0 || end <= start || (unsigned long long)end > len)
        return none;
    saydo_span span = {(size_t)start, (size_t)end};
    return span;
}

static int sqlite_next_mention(saydo_store_rows *rows, saydo_error *err)
{
    sqlite_rows *r = (sqlite_rows *)rows;
    if (!r->mentions)
        return 0;
    int rc = sqlite3_step(r->mentions);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc != SQLITE_ROW)
        return db_fail(r->store, err, "reading mentions");
    sqlite3_stmt *st = r->mentions;
    saydo_store_mention *m = &rows->mention;
    memset(m, 0, sizeof *m);
    m->mention_id = sqlite3_column_int64(st, 0);
    m->article = col_text(st, 1);
    m->url = col_text(st, 2);
    m->outlet = col_text(st, 3);
    m->article_date = col_text(st, 4);
    m->title = col_text(st, 5);
    m->sentence = (long)sqlite3_column_int64(st, 6);
    m->sentence_text = col_text(st, 7);
    size_t len = strlen(m->sentence_text);
    if (sqlite3_column_type(st, 8) != SQLITE_NULL) {
        long long base = sqlite3_column_int64(st, 8);
        m->source_span = relative_span(st, 9, base, len);
        m->target_span = relative_span(st, 11, base, len);
        m->verb_span = relative_span(st, 13, base, len);
    }
    m->date = col_text(st, 15);
    m->cameo = col_text(st, 16);
    m->mood = (saydo_mood)sqlite3_column_int(st, 17);
    m->attribution = col_text(st, 18);
    m->pattern = col_text(st, 19);
    m->confidence = sqlite3_column_double(st, 20);
    return 1;
}

static int sqlite_summary(saydo_store *store, saydo_store_summary *out, saydo_error *err)
{
    sqlite_store *s = (sqlite_store *)store;
    start_query(s);
    static const char *const count_sql[3] = {"SELECT count(*) FROM events",
                                             "SELECT count(*) FROM articles",
                                             "SELECT count(*) FROM mentions"};
    long long *counts[3] = {&out->events, &out->articles, &out->mentions};
    for (int i = 0; i < 3; i++) {
        int ok = 0;
        *counts[i] = query_int(s, count_sql[i], &ok);
        if (!ok)
            return db_fail(s, err, "counting");
    }
    static const char *const date_sql[2] = {
        "SELECT date FROM events WHERE date <> '' ORDER BY day LIMIT 1",
        "SELECT date FROM events WHERE date <> '' ORDER BY day DESC LIMIT 1"};
    char *dates[2] = {out->first, out->last};
    for (int i = 0; i < 2; i++) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(s->db, date_sql[i], -1, &st, NULL) != SQLITE_OK)
            return db_fail(s, err, "preparing a query");
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            snprintf(dates[i], 11, "%s", col_text(st, 0));
        sqlite3_finalize(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return db_fail(s, err, "reading dates");
    }
    return 0;
}

static int sqlite_aggregate(saydo_store *store, const saydo_store_filter *f,
                            saydo_store_agg kind, long top_n, int both, saydo_store_rows **out,
                            saydo_error *err)
{
    sqlite_store *s = (sqlite_store *)store;
    /* inside an open batch the summaries must first count its articles */
    if (s->tally && sd_tally_count(s->tally) > 0 && !sqlite3_get_autocommit(s->db)) {
        s->deadline_ms = 0;
        int rc = flush_tally(s, err);
        if (rc)
            return rc;
    }
    start_query(s);
    const char *x = f->raw ? "m." : "e.";
    int summary = (kind == SAYDO_AGG_ACTORS || kind == SAYDO_AGG_DYADS) && sd_sql_summary_serves(f);
    int totals = summary && !(f->root && *f->root) && f->quad <= 0 && f->mood < 0;
    int monthly = kind == SAYDO_AGG_MONTH && sd_sql_summary_serves(f) && !(f->root && *f->root);
    int all_actors = !(f->source && *f->source) && !(f->target && *f->target) &&
                     !(f->dyad_a && *f->dyad_a);
    /* w: how many events a row stands for; g: its Goldstein sum */
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
        from = f->raw ? " FROM mentions m JOIN articles a ON a.id = m.article WHERE 1"
                      : " FROM events e WHERE 1";
        w = "1";
        g = f->raw ? "m.goldstein" : "e.goldstein";
    }
    sd_buf sql = SD_BUF_INIT;
    sd_sql_params p;
    memset(&p, 0, sizeof p);
    if (kind == SAYDO_AGG_ACTORS && totals && all_actors) {
        /* the actor_totals index walks the top actors in order */
        sd_buf_puts(&sql, "SELECT actor, '', 0, n, goldstein, 0, 0, 0, 0 FROM actor_totals"
                          " WHERE n > 0 ORDER BY n DESC, actor LIMIT ?");
        sd_sql_param_int(&p, top_n);
    } else if (kind == SAYDO_AGG_DYADS && !both && totals) {
        /* dyad_totals holds one row per dyad: no grouping; with no actor
         * filter its index walks the top dyads in order */
        sd_buf_puts(&sql, "SELECT e.source, e.target, 0, e.n, e.goldstein, 0, 0, 0, 0"
                          " FROM dyad_totals e WHERE e.n > 0 AND e.source <> ''"
                          " AND e.target <> ''");
        sd_sql_where(&sql, &p, f, 0, SD_SQL_SQLITE);
        sd_buf_puts(&sql, " ORDER BY e.n DESC, 1, 2 LIMIT ?");
        sd_sql_param_int(&p, top_n);
    } else if (kind == SAYDO_AGG_ACTORS) {
        sd_buf_printf(&sql,
                      "SELECT actor, '', 0, sum(w), total(g), 0, 0, 0, 0 FROM ("
                      "SELECT %ssource AS actor, %s AS w, %s AS g%s AND %ssource <> ''",
                      x, w, g, from, x);
        sd_sql_where(&sql, &p, f, f->raw, SD_SQL_SQLITE);
        sd_buf_printf(&sql, " UNION ALL SELECT %starget, %s, %s%s AND %starget <> ''", x, w, g,
                      from, x);
        sd_sql_where(&sql, &p, f, f->raw, SD_SQL_SQLITE);
        sd_buf_puts(&sql, ") GROUP BY actor ORDER BY 4 DESC, 1 LIMIT ?");
        sd_sql_param_int(&p, top_n);
    } else if (kind == SAYDO_AGG_DYADS && both) {
        sd_buf_printf(&sql,
                      "SELECT min(%1$ssource, %1$starget) AS a, max(%1$ssource, %1$starget) AS b,"
                      " 0, total(CASE WHEN %1$ssource <= %1$starget THEN %3$s END),"
                      " total(CASE WHEN %1$ssource <= %1$starget THEN %4$s END), 0,"
                      " total(CASE WHEN %1$ssource > %1$starget THEN %3$s END),"
                      " total(CASE WHEN %1$ssource > %1$starget THEN %4$s END), 0,"
                      " sum(%3$s)%2$s AND %1$ssource <> '' AND %1$starget <> ''",
                      x, from, w, g);
        sd_sql_where(&sql, &p, f, f->raw, SD_SQL_SQLITE);
        sd_buf_puts(&sql, " GROUP BY a, b ORDER BY 10 DESC, 1, 2 LIMIT ?");
        sd_sql_param_int(&p, top_n);
    } else if (kind == SAYDO_AGG_DYADS) {
        sd_buf_printf(&sql,
                      "SELECT %1$ssource, %1$starget, 0, sum(%3$s), total(%4$s), 0, 0, 0, 0"
                      "%2$s AND %1$ssource <> '' AND %1$starget <> ''",
                      x, from, w, g);
        sd_sql_where(&sql, &p, f, f->raw, SD_SQL_SQLITE);
        sd_buf_puts(&sql, " GROUP BY 1, 2 ORDER BY 4 DESC, 1, 2 LIMIT ?");
        sd_sql_param_int(&p, top_n);
    } else if (kind == SAYDO_AGG_COUNTRIES) {
        sd_buf_printf(&sql,
                      "SELECT %1$scountry, '', 0, count(*), total(%1$sgoldstein), 0, 0, 0, 0%2$s"
                      " AND %1$scountry <> ''",
                      x, from);
        sd_sql_where(&sql, &p, f, f->raw, SD_SQL_SQLITE);
        sd_buf_puts(&sql, " GROUP BY 1 ORDER BY 4 DESC, 1");
    } else if (monthly) {
        sd_buf_printf(&sql, "SELECT e.month, '', e.quad, sum(e.n), total(e.goldstein), 0, 0, 0, 0"
                            " FROM %s e WHERE e.n > 0",
                      all_actors ? "month_totals" : "dyad_months");
        sd_sql_where(&sql, &p, f, 0, SD_SQL_SQLITE);
        sd_buf_puts(&sql, " GROUP BY 1, 3 ORDER BY 1, 3");
    } else {
        char period[96];
        if (kind == SAYDO_AGG_DAY)
            snprintf(period, sizeof period, "%sdate", x);
        else if (kind == SAYDO_AGG_WEEK)
            snprintf(period, sizeof period, "date(%sdate, '-6 days', 'weekday 1')", x);
        else
            snprintf(period, sizeof period, "substr(%sdate, 1, 7)", x);
        sd_buf_printf(&sql,
                      "SELECT %s, '', %squad, count(*), total(%sgoldstein), 0, 0, 0, 0%s"
                      " AND %sdate <> ''",
                      period, x, x, from, x);
        sd_sql_where(&sql, &p, f, f->raw, SD_SQL_SQLITE);
        sd_buf_puts(&sql, " GROUP BY 1, 3 ORDER BY 1, 3");
    }
    int rc = prepare_rows(s, &sql, &p, kind == SAYDO_AGG_DYADS && both, out, err);
    sd_buf_free(&sql);
    return rc;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    return v ? v : "";
}

static int step_rows(sqlite_rows *r, saydo_error *err)
{
    int rc = sqlite3_step(r->stmt);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    return db_fail(r->store, err, "reading query results");
}

/* A document span from columns i and i + 1; 0..0 when NULL. */
static saydo_span column_span(sqlite3_stmt *st, int i)
{
    saydo_span span = {0, 0};
    if (sqlite3_column_type(st, i) == SQLITE_NULL || sqlite3_column_type(st, i + 1) == SQLITE_NULL)
        return span;
    long long start = sqlite3_column_int64(st, i), end = sqlite3_column_int64(st, i + 1);
    if (start >= 0 && end > start) {
        span.start = (size_t)start;
        span.end = (size_t)end;
    }
    return span;
}

/* A location from columns i.. (precision, name, country, admin1, lat,
 * lon, adm1), as stored by put_location; NONE for a NULL precision. */
static void column_location(sqlite3_stmt *st, int i, saydo_location *loc, const char **adm1)
{
    memset(loc, 0, sizeof *loc);
    loc->precision = (saydo_geo_precision)sqlite3_column_int(st, i);
    loc->name = col_text(st, i + 1);
    loc->country = col_text(st, i + 2);
    loc->admin1 = col_text(st, i + 3);
    loc->lat = sqlite3_column_double(st, i + 4);
    loc->lon = sqlite3_column_double(st, i + 5);
    *adm1 = col_text(st, i + 6);
}

static int sqlite_next(saydo_store_rows *rows, saydo_error *err)
{
    sqlite_rows *r = (sqlite_rows *)rows;
    int rc = step_rows(r, err);
    if (rc != 1)
        return rc;
    sqlite3_stmt *st = r->stmt;
    saydo_store_row *row = &rows->row;
    memset(row, 0, sizeof *row);
    row->event_id = sqlite3_column_int64(st, 0);
    row->mention_id = sqlite3_column_int64(st, 1);
    row->date = col_text(st, 2);
    row->source = col_text(st, 3);
    row->target = col_text(st, 4);
    row->cameo = col_text(st, 5);
    row->root = col_text(st, 6);
    row->quad = (saydo_quad)sqlite3_column_int(st, 7);
    row->goldstein = sqlite3_column_double(st, 8);
    row->mood = (saydo_mood)sqlite3_column_int(st, 9);
    row->num_mentions = (long)sqlite3_column_int64(st, 10);
    row->num_sources = (long)sqlite3_column_int64(st, 11);
    row->num_articles = (long)sqlite3_column_int64(st, 12);
    row->location.precision = (saydo_geo_precision)sqlite3_column_int(st, 13);
    row->location.name = col_text(st, 14);
    row->location.country = col_text(st, 15);
    row->location.admin1 = col_text(st, 16);
    row->location.lat = sqlite3_column_double(st, 17);
    row->location.lon = sqlite3_column_double(st, 18);
    row->date_intended = col_text(st, 19);
    row->article = col_text(st, 20);
    row->url = col_text(st, 21);
    row->outlet = col_text(st, 22);
    row->title = col_text(st, 23);
    row->sentence = (long)sqlite3_column_int64(st, 24);
    row->sentence_text = col_text(st, 25);
    row->attribution = col_text(st, 26);
    row->pattern = col_text(st, 27);
    row->confidence = sqlite3_column_double(st, 28);
    row->plover = col_text(st, 29);
    row->source_span = column_span(st, 30);
    row->target_span = column_span(st, 32);
    row->verb_span = column_span(st, 34);
    row->source_text = col_text(st, 36);
    row->target_text = col_text(st, 37);
    row->source_name = col_text(st, 38);
    row->target_name = col_text(st, 39);
    row->event_name = col_text(st, 40);
    row->plover_mode = col_text(st, 41);
    row->plover_context = col_text(st, 42);
    row->added = col_text(st, 43);
    row->location_adm1 = col_text(st, 44);
    column_location(st, 45, &row->source_location, &row->source_location_adm1);
    column_location(st, 52, &row->target_location, &row->target_location_adm1);
    row->avg_tone =
        sqlite3_column_type(st, 59) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 59);
    return 1;
}

static int sqlite_next_agg(saydo_store_rows *rows, saydo_error *err)
{
    sqlite_rows *r = (sqlite_rows *)rows;
    int rc = step_rows(r, err);
    if (rc != 1)
        return rc;
    sqlite3_stmt *st = r->stmt;
    saydo_store_agg_row *a = &rows->agg;
    memset(a, 0, sizeof *a);
    a->key = col_text(st, 0);
    a->key2 = col_text(st, 1);
    a->quad = (saydo_quad)sqlite3_column_int(st, 2);
    a->count = (long)sqlite3_column_int64(st, 3);
    a->goldstein_sum = sqlite3_column_double(st, 4);
    a->goldstein_mean = sqlite3_column_double(st, 5);
    a->count2 = (long)sqlite3_column_int64(st, 6);
    a->goldstein_sum2 = sqlite3_column_double(st, 7);
    a->goldstein_mean = a->count ? a->goldstein_sum / (double)a->count : 0.0;
    a->goldstein_mean2 = a->count2 ? a->goldstein_sum2 / (double)a->count2 : 0.0;
    return 1;
}

static void sqlite_rows_free(saydo_store_rows *rows)
{
    sqlite_rows *r = (sqlite_rows *)rows;
    sqlite3_finalize(r->mentions);
    sqlite3_finalize(r->stmt);
    free(r);
}

static long long sqlite_data_version(saydo_store *store)
{
    sqlite_store *s = (sqlite_store *)store;
    int ok = 0;
    long long v = query_int(s, "PRAGMA data_version", &ok);
    return ok ? v : -1;
}

static const sd_store_ops sqlite_ops = {
    "sqlite",        sqlite_close, sqlite_begin,    sqlite_commit,   sqlite_rollback,
    sqlite_savepoint, sqlite_in_transaction,
    sqlite_put,      sqlite_contains, sqlite_query, sqlite_aggregate, sqlite_next,    sqlite_next_agg,
    sqlite_rows_free, sqlite_get_event, sqlite_next_mention, sqlite_summary,
    sqlite_data_version};
