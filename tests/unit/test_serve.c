/*
 * 'saydo serve' tests: data/samples are ingested into a scratch store, the
 * server is started as a child on a free port (--listen 127.0.0.1:0) and
 * spoken to over plain sockets.  Every endpoint, every kind of bad
 * parameter, the token, the limits and some hostile requests; the child is
 * always stopped with SIGTERM (and must exit 0, so ASan sees a clean
 * shutdown) or killed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <microhttpd.h>
#include <sqlite3.h>

#include "country.h"
#include "saydo.h"
#include "test.h"

typedef struct server {
    pid_t pid;
    int port;
} server;

/* The samples as JSON Lines with the dates and outlets of data/samples/INDEX
 * (malloc'd, caller frees), or NULL. */
static char *samples_jsonl(void)
{
    char *index = sd_test_read_file("data/samples/INDEX", NULL);
    if (!index)
        return NULL;
    sd_buf out = SD_BUF_INIT;
    char *save = NULL;
    for (char *line = strtok_r(index, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#')
            continue;
        char *date = strchr(line, '\t');
        char *outlet = date ? strchr(date + 1, '\t') : NULL;
        if (!outlet)
            continue;
        *date++ = '\0';
        *outlet++ = '\0';
        char path[512];
        snprintf(path, sizeof path, "data/samples/%s", line);
        char *text = sd_test_read_file(path, NULL);
        if (!text)
            continue;
        char *nl = strchr(text, '\n');
        if (nl)
            *nl = '\0';
        char id[256];
        snprintf(id, sizeof id, "%.*s", (int)(strlen(line) > 4 ? strlen(line) - 4 : 0), line);
        json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "id", id, "date", date, "source",
                              outlet, "url", "https://example.org/samples", "title", text,
                              "text", nl ? nl + 1 : "");
        char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
        if (s) {
            sd_buf_puts(&out, s);
            sd_buf_puts(&out, "\n");
        }
        free(s);
        json_decref(o);
        free(text);
    }
    free(index);
    return out.data;
}

/* Ingest the samples into db; 0 on success. */
static int make_store(sd_test *t, const char *db)
{
    char *jsonl = samples_jsonl();
    if (!jsonl)
        return -1;
    const char *argv[] = {t->saydo, "ingest", "--db", db, "--quiet", "--input", "jsonl", "-", NULL};
    char *out = NULL, *err = NULL;
    int rc = sd_test_run(argv, jsonl, strlen(jsonl), &out, &err, 120);
    free(jsonl);
    free(out);
    free(err);
    return rc;
}

/* Start 'saydo serve --db db --listen 127.0.0.1:0 --threads 2 extra...'
 * (extra NULL-terminated, at most 16); port 0 on failure (the child is
 * reaped). */
static server start_with(sd_test *t, const char *db, const char *const *extra)
{
    server s = {-1, 0};
    int fds[2];
    if (pipe(fds) != 0)
        return s;
    char log[4200];
    snprintf(log, sizeof log, "%s.log", db);
    s.pid = fork();
    if (s.pid == 0) {
        if (!getenv("SERVE_DEBUG")) {
            FILE *f = freopen(log, "w", stderr);
            (void)f;
        }
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        const char *argv[32] = {t->saydo, "serve", "--db", db, "--listen", "127.0.0.1:0",
                                "--threads", "2"};
        size_t n = 8;
        for (size_t i = 0; extra && extra[i] && i < 16; i++)
            argv[n++] = extra[i];
        argv[n] = NULL;
        execv(t->saydo, (char *const *)(uintptr_t)argv);
        _exit(127);
    }
    close(fds[1]);
    if (s.pid < 0) {
        close(fds[0]);
        return s;
    }
    /* the first line names the port; wait up to 60 s (ASan, coder load) */
    char line[256];
    size_t n = 0;
    struct timeval tv = {60, 0};
    fd_set rd;
    while (n < sizeof line - 1) {
        FD_ZERO(&rd);
        FD_SET(fds[0], &rd);
        if (select(fds[0] + 1, &rd, NULL, NULL, &tv) <= 0)
            break;
        ssize_t r = read(fds[0], line + n, 1);
        if (r <= 0 || line[n] == '\n')
            break;
        n++;
    }
    line[n] = '\0';
    close(fds[0]);
    const char *colon = strrchr(line, ':');
    if ((strncmp(line, "listening on http://127.0.0.1:", 30) == 0 ||
         strncmp(line, "listening on https://127.0.0.1:", 31) == 0) &&
        colon)
        s.port = atoi(colon + 1);
    if (!s.port) {
        kill(s.pid, SIGKILL);
        waitpid(s.pid, NULL, 0);
        s.pid = -1;
    }
    return s;
}

static server start(sd_test *t, const char *db, const char *opt, const char *val)
{
    const char *extra[] = {opt, val, NULL};
    return start_with(t, db, extra);
}

/* SIGTERM, wait up to 20 s, else SIGKILL.  Returns the exit status, or
 * 128 + signal. */
static int stop(server *s)
{
    if (s->pid <= 0)
        return -1;
    kill(s->pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 200; i++) {
        if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
            s->pid = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        struct timespec ts = {0, 100000000};
        nanosleep(&ts, NULL);
    }
    kill(s->pid, SIGKILL);
    waitpid(s->pid, &status, 0);
    s->pid = -1;
    return 128 + SIGKILL;
}

/* Send raw bytes and read the whole answer; returns the status code (0
 * when there was none) and sets *body to the malloc'd body (or NULL). */
static int http_raw_half(int port, const char *req, size_t len, char **body, int half_close)
{
    *body = NULL;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return 0;
    }
    size_t sent = 0;
    while (sent < len) {
        ssize_t w = send(fd, req + sent, len - sent, MSG_NOSIGNAL);
        if (w <= 0)
            break; /* the server may answer (413) and close early */
        sent += (size_t)w;
    }
    if (half_close)
        shutdown(fd, SHUT_WR);
    sd_buf in = SD_BUF_INIT;
    char chunk[65536];
    ssize_t r;
    time_t t0 = time(NULL);
    while ((r = recv(fd, chunk, sizeof chunk, 0)) > 0)
        sd_buf_append(&in, chunk, (size_t)r);
    if (getenv("SERVE_DEBUG") && time(NULL) - t0 > 1)
        fprintf(stderr, "slow: %.60s\n", req);
    close(fd);
    int status = 0;
    if (in.data && strncmp(in.data, "HTTP/1.1 ", 9) == 0)
        status = atoi(in.data + 9);
    const char *sep = in.data ? strstr(in.data, "\r\n\r\n") : NULL;
    if (sep)
        *body = strdup(sep + 4);
    free(in.data);
    return status;
}

static int http_raw(int port, const char *req, size_t len, char **body)
{
    return http_raw_half(port, req, len, body, 0);
}

static int http(int port, const char *method, const char *target, const char *headers,
                const char *body, char **out)
{
    sd_buf req = SD_BUF_INIT;
    sd_buf_printf(&req, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s", method,
                  target, headers ? headers : "");
    if (body)
        sd_buf_printf(&req, "Content-Length: %zu\r\n", strlen(body));
    sd_buf_puts(&req, "\r\n");
    if (body)
        sd_buf_puts(&req, body);
    int status = http_raw(port, req.data, req.len, out);
    free(req.data);
    return status;
}

/* GET target and parse the JSON answer (NULL when not JSON). */
static json_t *get_json(int port, const char *target, int *status)
{
    char *body = NULL;
    *status = http(port, "GET", target, NULL, NULL, &body);
    json_t *o = body ? json_loads(body, 0, NULL) : NULL;
    free(body);
    return o;
}

static int count_where(json_t *events, const char *key, const char *value)
{
    int n = 0;
    size_t i;
    json_t *e;
    json_array_foreach(events, i, e)
    {
        const char *v = json_string_value(json_object_get(e, key));
        n += v && strcmp(v, value) == 0;
    }
    return n;
}

