/*
 * gazetteer.c -- load data/gen/gazetteer.tsv and look names up (see
 * gazetteer.h for the contract, tools/gen-gazetteer.js for the file).
 *
 * The file is read into one buffer that the gazetteer owns; rows are split
 * in place (tabs and newlines become NULs) so names and keys point into it.
 * Keys go into an open-addressing hash table of distinct keys, each with a
 * run of place indices in one shared array: loading is two passes over the
 * rows and no per-row allocation (about 50,000 rows in well under 100 ms).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "arena.h"
#include "buf.h"
#include "country.h"
#include "error.h"
#include "gazetteer.h"

typedef struct gaz_key {
    const char *text;   /* NUL-terminated, in buf */
    uint32_t len;
    uint32_t hash;
    uint32_t first, n;  /* run in idx */
    char head1, tail0, tail1; /* text[1], text[len-2], text[len-1] for the
                                 near-miss filter without touching text */
} gaz_key;

/* A key in a near-miss bucket, with the bytes the filter needs, so that a
 * bucket is scanned in sequential memory. */
struct near_ent {
    uint32_t id;
    char first, head1, tail0, tail1;
    uint8_t len;
};

typedef struct gaz_pair {
    const char *text;
    uint32_t len, place;
} gaz_pair;

struct sd_gazetteer {
    char *buf;          /* the file, split in place */
    sd_place *place;
    size_t nplace;
    gaz_key *key;
    size_t nkey;
    uint32_t *slot;     /* key id + 1, 0 empty; nslot a power of two */
    size_t nslot;
    uint32_t *idx;      /* place indices by key */
    size_t ncountry;    /* countries are the first rows, sorted by code */
    size_t city0;       /* index of the first place row; they are sorted
                           by GeoNames id (sd_gazetteer_by_id) */
    /* near-miss index: key ids bucketed by (length, first two bytes) and
     * by (length, last two bytes), hashed; one edit of a key of six bytes
     * or more keeps its first two bytes or its last two */
    struct near_ent *by_first, *by_last;
    uint32_t *off_first, *off_last; /* NEAR_BUCKETS + 1 offsets each */
};

#define NEAR_LEN 64
#define NEAR_BUCKETS ((size_t)1 << 16)

/* The bucket of a key of length len whose two bytes (the first two, or
 * the last two) are a, b.  Buckets are shared by chance: a scan checks
 * the length and the bytes of each entry. */
static size_t bucket_of(size_t len, unsigned char a, unsigned char b)
{
    uint32_t h = ((uint32_t)len << 16 | (uint32_t)a << 8 | b) * 2654435761u;
    return h >> 16;
}

static size_t key_bucket(const gaz_key *key, int last)
{
    const unsigned char *t = (const unsigned char *)key->text;
    return last ? bucket_of(key->len, t[key->len - 2], t[key->len - 1])
                : bucket_of(key->len, t[0], t[1]);
}

/* Counting sort of the ids of keys of 5 .. NEAR_LEN - 1 bytes (those
 * sd_gazetteer_near can reach) into buckets by (length, first or last two
 * bytes). */
static int near_index(sd_gazetteer *g, int last, struct near_ent **ids, uint32_t **off)
{
    *ids = sd_malloc((g->nkey ? g->nkey : 1) * sizeof **ids);
    *off = sd_calloc(NEAR_BUCKETS + 1, sizeof **off);
    if (!*ids || !*off)
        return SAYDO_ERR_NOMEM;
    for (size_t k = 0; k < g->nkey; k++) {
        const gaz_key *key = &g->key[k];
        if (key->len >= 5 && key->len < NEAR_LEN)
            (*off)[key_bucket(key, last) + 1]++;
    }
    for (size_t b = 0; b < NEAR_BUCKETS; b++)
        (*off)[b + 1] += (*off)[b];
    uint32_t *fill = sd_malloc((NEAR_BUCKETS + 1) * sizeof *fill);
    if (!fill)
        return SAYDO_ERR_NOMEM;
    memcpy(fill, *off, (NEAR_BUCKETS + 1) * sizeof *fill);
    for (size_t k = 0; k < g->nkey; k++) {
        const gaz_key *key = &g->key[k];
        if (key->len >= 5 && key->len < NEAR_LEN)
            (*ids)[fill[key_bucket(key, last)]++] = (struct near_ent){
                (uint32_t)k, key->text[0], key->head1, key->tail0, key->tail1, (uint8_t)key->len};
    }
    free(fill);
    return 0;
}

