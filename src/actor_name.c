/*
 * actor_name.c -- canonical actor names (actor_name.h; docs/schema.md,
 * "Actor names").
 *
 * The name of an actor entry, decided once when the coder is built:
 *   1. its name= attribute, '_' read as a space ("name=Bashar_al-Assad");
 *   2. a country, a demonym or a capital standing for its government (every
 *      code a country's three letters, or metonym=): no name of its own --
 *      the event's code gives the country's name at coding time;
 *   3. anyone else (a person, an organisation, an armed group): the entry's
 *      main form, the first phrase of its line without optional words, in
 *      title case when the file wrote it in lower case.
 * A code the coder gives without an entry ("it" for an agency named before)
 * is named by the first entry of an international organisation with that
 * code (IGO..., NGO..., IMG...), else by its country.  Country names come from the entries marked type=country or
 * type=former
 * (data/gen/countries.dict, which tools/gen-countries.py writes with a
 * name= attribute), the first entry of a code winning.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "actor_name.h"
#include "arena.h"

typedef struct country_name {
    char code[4];
    const char *name;
} country_name;

/* An organisation's code and the name of its first entry ("IGOUNO":
 * United Nations), for the codes the coder gives without an entry ("it"
 * for the UN agency named before). */
typedef struct code_name {
    const char *code, *name;
    size_t order;            /* the entry's load order: the first wins */
} code_name;

struct sd_names {
    sd_arena arena;          /* owns every name below */
    const char **entry_name; /* by sd_entry_index: NULL = by the code's country */
    size_t nentries;
    country_name *country;   /* sorted by code */
    size_t ncountries;
    code_name *org;          /* sorted by code, one per code */
    size_t norgs;
};

/* The value of attribute key in attrs into out (cap bytes), '_' made a
 * space.  1 when present. */
static int attr_value(const char *attrs, const char *key, char *out, size_t cap)
{
    size_t kn = strlen(key);
    for (const char *p = attrs; p && *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n > kn && strncmp(p, key, kn) == 0 && p[kn] == '=') {
            size_t len = n - kn - 1 < cap - 1 ? n - kn - 1 : cap - 1;
            for (size_t i = 0; i < len; i++)
                out[i] = p[kn + 1 + i] == '_' ? ' ' : p[kn + 1 + i];
            out[len] = '\0';
            return 1;
        }
        p += n;
    }
    return 0;
}

static int is_country_code(const char *c)
{
    return c && strlen(c) == 3 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z' &&
           c[2] >= 'A' && c[2] <= 'Z';
}

/* Words kept in lower case inside a name: "Bashar al-Assad", "Organisation
 * of American States". */
static int is_particle(const char *w, size_t n)
{
    static const char *const particles[] = {
        "al", "el", "ul", "ud", "bin", "bint", "ibn", "de", "da", "del", "della", "der", "den",
        "di", "du", "dos", "das", "la", "le", "van", "von", "y", "of", "the", "and", "for",
        "in", "on", "to", "at", "a", "an", "without", NULL};
    for (size_t i = 0; particles[i]; i++)
        if (strlen(particles[i]) == n && strncmp(particles[i], w, n) == 0)
            return 1;
    return 0;
}

/* Append s[0..n) to out at *len with its first letter in upper case. */
static void put_capital(const char *s, size_t n, char *out, size_t cap, size_t *len)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);
    if (k > 0) {
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), enc);
        if (m > 0 && *len + (size_t)m < cap) {
            memcpy(out + *len, enc, (size_t)m);
            *len += (size_t)m;
            s += k;
            n -= (size_t)k;
        }
    }
    for (size_t i = 0; i < n && *len + 1 < cap; i++)
        out[(*len)++] = s[i];
}

/* Title case in place over s[0..n) into out: each word and each part of a
 * hyphenated word capitalised, particles after the first word left alone,
 * "o'brien" -> "O'Brien". */
