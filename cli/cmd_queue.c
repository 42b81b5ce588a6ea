/*
 * cmd_queue.c -- 'saydo queue add' and 'saydo queue status': put articles
 * on the work queue (a Redis Stream, queue.h) for 'saydo worker', and show
 * how the queue is doing.
 *
 * Contract: add reads its inputs with the readers of 'saydo ingest' (every
 * format, --field, --date) and puts each article on the stream as one
 * entry holding all its fields, so a worker on another machine needs no
 * access to the files and stores what 'saydo ingest' would.  Entries are
 * sent in pipelined rounds of up to 256; each round is checked, and a
 * failure stops the run with the number of articles queued so far (a rerun
 * queues them again: the store leaves articles it has unchanged).  Bad
 * articles are reported as file:line and, with --keep-going, skipped.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "queue.h"

enum { ROUND = 256 };

typedef struct adder {
    redisContext *redis;
    const cli_queue_keys *keys;
    saydo_article *held[ROUND]; /* articles of the round in flight          */
    size_t n;
    size_t queued;
    char why[600];
} adder;

/* Send the held articles (pipelined) and read their replies.  Returns 0,
 * or -1 with a->why set. */
static int flush_round(adder *a)
{
    const char *head[] = {"XADD", a->keys->stream, "*", NULL};
    int rc = 0;
    for (size_t i = 0; i < a->n; i++) {
        const char *argv[CLI_QUEUE_MAX_ARGS];
        size_t lens[CLI_QUEUE_MAX_ARGS];
        char nums[64];
        int argc = 0;
        cli_queue_entry_args(head, a->held[i], NULL, argv, lens, &argc, nums);
        if (redisAppendCommandArgv(a->redis, argc, argv, lens) != REDIS_OK) {
            snprintf(a->why, sizeof a->why, "out of memory");
            rc = -1;
            a->n = i;
            break;
        }
    }
    for (size_t i = 0; i < a->n; i++) {
        redisReply *r = NULL;
        if (redisGetReply(a->redis, (void **)&r) != REDIS_OK) {
            snprintf(a->why, sizeof a->why, "lost the connection to Redis: %s",
                     a->redis->errstr);
            rc = -1;
            break;
        }
        char err[420];
        if (cli_redis_reply_error(r, err, sizeof err)) {
            if (rc == 0)
                snprintf(a->why, sizeof a->why, "Redis refused an entry: %s", err);
            rc = -1;
        } else if (rc == 0) {
            a->queued++;
        }
        freeReplyObject(r);
    }
    for (size_t i = 0; i < ROUND; i++) {
        saydo_article_free(a->held[i]);
        a->held[i] = NULL;
    }
    a->n = 0;
    return rc;
}

/* Queue the articles of path.  Returns 0, 1 for a bad input (counted), or
 * -1 when the run must stop. */
static int add_input(adder *a, const char *path, const saydo_reader_options *ro, int keep_going,
                     size_t *bad, size_t *skipped)
{
    saydo_reader *reader = NULL;
    saydo_error err;
    if (saydo_reader_open(path, ro, &reader, &err) != 0) {
        cli_report(&err);
        (*bad)++;
        return keep_going ? 1 : -1;
    }
    int status = 0;
    for (;;) {
        saydo_article *article = NULL;
        int rc = saydo_reader_next(reader, &article, &err);
        if (rc == 0)
            break;
        if (rc == SAYDO_ERR_EMPTY) {
            cli_warn_skipped(&err);
            (*skipped)++;
            continue;
        }
        if (rc < 0) {
            cli_report(&err);
            (*bad)++;
            status = 1;
            if (!keep_going || rc == SAYDO_ERR_IO || rc == SAYDO_ERR_NOMEM) {
                status = -1;
                break;
            }
            continue;
        }
        a->held[a->n++] = article;
        if (a->n == ROUND && flush_round(a) != 0) {
            status = -1;
            break;
        }
    }
    long first = 0;
    long invalid = saydo_reader_invalid_utf8(reader, &first);
    if (invalid > 0)
        cli_error("%s:%ld: warning: %ld invalid UTF-8 sequence%s replaced by U+FFFD (first on "
                  "this line)",
                  strcmp(path, "-") ? path : "<stdin>", first, invalid, invalid == 1 ? "" : "s");
    saydo_reader_close(reader);
    return status;
}

typedef struct queue_opts {
    const char *redis, *stream, *group;
    int keep_going, quiet;
    long interval_ms;
} queue_opts;

