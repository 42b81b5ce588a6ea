/*
 * target_http.c -- the body of the HTTP fuzz harness (contract in
 * targets.h): 'saydo serve' as it runs -- libmicrohttpd's parser, the
 * limits, the Host check, the token and sessions, routing, the API's
 * parameter checks, the store, static files, POST -- started in this
 * process on free loopback ports and sent the input's bytes over TCP.
 * Only the option parsing and signal handling of cmd_serve.c are left out.
 * Harness-only state: the two servers.
 */
#include "targets.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "serve.h"

typedef struct fuzz_server {
    serve_ctx ctx;
    void *daemon;
    unsigned port;
    int started;
} fuzz_server;

static fuzz_server servers[2];
static char *fuzz_hosts[] = {"127.0.0.1", "localhost", "[::1]"};

static void server_free(fuzz_server *s)
{
    if (s->daemon)
        serve_http_stop(&s->ctx, s->daemon);
    if (s->started) {
        serve_worker_free(pthread_getspecific(s->ctx.reader_key));
        pthread_key_delete(s->ctx.reader_key);
        pthread_mutex_destroy(&s->ctx.write_lock);
        pthread_mutex_destroy(&s->ctx.slot_lock);
        pthread_cond_destroy(&s->ctx.slot_free);
    }
    saydo_store_close(s->ctx.writer);
    serve_sessions_free(s->ctx.sessions);
    free(s->ctx.token);
    memset(s, 0, sizeof *s);
}

/* Set up and start one server as cmd_serve does; 0 or -1. */
static int server_start(fuzz_server *s, const saydo_coder *coder, const char *db,
                        const char *web, int with_token)
{
    memset(s, 0, sizeof *s);
    serve_ctx *ctx = &s->ctx;
    ctx->db = db;
    if (!realpath(web, ctx->web))
        ctx->web[0] = '\0';
    snprintf(ctx->pairs, sizeof ctx->pairs, "data/followthrough.tsv");
    ctx->max_connections = 1000;
    ctx->max_per_client = 1000;
    ctx->idle_timeout = 5;
    ctx->request_timeout = 5;
    ctx->query_ms = 2000;
    ctx->session_s = 60;
    ctx->allow_hosts = fuzz_hosts;
    ctx->nallow_hosts = sizeof fuzz_hosts / sizeof *fuzz_hosts;
    ctx->query_slots = 1;
    saydo_error err;
    if (with_token) {
        ctx->token = strdup("fuzz-token-123");
        ctx->token_len = ctx->token ? strlen(ctx->token) : 0;
        ctx->coder = (saydo_coder *)(uintptr_t)coder;
        ctx->sessions = serve_sessions_new(ctx->session_s);
        if (!ctx->token || !ctx->sessions ||
            saydo_store_open(db, NULL, &ctx->writer, &err) != 0) {
            server_free(s);
            return -1;
        }
    }
    if (pthread_key_create(&ctx->reader_key, serve_worker_free) != 0) {
        server_free(s);
        return -1;
    }
    pthread_mutex_init(&ctx->write_lock, NULL);
    pthread_mutex_init(&ctx->slot_lock, NULL);
    pthread_cond_init(&ctx->slot_free, NULL);
    s->started = 1;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s->daemon = serve_http_start(ctx, &addr, sizeof addr, 0, 2, &s->port);
    if (!s->daemon) {
        server_free(s);
        return -1;
    }
    return 0;
}

int sd_fuzz_http_init(const saydo_coder *coder, const char *db, const char *web)
{
    if (servers[0].daemon)
        return 0;
    if (server_start(&servers[0], coder, db, web, 0) != 0 ||
        server_start(&servers[1], coder, db, web, 1) != 0) {
        fprintf(stderr, "fuzz http: cannot start the servers\n");
        sd_fuzz_http_stop();
        return -1;
    }
    return 0;
}

void sd_fuzz_http_stop(void)
{
    server_free(&servers[0]);
    server_free(&servers[1]);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int broken(const char *what, long long a)
{
    fprintf(stderr, "fuzz http: %s (%lld)\n", what, a);
    return -1;
}

int sd_fuzz_http(const uint8_t *data, size_t size)
{
    const fuzz_server *s = &servers[size > 0 && (data[0] & 1)];
    if (!s->daemon)
        return broken("not started (sd_fuzz_http_init)", 0);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 0; /* out of descriptors: not the server's fault */
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)s->port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return broken("cannot connect", errno);
    }
    /* send and read at once (the server may answer before reading all),
     * for at most 20 s; a kept-alive connection is left once everything
     * is sent and answers have stopped coming for 300 ms */
    size_t sent = size > 0 ? 1 : 0; /* data[0] chose the server */
    char head[64];
    size_t got = 0;
    int write_open = 1;
    double until = now_s() + 20, last_rx = 0;
    for (;;) {
        if (!write_open && got > 0 && now_s() - last_rx > 0.3)
            break;
        if (write_open && sent == size) {
            shutdown(fd, SHUT_WR);
            write_open = 0;
        }
        struct pollfd p = {fd, (short)(POLLIN | (write_open ? POLLOUT : 0)), 0};
        if (now_s() > until) {
            close(fd);
            return broken("no answer within 20 s", (long long)size);
        }
        if (poll(&p, 1, 50) <= 0)
            continue;
        if (p.revents & POLLOUT) {
            ssize_t w = send(fd, data + sent, size - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (w > 0)
                sent += (size_t)w;
            else if (w < 0 && errno != EAGAIN && errno != EINTR)
                sent = size; /* the server closed its side */
        }
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            char buf[16384];
            ssize_t r = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
            if (r > 0) {
                if (got < sizeof head - 1) {
                    size_t k = (size_t)r < sizeof head - 1 - got ? (size_t)r : sizeof head - 1 - got;
                    memcpy(head + got, buf, k);
                }
                got += (size_t)r;
                last_rx = now_s();
            } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
                break;
            }
        }
    }
    close(fd);
    if (got == 0)
        return 0; /* refused without an answer: garbage */
    head[got < sizeof head - 1 ? got : sizeof head - 1] = '\0';
    if (strncmp(head, "HTTP/1.", 7) != 0 || got < 12)
        return broken("the answer is not HTTP", (long long)got);
    int status = atoi(head + 9);
    if (status < 200 || status > 599) /* libmicrohttpd answers 505 to HTTP/0.1 */
        return broken("status out of range", status);
    if (status == 500)
        return broken("500 for a client's request", status);
    return 0;
}