static uint32_t hash_key(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

void sd_gazetteer_free(sd_gazetteer *gaz)
{
    if (!gaz)
        return;
    free(gaz->buf);
    free(gaz->place);
    free(gaz->key);
    free(gaz->slot);
    free(gaz->idx);
    free(gaz->by_first);
    free(gaz->by_last);
    free(gaz->off_first);
    free(gaz->off_last);
    free(gaz);
}

/* A decimal "-12.34567" (the generator's format; strtod is ten times
 * slower and dominated loading).  Returns 0 and *v, or -1 when s is not a
 * plain decimal. */
static int parse_decimal(const char *s, double *v)
{
    int neg = *s == '-';
    if (neg)
        s++;
    long long ip = 0, fp = 0, scale = 1;
    int digits = 0;
    for (; *s >= '0' && *s <= '9' && digits < 12; s++, digits++)
        ip = ip * 10 + (*s - '0');
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9' && scale < 1000000000LL; s++, digits++) {
            fp = fp * 10 + (*s - '0');
            scale *= 10;
        }
    if (!digits || *s)
        return -1;
    *v = (double)ip + (double)fp / (double)scale;
    if (neg)
        *v = -*v;
    return 0;
}

/* p->adm1 from its kind, country and admin-1 codes (gazetteer.h);
 * fips_admin1 is the row's tenth column: GeoNames' admin-1 code where it
 * is a FIPS 10-4 one, or "". */
static void place_adm1(sd_place *p, const char *fips_admin1)
{
    p->adm1[0] = '\0';
    const sd_country *c = sd_country_by_iso3(p->country);
    if (!c || !c->fips[0])
        return;
    if (p->kind == SD_PLACE_COUNTRY)
        snprintf(p->adm1, sizeof p->adm1, "%s", c->fips);
    else if (strcmp(p->country, "USA") == 0 && strncmp(p->admin1, "US-", 3) == 0 &&
             strlen(p->admin1) == 5)
        snprintf(p->adm1, sizeof p->adm1, "%s%s", c->fips, p->admin1 + 3);
    else if (p->kind == SD_PLACE_CITY && strlen(fips_admin1) == 2 &&
             strspn(fips_admin1, "0123456789") == 2)
        snprintf(p->adm1, sizeof p->adm1, "%s%s", c->fips, fips_admin1);
}

