/*
 * PostgreSQL store tests (issue 18): the same store through the
 * PostgreSQL backend as through SQLite.  Each test starts a throwaway
 * cluster of the real server (Debian's postgresql package: initdb and
 * pg_ctl from /usr/lib/postgresql/N/bin) in a temporary folder, listening
 * only on a unix socket there, as the user nobody when the tests run as
 * root (PostgreSQL refuses root), and stops and removes it at the end.
 * Without the server binaries, or without a way to run them as another
 * user, each test skips with one line saying why.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "saydo.h"
#include "test.h"

typedef sd_test_pg pg_cluster;

/* Run argv (as nobody when c->as_nobody); its exit status. */
static int pg_run(const pg_cluster *c, const char *const *argv, char **err_out)
{
    const char *full[24];
    size_t n = 0;
    if (c->as_nobody) {
        full[n++] = "/usr/sbin/runuser";
        full[n++] = "-u";
        full[n++] = "nobody";
        full[n++] = "--";
    }
    for (size_t i = 0; argv[i] && n < 23; i++)
        full[n++] = argv[i];
    full[n] = NULL;
    char *out = NULL, *err = NULL;
    int status = sd_test_run(full, NULL, 0, &out, &err, 120);
    free(out);
    if (err_out)
        *err_out = err;
    else
        free(err);
    return status;
}

/* The newest /usr/lib/postgresql/N/bin with initdb and pg_ctl, or "". */
static void find_bin(char *bin, size_t size)
{
    bin[0] = '\0';
    DIR *d = opendir("/usr/lib/postgresql");
    if (!d)
        return;
    long best = -1;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char path[600];
        long v = strtol(e->d_name, NULL, 10);
        snprintf(path, sizeof path, "/usr/lib/postgresql/%s/bin/initdb", e->d_name);
        if (v > best && access(path, X_OK) == 0) {
            best = v;
            snprintf(bin, size, "/usr/lib/postgresql/%s/bin", e->d_name);
        }
    }
    closedir(d);
}

int sd_test_pg_start(sd_test *t, sd_test_pg *c, const char **why)
{
    memset(c, 0, sizeof *c);
    find_bin(c->bin, sizeof c->bin);
    if (!c->bin[0]) {
        *why = "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb; "
               "Debian package postgresql, see scripts/install-deps)";
        return 1;
    }
    if (geteuid() == 0) {
        if (access("/usr/sbin/runuser", X_OK) != 0) {
            *why = "running as root and /usr/sbin/runuser is missing: cannot start "
                   "PostgreSQL as another user";
            return 1;
        }
        c->as_nobody = 1;
    }
    snprintf(c->dir, sizeof c->dir, "/tmp/saydo-pg-XXXXXX");
    if (!mkdtemp(c->dir)) {
        *why = "cannot make a temporary folder in /tmp";
        return 1;
    }
    if (c->as_nobody && (chown(c->dir, 65534, 65534) != 0 || chmod(c->dir, 0755) != 0)) {
        *why = "cannot give the temporary folder to nobody";
        rmdir(c->dir);
        return 1;
    }
    char data[128], initdb[400], pg_ctl[400], opts[256], logf[128], createdb[400];
    snprintf(data, sizeof data, "%s/data", c->dir);
    snprintf(logf, sizeof logf, "%s/log", c->dir);
    snprintf(initdb, sizeof initdb, "%s/initdb", c->bin);
    snprintf(pg_ctl, sizeof pg_ctl, "%s/pg_ctl", c->bin);
    snprintf(createdb, sizeof createdb, "%s/createdb", c->bin);
    snprintf(opts, sizeof opts,
             "-k %s -c listen_addresses= -p 5432 -c fsync=off -c full_page_writes=off", c->dir);
    char *err = NULL;
    if (pg_run(c, (const char *[]){initdb, "-D", data, "-A", "trust", "-U", "saydo",
                                   "--no-sync", "-E", "UTF8", "--locale=C", NULL},
               &err) != 0) {
        sd_test_fail(t, __FILE__, __LINE__, "initdb failed: %.300s", err ? err : "");
        free(err);
        return -1;
    }
    free(err);
    if (pg_run(c, (const char *[]){pg_ctl, "-D", data, "-o", opts, "-l", logf, "-w", "start",
                                   NULL},
               &err) != 0) {
        sd_test_fail(t, __FILE__, __LINE__, "pg_ctl start failed: %.300s", err ? err : "");
        free(err);
        return -1;
    }
    free(err);
    for (int i = 0; i < 2; i++) {
        if (pg_run(c, (const char *[]){createdb, "-h", c->dir, "-p", "5432", "-U", "saydo",
                                       i ? "saydo2" : "saydo", NULL},
                   &err) != 0) {
            sd_test_fail(t, __FILE__, __LINE__, "createdb failed: %.300s", err ? err : "");
            free(err);
            return -1;
        }
        free(err);
    }
    snprintf(c->url, sizeof c->url, "postgresql://saydo@/saydo?host=%s&port=5432", c->dir);
    return 0;
}

