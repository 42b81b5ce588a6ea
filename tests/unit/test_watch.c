/*
 * test_watch.c -- 'saydo watch' against a local HTTP server the test
 * starts (python3's http.server, a small handler written below): the feed
 * is fetched once (200, its items stored), then answered 304 to the
 * conditional GET (If-None-Match with its ETag); a busy URL (503 with
 * Retry-After) and a closed port back off; the exit status says whether
 * the last polls succeeded.
 *
 * A second server (faults_py) serves feeds whose items carry only a
 * summary, their pages (one good, one 500, one slow, one that hangs), a
 * feed that changes between polls, one that disappears, malformed XML, a
 * slow feed, a redirect loop, an oversized feed, an image and a URL that
 * always answers 500: the watcher fetches each page once, stores an item
 * from its summary when its page fails, keeps requests to one host
 * --host-delay apart, backs off (also across runs, with --once), resumes
 * from its state file, and stops at once on SIGTERM -- never crashing
 * nor hanging.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "saydo.h"
#include "test.h"

static const char server_py[] =
    "import http.server, sys, os\n"
    "feed = open(sys.argv[1], 'rb').read()\n"
    "log = open(sys.argv[3], 'a')\n"
    "class H(http.server.BaseHTTPRequestHandler):\n"
    "    def log_message(self, *a): pass\n"
    "    def do_GET(self):\n"
    "        log.write('%s %s\\n' % (self.path, self.headers.get('If-None-Match', '-')))\n"
    "        log.flush()\n"
    "        if self.path == '/busy':\n"
    "            self.send_response(503); self.send_header('Retry-After', '2')\n"
    "            self.send_header('Content-Length', '0'); self.end_headers(); return\n"
    "        if self.path != '/feed.rss':\n"
    "            self.send_response(404); self.send_header('Content-Length', '0')\n"
    "            self.end_headers(); return\n"
    "        if self.headers.get('If-None-Match') == '\"v1\"':\n"
    "            self.send_response(304); self.end_headers(); return\n"
    "        self.send_response(200); self.send_header('ETag', '\"v1\"')\n"
    "        self.send_header('Content-Type', 'application/rss+xml')\n"
    "        self.send_header('Content-Length', str(len(feed))); self.end_headers()\n"
    "        self.wfile.write(feed)\n"
    "s = http.server.HTTPServer(('127.0.0.1', 0), H)\n"
    "open(sys.argv[2] + '.tmp', 'w').write(str(s.server_address[1]))\n"
    "os.rename(sys.argv[2] + '.tmp', sys.argv[2])\n"
    "s.serve_forever()\n";

static const char feed[] =
    "<rss><channel><title>Local Desk</title>"
    "<item><title>Japan protests missile launch</title><guid>w1</guid>"
    "<pubDate>Sun, 14 Jan 2024 06:00:00 GMT</pubDate>"
    "<description>Japan lodged a protest with North Korea on Sunday.</description></item>"
    "<item><title>Estonia expels Russian diplomat</title><guid>w2</guid>"
    "<pubDate>Mon, 24 Jun 2024 08:00:00 GMT</pubDate>"
    "<description>Estonia expelled a Russian diplomat on Monday.</description></item>"
    "</channel></rss>";

typedef struct server {
    pid_t pid;
    int port;
} server;

/* Start python3 running script (text) with the arguments FEED PORT LOG:
 * a fixture feed file, the file it writes its port to, the request log.
 * Returns 0 with s->port set, or -1. */
