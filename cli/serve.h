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
#include <stdatomic.h>
#include <stddef.h>

#include "cli.h"

#define SERVE_MAX_URL 4096                     /* bytes of the request target */
#define SERVE_MAX_PARAMS 64                    /* query parameters ('&' + 1)  */
#define SERVE_MAX_BODY ((size_t)8 * 1024 * 1024) /* POST /api/articles      */
#define SERVE_MAX_LIMIT 1000                   /* rows per page / top n      */
#define SERVE_TIMEOUT_S 10                     /* idle connection timeout    */
#define SERVE_REQUEST_TIMEOUT_S 20             /* a whole request's deadline */
#define SERVE_MAX_CONNECTIONS 1000             /* admitted in all            */
#define SERVE_MAX_PER_CLIENT 100               /* admitted per address       */
#define SERVE_QUERY_MS 5000                    /* a store query's time limit */
#define SERVE_POST_BATCH 64                    /* articles coded per writer turn */
#define SERVE_POST_BATCH_BYTES ((size_t)256 * 1024)

#define SERVE_SESSION_ID_LEN 64                /* hex digits of a session id */
#define SERVE_SESSION_S (12 * 3600)            /* a session's lifetime       */
#define SERVE_MAX_LOGIN_BODY ((size_t)4096)    /* POST /api/login            */

/* Dashboard sessions (serve_session.c): new (NULL when out of memory);
 * create makes a session and writes its id (SERVE_SESSION_ID_LEN hex
 * digits and a NUL), 0 or -1 when no random bytes could be had; valid says
 * whether id names a live session (constant time); end forgets it. */
typedef struct serve_sessions serve_sessions;
serve_sessions *serve_sessions_new(unsigned ttl_s);
void serve_sessions_free(serve_sessions *sessions);
int serve_session_create(serve_sessions *sessions, char id[SERVE_SESSION_ID_LEN + 1]);
int serve_session_valid(serve_sessions *sessions, const char *id);
void serve_session_end(serve_sessions *sessions, const char *id);

/* Connection admission and deadlines (serve_conn.c). */
typedef struct serve_conns serve_conns;
typedef struct serve_conn serve_conn;

/* The server's shared state.  Read-only once the daemon runs, except the
 * writer store, used only under write_lock. */
typedef struct serve_ctx {
    const char *db;            /* the store path                             */
    char *token;               /* the bearer token (owned), NULL: none       */
    size_t token_len;
    serve_sessions *sessions;  /* dashboard logins; NULL without token       */
    unsigned session_s;        /* a session's lifetime in seconds            */
    char web[PATH_MAX];        /* the dashboard folder (realpath), "" none   */
    char pairs[PATH_MAX];      /* data/followthrough.tsv                     */
    saydo_coder *coder;        /* for POST /api/articles; NULL without token */
    pthread_mutex_t write_lock;
    saydo_store *writer;       /* NULL without token                         */
    pthread_key_t reader_key;  /* each worker thread's serve_worker          */
    int no_cache;              /* 1: answer every request from the store     */
    unsigned max_connections;  /* admitted connections in all                */
    unsigned max_per_client;   /* admitted connections from one address      */
    unsigned idle_timeout;     /* s: an idle connection is closed            */
    unsigned request_timeout;  /* s: a request must arrive whole within it   */
    long query_ms;             /* a store query's time limit (0: none)       */
    serve_conns *conns;        /* made by serve_http_start                   */
    pthread_mutex_t slot_lock; /* store queries running at once: at most     */
    pthread_cond_t slot_free;  /* query_slots, one thread fewer than the pool */
    int query_slots;           /* so that /api/health always finds one free  */
    atomic_int stopping;       /* 1: SIGINT or SIGTERM came: POSTs stop      */
    atomic_int posts;          /* POST requests not yet answered and sent    */
    char **allow_hosts;        /* Host header names accepted ("*": any)      */
    size_t nallow_hosts;
    unsigned port;             /* the port bound (Host: NAME:PORT)           */
    char *tls_cert, *tls_key;  /* PEM text (owned) for HTTPS; NULL: plain HTTP */
} serve_ctx;