void sd_test_pg_stop(const sd_test_pg *c)
{
    if (!c->dir[0])
        return;
    char data[128], pg_ctl[400], cmd[256];
    snprintf(data, sizeof data, "%s/data", c->dir);
    snprintf(pg_ctl, sizeof pg_ctl, "%s/pg_ctl", c->bin);
    pg_run(c, (const char *[]){pg_ctl, "-D", data, "-m", "immediate", "-w", "stop", NULL}, NULL);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", c->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "  could not remove %s\n", c->dir);
}

typedef struct run_out {
    int status;
    char *out, *err;
} run_out;

static run_out run(sd_test *t, const char *const *args)
{
    const char *argv[40] = {t->saydo};
    size_t n = 1;
    for (; args[n - 1] && n < 39; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    run_out r;
    r.status = sd_test_run(argv, NULL, 0, &r.out, &r.err, 300);
    return r;
}

static void run_free(run_out *r)
{
    free(r->out);
    free(r->err);
}

/* A corpus of n articles over a few weeks and actor pairs, so that reports
 * merge into events; the last line edits article 3. */
static char *corpus(size_t n)
{
    static const char *const c[] = {"Russia", "Ukraine", "China", "India", "France",
                                    "Mali", "Turkey", "Greece", "Iran", "Israel"};
    static const char *const tpl[][2] = {
        {" accused ", " of violating the ceasefire."}, {" sent humanitarian aid to ", "."},
        {" threatened to impose sanctions on ", "."}, {" held talks with ", " in Geneva."},
        {" forces attacked positions in ", "."}, {" promised to withdraw troops from ", "."}};
    static const char *const outlets[] = {"Wire A", "Wire B", "Daily C"};
    sd_buf b = SD_BUF_INIT;
    unsigned x = 12345;
    for (size_t i = 0; i <= n; i++) {
        size_t id = i < n ? i + 1 : 3;
        x = x * 1103515245u + 12345u;
        sd_buf_printf(&b, "{\"id\":\"p%04zu\",\"date\":\"2024-0%u-%02u\",\"source\":\"%s\","
                          "\"title\":\"Report %zu\",\"text\":\"",
                      id, 1 + (x >> 16) % 3, 1 + (x >> 8) % 28, outlets[(x >> 4) % 3], id);
        for (int s = 0; s < 3; s++) {
            x = x * 1103515245u + 12345u;
            unsigned a = (x >> 16) % 10, d = (a + 1 + (x >> 8) % 9) % 10;
            const char *const *parts = tpl[(x >> 4) % 6];
            sd_buf_printf(&b, "%s%s%s%s ", c[a], parts[0], c[d], parts[1]);
        }
        if (i == n)
            sd_buf_puts(&b, "Iran expelled French diplomats.");
        sd_buf_puts(&b, "\"}\n");
    }
    return b.data;
}

/* The query arguments compared between the backends. */
static const char *const queries[][10] = {
    {"--format", "jsonl", NULL},
    {"--format", "tsv", "--raw", NULL},
    {"--format", "plover", NULL},
    {"--format", "csv", "--limit", "7", NULL},
    {"--format", "csv", "--source", "RUS*", "--from", "2024-02-01", NULL},
    {"--format", "csv", "--dyad", "CHN,IND", NULL},
    {"--format", "csv", "--code", "1", "--outlet", "Wire*", NULL},
    {"--format", "csv", "--mood", "intended", "--raw", NULL},
    {"series", "--by", "day", "--format", "csv", NULL},
    {"series", "--by", "week", "--format", "csv", NULL},
    {"series", "--by", "month", "--dyad", "RUS,UKR", "--format", "csv", NULL},
    {"top", "actors", "--format", "csv", NULL},
    {"top", "dyads", "--format", "csv", NULL},
    {"top", "dyads", "--both", "--format", "csv", NULL},
    {"top", "dyads", "--root", "19", "--format", "csv", NULL},
    {"top", "dyads", "--from", "2024-01-15", "--format", "csv", NULL},
    {"followthrough", "--actor", "RUS", "--format", "csv", NULL},
};

/* saydo query ARGS --db db: its standard output (caller frees), NULL on
 * failure (reported). */
static char *query(sd_test *t, const char *db, const char *const *args)
{
    const char *argv[16] = {"query"};
    size_t n = 1;
    for (size_t i = 0; args[i] && n < 13; i++)
        argv[n++] = args[i];
    argv[n++] = "--db";
    argv[n++] = db;
    argv[n] = NULL;
    run_out r = run(t, argv);
    if (r.status != 0) {
        sd_test_fail(t, __FILE__, __LINE__, "saydo query %s %s: status %d: %.300s", args[0],
                     args[1] ? args[1] : "", r.status, r.err ? r.err : "");
        run_free(&r);
        return NULL;
    }
    free(r.err);
    return r.out;
}

/* Drop the lines of a CSV series whose events column (the sixth) is 0:
 * a series with --from is zero-filled from that date. */
static void drop_empty_periods(char *s)
{
    char *out = s;
    for (char *line = s; *line;) {
        char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) + 1 : strlen(line);
        const char *f = line;
        for (int k = 0; k < 5 && f; k++) {
            f = memchr(f, ',', (size_t)(line + n - f));
            if (f)
                f++;
        }
        int empty = f && f[0] == '0' && f[1] == ',';
        if (!empty) {
            memmove(out, line, n);
            out += n;
        }
        line += n;
    }
    *out = '\0';
}

