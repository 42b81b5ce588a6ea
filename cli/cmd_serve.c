/*
 * cmd_serve.c -- 'saydo serve': the event store over HTTP (docs/api.md).
 *
 * Reads the options, checks the store, the token and the address (a
 * non-loopback address needs --token-file), starts the daemon
 * (serve_http.c) and waits for SIGINT or SIGTERM; then stops accepting,
 * lets the workers finish and closes the stores.  The first line on
 * standard output is "listening on http://HOST:PORT" (with the port
 * chosen when --listen asked for port 0).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "serve.h"

/* Read the token: the file's first line without surrounding white space;
 * returns a malloc'd string or NULL (reason on stderr). */
static char *read_token(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        cli_error("--token-file: cannot open %s: %s", path, strerror(errno));
        return NULL;
    }
    char line[1024];
    char *got = fgets(line, sizeof line, f);
    fclose(f);
    if (!got) {
        cli_error("--token-file: %s is empty", path);
        return NULL;
    }
    char *s = line;
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strcspn(s, " \t\r\n");
    s[n] = '\0';
    if (n < 8) {
        cli_error("--token-file: the token in %s must be at least 8 characters", path);
        return NULL;
    }
    return strdup(s);
}

/* Split HOST:PORT ("[::1]:8080" for IPv6) and resolve it numerically or as
 * "localhost".  Returns 0 and fills *ss, or -1 (reason on stderr). */
static int parse_listen(const char *spec, struct sockaddr_storage *ss, socklen_t *len,
                        char *host, size_t host_size)
{
    const char *colon = strrchr(spec, ':');
    if (!colon || colon == spec) {
        cli_error("--listen: '%s' is not HOST:PORT", spec);
        return -1;
    }
    size_t hl = (size_t)(colon - spec);
    const char *h = spec;
    if (h[0] == '[' && hl >= 2 && h[hl - 1] == ']') {
        h++;
        hl -= 2;
    }
    if (hl == 0 || hl >= host_size) {
        cli_error("--listen: '%s' is not HOST:PORT", spec);
        return -1;
    }
    memcpy(host, h, hl);
    host[hl] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (!colon[1] || *end || port < 0 || port > 65535) {
        cli_error("--listen: '%s' is not a port (0 to 65535)", colon + 1);
        return -1;
    }
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | (strcmp(host, "localhost") ? AI_NUMERICHOST : 0);
    if (getaddrinfo(host, colon + 1, &hints, &res) != 0 || !res) {
        cli_error("--listen: '%s' is not an IP address (or localhost)", host);
        return -1;
    }
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

static int is_loopback(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)ss;
        return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    }
    if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)ss;
        return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
    }
    return 0;
}

/* The default dashboard folder: web/ next to the executable, else the
 * installed one.  "" when neither exists. */
static void default_web(char *out, size_t n)
{
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    struct stat st;
    out[0] = '\0';
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            if (snprintf(out, n, "%s/web", exe) < (int)n && stat(out, &st) == 0 &&
                S_ISDIR(st.st_mode))
                return;
        }
    }
    snprintf(out, n, "%s/web", SAYDO_DATADIR);
    if (stat(out, &st) != 0 || !S_ISDIR(st.st_mode))
        out[0] = '\0';
}

/* A whole number in [lo, hi] from optarg into *out; 0, or -1 (said). */
static int number_option(const char *name, const char *text, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(text, &end, 10);
    if (end == text || *end || errno || n < lo || n > hi) {
        cli_error("--%s: '%s' is not a number from %ld to %ld", name, text, lo, hi);
        return -1;
    }
    *out = n;
    return 0;
}

/* Let the process hold enough descriptors for the connection limits:
 * raise the soft limit toward the hard one when it is lower. */
static void raise_fd_limit(unsigned connections)
{
    struct rlimit rl;
    rlim_t want = (rlim_t)connections + connections / 4 + 256;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
        return;
    rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < want)
        fprintf(stderr,
                "saydo: serve: warning: only %llu file descriptors for %u connections "
                "(ulimit -n)\n",
                (unsigned long long)rl.rlim_cur, connections);
}

/* Add name to the Host allow-list; -1 when out of memory. */
static int allow_host(serve_ctx *ctx, const char *name)
{
    char **p = realloc(ctx->allow_hosts, (ctx->nallow_hosts + 1) * sizeof *p);
    if (!p)
        return -1;
    ctx->allow_hosts = p;
    if (!(p[ctx->nallow_hosts] = strdup(name)))
        return -1;
    ctx->nallow_hosts++;
    return 0;
}