/* An answer: status, a malloc'd body (owned; freed by the HTTP layer) and
 * its content type (static).  allow names the methods for a 405. */
typedef struct serve_reply {
    int status;
    char *body;
    size_t len;
    const char *content_type;
    const char *allow;
    int close;                 /* 1: close the connection after it        */
    char cookie[160];          /* a Set-Cookie value, "" none             */
} serve_reply;

/* A worker thread's own read-only store and answer cache (serve_api.c);
 * made on the thread's first request, freed by serve_worker_free when the
 * thread ends (the destructor of ctx->reader_key). */
void serve_worker_free(void *worker);

/* A worker's cache of API answers (serve_cache.c).  get returns 1 and a
 * malloc'd copy in *reply when key's answer is cached under this store
 * version (another version empties the cache); put keeps a 200 answer. */
typedef struct serve_cache serve_cache;
serve_cache *serve_cache_new(void);
void serve_cache_free(serve_cache *cache);
int serve_cache_get(serve_cache *cache, long long version, const char *key, serve_reply *reply);
void serve_cache_put(serve_cache *cache, long long version, const char *key,
                     const serve_reply *reply);

/* Set *reply to the JSON error {"error":{"status":S,"message":...}}. */
void serve_error(serve_reply *reply, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* A query parameter by name, or NULL; what the HTTP layer passes to the
 * API so serve_api.c needs no microhttpd. */
typedef const char *(*serve_param_fn)(void *conn, const char *name);

/* Answer an API request: path (decoded) starts with "/api/"; target is the
 * raw request target (path and query as sent: the cache key, or NULL for
 * no caching); method is GET or HEAD (POST is serve_api_post).  Fills
 * *reply, never fails to. */
void serve_api_get(serve_ctx *ctx, const char *path, const char *target, serve_param_fn param,
                   void *conn, serve_reply *reply);
/* POST /api/articles: body[0..len) holds JSON Lines articles.  They are
 * coded and stored in batches of SERVE_POST_BATCH articles (or
 * SERVE_POST_BATCH_BYTES), each under ctx->write_lock, so other POSTs take
 * turns with a large one; when ctx->stopping is set it stops between
 * batches and answers 503 with the counts of the articles stored so far. */
void serve_api_post(serve_ctx *ctx, const char *body, size_t len, serve_reply *reply);

/* Connections (serve_conn.c).  start makes the table and its reaper
 * thread (NULL when out of memory); stop ends the thread and frees the
 * table once the daemon has stopped.  notify is libmicrohttpd's
 * MHD_OPTION_NOTIFY_CONNECTION callback (cls: the serve_ctx).  refused
 * says whether conn is past a limit (answer 503 and close).  answering
 * 1 lifts conn's deadline while its answer is made; 0 starts the deadline
 * of its next request. */
struct MHD_Connection;
serve_conns *serve_conns_start(unsigned max_total, unsigned max_per_client, unsigned timeout_s);
void serve_conns_stop(serve_conns *conns);
int serve_conn_refused(struct MHD_Connection *conn);
void serve_conn_answering(serve_ctx *ctx, struct MHD_Connection *conn, int answering);
#ifdef MHD_VERSION
void serve_conn_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                       enum MHD_ConnectionNotificationCode code);
#endif

/* Start the HTTP daemon on addr (a struct sockaddr of addr_len bytes) with
 * threads workers; returns an opaque daemon handle or NULL (reason on
 * stderr).  *port is set to the port bound.  serve_http_stop sets
 * ctx->stopping, stops accepting, lets POSTs in flight stop after their
 * batch and send their answers, then stops the daemon and waits for the
 * workers. */
void *serve_http_start(serve_ctx *ctx, const void *addr, size_t addr_len, int ipv6, int threads,
                       unsigned *port);
void serve_http_stop(serve_ctx *ctx, void *daemon);

#endif