static void same_queries(sd_test *t, const char *a, const char *b)
{
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        char *x = query(t, a, queries[i]), *y = query(t, b, queries[i]);
        int tsv = 0;
        for (size_t k = 0; queries[i][k]; k++)
            tsv |= strcmp(queries[i][k], "tsv") == 0;
        if (tsv && x && y) {
            sd_test_drop_tsv_column(x, 59); /* DATEADDED */
            sd_test_drop_tsv_column(y, 59);
        }
        CHECK(x && y && strcmp(x, y) == 0);
        if (x && y && strcmp(x, y) != 0)
            fprintf(stderr, "  query %s %s differs between %s and %s\n", queries[i][0],
                    queries[i][1] ? queries[i][1] : "", a, b);
        free(x);
        free(y);
    }
}

TEST(pg_store_same_as_sqlite)
{
    pg_cluster c;
    const char *why = NULL;
    int rc = sd_test_pg_start(t, &c, &why);
    if (rc == 1)
        SKIP(why);
    if (rc < 0) {
        sd_test_pg_stop(&c);
        return;
    }
    const char *input = sd_test_path(t, "pg-corpus.jsonl");
    char *text = corpus(t->quick ? 60 : 200);
    sd_test_write_file(input, text, strlen(text));
    free(text);
    const char *lite = sd_test_path(t, "pg-lite.db");
    run_out r = run(t, (const char *[]){"ingest", "--db", lite, "-j", "1", input, NULL});
    CHECK_INT(r.status, 0);
    run_free(&r);
    r = run(t, (const char *[]){"ingest", "--db", c.url, "-j", "2", "--batch", "9", input, NULL});
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.err, "1 replaced");
    run_free(&r);
    same_queries(t, c.url, lite);

    /* again: nothing changes */
    r = run(t, (const char *[]){"ingest", "--db", c.url, input, NULL});
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.err, "0 added, 0 replaced");
    run_free(&r);
    char *a = query(t, c.url, queries[0]), *b = query(t, lite, queries[0]);
    CHECK(a && b && strcmp(a, b) == 0);
    free(a);
    free(b);

    /* the library: summary, one event with its mentions, a time limit */
    saydo_store *pg = NULL, *sq = NULL;
    saydo_error err;
    saydo_store_options ro = SAYDO_STORE_OPTIONS_INIT;
    ro.read_only = 1;
    CHECK_INT(saydo_store_open(c.url, &ro, &pg, &err), 0);
    CHECK_INT(saydo_store_open(lite, &ro, &sq, &err), 0);
    if (pg && sq) {
        saydo_store_summary x, y;
        CHECK_INT(saydo_store_get_summary(pg, &x, &err), 0);
        CHECK_INT(saydo_store_get_summary(sq, &y, &err), 0);
        CHECK_INT(x.events, y.events);
        CHECK_INT(x.mentions, y.mentions);
        CHECK_INT(x.articles, y.articles);
        CHECK_STR(x.first, y.first);
        CHECK_STR(x.last, y.last);
        for (long long id = 1; id <= 3; id++) {
            saydo_store_rows *ra = NULL, *rb = NULL;
            CHECK_INT(saydo_store_get_event(pg, id, &ra, &err), 1);
            CHECK_INT(saydo_store_get_event(sq, id, &rb, &err), 1);
            const saydo_store_mention *ma, *mb;
            int na, nb;
            while (ra && rb && (na = saydo_store_rows_next_mention(ra, &ma, &err)) ==
                                   (nb = saydo_store_rows_next_mention(rb, &mb, &err)) &&
                   na == 1) {
                CHECK_INT(ma->mention_id, mb->mention_id);
                CHECK_STR(ma->sentence_text, mb->sentence_text);
                CHECK_INT(ma->verb_span.start, mb->verb_span.start);
            }
            saydo_store_rows_free(ra);
            saydo_store_rows_free(rb);
        }
        saydo_store_rows *none = NULL;
        CHECK_INT(saydo_store_get_event(pg, 999999999, &none, &err), 0);
        CHECK(saydo_store_data_version(pg) >= 0);
    }
    saydo_store_close(pg);
    saydo_store_close(sq);
    sd_test_pg_stop(&c);
}

