/*
 * watch_state.c -- the resume state of 'saydo watch' (watch.h).
 *
 * The file is text, one record a line, fields separated by tabs:
 *
 *   saydo-watch-state 1
 *   F <url> <etag> <last-modified> <failures> <retry-at, Unix seconds>
 *   S <item key>
 *
 * F lines keep each feed's validators and backoff; S lines the items
 * already taken (their link, else their guid), oldest first, at most
 * WATCH_MAX_SEEN of them.  Unknown record types are ignored, so later
 * versions may add some.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "watch.h"

struct watch_state {
    char *path;
    watch_feed_state **feeds;  /* each allocated alone: pointers stay valid */
    unsigned char *used;       /* 1: named in this run (saved)            */
    size_t nfeeds, capfeeds;
    char **keys;               /* insertion order                          */
    size_t nkeys, capkeys;
    size_t *slots;             /* hash table of key index + 1 (0: empty)   */
    size_t nslots;             /* a power of two, > 2 * nkeys              */
};

static uint64_t hash_key(const char *key)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

/* The slot of key: where it is, or the empty slot where it would go. */
static size_t find_slot(const watch_state *state, const char *key)
{
    size_t mask = state->nslots - 1, i = (size_t)hash_key(key) & mask;
    while (state->slots[i] && strcmp(state->keys[state->slots[i] - 1], key) != 0)
        i = (i + 1) & mask;
    return i;
}

static int grow_slots(watch_state *state)
{
    size_t n = state->nslots ? state->nslots * 2 : 1024;
    size_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    free(state->slots);
    state->slots = slots;
    state->nslots = n;
    for (size_t k = 0; k < state->nkeys; k++)
        state->slots[find_slot(state, state->keys[k])] = k + 1;
    return 0;
}

int watch_state_seen(const watch_state *state, const char *key)
{
    return state->nslots && state->slots[find_slot(state, key)] != 0;
}

int watch_state_add(watch_state *state, const char *key)
{
    if (watch_state_seen(state, key))
        return 0;
    if ((state->nkeys + 1) * 2 >= state->nslots && grow_slots(state) != 0)
        return -1;
    if (state->nkeys == state->capkeys) {
        size_t cap = state->capkeys ? state->capkeys * 2 : 256;
        char **keys = realloc(state->keys, cap * sizeof *keys);
        if (!keys)
            return -1;
        state->keys = keys;
        state->capkeys = cap;
    }
    char *copy = strdup(key);
    if (!copy)
        return -1;
    state->keys[state->nkeys++] = copy;
    state->slots[find_slot(state, copy)] = state->nkeys;
    return 0;
}

static watch_feed_state *add_feed(watch_state *state, const char *url)
{
    if (state->nfeeds == state->capfeeds) {
        size_t cap = state->capfeeds ? state->capfeeds * 2 : 16;
        watch_feed_state **feeds = realloc(state->feeds, cap * sizeof *feeds);
        if (!feeds)
            return NULL;
        state->feeds = feeds;
        unsigned char *used = realloc(state->used, cap);
        if (!used)
            return NULL;
        state->used = used;
        state->capfeeds = cap;
    }
    watch_feed_state *f = calloc(1, sizeof *f);
    if (!f || !(f->url = strdup(url))) {
        free(f);
        return NULL;
    }
    state->feeds[state->nfeeds] = f;
    state->used[state->nfeeds++] = 0;
    return f;
}

watch_feed_state *watch_state_feed(watch_state *state, const char *url)
{
    for (size_t i = 0; i < state->nfeeds; i++)
        if (strcmp(state->feeds[i]->url, url) == 0) {
            state->used[i] = 1;
            return state->feeds[i];
        }
    watch_feed_state *f = add_feed(state, url);
    if (f)
        state->used[state->nfeeds - 1] = 1;
    return f;
}

/* Split line at tabs into at most max fields; returns their number. */
static int split_tabs(char *line, char **field, int max)
{
    int n = 0;
    while (n < max) {
        field[n++] = line;
        char *tab = strchr(line, '\t');
        if (!tab)
            break;
        *tab = '\0';
        line = tab + 1;
    }
    return n;
}

