/*
 * arena.c -- the per-article region allocator (see arena.h).
 */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct sd_arena_block {
    sd_arena_block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
};

#define ARENA_FIRST_BLOCK ((size_t)16 * 1024)
#define ARENA_MAX_BLOCK ((size_t)4 * 1024 * 1024)

/* Fault injection: a process-wide countdown used only by tests.  It is the
 * one piece of global mutable state in the library and is never touched
 * unless a test calls sd_alloc_fail_after. */
static long alloc_countdown;

void sd_alloc_fail_after(long n) { alloc_countdown = n; }

int sd_alloc_should_fail(void)
{
    if (alloc_countdown <= 0)
        return 0;
    if (--alloc_countdown == 0)
        return 1;
    return 0;
}

void *sd_malloc(size_t n)
{
    if (sd_alloc_should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *sd_realloc(void *p, size_t n)
{
    if (sd_alloc_should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

void *sd_calloc(size_t count, size_t size)
{
    if (sd_alloc_should_fail())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

char *sd_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = sd_malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

void sd_arena_init(sd_arena *arena)
{
    arena->head = NULL;
    arena->block_size = ARENA_FIRST_BLOCK;
    arena->used_bytes = 0;
    arena->failed = 0;
}

void *sd_arena_alloc(sd_arena *arena, size_t n)
{
    if (arena->failed)
        return NULL;
    n = (n + 15) & ~(size_t)15;
    if (n == 0)
        n = 16;
    sd_arena_block *b = arena->head;
    if (!b || b->size - b->used < n) {
        size_t size = arena->block_size;
        if (size < n)
            size = n;
        if (size > SIZE_MAX - sizeof(sd_arena_block)) {
            arena->failed = 1;
            return NULL;
        }
        sd_arena_block *nb = sd_malloc(sizeof(sd_arena_block) + size);
        if (!nb) {
            arena->failed = 1;
            return NULL;
        }
        nb->size = size;
        nb->used = 0;
        /* An oversized block goes behind the current one so the current
         * block's free space stays usable. */
        if (b && size > arena->block_size) {
            nb->next = b->next;
            b->next = nb;
            nb->used = n;
            arena->used_bytes += n;
            return nb->data;
        }
        nb->next = b;
        arena->head = b = nb;
        if (arena->block_size < ARENA_MAX_BLOCK)
            arena->block_size *= 2;
    }
    void *p = b->data + b->used;
    b->used += n;
    arena->used_bytes += n;
    return p;
}

void *sd_arena_calloc(sd_arena *arena, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size) {
        arena->failed = 1;
        return NULL;
    }
    void *p = sd_arena_alloc(arena, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

char *sd_arena_strndup(sd_arena *arena, const char *s, size_t n)
{
    char *p = sd_arena_alloc(arena, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *sd_arena_strdup(sd_arena *arena, const char *s)
{
    return sd_arena_strndup(arena, s, strlen(s));
}

void *sd_arena_realloc(sd_arena *arena, void *old, size_t old_n, size_t new_n)
{
    if (new_n <= old_n)
        return old;
    void *p = sd_arena_alloc(arena, new_n);
    if (p && old && old_n)
        memcpy(p, old, old_n);
    return p;
}

void sd_arena_free(sd_arena *arena)
{
    sd_arena_block *b = arena->head;
    while (b) {
        sd_arena_block *next = b->next;
        free(b);
        b = next;
    }
    sd_arena_init(arena);
}

#define HUGE_PAGE ((size_t)2 << 20)

void *sd_table_alloc(size_t n)
{
    if (n < SD_TABLE_HUGE)
        return sd_calloc(1, n);
    if (sd_alloc_should_fail() || n > SIZE_MAX - HUGE_PAGE)
        return NULL;
    size_t len = (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    /* over-map by one huge page, then trim both ends to the alignment */
    char *raw = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                     -1, 0);
    if (raw == MAP_FAILED)
        return NULL;
    uintptr_t at = ((uintptr_t)raw + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    char *p = (char *)at;
    if (p > raw)
        munmap(raw, (size_t)(p - raw));
    if (raw + len + HUGE_PAGE > p + len)
        munmap(p + len, (size_t)(raw + len + HUGE_PAGE - (p + len)));
#ifdef MADV_HUGEPAGE
    (void)madvise(p, len, MADV_HUGEPAGE); /* a hint; failure changes nothing */
#endif
    return p; /* anonymous pages read as zero */
}

void sd_table_free(void *p, size_t n)
{
    if (!p)
        return;
    if (n < SD_TABLE_HUGE) {
        free(p);
        return;
    }
    munmap(p, (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1));
}
