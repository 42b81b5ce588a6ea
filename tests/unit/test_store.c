/*
 * Event store tests: the library API (open, refuse, put, replace, dedup,
 * read-only, full), the CLI (ingest, query formats and aggregates,
 * followthrough) and the crash test: ingest killed with SIGKILL at random
 * points, rerun to completion, compared with a clean run.
 */
#include <signal.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "arena.h"
#include "result.h"
#include "saydo.h"
#include "test.h"

/* ---- fixtures ------------------------------------------------------------ */

static const char *const countries[] = {"Russia", "Ukraine", "France", "Germany", "China",
                                        "India",  "Turkey",  "Egypt",  "Iran",    "Israel"};
static const char *const templates[] = {
    "%s and %s held talks in Geneva on Tuesday.",
    "%s accused %s of violating the agreement.",
    "%s threatened to impose sanctions on %s.",
    "%s signed an agreement with %s.",
    "%s sent humanitarian aid to %s.",
    "%s rejected a proposal from %s.",
    "%s urged %s to release the prisoners.",
};

/* The first day of the first month of a monthly series table (its second
 * line) as "YYYY-MM-01" in day; "1900-01-01" when there is none. */
static const char *series_first_day(const char *table, char day[16])
{
    const char *line = table ? strchr(table, '\n') : NULL;
    if (line && strlen(line + 1) >= 7)
        snprintf(day, 16, "%.7s-01", line + 1);
    else
        snprintf(day, 16, "1900-01-01");
    return day;
}

/* Aggregate options of kind and top_n (static: valid until the next call). */
static const saydo_store_agg_options *agg_opts(saydo_store_agg kind, long top_n)
{
    static saydo_store_agg_options opts;
    saydo_store_agg_options_init(&opts);
    opts.kind = kind;
    opts.top_n = top_n;
    return &opts;
}

static unsigned next_random(unsigned *x)
{
    *x = *x * 1103515245u + 12345u;
    return (*x >> 16) & 0x7fff;
}

/* Append template with its two %s replaced by a and c. */
static void fill(sd_buf *b, const char *template, const char *a, const char *c)
{
    int k = 0;
    for (const char *p = template; *p; p++) {
        if (p[0] == '%' && p[1] == 's') {
            sd_buf_puts(b, k++ ? c : a);
            p++;
        } else {
            sd_buf_putc(b, *p);
        }
    }
}

/* A deterministic JSON Lines corpus of n articles: three sentences each
 * drawn from a few templates and country pairs, dates over a few weeks, so
 * that many reports describe the same events.  The last line repeats the
 * id of article 5 with new text (an edited article). */
static char *make_corpus(size_t n, unsigned seed)
{
    sd_buf b = SD_BUF_INIT;
    unsigned x = seed * 2654435761u + 1;
    static const char *const outlets[] = {"Wire A", "Wire B", "Daily C"};
    for (size_t i = 0; i <= n; i++) {
        size_t id = i < n ? i + 1 : 5;
        unsigned month = 1 + next_random(&x) % 3, day = 1 + next_random(&x) % 28;
        const char *outlet = outlets[next_random(&x) % 3];
        sd_buf_printf(&b, "{\"id\":\"a%05zu\",\"date\":\"2024-%02u-%02u\",\"source\":\"%s\","
                          "\"title\":\"Report %zu\",\"text\":\"",
                      id, month, day, outlet, id);
        for (int s = 0; s < 3; s++) {
            unsigned a = next_random(&x) % 10;
            unsigned c = (a + 1 + next_random(&x) % 9) % 10;
            fill(&b, templates[next_random(&x) % 7], countries[a], countries[c]);
            sd_buf_puts(&b, s < 2 ? " " : "");
        }
        if (i == n)
            sd_buf_puts(&b, " Russia expelled French diplomats.");
        sd_buf_puts(&b, "\"}\n");
    }
    return b.data;
}

static saydo_coder *coder_for(sd_test *t)
{
    saydo_coder_options co = SAYDO_CODER_OPTIONS_INIT;
    co.data_dir = "data";
    saydo_coder *coder = NULL;
    saydo_error err;
    if (saydo_coder_new(&co, &coder, &err) != 0)
        return NULL;
    return coder;
}

static int put_text(saydo_store *store, const saydo_coder *coder, const char *id,
                    const char *date, const char *text, saydo_store_status *status,
                    saydo_error *err)
{
    saydo_article *article = NULL;
    saydo_result *result = NULL;
    int rc = saydo_article_new(id, date, "Headline", text, strlen(text), &article, err);
    if (rc == 0)
        rc = saydo_code(coder, article, &result, err);
    if (rc == 0)
        rc = saydo_store_put(store, article, result, status, err);
    saydo_result_free(result);
    saydo_article_free(article);
    return rc;
}

static long long sql_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void sql_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    if (sqlite3_open(path, &db) == SQLITE_OK)
        sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
}

/* The store's invariants: every mention has its event and article, every
 * event has mentions and the counts GDELT defines. */
static void check_consistent(sd_test *t, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || sql_int(path, "SELECT count(*) FROM sqlite_master") <= 0)
        return; /* killed before the store was created: nothing to check */
    CHECK_INT(sql_int(path, "PRAGMA integrity_check") == -1, 0);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM mentions m LEFT JOIN events e ON e.id = "
                            "m.event WHERE e.id IS NULL"),
              0);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM mentions m LEFT JOIN articles a ON a.id = "
                            "m.article WHERE a.id IS NULL"),
              0);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM events e WHERE num_mentions <> (SELECT "
                            "count(*) FROM mentions WHERE event = e.id) OR num_mentions = 0 OR "
                            "num_articles <> (SELECT count(DISTINCT article) FROM mentions "
                            "WHERE event = e.id)"),
              0);
    /* the summary tables count what the events table holds */
    CHECK_INT(sql_int(path, "SELECT count(*) FROM (SELECT source, target, count(*) AS n FROM "
                            "events GROUP BY 1, 2) x LEFT JOIN dyad_totals d USING(source, "
                            "target) WHERE d.n IS NOT x.n"),
              0);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM dyad_totals d WHERE n <> (SELECT count(*) "
                            "FROM events e WHERE e.source = d.source AND e.target = d.target)"),
              0);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM actor_totals a WHERE n <> (SELECT count(*) "
                            "FROM events WHERE source = a.actor) + (SELECT count(*) FROM events "
                            "WHERE target = a.actor)"),
              0);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM (SELECT substr(date, 1, 7) AS month, quad, "
                            "mood, count(*) AS n FROM events WHERE date <> '' GROUP BY 1, 2, 3) x "
                            "LEFT JOIN month_totals m USING(month, quad, mood) WHERE m.n IS NOT "
                            "x.n"),
              0);
}

/* ---- library ------------------------------------------------------------- */

/* The columns schema 4 added: dropped to make a store of an older schema. */
#define DROP_V4                                                                            \
    "ALTER TABLE locations DROP COLUMN adm1;"                                              \
    "ALTER TABLE mentions DROP COLUMN source_location;"                                    \
    "ALTER TABLE mentions DROP COLUMN target_location;"                                    \
    "ALTER TABLE mentions DROP COLUMN avg_tone;"