static int parse_line(watch_state *state, char *line)
{
    char *field[6];
    int n = split_tabs(line, field, 6);
    if (strcmp(field[0], "S") == 0 && n == 2 && field[1][0])
        return watch_state_add(state, field[1]);
    if (strcmp(field[0], "F") == 0 && n == 6 && field[1][0]) {
        watch_feed_state *f = add_feed(state, field[1]);
        if (!f)
            return -1;
        snprintf(f->etag, sizeof f->etag, "%s", field[2]);
        snprintf(f->last_modified, sizeof f->last_modified, "%s", field[3]);
        f->failures = atoi(field[4]);
        f->retry_at = (time_t)strtoll(field[5], NULL, 10);
        if (f->failures < 0 || f->failures > 1000)
            f->failures = 0;
    }
    return 0;
}

watch_state *watch_state_load(const char *path, char *err, size_t size)
{
    watch_state *state = calloc(1, sizeof *state);
    if (!state || !(state->path = strdup(path))) {
        free(state);
        snprintf(err, size, "out of memory");
        return NULL;
    }
    FILE *in = fopen(path, "r");
    if (!in) {
        if (errno == ENOENT)
            return state;
        snprintf(err, size, "%s: cannot read: %s", path, strerror(errno));
        watch_state_free(state);
        return NULL;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    int rc = 0;
    while (rc == 0 && (len = getline(&line, &cap, in)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (lineno == 1) {
            if (strcmp(line, "saydo-watch-state 1") != 0) {
                snprintf(err, size, "%s: not a saydo watch state file", path);
                rc = 1;
            }
            continue;
        }
        if (parse_line(state, line) != 0) {
            snprintf(err, size, "out of memory");
            rc = 1;
        }
    }
    if (rc == 0 && ferror(in)) {
        snprintf(err, size, "%s: cannot read: %s", path, strerror(errno));
        rc = 1;
    }
    free(line);
    fclose(in);
    if (rc != 0) {
        watch_state_free(state);
        return NULL;
    }
    return state;
}

void watch_state_free(watch_state *state)
{
    if (!state)
        return;
    for (size_t i = 0; i < state->nfeeds; i++) {
        free(state->feeds[i]->url);
        free(state->feeds[i]);
    }
    for (size_t k = 0; k < state->nkeys; k++)
        free(state->keys[k]);
    free(state->feeds);
    free(state->used);
    free(state->keys);
    free(state->slots);
    free(state->path);
    free(state);
}

static int plain(const char *s)
{
    return strpbrk(s, "\t\r\n") == NULL;
}

int watch_state_save(watch_state *state, char *err, size_t size)
{
    size_t n = strlen(state->path) + 16;
    char *tmp = malloc(n);
    if (!tmp) {
        snprintf(err, size, "out of memory");
        return -1;
    }
    snprintf(tmp, n, "%s.tmp", state->path);
    FILE *out = fopen(tmp, "w");
    if (!out) {
        snprintf(err, size, "%s: cannot write: %s", tmp, strerror(errno));
        free(tmp);
        return -1;
    }
    fputs("saydo-watch-state 1\n", out);
    for (size_t i = 0; i < state->nfeeds; i++) {
        const watch_feed_state *f = state->feeds[i];
        if (!state->used[i] || !plain(f->url))
            continue;
        fprintf(out, "F\t%s\t%s\t%s\t%d\t%lld\n", f->url, plain(f->etag) ? f->etag : "",
                plain(f->last_modified) ? f->last_modified : "", f->failures,
                (long long)f->retry_at);
    }
    size_t first = state->nkeys > WATCH_MAX_SEEN ? state->nkeys - WATCH_MAX_SEEN : 0;
    for (size_t k = first; k < state->nkeys; k++)
        if (plain(state->keys[k]))
            fprintf(out, "S\t%s\n", state->keys[k]);
    int failed = fflush(out) != 0 || ferror(out) || fsync(fileno(out)) != 0;
    int saved_errno = errno;
    failed |= fclose(out) != 0;
    if (!failed && rename(tmp, state->path) != 0) {
        saved_errno = errno;
        failed = 1;
    }
    if (failed) {
        snprintf(err, size, "%s: cannot write: %s", state->path, strerror(saved_errno));
        unlink(tmp);
    }
    free(tmp);
    return failed ? -1 : 0;
}

const char *watch_state_default_path(const char *db, char *buf, size_t n)
{
    int url = strstr(db, "://") != NULL || strchr(db, '=') != NULL;
    if (url)
        snprintf(buf, n, "saydo-watch.state");
    else
        snprintf(buf, n, "%s.watch", db);
    return buf;
}