/* A PEM file's text (malloc'd, at most 1 MiB), or NULL (reason said). */
static char *read_pem(const char *path, const char *option)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        cli_error("%s: cannot open %s: %s", option, path, strerror(errno));
        return NULL;
    }
    size_t cap = 1024 * 1024;
    char *text = malloc(cap + 1);
    size_t n = text ? fread(text, 1, cap + 1, f) : 0;
    fclose(f);
    if (!text || n == 0 || n > cap || !strstr(text, "-----BEGIN ")) {
        if (text)
            text[n < cap ? n : cap] = '\0';
        cli_error("%s: %s is not a PEM file", option, path);
        free(text);
        return NULL;
    }
    text[n] = '\0';
    return text;
}

static void free_tls(serve_ctx *ctx)
{
    if (ctx->tls_key)
        memset(ctx->tls_key, 0, strlen(ctx->tls_key));
    free(ctx->tls_key);
    free(ctx->tls_cert);
    ctx->tls_key = ctx->tls_cert = NULL;
}

static void free_hosts(serve_ctx *ctx)
{
    for (size_t i = 0; i < ctx->nallow_hosts; i++)
        free(ctx->allow_hosts[i]);
    free(ctx->allow_hosts);
}

int cmd_serve(int argc, char **argv)
{
    const char *db = cli_default_db(), *listen = "127.0.0.1:8080", *token_file = NULL, *web = NULL,
               *data = NULL, *tls_cert = NULL, *tls_key = NULL;
    long threads = sysconf(_SC_NPROCESSORS_ONLN);
    if (threads < 2)
        threads = 2;
    if (threads > 16)
        threads = 16;
    int no_cache = 0;
    long max_connections = SERVE_MAX_CONNECTIONS, max_per_client = SERVE_MAX_PER_CLIENT,
         idle_timeout = SERVE_TIMEOUT_S, request_timeout = SERVE_REQUEST_TIMEOUT_S,
         query_ms = SERVE_QUERY_MS, session_s = SERVE_SESSION_S;
    serve_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    enum {
        OPT_DB = 256, OPT_LISTEN, OPT_TOKEN, OPT_WEB, OPT_THREADS, OPT_DATA, OPT_NO_CACHE,
        OPT_MAX_CONN, OPT_MAX_CLIENT, OPT_IDLE, OPT_REQUEST, OPT_QUERY, OPT_ALLOW_HOST,
        OPT_SESSION, OPT_TLS_CERT, OPT_TLS_KEY
    };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"token-file", required_argument, NULL, OPT_TOKEN},
        {"web", required_argument, NULL, OPT_WEB},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"data", required_argument, NULL, OPT_DATA},
        {"no-cache", no_argument, NULL, OPT_NO_CACHE},
        {"max-connections", required_argument, NULL, OPT_MAX_CONN},
        {"max-per-client", required_argument, NULL, OPT_MAX_CLIENT},
        {"idle-timeout", required_argument, NULL, OPT_IDLE},
        {"request-timeout", required_argument, NULL, OPT_REQUEST},
        {"query-timeout", required_argument, NULL, OPT_QUERY},
        {"allow-host", required_argument, NULL, OPT_ALLOW_HOST},
        {"session-timeout", required_argument, NULL, OPT_SESSION},
        {"tls-cert", required_argument, NULL, OPT_TLS_CERT},
        {"tls-key", required_argument, NULL, OPT_TLS_KEY},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    optind = 1;
    opterr = 0;
    int c, bad = 0;
    while (!bad && (c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': free_hosts(&ctx); cli_help("serve", stdout); return CLI_OK;
        case OPT_MAX_CONN:
            bad = number_option("max-connections", optarg, 1, 100000, &max_connections);
            break;
        case OPT_MAX_CLIENT:
            bad = number_option("max-per-client", optarg, 1, 100000, &max_per_client);
            break;
        case OPT_IDLE: bad = number_option("idle-timeout", optarg, 1, 3600, &idle_timeout); break;
        case OPT_REQUEST:
            bad = number_option("request-timeout", optarg, 1, 3600, &request_timeout);
            break;
        case OPT_QUERY:
            bad = number_option("query-timeout", optarg, 0, 3600000, &query_ms);
            break;
        case OPT_TLS_CERT: tls_cert = optarg; break;
        case OPT_TLS_KEY: tls_key = optarg; break;
        case OPT_SESSION:
            bad = number_option("session-timeout", optarg, 1, 30L * 86400, &session_s);
            break;
        case OPT_ALLOW_HOST:
            if (!*optarg || strpbrk(optarg, " \t/") || (optarg[0] != '[' && strchr(optarg, ':'))) {
                cli_error("--allow-host: '%s' is not a host name or address", optarg);
                bad = 1;
            } else if (allow_host(&ctx, optarg) != 0) {
                cli_error("serve: out of memory");
                free_hosts(&ctx);
                return CLI_FAIL;
            }
            break;
        case OPT_DB: db = optarg; break;
        case OPT_LISTEN: listen = optarg; break;
        case OPT_TOKEN: token_file = optarg; break;
        case OPT_WEB: web = optarg; break;
        case OPT_DATA: data = optarg; break;
        case OPT_NO_CACHE: no_cache = 1; break;
        case OPT_THREADS: {
            char *end;
            threads = strtol(optarg, &end, 10);
            if (end == optarg || *end || threads < 1 || threads > 256) {
                cli_error("--threads: '%s' is not a number from 1 to 256", optarg);
                bad = 1;
            }
            break;
        }
        case ':': cli_error("serve: option '%s' needs a value", argv[optind - 1]); bad = 1; break;
        default:
            cli_error("serve: unknown option '%s' (try 'saydo help serve')", argv[optind - 1]);
            bad = 1;
            break;
        }
    }
    if (!bad && optind < argc) {
        cli_error("serve: unexpected argument '%s'", argv[optind]);
        bad = 1;
    }
    if (!bad && !tls_cert != !tls_key) {
        cli_error("serve: --tls-cert and --tls-key go together");
        bad = 1;
    }
    if (bad) {
        free_hosts(&ctx);
        return CLI_USAGE;
    }
    struct sockaddr_storage addr;
    socklen_t addr_len = 0;
    char host[256];
    if (parse_listen(listen, &addr, &addr_len, host, sizeof host) != 0) {
        free_hosts(&ctx);
        return CLI_USAGE;
    }
    if (!is_loopback(&addr) && !token_file) {
        cli_error("serve: listening on %s (not loopback) needs --token-file", host);
        free_hosts(&ctx);
        return CLI_USAGE;
    }
    /* the Host names a browser may use for us: the loopback names and the
     * address listened on, besides --allow-host */
    char bracketed[300];
    snprintf(bracketed, sizeof bracketed, "[%s]", host);
    const char *implicit[] = {"localhost", "127.0.0.1", "[::1]",
                              addr.ss_family == AF_INET6 ? bracketed : host};
    for (size_t i = 0; i < sizeof implicit / sizeof *implicit; i++)
        if (strcmp(implicit[i], "0.0.0.0") != 0 && strcmp(implicit[i], "[::]") != 0 &&
            allow_host(&ctx, implicit[i]) != 0) {
            cli_error("serve: out of memory");
            free_hosts(&ctx);
            return CLI_FAIL;
        }

    ctx.db = db;
    ctx.no_cache = no_cache;
    ctx.max_connections = (unsigned)max_connections;
    ctx.max_per_client = (unsigned)max_per_client;
    ctx.idle_timeout = (unsigned)idle_timeout;
    ctx.request_timeout = (unsigned)request_timeout;
    ctx.query_ms = query_ms;
    ctx.session_s = (unsigned)session_s;
    if (token_file && !(ctx.token = read_token(token_file))) {
        free_hosts(&ctx);
        return CLI_FAIL;
    }
    if (tls_cert && (!(ctx.tls_cert = read_pem(tls_cert, "--tls-cert")) ||
                     !(ctx.tls_key = read_pem(tls_key, "--tls-key")))) {
        free_tls(&ctx);
        free(ctx.token);
        free_hosts(&ctx);
        return CLI_FAIL;
    }
    ctx.token_len = ctx.token ? strlen(ctx.token) : 0;
    if (web) {
        if (!realpath(web, ctx.web)) {
            cli_error("--web: %s: %s", web, strerror(errno));
            free(ctx.token);
            free_tls(&ctx);
            free_hosts(&ctx);
            return CLI_FAIL;
        }
    } else {
        char dir[PATH_MAX];
        default_web(dir, sizeof dir);
        if (dir[0] && !realpath(dir, ctx.web))
            ctx.web[0] = '\0';
    }
    const char *data_dir = cli_data_dir(data);
    snprintf(ctx.pairs, sizeof ctx.pairs, "%s/followthrough.tsv",
             data_dir ? data_dir : SAYDO_DATADIR);

    /* The store must open before we listen: read-only without a token, the
     * writer (created when missing) with one, plus the coder for POST. */
    saydo_error err;
    int status = CLI_OK;
    if (ctx.token && !(ctx.sessions = serve_sessions_new(ctx.session_s))) {
        cli_error("serve: out of memory");
        status = CLI_FAIL;
    } else if (ctx.token) {
        saydo_coder_options co = SAYDO_CODER_OPTIONS_INIT;
        co.data_dir = data_dir;
        if (saydo_coder_new(&co, &ctx.coder, &err) != 0) {
            cli_report(&err);
            status = CLI_FAIL;
        } else if (saydo_store_open(db, NULL, &ctx.writer, &err) != 0) {
            cli_report(&err);
            status = CLI_FAIL;
        }
    } else {
        saydo_store_options so = SAYDO_STORE_OPTIONS_INIT;
        so.read_only = 1;
        saydo_store *probe = NULL;
        if (saydo_store_open(db, &so, &probe, &err) != 0) {
            cli_report(&err);
            status = CLI_FAIL;
        }
        saydo_store_close(probe);
    }
    if (status == CLI_OK && pthread_key_create(&ctx.reader_key, serve_worker_free) != 0) {
        cli_error("serve: out of memory");
        status = CLI_FAIL;
    }
    if (status != CLI_OK) {
        saydo_store_close(ctx.writer);
        saydo_coder_free(ctx.coder);
        serve_sessions_free(ctx.sessions);
        free(ctx.token);
        free_tls(&ctx);
        free_hosts(&ctx);
        return status;
    }
    pthread_mutex_init(&ctx.write_lock, NULL);
    pthread_mutex_init(&ctx.slot_lock, NULL);
    pthread_cond_init(&ctx.slot_free, NULL);
    ctx.query_slots = threads > 1 ? (int)threads - 1 : 1;

    /* Workers inherit this mask: only the main thread takes the signals. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* Answers and SQLite's sorters allocate and free blocks of a few
     * hundred KiB per request; keep them in the heap instead of mapping
     * and unmapping each (an unmap stops every worker for a TLB flush). */
    mallopt(M_MMAP_THRESHOLD, 8 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
    raise_fd_limit(ctx.max_connections);

    unsigned port = 0;
    void *daemon = serve_http_start(&ctx, &addr, addr_len, addr.ss_family == AF_INET6,
                                    (int)threads, &port);
    if (!daemon) {
        status = CLI_FAIL;
    } else {
        const char *scheme = ctx.tls_cert ? "https" : "http";
        if (addr.ss_family == AF_INET6)
            printf("listening on %s://[%s]:%u\n", scheme, host, port);
        else
            printf("listening on %s://%s:%u\n", scheme, host, port);
        fflush(stdout);
        char shown[1024];
        fprintf(stderr, "saydo: serve: %s, %ld threads, dashboard %s%s\n",
                cli_redact_url(db, shown, sizeof shown), threads,
                ctx.web[0] ? ctx.web : "(none)", ctx.token ? ", token required" : "");
        int sig = 0;
        sigwait(&stop_signals, &sig);
        fprintf(stderr, "saydo: serve: stopping (signal %d)\n", sig);
        serve_http_stop(&ctx, daemon);
    }
    /* The main thread never used a worker, but free one if it did. */
    serve_worker_free(pthread_getspecific(ctx.reader_key));
    pthread_key_delete(ctx.reader_key);
    pthread_mutex_destroy(&ctx.write_lock);
    pthread_mutex_destroy(&ctx.slot_lock);
    pthread_cond_destroy(&ctx.slot_free);
    saydo_store_close(ctx.writer);
    saydo_coder_free(ctx.coder);
    serve_sessions_free(ctx.sessions);
    free(ctx.token);
    free_tls(&ctx);
    free_hosts(&ctx);
    return status;
}