static void check_reads(sd_test *t, int port)
{
    int st;
    json_t *o = get_json(port, "/api/health", &st);
    CHECK_INT(st, 200);
    CHECK_STR(json_string_value(json_object_get(o, "status")), "ok");
    CHECK(json_integer_value(json_object_get(o, "events")) > 10);
    CHECK_INT(json_integer_value(json_object_get(o, "articles")), 7);
    CHECK_STR(json_string_value(json_object_get(o, "first")), "2021-11-09");
    CHECK_STR(json_string_value(json_object_get(o, "last")), "2024-10-26");
    long long total = json_integer_value(json_object_get(o, "events"));
    json_decref(o);

    /* paging: pages of 5 cover every event once, in date order */
    long long seen = 0;
    char prev_date[16] = "";
    for (int offset = 0; offset < 1000; offset += 5) {
        char target[128];
        snprintf(target, sizeof target, "/api/events?limit=5&offset=%d", offset);
        o = get_json(port, target, &st);
        CHECK_INT(st, 200);
        json_t *ev = json_object_get(o, "events");
        size_t i;
        json_t *e;
        json_array_foreach(ev, i, e)
        {
            const char *d = json_string_value(json_object_get(e, "date"));
            CHECK(d && strcmp(prev_date, d) <= 0);
            snprintf(prev_date, sizeof prev_date, "%s", d ? d : "");
        }
        seen += (long long)json_array_size(ev);
        int more = json_is_true(json_object_get(o, "more"));
        CHECK_INT(json_integer_value(json_object_get(o, "limit")), 5);
        json_decref(o);
        if (!more)
            break;
    }
    CHECK_INT(seen, total);

    /* filters: every row matches, and there are some */
    o = get_json(port, "/api/events?dyad=ARM,AZE&limit=1000", &st);
    CHECK_INT(st, 200);
    json_t *ev = json_object_get(o, "events");
    CHECK(json_array_size(ev) > 0);
    size_t i;
    json_t *e;
    json_array_foreach(ev, i, e)
    {
        const char *s = json_string_value(json_object_get(e, "source"));
        const char *g = json_string_value(json_object_get(e, "target"));
        CHECK(s && g && ((!strncmp(s, "ARM", 3) && !strncmp(g, "AZE", 3)) ||
                         (!strncmp(s, "AZE", 3) && !strncmp(g, "ARM", 3))));
        CHECK(s && g && strlen(s) == 3 && strlen(g) == 3); /* no wildcard: exact */
    }
    json_decref(o);
    o = get_json(port, "/api/events?quad=4&limit=1000", &st);
    ev = json_object_get(o, "events");
    CHECK(json_array_size(ev) > 0);
    json_array_foreach(ev, i, e) CHECK_INT(json_integer_value(json_object_get(e, "quad_class")), 4);
    json_decref(o);
    o = get_json(port, "/api/events?mood=intended&limit=1000", &st);
    ev = json_object_get(o, "events");
    CHECK(json_array_size(ev) > 0);
    CHECK_INT(count_where(ev, "mood", "intended"), json_array_size(ev));
    json_decref(o);
    o = get_json(port, "/api/events?code=1&limit=1000", &st);
    ev = json_object_get(o, "events");
    CHECK(json_array_size(ev) > 0);
    json_array_foreach(ev, i, e) CHECK(json_string_value(json_object_get(e, "cameo"))[0] == '1');
    json_decref(o);
    o = get_json(port, "/api/events?from=2024-06-01&to=2024-06-30&limit=1000", &st);
    ev = json_object_get(o, "events");
    CHECK(json_array_size(ev) > 0);
    json_array_foreach(ev, i, e)
        CHECK(!strncmp(json_string_value(json_object_get(e, "date")), "2024-06", 7));
    json_decref(o);
    o = get_json(port, "/api/events?source=RUS*&plover=ASSAULT&place=nowhere", &st);
    CHECK_INT(st, 200);
    CHECK_INT(json_array_size(json_object_get(o, "events")), 0);
    json_decref(o);

    /* series, top */
    o = get_json(port, "/api/series?by=month", &st);
    CHECK_INT(st, 200);
    CHECK_STR(json_string_value(json_object_get(o, "by")), "month");
    long long sum = 0;
    json_array_foreach(json_object_get(o, "rows"), i, e)
        sum += json_integer_value(json_object_get(e, "count"));
    CHECK_INT(sum, total);
    json_decref(o);
    o = get_json(port, "/api/series?by=week&quad=4", &st);
    CHECK_INT(st, 200);
    json_array_foreach(json_object_get(o, "rows"), i, e) /* and zero rows between */
        if (json_integer_value(json_object_get(e, "count")) > 0)
            CHECK_INT(json_integer_value(json_object_get(e, "quad")), 4);
    json_decref(o);
    o = get_json(port, "/api/top/actors?n=3", &st);
    CHECK_INT(st, 200);
    CHECK(json_array_size(json_object_get(o, "rows")) == 3);
    CHECK(json_string_value(json_object_get(json_array_get(json_object_get(o, "rows"), 0),
                                            "actor")) != NULL);
    json_decref(o);
    o = get_json(port, "/api/top/dyads?n=5&both=1", &st);
    CHECK_INT(st, 200);
    e = json_array_get(json_object_get(o, "rows"), 0);
    CHECK(json_object_get(e, "count2") != NULL && json_object_get(e, "source") != NULL);
    json_decref(o);

    /* followthrough */
    o = get_json(port, "/api/followthrough?actor=RUS*&window=90", &st);
    CHECK_INT(st, 200);
    CHECK_STR(json_string_value(json_object_get(o, "actor")), "RUS*");
    CHECK_INT(json_integer_value(json_object_get(o, "window")), 90);
    json_t *summary = json_object_get(o, "summary");
    CHECK(json_object_get(summary, "commitments") && json_object_get(summary, "rate"));
    CHECK_INT(json_integer_value(json_object_get(summary, "commitments")),
              json_array_size(json_object_get(o, "rows")));
    json_decref(o);

    /* one event with its mentions; spans lie inside the sentence */
    o = get_json(port, "/api/events/1", &st);
    CHECK_INT(st, 200);
    CHECK_INT(json_integer_value(json_object_get(json_object_get(o, "event"), "event_id")), 1);
    json_t *ms = json_object_get(o, "mentions");
    CHECK(json_array_size(ms) >= 1);
    json_array_foreach(ms, i, e)
    {
        const char *text =
            json_string_value(json_object_get(json_object_get(e, "sentence"), "text"));
        json_t *verb = json_object_get(json_object_get(e, "spans"), "verb");
        CHECK(text && *text);
        CHECK(json_string_value(json_object_get(json_object_get(e, "article"), "id")) != NULL);
        if (json_is_array(verb) && text)
            CHECK(json_integer_value(json_array_get(verb, 1)) <= (json_int_t)strlen(text));
    }
    json_decref(o);
    o = get_json(port, "/api/events/999999", &st);
    CHECK_INT(st, 404);
    json_decref(o);

    /* 400 for each kind of bad parameter, naming it */
    static const char *const bad[][2] = {
        {"/api/events?limit=0", "limit"},         {"/api/events?limit=1001", "limit"},
        {"/api/events?limit=abc", "limit"},       {"/api/events?offset=-1", "offset"},
        {"/api/events?quad=5", "quad"},           {"/api/events?from=2024-13-01", "from"},
        {"/api/events?to=yesterday", "to"},       {"/api/events?dyad=RUS", "dyad"},
        {"/api/events?from=2022-02-30", "from"},  {"/api/events?to=-001-01-01", "to"},
        {"/api/events?from=%20202-01-01", "from"}, {"/api/series?to=2023-02-29", "to"},
        {"/api/events?source=RUS%27--", "source"}, {"/api/events?target=A%20B", "target"},
        {"/api/events?code=1a", "code"},          {"/api/events?root=190", "root"},
        {"/api/events?country=ukr", "country"},   {"/api/events?mood=maybe", "mood"},
        {"/api/events?plover=assault", "plover"}, {"/api/series?by=year", "by"},
        {"/api/top/actors?n=0", "n"},             {"/api/top/dyads?both=2", "both"},
        {"/api/followthrough", "actor"},          {"/api/followthrough?actor=RUS&window=0", "window"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        o = get_json(port, bad[k][0], &st);
        CHECK_INT(st, 400);
        const char *msg = json_string_value(
            json_object_get(json_object_get(o, "error"), "message"));
        char want[64];
        snprintf(want, sizeof want, "'%s'", bad[k][1]);
        CHECK_CONTAINS(msg, want);
        CHECK_INT(json_integer_value(json_object_get(json_object_get(o, "error"), "status")),
                  400);
        json_decref(o);
    }

    /* 404, 405, 414, POST without a token */
    char *body = NULL;
    CHECK_INT(http(port, "GET", "/api/nothing", NULL, NULL, &body), 404);
    free(body);
    CHECK_INT(http(port, "DELETE", "/api/events", NULL, NULL, &body), 405);
    free(body);
    CHECK_INT(http(port, "GET", "/api/articles", NULL, NULL, &body), 405);
    free(body);
    CHECK_INT(http(port, "POST", "/api/articles", NULL, "{}", &body), 401);
    CHECK_CONTAINS(body, "--token-file");
    free(body);
    char *long_url = malloc(5000);
    if (long_url) {
        memcpy(long_url, "/api/events?source=", 19);
        memset(long_url + 19, 'A', 4980);
        long_url[4999] = '\0';
        CHECK_INT(http(port, "GET", long_url, NULL, NULL, &body), 414);
        free(body);
        free(long_url);
    }
    /* Hardening: about 1,000 parameters inside the 4 KiB limit ran
     * libmicrohttpd out of the connection's memory, and the client got no
     * answer at all; many more past the limit did too.  Refused at once. */
    sd_buf many = SD_BUF_INIT;
    sd_buf_puts(&many, "/api/events?source=RUS");
    for (int n = 0; n < 1000; n++)
        sd_buf_puts(&many, "&a=1");
    size_t at_limit = many.len;
    time_t t0 = time(NULL);
    CHECK(many.len <= 4096);
    CHECK_INT(http(port, "GET", many.data, NULL, NULL, &body), 414);
    CHECK_CONTAINS(body, "too many query parameters");
    free(body);
    for (int n = 0; n < 20000; n++)
        sd_buf_putc(&many, '&');
    CHECK_INT(http(port, "GET", many.data, NULL, NULL, &body), 414);
    free(body);
    CHECK(time(NULL) - t0 < 5);
    /* 64 parameters are still read (known ones: unknown ones are a 400) */
    sd_buf_clear(&many);
    sd_buf_puts(&many, "/api/events?source=RUS");
    for (int n = 1; n < 64; n++)
        sd_buf_puts(&many, "&code=1");
    CHECK(many.len < at_limit);
    CHECK_INT(http(port, "GET", many.data, NULL, NULL, &body), 200);
    free(body);
    sd_buf_puts(&many, "&a=1");
    CHECK_INT(http(port, "GET", many.data, NULL, NULL, &body), 414);
    free(body);
    sd_buf_free(&many);
}

static void check_static(sd_test *t, int port)
{
    char *body = NULL;
    CHECK_INT(http(port, "GET", "/", NULL, NULL, &body), 200);
    CHECK_CONTAINS(body, "<h1>saydo</h1>");
    free(body);
    CHECK_INT(http(port, "GET", "/app.js", NULL, NULL, &body), 200);
    CHECK_CONTAINS(body, "console");
    free(body);
    static const char *const hostile[] = {
        "/../secret.txt", "/%2e%2e/secret.txt", "/sub/../../secret.txt", "/.hidden",
        "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/missing.html", "/sub",
        "/index.html%00.png",
    };
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        int st = http(port, "GET", hostile[i], NULL, NULL, &body);
        CHECK(st == 404 || st == 400);
        CHECK(!body || !strstr(body, "TOP SECRET"));
        free(body);
    }
    /* garbage request lines and headers do not bring it down */
    static const char *const garbage[] = {
        "\r\n\r\nGARBAGE\r\n\r\n", "GARBAGE\r\n\r\n", "GET\r\n\r\n", "GET / HTTP/9.9\r\n\r\n",
        "GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        "GET /api/health HTTP/1.1\r\n: no name\r\n\r\n",
        "\x01\x02\x03\xff\xfe binary\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof garbage / sizeof garbage[0]; i++) {
        http_raw_half(port, garbage[i], strlen(garbage[i]), &body, 1);
        free(body);
    }
    int st;
    json_t *o = get_json(port, "/api/health", &st);
    CHECK_INT(st, 200);
    json_decref(o);
}

