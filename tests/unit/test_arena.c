/* Unit tests: arena.c and buf.c. */
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "test.h"

TEST(arena_alloc_and_free)
{
    sd_arena a;
    sd_arena_init(&a);
    char *s = sd_arena_strdup(&a, "hello");
    CHECK_STR(s, "hello");
    void *big = sd_arena_alloc(&a, 10u * 1024 * 1024);
    CHECK(big != NULL);
    for (int i = 0; i < 100000; i++)
        CHECK(sd_arena_alloc(&a, 24) != NULL);
    CHECK(((uintptr_t)sd_arena_alloc(&a, 3) & 15) == 0);
    sd_arena_free(&a);
    CHECK(a.head == NULL);
}

TEST(arena_failure_sticks)
{
    sd_arena a;
    sd_arena_init(&a);
    sd_alloc_fail_after(1);
    CHECK(sd_arena_alloc(&a, 8) == NULL);
    CHECK(a.failed);
    CHECK(sd_arena_alloc(&a, 8) == NULL);
    sd_arena_free(&a);
    CHECK(sd_arena_alloc(&a, 8) != NULL);
    sd_arena_free(&a);
}

TEST(buf_json_escape)
{
    sd_buf b = SD_BUF_INIT;
    sd_buf_json_escape(&b, "a\"b\\c\n\x01", 7);
    CHECK_STR(b.data, "a\\\"b\\\\c\\n\\u0001");
    sd_buf_clear(&b);
    sd_buf_printf(&b, "%d-%s", 42, "x");
    CHECK_STR(b.data, "42-x");
    sd_buf_free(&b);
}
