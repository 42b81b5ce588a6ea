/*
 * watch.h -- the resume state of 'saydo watch' (watch_state.c): per feed
 * its validators (ETag, Last-Modified) and its backoff, and the keys
 * (link or guid) of the items already taken, kept in a state file across
 * restarts.  Internal to the CLI.
 */
#ifndef SAYDO_CLI_WATCH_H
#define SAYDO_CLI_WATCH_H

#include <stddef.h>
#include <time.h>

/* What is kept of one feed. */
typedef struct watch_feed_state {
    char *url;                 /* owned                                    */
    char etag[256];
    char last_modified[128];
    int failures;              /* failed polls in a row                    */
    time_t retry_at;           /* wall clock of the next try after a
                                  failure (0: none)                       */
} watch_feed_state;

typedef struct watch_state watch_state;

/* The most item keys a state keeps; beyond it the oldest are forgotten. */
enum { WATCH_MAX_SEEN = 200000 };

/* Load the state file path (a missing file is an empty state).  Returns
 * the state (owned by the caller, watch_state_free) or NULL when the file
 * cannot be read or is not a state file (err, size bytes, says why) or
 * memory runs out. */
watch_state *watch_state_load(const char *path, char *err, size_t size);
void watch_state_free(watch_state *state);

/* The state of feed url, made (empty) when new; NULL when out of memory.
 * Owned by the state; valid until watch_state_free. */
watch_feed_state *watch_state_feed(watch_state *state, const char *url);

/* 1 when key was taken before, else 0. */
int watch_state_seen(const watch_state *state, const char *key);
/* Remember key (copied).  Returns 0, or -1 when out of memory.  A key with
 * a tab, CR or LF is remembered for this run but not saved. */
int watch_state_add(watch_state *state, const char *key);

/* Write the state to its file whole: a temporary file in the same folder,
 * flushed to disk, then renamed over it, so a crash or a full disk leaves
 * the old file or the new one, never half of one.  Only the feeds named
 * by watch_state_feed in this run are written.  Returns 0, or -1 with
 * err (size bytes) saying why. */
int watch_state_save(watch_state *state, char *err, size_t size);

/* The state file used when --state is not given: DB + ".watch" for an
 * SQLite path, "saydo-watch.state" for a database URL.  Written to buf
 * (n bytes); returns buf. */
const char *watch_state_default_path(const char *db, char *buf, size_t n);

#endif
