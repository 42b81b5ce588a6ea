/*
 * serve_http.c -- the HTTP side of 'saydo serve' on libmicrohttpd: request
 * limits, the bearer token, routing, and the dashboard's static files.
 *
 * Contract (docs/api.md, Security):
 *   - the request target may be at most SERVE_MAX_URL bytes and have at
 *     most SERVE_MAX_PARAMS query parameters (414), a POST
 *     body at most SERVE_MAX_BODY (413 from Content-Length; a chunked body
 *     that grows past it has its connection closed);
 *   - with a token every request needs "Authorization: Bearer TOKEN"
 *     (compared in constant time) or the cookie of a dashboard session
 *     (POST /api/login exchanges the token for one, serve_session.c), else
 *     401; the login page and its files are open to all, and "/" sends a
 *     browser there (303).  A POST authorized by the cookie alone must come
 *     from our own origin (Origin header, if any), else 403.  POST
 *     /api/articles always needs a token;
 *   - static files are served only from inside the web folder: no '..' or
 *     hidden segments (after percent-decoding), and the resolved path must
 *     stay inside the folder's real path; only regular files;
 *   - the Host header must name an allowed host (loopback names by
 *     default, --allow-host), with no port or the port bound, else 421: a
 *     page of another site that a DNS-rebinding attack points at the
 *     loopback address cannot read the API;
 *   - a connection past the connection limits (serve_conn.c) is answered
 *     503 with Retry-After and closed;
 *   - every answer carries a Content-Security-Policy (scripts only from
 *     the server itself, no framing), Referrer-Policy: no-referrer and
 *     X-Content-Type-Options: nosniff.
 * One request state per connection request, made by the URI callback (so
 * it sees the raw target's length) and freed by the completion callback.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <microhttpd.h>

#include "serve.h"

typedef struct request {
    size_t url_len;            /* of the raw request target                  */
    size_t nparams;            /* query parameters in it ('&' + 1)           */
    char *target;              /* a copy of it when not too long (owned)     */
    int started;               /* the handler has seen this request          */
    int is_post;               /* counted in ctx->posts                      */
    char *body;                /* POST body (owned)                          */
    size_t body_len, body_cap;
} request;

/* Query parameters in a request target: one more than its '&' after '?'. */
static size_t count_params(const char *uri)
{
    const char *q = strchr(uri, '?');
    size_t n = 0;
    if (q)
        for (n = 1; *++q;)
            n += *q == '&';
    return n;
}

static void *uri_logger(void *cls, const char *uri, struct MHD_Connection *conn)
{
    size_t url_len = strlen(uri), nparams = count_params(uri);
    if (url_len > SERVE_MAX_URL || nparams > SERVE_MAX_PARAMS) {
        /* The request is refused (414) on the handler's first call.  But
         * first libmicrohttpd parses each parameter into the connection's
         * memory (64 KiB), and when that runs out (about 1,000 of them)
         * it never answers at all.  It has found the '?' already and
         * parses what follows it once this callback returns: cut the
         * parameters off here, in its own buffer, so it parses none. */
        char *q = strchr((char *)(uintptr_t)uri, '?');
        if (q)
            q[1] = '\0';
    }
    request *r = calloc(1, sizeof *r);
    if (r) {
        r->url_len = url_len;
        r->nparams = nparams;
        if (r->url_len <= SERVE_MAX_URL)
            r->target = strdup(uri); /* NULL: the answer is just not cached */
    }
    return r;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    serve_ctx *ctx = cls;
    serve_conn_answering(ctx, conn, 0); /* the next request's deadline */
    request *r = *con_cls;
    if (r && r->is_post)
        atomic_fetch_sub(&ctx->posts, 1);
    if (r) {
        free(r->body);
        free(r->target);
        free(r);
    }
    *con_cls = NULL;
}

/* Scripts, styles, images and API calls only from the server itself; no
 * plugins, no framing, no <base>.  Styles may be inline: ECharts writes
 * style attributes into its tooltips. */
#define SERVE_CSP                                                                            \
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "              \
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "         \
    "form-action 'self'; frame-ancestors 'none'"

static void security_headers(struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "Content-Security-Policy", SERVE_CSP);
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
}

