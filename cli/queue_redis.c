/*
 * queue_redis.c -- the Redis side of the work queue (queue.h): URLs,
 * connecting, key names, and an article as a stream entry and back.
 *
 * Contract: every function here fails with a message (the URL shown
 * without its password) and never exits; a malformed entry is an error
 * naming what is wrong, never a crash.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "queue.h"

const char *cli_redis_default_url(void)
{
    const char *env = getenv("SAYDO_REDIS");
    return env && *env ? env : "redis://127.0.0.1:6379";
}

/* Decode %XX escapes of s[0..len) into out (size n).  -1 when too long or
 * malformed. */
static int unescape(const char *s, size_t len, char *out, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '%') {
            if (len - i < 3)
                return -1;
            char hex[3] = {s[i + 1], s[i + 2], 0};
            char *end;
            long v = strtol(hex, &end, 16);
            if (*end || v <= 0)
                return -1;
            c = (char)v;
            i += 2;
        }
        if (k + 1 >= n)
            return -1;
        out[k++] = c;
    }
    out[k] = '\0';
    return 0;
}

static int parse_number(const char *s, size_t len, long lo, long hi, long *out)
{
    char buf[16];
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    long v = strtol(buf, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int cli_redis_url_parse(const char *url, cli_redis_url *out, char *why, size_t n)
{
    memset(out, 0, sizeof *out);
    out->port = 6379;
    if (!url || !*url) {
        snprintf(why, n, "empty Redis URL (expected redis://HOST[:PORT][/DB])");
        return -1;
    }
    const char *rest;
    int unix_socket = 0;
    if (strncmp(url, "redis://", 8) == 0)
        rest = url + 8;
    else if (strncmp(url, "unix://", 7) == 0)
        rest = url + 7, unix_socket = 1;
    else {
        snprintf(why, n,
                 "'%.100s' is not a Redis URL (expected redis://HOST[:PORT][/DB] or "
                 "unix:///PATH[?db=DB])",
                 url);
        return -1;
    }
    /* user info, shown without the password */
    const char *at = NULL;
    for (const char *p = rest; *p && *p != '/' && *p != '?'; p++)
        if (*p == '@')
            at = p;
    const char *host = rest;
    if (at) {
        const char *colon = memchr(rest, ':', (size_t)(at - rest));
        size_t ulen = colon ? (size_t)(colon - rest) : (size_t)(at - rest);
        if (unescape(rest, ulen, out->user, sizeof out->user) != 0 ||
            (colon && unescape(colon + 1, (size_t)(at - colon - 1), out->password,
                               sizeof out->password) != 0)) {
            snprintf(why, n, "bad user or password in the Redis URL");
            return -1;
        }
        if (!colon) { /* redis://PASSWORD@host, as redis-cli reads it */
            snprintf(out->password, sizeof out->password, "%s", out->user);
            out->user[0] = '\0';
        }
        host = at + 1;
        snprintf(out->shown, sizeof out->shown, "%.*s%.100s%s@%.300s", (int)(rest - url), url,
                 out->user, colon || out->password[0] ? ":***" : "", host);
    } else {
        snprintf(out->shown, sizeof out->shown, "%.500s", url);
    }
    if (unix_socket) {
        const char *q = strchr(host, '?');
        size_t len = q ? (size_t)(q - host) : strlen(host);
        if (len == 0 || host[0] != '/' || len >= sizeof out->socket) {
            snprintf(why, n, "'%.100s': a unix socket URL needs an absolute path (unix:///PATH)",
                     out->shown);
            return -1;
        }
        memcpy(out->socket, host, len);
        out->socket[len] = '\0';
        if (q) {
            long db;
            if (strncmp(q, "?db=", 4) != 0 ||
                parse_number(q + 4, strlen(q + 4), 0, 100000, &db) != 0) {
                snprintf(why, n, "'%.100s': the only query a unix URL takes is ?db=N",
                         out->shown);
                return -1;
            }
            out->db = (int)db;
        }
        return 0;
    }
    const char *slash = strchr(host, '/');
    const char *end = slash ? slash : host + strlen(host);
    const char *colon = NULL;
    if (host[0] == '[') { /* [IPv6]:port */
        const char *close = memchr(host, ']', (size_t)(end - host));
        if (!close) {
            snprintf(why, n, "'%.100s': unclosed '[' in the host", out->shown);
            return -1;
        }
        if (close + 1 < end && close[1] == ':')
            colon = close + 1;
        else if (close + 1 != end) {
            snprintf(why, n, "'%.100s': bad host", out->shown);
            return -1;
        }
        size_t hl = (size_t)(close - host - 1);
        if (hl == 0 || hl >= sizeof out->host) {
            snprintf(why, n, "'%.100s': bad host", out->shown);
            return -1;
        }
        memcpy(out->host, host + 1, hl);
        out->host[hl] = '\0';
    } else {
        colon = memchr(host, ':', (size_t)(end - host));
        const char *hend = colon ? colon : end;
        size_t hl = (size_t)(hend - host);
        if (hl >= sizeof out->host) {
            snprintf(why, n, "'%.100s': host name too long", out->shown);
            return -1;
        }
        memcpy(out->host, host, hl);
        out->host[hl] = '\0';
        if (hl == 0)
            snprintf(out->host, sizeof out->host, "127.0.0.1");
    }
    if (colon) {
        long port;
        if (parse_number(colon + 1, (size_t)(end - colon - 1), 1, 65535, &port) != 0) {
            snprintf(why, n, "'%.100s': the port is not a number from 1 to 65535", out->shown);
            return -1;
        }
        out->port = (int)port;
    }
    if (slash && slash[1]) {
        long db;
        if (parse_number(slash + 1, strlen(slash + 1), 0, 100000, &db) != 0) {
            snprintf(why, n, "'%.100s': the database after '/' is not a number", out->shown);
            return -1;
        }
        out->db = (int)db;
    }
    return 0;
}

int cli_redis_reply_error(const redisReply *reply, char *why, size_t n)
{
    if (reply && reply->type == REDIS_REPLY_ERROR) {
        snprintf(why, n, "%.*s", (int)(reply->len > 400 ? 400 : reply->len), reply->str);
        return 1;
    }
    return 0;
}

redisContext *cli_redis_connect(const cli_redis_url *url, double timeout_s, char *why, size_t n)
{
    struct timeval tv;
    tv.tv_sec = (time_t)timeout_s;
    tv.tv_usec = (suseconds_t)((timeout_s - (double)tv.tv_sec) * 1e6);
    redisContext *c = url->socket[0] ? redisConnectUnixWithTimeout(url->socket, tv)
                                     : redisConnectWithTimeout(url->host, url->port, tv);
    if (!c || c->err) {
        snprintf(why, n, "cannot connect to Redis at %s: %s", url->shown,
                 c ? c->errstr : "out of memory");
        redisFree(c);
        return NULL;
    }
    redisSetTimeout(c, tv);
    redisReply *r = NULL;
    char err[420];
    if (url->password[0]) {
        r = url->user[0] ? redisCommand(c, "AUTH %s %s", url->user, url->password)
                         : redisCommand(c, "AUTH %s", url->password);
        if (!r || cli_redis_reply_error(r, err, sizeof err)) {
            snprintf(why, n, "Redis at %s refused the password: %s", url->shown,
                     r ? err : c->errstr);
            freeReplyObject(r);
            redisFree(c);
            return NULL;
        }
        freeReplyObject(r);
    }
    r = redisCommand(c, "SELECT %d", url->db);
    if (!r || cli_redis_reply_error(r, err, sizeof err)) {
        snprintf(why, n, "Redis at %s: cannot select database %d: %s", url->shown, url->db,
                 r ? err : c->errstr);
        freeReplyObject(r);
        redisFree(c);
        return NULL;
    }
    freeReplyObject(r);
    return c;
}

int cli_queue_keys_make(const char *stream, const char *group, cli_queue_keys *keys, char *why,
                        size_t n)
{
    memset(keys, 0, sizeof *keys);
    if (!stream || !*stream || strlen(stream) >= sizeof keys->stream) {
        snprintf(why, n, "the stream name must have 1 to %zu bytes", sizeof keys->stream - 1);
        return -1;
    }
    if (!group || !*group || strlen(group) >= sizeof keys->group) {
        snprintf(why, n, "the group name must have 1 to %zu bytes", sizeof keys->group - 1);
        return -1;
    }
    snprintf(keys->stream, sizeof keys->stream, "%s", stream);
    snprintf(keys->dead, sizeof keys->dead, "%s:dead", stream);
    snprintf(keys->errors, sizeof keys->errors, "%s:errors", stream);
    snprintf(keys->stats, sizeof keys->stats, "%s:stats", stream);
    snprintf(keys->group, sizeof keys->group, "%s", group);
    return 0;
}

int cli_queue_group_create(redisContext *c, const cli_queue_keys *keys, char *why, size_t n)
{
    redisReply *r = redisCommand(c, "XGROUP CREATE %s %s 0 MKSTREAM", keys->stream, keys->group);
    if (!r) {
        snprintf(why, n, "lost the connection to Redis: %s", c->errstr);
        return -1;
    }
    int rc = 0;
    if (r->type == REDIS_REPLY_ERROR && strncmp(r->str, "BUSYGROUP", 9) != 0) {
        snprintf(why, n, "cannot make the consumer group %s on %s: %.300s", keys->group,
                 keys->stream, r->str);
        rc = -1;
    }
    freeReplyObject(r);
    return rc;
}

void cli_queue_entry_args(const char *const *head, const saydo_article *article,
                          const char *const *extra, const char **argv, size_t *lens, int *argc,
                          char nums[64])
{
    int k = 0;
    for (; head && head[k]; k++)
        argv[k] = head[k];
    size_t text_len = 0;
    const char *text = saydo_article_text(article, &text_len);
    snprintf(nums, 64, "%ld", saydo_article_line(article));
    const char *pairs[] = {"v",    "1",
                           "id",   saydo_article_id(article),
                           "date", saydo_article_date(article),
                           "title", saydo_article_title(article),
                           "url",  saydo_article_url(article),
                           "outlet", saydo_article_outlet(article),
                           "meta", saydo_article_meta(article),
                           "file", saydo_article_file(article),
                           "line", nums};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i += 2) {
        if (!pairs[i + 1][0] && strcmp(pairs[i], "v") != 0)
            continue; /* an empty field is left out */
        argv[k++] = pairs[i];
        argv[k++] = pairs[i + 1];
    }
    argv[k++] = "text";
    argv[k] = text;
    lens[k] = text_len;
    k++;
    for (size_t i = 0; extra && extra[i] && extra[i + 1] && k < CLI_QUEUE_MAX_ARGS - 1; i += 2) {
        argv[k++] = extra[i];
        argv[k++] = extra[i + 1];
    }
    for (int i = 0; i < k; i++)
        if (argv[i] != text)
            lens[i] = strlen(argv[i]);
    *argc = k;
}

/* The field names of an entry, in saydo_article_fields order. */
static const char *const entry_fields[] = {"v",      "id",   "date", "title", "url",
                                           "outlet", "meta", "file", "line",  "text"};
enum { F_V, F_ID, F_DATE, F_TITLE, F_URL, F_OUTLET, F_META, F_FILE, F_LINE, F_TEXT, F_COUNT };

static int entry_error(saydo_error *err, const char *what)
{
    if (err) {
        memset(err, 0, sizeof *err);
        err->code = SAYDO_ERR_PARSE;
        err->byte = -1;
        snprintf(err->message, sizeof err->message, "malformed queue entry: %s", what);
    }
    return SAYDO_ERR_PARSE;
}

int cli_queue_entry_article(const redisReply *fields, saydo_article **out, saydo_error *err)
{
    *out = NULL;
    if (!fields || fields->type != REDIS_REPLY_ARRAY)
        return entry_error(err, "no field list (deleted?)");
    if (fields->elements % 2)
        return entry_error(err, "an odd number of fields and values");
    const redisReply *val[F_COUNT] = {0};
    for (size_t i = 0; i < fields->elements; i += 2) {
        const redisReply *name = fields->element[i], *value = fields->element[i + 1];
        if (name->type != REDIS_REPLY_STRING || value->type != REDIS_REPLY_STRING)
            return entry_error(err, "a field that is not a string");
        int f = -1;
        for (int k = 0; k < F_COUNT; k++)
            if (name->len == strlen(entry_fields[k]) &&
                memcmp(name->str, entry_fields[k], name->len) == 0)
                f = k;
        if (f < 0)
            continue; /* a field a later saydo may add, or error/tries in the dead stream */
        if (val[f])
            return entry_error(err, "a field given twice");
        val[f] = value;
    }
    if (!val[F_V] || val[F_V]->len != 1 || val[F_V]->str[0] != '1')
        return entry_error(err, val[F_V] ? "unknown format (field v is not 1: queued by a newer saydo?)"
                                    : "no field v (not queued by saydo queue add?)");
    if (!val[F_TEXT])
        return entry_error(err, "no field text");
    long line = 0;
    if (val[F_LINE] && parse_number(val[F_LINE]->str, val[F_LINE]->len, 0, 2147483647L, &line))
        return entry_error(err, "field line is not a number");
    /* hiredis ends every string with a NUL; a NUL inside a field other than
     * text is cut there */
    saydo_article_fields f = SAYDO_ARTICLE_FIELDS_INIT;
    f.id = val[F_ID] ? val[F_ID]->str : NULL;
    f.date = val[F_DATE] ? val[F_DATE]->str : NULL;
    f.title = val[F_TITLE] ? val[F_TITLE]->str : NULL;
    f.url = val[F_URL] ? val[F_URL]->str : NULL;
    f.outlet = val[F_OUTLET] ? val[F_OUTLET]->str : NULL;
    f.meta = val[F_META] ? val[F_META]->str : NULL;
    f.file = val[F_FILE] ? val[F_FILE]->str : NULL;
    f.line = line;
    f.text = val[F_TEXT]->str;
    f.text_len = val[F_TEXT]->len;
    int rc = saydo_article_new_fields(&f, out, err);
    if (rc && err) {
        char msg[SAYDO_ERROR_MESSAGE_MAX];
        memcpy(msg, err->message, sizeof msg);
        snprintf(err->message, sizeof err->message, "malformed queue entry: %.480s", msg);
    }
    return rc;
}