TEST(store_open_refuses_foreign_files)
{
    saydo_store *store = NULL;
    saydo_error err;
    const char *path = sd_test_path(t, "new.db");
    CHECK_INT(saydo_store_open(path, NULL, &store, &err), 0);
    saydo_store_close(store);
    CHECK_INT(sql_int(path, "PRAGMA user_version"), 4);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM saydo_meta WHERE key = 'application' AND "
                            "value = 'saydo'"),
              1);
    CHECK_INT(sql_int(path, "PRAGMA journal_mode") == -1, 0);

    const char *text = sd_test_path(t, "notes.txt");
    sd_test_write_file(text, "this is not a database, just some notes that are long enough "
                             "to look like a file header of some kind\n", 99);
    CHECK(saydo_store_open(text, NULL, &store, &err) != 0);
    CHECK_CONTAINS(err.message, "not a saydo store");

    const char *other = sd_test_path(t, "other.db");
    sql_exec(other, "CREATE TABLE people(name TEXT)");
    CHECK(saydo_store_open(other, NULL, &store, &err) != 0);
    CHECK_CONTAINS(err.message, "not a saydo store");
    CHECK_INT(sql_int(other, "SELECT count(*) FROM sqlite_master"), 1);

    sql_exec(path, "PRAGMA user_version = 99");
    CHECK(saydo_store_open(path, NULL, &store, &err) != 0);
    CHECK_CONTAINS(err.message, "newer");

    saydo_store_options ro = SAYDO_STORE_OPTIONS_INIT;
    ro.read_only = 1;
    CHECK(saydo_store_open(sd_test_path(t, "missing.db"), &ro, &store, &err) != 0);
}

TEST(store_put_is_idempotent_and_replaces_edits)
{
    saydo_coder *coder = coder_for(t);
    if (!coder)
        SKIP("no coder (data/ missing)");
    saydo_store *store = NULL;
    saydo_error err;
    const char *path = sd_test_path(t, "put.db");
    CHECK_INT(saydo_store_open(path, NULL, &store, &err), 0);
    saydo_store_status st = 0;
    const char *text = "France accused Germany of violating the agreement. "
                       "China threatened to impose sanctions on India.";
    CHECK_INT(put_text(store, coder, "x1", "2024-03-01", text, &st, &err), 0);
    CHECK_INT(st, SAYDO_STORE_ADDED);
    long long events = sql_int(path, "SELECT count(*) FROM events");
    CHECK(events >= 2);
    CHECK_INT(put_text(store, coder, "x1", "2024-03-01", text, &st, &err), 0);
    CHECK_INT(st, SAYDO_STORE_UNCHANGED);
    /* the same content under another id */
    CHECK_INT(put_text(store, coder, "x2", "2024-03-01", text, &st, &err), 0);
    CHECK_INT(st, SAYDO_STORE_UNCHANGED);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM articles"), 1);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM events"), events);
    /* an edit replaces the article's own events and mentions */
    CHECK_INT(put_text(store, coder, "x1", "2024-03-01", "Turkey signed an agreement with Egypt.",
                       &st, &err),
              0);
    CHECK_INT(st, SAYDO_STORE_REPLACED);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM articles"), 1);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM events WHERE source = 'FRA'"), 0);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM events WHERE source = 'TUR' AND "
                            "cameo = '057'"),
              1);
    saydo_store_close(store);
    check_consistent(t, path);
    saydo_coder_free(coder);
}

/* A store of schema 1 (made here by taking schema 2's columns away) is read
 * as it is when opened read-only, and upgraded in place when opened for
 * writing: its reports keep '' names, new ones get theirs. */
TEST(store_upgrades_schema_1)
{
    saydo_coder *coder = coder_for(t);
    if (!coder)
        SKIP("no coder (data/ missing)");
    saydo_store *store = NULL;
    saydo_error err;
    const char *path = sd_test_path(t, "v1.db");
    CHECK_INT(saydo_store_open(path, NULL, &store, &err), 0);
    CHECK_INT(put_text(store, coder, "old", "2024-03-01", "France accused Germany of lying.",
                       NULL, &err),
              0);
    saydo_store_close(store);
    sql_exec(path, "ALTER TABLE mentions DROP COLUMN source_text;"
                   "ALTER TABLE mentions DROP COLUMN target_text;"
                   "ALTER TABLE mentions DROP COLUMN source_name;"
                   "ALTER TABLE mentions DROP COLUMN target_name;"
                   "ALTER TABLE mentions DROP COLUMN event_name;"
                   "ALTER TABLE mentions DROP COLUMN plover_mode;"
                   "ALTER TABLE mentions DROP COLUMN plover_context;" DROP_V4
                   "PRAGMA user_version = 1;"
                   "UPDATE saydo_meta SET value = '1' WHERE key = 'schema';");
    CHECK_INT(sql_int(path, "PRAGMA user_version"), 1);

    saydo_store_options ro = SAYDO_STORE_OPTIONS_INIT;
    ro.read_only = 1;
    saydo_store_filter f = SAYDO_STORE_FILTER_INIT;
    saydo_store_rows *rows = NULL;
    const saydo_store_row *row = NULL;
    CHECK_INT(saydo_store_open(path, &ro, &store, &err), 0);
    CHECK_INT(saydo_store_query(store, &f, &rows, &err), 0);
    CHECK_INT(saydo_store_rows_next(rows, &row, &err), 1);
    CHECK_STR(row->source, "FRA");
    CHECK_STR(row->source_name, "");
    saydo_store_rows_free(rows);
    saydo_store_close(store);
    CHECK_INT(sql_int(path, "PRAGMA user_version"), 1);

    CHECK_INT(saydo_store_open(path, NULL, &store, &err), 0);
    CHECK_INT(sql_int(path, "PRAGMA user_version"), 4);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM saydo_meta WHERE key = 'schema' AND "
                            "value = '4'"),
              1);
    CHECK_INT(put_text(store, coder, "new", "2024-05-01", "Putin met Biden in Geneva.", NULL,
                       &err),
              0);
    f.source = "RUS*";
    CHECK_INT(saydo_store_query(store, &f, &rows, &err), 0);
    CHECK_INT(saydo_store_rows_next(rows, &row, &err), 1);
    CHECK_STR(row->source_name, "Vladimir Putin");
    CHECK_STR(row->source_text, "Putin");
    CHECK_STR(row->target_name, "Joe Biden");
    CHECK(row->verb_span.end > row->verb_span.start);
    saydo_store_rows_free(rows);
    saydo_store_close(store);
    check_consistent(t, path);
    saydo_coder_free(coder);
}