/* Send reply (its body is handed to microhttpd). */
static enum MHD_Result send_reply(struct MHD_Connection *conn, serve_reply *reply)
{
    if (!reply->body) {
        reply->status = 500;
        reply->content_type = "text/plain";
        reply->len = 0;
    }
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(reply->len, reply->body ? reply->body : (void *)"",
                                        reply->body ? MHD_RESPMEM_MUST_FREE
                                                    : MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        free(reply->body);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, reply->content_type);
    security_headers(resp);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (reply->status == 503)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "1");
    if (reply->close)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    if (reply->cookie[0])
        MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, reply->cookie);
    if (reply->status == 405 && reply->allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, reply->allow);
    if (reply->status == 401)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
    enum MHD_Result rc = MHD_queue_response(conn, (unsigned)reply->status, resp);
    MHD_destroy_response(resp);
    return rc;
}

static enum MHD_Result send_error(struct MHD_Connection *conn, int status, const char *allow,
                                  const char *message)
{
    serve_reply reply = {0, NULL, 0, NULL, allow, 0, ""};
    serve_error(&reply, status, "%s", message);
    return send_reply(conn, &reply);
}

/* 1 when the Host header names an allowed host, with no port or ours.  A
 * request without one (HTTP/1.0; libmicrohttpd refuses an HTTP/1.1 one)
 * came from no browser and passes. */
static int host_allowed(const serve_ctx *ctx, struct MHD_Connection *conn)
{
    const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    if (!h)
        return 1;
    size_t n = strlen(h);
    const char *colon = strrchr(h, ':');
    /* "[::1]:8080" and "[::1]" have a port only after the ']' */
    if (colon && (h[0] != '[' || colon > strchr(h, ']'))) {
        char *end;
        unsigned long port = strtoul(colon + 1, &end, 10);
        if (!colon[1] || *end || port != ctx->port)
            return 0;
        n = (size_t)(colon - h);
    }
    for (size_t i = 0; i < ctx->nallow_hosts; i++) {
        const char *a = ctx->allow_hosts[i];
        if (strcmp(a, "*") == 0 || (strlen(a) == n && strncasecmp(a, h, n) == 0))
            return 1;
    }
    return 0;
}

/* 1 when given[0..len) is the token.  Every byte of the token is compared
 * whatever was given, so the time taken does not say how much of it
 * matched. */
static int token_matches(const serve_ctx *ctx, const char *given, size_t len)
{
    unsigned diff = len != ctx->token_len;
    for (size_t i = 0; i < ctx->token_len; i++)
        diff |= (unsigned)((unsigned char)given[i < len ? i : 0] ^ (unsigned char)ctx->token[i]);
    return len > 0 && diff == 0;
}

/* 1 when the request carries the bearer token. */
static int authorized(const serve_ctx *ctx, struct MHD_Connection *conn)
{
    const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    if (!h || strncmp(h, "Bearer ", 7) != 0)
        return 0;
    return token_matches(ctx, h + 7, strlen(h + 7));
}

static const char *session_cookie(struct MHD_Connection *conn)
{
    return MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "saydo_session");
}

/* 1 when the Origin header is absent or names this server as the Host
 * header does (a browser sends Origin with every POST). */
static int same_origin(const serve_ctx *ctx, struct MHD_Connection *conn)
{
    const char *origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
    const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    const char *scheme = ctx->tls_cert ? "https://" : "http://";
    size_t n = strlen(scheme);
    if (!origin)
        return 1;
    return host && strncmp(origin, scheme, n) == 0 && strcmp(origin + n, host) == 0;
}

/* The files of the login page, served without a token. */
static int is_public_file(const char *url)
{
    return strcmp(url, "/login.html") == 0 || strcmp(url, "/login.js") == 0 ||
           strcmp(url, "/style.css") == 0;
}

static enum MHD_Result send_redirect(struct MHD_Connection *conn, const char *location)
{
    serve_reply reply = {0, NULL, 0, NULL, NULL, 0, ""};
    serve_error(&reply, 303, "log in first: %s", location);
    if (!reply.body)
        return send_reply(conn, &reply);
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(reply.len, reply.body, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(reply.body);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, reply.content_type);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, location);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    security_headers(resp);
    enum MHD_Result rc = MHD_queue_response(conn, 303, resp);
    MHD_destroy_response(resp);
    return rc;
}

