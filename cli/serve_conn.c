/*
 * serve_conn.c -- who may hold a connection to 'saydo serve', and for how
 * long (docs/api.md, Limits).
 *
 * libmicrohttpd tells us of each connection as it opens and closes
 * (MHD_OPTION_NOTIFY_CONNECTION); we keep one record per connection in a
 * list under one lock:
 *   - admission: a connection past --max-connections in all, or past
 *     --max-per-client from its address, is marked 'refused' and its
 *     request is answered 503 with Retry-After (serve_http.c), then
 *     closed.  libmicrohttpd's own hard limits sit a margin above ours, so
 *     that a flood is answered rather than left in the listen backlog to
 *     time out;
 *   - deadlines: a connection must deliver a whole request (headers and
 *     body) within --request-timeout seconds of opening, or of its previous
 *     answer.  libmicrohttpd's timeout only counts idle time, so a client
 *     that sends one byte every few seconds (slowloris) would keep its
 *     connection for ever.  A reaper thread wakes four times a second and
 *     shuts the socket of every connection past its deadline; the library
 *     then sees the socket fail and closes the connection itself.  While a
 *     request is being answered there is no deadline (the idle timeout
 *     still holds for slow readers).
 * The record of a connection is removed by the CLOSED notice, which the
 * library sends before it closes the socket, so the reaper never shuts a
 * descriptor that has been reused.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "serve.h"

struct serve_conn {
    struct serve_conn *prev, *next;
    int fd;
    int family;
    unsigned char addr[16];    /* IPv4 (4 bytes) or IPv6 address            */
    int refused;               /* 1: answered 503 and closed                */
    int shut;                  /* 1: the reaper shut its socket             */
    long long deadline_ms;     /* monotonic; 0: none (answering)            */
};

struct serve_conns {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    serve_conn *head;
    unsigned admitted;         /* connections not refused                   */
    unsigned max_total, max_per_client;
    long long timeout_ms;      /* the request deadline                      */
    int stopping;
    pthread_t reaper;
    unsigned long reaped, refused;
};

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *reaper_main(void *arg)
{
    serve_conns *cs = arg;
    pthread_mutex_lock(&cs->lock);
    while (!cs->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 250 * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&cs->wake, &cs->lock, &until);
        long long now = now_ms();
        for (serve_conn *c = cs->head; c; c = c->next) {
            if (!c->shut && c->deadline_ms > 0 && now > c->deadline_ms) {
                shutdown(c->fd, SHUT_RDWR);
                c->shut = 1;
                cs->reaped++;
            }
        }
    }
    pthread_mutex_unlock(&cs->lock);
    return NULL;
}

serve_conns *serve_conns_start(unsigned max_total, unsigned max_per_client, unsigned timeout_s)
{
    serve_conns *cs = calloc(1, sizeof *cs);
    if (!cs)
        return NULL;
    cs->max_total = max_total;
    cs->max_per_client = max_per_client;
    cs->timeout_ms = (long long)timeout_s * 1000;
    pthread_mutex_init(&cs->lock, NULL);
    pthread_cond_init(&cs->wake, NULL);
    if (pthread_create(&cs->reaper, NULL, reaper_main, cs) != 0) {
        pthread_cond_destroy(&cs->wake);
        pthread_mutex_destroy(&cs->lock);
        free(cs);
        return NULL;
    }
    return cs;
}

void serve_conns_stop(serve_conns *cs)
{
    if (!cs)
        return;
    pthread_mutex_lock(&cs->lock);
    cs->stopping = 1;
    pthread_cond_signal(&cs->wake);
    pthread_mutex_unlock(&cs->lock);
    pthread_join(cs->reaper, NULL);
    /* the daemon has stopped: every CLOSED notice has come */
    while (cs->head) {
        serve_conn *c = cs->head;
        cs->head = c->next;
        free(c);
    }
    pthread_cond_destroy(&cs->wake);
    pthread_mutex_destroy(&cs->lock);
    free(cs);
}

/* The client's address into c; 0, or -1 when it has none we know. */
static int client_address(struct MHD_Connection *conn, serve_conn *c)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = info ? info->client_addr : NULL;
    if (!sa)
        return -1;
    c->family = sa->sa_family;
    if (sa->sa_family == AF_INET) {
        memcpy(c->addr, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
        return 0;
    }
    if (sa->sa_family == AF_INET6) {
        memcpy(c->addr, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
        return 0;
    }
    return -1;
}

static int same_client(const serve_conn *a, const serve_conn *b)
{
    return a->family == b->family && memcmp(a->addr, b->addr, 16) == 0;
}

void serve_conn_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                       enum MHD_ConnectionNotificationCode code)
{
    serve_ctx *ctx = cls;
    serve_conns *cs = ctx->conns;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        serve_conn *c = calloc(1, sizeof *c);
        *socket_context = c;
        if (!c)
            return; /* not tracked: no deadline, not counted */
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        c->fd = info ? info->connect_fd : -1;
        client_address(conn, c);
        pthread_mutex_lock(&cs->lock);
        unsigned same = 0;
        for (serve_conn *o = cs->head; o; o = o->next)
            same += !o->refused && same_client(o, c);
        if (cs->admitted >= cs->max_total || same >= cs->max_per_client) {
            c->refused = 1;
            cs->refused++;
        } else {
            cs->admitted++;
        }
        c->deadline_ms = c->fd >= 0 ? now_ms() + cs->timeout_ms : 0;
        c->next = cs->head;
        if (cs->head)
            cs->head->prev = c;
        cs->head = c;
        pthread_mutex_unlock(&cs->lock);
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        serve_conn *c = *socket_context;
        *socket_context = NULL;
        if (!c)
            return;
        pthread_mutex_lock(&cs->lock);
        if (c->prev)
            c->prev->next = c->next;
        else
            cs->head = c->next;
        if (c->next)
            c->next->prev = c->prev;
        if (!c->refused)
            cs->admitted--;
        pthread_mutex_unlock(&cs->lock);
        free(c);
    }
}

/* The record of conn, or NULL. */
static serve_conn *record(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

int serve_conn_refused(struct MHD_Connection *conn)
{
    serve_conn *c = record(conn);
    return c && c->refused;
}

void serve_conn_answering(serve_ctx *ctx, struct MHD_Connection *conn, int answering)
{
    serve_conn *c = record(conn);
    if (!c || c->fd < 0)
        return;
    pthread_mutex_lock(&ctx->conns->lock);
    c->deadline_ms = answering ? 0 : now_ms() + ctx->conns->timeout_ms;
    pthread_mutex_unlock(&ctx->conns->lock);
}
