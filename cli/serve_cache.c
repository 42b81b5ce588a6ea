/*
 * serve_cache.c -- a worker thread's cache of API answers for 'saydo
 * serve'.
 *
 * Contract: a direct-mapped table of SERVE_CACHE_SLOTS answers keyed by the
 * raw request target (path and query string as sent).  An answer is kept
 * only when it is a 200 of at most SERVE_CACHE_MAX_BODY bytes, so a cache
 * holds at most SLOTS x MAX_BODY bytes.  Every answer is stamped with the
 * store's data version (saydo_store_data_version); a lookup with another
 * version empties the cache first, so a write by POST, by 'saydo ingest'
 * or by anything else is seen by the next request.  One cache per thread:
 * no locks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

#define SERVE_CACHE_SLOTS 128
#define SERVE_CACHE_MAX_BODY ((size_t)256 * 1024)

typedef struct slot {
    char *key;                 /* owned, NULL when empty */
    char *body;                /* owned */
    size_t len;
} slot;

struct serve_cache {
    long long version;
    slot slots[SERVE_CACHE_SLOTS];
};

serve_cache *serve_cache_new(void)
{
    serve_cache *c = calloc(1, sizeof *c);
    if (c)
        c->version = -1;
    return c;
}

static void slot_clear(slot *s)
{
    free(s->key);
    free(s->body);
    s->key = NULL;
    s->body = NULL;
    s->len = 0;
}

void serve_cache_free(serve_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < SERVE_CACHE_SLOTS; i++)
        slot_clear(&c->slots[i]);
    free(c);
}

static slot *slot_for(serve_cache *c, const char *key)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return &c->slots[h % SERVE_CACHE_SLOTS];
}

int serve_cache_get(serve_cache *c, long long version, const char *key, serve_reply *reply)
{
    if (!c || version < 0)
        return 0;
    if (version != c->version) {
        for (size_t i = 0; i < SERVE_CACHE_SLOTS; i++)
            slot_clear(&c->slots[i]);
        c->version = version;
        return 0;
    }
    slot *s = slot_for(c, key);
    if (!s->key || strcmp(s->key, key) != 0)
        return 0;
    char *copy = malloc(s->len + 1);
    if (!copy)
        return 0;
    memcpy(copy, s->body, s->len + 1);
    reply->status = 200;
    reply->content_type = "application/json; charset=utf-8";
    reply->body = copy;
    reply->len = s->len;
    return 1;
}

void serve_cache_put(serve_cache *c, long long version, const char *key,
                     const serve_reply *reply)
{
    if (!c || version < 0 || version != c->version || reply->status != 200 || !reply->body ||
        reply->len > SERVE_CACHE_MAX_BODY || !reply->content_type ||
        strncmp(reply->content_type, "application/json", 16) != 0)
        return; /* (get answers JSON: other answers, the CSV export, are not kept) */
    slot *s = slot_for(c, key);
    slot_clear(s);
    size_t klen = strlen(key);
    s->key = malloc(klen + 1);
    s->body = malloc(reply->len + 1);
    if (!s->key || !s->body) {
        slot_clear(s);
        return;
    }
    memcpy(s->key, key, klen + 1);
    memcpy(s->body, reply->body, reply->len);
    s->body[reply->len] = '\0';
    s->len = reply->len;
}