TEST(serve_api)
{
    const char *db = sd_test_path(t, "serve.db");
    if (make_store(t, db) != 0)
        SKIP("cannot ingest data/samples (run from the source tree)");
    /* a dashboard folder with a file outside it that must stay hidden */
    const char *web = sd_test_path(t, "web");
    char path[4200];
    mkdir(web, 0755);
    snprintf(path, sizeof path, "%s/sub", web);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/index.html", web);
    sd_test_write_file(path, "<h1>saydo</h1>\n", 15);
    snprintf(path, sizeof path, "%s/app.js", web);
    sd_test_write_file(path, "console.log(1);\n", 16);
    snprintf(path, sizeof path, "%s/.hidden", web);
    sd_test_write_file(path, "TOP SECRET\n", 11);
    sd_test_write_file(sd_test_path(t, "secret.txt"), "TOP SECRET\n", 11);

    server s = start(t, db, "--web", web);
    CHECK(s.port > 0);
    if (s.port <= 0)
        return;
    check_reads(t, s.port);
    check_static(t, s.port);
    CHECK_INT(stop(&s), 0);

    /* a non-loopback address without a token is refused */
    const char *argv[] = {t->saydo, "serve", "--db", db, "--listen", "0.0.0.0:0", NULL};
    char *out = NULL, *err = NULL;
    CHECK_INT(sd_test_run(argv, NULL, 0, &out, &err, 30), 2);
    CHECK_CONTAINS(err, "--token-file");
    free(out);
    free(err);
}