TEST(store_one_event_from_many_reports)
{
    saydo_coder *coder = coder_for(t);
    if (!coder)
        SKIP("no coder (data/ missing)");
    saydo_store *store = NULL;
    saydo_error err;
    const char *path = sd_test_path(t, "dedup.db");
    CHECK_INT(saydo_store_open(path, NULL, &store, &err), 0);
    const char *text = "China threatened to impose sanctions on India.";
    CHECK_INT(put_text(store, coder, "r1", "2024-05-01", text, NULL, &err), 0);
    CHECK_INT(put_text(store, coder, "r2", "2024-05-02",
                       "China threatened to impose sanctions on India on Thursday.", NULL, &err),
              0);
    /* three days later: outside the default window of one day */
    CHECK_INT(put_text(store, coder, "r3", "2024-05-05", text, NULL, &err), 0);
    saydo_store_filter f = SAYDO_STORE_FILTER_INIT;
    f.source = "CHN";
    f.code = "13";
    saydo_store_rows *rows = NULL;
    CHECK_INT(saydo_store_query(store, &f, &rows, &err), 0);
    const saydo_store_row *row;
    int n = 0;
    long mentions[4] = {0};
    while (saydo_store_rows_next(rows, &row, &err) == 1 && n < 4)
        mentions[n++] = row->num_mentions;
    saydo_store_rows_free(rows);
    CHECK_INT(n, 2);
    CHECK_INT(mentions[0], 2);
    CHECK_INT(mentions[1], 1);
    f.raw = 1;
    CHECK_INT(saydo_store_query(store, &f, &rows, &err), 0);
    n = 0;
    while (saydo_store_rows_next(rows, &row, &err) == 1)
        n++;
    saydo_store_rows_free(rows);
    CHECK_INT(n, 3);
    /* aggregates */
    f.raw = 0;
    CHECK_INT(saydo_store_aggregate(store, &f, agg_opts(SAYDO_AGG_MONTH, 0), &rows, &err), 0);
    const saydo_store_agg_row *a;
    CHECK_INT(saydo_store_rows_next_agg(rows, &a, &err), 1);
    CHECK_STR(a->key, "2024-05");
    CHECK_INT(a->quad, SAYDO_QUAD_VERBAL_CONFLICT);
    CHECK_INT(a->count, 2);
    saydo_store_rows_free(rows);
    /* dates before 1970 are dates like any other */
    CHECK_INT(put_text(store, coder, "old", "1965-03-01", "Turkey condemned Egypt.",
                       NULL, &err),
              0);
    saydo_store_filter old = SAYDO_STORE_FILTER_INIT;
    old.to = "1966-01-01";
    CHECK_INT(saydo_store_query(store, &old, &rows, &err), 0);
    CHECK_INT(saydo_store_rows_next(rows, &row, &err), 1);
    CHECK_STR(row->date, "1965-03-01");
    CHECK_INT(saydo_store_rows_next(rows, &row, &err), 0);
    saydo_store_rows_free(rows);
    saydo_store_close(store);

    /* with a window of 7 days all three are one event */
    const char *wide = sd_test_path(t, "wide.db");
    saydo_store_options so = SAYDO_STORE_OPTIONS_INIT;
    so.window_days = 7;
    CHECK_INT(saydo_store_open(wide, &so, &store, &err), 0);
    CHECK_INT(put_text(store, coder, "r1", "2024-05-01", text, NULL, &err), 0);
    CHECK_INT(put_text(store, coder, "r3", "2024-05-05", text, NULL, &err), 0);
    saydo_store_close(store);
    CHECK_INT(sql_int(wide, "SELECT num_mentions FROM events WHERE source = 'CHN'"), 2);
    CHECK_INT(sql_int(wide, "SELECT num_articles FROM events WHERE source = 'CHN'"), 2);
    check_consistent(t, path);
    saydo_coder_free(coder);
}

/* In a child: files may grow to 4 KiB at most (a disk all but full:
 * writes past it fail with EFBIG, SIGXFSZ ignored); open the store at path
 * and exit 0 when that succeeded, 1 when it failed as it should, 2 when
 * its message is not a store error. */
static int open_on_full_disk(const char *path)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit lim = {4096, 4096};
        setrlimit(RLIMIT_FSIZE, &lim);
        saydo_store *store = NULL;
        saydo_error err;
        int rc = saydo_store_open(path, NULL, &store, &err);
        if (rc == 0) {
            saydo_store_close(store);
            _exit(0);
        }
        _exit(strstr(err.message, "store") ? 1 : 2);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Hardening: on a disk already full, a failed 'saydo ingest --db new.db'
 * left an empty 4 KiB store (and its -wal and -shm) behind.  The files the
 * failed attempt made are removed; a file that was there is left alone. */
TEST(store_failed_creation_leaves_nothing)
{
    const char *dir = sd_test_path(t, "full-disk");
    mkdir(dir, 0700);
    char path[4200], name[4300];
    snprintf(path, sizeof path, "%s/new.db", dir);
    CHECK_INT(open_on_full_disk(path), 1);
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "%s%s", path, suffix[i]);
        if (access(name, F_OK) == 0)
            sd_test_fail(t, __FILE__, __LINE__, "%s left behind", name);
    }
    /* an empty file someone made is theirs: kept */
    snprintf(path, sizeof path, "%s/theirs.db", dir);
    CHECK_INT(sd_test_write_file(path, "", 0), 0);
    CHECK_INT(open_on_full_disk(path), 1);
    CHECK(access(path, F_OK) == 0);
    /* with room, the same path makes a store */
    snprintf(path, sizeof path, "%s/new.db", dir);
    saydo_store *store = NULL;
    saydo_error err;
    CHECK_INT(saydo_store_open(path, NULL, &store, &err), 0);
    saydo_store_close(store);
    CHECK(access(path, F_OK) == 0);
}

TEST(store_read_only_and_full_leave_store_as_it_was)
{
    saydo_coder *coder = coder_for(t);
    if (!coder)
        SKIP("no coder (data/ missing)");
    saydo_store *store = NULL;
    saydo_error err;
    const char *path = sd_test_path(t, "ro.db");
    CHECK_INT(saydo_store_open(path, NULL, &store, &err), 0);
    CHECK_INT(put_text(store, coder, "a", "2024-01-01", "Turkey signed an agreement with Egypt.",
                       NULL, &err),
              0);
    saydo_store_close(store);
    saydo_store_options ro = SAYDO_STORE_OPTIONS_INIT;
    ro.read_only = 1;
    CHECK_INT(saydo_store_open(path, &ro, &store, &err), 0);
    CHECK(put_text(store, coder, "b", "2024-01-01", "India rejected a proposal from China.", NULL,
                   &err) != 0);
    CHECK_CONTAINS(err.message, "read-only");
    saydo_store_close(store);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM articles"), 1);

    /* a store that may not grow: puts fail as on a full disk, whole */
    const char *full = sd_test_path(t, "full.db");
    saydo_store_options lim = SAYDO_STORE_OPTIONS_INIT;
    lim.max_bytes = 96 * 1024;
    CHECK_INT(saydo_store_open(full, &lim, &store, &err), 0);
    int failed = 0, stored = 0;
    sd_buf text = SD_BUF_INIT;
    for (int i = 0; i < 400 && !failed; i++) {
        sd_buf_clear(&text);
        fill(&text, templates[i % 7], countries[i % 10], countries[(i + 3) % 10]);
        sd_buf_printf(&text, " This was article number %d.", i);
        char id[16];
        snprintf(id, sizeof id, "f%d", i);
        if (put_text(store, coder, id, "2024-02-01", text.data, NULL, &err) != 0)
            failed = 1;
        else
            stored++;
    }
    sd_buf_free(&text);
    CHECK(failed);
    CHECK_CONTAINS(err.message, "full");
    saydo_store_close(store);
    CHECK_INT(sql_int(full, "SELECT count(*) FROM articles"), stored);
    check_consistent(t, full);
    saydo_coder_free(coder);
}

/* ---- CLI ----------------------------------------------------------------- */

typedef struct run_out {
    int status;
    char *out, *err;
} run_out;

