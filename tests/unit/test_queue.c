/*
 * Distributed ingest tests (issue 18): 'saydo queue' and 'saydo worker' on
 * a Redis Stream.  The tests that need a server start the real one
 * (Debian's redis-server) on a temporary folder and a free port on
 * 127.0.0.1, and stop it at the end; without redis-server they skip with
 * one line saying why.  The PostgreSQL variants start a throwaway cluster
 * (sd_test_pg_start) and skip without one.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../cli/cli.h"
#include "../../cli/queue.h"
#include "saydo.h"
#include "test.h"

/* ------------------------------------------------------------ no server */

TEST(queue_redis_url)
{
    cli_redis_url u;
    char why[600];
    CHECK_INT(cli_redis_url_parse("redis://example.org:6380/2", &u, why, sizeof why), 0);
    CHECK_STR(u.host, "example.org");
    CHECK_INT(u.port, 6380);
    CHECK_INT(u.db, 2);
    CHECK_INT(cli_redis_url_parse("redis://:s%40cret@h", &u, why, sizeof why), 0);
    CHECK_STR(u.password, "s@cret");
    CHECK_STR(u.host, "h");
    CHECK_INT(u.port, 6379);
    CHECK(strstr(u.shown, "cret") == NULL);
    CHECK_INT(cli_redis_url_parse("redis://ann:pw@[::1]:7000", &u, why, sizeof why), 0);
    CHECK_STR(u.user, "ann");
    CHECK_STR(u.password, "pw");
    CHECK_STR(u.host, "::1");
    CHECK_INT(u.port, 7000);
    CHECK_STR(u.shown, "redis://ann:***@[::1]:7000");
    CHECK_INT(cli_redis_url_parse("unix:///run/redis.sock?db=3", &u, why, sizeof why), 0);
    CHECK_STR(u.socket, "/run/redis.sock");
    CHECK_INT(u.db, 3);
    static const char *const bad[] = {"",           "http://h",         "redis://h:0",
                                      "redis://h:x", "redis://h/notdb", "unix://relative",
                                      "redis://[::1", "redis://u:%zz@h", "unix:///s?x=1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why[0] = '\0';
        CHECK_INT(cli_redis_url_parse(bad[i], &u, why, sizeof why), -1);
        CHECK(why[0] != '\0');
    }
}

TEST(queue_redact_url)
{
    char buf[512];
    CHECK_STR(cli_redact_url("postgresql://ann:secret@db.example/saydo", buf, sizeof buf),
              "postgresql://ann:***@db.example/saydo");
    CHECK_STR(cli_redact_url("postgresql://ann@/saydo?host=/tmp&password=x%20y&port=5", buf,
                             sizeof buf),
              "postgresql://ann@/saydo?host=/tmp&password=***&port=5");
    CHECK_STR(cli_redact_url("host=h password='a b\\' c' dbname=d", buf, sizeof buf),
              "host=h password=*** dbname=d");
    CHECK_STR(cli_redact_url("redis://:pw@h:1", buf, sizeof buf), "redis://:***@h:1");
    CHECK_STR(cli_redact_url("saydo.db", buf, sizeof buf), "saydo.db");
    CHECK_STR(cli_redact_url("postgresql://ann@h/db", buf, sizeof buf), "postgresql://ann@h/db");
}

/* Every sample article, made again from its fields, codes and stores as
 * the original: the same document, fields and events. */
