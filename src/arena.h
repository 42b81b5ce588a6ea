/*
 * arena.h -- region allocator: everything made while coding one article
 * lives in one arena and is freed by one sd_arena_free call.
 *
 * Failure sticks: once an allocation fails, arena->failed is set and every
 * later call returns NULL, so callers may check once at the end of a stage
 * (SQLite's sticky OOM flag).  Memory is 16-byte aligned.
 */
#ifndef SD_ARENA_H
#define SD_ARENA_H

#include <stddef.h>

typedef struct sd_arena_block sd_arena_block;

typedef struct sd_arena {
    sd_arena_block *head;   /* current block, linked to older ones       */
    size_t block_size;      /* size of the next ordinary block            */
    size_t used_bytes;      /* bytes handed out, for statistics           */
    int failed;             /* 1 after any allocation failure (sticky)    */
} sd_arena;

/* Initialise an empty arena; allocates nothing. */
void sd_arena_init(sd_arena *arena);

/* n bytes, uninitialised; NULL on failure (and arena->failed is set). */
void *sd_arena_alloc(sd_arena *arena, size_t n);
/* count * size zeroed bytes; NULL on failure or overflow. */
void *sd_arena_calloc(sd_arena *arena, size_t count, size_t size);
/* Copy of s[0..n) with a NUL after it; NULL on failure. */
char *sd_arena_strndup(sd_arena *arena, const char *s, size_t n);
char *sd_arena_strdup(sd_arena *arena, const char *s);
/* Grow an array allocated in the arena (the old one is abandoned). */
void *sd_arena_realloc(sd_arena *arena, void *old, size_t old_n, size_t new_n);

/* Free every block; the arena is empty and usable again. */
void sd_arena_free(sd_arena *arena);

/* Test hook: make the n-th allocation from now fail in every arena and
 * every sd_malloc (0 disables).  Used by the fault-injection tests only. */
void sd_alloc_fail_after(long n);
int sd_alloc_should_fail(void);

/* malloc/realloc wrappers that honour the fault-injection hook. */
void *sd_malloc(size_t n);
void *sd_realloc(void *p, size_t n);
void *sd_calloc(size_t count, size_t size);
char *sd_strdup(const char *s);

/* A large table read at random for the coder's whole life (the tagger's
 * model, the dictionaries' and gazetteer's hash tables): n zeroed bytes.
 * From SD_TABLE_HUGE bytes on it is mapped on its own, aligned to 2 MiB,
 * and the kernel is asked to back it with transparent huge pages
 * (madvise(MADV_HUGEPAGE); a hint: where the kernel says no, ordinary
 * pages), so that a random probe costs a cache miss and not also a TLB
 * miss.  NULL on failure (or the fault-injection hook).  Freed by
 * sd_table_free with the same n; sd_table_free(NULL, n) does nothing. */
#define SD_TABLE_HUGE ((size_t)1 << 20)
void *sd_table_alloc(size_t n);
void sd_table_free(void *p, size_t n);

#endif