TEST(serve_token_and_post)
{
    const char *db = sd_test_path(t, "post.db");
    const char *token_file = sd_test_path(t, "token");
    sd_test_write_file(token_file, "s3cret-token-123\n", 17);
    server s = start(t, db, "--token-file", token_file);
    CHECK(s.port > 0);
    if (s.port <= 0)
        return;
    char *body = NULL;
    const char *good = "Authorization: Bearer s3cret-token-123\r\n";
    CHECK_INT(http(s.port, "GET", "/api/health", NULL, NULL, &body), 401);
    free(body);
    CHECK_INT(http(s.port, "GET", "/api/health", "Authorization: Bearer s3cret-token-12\r\n",
                   NULL, &body),
              401);
    free(body);
    CHECK_INT(http(s.port, "GET", "/api/health", "Authorization: Bearer s3cret-token-1234\r\n",
                   NULL, &body),
              401);
    free(body);
    CHECK_INT(http(s.port, "GET", "/", NULL, NULL, &body), 303); /* to /login.html */
    free(body);
    CHECK_INT(http(s.port, "GET", "/api/events", NULL, NULL, &body), 401);
    free(body);
    CHECK_INT(http(s.port, "GET", "/api/health", good, NULL, &body), 200);
    CHECK_CONTAINS(body, "\"events\":0");
    free(body);
    CHECK_INT(http(s.port, "POST", "/api/articles", NULL, "{}", &body), 401);
    free(body);

    /* POST codes and stores; again changes nothing */
    char *jsonl = samples_jsonl();
    CHECK(jsonl != NULL);
    if (jsonl) {
        CHECK_INT(http(s.port, "POST", "/api/articles", good, jsonl, &body), 200);
        json_t *o = body ? json_loads(body, 0, NULL) : NULL;
        CHECK_INT(json_integer_value(json_object_get(o, "articles")), 7);
        CHECK_INT(json_integer_value(json_object_get(o, "added")), 7);
        CHECK(json_integer_value(json_object_get(o, "events")) > 10);
        json_decref(o);
        free(body);
        CHECK_INT(http(s.port, "POST", "/api/articles", good, jsonl, &body), 200);
        CHECK_CONTAINS(body, "\"unchanged\":7");
        free(body);
        free(jsonl);
    }
    CHECK_INT(http(s.port, "GET", "/api/events?limit=1", good, NULL, &body), 200);
    CHECK_CONTAINS(body, "\"more\":true");
    free(body);
    /* answers cached before the POST are not served after it */
    CHECK_INT(http(s.port, "GET", "/api/health", good, NULL, &body), 200);
    CHECK_CONTAINS(body, "\"articles\":7");
    free(body);
    /* a bad line: 400 naming it */
    CHECK_INT(http(s.port, "POST", "/api/articles", good,
                   "{\"id\":\"x1\",\"date\":\"2024-01-02\",\"text\":\"Russia attacked Ukraine.\"}\n"
                   "{not json\n",
                   &body),
              400);
    CHECK_CONTAINS(body, "line 2");
    free(body);
    /* 413: a Content-Length over 8 MiB is refused before the body */
    sd_buf big = SD_BUF_INIT;
    sd_buf_printf(&big, "POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\n%sContent-Length: %zu\r\n"
                        "Connection: close\r\n\r\n",
                  good, (size_t)9 * 1024 * 1024);
    CHECK_INT(http_raw(s.port, big.data, big.len, &body), 413);
    free(body);
    free(big.data);
    CHECK_INT(http(s.port, "GET", "/api/health", good, NULL, &body), 200);
    free(body);
    CHECK_INT(stop(&s), 0);
}

/* Run argv with stdin_data, writing its standard output to path; its exit
 * status. */
static int run_to_file(const char *const *argv, const char *stdin_data, const char *path)
{
    char *out = NULL, *err = NULL;
    int rc = sd_test_run(argv, stdin_data, stdin_data ? strlen(stdin_data) : 0, &out, &err, 120);
    if (rc == 0 && sd_test_write_file(path, out ? out : "", out ? strlen(out) : 0) != 0)
        rc = -1;
    free(out);
    free(err);
    return rc;
}

/* One event schema for all three: 'saydo code' (JSON Lines articles with
 * urls and outlets, and plain text without a date), 'saydo query --format
 * jsonl' (events and --raw mentions) and the API's /api/events and
 * /api/events/ID, all validated against docs/event.schema.json by
 * tests/check_event_schema.py (python3 with python3-jsonschema). */
TEST(event_schema_code_query_api)
{
    char *jsonl = samples_jsonl();
    if (!jsonl)
        SKIP("no data/samples (run from the source tree)");
    const char *code = sd_test_path(t, "schema-code.jsonl");
    const char *code_text = sd_test_path(t, "schema-code-text.jsonl");
    const char *query = sd_test_path(t, "schema-query.jsonl");
    const char *raw = sd_test_path(t, "schema-query-raw.jsonl");
    const char *api = sd_test_path(t, "schema-api-events.json");
    const char *one = sd_test_path(t, "schema-api-event.json");
    const char *db = sd_test_path(t, "schema.db");
    const char *code_argv[] = {t->saydo, "code", "--quiet", "--input", "jsonl", "-", NULL};
    CHECK_INT(run_to_file(code_argv, jsonl, code), 0);
    free(jsonl);
    const char *text_argv[] = {t->saydo, "code", "--quiet", "data/samples", NULL};
    CHECK_INT(run_to_file(text_argv, NULL, code_text), 0);
    CHECK_INT(make_store(t, db), 0);
    const char *query_argv[] = {t->saydo, "query", "--db", db, "--format", "jsonl", NULL};
    CHECK_INT(run_to_file(query_argv, NULL, query), 0);
    const char *raw_argv[] = {t->saydo, "query", "--db", db, "--format", "jsonl", "--raw", NULL};
    CHECK_INT(run_to_file(raw_argv, NULL, raw), 0);

    server s = start(t, db, NULL, NULL);
    CHECK(s.port > 0);
    if (s.port <= 0)
        return;
    char *body = NULL;
    CHECK_INT(http(s.port, "GET", "/api/events?limit=1000", NULL, NULL, &body), 200);
    CHECK(body && sd_test_write_file(api, body, strlen(body)) == 0);
    free(body);
    body = NULL;
    CHECK_INT(http(s.port, "GET", "/api/events/1", NULL, NULL, &body), 200);
    CHECK(body && sd_test_write_file(one, body, strlen(body)) == 0);
    free(body);
    CHECK_INT(stop(&s), 0);

    const char *check_argv[] = {"python3", "tests/check_event_schema.py",
                                "docs/event.schema.json", code, code_text, query, raw, api, one,
                                NULL};
    char *out = NULL, *err = NULL;
    int rc = sd_test_run(check_argv, NULL, 0, &out, &err, 120);
    if (rc != 0)
        sd_test_fail(t, __FILE__, __LINE__, "event schema check failed (%d):\n%.3000s%.500s", rc,
                     out ? out : "", err ? err : "");
    free(out);
    free(err);
}

/* One GDELT writer: 'saydo code --format tsv' and 'saydo query --format
 * tsv' of the same articles, checked row by row by tests/check_gdelt_tsv.py
 * (Python's csv module; GeoNames' FIPS codes and GDELT's column list in
 * ../shared as oracles). */
TEST(gdelt_tsv_code_query)
{
    if (sd_country_count() == 0)
        SKIP("no country table (npm country-code-lookup missing: run scripts/install-deps)");
    char *jsonl = samples_jsonl();
    if (!jsonl)
        SKIP("no data/samples (run from the source tree)");
    const char *code_tsv = sd_test_path(t, "gdelt-code.tsv");
    const char *code_jsonl = sd_test_path(t, "gdelt-code.jsonl");
    const char *query_tsv = sd_test_path(t, "gdelt-query.tsv");
    const char *db = sd_test_path(t, "gdelt.db");
    const char *tsv_argv[] = {t->saydo, "code", "--quiet", "--input", "jsonl", "--format", "tsv",
                              "-", NULL};
    CHECK_INT(run_to_file(tsv_argv, jsonl, code_tsv), 0);
    const char *json_argv[] = {t->saydo, "code", "--quiet", "--input", "jsonl", "-", NULL};
    CHECK_INT(run_to_file(json_argv, jsonl, code_jsonl), 0);
    free(jsonl);
    CHECK_INT(make_store(t, db), 0);
    const char *query_argv[] = {t->saydo, "query", "--db", db, "--format", "tsv", NULL};
    CHECK_INT(run_to_file(query_argv, NULL, query_tsv), 0);
    const char *check_argv[] = {"python3", "tests/check_gdelt_tsv.py", code_tsv, code_jsonl,
                                query_tsv, t->shared, NULL};
    char *out = NULL, *err = NULL;
    int rc = sd_test_run(check_argv, NULL, 0, &out, &err, 120);
    if (rc != 0)
        sd_test_fail(t, __FILE__, __LINE__, "GDELT TSV check failed (%d):\n%.3000s%.500s", rc,
                     out ? out : "", err ? err : "");
    free(out);
    free(err);
}

/* 1 when the rows' periods run without a gap (each distinct period the
 * next of the one before), from first to last when those are given. */