TEST(queue_article_fields_round_trip)
{
    saydo_coder *coder = NULL;
    saydo_error err;
    saydo_coder_options co = SAYDO_CODER_OPTIONS_INIT;
    co.data_dir = "data";
    if (saydo_coder_new(&co, &coder, &err) != 0) {
        CHECK(!"coder");
        return;
    }
    static const char *const files[] = {"data/samples/02-jeddah-ceasefire.txt",
                                        "data/samples/web/caspian-ports-deal.html",
                                        "data/samples/web/world-desk.rss"};
    const char *jsonl = sd_test_path(t, "fields.jsonl");
    static const char line[] =
        "{\"id\":\"j1\",\"date\":\"2024-03-02\",\"title\":\"Talks\",\"url\":\"http://x/1\","
        "\"source\":\"Wire\",\"lang\":\"en\",\"text\":\"Russia accused Ukraine of shelling.\"}\n";
    sd_test_write_file(jsonl, line, strlen(line));
    size_t articles = 0;
    for (size_t f = 0; f < 4; f++) {
        saydo_reader *reader = NULL;
        saydo_reader_options ro = SAYDO_READER_OPTIONS_INIT;
        ro.date = "2024-01-01";
        if (saydo_reader_open(f < 3 ? files[f] : jsonl, &ro, &reader, &err) != 0) {
            CHECK(!"reader");
            continue;
        }
        saydo_article *a = NULL;
        while (saydo_reader_next(reader, &a, &err) == 1) {
            saydo_article_fields fl;
            saydo_article_fields_init(&fl);
            fl.id = saydo_article_id(a);
            fl.date = saydo_article_date(a);
            fl.title = saydo_article_title(a);
            fl.url = saydo_article_url(a);
            fl.outlet = saydo_article_outlet(a);
            fl.meta = saydo_article_meta(a);
            fl.file = saydo_article_file(a);
            fl.line = saydo_article_line(a);
            fl.text = saydo_article_text(a, &fl.text_len);
            saydo_article *b = NULL;
            CHECK_INT(saydo_article_new_fields(&fl, &b, &err), 0);
            if (b) {
                size_t la, lb;
                const char *ta = saydo_article_text(a, &la), *tb = saydo_article_text(b, &lb);
                CHECK(la == lb && memcmp(ta, tb, la) == 0);
                CHECK_STR(saydo_article_meta(b), saydo_article_meta(a));
                CHECK_STR(saydo_article_title(b), saydo_article_title(a));
                CHECK_INT(saydo_article_line(b), saydo_article_line(a));
                saydo_result *ra = NULL, *rb = NULL;
                CHECK_INT(saydo_code(coder, a, &ra, &err), 0);
                CHECK_INT(saydo_code(coder, b, &rb, &err), 0);
                if (ra && rb) {
                    char *oa = NULL, *ob = NULL;
                    size_t na = 0, nb = 0;
                    FILE *fa = open_memstream(&oa, &na), *fb = open_memstream(&ob, &nb);
                    saydo_write_events(fa, SAYDO_OUTPUT_JSONL, coder, a, ra, &err);
                    saydo_write_events(fb, SAYDO_OUTPUT_JSONL, coder, b, rb, &err);
                    fclose(fa);
                    fclose(fb);
                    CHECK(na > 0 && oa && ob && strcmp(oa, ob) == 0);
                    free(oa);
                    free(ob);
                }
                saydo_result_free(ra);
                saydo_result_free(rb);
            }
            saydo_article_free(b);
            saydo_article_free(a);
            articles++;
        }
        saydo_reader_close(reader);
    }
    CHECK(articles >= 4);
    /* bad fields: each refused with a reason */
    saydo_article_fields fl = SAYDO_ARTICLE_FIELDS_INIT;
    saydo_article *b = NULL;
    fl.text = "Russia accused Ukraine.";
    fl.text_len = strlen(fl.text);
    fl.version = 99;
    CHECK_INT(saydo_article_new_fields(&fl, &b, &err), SAYDO_ERR_ARG);
    fl.version = SAYDO_ARTICLE_FIELDS_VERSION;
    fl.date = "2024-02-30";
    CHECK_INT(saydo_article_new_fields(&fl, &b, &err), SAYDO_ERR_ARG);
    CHECK_CONTAINS(err.message, "bad date");
    fl.date = NULL;
    fl.meta = "[1]";
    CHECK_INT(saydo_article_new_fields(&fl, &b, &err), SAYDO_ERR_ARG);
    CHECK_CONTAINS(err.message, "meta");
    fl.meta = NULL;
    fl.line = -1;
    CHECK_INT(saydo_article_new_fields(&fl, &b, &err), SAYDO_ERR_ARG);
    fl.line = 0;
    fl.text = "a\0b";
    fl.text_len = 3;
    CHECK_INT(saydo_article_new_fields(&fl, &b, &err), SAYDO_ERR_UTF8);
    fl.text = "  \n";
    CHECK_INT(saydo_article_new_fields(&fl, &b, &err), SAYDO_ERR_EMPTY);
    CHECK(b == NULL);
    saydo_coder_free(coder);
}

/* ---------------------------------------------------------- the server */

typedef struct redis_server {
    char dir[64];
    int port;
    pid_t pid;
    char url[96];
    int persist;               /* 1: append-only file, survives a restart   */
} redis_server;

static const char *find_redis_server(void)
{
    static const char *const places[] = {"/usr/bin/redis-server", "/usr/local/bin/redis-server",
                                         "/usr/sbin/redis-server"};
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++)
        if (access(places[i], X_OK) == 0)
            return places[i];
    return NULL;
}

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = -1;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