/* POST /api/login: body {"token": "..."}; a session cookie on success. */
static void login(serve_ctx *ctx, const char *body, size_t len, serve_reply *reply)
{
    json_error_t jerr;
    json_t *o = json_loadb(body ? body : "", len, JSON_REJECT_DUPLICATES, &jerr);
    const char *given = json_string_value(json_object_get(o, "token"));
    size_t given_len = given ? json_string_length(json_object_get(o, "token")) : 0;
    char id[SERVE_SESSION_ID_LEN + 1];
    if (!given) {
        serve_error(reply, 400, "expected {\"token\": \"...\"}");
    } else if (!token_matches(ctx, given, given_len)) {
        serve_error(reply, 401, "wrong token");
    } else if (serve_session_create(ctx->sessions, id) != 0) {
        serve_error(reply, 500, "no random bytes for a session");
    } else {
        json_t *ok = json_pack("{s:b,s:I}", "ok", 1, "expires_in", (json_int_t)ctx->session_s);
        char *text = ok ? json_dumps(ok, JSON_COMPACT) : NULL;
        json_decref(ok);
        if (!text) {
            serve_error(reply, 500, "out of memory");
        } else {
            reply->status = 200;
            reply->content_type = "application/json; charset=utf-8";
            reply->body = text;
            reply->len = strlen(text);
            snprintf(reply->cookie, sizeof reply->cookie,
                     "saydo_session=%s; Path=/; Max-Age=%u; HttpOnly; SameSite=Strict%s", id,
                     ctx->session_s, ctx->tls_cert ? "; Secure" : "");
        }
        memset(id, 0, sizeof id);
    }
    json_decref(o);
}

/* POST /api/logout: forget the session, expire the cookie. */
static void logout(serve_ctx *ctx, struct MHD_Connection *conn, serve_reply *reply)
{
    serve_session_end(ctx->sessions, session_cookie(conn));
    json_t *ok = json_pack("{s:b}", "ok", 1);
    char *text = ok ? json_dumps(ok, JSON_COMPACT) : NULL;
    json_decref(ok);
    if (!text) {
        serve_error(reply, 500, "out of memory");
        return;
    }
    reply->status = 200;
    reply->content_type = "application/json; charset=utf-8";
    reply->body = text;
    reply->len = strlen(text);
    snprintf(reply->cookie, sizeof reply->cookie,
             "saydo_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
}

static const char *param_of(void *conn, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)conn, MHD_GET_ARGUMENT_KIND,
                                       name);
}

static const char *content_type(const char *path)
{
    static const char *const types[][2] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
        {".map", "application/json; charset=utf-8"},
    };
    const char *dot = strrchr(path, '.');
    if (dot && !strchr(dot, '/'))
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (strcmp(dot, types[i][0]) == 0)
                return types[i][1];
    return "application/octet-stream";
}

/* 1 when every segment of url (decoded, starting with '/') is a plain
 * name: not empty, not starting with '.', no backslash. */
static int safe_path(const char *url)
{
    if (url[0] != '/' || strchr(url, '\\'))
        return 0;
    for (const char *seg = url + 1; *seg;) {
        const char *end = strchr(seg, '/');
        size_t n = end ? (size_t)(end - seg) : strlen(seg);
        if (n == 0 || seg[0] == '.')
            return 0;
        if (!end)
            break;
        seg = end + 1;
    }
    return 1;
}

