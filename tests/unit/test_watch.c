/*
 * test_watch.c -- 'saydo watch' against a local HTTP server the test
 * starts (python3's http.server, a small handler written below): the feed
 * is fetched once (200, its items stored), then answered 304 to the
 * conditional GET (If-None-Match with its ETag); a busy URL (503 with
 * Retry-After) and a closed port back off; the exit status says whether
 * the last polls succeeded.
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

static int start_server(sd_test *t, server *s, const char *log)
{
    char script[4200], feed_path[4200], port_path[4200];
    snprintf(script, sizeof script, "%s", sd_test_path(t, "server.py"));
    snprintf(feed_path, sizeof feed_path, "%s", sd_test_path(t, "feed.rss"));
    snprintf(port_path, sizeof port_path, "%s", sd_test_path(t, "port"));
    sd_test_write_file(script, server_py, strlen(server_py));
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