static size_t title_case(const char *s, size_t n, char *out, size_t cap)
{
    size_t len = 0;
    int first_word = 1;
    for (size_t i = 0; i < n;) {
        if (s[i] == ' ') {
            if (len + 1 < cap)
                out[len++] = ' ';
            i++;
            continue;
        }
        size_t w = i;
        while (w < n && s[w] != ' ')
            w++;
        /* parts of the word between hyphens */
        for (size_t p = i; p < w;) {
            size_t q = p;
            while (q < w && s[q] != '-')
                q++;
            int lower = !(first_word && p == i) && is_particle(s + p, q - p);
            size_t part = q - p;
            if (!lower && part > 2 && (s[p] == 'o' || s[p] == 'd') && s[p + 1] == '\'') {
                put_capital(s + p, 2, out, cap, &len);
                put_capital(s + p + 2, part - 2, out, cap, &len);
            } else if (lower) {
                for (size_t k = p; k < q && len + 1 < cap; k++)
                    out[len++] = s[k];
            } else {
                put_capital(s + p, part, out, cap, &len);
            }
            if (q < w && len + 1 < cap)
                out[len++] = '-';
            p = q + (q < w);
        }
        first_word = 0;
        i = w;
    }
    out[len] = '\0';
    return len;
}

size_t sd_names_main_form(const char *phrase, char *out, size_t cap)
{
    char plain[512];
    size_t n = 0;
    int depth = 0, skip = -1, capital = 0;
    char type[34];
    for (const char *p = phrase; *p && n + 1 < sizeof plain; p++) {
        char c = *p;
        if (c == '[' || c == '(' || c == '{') {
            if (depth < 32)
                type[++depth] = c;
            if (skip < 0 && c != '(')
                skip = depth;
            continue;
        }
        if (c == ']' || c == ')' || c == '}') {
            if (skip == depth)
                skip = -1;
            if (depth > 0)
                depth--;
            continue;
        }
        if (c == '|') {
            if (depth == 0)
                break;
            if (skip < 0 && type[depth] == '(')
                skip = depth;
            continue;
        }
        if (skip >= 0)
            continue;
        if (c == '=' && (n == 0 || plain[n - 1] == ' '))
            continue;
        if (c == '*' && (p[1] == '\0' || p[1] == ' ' || p[1] == ')' || p[1] == '|'))
            continue;
        if (c == ' ' && (n == 0 || plain[n - 1] == ' '))
            continue;
        if (c >= 'A' && c <= 'Z')
            capital = 1;
        plain[n++] = c;
    }
    while (n > 0 && plain[n - 1] == ' ')
        n--;
    plain[n] = '\0';
    if (cap == 0)
        return 0;
    if (capital) {
        size_t len = n < cap - 1 ? n : cap - 1;
        memcpy(out, plain, len);
        out[len] = '\0';
        return len;
    }
    return title_case(plain, n, out, cap);
}

static int cmp_country(const void *a, const void *b)
{
    return strcmp(((const country_name *)a)->code, ((const country_name *)b)->code);
}

