/*
 * serve_session.c -- dashboard sessions for 'saydo serve' with a token
 * (docs/api.md, Sessions).
 *
 * A browser cannot send 'Authorization: Bearer' with the page's own
 * requests, so POST /api/login exchanges the token for a session: a random
 * id of 32 bytes from getrandom(2) (64 hex digits) kept in a server-side
 * table with its expiry, and sent as an HttpOnly, SameSite=Strict cookie.
 * The table holds at most SERVE_MAX_SESSIONS; a new session past that
 * replaces the one that expires first.  Ids are compared in constant time
 * (every byte of every live session), so the time taken says nothing of
 * how much of an id matched.  One lock; sessions live in memory only (a
 * restart logs everyone out).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "serve.h"

#define SERVE_MAX_SESSIONS 256

typedef struct session {
    char id[SERVE_SESSION_ID_LEN + 1]; /* "" when free */
    long long expires;                 /* CLOCK_MONOTONIC seconds */
} session;

struct serve_sessions {
    pthread_mutex_t lock;
    unsigned ttl_s;
    session table[SERVE_MAX_SESSIONS];
};

static long long now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec;
}

serve_sessions *serve_sessions_new(unsigned ttl_s)
{
    serve_sessions *ss = calloc(1, sizeof *ss);
    if (!ss)
        return NULL;
    ss->ttl_s = ttl_s;
    pthread_mutex_init(&ss->lock, NULL);
    return ss;
}

void serve_sessions_free(serve_sessions *ss)
{
    if (!ss)
        return;
    pthread_mutex_destroy(&ss->lock);
    memset(ss->table, 0, sizeof ss->table);
    free(ss);
}

/* n random bytes into buf: getrandom, else /dev/urandom; 0 or -1. */
static int random_bytes(unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(buf + got, n - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    if (got == n)
        return 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    return got == n ? 0 : -1;
}

int serve_session_create(serve_sessions *ss, char id[SERVE_SESSION_ID_LEN + 1])
{
    unsigned char raw[SERVE_SESSION_ID_LEN / 2];
    if (random_bytes(raw, sizeof raw) != 0)
        return -1;
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof raw; i++) {
        id[2 * i] = hex[raw[i] >> 4];
        id[2 * i + 1] = hex[raw[i] & 15];
    }
    id[SERVE_SESSION_ID_LEN] = '\0';
    memset(raw, 0, sizeof raw);
    pthread_mutex_lock(&ss->lock);
    long long now = now_s();
    session *slot = &ss->table[0];
    for (size_t i = 0; i < SERVE_MAX_SESSIONS; i++) {
        session *s = &ss->table[i];
        if (!s->id[0] || s->expires <= now) {
            slot = s;
            break;
        }
        if (s->expires < slot->expires)
            slot = s;
    }
    memcpy(slot->id, id, SERVE_SESSION_ID_LEN + 1);
    slot->expires = now + ss->ttl_s;
    pthread_mutex_unlock(&ss->lock);
    return 0;
}

/* The live session whose id is given (constant time over the table), or
 * NULL.  Call with the lock held. */
static session *find(serve_sessions *ss, const char *given)
{
    size_t len = given ? strlen(given) : 0;
    if (len != SERVE_SESSION_ID_LEN)
        return NULL;
    long long now = now_s();
    session *found = NULL;
    for (size_t i = 0; i < SERVE_MAX_SESSIONS; i++) {
        session *s = &ss->table[i];
        unsigned diff = !s->id[0] || s->expires <= now;
        for (size_t k = 0; k < SERVE_SESSION_ID_LEN; k++)
            diff |= (unsigned)(s->id[k] ^ given[k]);
        if (diff == 0)
            found = s;
    }
    return found;
}

int serve_session_valid(serve_sessions *ss, const char *id)
{
    if (!ss || !id)
        return 0;
    pthread_mutex_lock(&ss->lock);
    int ok = find(ss, id) != NULL;
    pthread_mutex_unlock(&ss->lock);
    return ok;
}

void serve_session_end(serve_sessions *ss, const char *id)
{
    if (!ss || !id)
        return;
    pthread_mutex_lock(&ss->lock);
    session *s = find(ss, id);
    if (s)
        memset(s, 0, sizeof *s);
    pthread_mutex_unlock(&ss->lock);
}