static int queue_add(const queue_opts *o, const saydo_reader_options *ro, int argc, char **argv)
{
    cli_redis_url url;
    cli_queue_keys keys;
    char why[600];
    if (cli_redis_url_parse(o->redis, &url, why, sizeof why) != 0 ||
        cli_queue_keys_make(o->stream, o->group, &keys, why, sizeof why) != 0) {
        cli_error("queue: %s", why);
        return CLI_USAGE;
    }
    cli_inputs inputs = {0};
    if (cli_inputs_collect(&inputs, argc, argv) != 0) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    adder *a = calloc(1, sizeof *a);
    redisContext *c = a ? cli_redis_connect(&url, 10.0, why, sizeof why) : NULL;
    if (!c || cli_queue_group_create(c, &keys, why, sizeof why) != 0) {
        cli_error("queue: %s", a ? why : "out of memory");
        if (c)
            redisFree(c);
        free(a);
        cli_inputs_free(&inputs);
        return CLI_FAIL;
    }
    a->redis = c;
    a->keys = &keys;
    double start = cli_now();
    size_t bad = 0, skipped = 0;
    int stop = 0;
    for (size_t i = 0; i < inputs.n && !stop; i++)
        stop = add_input(a, inputs.path[i], ro, o->keep_going, &bad, &skipped) < 0;
    if (!stop && a->n > 0 && flush_round(a) != 0)
        stop = 1;
    else if (stop && a->n > 0 && !a->why[0])
        flush_round(a); /* the articles read before a bad input */
    if (a->why[0])
        cli_error("queue: %s", a->why);
    double el = cli_now() - start;
    if (!o->quiet)
        fprintf(stderr, "saydo: queue: %zu articles added to %s at %s, %zu bad, %.1f s\n",
                a->queued, keys.stream, url.shown, bad, el);
    if (skipped)
        cli_error("%zu empty input%s skipped", skipped, skipped == 1 ? "" : "s");
    redisFree(c);
    free(a);
    cli_inputs_free(&inputs);
    return (stop || bad) ? CLI_FAIL : skipped ? CLI_SKIPPED : CLI_OK;
}

/* One integer reply (0 for nil), or -1 when r is not one. */
static long long int_reply(const redisReply *r)
{
    if (r && r->type == REDIS_REPLY_INTEGER)
        return r->integer;
    if (r && r->type == REDIS_REPLY_NIL)
        return 0;
    if (r && r->type == REDIS_REPLY_STRING)
        return strtoll(r->str, NULL, 10);
    return -1;
}

/* The done count of the stats hash; -1 on failure. */
static long long done_count(redisContext *c, const cli_queue_keys *keys)
{
    redisReply *r = redisCommand(c, "HGET %s done", keys->stats);
    long long v = r ? int_reply(r) : -1;
    freeReplyObject(r);
    return v;
}

static int queue_status(const queue_opts *o)
{
    cli_redis_url url;
    cli_queue_keys keys;
    char why[600];
    if (cli_redis_url_parse(o->redis, &url, why, sizeof why) != 0 ||
        cli_queue_keys_make(o->stream, o->group, &keys, why, sizeof why) != 0) {
        cli_error("queue: %s", why);
        return CLI_USAGE;
    }
    redisContext *c = cli_redis_connect(&url, 10.0, why, sizeof why);
    if (!c) {
        cli_error("queue: %s", why);
        return CLI_FAIL;
    }
    long long done0 = done_count(c, &keys);
    double t0 = cli_now();
    if (o->interval_ms > 0)
        usleep((useconds_t)o->interval_ms * 1000);
    redisAppendCommand(c, "XLEN %s", keys.stream);
    redisAppendCommand(c, "XLEN %s", keys.dead);
    redisAppendCommand(c, "HGET %s done", keys.stats);
    redisAppendCommand(c, "XINFO CONSUMERS %s %s", keys.stream, keys.group);
    redisReply *r[4] = {0};
    int lost = 0;
    for (int i = 0; i < 4; i++)
        if (redisGetReply(c, (void **)&r[i]) != REDIS_OK)
            lost = 1;
    double el = cli_now() - t0;
    int status = CLI_OK;
    if (lost) {
        cli_error("queue: lost the connection to Redis at %s: %s", url.shown, c->errstr);
        status = CLI_FAIL;
    } else {
        long long len = int_reply(r[0]), dead = int_reply(r[1]), done = int_reply(r[2]);
        long long pending = 0;
        size_t consumers = 0;
        int nogroup = r[3]->type == REDIS_REPLY_ERROR;
        if (!nogroup && r[3]->type == REDIS_REPLY_ARRAY) {
            consumers = r[3]->elements;
            for (size_t i = 0; i < r[3]->elements; i++) {
                const redisReply *cr = r[3]->element[i];
                for (size_t k = 0; cr->type == REDIS_REPLY_ARRAY && k + 1 < cr->elements; k += 2)
                    if (cr->element[k]->type == REDIS_REPLY_STRING &&
                        strcmp(cr->element[k]->str, "pending") == 0)
                        pending += int_reply(cr->element[k + 1]);
            }
        }
        printf("queue       %s (group %s) at %s\n", keys.stream, keys.group, url.shown);
        printf("waiting     %lld (not yet given to a worker)\n", len - pending);
        printf("pending     %lld (given to a worker, not yet acknowledged)\n", pending);
        printf("done        %lld (acknowledged)\n", done);
        printf("dead        %lld (in %s)\n", dead, keys.dead);
        if (o->interval_ms > 0 && done0 >= 0 && done >= done0 && el > 0)
            printf("throughput  %.1f articles/s (over %.1f s)\n", (double)(done - done0) / el, el);
        if (nogroup)
            printf("consumers   none (no group %s yet)\n", keys.group);
        else
            printf("consumers   %zu\n", consumers);
        for (size_t i = 0; !nogroup && i < consumers; i++) {
            const redisReply *cr = r[3]->element[i];
            const char *name = "?";
            long long cp = 0, idle = 0;
            for (size_t k = 0; cr->type == REDIS_REPLY_ARRAY && k + 1 < cr->elements; k += 2) {
                const char *key = cr->element[k]->type == REDIS_REPLY_STRING
                                      ? cr->element[k]->str
                                      : "";
                if (strcmp(key, "name") == 0 && cr->element[k + 1]->type == REDIS_REPLY_STRING)
                    name = cr->element[k + 1]->str;
                else if (strcmp(key, "pending") == 0)
                    cp = int_reply(cr->element[k + 1]);
                else if (strcmp(key, "idle") == 0)
                    idle = int_reply(cr->element[k + 1]);
            }
            printf("  %-40s pending %lld, idle %.1f s\n", name, cp, idle / 1000.0);
        }
    }
    for (int i = 0; i < 4; i++)
        freeReplyObject(r[i]);
    redisFree(c);
    return status;
}