/* Split line at tabs into at most max fields; returns the field count. */
static size_t split_tabs(char *line, char **f, size_t max)
{
    size_t n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

static gaz_key *key_insert(sd_gazetteer *g, const char *text, uint32_t len)
{
    uint32_t h = hash_key(text, len);
    size_t mask = g->nslot - 1;
    for (size_t s = h & mask;; s = (s + 1) & mask) {
        uint32_t k = g->slot[s];
        if (k == 0) {
            gaz_key *nk = &g->key[g->nkey];
            nk->text = text;
            nk->len = len;
            nk->hash = h;
            nk->first = nk->n = 0;
            nk->head1 = len > 1 ? text[1] : 0;
            nk->tail0 = len > 1 ? text[len - 2] : 0;
            nk->tail1 = len > 0 ? text[len - 1] : 0;
            g->slot[s] = (uint32_t)++g->nkey;
            return nk;
        }
        gaz_key *ok = &g->key[k - 1];
        if (ok->hash == h && ok->len == len && memcmp(ok->text, text, len) == 0)
            return ok;
    }
}

int sd_gazetteer_load(const char *path, sd_gazetteer **out, saydo_error *err)
{
    *out = NULL;
    sd_gazetteer *g = sd_calloc(1, sizeof *g);
    if (!g)
        return sd_error_nomem(err);
    size_t len = 0;
    int rc = sd_read_file(path, &g->buf, &len, err);
    if (rc) {
        free(g);
        return rc;
    }
    /* count rows and keys to size the arrays once */
    size_t rows = 0, keys = 0;
    for (size_t i = 0; i < len; i++) {
        if (g->buf[i] == '\n')
            rows++;
        else if (g->buf[i] == '|')
            keys++;
    }
    rows++;
    keys += rows;
    g->place = sd_malloc(rows * sizeof *g->place);
    gaz_pair *pair = sd_malloc(keys * sizeof *pair);
    g->key = sd_malloc(keys * sizeof *g->key);
    for (g->nslot = 1024; g->nslot < keys * 2; g->nslot *= 2)
        ;
    g->slot = sd_calloc(g->nslot, sizeof *g->slot);
    g->idx = sd_malloc(keys * sizeof *g->idx);
    if (!g->place || !pair || !g->key || !g->slot || !g->idx) {
        free(pair);
        sd_gazetteer_free(g);
        return sd_error_nomem(err);
    }
    size_t npair = 0;
    long lineno = 0;
    for (char *line = g->buf; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        if (*line && *line != '#') {
            char *f[10];
            size_t nf = split_tabs(line, f, 10);
            char *end3 = NULL;
            sd_place *p = &g->place[g->nplace];
            if ((nf != 9 && nf != 10) || !f[0][0] || f[0][1] || strlen(f[2]) != 3 ||
                !strchr("CAP", f[0][0])) {
                free(pair);
                sd_gazetteer_free(g);
                return sd_error_set(err, SAYDO_ERR_DICT, path, lineno, -1,
                                    "malformed gazetteer row");
            }
            p->kind = (sd_place_kind)f[0][0];
            p->id = (uint32_t)strtoul(f[1], NULL, 10);
            p->country = f[2];
            p->admin1 = f[3];
            p->name = f[4];
            p->population = (uint32_t)strtoul(f[7], &end3, 10);
            place_adm1(p, nf == 10 ? f[9] : "");
            if (parse_decimal(f[5], &p->lat) || parse_decimal(f[6], &p->lon) ||
                end3 == f[7]) {
                free(pair);
                sd_gazetteer_free(g);
                return sd_error_set(err, SAYDO_ERR_DICT, path, lineno, -1,
                                    "malformed gazetteer coordinates");
            }
            if (p->kind == SD_PLACE_COUNTRY)
                g->ncountry++;
            if (p->kind == SD_PLACE_CITY && g->city0 == 0)
                g->city0 = g->nplace;
            for (char *k = f[8]; *k;) {
                char *bar = strchr(k, '|');
                if (bar)
                    *bar = '\0';
                size_t kl = strlen(k);
                if (kl && npair < keys)
                    pair[npair++] = (gaz_pair){k, (uint32_t)kl, (uint32_t)g->nplace};
                if (!bar)
                    break;
                k = bar + 1;
            }
            g->nplace++;
        }
        line = nl ? nl + 1 : NULL;
    }
    /* countries first in the file, sorted by code for sd_gazetteer_country */
    for (size_t i = 0; i < g->ncountry; i++)
        if (g->place[i].kind != SD_PLACE_COUNTRY ||
            (i > 0 && strcmp(g->place[i - 1].country, g->place[i].country) >= 0)) {
            free(pair);
            sd_gazetteer_free(g);
            return sd_error_set(err, SAYDO_ERR_DICT, path, 0, -1,
                                "gazetteer: country rows must come first, sorted by code");
        }
    /* distinct keys, their counts, then their runs of places */
    gaz_key **of = sd_malloc((npair ? npair : 1) * sizeof *of);
    if (!of) {
        free(pair);
        sd_gazetteer_free(g);
        return sd_error_nomem(err);
    }
    for (size_t i = 0; i < npair; i++) {
        of[i] = key_insert(g, pair[i].text, pair[i].len);
        of[i]->n++;
    }
    uint32_t at = 0;
    for (size_t k = 0; k < g->nkey; k++) {
        g->key[k].first = at;
        at += g->key[k].n;
        g->key[k].n = 0;
    }
    for (size_t i = 0; i < npair; i++) {
        uint32_t pl = pair[i].place;
        g->idx[of[i]->first + of[i]->n++] = pl;
    }
    free(of);
    free(pair);
    if (near_index(g, 0, &g->by_first, &g->off_first) ||
        near_index(g, 1, &g->by_last, &g->off_last)) {
        sd_gazetteer_free(g);
        return sd_error_nomem(err);
    }
    *out = g;
    return 0;
}

size_t sd_gazetteer_size(const sd_gazetteer *gaz) { return gaz ? gaz->nplace : 0; }

const sd_place *sd_gazetteer_place(const sd_gazetteer *gaz, uint32_t i)
{
    return gaz && i < gaz->nplace ? &gaz->place[i] : NULL;
}

long sd_gazetteer_fold(const char *s, size_t n, char *key, size_t cap)
{
    size_t k = 0;
    int ascii = 1;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            ascii = 0;
    if (ascii) {
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c >= 'A' && c <= 'Z')
                c = (unsigned char)(c - 'A' + 'a');
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (k + 1 >= cap)
                    return 0;
                key[k++] = (char)c;
            }
        }
        key[k] = '\0';
        return (long)k;
    }
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t mn =
        utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &m,
                     UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
    if (mn < 0) {
        free(m);
        return mn == UTF8PROC_ERROR_NOMEM ? -1 : 0;
    }
    for (utf8proc_ssize_t i = 0; i < mn;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t l = utf8proc_iterate(m + i, mn - i, &cp);
        if (l <= 0)
            break;
        utf8proc_category_t cat = utf8proc_category(cp);
        int keep = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                   (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
        if (keep) {
            if (k + (size_t)l >= cap) {
                free(m);
                return 0;
            }
            memcpy(key + k, m + i, (size_t)l);
            k += (size_t)l;
        }
        i += l;
    }
    free(m);
    key[k] = '\0';
    return (long)k;
}