/* Three ingests of one corpus at once into one database: every article
 * once, every mention once, counts and summaries consistent. */
TEST(pg_store_concurrent_ingest)
{
    pg_cluster c;
    const char *why = NULL;
    int rc = sd_test_pg_start(t, &c, &why);
    if (rc == 1)
        SKIP(why);
    if (rc < 0) {
        sd_test_pg_stop(&c);
        return;
    }
    const char *input = sd_test_path(t, "pg-corpus.jsonl");
    char *text = corpus(t->quick ? 60 : 150);
    sd_test_write_file(input, text, strlen(text));
    free(text);
    const char *lite = sd_test_path(t, "pg-one.db");
    run_out r = run(t, (const char *[]){"ingest", "--db", lite, input, NULL});
    CHECK_INT(r.status, 0);
    run_free(&r);
    char url2[300];
    snprintf(url2, sizeof url2, "postgresql://saydo@/saydo2?host=%s&port=5432", c.dir);
    pid_t pid[3];
    for (int i = 0; i < 3; i++) {
        pid[i] = fork();
        if (pid[i] == 0) {
            if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
                _exit(126);
            execl(t->saydo, t->saydo, "ingest", "--quiet", "-j", "1", "--batch", "3", "--db",
                  url2, input, (char *)NULL);
            _exit(127);
        }
    }
    for (int i = 0; i < 3; i++) {
        int status = 0;
        if (pid[i] > 0 && waitpid(pid[i], &status, 0) == pid[i])
            CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    saydo_store *pg = NULL, *sq = NULL;
    saydo_error err;
    CHECK_INT(saydo_store_open(url2, NULL, &pg, &err), 0);
    CHECK_INT(saydo_store_open(lite, NULL, &sq, &err), 0);
    if (pg && sq) {
        saydo_store_summary x, y;
        CHECK_INT(saydo_store_get_summary(pg, &x, &err), 0);
        CHECK_INT(saydo_store_get_summary(sq, &y, &err), 0);
        CHECK_INT(x.articles, y.articles);
        CHECK_INT(x.mentions, y.mentions);
    }
    saydo_store_close(pg);
    saydo_store_close(sq);
    /* the summaries agree with the events: top dyads from dyad_totals and
     * from a scan of every event (a date filter forces the scan) */
    static const char *const from_summary[] = {"top", "dyads", "--n", "1000", "--format", "csv",
                                               NULL};
    static const char *const from_events[] = {"top", "dyads", "--n", "1000", "--from",
                                              "1900-01-01", "--format", "csv", NULL};
    static const char *const month_summary[] = {"series", "--by", "month", "--format", "csv",
                                                NULL};
    static const char *const month_events[] = {"series", "--by", "month", "--from",
                                               "1900-01-01", "--format", "csv", NULL};
    char *a = query(t, url2, from_summary), *b = query(t, url2, from_events);
    CHECK(a && b && strcmp(a, b) == 0);
    free(a);
    free(b);
    a = query(t, url2, month_summary);
    b = query(t, url2, month_events);
    if (a && b) {
        drop_empty_periods(a);
        drop_empty_periods(b);
    }
    CHECK(a && b && strcmp(a, b) == 0);
    free(a);
    free(b);
    sd_test_pg_stop(&c);
}

/* A password in a PostgreSQL URL is never echoed: not in the ingest
 * summary, not in the serve banner (the cluster trusts every local
 * connection, so any password is accepted). */
TEST(pg_password_redacted)
{
    pg_cluster c;
    const char *why = NULL;
    int rc = sd_test_pg_start(t, &c, &why);
    if (rc == 1)
        SKIP(why);
    if (rc < 0) {
        sd_test_pg_stop(&c);
        return;
    }
    char url[400];
    snprintf(url, sizeof url, "postgresql://saydo:hunter2@/saydo?host=%s&port=5432", c.dir);
    run_out r = run(t, (const char *[]){"ingest", "--db", url,
                                        "data/samples/01-geneva-border-talks.txt", NULL});
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.err, "saydo:***@");
    CHECK(r.err && !strstr(r.err, "hunter2"));
    run_free(&r);
    const char *log = sd_test_path(t, "pg-serve.log");
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen(log, "w", stderr))
            _exit(126);
        execl(t->saydo, t->saydo, "serve", "--db", url, "--listen", "127.0.0.1:0", (char *)NULL);
        _exit(127);
    }
    char *text = NULL;
    for (int i = 0; i < 200; i++) {
        free(text);
        text = sd_test_read_file(log, NULL);
        if (text && strstr(text, "threads"))
            break;
        usleep(50000);
    }
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    CHECK_CONTAINS(text, "saydo:***@");
    CHECK(text && !strstr(text, "hunter2"));
    free(text);
    sd_test_pg_stop(&c);
}