static run_out run(sd_test *t, const char *const *args)
{
    const char *argv[32] = {t->saydo};
    size_t n = 1;
    for (; args[n - 1] && n < 31; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    run_out r;
    r.status = sd_test_run(argv, NULL, 0, &r.out, &r.err, 120);
    return r;
}

static void run_free(run_out *r)
{
    free(r->out);
    free(r->err);
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

/* Hardening: the ingest summary called the events an article run coded
 * "events", but reports of one event in several articles are one event
 * with several mentions: the summary's "E events" was the mentions
 * written.  Now "M mentions, +D events (T in the store)", checked against
 * the store's own counts. */
TEST(cli_ingest_summary_counts)
{
    const char *db = sd_test_path(t, "summary.db");
    run_out r = run(t, (const char *[]){"ingest", "--db", db, "data/samples", NULL});
    CHECK_INT(r.status, 0);
    long long mentions = sql_int(db, "SELECT count(*) FROM mentions");
    long long events = sql_int(db, "SELECT count(*) FROM events");
    CHECK(mentions > events); /* the samples report some events twice */
    char want[160];
    snprintf(want, sizeof want, "), %lld mentions, +%lld events (%lld in the store), 0 bad",
             mentions, events, events);
    CHECK_CONTAINS(r.err, want);
    run_free(&r);
    r = run(t, (const char *[]){"ingest", "--db", db, "data/samples", NULL});
    CHECK_INT(r.status, 0);
    snprintf(want, sizeof want, "unchanged), 0 mentions, +0 events (%lld in the store)", events);
    CHECK_CONTAINS(r.err, want);
    run_free(&r);
}

TEST(cli_store_ingest_and_query)
{
    const char *corpus_path = sd_test_path(t, "corpus.jsonl");
    char *corpus = make_corpus(40, 1);
    sd_test_write_file(corpus_path, corpus, strlen(corpus));
    free(corpus);
    const char *db = sd_test_path(t, "cli.db");
    run_out r = run(t, (const char *[]){"ingest", "--db", db, corpus_path, NULL});
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.err, "41 articles (40 added, 1 replaced, 0 unchanged)");
    run_free(&r);
    r = run(t, (const char *[]){"ingest", "--db", db, corpus_path, NULL});
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.err, "0 added");
    run_free(&r);
    check_consistent(t, db);

    r = run(t, (const char *[]){"query", "--db", db, "--format", "tsv", "--limit", "5", NULL});
    CHECK_INT(r.status, 0);
    CHECK_INT(count_lines(r.out), 6);
    /* 61 columns on every line */
    for (const char *line = r.out; line && *line;) {
        int tabs = 0;
        const char *p = line;
        for (; *p && *p != '\n'; p++)
            tabs += *p == '\t';
        CHECK_INT(tabs, 60);
        line = *p ? p + 1 : p;
    }
    run_free(&r);
    r = run(t, (const char *[]){"query", "--db", db, "--format", "jsonl", "--source", "RUS*",
                                "--code", "1", NULL});
    CHECK_INT(r.status, 0);
    CHECK(count_lines(r.out) > 0);
    CHECK_CONTAINS(r.out, "\"source\":\"RUS");
    CHECK(!strstr(r.out, "\"cameo\":\"0"));
    run_free(&r);
    r = run(t, (const char *[]){"query", "--db", db, "--format", "plover", "--limit", "1", NULL});
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.out, "\"event\":\"");
    run_free(&r);
    r = run(t, (const char *[]){"query", "--db", db, "--format", "csv", "--outlet", "Wire A",
                                "--dyad", "RUS,UKR", NULL});
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.out, "event_id,mention_id,date,source,target");
    CHECK_CONTAINS(r.out, ",sentence_text,source_name,target_name,avg_tone\n");
    run_free(&r);
    r = run(t, (const char *[]){"query", "--db", db, "--format", "csv", "--source", "RUS*",
                                NULL});
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.out, ",Russian Federation,");
    run_free(&r);
    r = run(t, (const char *[]){"query", "series", "--db", db, "--by", "month", "--format",
                                "csv", NULL});
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.out, "2024-01,");
    run_free(&r);
    r = run(t, (const char *[]){"query", "top", "dyads", "--db", db, "--both", "--n", "3", NULL});
    CHECK_INT(r.status, 0);
    CHECK_INT(count_lines(r.out), 4);
    run_free(&r);
    /* the dyad_counts summary and a scan of the events agree (a date
     * filter forces the scan) */
    run_out fast = run(t, (const char *[]){"query", "top", "dyads", "--db", db, "--both", "--n",
                                           "50", "--format", "csv", NULL});
    run_out slow = run(t, (const char *[]){"query", "top", "dyads", "--db", db, "--both", "--n",
                                           "50", "--format", "csv", "--from", "1900-01-01", NULL});
    CHECK(fast.out && slow.out && count_lines(fast.out) > 10);
    CHECK_STR(fast.out, slow.out);
    run_free(&fast);
    run_free(&slow);
    /* (a series is zero-filled from --from on: the scan starts at the
     * summary's first month) */
    char first[16];
    fast = run(t, (const char *[]){"query", "series", "--db", db, "--dyad", "RUS*,UKR*", NULL});
    slow = run(t, (const char *[]){"query", "series", "--db", db, "--dyad", "RUS*,UKR*",
                                   "--from", series_first_day(fast.out, first), NULL});
    CHECK(fast.out && count_lines(fast.out) > 1);
    CHECK_STR(fast.out, slow.out);
    run_free(&fast);
    run_free(&slow);
    fast = run(t, (const char *[]){"query", "series", "--db", db, "--quad", "4", NULL});
    slow = run(t, (const char *[]){"query", "series", "--db", db, "--quad", "4", "--from",
                                   series_first_day(fast.out, first), NULL});
    CHECK(fast.out && count_lines(fast.out) > 1);
    CHECK_STR(fast.out, slow.out);
    run_free(&fast);
    run_free(&slow);
    fast = run(t, (const char *[]){"query", "top", "dyads", "--db", db, "--mood", "asserted",
                                   "--root", "12", NULL});
    slow = run(t, (const char *[]){"query", "top", "dyads", "--db", db, "--mood", "asserted",
                                   "--root", "12", "--from", "1900-01-01", NULL});
    CHECK(fast.out && count_lines(fast.out) > 1);
    CHECK_STR(fast.out, slow.out);
    run_free(&fast);
    run_free(&slow);
    fast = run(t, (const char *[]){"query", "top", "actors", "--db", db, "--n", "50", NULL});
    slow = run(t, (const char *[]){"query", "top", "actors", "--db", db, "--n", "50", "--to",
                                   "2999-01-01", NULL});
    CHECK_STR(fast.out, slow.out);
    run_free(&fast);
    run_free(&slow);
    r = run(t, (const char *[]){"query", "top", "actors", "--db", db, "--format", "jsonl", NULL});
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.out, "{\"actor\":\"");
    run_free(&r);
    r = run(t, (const char *[]){"query", "followthrough", "--db", db, "--actor", "CHN",
                                "--window", "30d", "--format", "jsonl", NULL});
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.out, "\"summary\":true");
    run_free(&r);
    r = run(t, (const char *[]){"query", "--db", db, "--mood", "sometimes", NULL});
    CHECK_INT(r.status, 2);
    run_free(&r);
    r = run(t, (const char *[]){"help", "query", NULL});
    CHECK_CONTAINS(r.out, "followthrough");
    run_free(&r);
    r = run(t, (const char *[]){"help", "ingest", NULL});
    CHECK_CONTAINS(r.out, "--db PATH");
    run_free(&r);
    r = run(t, (const char *[]){"--help", NULL});
    CHECK_CONTAINS(r.out, "ingest");
    CHECK_CONTAINS(r.out, "query");
    run_free(&r);

    /* a file that is not a store is refused and left alone */
    const char *notes = sd_test_path(t, "notes.db");
    sd_test_write_file(notes, "hello\n", 6);
    r = run(t, (const char *[]){"ingest", "--db", notes, corpus_path, NULL});
    CHECK_INT(r.status, 1);
    CHECK_CONTAINS(r.err, "not a saydo store");
    run_free(&r);
    size_t len = 0;
    char *back = sd_test_read_file(notes, &len);
    CHECK_INT(len, 6);
    free(back);
}