static const gaz_key *key_find(const sd_gazetteer *g, const char *key, size_t n)
{
    if (!g || !g->nkey)
        return NULL;
    uint32_t h = hash_key(key, n);
    size_t mask = g->nslot - 1;
    for (size_t s = h & mask;; s = (s + 1) & mask) {
        uint32_t k = g->slot[s];
        if (k == 0)
            return NULL;
        const gaz_key *ok = &g->key[k - 1];
        if (ok->hash == h && ok->len == n && memcmp(ok->text, key, n) == 0)
            return ok;
    }
}

size_t sd_gazetteer_find(const sd_gazetteer *gaz, const char *key, size_t n,
                         const uint32_t **idx)
{
    const gaz_key *k = key_find(gaz, key, n);
    if (!k)
        return 0;
    *idx = gaz->idx + k->first;
    return k->n;
}

size_t sd_gazetteer_key_places(const sd_gazetteer *gaz, uint32_t key_id, const uint32_t **idx)
{
    if (!gaz || key_id >= gaz->nkey)
        return 0;
    *idx = gaz->idx + gaz->key[key_id].first;
    return gaz->key[key_id].n;
}

/* Are a[0..an) and b[0..bn) at most one edit apart (Damerau: insertion,
 * deletion, substitution or transposition of neighbours)? */
static int one_edit(const char *a, size_t an, const char *b, size_t bn)
{
    if (an > bn)
        return one_edit(b, bn, a, an);
    if (bn - an > 1)
        return 0;
    size_t i = 0;
    while (i < an && a[i] == b[i])
        i++;
    if (i == an)
        return 1; /* equal, or b has one more at the end */
    if (an == bn) {
        if (memcmp(a + i + 1, b + i + 1, an - i - 1) == 0)
            return 1; /* substitution */
        return i + 1 < an && a[i] == b[i + 1] && a[i + 1] == b[i] &&
               memcmp(a + i + 2, b + i + 2, an - i - 2) == 0; /* transposition */
    }
    return memcmp(a + i, b + i + 1, an - i) == 0; /* insertion into a */
}