int cmd_queue(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        cli_help("queue", argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    const char *sub = argv[1];
    int is_add = strcmp(sub, "add") == 0, is_status = strcmp(sub, "status") == 0;
    if (!is_add && !is_status) {
        cli_error("queue: unknown subcommand '%s' (add or status; try 'saydo help queue')", sub);
        return CLI_USAGE;
    }
    queue_opts o = {cli_redis_default_url(), "saydo:articles", "saydo", 0, 0, 1000};
    saydo_reader_options ro = SAYDO_READER_OPTIONS_INIT;
    enum { OPT_REDIS = 256, OPT_STREAM, OPT_GROUP, OPT_KEEP, OPT_QUIET, OPT_INTERVAL, OPT_DATE,
           OPT_INPUT, OPT_FIELD, OPT_MAXBYTES };
    static const struct option longopts[] = {
        {"redis", required_argument, NULL, OPT_REDIS},
        {"stream", required_argument, NULL, OPT_STREAM},
        {"group", required_argument, NULL, OPT_GROUP},
        {"keep-going", no_argument, NULL, OPT_KEEP},
        {"quiet", no_argument, NULL, OPT_QUIET},
        {"interval", required_argument, NULL, OPT_INTERVAL},
        {"date", required_argument, NULL, OPT_DATE},
        {"input", required_argument, NULL, OPT_INPUT},
        {"field", required_argument, NULL, OPT_FIELD},
        {"max-article-bytes", required_argument, NULL, OPT_MAXBYTES},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    optind = 1;
    opterr = 0;
    int c, status = CLI_OK;
    char day[11] = "";
    argc--, argv++; /* from the subcommand on */
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'h': cli_help("queue", stdout); return CLI_OK;
        case OPT_REDIS: o.redis = optarg; break;
        case OPT_STREAM: o.stream = optarg; break;
        case OPT_GROUP: o.group = optarg; break;
        case OPT_KEEP: o.keep_going = 1; break;
        case OPT_QUIET: o.quiet = 1; break;
        case OPT_DATE: status = cli_option_date(optarg, &ro, day); break;
        case OPT_INPUT: status = cli_option_input(optarg, &ro); break;
        case OPT_FIELD: status = cli_option_field(optarg, &ro); break;
        case OPT_INTERVAL: {
            errno = 0;
            double s = strtod(optarg, &end);
            if (errno || end == optarg || *end || s < 0 || s > 3600) {
                cli_error("--interval: '%s' is not a number of seconds (0..3600)", optarg);
                status = CLI_USAGE;
            }
            o.interval_ms = (long)(s * 1000);
            break;
        }
        case OPT_MAXBYTES: {
            errno = 0;
            long long v = strtoll(optarg, &end, 10);
            if (errno || end == optarg || *end || v <= 0) {
                cli_error("--max-article-bytes: '%s' is not a positive size", optarg);
                status = CLI_USAGE;
            }
            ro.max_article_bytes = (size_t)v;
            break;
        }
        case ':':
            cli_error("queue: option '%s' needs a value", argv[optind - 1]);
            status = CLI_USAGE;
            break;
        default:
            cli_error("queue: unknown option '%s' (try 'saydo help queue')", argv[optind - 1]);
            status = CLI_USAGE;
            break;
        }
        if (status != CLI_OK)
            return status;
    }
    if (is_status) {
        if (optind < argc) {
            cli_error("queue status: takes no arguments ('%s')", argv[optind]);
            return CLI_USAGE;
        }
        return queue_status(&o);
    }
    return queue_add(&o, &ro, argc - optind, argv + optind);
}