static int cmp_org(const void *a, const void *b)
{
    const code_name *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

static const char *find_org(const sd_names *names, const char *code)
{
    if (!code || !names->norgs)
        return NULL;
    code_name key = {code, NULL, 0};
    size_t lo = 0, hi = names->norgs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(names->org[mid].code, key.code);
        if (c == 0)
            return names->org[mid].name;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static const char *find_country(const sd_names *names, const char *code)
{
    if (!code || strlen(code) < 3)
        return NULL;
    country_name key;
    memcpy(key.code, code, 3);
    key.code[3] = '\0';
    const country_name *c =
        bsearch(&key, names->country, names->ncountries, sizeof key, cmp_country);
    return c ? c->name : NULL;
}

/* The entry's name as a string in the arena: name=, else its main form. */
static const char *entry_name(sd_names *names, const sd_entry *e)
{
    char buf[512];
    if (!attr_value(e->attrs, "name", buf, sizeof buf))
        sd_names_main_form(e->phrase, buf, sizeof buf);
    return sd_arena_strdup(&names->arena, buf);
}

static int has_key(const char *attrs, const char *key)
{
    char v[64];
    return attr_value(attrs, key, v, sizeof v);
}

static int has_type(const char *attrs, const char *type)
{
    char v[64];
    return attr_value(attrs, "type", v, sizeof v) && strcmp(v, type) == 0;
}

int sd_names_build(const sd_dict *dict, sd_names **out)
{
    *out = NULL;
    sd_names *names = sd_calloc(1, sizeof *names);
    if (!names)
        return SAYDO_ERR_NOMEM;
    sd_arena_init(&names->arena);
    size_t n = sd_dict_entry_count(dict);
    names->nentries = n;
    names->entry_name = sd_calloc(n ? n : 1, sizeof *names->entry_name);
    names->country = sd_calloc(n ? n : 1, sizeof *names->country);
    size_t ncodes = 0;
    for (size_t i = 0; i < n; i++)
        ncodes += sd_dict_entry(dict, i)->ncodes;
    names->org = sd_calloc(ncodes ? ncodes : 1, sizeof *names->org);
    if (!names->entry_name || !names->country || !names->org) {
        sd_names_free(names);
        return SAYDO_ERR_NOMEM;
    }
    /* countries first (current ones before former ones under the same
     * code): the other entries are judged by them */
    for (size_t pass = 0; pass < 2 * n; pass++) {
        size_t i = pass % n;
        const sd_entry *e = sd_dict_entry(dict, i);
        if (e->kind != SD_KIND_ACTOR || e->ncodes == 0 || !is_country_code(e->codes[0].code) ||
            !has_type(e->attrs, pass < n ? "country" : "former"))
            continue;
        country_name *c = &names->country[names->ncountries];
        memcpy(c->code, e->codes[0].code, 4);
        if (find_country(names, c->code))
            continue;
        if (!(c->name = entry_name(names, e))) {
            sd_names_free(names);
            return SAYDO_ERR_NOMEM;
        }
        names->ncountries++;
        /* kept sorted as it grows: an insertion, the table is small */
        for (size_t k = names->ncountries - 1; k > 0 && cmp_country(c - 1, c) > 0; k--, c--) {
            country_name t = c[-1];
            c[-1] = *c;
            *c = t;
        }
    }
    for (size_t i = 0; i < n; i++) {
        const sd_entry *e = sd_dict_entry(dict, i);
        if (e->kind != SD_KIND_ACTOR)
            continue;
        int country = has_key(e->attrs, "metonym") || has_type(e->attrs, "country") ||
                      has_type(e->attrs, "former");
        if (!country && e->ncodes > 0) {
            country = 1;
            for (size_t k = 0; k < e->ncodes && country; k++)
                country = is_country_code(e->codes[k].code) &&
                          find_country(names, e->codes[k].code) != NULL;
        }
        if (country && !has_key(e->attrs, "name"))
            continue;
        if (!(names->entry_name[i] = entry_name(names, e))) {
            sd_names_free(names);
            return SAYDO_ERR_NOMEM;
        }
        /* an international organisation's codes name it; not a person's
         * (their fallback codes, RUSELI, are shared by many), nor a code
         * that starts with a country (SYRREB, RUSUAF: the coder composes
         * those for rebels and irregulars of any name) */
        if (!country && !has_key(e->attrs, "role"))
            for (size_t k = 0; k < e->ncodes; k++)
                if (e->codes[k].code && strlen(e->codes[k].code) > 3 &&
                    !find_country(names, e->codes[k].code))
                    names->org[names->norgs++] =
                        (code_name){e->codes[k].code, names->entry_name[i], i};
    }
    if (names->norgs) {
        qsort(names->org, names->norgs, sizeof *names->org, cmp_org);
        size_t kept = 1;
        for (size_t i = 1; i < names->norgs; i++)
            if (strcmp(names->org[i].code, names->org[kept - 1].code) != 0)
                names->org[kept++] = names->org[i];
        names->norgs = kept;
    }
    *out = names;
    return 0;
}

void sd_names_free(sd_names *names)
{
    if (!names)
        return;
    sd_arena_free(&names->arena);
    free(names->entry_name);
    free(names->country);
    free(names->org);
    free(names);
}

const char *sd_names_country(const sd_names *names, const char *code)
{
    return names ? find_country(names, code) : NULL;
}

const char *sd_names_entry(const sd_names *names, const sd_entry *entry, const char *code)
{
    if (!names || !entry || entry->kind != SD_KIND_ACTOR || !code || !*code)
        return NULL;
    size_t i = sd_entry_index(entry);
    if (i >= names->nentries || !names->entry_name[i])
        return NULL;
    /* the entry must be the actor's: a mention that stands for another
     * (the second of "the two sides") keeps its first member's entry */
    size_t n = strlen(code);
    for (size_t k = 0; k < entry->ncodes; k++) {
        const char *c = entry->codes[k].code;
        size_t cn = c ? strlen(c) : 0;
        if (cn && strncmp(c, code, cn < n ? cn : n) == 0)
            return names->entry_name[i];
    }
    return NULL;
}

const char *sd_names_actor(const sd_names *names, const sd_entry *entry, const char *code)
{
    const char *name = sd_names_entry(names, entry, code);
    if (!name && names)
        name = find_org(names, code);
    if (!name && names)
        name = find_country(names, code);
    return name ? name : "";
}
