/*
 * store_tally.c -- the changes to the store's summary tables (dyad_counts,
 * dyad_months, dyad_totals, month_totals, actor_totals: docs/schema.md)
 * that a backend gathers while it stores articles, so that it writes each
 * changed summary row once per transaction instead of once per event.
 *
 * Each row keeps two changes: the article being stored (dropped when that
 * article is rolled back to its savepoint) and the articles kept so far in
 * the transaction.  Rows are found by a hash of their key (open
 * addressing, linear probing); the table doubles at half full.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "store.h"

typedef struct tally_entry {
    sd_tally_row row;          /* row.a .. row.c point into key            */
    char *key;                 /* "a\0b\0c\0", owned                       */
    size_t key_len;
    uint64_t hash;
    int in_article;            /* on the article's list                    */
} tally_entry;

struct sd_tally {
    tally_entry *entry;
    size_t n, cap;
    size_t *slot;              /* 1 + entry index, 0 empty                 */
    size_t nslot;              /* a power of two                           */
    size_t *article;           /* entries the article being stored changed */
    size_t narticle, cap_article;
    int failed;
};

sd_tally *sd_tally_new(void) { return sd_calloc(1, sizeof(sd_tally)); }

void sd_tally_free(sd_tally *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        free(t->entry[i].key);
    free(t->entry);
    free(t->slot);
    free(t->article);
    free(t);
}

static uint64_t key_hash(int table, const char *key, size_t len, int quad, int mood)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)(table * 31 + quad * 7 + mood);
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

static int grow_slots(sd_tally *t)
{
    size_t nslot = t->nslot ? t->nslot * 2 : 256;
    size_t *slot = sd_calloc(nslot, sizeof *slot);
    if (!slot)
        return -1;
    for (size_t i = 0; i < t->n; i++) {
        size_t at = t->entry[i].hash & (nslot - 1);
        while (slot[at])
            at = (at + 1) & (nslot - 1);
        slot[at] = i + 1;
    }
    free(t->slot);
    t->slot = slot;
    t->nslot = nslot;
    return 0;
}

/* Add (n, g) to the article's change of one summary row. */
static void add(sd_tally *t, int table, const char *a, const char *b, const char *c, int quad,
                int mood, long long n, double g)
{
    if (t->failed)
        return;
    char buf[256];
    const char *part[3] = {a ? a : "", b ? b : "", c ? c : ""};
    size_t len = 0;
    for (int i = 0; i < 3; i++) {
        size_t l = strlen(part[i]);
        if (len + l + 1 > sizeof buf) {
            t->failed = 1; /* actor codes and dates are short: not a store's */
            return;
        }
        memcpy(buf + len, part[i], l + 1);
        len += l + 1;
    }
    uint64_t h = key_hash(table, buf, len, quad, mood);
    if ((t->n + 1) * 2 > t->nslot && grow_slots(t) != 0) {
        t->failed = 1;
        return;
    }
    size_t at = h & (t->nslot - 1);
    tally_entry *e = NULL;
    for (; t->slot[at]; at = (at + 1) & (t->nslot - 1)) {
        tally_entry *x = &t->entry[t->slot[at] - 1];
        if (x->hash == h && x->row.table == table && x->row.quad == quad &&
            x->row.mood == mood && x->key_len == len && memcmp(x->key, buf, len) == 0) {
            e = x;
            break;
        }
    }
    if (!e) {
        if (t->n == t->cap) {
            size_t cap = t->cap ? t->cap * 2 : 128;
            tally_entry *p = sd_realloc(t->entry, cap * sizeof *p);
            if (!p) {
                t->failed = 1;
                return;
            }
            t->entry = p;
            t->cap = cap;
        }
        e = &t->entry[t->n];
        memset(e, 0, sizeof *e);
        e->key = sd_malloc(len);
        if (!e->key) {
            t->failed = 1;
            return;
        }
        memcpy(e->key, buf, len);
        e->key_len = len;
        e->hash = h;
        e->row.table = table;
        e->row.a = e->key;
        e->row.b = e->row.a + strlen(e->row.a) + 1;
        e->row.c = e->row.b + strlen(e->row.b) + 1;
        e->row.quad = quad;
        e->row.mood = mood;
        t->slot[at] = ++t->n;
    }
    if (!e->in_article) {
        if (t->narticle == t->cap_article) {
            size_t cap = t->cap_article ? t->cap_article * 2 : 64;
            size_t *p = sd_realloc(t->article, cap * sizeof *p);
            if (!p) {
                t->failed = 1;
                return;
            }
            t->article = p;
            t->cap_article = cap;
        }
        t->article[t->narticle++] = (size_t)(e - t->entry);
        e->in_article = 1;
    }
    e->row.n_article += n;
    e->row.g_article += g;
}

int sd_tally_event(sd_tally *t, int sign, const char *source, const char *target,
                   const char *root, int quad, int mood, const char *date, double goldstein)
{
    double g = sign * goldstein;
    char month[8] = "";
    if (date && *date)
        snprintf(month, sizeof month, "%.7s", date);
    add(t, SD_TALLY_DYAD_COUNTS, source, target, root, quad, mood, sign, g);
    if (*month)
        add(t, SD_TALLY_DYAD_MONTHS, source, target, month, quad, mood, sign, g);
    add(t, SD_TALLY_DYAD_TOTALS, source, target, NULL, 0, 0, sign, g);
    if (*month)
        add(t, SD_TALLY_MONTH_TOTALS, month, NULL, NULL, quad, mood, sign, g);
    if (source && *source)
        add(t, SD_TALLY_ACTOR_TOTALS, source, NULL, NULL, 0, 0, sign, g);
    if (target && *target)
        add(t, SD_TALLY_ACTOR_TOTALS, target, NULL, NULL, 0, 0, sign, g);
    return t->failed ? SAYDO_ERR_NOMEM : 0;
}

void sd_tally_keep(sd_tally *t)
{
    for (size_t i = 0; i < t->narticle; i++) {
        sd_tally_row *row = &t->entry[t->article[i]].row;
        row->n += row->n_article;
        row->g += row->g_article;
        row->n_article = 0;
        row->g_article = 0;
        t->entry[t->article[i]].in_article = 0;
    }
    t->narticle = 0;
}

void sd_tally_drop_article(sd_tally *t)
{
    for (size_t i = 0; i < t->narticle; i++) {
        sd_tally_row *row = &t->entry[t->article[i]].row;
        row->n_article = 0;
        row->g_article = 0;
        t->entry[t->article[i]].in_article = 0;
    }
    t->narticle = 0;
    t->failed = 0;
}

void sd_tally_clear(sd_tally *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->entry[i].key);
    t->n = 0;
    t->narticle = 0;
    t->failed = 0;
    if (t->slot)
        memset(t->slot, 0, t->nslot * sizeof *t->slot);
}

size_t sd_tally_count(const sd_tally *t) { return t->n; }

const sd_tally_row *sd_tally_row_at(const sd_tally *t, size_t i) { return &t->entry[i].row; }