TEST(cli_store_full_and_bad_articles)
{
    const char *corpus_path = sd_test_path(t, "full-corpus.jsonl");
    char *corpus = make_corpus(300, 2);
    sd_buf b = SD_BUF_INIT;
    sd_buf_puts(&b, "{\"id\":\"bad\",\"text\":\n");
    sd_buf_puts(&b, corpus);
    sd_test_write_file(corpus_path, b.data, b.len);
    sd_buf_free(&b);
    free(corpus);
    const char *db = sd_test_path(t, "cli-full.db");
    run_out r = run(t, (const char *[]){"ingest", "--db", db, corpus_path, NULL});
    CHECK_INT(r.status, 1);
    CHECK_CONTAINS(r.err, "full-corpus.jsonl:1");
    run_free(&r);
    r = run(t, (const char *[]){"ingest", "--db", db, "--keep-going", "--max-size", "160k",
                                corpus_path, NULL});
    CHECK_INT(r.status, 1);
    CHECK_CONTAINS(r.err, "full");
    run_free(&r);
    check_consistent(t, db);
    long long stored = sql_int(db, "SELECT count(*) FROM articles");
    CHECK(stored > 0 && stored < 300);
    r = run(t, (const char *[]){"ingest", "--db", db, "--keep-going", corpus_path, NULL});
    CHECK_INT(r.status, 1);
    CHECK_CONTAINS(r.err, "1 bad");
    run_free(&r);
    CHECK_INT(sql_int(db, "SELECT count(*) FROM articles"), 300);
    check_consistent(t, db);
}

/* Start saydo ingest and kill it with SIGKILL: after delay_us when
 * target is 0, else as soon as the store holds target articles (polling
 * it), so the kill lands in the middle of the ingest however busy the
 * machine is.  Gives up after 60 s. */
static void ingest_and_kill(sd_test *t, const char *db, const char *input, long delay_us,
                            long long target)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
            _exit(126);
        /* small batches, so that kills land between commits of one run */
        execl(t->saydo, t->saydo, "ingest", "--quiet", "--batch", "4", "--db", db, input,
              (char *)NULL);
        _exit(127);
    }
    if (pid < 0)
        return;
    struct timespec tick = {0, 3000000};
    long waited = 0;
    int status;
    for (;;) {
        if (waitpid(pid, &status, WNOHANG) == pid)
            return; /* finished before the kill */
        if (target == 0 ? waited >= delay_us
                        : sql_int(db, "SELECT count(*) FROM articles") >= target)
            break;
        if (waited > 60000000L)
            break;
        nanosleep(&tick, NULL);
        waited += 3000;
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
}

TEST(cli_store_survives_kill_9)
{
    /* 26 runs of the CLI, each loading the dictionaries: too slow under
     * the sanitizers, and what it proves does not depend on them. */
    if (t->quick)
        SKIP("the kill test runs in the normal build only");
    size_t n = 400;
    const char *corpus_path = sd_test_path(t, "kill-corpus.jsonl");
    char *corpus = make_corpus(n, 3);
    sd_test_write_file(corpus_path, corpus, strlen(corpus));
    free(corpus);
    const char *clean = sd_test_path(t, "clean.db");
    const char *crash = sd_test_path(t, "crash.db");
    run_out r = run(t, (const char *[]){"ingest", "--db", clean, corpus_path, NULL});
    CHECK_INT(r.status, 0);
    run_free(&r);
    srand(12345);
    /* Every fourth kill at a random time in the first 0.3 s (start-up,
     * store creation, first articles); the others when the store has grown
     * by a random number of articles, so they stop an ingest midway. */
    int kills = 0, partial = 0;
    long long last = 0;
    for (int i = 0; i < 24; i++) {
        if (i % 4 == 0) {
            ingest_and_kill(t, crash, corpus_path, (long)(rand() % 300000), 0);
        } else {
            long long step = 1 + rand() % (long long)(n / 16);
            ingest_and_kill(t, crash, corpus_path, 0, (last > 0 ? last : 0) + step);
        }
        kills++;
        check_consistent(t, crash);
        long long stored = sql_int(crash, "SELECT count(*) FROM articles");
        if (stored > last && stored < (long long)n)
            partial++; /* this kill landed in the middle of an ingest */
        if (stored > last)
            last = stored;
    }
    CHECK(kills >= 20);
    CHECK(partial >= 10);
    r = run(t, (const char *[]){"ingest", "--db", crash, corpus_path, NULL});
    CHECK_INT(r.status, 0);
    run_free(&r);
    check_consistent(t, crash);
    run_out a = run(t, (const char *[]){"query", "--db", clean, "--format", "jsonl", NULL});
    run_out b = run(t, (const char *[]){"query", "--db", crash, "--format", "jsonl", NULL});
    CHECK_INT(a.status, 0);
    CHECK(count_lines(a.out) > 100);
    CHECK(a.out && b.out && strcmp(a.out, b.out) == 0);
    if (a.out && b.out && strcmp(a.out, b.out) != 0) {
        sd_test_write_file("/tmp/saydo-kill-clean.out", a.out, strlen(a.out));
        sd_test_write_file("/tmp/saydo-kill-crash.out", b.out, strlen(b.out));
    }
    run_free(&a);
    run_free(&b);
    a = run(t, (const char *[]){"query", "--db", clean, "--raw", "--format", "tsv", NULL});
    b = run(t, (const char *[]){"query", "--db", crash, "--raw", "--format", "tsv", NULL});
    /* DATEADDED is when each store took the article: it differs */
    sd_test_drop_tsv_column(a.out, 59);
    sd_test_drop_tsv_column(b.out, 59);
    CHECK(a.out && b.out && strcmp(a.out, b.out) == 0);
    run_free(&a);
    run_free(&b);
}

TEST(cli_store_followthrough)
{
    const char *path = sd_test_path(t, "says.jsonl");
    const char *feed =
        "{\"id\":\"s1\",\"date\":\"2024-01-01\",\"title\":\"Promises\",\"text\":"
        "\"Russia promised to withdraw its troops from the border with Ukraine. China threatened "
        "to impose sanctions on India. France threatened to cut off aid to Mali. Turkey said it "
        "was ready to resume negotiations with Greece.\"}\n"
        "{\"id\":\"s2\",\"date\":\"2024-01-03\",\"title\":\"Acts\",\"text\":"
        "\"China imposed sanctions on India. Russian forces attacked Ukrainian positions near the "
        "border. France sent humanitarian aid to Mali.\"}\n"
        "{\"id\":\"s3\",\"date\":\"2024-06-01\",\"title\":\"Later\",\"text\":"
        "\"Egypt urged Israel to release the prisoners.\"}\n";
    sd_test_write_file(path, feed, strlen(feed));
    const char *db = sd_test_path(t, "says.db");
    run_out r = run(t, (const char *[]){"ingest", "--db", db, path, NULL});
    CHECK_INT(r.status, 0);
    run_free(&r);
    r = run(t, (const char *[]){"query", "followthrough", "--db", db, "--actor", "RUS*",
                                "--format", "jsonl", NULL});
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.out, "\"cameo\":\"0356\"");
    CHECK_CONTAINS(r.out, "\"outcome\":\"contradicted\"");
    CHECK_CONTAINS(r.out, "Russian forces attacked");
    run_free(&r);
    r = run(t, (const char *[]){"query", "followthrough", "--db", db, "--actor", "CHN",
                                "--target", "IND", "--format", "jsonl", NULL});
    CHECK_CONTAINS(r.out, "\"outcome\":\"followed\"");
    CHECK_CONTAINS(r.out, "\"followed\":1");
    run_free(&r);
    r = run(t, (const char *[]){"query", "followthrough", "--db", db, "--actor", "FRA", NULL});
    CHECK_CONTAINS(r.out, "contradicted");
    CHECK_CONTAINS(r.out, "France sent humanitarian aid");
    run_free(&r);
    /* nothing happened within 30 days of Turkey's offer */
    r = run(t, (const char *[]){"query", "followthrough", "--db", db, "--actor", "TUR",
                                "--window", "30d", "--format", "jsonl", NULL});
    CHECK_CONTAINS(r.out, "\"outcome\":\"not followed\"");
    run_free(&r);
    /* a bad table line is reported with file:line */
    const char *pairs = sd_test_path(t, "pairs.tsv");
    sd_test_write_file(pairs, "# say does\n03\t06\n", 18);
    r = run(t, (const char *[]){"query", "followthrough", "--db", db, "--actor", "TUR",
                                "--pairs", pairs, NULL});
    CHECK_INT(r.status, 1);
    CHECK_CONTAINS(r.err, "pairs.tsv:2");
    run_free(&r);
}