static enum MHD_Result send_file(const serve_ctx *ctx, struct MHD_Connection *conn,
                                 const char *url)
{
    if (!ctx->web[0])
        return send_error(conn, 404, NULL, "no dashboard: start saydo serve with --web DIR");
    if (strcmp(url, "/") == 0)
        url = "/index.html";
    if (!safe_path(url))
        return send_error(conn, 404, NULL, "no such file");
    char path[PATH_MAX], real[PATH_MAX];
    if (snprintf(path, sizeof path, "%s%s", ctx->web, url) >= (int)sizeof path ||
        !realpath(path, real))
        return send_error(conn, 404, NULL, "no such file");
    size_t wl = strlen(ctx->web);
    if (strncmp(real, ctx->web, wl) != 0 || real[wl] != '/')
        return send_error(conn, 404, NULL, "no such file");
    int fd = open(real, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return send_error(conn, 404, NULL, "no such file");
    }
    struct MHD_Response *resp = MHD_create_response_from_fd((size_t)st.st_size, fd);
    if (!resp) {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type(real));
    security_headers(resp);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    enum MHD_Result rc = MHD_queue_response(conn, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return rc;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    serve_ctx *ctx = cls;
    request *r = *con_cls;
    if (!r)
        return MHD_NO; /* out of memory in uri_logger */
    int is_get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    int is_post = strcmp(method, "POST") == 0;
    int is_api = strncmp(url, "/api/", 5) == 0;
    int is_articles = strcmp(url, "/api/articles") == 0;
    int is_login = is_post && strcmp(url, "/api/login") == 0;
    int is_logout = is_post && strcmp(url, "/api/logout") == 0;
    int wants_body = is_post && (is_articles || is_login);
    size_t max_body = is_articles ? SERVE_MAX_BODY : SERVE_MAX_LOGIN_BODY;
    if (!r->started) {
        /* First call, headers only: refuse early what must be refused
         * (the connection is then closed); answer the rest on the next
         * call, once the request is complete, so the connection stays
         * open for the next request. */
        r->started = 1;
        if (serve_conn_refused(conn)) {
            serve_reply busy = {0, NULL, 0, NULL, NULL, 1, ""};
            serve_error(&busy, 503, "too many connections; try again shortly");
            return send_reply(conn, &busy);
        }
        if (!host_allowed(ctx, conn))
            return send_error(conn, 421, NULL,
                              "Host not allowed (start saydo serve with --allow-host NAME)");
        if (r->url_len > SERVE_MAX_URL)
            return send_error(conn, 414, NULL, "URL too long (at most 4096 bytes)");
        if (r->nparams > SERVE_MAX_PARAMS)
            return send_error(conn, 414, NULL, "too many query parameters (at most 64)");
        /* a %00 would cut the decoded path or value short of what was sent */
        if (r->target && strstr(r->target, "%00"))
            return send_error(conn, 400, NULL, "NUL byte (%00) in the URL");
        if ((is_login || is_logout) && !ctx->token)
            return send_error(conn, 404, NULL, "no login: this server has no token");
        if (ctx->token && !authorized(ctx, conn)) {
            int session = serve_session_valid(ctx->sessions, session_cookie(conn));
            if (session && is_post && !same_origin(ctx, conn))
                return send_error(conn, 403, NULL, "cross-origin request refused");
            if (!session && !is_login && !is_logout && !(is_get && is_public_file(url))) {
                if (is_get && (strcmp(url, "/") == 0 || strcmp(url, "/index.html") == 0))
                    return send_redirect(conn, "/login.html");
                return send_error(conn, 401, NULL,
                                  "missing or wrong bearer token (or log in: /login.html)");
            }
        }
        if (is_login) {
            const char *cl =
                MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
            if (cl && strtoull(cl, NULL, 10) > SERVE_MAX_LOGIN_BODY)
                return send_error(conn, 413, NULL, "body too large (at most 4 KiB)");
            if (!same_origin(ctx, conn))
                return send_error(conn, 403, NULL, "cross-origin request refused");
        }
        if (is_articles && is_post) {
            if (!ctx->token)
                return send_error(conn, 401, NULL,
                                  "start saydo serve with --token-file to accept articles");
            const char *cl =
                MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
            if (cl && strtoull(cl, NULL, 10) > SERVE_MAX_BODY)
                return send_error(conn, 413, NULL, "body too large (at most 8 MiB)");
            if (atomic_load(&ctx->stopping))
                return send_error(conn, 503, NULL, "the server is stopping");
            atomic_fetch_add(&ctx->posts, 1);
            r->is_post = 1;
        }
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (!wants_body)
            return MHD_YES; /* a body nobody asked for: dropped */
        if (r->body_len + n > max_body)
            return MHD_NO; /* chunked past the limit: close the connection */
        if (r->body_len + n > r->body_cap) {
            size_t cap = r->body_cap ? r->body_cap : 65536;
            while (cap < r->body_len + n)
                cap *= 2;
            if (cap > max_body)
                cap = max_body;
            char *p = realloc(r->body, cap);
            if (!p)
                return MHD_NO;
            r->body = p;
            r->body_cap = cap;
        }
        memcpy(r->body + r->body_len, upload_data, n);
        r->body_len += n;
        return MHD_YES;
    }
    serve_conn_answering(ctx, conn, 1);
    serve_reply reply = {0, NULL, 0, NULL, NULL, 0, ""};
    if (is_login) {
        login(ctx, r->body, r->body_len, &reply);
        return send_reply(conn, &reply);
    }
    if (is_logout) {
        logout(ctx, conn, &reply);
        return send_reply(conn, &reply);
    }
    if (is_articles && is_post) {
        serve_api_post(ctx, r->body ? r->body : "", r->body_len, &reply);
        return send_reply(conn, &reply);
    }
    if (!is_get)
        return send_error(conn, 405,
                          is_articles || strcmp(url, "/api/login") == 0 ||
                                  strcmp(url, "/api/logout") == 0
                              ? "POST"
                              : "GET, HEAD",
                          "method not allowed");
    if (is_api) {
        serve_api_get(ctx, url, r->target, param_of, conn, &reply);
        return send_reply(conn, &reply);
    }
    return send_file(ctx, conn, url);
}

void *serve_http_start(serve_ctx *ctx, const void *addr, size_t addr_len, int ipv6, int threads,
                       unsigned *port)
{
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC;
    if (ipv6)
        flags |= MHD_USE_IPv6;
    if (ctx->tls_cert) {
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
            fprintf(stderr, "saydo: serve: this libmicrohttpd has no TLS (GnuTLS) support\n");
            return NULL;
        }
        flags |= MHD_USE_TLS;
    }
    ctx->conns = serve_conns_start(ctx->max_connections, ctx->max_per_client,
                                   ctx->request_timeout);
    if (!ctx->conns) {
        fprintf(stderr, "saydo: serve: out of memory\n");
        return NULL;
    }
    /* libmicrohttpd's own limits lie a margin above ours: connections in
     * the margin are answered 503 (serve_conn.c) instead of waiting,
     * unanswered, in the listen backlog. */
    unsigned hard_total = ctx->max_connections + ctx->max_connections / 4 + 16;
    unsigned hard_client = ctx->max_per_client + ctx->max_per_client / 4 + 16;
    struct MHD_OptionItem options[16] = {
        {MHD_OPTION_SOCK_ADDR, 0, (void *)(uintptr_t)addr},
        {MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)uri_logger, ctx},
        {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)completed, ctx},
        {MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)serve_conn_notify, ctx},
        {MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)ctx->idle_timeout, NULL},
        {MHD_OPTION_CONNECTION_LIMIT, (intptr_t)hard_total, NULL},
        {MHD_OPTION_PER_IP_CONNECTION_LIMIT, (intptr_t)hard_client, NULL},
        {MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024, NULL},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t)(64 * 1024), NULL},
    };
    size_t n = 9;
    if (threads > 1)
        options[n++] = (struct MHD_OptionItem){MHD_OPTION_THREAD_POOL_SIZE, threads, NULL};
    if (ctx->tls_cert) {
        options[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, ctx->tls_cert};
        options[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, ctx->tls_key};
    }
    options[n] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
    struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL, handle, ctx, MHD_OPTION_ARRAY,
                                            options, MHD_OPTION_END);
    (void)addr_len;
    if (!d) {
        fprintf(stderr, "saydo: serve: cannot listen (%s)\n",
                errno ? strerror(errno) : "address in use or not available");
        serve_conns_stop(ctx->conns);
        ctx->conns = NULL;
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    *port = info ? info->port : 0;
    ctx->port = *port;
    return d;
}

void serve_http_stop(serve_ctx *ctx, void *daemon)
{
    atomic_store(&ctx->stopping, 1);
    if (daemon) {
        /* accept no more; let POSTs in flight stop after their batch and
         * send their answers (up to 60 s), then stop */
        MHD_socket listen = MHD_quiesce_daemon(daemon);
        for (int i = 0; i < 1200 && atomic_load(&ctx->posts) > 0; i++) {
            struct timespec ts = {0, 50 * 1000000L};
            nanosleep(&ts, NULL);
        }
        MHD_stop_daemon(daemon);
        if (listen != MHD_INVALID_SOCKET)
            close(listen);
    }
    serve_conns_stop(ctx->conns);
    ctx->conns = NULL;
}
