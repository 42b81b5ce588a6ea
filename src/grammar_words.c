/*
 * grammar_words.c -- the grammar words of data/grammar/syntax.words (see
 * grammar.h and the file's own header): class names to SD_GW_* bits, words
 * to their classes, in one open-addressing hash table built at load time
 * and read-only after it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "error.h"
#include "grammar.h"

typedef struct gw_slot {
    const char *word; /* in words->arena, NULL when the slot is free */
    uint32_t len;
    uint32_t bits;
} gw_slot;

struct sd_grammar_words {
    sd_arena arena;   /* owns the words */
    gw_slot *slot;    /* owned (malloc) */
    size_t cap, n;    /* cap: a power of two */
};

static const char *const class_names[SD_GW_COUNT] = {
#define SD_GW_NAME(name, str) str,
    SD_GW_LIST(SD_GW_NAME)
#undef SD_GW_NAME
};

static uint32_t hash_word(const char *w, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h;
}

static gw_slot *find_slot(gw_slot *slot, size_t cap, const char *w, size_t n)
{
    size_t i = hash_word(w, n) & (cap - 1);
    while (slot[i].word && !(slot[i].len == n && memcmp(slot[i].word, w, n) == 0))
        i = (i + 1) & (cap - 1);
    return &slot[i];
}

static int grow(sd_grammar_words *words)
{
    size_t cap = words->cap ? words->cap * 2 : 256;
    gw_slot *slot = sd_calloc(cap, sizeof *slot);
    if (!slot)
        return SAYDO_ERR_NOMEM;
    for (size_t i = 0; i < words->cap; i++)
        if (words->slot[i].word)
            *find_slot(slot, cap, words->slot[i].word, words->slot[i].len) = words->slot[i];
    free(words->slot);
    words->slot = slot;
    words->cap = cap;
    return 0;
}

static int add_word(sd_grammar_words *words, const char *w, size_t n, uint32_t bits)
{
    if ((words->n + 1) * 2 > words->cap && grow(words))
        return SAYDO_ERR_NOMEM;
    gw_slot *s = find_slot(words->slot, words->cap, w, n);
    if (!s->word) {
        s->word = sd_arena_strndup(&words->arena, w, n);
        if (!s->word)
            return SAYDO_ERR_NOMEM;
        s->len = (uint32_t)n;
        words->n++;
    }
    s->bits |= bits;
    return 0;
}

static int class_bit(const char *name, size_t n)
{
    for (int c = 0; c < SD_GW_COUNT; c++)
        if (strlen(class_names[c]) == n && memcmp(class_names[c], name, n) == 0)
            return c;
    return -1;
}

/* One line "class: word word ...".  0, or an error set in err. */
static int load_line(sd_grammar_words *words, const char *path, long lineno, char *line,
                     saydo_error *err)
{
    char *colon = strchr(line, ':');
    if (!colon)
        return sd_error_set(err, SAYDO_ERR_DICT, path, lineno, -1,
                            "%s:%ld: expected 'class: word ...'", path, lineno);
    char *name = line;
    while (*name == ' ' || *name == '\t')
        name++;
    size_t nlen = (size_t)(colon - name);
    while (nlen && (name[nlen - 1] == ' ' || name[nlen - 1] == '\t'))
        nlen--;
    int c = class_bit(name, nlen);
    if (c < 0)
        return sd_error_set(err, SAYDO_ERR_DICT, path, lineno, -1,
                            "%s:%ld: unknown grammar word class '%.*s'", path, lineno,
                            (int)(nlen > 40 ? 40 : nlen), name);
    for (char *p = colon + 1; *p;) {
        while (*p == ' ' || *p == '\t')
            p++;
        char *w = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
        if (p > w && add_word(words, w, (size_t)(p - w), 1u << c))
            return sd_error_nomem(err);
    }
    return 0;
}

int sd_grammar_words_load(const char *path, sd_grammar_words **out, saydo_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return sd_error_set(err, SAYDO_ERR_IO, path, 0, -1, "%s: cannot open grammar words",
                            path);
    sd_grammar_words *words = sd_calloc(1, sizeof *words);
    if (!words) {
        fclose(f);
        return sd_error_nomem(err);
    }
    sd_arena_init(&words->arena);
    int rc = grow(words) ? sd_error_nomem(err) : 0;
    char line[4096];
    long lineno = 0;
    while (!rc && fgets(line, sizeof line, f)) {
        lineno++;
        size_t n = strlen(line);
        if (n == sizeof line - 1 && line[n - 1] != '\n')
            rc = sd_error_set(err, SAYDO_ERR_DICT, path, lineno, -1, "%s:%ld: line too long",
                              path, lineno);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
            line[--n] = '\0';
        const char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!rc && *p && *p != '#')
            rc = load_line(words, path, lineno, line, err);
    }
    if (!rc && ferror(f))
        rc = sd_error_set(err, SAYDO_ERR_IO, path, lineno, -1, "%s: read error", path);
    fclose(f);
    if (rc) {
        sd_grammar_words_free(words);
        return rc;
    }
    *out = words;
    return 0;
}

void sd_grammar_words_free(sd_grammar_words *words)
{
    if (!words)
        return;
    sd_arena_free(&words->arena);
    free(words->slot);
    free(words);
}

uint32_t sd_grammar_word(const sd_grammar_words *words, const char *w, size_t n)
{
    if (!words || !w)
        return 0;
    const gw_slot *s = find_slot(words->slot, words->cap, w, n);
    return s->word ? s->bits : 0;
}
