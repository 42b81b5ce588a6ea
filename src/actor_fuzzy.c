/*
 * actor_fuzzy.c -- country names misspelt by one letter ("Ethopia",
 * "Quatar", "Morrocco", "Phillipines").
 *
 * The index holds every one-word name of a country in the actor
 * dictionaries (alternatives of actor entries whose code is three letters,
 * not marked ambiguous=1 or type=region, not a person), at least five
 * letters long.  A word matches a name when they are one edit apart
 * (a letter more, a letter less, or two neighbours swapped -- not a letter
 * replaced, which turns names into other names: Angela, Angola), share
 * their first letter, and the longer of the two has six letters or more.
 * Only words the dictionaries do not know are looked up (code_actors.c):
 * an exact name always wins.
 *
 * Memory: one malloc'd array of names pointing into owned copies; built
 * once per coder and read-only after, so coders may be shared by threads.
 */
#include <stdlib.h>
#include <string.h>

#include "actor_fuzzy.h"
#include "arena.h"

typedef struct fuzzy_name {
    char *name;             /* lower-case, owned                          */
    size_t len;
    const sd_entry *entry;
} fuzzy_name;

struct sd_fuzzy {
    fuzzy_name *names;      /* sorted by name                             */
    size_t n, cap;
};

static int attr_has(const char *attrs, const char *kv)
{
    size_t n = strlen(kv);
    for (const char *a = attrs; a && *a;) {
        while (*a == ' ')
            a++;
        if (strncmp(a, kv, n) == 0 && (a[n] == ' ' || a[n] == '\0'))
            return 1;
        a = strchr(a, ' ');
    }
    return 0;
}

static int add_name(sd_fuzzy *f, const char *s, size_t len, const sd_entry *e)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 256;
        fuzzy_name *p = sd_realloc(f->names, cap * sizeof *p);
        if (!p)
            return SAYDO_ERR_NOMEM;
        f->names = p;
        f->cap = cap;
    }
    char *copy = sd_malloc(len + 1);
    if (!copy)
        return SAYDO_ERR_NOMEM;
    for (size_t i = 0; i < len; i++)
        copy[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] - 'A' + 'a' : s[i]);
    copy[len] = '\0';
    f->names[f->n++] = (fuzzy_name){copy, len, e};
    return 0;
}

/* The alternatives of a phrase that are one plain word of letters. */
static int add_entry(sd_fuzzy *f, const sd_entry *e)
{
    const char *p = e->phrase;
    while (p && *p) {
        while (*p == ' ' || *p == '|')
            p++;
        const char *end = p;
        while (*end && *end != '|')
            end++;
        const char *q = end;
        while (q > p && q[-1] == ' ')
            q--;
        size_t len = (size_t)(q - p);
        int plain = len >= 5;
        for (size_t i = 0; i < len && plain; i++)
            plain = (p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z');
        if (plain) {
            int rc = add_name(f, p, len, e);
            if (rc)
                return rc;
        }
        p = end;
    }
    return 0;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(((const fuzzy_name *)a)->name, ((const fuzzy_name *)b)->name);
}

int sd_fuzzy_build(const sd_dict *dict, sd_fuzzy **out)
{
    *out = NULL;
    sd_fuzzy *f = sd_calloc(1, sizeof *f);
    if (!f)
        return SAYDO_ERR_NOMEM;
    size_t n = sd_dict_entry_count(dict);
    for (size_t i = 0; i < n; i++) {
        const sd_entry *e = sd_dict_entry(dict, i);
        const char *attrs = e->attrs ? e->attrs : "";
        if (e->kind != SD_KIND_ACTOR || e->ncodes == 0 || strlen(e->codes[0].code) != 3 ||
            attr_has(attrs, "ambiguous=1") || attr_has(attrs, "type=region") ||
            strstr(attrs, "role=") || strstr(attrs, "metonym="))
            continue;
        int rc = add_entry(f, e);
        if (rc) {
            sd_fuzzy_free(f);
            return rc;
        }
    }
    if (f->n)
        qsort(f->names, f->n, sizeof *f->names, cmp_name);
    *out = f;
    return 0;
}

void sd_fuzzy_free(sd_fuzzy *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++)
        free(f->names[i].name);
    free(f->names);
    free(f);
}

/* Are a and b (lengths an >= bn) one edit apart?  Equal strings are not. */
static int one_edit(const char *a, size_t an, const char *b, size_t bn)
{
    if (an == bn) {
        size_t i = 0;
        while (i < an && a[i] == b[i])
            i++;
        if (i == an)
            return 0;
        /* no substitution: "Angela" is a name, not a misspelt "Angola" */
        return i + 1 < an && a[i] == b[i + 1] && a[i + 1] == b[i] &&
               strcmp(a + i + 2, b + i + 2) == 0; /* transposition */
    }
    if (an != bn + 1)
        return 0;
    size_t i = 0;
    while (i < bn && a[i] == b[i])
        i++;
    return strcmp(a + i + 1, b + i) == 0; /* a has one letter more */
}

const sd_entry *sd_fuzzy_lookup(const sd_fuzzy *f, const char *word)
{
    if (!f || !f->n)
        return NULL;
    size_t wn = strlen(word);
    if (wn < 5 || wn > 40)
        return NULL;
    char w[41];
    for (size_t i = 0; i <= wn; i++) {
        char c = word[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        else if (c && (c < 'a' || c > 'z'))
            return NULL;
        w[i] = c;
    }
    /* the names with the same first letter form one run of the sorted array */
    size_t lo = 0, hi = f->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((unsigned char)f->names[mid].name[0] < (unsigned char)w[0])
            lo = mid + 1;
        else
            hi = mid;
    }
    const sd_entry *found = NULL;
    for (size_t i = lo; i < f->n && f->names[i].name[0] == w[0]; i++)
        if (strcmp(f->names[i].name, w) == 0)
            return NULL; /* a name itself is never a misspelling */
    for (size_t i = lo; i < f->n && f->names[i].name[0] == w[0]; i++) {
        const fuzzy_name *nm = &f->names[i];
        size_t longer = nm->len > wn ? nm->len : wn;
        if (longer < 6)
            continue;
        int hit = nm->len >= wn ? one_edit(nm->name, nm->len, w, wn)
                                : one_edit(w, wn, nm->name, nm->len);
        if (!hit)
            continue;
        if (found && found != nm->entry && strcmp(found->codes[0].code, nm->entry->codes[0].code))
            return NULL; /* near two different countries: no guess */
        found = nm->entry;
    }
    return found;
}