/* Start (or start again) r's server; wait until it answers PING. */
static int redis_launch(sd_test *t, redis_server *r)
{
    const char *bin = find_redis_server();
    char port[16], logf[96];
    snprintf(port, sizeof port, "%d", r->port);
    snprintf(logf, sizeof logf, "%s/log", r->dir);
    r->pid = fork();
    if (r->pid == 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
            _exit(126);
        execl(bin, bin, "--port", port, "--bind", "127.0.0.1", "--dir", r->dir, "--save", "",
              "--appendonly", r->persist ? "yes" : "no", "--appendfsync", "always",
              "--daemonize", "no", "--logfile", logf, "--protected-mode", "no", (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 100; i++) {
        struct timeval tv = {1, 0};
        redisContext *c = redisConnectWithTimeout("127.0.0.1", r->port, tv);
        redisReply *rep = c && !c->err ? redisCommand(c, "PING") : NULL;
        int ok = rep && rep->type == REDIS_REPLY_STATUS;
        freeReplyObject(rep);
        redisFree(c);
        if (ok)
            return 0;
        usleep(50000);
    }
    sd_test_fail(t, __FILE__, __LINE__, "redis-server did not answer on port %d", r->port);
    return -1;
}

/* 0 started, 1 skip (why), -1 failed (reported). */
static int redis_start(sd_test *t, redis_server *r, int persist, const char **why)
{
    memset(r, 0, sizeof *r);
    r->persist = persist;
    if (!find_redis_server()) {
        *why = "redis-server not found (Debian package redis-server, see scripts/install-deps)";
        return 1;
    }
    snprintf(r->dir, sizeof r->dir, "/tmp/saydo-redis-XXXXXX");
    if (!mkdtemp(r->dir)) {
        *why = "cannot make a temporary folder in /tmp";
        r->dir[0] = '\0';
        return 1;
    }
    r->port = free_port();
    if (r->port <= 0) {
        *why = "no free port on 127.0.0.1";
        return 1;
    }
    snprintf(r->url, sizeof r->url, "redis://127.0.0.1:%d", r->port);
    return redis_launch(t, r);
}

static void redis_halt(redis_server *r)
{
    if (r->pid > 0) {
        kill(r->pid, SIGTERM);
        waitpid(r->pid, NULL, 0);
        r->pid = 0;
    }
}

static void redis_stop(redis_server *r)
{
    redis_halt(r);
    if (r->dir[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", r->dir);
        if (system(cmd) != 0)
            fprintf(stderr, "  could not remove %s\n", r->dir);
    }
}

static redisContext *redis_client(const redis_server *r)
{
    struct timeval tv = {5, 0};
    redisContext *c = redisConnectWithTimeout("127.0.0.1", r->port, tv);
    if (c && c->err) {
        redisFree(c);
        return NULL;
    }
    return c;
}

static long long redis_int(redisContext *c, const char *fmt, const char *a, const char *b)
{
    redisReply *r = redisCommand(c, fmt, a, b);
    long long v = -1;
    if (r && r->type == REDIS_REPLY_INTEGER)
        v = r->integer;
    else if (r && r->type == REDIS_REPLY_STRING)
        v = strtoll(r->str, NULL, 10);
    else if (r && r->type == REDIS_REPLY_NIL)
        v = 0;
    freeReplyObject(r);
    return v;
}

/* --------------------------------------------------------------- helpers */

typedef struct run_out {
    int status;
    char *out, *err;
} run_out;

static run_out run(sd_test *t, const char *const *args, int timeout_s)
{
    const char *argv[40] = {t->saydo};
    size_t n = 1;
    for (; args[n - 1] && n < 39; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    run_out r;
    r.status = sd_test_run(argv, NULL, 0, &r.out, &r.err, timeout_s);
    return r;
}

static void run_free(run_out *r)
{
    free(r->out);
    free(r->err);
}

/* n articles, distinct ids, on days three apart (reports of one event are
 * on one day: the events do not depend on the order articles are stored
 * in), without places. */
static char *corpus(size_t n)
{
    static const char *const c[] = {"Russia", "Ukraine", "China", "India", "France",
                                    "Mali",   "Turkey",  "Greece", "Iran", "Israel"};
    static const char *const tpl[][2] = {
        {" accused ", " of violating the ceasefire."}, {" sent humanitarian aid to ", "."},
        {" threatened to impose sanctions on ", "."}, {" held talks with ", "."},
        {" promised to withdraw troops from ", "."},   {" criticized ", "."}};
    static const char *const outlets[] = {"Wire A", "Wire B", "Daily C"};
    sd_buf b = SD_BUF_INIT;
    unsigned x = 4242;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        sd_buf_printf(&b, "{\"id\":\"q%05zu\",\"date\":\"2024-03-%02u\",\"source\":\"%s\","
                          "\"title\":\"Report %zu\",\"text\":\"",
                      i + 1, 1 + 3 * ((x >> 16) % 10), outlets[(x >> 4) % 3], i + 1);
        for (int s = 0; s < 3; s++) {
            x = x * 1103515245u + 12345u;
            unsigned a = (x >> 16) % 10, d = (a + 1 + (x >> 8) % 9) % 10;
            const char *const *parts = tpl[(x >> 4) % 6];
            sd_buf_printf(&b, "%s%s%s%s ", c[a], parts[0], c[d], parts[1]);
        }
        sd_buf_puts(&b, "\"}\n");
    }
    return b.data;
}

/* Sort the lines of s in place (qsort of line pointers). */
static int cmp_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *sorted_lines(char *s)
{
    size_t n = 0, cap = 64;
    char **lines = malloc(cap * sizeof *lines);
    for (char *p = strtok(s, "\n"); p && lines; p = strtok(NULL, "\n")) {
        if (n == cap) {
            char **grown = realloc(lines, (cap *= 2) * sizeof *lines);
            if (!grown)
                break;
            lines = grown;
        }
        lines[n++] = p;
    }
    sd_buf b = SD_BUF_INIT;
    sd_buf_append(&b, "", 0);
    if (lines) {
        qsort(lines, n, sizeof *lines, cmp_line);
        for (size_t i = 0; i < n; i++)
            sd_buf_printf(&b, "%s\n", lines[i]);
    }
    free(lines);
    return b.data;
}

/* The store's reports as GDELT TSV (mentions), without the store's own
 * ids and ingest time, in sorted order; NULL on failure (reported). */
static char *store_text(sd_test *t, const char *db, const char *what)
{
    const char *args[] = {"query", "--db", db, "--format", "tsv", "--no-header", "--raw", NULL};
    const char *top[] = {"query", "top", "dyads", "--n", "1000", "--db", db, "--format", "csv",
                         NULL};
    run_out r = run(t, strcmp(what, "top") == 0 ? top : args, 120);
    if (r.status != 0) {
        sd_test_fail(t, __FILE__, __LINE__, "saydo query --db %s: %d: %.300s", db, r.status,
                     r.err ? r.err : "");
        run_free(&r);
        return NULL;
    }
    free(r.err);
    if (strcmp(what, "top") != 0) {
        sd_test_drop_tsv_column(r.out, 0);  /* GLOBALEVENTID */
        sd_test_drop_tsv_column(r.out, 59); /* DATEADDED */
    }
    char *s = sorted_lines(r.out);
    free(r.out);
    return s;
}

static void same_store(sd_test *t, const char *a, const char *b)
{
    static const char *const what[] = {"mentions", "top"};
    for (int i = 0; i < 2; i++) {
        char *x = store_text(t, a, what[i]), *y = store_text(t, b, what[i]);
        CHECK(x && y && x[0] && strcmp(x, y) == 0);
        if (x && y && strcmp(x, y) != 0) {
            fprintf(stderr, "  the %s of %s and %s differ (in /tmp/saydo-queue-[ab].out)\n",
                    what[i], a, b);
            sd_test_write_file("/tmp/saydo-queue-a.out", x, strlen(x));
            sd_test_write_file("/tmp/saydo-queue-b.out", y, strlen(y));
        }
        free(x);
        free(y);
    }
    saydo_store *sa = NULL, *sb = NULL;
    saydo_error err;
    saydo_store_options ro = SAYDO_STORE_OPTIONS_INIT;
    ro.read_only = 1;
    CHECK_INT(saydo_store_open(a, &ro, &sa, &err), 0);
    CHECK_INT(saydo_store_open(b, &ro, &sb, &err), 0);
    saydo_store_summary x, y;
    if (sa && sb && saydo_store_get_summary(sa, &x, &err) == 0 &&
        saydo_store_get_summary(sb, &y, &err) == 0) {
        CHECK_INT(x.events, y.events);
        CHECK_INT(x.mentions, y.mentions);
        CHECK_INT(x.articles, y.articles);
    }
    saydo_store_close(sa);
    saydo_store_close(sb);
}

static pid_t start_worker(sd_test *t, const char *url, const char *db, const char *name,
                          const char *log, const char *retry)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen(log, "w", stderr))
            _exit(126);
        execl(t->saydo, t->saydo, "worker", "--redis", url, "--db", db, "--consumer", name,
              "--until-empty", "--claim-idle", "1000", "--count", "4", "--retry", retry,
              "--progress", "1", (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* Wait for pid at most timeout_s seconds (then kill it); its exit status,
 * or -1. */
static int wait_for(pid_t pid, int timeout_s)
{
    for (int i = 0; i < timeout_s * 20; i++) {
        int status;
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        usleep(50000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return -1;
}

/* Queue the corpus, run three workers into db, SIGKILL one mid-run, let
 * the other two finish (taking over its entries), and compare db with a
 * single-process ingest of the same file. */
static void kill_one_of_three(sd_test *t, const char *db_arg)
{
    char db[300]; /* sd_test_path's buffers are reused */
    snprintf(db, sizeof db, "%s", db_arg);
    redis_server rs;
    const char *why = NULL;
    int rc = redis_start(t, &rs, 0, &why);
    if (rc != 0) {
        redis_stop(&rs);
        if (rc == 1)
            SKIP(why);
        return;
    }
    size_t n = t->quick ? 120 : 600;
    char input[300], single[300];
    snprintf(input, sizeof input, "%s", sd_test_path(t, "queue-corpus.jsonl"));
    snprintf(single, sizeof single, "%s", sd_test_path(t, "queue-single.db"));
    char *text = corpus(n);
    sd_test_write_file(input, text, strlen(text));
    free(text);
    unlink(single);
    run_out r = run(t, (const char *[]){"ingest", "--quiet", "-j", "1", "--db", single, input,
                                        NULL},
                    120);
    CHECK_INT(r.status, 0);
    run_free(&r);
    r = run(t, (const char *[]){"queue", "add", "--redis", rs.url, input, NULL}, 60);
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.err, "articles added");
    run_free(&r);

    const char *logs[3] = {sd_test_path(t, "w0.log"), sd_test_path(t, "w1.log"),
                           sd_test_path(t, "w2.log")};
    static const char *const names[3] = {"w0", "w1", "w2"};
    pid_t pid[3];
    for (int i = 0; i < 3; i++)
        pid[i] = start_worker(t, rs.url, db, names[i], logs[i], "30");
    /* kill w0 while it holds entries, once a tenth of the queue is done */
    redisContext *c = redis_client(&rs);
    long long held = 0, done = 0;
    /* (polled every millisecond for up to two minutes: under ASan on a
     * loaded machine a tenth of the queue can take longer than ten seconds,
     * and w0 holds entries only between a read and its acknowledgement) */
    for (int i = 0; c && i < 120000; i++) {
        done = redis_int(c, "HGET %s %s", "saydo:articles:stats", "done");
        redisReply *p = redisCommand(c, "XPENDING saydo:articles saydo - + 100 w0");
        held = p && p->type == REDIS_REPLY_ARRAY ? (long long)p->elements : 0;
        freeReplyObject(p);
        if ((done >= (long long)n / 10 && held > 0) || done >= (long long)n)
            break;
        usleep(1000);
    }
    kill(pid[0], SIGKILL);
    waitpid(pid[0], NULL, 0);
    /* what w0 still held when it died: it may have acknowledged the
     * entries seen above between that look and the kill */
    long long left = 0;
    if (c) {
        redisReply *p = redisCommand(c, "XPENDING saydo:articles saydo - + 100 w0");
        left = p && p->type == REDIS_REPLY_ARRAY ? (long long)p->elements : 0;
        freeReplyObject(p);
    }
    fprintf(stderr, "  killed w0 with %lld entries in hand (%lld at its death), %lld of %zu done\n",
            held, left, done, n);
    CHECK(held > 0);
    for (int i = 1; i < 3; i++)
        CHECK_INT(wait_for(pid[i], 120), 0);
    /* the queue is empty, nothing pending, nothing dead */
    if (c) {
        CHECK_INT(redis_int(c, "XLEN %s%s", "saydo:articles", ""), 0);
        CHECK_INT(redis_int(c, "XLEN %s%s", "saydo:articles:dead", ""), 0);
        redisReply *p = redisCommand(c, "XPENDING saydo:articles saydo");
        CHECK(p && p->type == REDIS_REPLY_ARRAY && p->element[0]->integer == 0);
        freeReplyObject(p);
        CHECK(redis_int(c, "HGET %s %s", "saydo:articles:stats", "done") >= (long long)n);
        redisFree(c);
    }
    size_t taken = 0;
    for (int i = 1; i < 3; i++) {
        char *log = sd_test_read_file(logs[i], NULL);
        const char *s = log ? strstr(log, "dead-lettered, ") : NULL;
        if (s)
            taken += strtoul(s + strlen("dead-lettered, "), NULL, 10);
        free(log);
    }
    fprintf(stderr, "  the two others took over %zu entries\n", taken);
    CHECK(taken >= (size_t)left); /* (none lost: the store comparison below) */
    same_store(t, db, single);
    r = run(t, (const char *[]){"queue", "status", "--redis", rs.url, "--interval", "0", NULL},
            30);
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.out, "waiting     0");
    CHECK_CONTAINS(r.out, "pending     0");
    run_free(&r);
    redis_stop(&rs);
}

TEST(queue_workers_kill_one_sqlite)
{
    const char *db = sd_test_path(t, "queue-workers.db");
    unlink(db);
    kill_one_of_three(t, db);
}

TEST(queue_workers_kill_one_pg)
{
    if (!find_redis_server())
        SKIP("redis-server not found (Debian package redis-server, see scripts/install-deps)");
    sd_test_pg pg;
    const char *why = NULL;
    int rc = sd_test_pg_start(t, &pg, &why);
    if (rc == 1)
        SKIP(why);
    if (rc == 0)
        kill_one_of_three(t, pg.url);
    sd_test_pg_stop(&pg);
}

/* Malformed entries and an article whose workers died go to the
 * dead-letter stream with their error; a failing store too, after
 * --max-failures tries. */
TEST(queue_dead_letters)
{
    redis_server rs;
    const char *why = NULL;
    int rc = redis_start(t, &rs, 0, &why);
    if (rc != 0) {
        redis_stop(&rs);
        if (rc == 1)
            SKIP(why);
        return;
    }
    redisContext *c = redis_client(&rs);
    if (!c) {
        CHECK(!"client");
        redis_stop(&rs);
        return;
    }
    freeReplyObject(redisCommand(c, "XGROUP CREATE saydo:articles saydo 0 MKSTREAM"));
    freeReplyObject(redisCommand(c, "XADD saydo:articles * foo bar"));
    freeReplyObject(redisCommand(c, "XADD saydo:articles * v 1 text %s", " "));
    freeReplyObject(redisCommand(c, "XADD saydo:articles * v 2 text x"));
    freeReplyObject(redisCommand(c, "XADD saydo:articles * v 1 text x text y"));
    freeReplyObject(redisCommand(c, "XADD saydo:articles * v 1 line x text %s", "Mali fled."));
    freeReplyObject(redisCommand(c, "XADD saydo:articles * v 1 date 2024-99-01 text %s", "A."));
    /* an article two workers died on: delivered, then claimed again */
    freeReplyObject(redisCommand(c, "XADD saydo:articles * v 1 id ghost text %s",
                                 "Russia accused Ukraine of shelling."));
    freeReplyObject(redisCommand(c, "XREADGROUP GROUP saydo ghost1 COUNT 100 STREAMS "
                                    "saydo:articles >"));
    redisReply *p = redisCommand(c, "XPENDING saydo:articles saydo - + 100");
    const char *ghost = p && p->type == REDIS_REPLY_ARRAY && p->elements == 7
                            ? p->element[6]->element[0]->str
                            : "0-0";
    freeReplyObject(redisCommand(c, "XCLAIM saydo:articles saydo ghost2 0 %s", ghost));
    freeReplyObject(p);
    /* six malformed, and one article the workers died on twice */
    const char *db = sd_test_path(t, "queue-dead.db");
    unlink(db);
    run_out r = run(t, (const char *[]){"worker", "--redis", rs.url, "--db", db, "--until-empty",
                                        "--claim-idle", "100", "--max-failures", "2", NULL},
                    60);
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.err, "no field v");
    CHECK_CONTAINS(r.err, "text is empty");
    CHECK_CONTAINS(r.err, "unknown format");
    CHECK_CONTAINS(r.err, "given twice");
    CHECK_CONTAINS(r.err, "line is not a number");
    CHECK_CONTAINS(r.err, "bad date");
    CHECK_CONTAINS(r.err, "delivered 2 times");
    run_free(&r);
    CHECK_INT(redis_int(c, "XLEN %s%s", "saydo:articles:dead", ""), 7);
    CHECK_INT(redis_int(c, "XLEN %s%s", "saydo:articles", ""), 0);
    redisReply *d = redisCommand(c, "XRANGE saydo:articles:dead - + COUNT 1");
    int has_error = 0;
    for (size_t i = 0; d && d->type == REDIS_REPLY_ARRAY && d->elements == 1 &&
                       i + 1 < d->element[0]->element[1]->elements;
         i += 2)
        has_error |= strcmp(d->element[0]->element[1]->element[i]->str, "error") == 0;
    CHECK(has_error);
    freeReplyObject(d);

    /* a store that refuses every article: dead after two tries each */
    freeReplyObject(redisCommand(c, "DEL saydo:articles:dead"));
    r = run(t, (const char *[]){"ingest", "--quiet", "--db", db,
                                "data/samples/01-geneva-border-talks.txt", NULL},
            60);
    run_free(&r);
    r = run(t, (const char *[]){"queue", "add", "--quiet", "--redis", rs.url,
                                "data/samples/02-jeddah-ceasefire.txt",
                                "data/samples/06-nairobi-protests.txt", NULL},
            60);
    CHECK_INT(r.status, 0);
    run_free(&r);
    r = run(t, (const char *[]){"worker", "--redis", rs.url, "--db", db, "--until-empty",
                                "--claim-idle", "100", "--max-failures", "2", "--max-size",
                                "10k", NULL},
            60);
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.err, "try 1 of 2");
    CHECK_CONTAINS(r.err, "store is full");
    run_free(&r);
    CHECK_INT(redis_int(c, "XLEN %s%s", "saydo:articles:dead", ""), 2);
    CHECK_INT(redis_int(c, "HLEN %s%s", "saydo:articles:errors", ""), 0);
    redisFree(c);
    redis_stop(&rs);
}

/* Bad URLs and an unreachable server are clear errors; a worker stops
 * cleanly on SIGTERM and leaves the group; queue status counts. */
TEST(queue_errors_and_sigterm)
{
    run_out r = run(t, (const char *[]){"worker", "--redis", "http://x", NULL}, 30);
    CHECK_INT(r.status, 2);
    CHECK_CONTAINS(r.err, "not a Redis URL");
    run_free(&r);
    r = run(t, (const char *[]){"worker", "--redis", "redis://h", "file.txt", NULL}, 30);
    CHECK_INT(r.status, 2);
    CHECK_CONTAINS(r.err, "takes no files");
    run_free(&r);
    r = run(t, (const char *[]){"queue", "frobnicate", NULL}, 30);
    CHECK_INT(r.status, 2);
    run_free(&r);
    int closed = free_port();
    char url[96];
    snprintf(url, sizeof url, "redis://:hunter2@127.0.0.1:%d", closed);
    r = run(t, (const char *[]){"queue", "add", "--redis", url, "data/samples", NULL}, 30);
    CHECK_INT(r.status, 1);
    CHECK_CONTAINS(r.err, "cannot connect to Redis");
    CHECK(r.err && !strstr(r.err, "hunter2"));
    run_free(&r);
    r = run(t, (const char *[]){"worker", "--redis", url, "--db",
                                sd_test_path(t, "queue-none.db"), NULL},
            30);
    CHECK_INT(r.status, 1);
    CHECK_CONTAINS(r.err, "cannot connect to Redis");
    run_free(&r);
    r = run(t, (const char *[]){"help", "worker", NULL}, 30);
    CHECK_CONTAINS(r.out, "XAUTOCLAIM");
    run_free(&r);

    redis_server rs;
    const char *why = NULL;
    int rc = redis_start(t, &rs, 0, &why);
    if (rc != 0) {
        redis_stop(&rs);
        if (rc == 1)
            SKIP(why);
        return;
    }
    r = run(t, (const char *[]){"queue", "add", "--redis", rs.url, "data/samples", NULL}, 60);
    CHECK_INT(r.status, 0);
    run_free(&r);
    r = run(t, (const char *[]){"queue", "status", "--redis", rs.url, "--interval", "0", NULL},
            30);
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.out, "waiting     11");
    run_free(&r);
    const char *log = sd_test_path(t, "queue-term.log");
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen(log, "w", stderr))
            _exit(126);
        execl(t->saydo, t->saydo, "worker", "--redis", rs.url, "--db",
              sd_test_path(t, "queue-term.db"), "--consumer", "term", (char *)NULL);
        _exit(127);
    }
    redisContext *c = redis_client(&rs);
    for (int i = 0; c && i < 400 && redis_int(c, "HGET %s %s", "saydo:articles:stats", "done") < 11;
         i++)
        usleep(25000);
    kill(pid, SIGTERM);
    CHECK_INT(wait_for(pid, 10), 0);
    char *text = sd_test_read_file(log, NULL);
    CHECK_CONTAINS(text, "11 articles (11 added");
    free(text);
    if (c) {
        redisReply *p = redisCommand(c, "XINFO CONSUMERS saydo:articles saydo");
        CHECK(p && p->type == REDIS_REPLY_ARRAY && p->elements == 0); /* left the group */
        freeReplyObject(p);
        redisFree(c);
    }
    redis_stop(&rs);
}