static int periods_contiguous(json_t *rows, saydo_store_agg kind, const char *first,
                              const char *last)
{
    char want[11] = "", prev[11] = "";
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        const char *p = json_string_value(json_object_get(row, "period"));
        if (!p)
            return 0;
        if (prev[0] && strcmp(p, prev) == 0)
            continue;
        if (!prev[0] && first && strcmp(p, first) != 0)
            return 0;
        if (prev[0] && strcmp(p, want) != 0)
            return 0;
        snprintf(prev, sizeof prev, "%s", p);
        if (saydo_period_next(kind, p, want) != 0)
            return 0;
    }
    return prev[0] && (!last || strcmp(prev, last) == 0);
}

/* Unknown parameters are refused, naming them; series are zero-filled in
 * the API and in 'saydo query series'. */
TEST(serve_unknown_params_and_zero_filled_series)
{
    const char *db = sd_test_path(t, "series.db");
    if (make_store(t, db) != 0)
        SKIP("no data/samples (run from the source tree)");
    server s = start(t, db, NULL, NULL);
    CHECK(s.port > 0);
    if (s.port <= 0)
        return;
    int st;
    static const char *const unknown[][2] = {
        {"/api/events?sourc=RUS", "'sourc'"},
        {"/api/series?by=month&limit=5", "'limit'"},
        {"/api/top/actors?n=3&both=1", "'both'"},
        {"/api/health?x=1", "'x'"},
        {"/api/events/1?full=1", "'full'"},
        {"/api/events?source=RUS&a=1&b", "'a', 'b'"},
    };
    for (size_t k = 0; k < sizeof unknown / sizeof unknown[0]; k++) {
        json_t *o = get_json(s.port, unknown[k][0], &st);
        CHECK_INT(st, 400);
        CHECK_CONTAINS(json_string_value(json_object_get(json_object_get(o, "error"), "message")),
                       unknown[k][1]);
        json_decref(o);
    }
    json_t *o = get_json(s.port, "/api/events?source=RUS*&limit=5&offset=0", &st);
    CHECK_INT(st, 200);
    json_decref(o);

    /* the samples run from 2021-11 to 2024-10, with empty months between */
    o = get_json(s.port, "/api/series?by=month", &st);
    CHECK_INT(st, 200);
    json_t *rows = json_object_get(o, "rows");
    CHECK(periods_contiguous(rows, SAYDO_AGG_MONTH, "2021-11", "2024-10"));
    CHECK(json_array_size(rows) >= 36);
    json_decref(o);
    o = get_json(s.port, "/api/series?by=week&from=2021-01-01&to=2025-01-31", &st);
    CHECK_INT(st, 200);
    CHECK(periods_contiguous(json_object_get(o, "rows"), SAYDO_AGG_WEEK, "2020-12-28",
                             "2025-01-27"));
    json_decref(o);
    CHECK_INT(stop(&s), 0);

    /* the CLI: one line per month from the first to the last */
    const char *argv[] = {t->saydo, "query", "series", "--db", db, "--by", "month", "--format",
                          "csv", "--no-header", "--from", "2021-10-15", NULL};
    char *out = NULL, *err = NULL;
    CHECK_INT(sd_test_run(argv, NULL, 0, &out, &err, 60), 0);
    json_t *periods = json_array();
    char *save = NULL;
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *comma = strchr(line, ',');
        if (comma)
            *comma = '\0';
        json_array_append_new(periods, json_pack("{s:s}", "period", line));
    }
    CHECK(periods_contiguous(periods, SAYDO_AGG_MONTH, "2021-10", "2024-10"));
    CHECK_INT(json_array_size(periods), 37);
    json_decref(periods);
    free(out);
    free(err);
}

/* /api/countries counts every located event by country; /api/events.csv
 * is 'saydo query --format csv' of the same filters. */
TEST(serve_countries_and_csv)
{
    const char *db = sd_test_path(t, "countries.db");
    if (make_store(t, db) != 0)
        SKIP("no data/samples (run from the source tree)");
    server s = start(t, db, NULL, NULL);
    CHECK(s.port > 0);
    if (s.port <= 0)
        return;
    int st;
    json_t *o = get_json(s.port, "/api/countries", &st);
    CHECK_INT(st, 200);
    long long sum = 0, prev = -1;
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(o, "rows"), i, row) {
        long long n = json_integer_value(json_object_get(row, "count"));
        CHECK(strlen(json_string_value(json_object_get(row, "country"))) == 3);
        CHECK(prev < 0 || n <= prev); /* most first */
        prev = n;
        sum += n;
    }
    json_decref(o);
    o = get_json(s.port, "/api/events?limit=1000", &st);
    long long located = 0;
    json_array_foreach(json_object_get(o, "events"), i, row)
        located += json_is_object(json_object_get(row, "location"));
    json_decref(o);
    CHECK(located > 0);
    CHECK_INT(sum, located);
    /* saydo query top countries counts the same */
    const char *top_argv[] = {t->saydo, "query", "top", "countries", "--db", db, "--format",
                              "csv", "--no-header", NULL};
    char *top = NULL, *top_err = NULL;
    CHECK_INT(sd_test_run(top_argv, NULL, 0, &top, &top_err, 60), 0);
    long long top_sum = 0;
    for (const char *line = top; line && *line;) {
        const char *comma = strchr(line, ','), *end = strchr(line, '\n');
        if (comma)
            top_sum += atoll(comma + 1);
        line = end ? end + 1 : "";
    }
    CHECK_INT(top_sum, located);
    free(top);
    free(top_err);

    char *body = NULL;
    CHECK_INT(http(s.port, "GET", "/api/events.csv?quad=4", NULL, NULL, &body), 200);
    CHECK_INT(stop(&s), 0);
    const char *argv[] = {t->saydo, "query", "--db", db, "--format", "csv", "--quad", "4", NULL};
    char *out = NULL, *err = NULL;
    CHECK_INT(sd_test_run(argv, NULL, 0, &out, &err, 60), 0);
    CHECK(body && out && strchr(out, '\n') != strrchr(out, '\n'));
    CHECK_STR(body, out);
    free(body);
    free(out);
    free(err);
}

/* ---- hardening, part 2: connections, queries, Host, headers ----------- */

/* A connection to port from the loopback address src ("127.0.0.2": every
 * 127/8 address is this machine), or -1. */