/* Filter version 2: place, plover and offset; a version-1 filter (a caller
 * built against the old header, whose struct ends at limit) still works. */
/* Hardening: the CLI's and the API's own date check let 2022-02-30,
 * -001-01-01 and " 202-01-01" through; one check now, the library's. */
TEST(date_valid_is_the_calendar)
{
    static const char *const good[] = {"2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31",
                                       "2022-04-30"};
    static const char *const bad[] = {"2022-02-30", "2023-02-29", "1900-02-29", "-001-01-01",
                                      " 202-01-01", "2022-04-31", "0000-01-01", "2022-13-01",
                                      "2022-00-10", "2022-01-00", "2022-1-1", "2022-01-01 ",
                                      "2022/01/01", "+022-01-01", "2022-01-0x", "", "2022",
                                      "20220101"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        if (!saydo_date_valid(good[i]))
            sd_test_fail(t, __FILE__, __LINE__, "'%s' refused", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (saydo_date_valid(bad[i]))
            sd_test_fail(t, __FILE__, __LINE__, "'%s' accepted", bad[i]);
    CHECK_INT(saydo_date_valid(NULL), 0);

    saydo_store *store = NULL;
    saydo_error err;
    CHECK_INT(saydo_store_open(sd_test_path(t, "dates.db"), NULL, &store, &err), 0);
    if (!store)
        return;
    saydo_store_filter f = SAYDO_STORE_FILTER_INIT;
    saydo_store_rows *rows = NULL;
    f.from = "2022-02-30";
    CHECK_INT(saydo_store_query(store, &f, &rows, &err), SAYDO_ERR_ARG);
    CHECK_CONTAINS(err.message, "from \"2022-02-30\" is not a calendar date");
    f.from = NULL;
    f.to = " 202-01-01";
    CHECK_INT(saydo_store_aggregate(store, &f, agg_opts(SAYDO_AGG_DAY, 0), &rows, &err), SAYDO_ERR_ARG);
    CHECK_CONTAINS(err.message, "to \" 202-01-01\"");
    f.to = "2024-02-29";
    CHECK_INT(saydo_store_query(store, &f, &rows, &err), 0);
    saydo_store_rows_free(rows);
    saydo_store_close(store);
}

TEST(store_filter_v2_and_get_event)
{
    saydo_coder *coder = coder_for(t);
    if (!coder)
        SKIP("no coder (data/ missing)");
    saydo_store *store = NULL;
    saydo_error err;
    const char *path = sd_test_path(t, "v2.db");
    CHECK_INT(saydo_store_open(path, NULL, &store, &err), 0);
    CHECK_INT(put_text(store, coder, "p1", "2024-05-01",
                       "China threatened to impose sanctions on India. "
                       "Turkey signed an agreement with Egypt. "
                       "Russia sent humanitarian aid to Ukraine.",
                       NULL, &err),
              0);
    CHECK_INT(put_text(store, coder, "p2", "2024-05-01",
                       "Reports said China threatened to impose sanctions on India.", NULL, &err),
              0);
    saydo_store_summary sum;
    CHECK_INT(saydo_store_get_summary(store, &sum, &err), 0);
    CHECK_INT(sum.articles, 2);
    CHECK(sum.events >= 3);
    CHECK(sum.mentions >= sum.events);
    CHECK_STR(sum.first, "2024-05-01");
    CHECK_STR(sum.last, "2024-05-01");

    /* offset pages through the same rows as one query */
    saydo_store_filter all = SAYDO_STORE_FILTER_INIT;
    saydo_store_rows *rows = NULL;
    const saydo_store_row *row;
    long long ids[16];
    int n = 0;
    CHECK_INT(saydo_store_query(store, &all, &rows, &err), 0);
    while (n < 16 && saydo_store_rows_next(rows, &row, &err) == 1)
        ids[n++] = row->event_id;
    saydo_store_rows_free(rows);
    CHECK_INT(n, sum.events);
    for (int off = 0; off < n; off++) {
        saydo_store_filter page = SAYDO_STORE_FILTER_INIT;
        page.limit = 1;
        page.offset = off;
        CHECK_INT(saydo_store_query(store, &page, &rows, &err), 0);
        CHECK_INT(saydo_store_rows_next(rows, &row, &err), 1);
        CHECK_INT(row->event_id, ids[off]);
        CHECK_INT(saydo_store_rows_next(rows, &row, &err), 0);
        saydo_store_rows_free(rows);
    }
    saydo_store_filter negative = SAYDO_STORE_FILTER_INIT;
    negative.offset = -1;
    CHECK_INT(saydo_store_query(store, &negative, &rows, &err), SAYDO_ERR_ARG);

    /* plover: every row has it; an unknown one selects nothing, also in
     * aggregates (which must not read the summaries then) */
    saydo_store_filter pl = SAYDO_STORE_FILTER_INIT;
    pl.plover = "THREATEN";
    CHECK_INT(saydo_store_query(store, &pl, &rows, &err), 0);
    int np = 0;
    while (saydo_store_rows_next(rows, &row, &err) == 1) {
        CHECK_STR(row->plover, "THREATEN");
        np++;
    }
    saydo_store_rows_free(rows);
    CHECK(np >= 1);
    pl.plover = "NO_SUCH_TYPE";
    const saydo_store_agg_row *a;
    CHECK_INT(saydo_store_aggregate(store, &pl, agg_opts(SAYDO_AGG_ACTORS, 10), &rows, &err), 0);
    CHECK_INT(saydo_store_rows_next_agg(rows, &a, &err), 0);
    saydo_store_rows_free(rows);
    CHECK_INT(saydo_store_aggregate(store, &pl, agg_opts(SAYDO_AGG_MONTH, 0), &rows, &err), 0);
    CHECK_INT(saydo_store_rows_next_agg(rows, &a, &err), 0);
    saydo_store_rows_free(rows);
    /* place: no event here has one, so any name selects nothing */
    saydo_store_filter place = SAYDO_STORE_FILTER_INIT;
    place.place = "geneva";
    CHECK_INT(saydo_store_query(store, &place, &rows, &err), 0);
    CHECK_INT(saydo_store_rows_next(rows, &row, &err), 0);
    saydo_store_rows_free(rows);

    /* a version-1 filter: only the bytes up to limit are read */
    size_t v1_size = offsetof(saydo_store_filter, place);
    saydo_store_filter *v1 = malloc(v1_size);
    CHECK(v1 != NULL);
    if (v1) {
        saydo_store_filter init = SAYDO_STORE_FILTER_INIT;
        init.version = 1;
        init.source = "CHN";
        memcpy(v1, &init, v1_size);
        CHECK_INT(saydo_store_query(store, v1, &rows, &err), 0);
        CHECK_INT(saydo_store_rows_next(rows, &row, &err), 1);
        CHECK_STR(row->source, "CHN");
        saydo_store_rows_free(rows);
        free(v1);
    }

    /* one event with its mentions: two reports of China's threat */
    saydo_store_filter chn = SAYDO_STORE_FILTER_INIT;
    chn.source = "CHN";
    long long chn_id = 0;
    CHECK_INT(saydo_store_query(store, &chn, &rows, &err), 0);
    if (saydo_store_rows_next(rows, &row, &err) == 1) {
        chn_id = row->event_id;
        CHECK_INT(row->num_mentions, 2);
    }
    saydo_store_rows_free(rows);
    CHECK_INT(saydo_store_get_event(store, chn_id, &rows, &err), 1);
    CHECK_INT(saydo_store_rows_next(rows, &row, &err), 1);
    CHECK_INT(row->event_id, chn_id);
    const saydo_store_mention *m;
    int nm = 0;
    while (saydo_store_rows_next_mention(rows, &m, &err) == 1) {
        nm++;
        CHECK_STR(m->article, nm == 1 ? "p1" : "p2");
        CHECK_STR(m->article_date, "2024-05-01");
        CHECK_STR(m->cameo, row->cameo);
        size_t len = strlen(m->sentence_text);
        CHECK(m->source_span.end > m->source_span.start && m->source_span.end <= len);
        CHECK(!strncmp(m->sentence_text + m->source_span.start, "China", 5));
        CHECK(!strncmp(m->sentence_text + m->target_span.start, "India", 5));
        CHECK(m->verb_span.end <= len);
    }
    CHECK_INT(nm, 2);
    saydo_store_rows_free(rows);
    rows = NULL;
    CHECK_INT(saydo_store_get_event(store, 987654, &rows, &err), 0);
    CHECK(rows == NULL);
    saydo_store_close(store);
    saydo_coder_free(coder);
}

/* saydo_store_options.query_ms (version 2): a query past its limit fails
 * with TIMEOUT, the store goes on answering, writes are never cut short,
 * and a version-1 options struct (no query_ms) has no limit. */
TEST(store_query_time_limit)
{
    saydo_coder *coder = coder_for(t);
    if (!coder)
        SKIP("no coder (run from the source tree)");
    const char *path = sd_test_path(t, "limit.db");
    saydo_store *store = NULL;
    saydo_error err;
    CHECK_INT(saydo_store_open(path, NULL, &store, &err), 0);
    CHECK_INT(put_text(store, coder, "a1", "2024-01-02", "Russia attacked Ukraine near Kyiv.",
                       NULL, &err),
              0);
    saydo_store_close(store);
    saydo_coder_free(coder);
    /* many events: a filter no index serves reads them all */
    sql_exec(path, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)"
                   " INSERT INTO events(day, date, source, target, cameo, root, quad, goldstein,"
                   " plover, mood, location, country, first_mention, num_mentions, num_sources,"
                   " num_articles) SELECT e.day + n.i % 300, e.date, e.source, e.target, e.cameo,"
                   " e.root, e.quad, e.goldstein, e.plover, e.mood, e.location, e.country,"
                   " e.first_mention, e.num_mentions, e.num_sources, e.num_articles"
                   " FROM events e, n");
    saydo_store_options so = SAYDO_STORE_OPTIONS_INIT;
    so.read_only = 1;
    so.query_ms = 1;
    CHECK_INT(saydo_store_open(path, &so, &store, &err), 0);
    saydo_store_filter f = SAYDO_STORE_FILTER_INIT;
    f.place = "nowhere";
    saydo_store_rows *rows = NULL;
    const saydo_store_row *r;
    int rc = saydo_store_query(store, &f, &rows, &err);
    if (rc == 0) {
        rc = saydo_store_rows_next(rows, &r, &err);
        saydo_store_rows_free(rows);
    }
    CHECK_INT(rc, SAYDO_ERR_TIMEOUT);
    CHECK_INT(err.code, SAYDO_ERR_TIMEOUT);
    CHECK_CONTAINS(err.message, "limit of 1 ms");
    /* the next quick query is answered */
    saydo_store_summary sum;
    CHECK_INT(saydo_store_get_summary(store, &sum, &err), 0);
    CHECK(sum.events > 60000);
    saydo_store_close(store);
    /* version 1: no query_ms, no limit */
    saydo_store_options v1 = {1, 1, 1, 0, 12345, 0};
    CHECK_INT(saydo_store_open(path, &v1, &store, &err), 0);
    rows = NULL;
    rc = saydo_store_query(store, &f, &rows, &err);
    if (rc == 0) {
        rc = saydo_store_rows_next(rows, &r, &err);
        saydo_store_rows_free(rows);
    }
    CHECK_INT(rc, 0);
    saydo_store_close(store);
    so.query_ms = -1;
    CHECK_INT(saydo_store_open(path, &so, &store, &err), SAYDO_ERR_ARG);
}

/* saydo_store_options.batch (issue 18/19): many puts in one transaction,
 * a savepoint each; an edit inside the batch takes its old events out of
 * the summaries; queries on the handle count the open batch; a put that
 * fails is undone alone and the batch goes on. */
TEST(store_batch_savepoints)
{
    saydo_coder *coder = coder_for(t);
    CHECK(coder != NULL);
    if (!coder)
        return;
    const char *path = sd_test_path(t, "batch.db");
    saydo_store_options so = SAYDO_STORE_OPTIONS_INIT;
    so.batch = 1000;
    saydo_store *store = NULL;
    saydo_error err;
    saydo_store_status status = 0;
    CHECK_INT(saydo_store_open(path, &so, &store, &err), 0);
    CHECK_INT(put_text(store, coder, "a1", "2024-01-02",
                       "Russian forces attacked Ukrainian positions. France sent aid to Mali.",
                       &status, &err),
              0);
    CHECK_INT(status, SAYDO_STORE_ADDED);
    CHECK_INT(put_text(store, coder, "a2", "2024-01-02",
                       "China threatened to impose sanctions on India. Russian forces attacked "
                       "Ukrainian positions.",
                       &status, &err),
              0);
    CHECK_INT(put_text(store, coder, "a1", "2024-01-03", "Turkey met Greece in Ankara.", &status,
                       &err),
              0);
    CHECK_INT(status, SAYDO_STORE_REPLACED);
    saydo_store_rows *rows = NULL;
    const saydo_store_agg_row *agg;
    long total = 0;
    CHECK_INT(saydo_store_aggregate(store, NULL, agg_opts(SAYDO_AGG_ACTORS, 20), &rows, &err), 0);
    while (rows && saydo_store_rows_next_agg(rows, &agg, &err) == 1)
        total += agg->count;
    saydo_store_rows_free(rows);
    CHECK(total >= 4);
    int failed = 0, stored = 0;
    for (long n = 1; n < 2000 && !stored; n++) {
        sd_alloc_fail_after(n);
        int rc = put_text(store, coder, "late", "2024-01-04",
                          "Iran threatened Israel. Egypt hosted talks with Qatar.", NULL, &err);
        sd_alloc_fail_after(0);
        if (rc == 0)
            stored = 1;
        else
            failed++;
    }
    CHECK(stored && failed > 0);
    CHECK_INT(saydo_store_commit(store, &err), 0);
    CHECK_INT(saydo_store_commit(store, &err), 0); /* nothing open: nothing to do */
    saydo_store_close(store);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM articles"), 3);
    check_consistent(t, path);
    saydo_coder_free(coder);
}

/* A store of schema 2 kept its summaries by triggers: opening it to write
 * drops them (schema 3), and the writer keeps the summaries from then on. */
TEST(store_migrates_v2_triggers)
{
    saydo_coder *coder = coder_for(t);
    CHECK(coder != NULL);
    if (!coder)
        return;
    const char *path = sd_test_path(t, "v2.db");
    saydo_store *store = NULL;
    saydo_error err;
    CHECK_INT(saydo_store_open(path, NULL, &store, &err), 0);
    CHECK_INT(put_text(store, coder, "a1", "2024-01-02", "Russian forces attacked Ukrainian "
                       "positions.", NULL, &err), 0);
    saydo_store_close(store);
    sql_exec(path, "CREATE TRIGGER events_count_insert AFTER INSERT ON events BEGIN"
                   " UPDATE actor_totals SET n = n + 1000 WHERE 0; END;"
                   "CREATE TRIGGER events_count_delete AFTER DELETE ON events BEGIN"
                   " UPDATE actor_totals SET n = n + 1000 WHERE 0; END;" DROP_V4
                   "PRAGMA user_version = 2; UPDATE saydo_meta SET value = '2'"
                   " WHERE key = 'schema';");
    CHECK_INT(saydo_store_open(path, NULL, &store, &err), 0);
    CHECK_INT(put_text(store, coder, "a2", "2024-01-02", "China threatened to impose sanctions "
                       "on India.", NULL, &err), 0);
    saydo_store_close(store);
    CHECK_INT(sql_int(path, "PRAGMA user_version"), 4);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"), 0);
    check_consistent(t, path);
    saydo_coder_free(coder);
}

/* A store of schema 3 has no actors' places, ADM1 codes or tone: read
 * as it is when opened read-only (places NONE, tone NAN), upgraded in
 * place when opened for writing, and its new reports keep all three. */
TEST(store_upgrades_schema_3)
{
    saydo_coder *coder = coder_for(t);
    if (!coder)
        SKIP("no coder (data/ missing)");
    const char *path = sd_test_path(t, "v3.db");
    saydo_store *store = NULL;
    saydo_error err;
    CHECK_INT(saydo_store_open(path, NULL, &store, &err), 0);
    CHECK_INT(put_text(store, coder, "old", "2024-03-01", "France accused Germany of lying.",
                       NULL, &err),
              0);
    saydo_store_close(store);
    sql_exec(path, DROP_V4 "PRAGMA user_version = 3;"
                   "UPDATE saydo_meta SET value = '3' WHERE key = 'schema';");
    saydo_store_options ro = SAYDO_STORE_OPTIONS_INIT;
    ro.read_only = 1;
    saydo_store_filter f = SAYDO_STORE_FILTER_INIT;
    saydo_store_rows *rows = NULL;
    const saydo_store_row *row = NULL;
    CHECK_INT(saydo_store_open(path, &ro, &store, &err), 0);
    CHECK_INT(saydo_store_query(store, &f, &rows, &err), 0);
    CHECK_INT(saydo_store_rows_next(rows, &row, &err), 1);
    CHECK_STR(row->source, "FRA");
    CHECK_INT(row->source_location.precision, SAYDO_GEO_NONE);
    CHECK_STR(row->location_adm1, "");
    CHECK(isnan(row->avg_tone));
    saydo_store_rows_free(rows);
    saydo_store_close(store);
    CHECK_INT(sql_int(path, "PRAGMA user_version"), 3);

    CHECK_INT(saydo_store_open(path, NULL, &store, &err), 0);
    CHECK_INT(sql_int(path, "PRAGMA user_version"), 4);
    CHECK_INT(put_text(store, coder, "new", "2024-05-01",
                       "Police in Lagos arrested dozens of protesters.", NULL, &err),
              0);
    f.source = "NGA*";
    CHECK_INT(saydo_store_query(store, &f, &rows, &err), 0);
    CHECK_INT(saydo_store_rows_next(rows, &row, &err), 1);
    if (row && coder->gaz) {
        CHECK_INT(row->source_location.precision, SAYDO_GEO_CITY);
        CHECK_STR(row->source_location.name, "Lagos");
        CHECK_STR(row->source_location_adm1, "NI05");
        CHECK_INT(row->target_location.precision, SAYDO_GEO_COUNTRY);
        CHECK_STR(row->target_location_adm1, "NI");
        CHECK_STR(row->location_adm1, "NI05");
    }
    if (row && coder->tone)
        CHECK(row->avg_tone < 0 && row->avg_tone > -100);
    saydo_store_rows_free(rows);
    saydo_store_close(store);
    check_consistent(t, path);
    saydo_coder_free(coder);
}

/* saydo ingest -j N --batch M stores what -j 1 --batch 1 does, row for
 * row (issue 18). */
TEST(cli_ingest_jobs_same_store)
{
    const char *corpus_path = sd_test_path(t, "jobs-corpus.jsonl");
    char *corpus = make_corpus(200, 4);
    sd_test_write_file(corpus_path, corpus, strlen(corpus));
    free(corpus);
    const char *one = sd_test_path(t, "one.db");
    const char *four = sd_test_path(t, "four.db");
    run_out r = run(t, (const char *[]){"ingest", "--db", one, "-j", "1", "--batch", "1",
                                        corpus_path, NULL});
    CHECK_INT(r.status, 0);
    run_free(&r);
    r = run(t, (const char *[]){"ingest", "--db", four, "-j", "4", "--batch", "7", corpus_path,
                                NULL});
    CHECK_INT(r.status, 0);
    run_free(&r);
    check_consistent(t, four);
    static const char *const raw[] = {"--raw", NULL};
    for (int i = 0; i < 2; i++) {
        run_out a = run(t, (const char *[]){"query", "--db", one, "--format", "tsv", raw[i], NULL});
        run_out b = run(t, (const char *[]){"query", "--db", four, "--format", "tsv", raw[i],
                                            NULL});
        /* DATEADDED is when each store took the article: it differs */
        sd_test_drop_tsv_column(a.out, 59);
        sd_test_drop_tsv_column(b.out, 59);
        CHECK_INT(a.status, 0);
        CHECK(count_lines(a.out) > 100);
        CHECK(a.out && b.out && strcmp(a.out, b.out) == 0);
        run_free(&a);
        run_free(&b);
    }
    run_out a = run(t, (const char *[]){"query", "top", "dyads", "--db", one, "--format", "csv",
                                        NULL});
    run_out b = run(t, (const char *[]){"query", "top", "dyads", "--db", four, "--format", "csv",
                                        NULL});
    CHECK(a.out && b.out && strcmp(a.out, b.out) == 0);
    run_free(&a);
    run_free(&b);
    r = run(t, (const char *[]){"ingest", "--db", four, "-j", "x", corpus_path, NULL});
    CHECK_INT(r.status, 2);
    run_free(&r);
    r = run(t, (const char *[]){"ingest", "--db", four, "--batch", "0", corpus_path, NULL});
    CHECK_INT(r.status, 2);
    run_free(&r);
}