/* Redis restarted (and PostgreSQL, when there is one) under two running
 * workers: they reconnect and finish, and the store equals a
 * single-process ingest. */
TEST(queue_servers_restart)
{
    if (t->quick)
        SKIP("the restart test runs in the normal build only");
    redis_server rs;
    const char *why = NULL;
    int rc = redis_start(t, &rs, 1, &why);
    if (rc != 0) {
        redis_stop(&rs);
        if (rc == 1)
            SKIP(why);
        return;
    }
    sd_test_pg pg;
    memset(&pg, 0, sizeof pg);
    char lite[300], input[300], single[300];
    snprintf(lite, sizeof lite, "%s", sd_test_path(t, "queue-restart.db"));
    snprintf(input, sizeof input, "%s", sd_test_path(t, "queue-restart.jsonl"));
    snprintf(single, sizeof single, "%s", sd_test_path(t, "queue-restart-single.db"));
    const char *db = lite;
    unlink(db);
    int with_pg = sd_test_pg_start(t, &pg, &why) == 0;
    if (with_pg)
        db = pg.url;
    else
        fprintf(stderr, "  restart test with SQLite only: %s\n", why ? why : "PostgreSQL failed");
    size_t n = 1500;
    char *text = corpus(n);
    sd_test_write_file(input, text, strlen(text));
    free(text);
    unlink(single);
    run_out r = run(t, (const char *[]){"ingest", "--quiet", "--db", single, input, NULL}, 120);
    run_free(&r);
    r = run(t, (const char *[]){"queue", "add", "--quiet", "--redis", rs.url, input, NULL}, 60);
    CHECK_INT(r.status, 0);
    run_free(&r);
    const char *logs[2] = {sd_test_path(t, "r0.log"), sd_test_path(t, "r1.log")};
    pid_t pid[2] = {start_worker(t, rs.url, db, "r0", logs[0], "30"),
                    start_worker(t, rs.url, db, "r1", logs[1], "30")};
    redisContext *c = redis_client(&rs);
    for (int i = 0; c && i < 1000 && redis_int(c, "HGET %s %s", "saydo:articles:stats", "done") <
                                         (long long)n / 8;
         i++)
        usleep(5000);
    redisFree(c);
    /* Redis away for a fifth of a second, then back with its append-only
     * file; then PostgreSQL restarted */
    redis_halt(&rs);
    usleep(200000);
    CHECK_INT(redis_launch(t, &rs), 0);
    if (with_pg) {
        char data[128], pg_ctl[400], logf[128];
        snprintf(data, sizeof data, "%s/data", pg.dir);
        snprintf(logf, sizeof logf, "%s/log", pg.dir);
        snprintf(pg_ctl, sizeof pg_ctl, "%s/pg_ctl", pg.bin);
        const char *argv[16];
        size_t k = 0;
        if (pg.as_nobody) {
            argv[k++] = "/usr/sbin/runuser";
            argv[k++] = "-u";
            argv[k++] = "nobody";
            argv[k++] = "--";
        }
        /* -l: the new server's output to the log, not to our pipes */
        const char *rest[] = {pg_ctl, "-D", data, "-l", logf, "-m", "fast", "-w", "restart", NULL};
        for (size_t i = 0; rest[i]; i++)
            argv[k++] = rest[i];
        argv[k] = NULL;
        char *out = NULL, *err = NULL;
        CHECK_INT(sd_test_run(argv, NULL, 0, &out, &err, 60), 0);
        free(out);
        free(err);
    }
    for (int i = 0; i < 2; i++)
        CHECK_INT(wait_for(pid[i], 120), 0);
    int reconnected = 0;
    for (int i = 0; i < 2; i++) {
        char *log = sd_test_read_file(logs[i], NULL);
        reconnected += log && strstr(log, "connected to Redis at") != NULL;
        if (with_pg)
            reconnected += log && strstr(log, "store open again") != NULL;
        free(log);
    }
    fprintf(stderr, "  %d reconnections in the workers' logs\n", reconnected);
    CHECK(reconnected >= 1);
    same_store(t, db, single);
    if (with_pg)
        sd_test_pg_stop(&pg);
    redis_stop(&rs);
}