static int start_script(sd_test *t, server *s, const char *script_text, const char *log)
{
    char script[4200], feed_path[4200], port_path[4200];
    snprintf(script, sizeof script, "%s", sd_test_path(t, "server.py"));
    snprintf(feed_path, sizeof feed_path, "%s", sd_test_path(t, "feed.rss"));
    snprintf(port_path, sizeof port_path, "%s", sd_test_path(t, "port"));
    sd_test_write_file(script, script_text, strlen(script_text));
    sd_test_write_file(feed_path, feed, strlen(feed));
    unlink(port_path);
    s->pid = fork();
    if (s->pid < 0)
        return -1;
    if (s->pid == 0) {
        execlp("python3", "python3", script, feed_path, port_path, log, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 100; i++) {
        char *text = sd_test_read_file(port_path, NULL);
        if (text) {
            s->port = atoi(text);
            free(text);
            return s->port > 0 ? 0 : -1;
        }
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return -1;
}

static int start_server(sd_test *t, server *s, const char *log)
{
    return start_script(t, s, server_py, log);
}

static void stop_server(server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        waitpid(s->pid, NULL, 0);
    }
}

TEST(watch_conditional_get_and_backoff)
{
    char log[4200];
    snprintf(log, sizeof log, "%s", sd_test_path(t, "requests.log"));
    server s = {0};
    if (start_server(t, &s, log) != 0) {
        stop_server(&s);
        SKIP("cannot start python3's http.server");
    }
    char db[4200], url[128], busy[128], closed[128];
    snprintf(db, sizeof db, "%s", sd_test_path(t, "watch.db"));
    snprintf(url, sizeof url, "http://127.0.0.1:%d/feed.rss", s.port);
    snprintf(busy, sizeof busy, "http://127.0.0.1:%d/busy", s.port);
    snprintf(closed, sizeof closed, "http://127.0.0.1:1/none");

    /* two polls: 200 with two items stored, then 304 */
    const char *argv1[] = {t->saydo, "watch", "--db", db, "--polls", "2", "--interval", "0",
                           url, NULL};
    char *out = NULL, *err = NULL;
    int status = sd_test_run(argv1, NULL, 0, &out, &err, 60);
    CHECK_INT(status, 0);
    CHECK_CONTAINS(err, "200, ");
    CHECK_CONTAINS(err, "2 articles (2 added");
    CHECK_CONTAINS(err, "304 not modified");
    free(out);
    free(err);
    char *requests = sd_test_read_file(log, NULL);
    CHECK(requests != NULL);
    if (requests)
        CHECK_STR(requests, "/feed.rss -\n/feed.rss \"v1\"\n");
    free(requests);

    const char *argv2[] = {t->saydo, "query", "--db", db, "--format", "csv", "--no-header",
                           NULL};
    status = sd_test_run(argv2, NULL, 0, &out, &err, 60);
    CHECK_INT(status, 0);
    CHECK_CONTAINS(out, "JPN");
    CHECK_CONTAINS(out, "EST");
    free(out);
    free(err);

    /* failures back off: a closed port doubles 1 -> 2 s; a 503 waits its
     * Retry-After (2 s); the run ends with status 1 */
    const char *argv3[] = {t->saydo, "watch", "--db", db, "--polls", "3", "--interval", "0",
                           "--max-backoff", "8", "--timeout", "5", closed, busy, NULL};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    status = sd_test_run(argv3, NULL, 0, &out, &err, 60);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    CHECK_INT(status, 1);
    CHECK_CONTAINS(err, "127.0.0.1:1/none: failure 1 in a row; next try in 1 s");
    CHECK_CONTAINS(err, "127.0.0.1:1/none: failure 2 in a row; next try in 2 s");
    CHECK_CONTAINS(err, "/busy: HTTP 503");
    CHECK_CONTAINS(err, "/busy: failure 1 in a row; next try in 2 s");
    double took = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    CHECK(took >= 2.5);
    free(out);
    free(err);

    const char *argv4[] = {t->saydo, "watch", "file:///etc/passwd", NULL};
    status = sd_test_run(argv4, NULL, 0, &out, &err, 60);
    CHECK_INT(status, 2);
    CHECK_CONTAINS(err, "is not an http:// or https:// URL");
    free(out);
    free(err);
    stop_server(&s);
}

static const char faults_py[] =
    "import http.server, sys, os, time, threading\n"
    "log = open(sys.argv[3], 'a')\n"
    "lock = threading.Lock()\n"
    "counts = {}\n"
    "def rss(items):\n"
    "    out = '<?xml version=\"1.0\"?>\\n<rss version=\"2.0\"><channel><title>Local Desk</title>'\n"
    "    for guid, title, link, desc in items:\n"
    "        out += '<item><title>%s</title>' % title\n"
    "        if guid: out += '<guid>%s</guid>' % guid\n"
    "        out += '<pubDate>Sun, 14 Jan 2024 06:00:00 GMT</pubDate>'\n"
    "        if link: out += '<link>%s</link>' % link\n"
    "        out += '<description>%s</description></item>' % desc\n"
    "    return (out + '</channel></rss>').encode()\n"
    "def page(paras):\n"
    "    body = ''.join('<p>%s</p>' % p for p in paras)\n"
    "    return ('<!doctype html><html><head><title>Morning briefing</title></head><body>'\n"
    "            '<nav><a href=\"/\">Home</a> <a href=\"/world\">World news</a></nav>'\n"
    "            '<article><h1>Morning briefing</h1>' + body + '</article>'\n"
    "            '<footer>Copyright Local Desk. All rights reserved.</footer></body></html>').encode()\n"
    "JAPAN = 'Japan lodged a protest with North Korea on Sunday.'\n"
    "ESTONIA = 'Estonia expelled a Russian diplomat on Monday.'\n"
    "KENYA = 'Kenya recalled its ambassador from Uganda on Tuesday.'\n"
    "FILLER = 'The statement was read out by a spokesman in the capital at noon, and ' \\\n"
    "         'officials said more would follow later in the week.'\n"
    "class H(http.server.BaseHTTPRequestHandler):\n"
    "    def log_message(self, *a): pass\n"
    "    def send(self, code, body=b'', ctype='text/html', headers=()):\n"
    "        self.send_response(code)\n"
    "        self.send_header('Content-Type', ctype)\n"
    "        for k, v in headers: self.send_header(k, v)\n"
    "        self.send_header('Content-Length', str(len(body)))\n"
    "        self.end_headers()\n"
    "        try: self.wfile.write(body)\n"
    "        except Exception: pass\n"
    "    def do_GET(self):\n"
    "        p = self.path\n"
    "        base = 'http://127.0.0.1:%d' % self.server.server_address[1]\n"
    "        inm = self.headers.get('If-None-Match', '-')\n"
    "        with lock:\n"
    "            n = counts[p] = counts.get(p, 0) + 1\n"
    "            log.write('%.3f %s %s\\n' % (time.monotonic(), p, inm)); log.flush()\n"
    "        if p == '/summary.rss':\n"
    "            self.send(200, rss([('p1', 'Morning briefing', base + '/page/1', 'Officials spoke.'),\n"
    "                                ('p2', 'Baltic news', base + '/page/2', ESTONIA),\n"
    "                                ('p3', 'Slow news', base + '/page/slow', 'Nothing yet.')]),\n"
    "                      'application/rss+xml')\n"
    "        elif p == '/page/1': self.send(200, page([JAPAN, FILLER, FILLER]))\n"
    "        elif p == '/page/2': self.send(500, b'oops')\n"
    "        elif p == '/page/slow': time.sleep(4); self.send(200, page([FILLER]))\n"
    "        elif p == '/changing.rss':\n"
    "            v = 1 if n == 1 else 2\n"
    "            if inm == '\"c%d\"' % v: self.send(304); return\n"
    "            items = [('c1', 'Protest', '', JAPAN)]\n"
    "            if v == 2: items.append(('c2', 'Expulsion', '', ESTONIA))\n"
    "            self.send(200, rss(items), 'application/rss+xml', [('ETag', '\"c%d\"' % v)])\n"
    "        elif p == '/gone.rss':\n"
    "            if n == 1: self.send(200, rss([('g1', 'Protest', '', JAPAN)]), 'application/rss+xml')\n"
    "            else: self.send(404, b'gone')\n"
    "        elif p == '/noguid.rss':\n"
    "            items = [('', 'Protest', '', JAPAN)]\n"
    "            if n > 1: items.insert(0, ('', 'Recall', '', KENYA))\n"
    "            self.send(200, rss(items), 'application/rss+xml')\n"
    "        elif p == '/bad.rss':\n"
    "            self.send(200, b'<rss><channel><item><title>Broken</title><desc', 'application/rss+xml')\n"
    "        elif p == '/slow.rss': time.sleep(4); self.send(200, rss([]), 'application/rss+xml')\n"
    "        elif p == '/loop': self.send(302, b'', headers=[('Location', '/loop')])\n"
    "        elif p == '/big.rss': self.send(200, b'<rss>' + b' ' * 300000 + b'</rss>', 'application/rss+xml')\n"
    "        elif p == '/image.png': self.send(200, b'\\x89PNG' + b'\\0' * 100, 'image/png')\n"
    "        elif p == '/err500': self.send(500, b'down')\n"
    "        elif p == '/hang.rss':\n"
    "            self.send(200, rss([('h1', 'Protest', '', JAPAN),\n"
    "                                ('h2', 'Hang', base + '/page/hang', 'Nothing yet.')]),\n"
    "                      'application/rss+xml', [('ETag', '\"h\"')])\n"
    "        elif p == '/page/hang':\n"
    "            if n == 1: time.sleep(20)\n"
    "            self.send(200, page([ESTONIA, FILLER]))\n"
    "        else: self.send(404)\n"
    "class S(http.server.ThreadingHTTPServer):\n"
    "    daemon_threads = True\n"
    "s = S(('127.0.0.1', 0), H)\n"
    "open(sys.argv[2] + '.tmp', 'w').write(str(s.server_address[1]))\n"
    "os.rename(sys.argv[2] + '.tmp', sys.argv[2])\n"
    "s.serve_forever()\n";

/* How many lines of the request log name path (exactly). */
static int count_requests(const char *log, const char *path)
{
    char *text = sd_test_read_file(log, NULL);
    int n = 0;
    char needle[256];
    snprintf(needle, sizeof needle, " %s ", path);
    for (const char *p = text; p && (p = strstr(p, needle)) != NULL; p++)
        n++;
    free(text);
    return n;
}

/* 1 when a line of text holds both a and b. */
static int has_line(const char *text, const char *a, const char *b)
{
    for (const char *line = text; line && *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        const char *pa = strstr(line, a), *pb = strstr(line, b);
        if (pa && pb && pa < line + len && pb < line + len)
            return 1;
        line = nl ? nl + 1 : NULL;
    }
    return 0;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (t1.tv_nsec - t0->tv_nsec) / 1e9;
}

TEST(watch_summary_pages_host_delay_and_resume)
{
    char log[4200], db[4200], url[128], port_url[64];
    snprintf(log, sizeof log, "%s", sd_test_path(t, "summary.log"));
    server s = {0};
    if (start_script(t, &s, faults_py, log) != 0) {
        stop_server(&s);
        SKIP("cannot start python3's http.server");
    }
    snprintf(db, sizeof db, "%s", sd_test_path(t, "watch.db"));
    snprintf(port_url, sizeof port_url, "http://127.0.0.1:%d", s.port);
    snprintf(url, sizeof url, "%s/summary.rss", port_url);

    /* one round: the feed, then each item's page, 1 s apart; page 2 answers
     * 500 and the slow page times out: both items come from their summary */
    const char *argv1[] = {t->saydo, "watch", "--db", db, "--once", "--host-delay", "1",
                           "--timeout", "2", url, NULL};
    char *out = NULL, *err = NULL;
    int status = sd_test_run(argv1, NULL, 0, &out, &err, 60);
    CHECK_INT(status, 0);
    CHECK_CONTAINS(err, "/page/1: page: 200");
    CHECK_CONTAINS(err, "/page/2: page: HTTP 500");
    CHECK_CONTAINS(err, "/page/2: page failed: the item is stored from the feed's summary");
    CHECK_CONTAINS(err, "/page/slow: page: ");
    CHECK_CONTAINS(err, "timed out");
    CHECK_CONTAINS(err, "3 articles (3 added, 0 replaced, 0 unchanged), 0 bad, 0 seen before, "
                        "3 pages fetched (2 failed)");
    free(out);
    free(err);

    /* the requests, in order, at least --host-delay apart */
    char *requests = sd_test_read_file(log, NULL);
    CHECK(requests != NULL);
    double last = -1;
    int lines = 0;
    for (char *line = requests; line && *line; lines++) {
        double at = atof(line);
        if (last >= 0)
            CHECK(at - last >= 0.95);
        last = at;
        char *nl = strchr(line, '\n');
        line = nl ? nl + 1 : NULL;
    }
    CHECK_INT(lines, 4);
    free(requests);

    /* Japan comes only from page 1's text; Estonia from item 2's summary */
    const char *argv2[] = {t->saydo, "query", "--db", db, "--format", "csv", "--no-header",
                           NULL};
    status = sd_test_run(argv2, NULL, 0, &out, &err, 60);
    CHECK_INT(status, 0);
    CHECK_CONTAINS(out, "JPN");
    CHECK_CONTAINS(out, "EST");
    free(out);
    free(err);

    /* a restart: the feed (which has no validators) is fetched again, but
     * no item is taken twice and no page fetched again */
    const char *argv3[] = {t->saydo, "watch", "--db", db, "--once", "--host-delay", "0",
                           "--timeout", "2", url, NULL};
    status = sd_test_run(argv3, NULL, 0, &out, &err, 60);
    CHECK_INT(status, 0);
    CHECK_CONTAINS(err, "0 articles (0 added, 0 replaced, 0 unchanged), 0 bad, 3 seen before, "
                        "0 pages fetched");
    free(out);
    free(err);
    CHECK_INT(count_requests(log, "/summary.rss"), 2);
    CHECK_INT(count_requests(log, "/page/1"), 1);
    CHECK_INT(count_requests(log, "/page/2"), 1);
    CHECK_INT(count_requests(log, "/page/slow"), 1);
    char state_path[4300];
    snprintf(state_path, sizeof state_path, "%s.watch", db);
    char *state = sd_test_read_file(state_path, NULL);
    CHECK(state != NULL);
    if (state) {
        CHECK_CONTAINS(state, "saydo-watch-state 1\n");
        CHECK_CONTAINS(state, "/page/1\n");
    }
    free(state);
    stop_server(&s);
}

TEST(watch_server_faults)
{
    char log[4200], db[4200], base[64];
    snprintf(log, sizeof log, "%s", sd_test_path(t, "faults.log"));
    server s = {0};
    if (start_script(t, &s, faults_py, log) != 0) {
        stop_server(&s);
        SKIP("cannot start python3's http.server");
    }
    snprintf(db, sizeof db, "%s", sd_test_path(t, "faults.db"));
    snprintf(base, sizeof base, "http://127.0.0.1:%d", s.port);
    static const char *const names[] = {"/changing.rss", "/noguid.rss", "/gone.rss", "/bad.rss", "/slow.rss",
                                        "/loop", "/big.rss", "/image.png"};
    enum { NNAMES = sizeof names / sizeof names[0] };
    char urls[NNAMES][128];
    const char *argv1[32] = {t->saydo, "watch", "--db", db, "--polls", "3", "--interval", "0",
                             "--host-delay", "0", "--timeout", "2", "--max-backoff", "1",
                             "--max-article-bytes", "100000"};
    int argc = 16;
    for (int i = 0; i < NNAMES; i++) {
        snprintf(urls[i], sizeof urls[i], "%s%s", base, names[i]);
        argv1[argc++] = urls[i];
    }
    argv1[argc] = NULL;
    char *out = NULL, *err = NULL;
    int status = sd_test_run(argv1, NULL, 0, &out, &err, 60);
    CHECK_INT(status, 1); /* gone.rss and the others failed last */
    /* a feed that changes: its new item alone is taken, then a 304 */
    CHECK_CONTAINS(err, "/changing.rss: 200, ");
    CHECK(has_line(err, "/changing.rss: 200, ", "1 articles (1 added, 0 replaced, 0 unchanged), "
                                                 "0 bad, 1 seen before"));
    CHECK_CONTAINS(err, "/changing.rss: 304 not modified");
    /* items without guid or link are known by their content, not by their
     * place: the new one, first in the feed, is taken */
    CHECK(has_line(err, "/noguid.rss: 200, ", "1 articles (1 added, 0 replaced, 0 unchanged), "
                                               "0 bad, 1 seen before"));
    CHECK(has_line(err, "/noguid.rss: 200, ", "0 articles (0 added, 0 replaced, 0 unchanged), "
                                               "0 bad, 2 seen before"));
    /* a feed that disappears backs off */
    CHECK_CONTAINS(err, "/gone.rss: HTTP 404");
    CHECK_CONTAINS(err, "/gone.rss: failure 2 in a row");
    /* malformed XML: reported, no item, a failure */
    CHECK_CONTAINS(err, "/bad.rss: 200, ");
    CHECK_CONTAINS(err, "/bad.rss: failure 1 in a row");
    /* a slow server times out; a redirect loop, an oversized feed and an
     * image are refused */
    CHECK_CONTAINS(err, "/slow.rss: ");
    CHECK_CONTAINS(err, "timed out");
    CHECK_CONTAINS(err, "/loop: ");
    CHECK_CONTAINS(err, "redirects");
    CHECK_CONTAINS(err, "/big.rss: the response is larger than 100000 bytes");
    CHECK_CONTAINS(err, "/image.png: content type 'image/png' is not a feed or a page");
    free(out);
    free(err);
    CHECK_INT(count_requests(log, "/changing.rss"), 3);

    /* 500s back off doubling; the backoff holds across runs: --once skips
     * the URL without a request while it lasts */
    char err500[128];
    snprintf(err500, sizeof err500, "%s/err500", base);
    const char *argv2[] = {t->saydo, "watch", "--db", db, "--polls", "3", "--interval", "0",
                           "--host-delay", "0", "--max-backoff", "8", err500, NULL};
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    status = sd_test_run(argv2, NULL, 0, &out, &err, 60);
    double took = seconds_since(&t0);
    CHECK_INT(status, 1);
    CHECK_CONTAINS(err, "/err500: HTTP 500");
    CHECK_CONTAINS(err, "/err500: failure 1 in a row; next try in 1 s");
    CHECK_CONTAINS(err, "/err500: failure 2 in a row; next try in 2 s");
    CHECK_CONTAINS(err, "/err500: failure 3 in a row; next try in 4 s");
    CHECK(took >= 2.9);
    free(out);
    free(err);
    const char *argv3[] = {t->saydo, "watch", "--db", db, "--once", err500, NULL};
    status = sd_test_run(argv3, NULL, 0, &out, &err, 60);
    CHECK_INT(status, 0);
    CHECK_CONTAINS(err, "/err500: backing off after 3 failures; next try in ");
    CHECK_INT(count_requests(log, "/err500"), 3);
    free(out);
    free(err);
    stop_server(&s);
}

TEST(watch_sigterm_mid_page_then_resume)
{
    char log[4200], db[4200], feeds[4200], list[256], errpath[4200];
    snprintf(log, sizeof log, "%s", sd_test_path(t, "hang.log"));
    server s = {0};
    if (start_script(t, &s, faults_py, log) != 0) {
        stop_server(&s);
        SKIP("cannot start python3's http.server");
    }
    snprintf(db, sizeof db, "%s", sd_test_path(t, "hang.db"));
    snprintf(feeds, sizeof feeds, "%s", sd_test_path(t, "feeds.txt"));
    snprintf(errpath, sizeof errpath, "%s", sd_test_path(t, "stderr"));
    snprintf(list, sizeof list, "# the feeds\n\n  http://127.0.0.1:%d/hang.rss  \n", s.port);
    sd_test_write_file(feeds, list, strlen(list));

    /* the page of item h2 hangs: SIGTERM ends the run at once, with h1
     * stored and remembered and the feed's ETag not kept */
    pid_t pid = fork();
    if (pid == 0) {
        FILE *f = freopen(errpath, "w", stderr);
        (void)f;
        execl(t->saydo, t->saydo, "watch", "--db", db, "--once", "--host-delay", "0",
              "--timeout", "30", "--feeds", feeds, (char *)NULL);
        _exit(127);
    }
    CHECK(pid > 0);
    for (int i = 0; i < 200 && count_requests(log, "/page/hang") == 0; i++) {
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    CHECK_INT(count_requests(log, "/page/hang"), 1);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    kill(pid, SIGTERM);
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    CHECK(seconds_since(&t0) < 3);
    CHECK(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0);
    char *err = sd_test_read_file(errpath, NULL);
    CHECK(err != NULL);
    if (err)
        CHECK_CONTAINS(err, "/hang.rss: 200, ");
    free(err);
    char state_path[4300];
    snprintf(state_path, sizeof state_path, "%s.watch", db);
    char *state = sd_test_read_file(state_path, NULL);
    CHECK(state != NULL);
    if (state) {
        CHECK_CONTAINS(state, "\nS\th1\n");
        CHECK(strstr(state, "/page/hang") == NULL);
        CHECK(strstr(state, "\"h\"") == NULL);
    }
    free(state);

    /* restarted: the feed again (unconditionally), h1 not taken again, h2's
     * page now fetched and stored */
    const char *argv2[] = {t->saydo, "watch", "--db", db, "--once", "--host-delay", "0",
                           "--feeds", feeds, NULL};
    char *out = NULL;
    int status = sd_test_run(argv2, NULL, 0, &out, &err, 60);
    CHECK_INT(status, 0);
    CHECK_CONTAINS(err, "/page/hang: page: 200");
    CHECK_CONTAINS(err, "1 articles (1 added, 0 replaced, 0 unchanged), 0 bad, 1 seen before, "
                        "1 pages fetched (0 failed)");
    free(out);
    free(err);
    char *requests = sd_test_read_file(log, NULL);
    if (requests)
        CHECK(strstr(requests, "/hang.rss \"h\"") == NULL);
    free(requests);
    state = sd_test_read_file(state_path, NULL);
    if (state)
        CHECK_CONTAINS(state, "\t\"h\"\t");
    free(state);
    stop_server(&s);
}

TEST(watch_state_file_and_options)
{
    char db[4200], state[4200], feeds[4200];
    snprintf(db, sizeof db, "%s", sd_test_path(t, "state.db"));
    snprintf(state, sizeof state, "%s", sd_test_path(t, "other.state"));
    snprintf(feeds, sizeof feeds, "%s", sd_test_path(t, "nofeeds.txt"));
    /* a file that is not a state file is refused, not overwritten */
    sd_test_write_file(state, "hello\n", 6);
    const char *argv1[] = {t->saydo, "watch", "--db", db, "--once", "--state", state,
                           "http://127.0.0.1:1/x", NULL};
    char *out = NULL, *err = NULL;
    int status = sd_test_run(argv1, NULL, 0, &out, &err, 60);
    CHECK_INT(status, 1);
    CHECK_CONTAINS(err, "not a saydo watch state file");
    free(out);
    free(err);
    char *text = sd_test_read_file(state, NULL);
    if (text)
        CHECK_STR(text, "hello\n");
    free(text);

    /* --state names the file; a failure is kept there with its backoff;
     * unknown record types and broken lines are ignored */
    const char *seed = "saydo-watch-state 1\nX\tfuture record\nF\tbroken\nS\tkept-key\n";
    sd_test_write_file(state, seed, strlen(seed));
    status = sd_test_run(argv1, NULL, 0, &out, &err, 60);
    CHECK_INT(status, 1);
    CHECK_CONTAINS(err, "127.0.0.1:1/x: failure 1 in a row");
    free(out);
    free(err);
    text = sd_test_read_file(state, NULL);
    CHECK(text != NULL);
    if (text) {
        CHECK_CONTAINS(text, "saydo-watch-state 1\nF\thttp://127.0.0.1:1/x\t\t\t1\t");
        CHECK_CONTAINS(text, "\nS\tkept-key\n");
    }
    free(text);

    /* a feed list without URLs, a missing one, and bad values are usage
     * errors or failures before any request */
    sd_test_write_file(feeds, "# nothing yet\n\n", 15);
    const char *argv2[] = {t->saydo, "watch", "--db", db, "--feeds", feeds, NULL};
    status = sd_test_run(argv2, NULL, 0, &out, &err, 60);
    CHECK_INT(status, 2);
    CHECK_CONTAINS(err, "no URL");
    free(out);
    free(err);
    const char *argv3[] = {t->saydo, "watch", "--db", db, "--feeds", "/nonexistent/feeds", NULL};
    status = sd_test_run(argv3, NULL, 0, &out, &err, 60);
    CHECK_INT(status, 1);
    CHECK_CONTAINS(err, "/nonexistent/feeds: cannot read");
    free(out);
    free(err);
    const char *argv4[] = {t->saydo, "watch", "--host-delay", "soon", "http://a.example/", NULL};
    status = sd_test_run(argv4, NULL, 0, &out, &err, 60);
    CHECK_INT(status, 2);
    CHECK_CONTAINS(err, "--host-delay: 'soon' is not a number of seconds");
    free(out);
    free(err);
    const char *argv5[] = {t->saydo, "help", "watch", NULL};
    status = sd_test_run(argv5, NULL, 0, &out, &err, 60);
    CHECK_INT(status, 0);
    CHECK_CONTAINS(out, "--once");
    CHECK_CONTAINS(out, "--host-delay SECONDS");
    CHECK_CONTAINS(out, "--state FILE");
    free(out);
    free(err);
}