size_t sd_gazetteer_near(const sd_gazetteer *gaz, const char *key, size_t n, uint32_t *out,
                         size_t max)
{
    size_t found = 0;
    if (!gaz || n < 6 || n + 1 >= NEAR_LEN)
        return 0;
    const unsigned char *u = (const unsigned char *)key;
    for (size_t len = n - 1; len <= n + 1; len++) {
        if (len < 6)
            continue;
        /* one edit at position p: the first two bytes agree when p >= 2,
         * the last two when p <= 1 (n >= 6).  Keys with the same first
         * two bytes, then those with the same last two but not the same
         * first two (so none is seen twice) */
        for (int pass = 0; pass < 2; pass++) {
            const struct near_ent *ids = pass ? gaz->by_last : gaz->by_first;
            const uint32_t *off = pass ? gaz->off_last : gaz->off_first;
            size_t b = pass ? bucket_of(len, u[n - 2], u[n - 1]) : bucket_of(len, u[0], u[1]);
            for (uint32_t i = off[b]; i < off[b + 1]; i++) {
                const struct near_ent *ne = &ids[i];
                if (ne->len != len)
                    continue;
                int head = ne->first == key[0] && ne->head1 == key[1];
                int tail = ne->tail0 == key[n - 2] && ne->tail1 == key[n - 1];
                if (pass ? !tail || head : !head)
                    continue;
                const gaz_key *g = &gaz->key[ne->id];
                if (g->len == n && memcmp(g->text, key, n) == 0)
                    continue;
                if (one_edit(key, n, g->text, g->len)) {
                    if (found < max)
                        out[found] = ne->id;
                    found++;
                }
            }
        }
    }
    return found;
}

const sd_place *sd_gazetteer_country(const sd_gazetteer *gaz, const char *alpha3)
{
    if (!gaz || !alpha3 || strlen(alpha3) < 3)
        return NULL;
    size_t lo = 0, hi = gaz->ncountry;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strncmp(gaz->place[mid].country, alpha3, 3);
        if (c == 0)
            return &gaz->place[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const sd_place *sd_gazetteer_by_id(const sd_gazetteer *gaz, uint32_t id)
{
    if (!gaz)
        return NULL;
    size_t lo = gaz->city0, hi = gaz->nplace;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (gaz->place[mid].id == id)
            return &gaz->place[mid];
        if (gaz->place[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const sd_place *sd_gazetteer_town(const sd_gazetteer *gaz, const char *text, size_t n,
                                  uint32_t min_pop)
{
    char key[128];
    long kl = sd_gazetteer_fold(text, n, key, sizeof key);
    if (kl <= 0)
        return NULL;
    const uint32_t *idx;
    size_t np = sd_gazetteer_find(gaz, key, (size_t)kl, &idx);
    const sd_place *best = NULL;
    uint32_t best_size = 0, other = 0;
    for (size_t i = 0; i < np; i++) {
        const sd_place *p = sd_gazetteer_place(gaz, idx[i]);
        if (p->kind == SD_PLACE_COUNTRY)
            return NULL; /* a country the actor dictionaries did not take */
        uint32_t size = p->kind == SD_PLACE_ADMIN1 ? 1000000 : p->population;
        if (!best || size > best_size) {
            if (best && strcmp(best->country, p->country) != 0)
                other = best_size;
            best = p;
            best_size = size;
        } else if (strcmp(best->country, p->country) != 0 && size > other) {
            other = size;
        }
    }
    if (!best || strlen(best->country) != 3 || best_size < min_pop ||
        (uint64_t)other * 10 > best_size)
        return NULL;
    return best;
}