static int open_from(int port, const char *src)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    inet_pton(AF_INET, src, &a.sin_addr);
    struct timeval tv = {30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    a.sin_port = htons((unsigned short)port);
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Send req on fd and read the whole answer (the server closes); returns
 * the status and sets *head to the malloc'd answer with its headers. */
static int exchange(int fd, const char *req, char **whole)
{
    *whole = NULL;
    if (fd < 0)
        return 0;
    send(fd, req, strlen(req), MSG_NOSIGNAL);
    sd_buf in = SD_BUF_INIT;
    char chunk[65536];
    ssize_t r;
    while ((r = recv(fd, chunk, sizeof chunk, 0)) > 0)
        sd_buf_append(&in, chunk, (size_t)r);
    close(fd);
    *whole = in.data;
    return in.data && strncmp(in.data, "HTTP/1.1 ", 9) == 0 ? atoi(in.data + 9) : 0;
}

/* GET target from src with the given Host; the status, *whole as above. */
static int get_from(int port, const char *src, const char *host, const char *target,
                    char **whole)
{
    char req[1024];
    snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target,
             host);
    return exchange(open_from(port, src), req, whole);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* 1 when the server has closed fd (read gives end of file or an error)
 * within seconds. */
static int closed_within(int fd, int seconds)
{
    struct timeval tv = {seconds, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char c;
    ssize_t r = recv(fd, &c, 1, 0);
    return r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

/* Hardening 2: 520 slow connections (slowloris) locked every other client
 * out, and past 512 connections clients timed out instead of being told to
 * come back.  Now: a limit per client address and in all, each answered
 * 503 with Retry-After, and a deadline for a whole request. */
TEST(serve_connection_limits)
{
    const char *db = sd_test_path(t, "limits.db");
    if (make_store(t, db) != 0)
        SKIP("cannot ingest data/samples (run from the source tree)");
    const char *extra[] = {"--max-per-client", "4", "--max-connections", "6",
                           "--request-timeout", "2", NULL};
    server s = start_with(t, db, extra);
    CHECK(s.port > 0);
    if (s.port <= 0)
        return;
    char host[64];
    snprintf(host, sizeof host, "127.0.0.1:%d", s.port);
    char *whole = NULL;
    /* four slow clients from 127.0.0.1: one sends nothing, three dribble
     * the headers of a request one byte at a time */
    int slow[4];
    for (int i = 0; i < 4; i++)
        slow[i] = open_from(s.port, "127.0.0.1");
    for (int i = 0; i < 4; i++)
        CHECK(slow[i] >= 0);
    sleep_ms(300);
    /* a fifth from the same address: 503 at once, with Retry-After */
    double t0 = now_s();
    CHECK_INT(get_from(s.port, "127.0.0.1", host, "/api/health", &whole), 503);
    CHECK_CONTAINS(whole, "Retry-After: 1");
    CHECK_CONTAINS(whole, "too many connections");
    free(whole);
    /* another address is served, and quickly */
    CHECK_INT(get_from(s.port, "127.0.0.2", host, "/api/health", &whole), 200);
    free(whole);
    CHECK(now_s() - t0 < 2);
    /* six in all: two idle ones from 127.0.0.2 fill it; 127.0.0.3 is told
     * (after the server has seen the client above close) */
    sleep_ms(300);
    int more[2] = {open_from(s.port, "127.0.0.2"), open_from(s.port, "127.0.0.2")};
    sleep_ms(500);
    CHECK_INT(get_from(s.port, "127.0.0.3", host, "/api/health", &whole), 503);
    free(whole);
    /* the dribblers keep sending, but a whole request must arrive within
     * 2 s: every slow connection is closed by the server */
    static const char dribble[] = "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    for (int step = 0; step < 8; step++) {
        for (int i = 1; i < 4; i++)
            if (slow[i] >= 0)
                send(slow[i], dribble + step, 1, MSG_NOSIGNAL);
        sleep_ms(250);
    }
    for (int i = 0; i < 4; i++) {
        CHECK(closed_within(slow[i], 5));
        close(slow[i]);
    }
    for (int i = 0; i < 2; i++) {
        CHECK(closed_within(more[i], 5));
        close(more[i]);
    }
    CHECK_INT(get_from(s.port, "127.0.0.1", host, "/api/health", &whole), 200);
    free(whole);
    CHECK_INT(stop(&s), 0);

    /* the values are checked */
    const char *argv[] = {t->saydo, "serve", "--db", db, "--max-per-client", "0", NULL};
    char *out = NULL, *err = NULL;
    CHECK_INT(sd_test_run(argv, NULL, 0, &out, &err, 30), 2);
    CHECK_CONTAINS(err, "--max-per-client");
    free(out);
    free(err);
}

/* Hardening 2: the Host header was not checked (DNS rebinding could read
 * the loopback API), and answers had no CSP, frame-ancestors or
 * Referrer-Policy. */
TEST(serve_host_and_security_headers)
{
    const char *db = sd_test_path(t, "host.db");
    if (make_store(t, db) != 0)
        SKIP("cannot ingest data/samples (run from the source tree)");
    const char *web = sd_test_path(t, "host-web");
    char path[4200];
    mkdir(web, 0755);
    snprintf(path, sizeof path, "%s/index.html", web);
    sd_test_write_file(path, "<h1>saydo</h1>\n", 15);
    const char *extra[] = {"--web", web, "--allow-host", "events.example", NULL};
    server s = start_with(t, db, extra);
    CHECK(s.port > 0);
    if (s.port <= 0)
        return;
    char good[5][64], bad[4][64];
    snprintf(good[0], 64, "127.0.0.1:%d", s.port);
    snprintf(good[1], 64, "localhost:%d", s.port);
    snprintf(good[2], 64, "[::1]:%d", s.port);
    snprintf(good[3], 64, "EVENTS.example:%d", s.port);
    snprintf(good[4], 64, "127.0.0.1");
    snprintf(bad[0], 64, "evil.example:%d", s.port);
    snprintf(bad[1], 64, "evil.example");
    snprintf(bad[2], 64, "127.0.0.1:%d", s.port + 1);
    snprintf(bad[3], 64, "localhost.evil.example:%d", s.port);
    char *whole = NULL;
    for (int i = 0; i < 5; i++) {
        CHECK_INT(get_from(s.port, "127.0.0.1", good[i], "/api/health", &whole), 200);
        free(whole);
    }
    for (int i = 0; i < 4; i++) {
        CHECK_INT(get_from(s.port, "127.0.0.1", bad[i], "/api/health", &whole), 421);
        CHECK_CONTAINS(whole, "--allow-host");
        free(whole);
        CHECK_INT(get_from(s.port, "127.0.0.1", bad[i], "/", &whole), 421);
        CHECK(!whole || !strstr(whole, "<h1>saydo"));
        free(whole);
    }
    static const char *const targets[] = {"/", "/api/health", "/api/nothing", "/missing.js"};
    for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
        get_from(s.port, "127.0.0.1", good[0], targets[i], &whole);
        CHECK_CONTAINS(whole, "Content-Security-Policy: default-src 'self'; script-src 'self';");
        CHECK_CONTAINS(whole, "frame-ancestors 'none'");
        CHECK_CONTAINS(whole, "Referrer-Policy: no-referrer");
        CHECK_CONTAINS(whole, "X-Content-Type-Options: nosniff");
        CHECK(whole && !strstr(whole, "unsafe-eval") && !strstr(whole, "script-src 'self' 'unsafe"));
        free(whole);
    }
    CHECK_INT(stop(&s), 0);

    /* the dashboard has no inline script for the policy to block */
    char *html = sd_test_read_file("web/index.html", NULL);
    if (html) {
        for (const char *p = html; (p = strstr(p, "<script")); p++) {
            const char *end = strchr(p, '>');
            const char *src = strstr(p, "src=");
            CHECK(end && src && src < end);
        }
        CHECK(!strstr(html, " onclick=") && !strstr(html, " onload=") &&
              !strstr(html, "javascript:"));
        free(html);
    }
}

/* Grow a store of the samples to about copies x its events (the copies
 * differ in day and target) with plain SQL: a store on which a filter no
 * index serves takes a while.  0 on success. */
static int grow_store(const char *db, int copies)
{
    sqlite3 *h = NULL;
    char sql[1400];
    snprintf(sql, sizeof sql,
             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
             " INSERT INTO events(day, date, source, target, cameo, root, quad, goldstein,"
             " plover, mood, location, country, first_mention, num_mentions, num_sources,"
             " num_articles) SELECT e.day + n.i %% 300, e.date, e.source, e.target || (n.i %% 50),"
             " e.cameo, e.root, e.quad, e.goldstein, e.plover, e.mood, e.location, e.country,"
             " e.first_mention, e.num_mentions, e.num_sources, e.num_articles"
             " FROM events e, n",
             copies);
    int rc = sqlite3_open(db, &h) == SQLITE_OK &&
                     sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK
                 ? 0
                 : -1;
    sqlite3_close(h);
    return rc;
}

/* Hardening 2: four expensive follow-through queries made /api/health take
 * 8 s: no query had a time limit, and they could hold every thread.  Now
 * each query of the server has one (--query-timeout, 503), and the health
 * check is answered at once while they run. */
TEST(serve_query_time_limit)
{
    const char *db = sd_test_path(t, "slow.db");
    if (make_store(t, db) != 0)
        SKIP("cannot ingest data/samples (run from the source tree)");
    CHECK_INT(grow_store(db, t->quick ? 1500 : 3000), 0);
    const char *extra[] = {"--query-timeout", "1", "--no-cache", NULL};
    server s = start_with(t, db, extra);
    CHECK(s.port > 0);
    if (s.port <= 0)
        return;
    /* no index serves 'place': every event is read, for longer than 1 ms */
    static const char *const slow[] = {"/api/events?place=nowhere&limit=1",
                                       "/api/series?by=day&place=nowhere",
                                       "/api/top/dyads?place=nowhere&both=1",
                                       "/api/followthrough?actor=*&window=3650"};
    int st;
    for (size_t i = 0; i < sizeof slow / sizeof *slow; i++) {
        json_t *o = get_json(s.port, slow[i], &st);
        CHECK_INT(st, 503);
        json_t *e = json_object_get(o, "error");
        CHECK_INT(json_integer_value(json_object_get(e, "status")), 503);
        CHECK_CONTAINS(json_string_value(json_object_get(e, "message")), "took too long");
        json_decref(o);
    }
    /* four at once, and the health check does not wait behind them */
    int fds[4];
    char req[256];
    for (int i = 0; i < 4; i++) {
        fds[i] = open_from(s.port, "127.0.0.1");
        snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                 slow[i]);
        if (fds[i] >= 0)
            send(fds[i], req, strlen(req), MSG_NOSIGNAL);
    }
    double t0 = now_s();
    json_t *o = get_json(s.port, "/api/health", &st);
    CHECK_INT(st, 200);
    CHECK(now_s() - t0 < 1.5);
    json_decref(o);
    for (int i = 0; i < 4; i++) {
        char *whole = NULL;
        int code = exchange(fds[i], "", &whole);
        CHECK(code == 503); /* too long, or no slot free */
        free(whole);
    }
    /* cheap queries still answer */
    o = get_json(s.port, "/api/events/1", &st);
    CHECK_INT(st, 200);
    json_decref(o);
    CHECK_INT(stop(&s), 0);
}

