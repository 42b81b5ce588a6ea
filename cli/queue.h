/*
 * queue.h -- the work queue on a Redis Stream, shared by 'saydo queue'
 * (cmd_queue.c) and 'saydo worker' (cmd_worker.c); queue_redis.c holds
 * the connection, the key names and the entry format.  Only these files
 * include hiredis.
 *
 * Keys, for a stream S (default "saydo:articles"):
 *   S          the stream: one entry per article (fields below)
 *   S:dead     the dead-letter stream: articles that failed --max-failures
 *              times, or malformed entries, with their error
 *   S:errors   a hash: entry id -> the last error of an entry that failed
 *              and waits to be tried again
 *   S:stats    a hash: done (articles acknowledged), dead (dead-lettered)
 * and one consumer group (default "saydo") on S.
 *
 * An entry's fields: v (the format, "1"), id, date, title, url, outlet,
 * meta, file, line and text (the article's document), the fields of
 * saydo_article_fields; only v and text are required.
 */
#ifndef SAYDO_CLI_QUEUE_H
#define SAYDO_CLI_QUEUE_H

#include <hiredis/hiredis.h>
#include <limits.h>
#include <stddef.h>

#include "saydo.h"

/* A Redis server as a URL names it: redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]
 * or unix://[[USER]:PASSWORD@]/PATH[?db=DB]. */
typedef struct cli_redis_url {
    char host[256];            /* "" for a unix socket                      */
    int port;
    char socket[PATH_MAX];     /* the socket's path, or ""                  */
    char user[128], password[256];
    int db;
    char shown[512];           /* the URL as messages show it: password
                                  replaced by "***"                         */
} cli_redis_url;

/* The default URL: $SAYDO_REDIS, else redis://127.0.0.1:6379. */
const char *cli_redis_default_url(void);

/* Parse url into *out.  Returns 0, or -1 with why (n bytes) saying what is
 * wrong. */
int cli_redis_url_parse(const char *url, cli_redis_url *out, char *why, size_t n);

/* Connect, authenticate and select the database, waiting at most
 * timeout_s seconds for the connection and each reply.  Returns the
 * context (owned by the caller: redisFree), or NULL with why saying what
 * failed, the URL shown without its password. */
redisContext *cli_redis_connect(const cli_redis_url *url, double timeout_s, char *why, size_t n);

/* The keys of stream (see above). */
typedef struct cli_queue_keys {
    char stream[256], dead[272], errors[272], stats[272];
    char group[128];
} cli_queue_keys;

/* Fill *keys for stream and group.  Returns 0, or -1 (why) when a name is
 * empty or too long. */
int cli_queue_keys_make(const char *stream, const char *group, cli_queue_keys *keys, char *why,
                        size_t n);

/* Make the consumer group on the stream (and the stream) when missing.
 * Returns 0, or -1 with why (the server's error, or a lost connection:
 * then c->err is set). */
int cli_queue_group_create(redisContext *c, const cli_queue_keys *keys, char *why, size_t n);

/* The XADD arguments of an article: argv[0..*argc) (lens as well) point
 * into article, which must outlive them; nums (64 bytes) holds the line
 * number's text.  extra named fields (pairs, NULL-terminated; may be NULL)
 * are added at the end (the dead-letter stream's error and tries). */
enum { CLI_QUEUE_MAX_ARGS = 40 };
void cli_queue_entry_args(const char *const *head, const saydo_article *article,
                          const char *const *extra, const char **argv, size_t *lens, int *argc,
                          char nums[64]);

/* Make the article of an entry's field list (a reply array f1 v1 f2 v2 ...).
 * Returns 0 and *out (owned by the caller), or a negative SAYDO_ERR_* with
 * err saying what is wrong with the entry (an unknown format, a missing
 * text, an odd field list, a field given twice, a bad date or line). */
int cli_queue_entry_article(const redisReply *fields, saydo_article **out, saydo_error *err);

/* 1 when reply is an error, with its text in why; 0 otherwise. */
int cli_redis_reply_error(const redisReply *reply, char *why, size_t n);

#endif
