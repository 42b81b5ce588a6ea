/*
 * serve.h -- the pieces of 'saydo serve' (docs/api.md): cmd_serve.c starts
 * and stops the daemon, serve_http.c answers HTTP requests (limits, token,
 * routing, static files), serve_api.c turns API requests into store calls
 * and JSON.  Only these files include microhttpd.h; libsaydo does not
 * link it.
 */
#ifndef SAYDO_SERVE_H
#define SAYDO_SERVE_H

#include <limits.h>
#include <pthread.h>
#include <stddef.h>

#include "cli.h"

#define SERVE_MAX_URL 4096                     /* bytes of the request target */
#define SERVE_MAX_BODY ((size_t)8 * 1024 * 1024) /* POST /api/articles      */
#define SERVE_MAX_LIMIT 1000                   /* rows per page / top n      */
#define SERVE_TIMEOUT_S 10                     /* idle connection timeout    */
#define SERVE_MAX_CONNECTIONS 512

/* The server's shared state.  Read-only once the daemon runs, except the
 * writer store, used only under write_lock. */
typedef struct serve_ctx {
    const char *db;            /* the store path                             */
    char *token;               /* the bearer token (owned), NULL: none       */
    size_t token_len;
    char web[PATH_MAX];        /* the dashboard folder (realpath), "" none   */
    char pairs[PATH_MAX];      /* data/followthrough.tsv                     */
    saydo_coder *coder;        /* for POST /api/articles; NULL without token */
    pthread_mutex_t write_lock;
    saydo_store *writer;       /* NULL without token                         */
    pthread_key_t reader_key;  /* each worker thread's read-only store       */
} serve_ctx;

/* An answer: status, a malloc'd body (owned; freed by the HTTP layer) and
 * its content type (static).  allow names the methods for a 405. */
typedef struct serve_reply {
    int status;
    char *body;
    size_t len;
    const char *content_type;
    const char *allow;
} serve_reply;

/* Set *reply to the JSON error {"error":{"status":S,"message":...}}. */
void serve_error(serve_reply *reply, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* A query parameter by name, or NULL; what the HTTP layer passes to the
 * API so serve_api.c needs no microhttpd. */
typedef const char *(*serve_param_fn)(void *conn, const char *name);

/* Answer an API request: path starts with "/api/"; method is GET or HEAD
 * (POST is serve_api_post).  Fills *reply, never fails to. */
void serve_api_get(serve_ctx *ctx, const char *path, serve_param_fn param, void *conn,
                   serve_reply *reply);
/* POST /api/articles: body[0..len) holds JSON Lines articles. */
void serve_api_post(serve_ctx *ctx, const char *body, size_t len, serve_reply *reply);

/* Start the HTTP daemon on addr (a struct sockaddr of addr_len bytes) with
 * threads workers; returns an opaque daemon handle or NULL (reason on
 * stderr).  *port is set to the port bound.  serve_http_stop stops it and
 * waits for the workers. */
void *serve_http_start(serve_ctx *ctx, const void *addr, size_t addr_len, int ipv6, int threads,
                       unsigned *port);
void serve_http_stop(void *daemon);

#endif