/* Hardening 2: an 8 MiB POST of 100,000 tiny articles held the writer for
 * 25 minutes, kept every other POST waiting, and SIGTERM did not stop it.
 * Now articles are coded in batches that take turns for the writer, and a
 * stop ends the POST after its batch, answering 503 with what was stored. */
TEST(serve_post_batches_and_stop)
{
    const char *db = sd_test_path(t, "batches.db");
    const char *token_file = sd_test_path(t, "batches-token");
    sd_test_write_file(token_file, "s3cret-token-123\n", 17);
    server s = start(t, db, "--token-file", token_file);
    CHECK(s.port > 0);
    if (s.port <= 0)
        return;
    const char *good = "Authorization: Bearer s3cret-token-123\r\n";
    enum { N = 6000 };
    sd_buf body = SD_BUF_INIT, req = SD_BUF_INIT;
    for (int i = 0; i < N; i++)
        sd_buf_printf(&body,
                      "{\"id\":\"big%d\",\"date\":\"2024-01-02\",\"text\":\"Russia attacked "
                      "Ukraine near Kyiv on day %d.\"}\n",
                      i, i);
    sd_buf_printf(&req, "POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\n%sContent-Length: %zu\r\n"
                        "Connection: close\r\n\r\n",
                  good, body.len);
    sd_buf_append(&req, body.data, body.len);
    int big = open_from(s.port, "127.0.0.1");
    CHECK(big >= 0);
    size_t sent = 0;
    while (big >= 0 && sent < req.len) {
        ssize_t w = send(big, req.data + sent, req.len - sent, MSG_NOSIGNAL);
        if (w <= 0)
            break;
        sent += (size_t)w;
    }
    CHECK_INT(sent, req.len);
    /* another POST takes its turn between the big one's batches */
    char *out = NULL;
    double t0 = now_s();
    CHECK_INT(http(s.port, "POST", "/api/articles", good,
                   "{\"id\":\"small\",\"date\":\"2024-01-03\",\"text\":\"Iran threatened Israel.\"}\n",
                   &out),
              200);
    CHECK_CONTAINS(out, "\"added\":1");
    free(out);
    CHECK(now_s() - t0 < 15);
    /* once some batches are stored, SIGTERM */
    long long stored = 0;
    for (int i = 0; i < 600 && stored < 2 * 64; i++) {
        json_t *o = NULL;
        if (http(s.port, "GET", "/api/health", good, NULL, &out) == 200 && out)
            o = json_loads(out, 0, NULL);
        free(out);
        stored = json_integer_value(json_object_get(o, "articles"));
        json_decref(o);
        sleep_ms(50);
    }
    CHECK(stored >= 2 * 64);
    kill(s.pid, SIGTERM);
    t0 = now_s();
    char *whole = NULL;
    CHECK_INT(exchange(big, "", &whole), 503);
    const char *json = whole ? strstr(whole, "\r\n\r\n") : NULL;
    json_t *o = json ? json_loads(json + 4, 0, NULL) : NULL;
    long long articles = json_integer_value(json_object_get(o, "articles"));
    CHECK(json_is_true(json_object_get(o, "stopped")));
    CHECK(articles > 0 && articles < N);
    CHECK_CONTAINS(json_string_value(json_object_get(json_object_get(o, "error"), "message")),
                   "stopping");
    json_decref(o);
    free(whole);
    int status = -1;
    for (int i = 0; i < 300 && s.pid > 0; i++) {
        if (waitpid(s.pid, &status, WNOHANG) == s.pid)
            s.pid = -1;
        else
            sleep_ms(100);
    }
    CHECK(s.pid < 0);
    if (s.pid > 0)
        stop(&s);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK(now_s() - t0 < 20);
    /* what the answer said was stored is stored, and the small one */
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    long long in_store = -1;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, "SELECT count(*) FROM articles", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        in_store = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    CHECK_INT(in_store, articles + 1);
    free(body.data);
    free(req.data);
}

/* The Set-Cookie session id of an answer (64 hex digits) into id; 1 when
 * there is one. */
static int cookie_of(const char *whole, char id[80])
{
    const char *c = whole ? strstr(whole, "Set-Cookie: saydo_session=") : NULL;
    if (!c)
        return 0;
    c += strlen("Set-Cookie: saydo_session=");
    size_t n = strspn(c, "0123456789abcdef");
    if (n >= 80)
        return 0;
    memcpy(id, c, n);
    id[n] = '\0';
    return n == 64;
}

static int request_from(int port, const char *method, const char *target, const char *host,
                        const char *headers, const char *body, char **whole)
{
    sd_buf req = SD_BUF_INIT;
    sd_buf_printf(&req, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n%s", method,
                  target, host, headers ? headers : "");
    if (body)
        sd_buf_printf(&req, "Content-Length: %zu\r\n", strlen(body));
    sd_buf_puts(&req, "\r\n");
    if (body)
        sd_buf_puts(&req, body);
    int status = exchange(open_from(port, "127.0.0.1"), req.data, whole);
    free(req.data);
    return status;
}

/* Hardening 2: with --token-file the dashboard could not be used at all (a
 * browser cannot send the bearer token).  Now POST /api/login exchanges the
 * token for an HttpOnly, SameSite=Strict session cookie. */
TEST(serve_login_session)
{
    const char *db = sd_test_path(t, "login.db");
    if (make_store(t, db) != 0)
        SKIP("cannot ingest data/samples (run from the source tree)");
    const char *token_file = sd_test_path(t, "login-token");
    sd_test_write_file(token_file, "s3cret-token-123\n", 17);
    const char *web = sd_test_path(t, "login-web");
    char path[4200];
    mkdir(web, 0755);
    static const char *const files[][2] = {{"index.html", "<h1>saydo</h1>\n"},
                                           {"login.html", "<h1>login</h1>\n"},
                                           {"login.js", "let x = 1;\n"},
                                           {"style.css", "body {}\n"},
                                           {"app.js", "console.log(1);\n"}};
    for (size_t i = 0; i < 5; i++) {
        snprintf(path, sizeof path, "%s/%s", web, files[i][0]);
        sd_test_write_file(path, files[i][1], strlen(files[i][1]));
    }
    const char *extra[] = {"--token-file", token_file, "--web", web, "--session-timeout", "2",
                           NULL};
    server s = start_with(t, db, extra);
    CHECK(s.port > 0);
    if (s.port <= 0)
        return;
    char host[64], origin[128], id[80] = "", id2[80] = "", cookie[200];
    snprintf(host, sizeof host, "127.0.0.1:%d", s.port);
    snprintf(origin, sizeof origin, "Origin: http://%s\r\n", host);
    char *whole = NULL;
    /* without anything: the page sends the browser to log in; its files
     * are open; the rest is not */
    CHECK_INT(request_from(s.port, "GET", "/", host, NULL, NULL, &whole), 303);
    CHECK_CONTAINS(whole, "Location: /login.html");
    free(whole);
    CHECK_INT(request_from(s.port, "GET", "/login.html", host, NULL, NULL, &whole), 200);
    free(whole);
    CHECK_INT(request_from(s.port, "GET", "/login.js", host, NULL, NULL, &whole), 200);
    free(whole);
    CHECK_INT(request_from(s.port, "GET", "/app.js", host, NULL, NULL, &whole), 401);
    free(whole);
    CHECK_INT(request_from(s.port, "GET", "/api/health", host, NULL, NULL, &whole), 401);
    free(whole);
    /* a wrong token, a malformed body, another origin: no cookie */
    CHECK_INT(request_from(s.port, "POST", "/api/login", host, origin,
                           "{\"token\":\"s3cret-token-12\"}", &whole),
              401);
    CHECK(!cookie_of(whole, id));
    free(whole);
    CHECK_INT(request_from(s.port, "POST", "/api/login", host, origin, "token=s3cret-token-123",
                           &whole),
              400);
    free(whole);
    CHECK_INT(request_from(s.port, "POST", "/api/login", host,
                           "Origin: http://evil.example\r\n",
                           "{\"token\":\"s3cret-token-123\"}", &whole),
              403);
    CHECK(!cookie_of(whole, id));
    free(whole);
    /* the right one: a session cookie, HttpOnly and SameSite=Strict */
    CHECK_INT(request_from(s.port, "POST", "/api/login", host, origin,
                           "{\"token\":\"s3cret-token-123\"}", &whole),
              200);
    CHECK(cookie_of(whole, id));
    CHECK_CONTAINS(whole, "HttpOnly");
    CHECK_CONTAINS(whole, "SameSite=Strict");
    CHECK_CONTAINS(whole, "Path=/");
    free(whole);
    CHECK_INT(request_from(s.port, "POST", "/api/login", host, NULL,
                           "{\"token\":\"s3cret-token-123\"}", &whole),
              200);
    CHECK(cookie_of(whole, id2));
    CHECK(strcmp(id, id2) != 0);
    free(whole);
    snprintf(cookie, sizeof cookie, "Cookie: saydo_session=%s\r\n", id);
    CHECK_INT(request_from(s.port, "GET", "/api/health", host, cookie, NULL, &whole), 200);
    free(whole);
    CHECK_INT(request_from(s.port, "GET", "/", host, cookie, NULL, &whole), 200);
    CHECK_CONTAINS(whole, "<h1>saydo</h1>");
    free(whole);
    /* a cookie-only POST from another origin is refused */
    char both[400];
    snprintf(both, sizeof both, "%sOrigin: http://evil.example\r\n", cookie);
    CHECK_INT(request_from(s.port, "POST", "/api/articles", host, both, "{}", &whole), 403);
    free(whole);
    /* a forged or altered id is not a session; the bearer token still works */
    char forged[200];
    snprintf(forged, sizeof forged, "Cookie: saydo_session=%.63s%c\r\n", id,
             id[63] == '0' ? '1' : '0');
    CHECK_INT(request_from(s.port, "GET", "/api/health", host, forged, NULL, &whole), 401);
    free(whole);
    CHECK_INT(request_from(s.port, "GET", "/api/health", host,
                           "Authorization: Bearer s3cret-token-123\r\n", NULL, &whole),
              200);
    free(whole);
    /* logout ends the session */
    CHECK_INT(request_from(s.port, "POST", "/api/logout", host, cookie, "", &whole), 200);
    CHECK_CONTAINS(whole, "Max-Age=0");
    free(whole);
    CHECK_INT(request_from(s.port, "GET", "/api/health", host, cookie, NULL, &whole), 401);
    free(whole);
    /* and a session expires (--session-timeout 2) */
    snprintf(cookie, sizeof cookie, "Cookie: saydo_session=%s\r\n", id2);
    CHECK_INT(request_from(s.port, "GET", "/api/health", host, cookie, NULL, &whole), 200);
    free(whole);
    sleep_ms(3200);
    CHECK_INT(request_from(s.port, "GET", "/api/health", host, cookie, NULL, &whole), 401);
    free(whole);
    CHECK_INT(stop(&s), 0);
}

/* --tls-cert / --tls-key: HTTPS through libmicrohttpd's GnuTLS, with a
 * self-signed certificate made here by openssl; skipped when the library
 * has no TLS or openssl or curl is missing. */
TEST(serve_tls)
{
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
        SKIP("libmicrohttpd was built without TLS");
    const char *db = sd_test_path(t, "tls.db");
    if (make_store(t, db) != 0)
        SKIP("cannot ingest data/samples (run from the source tree)");
    char cert[4200], key[4200];
    snprintf(cert, sizeof cert, "%s", sd_test_path(t, "cert.pem"));
    snprintf(key, sizeof key, "%s", sd_test_path(t, "key.pem"));
    const char *gen[] = {"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                         "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
                         "-days", "2", "-subj", "/CN=localhost", NULL};
    char *out = NULL, *err = NULL;
    int rc = sd_test_run(gen, NULL, 0, &out, &err, 60);
    free(out);
    free(err);
    if (rc != 0)
        SKIP("openssl cannot make a certificate");
    const char *token_file = sd_test_path(t, "tls-token");
    sd_test_write_file(token_file, "s3cret-token-123\n", 17);
    const char *extra[] = {"--tls-cert", cert, "--tls-key", key, "--token-file", token_file, NULL};
    server s = start_with(t, db, extra);
    CHECK(s.port > 0);
    if (s.port <= 0)
        return;
    char url[128], host[64];
    snprintf(url, sizeof url, "https://127.0.0.1:%d/api/health", s.port);
    snprintf(host, sizeof host, "127.0.0.1:%d", s.port);
    const char *curl[] = {"curl", "-sk", "-H", "Authorization: Bearer s3cret-token-123", url,
                          NULL};
    out = err = NULL;
    rc = sd_test_run(curl, NULL, 0, &out, &err, 30);
    if (rc == -1 || rc == 127) {
        free(out);
        free(err);
        stop(&s);
        SKIP("no curl");
    }
    CHECK_INT(rc, 0);
    CHECK_CONTAINS(out, "\"status\":\"ok\"");
    free(out);
    free(err);
    /* the login cookie is Secure over HTTPS */
    char login_url[128];
    snprintf(login_url, sizeof login_url, "https://127.0.0.1:%d/api/login", s.port);
    const char *login[] = {"curl", "-sk", "-i", "--data", "{\"token\":\"s3cret-token-123\"}",
                           login_url, NULL};
    out = err = NULL;
    CHECK_INT(sd_test_run(login, NULL, 0, &out, &err, 30), 0);
    CHECK_CONTAINS(out, "; Secure");
    free(out);
    free(err);
    /* plain HTTP on the TLS port gets no answer */
    char *whole = NULL;
    CHECK(get_from(s.port, "127.0.0.1", host, "/api/health", &whole) != 200);
    free(whole);
    CHECK_INT(stop(&s), 0);
    /* one without the other is a usage error */
    const char *half[] = {t->saydo, "serve", "--db", db, "--tls-cert", cert, NULL};
    out = err = NULL;
    CHECK_INT(sd_test_run(half, NULL, 0, &out, &err, 30), 2);
    CHECK_CONTAINS(err, "--tls-key");
    free(out);
    free(err);
}
