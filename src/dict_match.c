/*
 * dict_match.c -- the compiled side of the dictionary engine
 * (docs/dictionary-format.md, "Words inside a phrase"): interned strings,
 * the trie of phrase words, and the matchers.
 *
 * The trie's edges are keyed on (node, phrase-word key) in one hash table;
 * stems are per-node lists.  Matching walks the trie from every start token
 * depth-first along every edge the next token satisfies (its lower form, the
 * plain words sharing its lemma, the stems it begins with).  A trie is a
 * tree, so each node is reached at most once per start: the work per start
 * is bounded by the trie nodes on the token sequence's paths, never by an
 * exponential number of alternatives (they were expanded at load time), and
 * depth is bounded by the longest phrase.
 *
 * Choosing among matches at one start: longer wins; at equal length the
 * more literal match wins (a word matched by its lower form scores 3, by
 * lemma 2, by stem 1, summed); then the lower kind number; then the entry
 * loaded first.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict_int.h"
#include "error.h"
#include "text.h"

/* ---------------------------------------------------------------- vectors */

int sd_vec_push(sd_vec *v, const void *item, size_t sz)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        void *p = sd_realloc(v->data, cap * sz);
        if (!p)
            return SAYDO_ERR_NOMEM;
        v->data = p;
        v->cap = cap;
    }
    memcpy((char *)v->data + v->len * sz, item, sz);
    v->len++;
    return 0;
}

/* Room for `more` further items of size sz. */
static int vec_reserve(sd_vec *v, size_t more, size_t sz)
{
    if (v->len + more <= v->cap)
        return 0;
    size_t cap = v->cap ? v->cap : 16;
    while (cap < v->len + more)
        cap *= 2;
    void *p = sd_realloc(v->data, cap * sz);
    if (!p)
        return SAYDO_ERR_NOMEM;
    v->data = p;
    v->cap = cap;
    return 0;
}

static void vec_free(sd_vec *v)
{
    free(v->data);
    v->data = NULL;
    v->len = v->cap = 0;
}

/* ---------------------------------------------------------------- hashing */

static uint32_t hash_str(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static uint64_t hash_u64(uint64_t x);
static size_t hash_pair(uint32_t a, uint32_t b) { return (size_t)hash_u64(((uint64_t)a << 32) | b); }

static uint64_t hash_u64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

/* -------------------------------------------------------------- dict life */

sd_dict *sd_dict_new(void)
{
    sd_dict *dict = sd_calloc(1, sizeof *dict);
    if (!dict)
        return NULL;
    sd_arena_init(&dict->arena);
    sd_trie_node root = {SD_NONE, SD_NONE, 0, 0, 0, 0};
    if (sd_vec_push(&dict->nodes, &root, sizeof root)) {
        sd_dict_free(dict);
        return NULL;
    }
    return dict;
}

void sd_dict_free(sd_dict *dict)
{
    if (!dict)
        return;
    for (size_t i = 0; i < dict->warnings.len; i++)
        free(SD_VEC_AT(dict->warnings, char *, i));
    vec_free(&dict->warnings);
    vec_free(&dict->str);
    vec_free(&dict->str_len);
    vec_free(&dict->str_plain);
    sd_table_free(dict->str_tab, dict->str_tab_cap * sizeof *dict->str_tab);
    vec_free(&dict->entries);
    vec_free(&dict->nodes);
    vec_free(&dict->terms);
    vec_free(&dict->stems);
    sd_table_free(dict->edge_tab, dict->edge_tab_cap * sizeof *dict->edge_tab);
    sd_table_free(dict->root_child, 2 * dict->root_sids * sizeof *dict->root_child);
    sd_table_free(dict->stem_tab, dict->stem_tab_cap * sizeof *dict->stem_tab);
    free(dict->stem_node_count);
    free(dict->stem_node_lens);
    vec_free(&dict->lemma_head);
    vec_free(&dict->lemma_links);
    sd_arena_free(&dict->arena);
    free(dict);
}

size_t sd_dict_entry_count(const sd_dict *dict) { return dict->entries.len; }
size_t sd_dict_warning_count(const sd_dict *dict) { return dict->warnings.len; }

const char *sd_dict_warning(const sd_dict *dict, size_t i)
{
    return i < dict->warnings.len ? SD_VEC_AT(dict->warnings, const char *, i) : NULL;
}

int sd_dict_warn(sd_dict *dict, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    char *copy = sd_strdup(line);
    if (!copy || sd_vec_push(&dict->warnings, &copy, sizeof copy)) {
        free(copy);
        dict->failed = 1;
        return SAYDO_ERR_NOMEM;
    }
    return 0;
}

static size_t stem_slot_of(uint32_t node, uint32_t hash, size_t mask)
{
    return (size_t)hash_u64(((uint64_t)node << 32) | hash) & mask;
}

/* Index every stem edge by (node, hash of the stem) in dict->stem_tab, at
 * under half load.  Leaves it NULL when there are no stems or one is longer
 * than SD_STEM_INDEX_MAX_LEN (the matcher then scans the lists).  Returns 0
 * or SAYDO_ERR_NOMEM. */
static int build_stem_tab(sd_dict *dict)
{
    sd_table_free(dict->stem_tab, dict->stem_tab_cap * sizeof *dict->stem_tab);
    dict->stem_tab = NULL;
    dict->stem_tab_cap = 0;
    free(dict->stem_node_count);
    dict->stem_node_count = NULL;
    free(dict->stem_node_lens);
    dict->stem_node_lens = NULL;
    memset(dict->stem_len_has, 0, sizeof dict->stem_len_has);
    dict->stem_max_len = 0;
    size_t nstems = dict->stems.len;
    if (nstems == 0)
        return 0;
    uint8_t len_has[SD_STEM_INDEX_MAX_LEN + 1] = {0};
    uint32_t max_len = 0;
    for (size_t s = 0; s < nstems; s++) {
        uint32_t n = SD_VEC_AT(dict->str_len, uint32_t, SD_VEC_AT(dict->stems, sd_stem_edge, s).sid);
        if (n > SD_STEM_INDEX_MAX_LEN)
            return 0;
        len_has[n] = 1;
        if (n > max_len)
            max_len = n;
    }
    size_t cap = 16;
    while (cap < 2 * nstems)
        cap *= 2;
    sd_stem_slot *tab = sd_table_alloc(cap * sizeof *tab);
    uint8_t *count = sd_calloc(nstems, 1);
    uint64_t *lens = sd_calloc(nstems, sizeof *lens);
    if (!tab || !count || !lens) {
        sd_table_free(tab, cap * sizeof *tab);
        free(count);
        free(lens);
        return SAYDO_ERR_NOMEM;
    }
    memset(tab, 0xff, cap * sizeof *tab); /* edge = SD_NONE everywhere */
    for (size_t node = 0; node < dict->nodes.len; node++) {
        uint32_t head = SD_VEC_AT(dict->nodes, sd_trie_node, node).stem;
        for (uint32_t s = head; s != SD_NONE; s = SD_VEC_AT(dict->stems, sd_stem_edge, s).next) {
            uint32_t sid = SD_VEC_AT(dict->stems, sd_stem_edge, s).sid;
            uint32_t n = SD_VEC_AT(dict->str_len, uint32_t, sid);
            if (count[head] < 255)
                count[head]++;
            lens[head] |= (uint64_t)1 << (n < 63 ? n : 63);
            uint32_t h = hash_str(sd_dict_str(dict, sid), n);
            size_t j = stem_slot_of((uint32_t)node, h, cap - 1);
            while (tab[j].edge != SD_NONE)
                j = (j + 1) & (cap - 1);
            tab[j].node = (uint32_t)node;
            tab[j].hash = h;
            tab[j].edge = s;
        }
    }
    dict->stem_tab = tab;
    dict->stem_tab_cap = cap;
    dict->stem_node_count = count;
    dict->stem_node_lens = lens;
    memcpy(dict->stem_len_has, len_has, sizeof len_has);
    dict->stem_max_len = max_len;
    return 0;
}

int sd_dict_compile(sd_dict *dict, saydo_error *err)
{
    if (dict->failed)
        return sd_error_nomem(err);
    /* The trie is built while loading; compiling freezes it and lays the
     * root's word edges out as a direct table. */
    sd_table_free(dict->root_child, 2 * dict->root_sids * sizeof *dict->root_child);
    dict->root_child = NULL;
    dict->root_sids = 0;
    size_t nsid = dict->str.len;
    uint32_t *root = nsid ? sd_table_alloc(2 * nsid * sizeof *root) : NULL;
    if (nsid && !root)
        return sd_error_nomem(err);
    if (root) {
        memset(root, 0xff, 2 * nsid * sizeof *root); /* SD_NONE everywhere */
        for (size_t i = 0; i < dict->edge_tab_cap; i++) {
            const sd_edge_slot *e = &dict->edge_tab[i];
            if (e->child == SD_NONE || e->node != 0 || SD_PW_KIND(e->wkey) > SD_PW_EXACT)
                continue;
            root[2 * (size_t)SD_PW_SID(e->wkey) + SD_PW_KIND(e->wkey)] = e->child;
        }
        dict->root_child = root;
        dict->root_sids = nsid;
    }
    if (build_stem_tab(dict))
        return sd_error_nomem(err);
    dict->compiled = 1;
    return 0;
}

/* -------------------------------------------------------------- strings */

/* A string table slot's hash_len and head for s[0..n) of hash h. */
static uint32_t str_hash_len(uint32_t h, size_t n)
{
    return (h & 0xFFFFFF00u) | (uint32_t)(n < 255 ? n : 255);
}

static uint64_t str_head(const char *s, size_t n)
{
    uint64_t head = 0;
    memcpy(&head, s, n < 8 ? n : 8);
    return head;
}

static int str_tab_grow(sd_dict *dict)
{
    size_t cap = dict->str_tab_cap ? dict->str_tab_cap * 2 : 1024;
    sd_str_slot *tab = sd_table_alloc(cap * sizeof *tab);
    if (!tab)
        return SAYDO_ERR_NOMEM;
    memset(tab, 0xff, cap * sizeof *tab); /* sid = SD_NONE everywhere */
    for (size_t i = 0; i < dict->str_tab_cap; i++) {
        sd_str_slot s = dict->str_tab[i];
        if (s.sid == SD_NONE)
            continue;
        /* (the slot keeps part of the hash only: found again) */
        uint32_t h = hash_str(sd_dict_str(dict, s.sid), SD_VEC_AT(dict->str_len, uint32_t, s.sid));
        size_t j = h & (cap - 1);
        while (tab[j].sid != SD_NONE)
            j = (j + 1) & (cap - 1);
        tab[j] = s;
    }
    sd_table_free(dict->str_tab, dict->str_tab_cap * sizeof *dict->str_tab);
    dict->str_tab = tab;
    dict->str_tab_cap = cap;
    return 0;
}

static uint32_t find_str_hashed(const sd_dict *dict, const char *s, size_t n, uint32_t h);

uint32_t sd_dict_find_str(const sd_dict *dict, const char *s, size_t n)
{
    if (!dict->str_tab_cap)
        return SD_NONE;
    return find_str_hashed(dict, s, n, hash_str(s, n));
}

/* sd_dict_find_str with the hash h = hash_str(s, n) found before. */
static uint32_t find_str_hashed(const sd_dict *dict, const char *s, size_t n, uint32_t h)
{
    if (!dict->str_tab_cap)
        return SD_NONE;
    uint32_t hl = str_hash_len(h, n);
    uint64_t head = str_head(s, n);
    size_t mask = dict->str_tab_cap - 1;
    for (size_t j = h & mask;; j = (j + 1) & mask) {
        const sd_str_slot *slot = &dict->str_tab[j];
        if (slot->sid == SD_NONE)
            return SD_NONE;
        if (slot->hash_len == hl && slot->head == head &&
            (n <= 8 || (SD_VEC_AT(dict->str_len, uint32_t, slot->sid) == n &&
                        memcmp(sd_dict_str(dict, slot->sid), s, n) == 0)))
            return slot->sid;
    }
}

uint32_t sd_dict_intern(sd_dict *dict, const char *s, size_t n)
{
    uint32_t sid = sd_dict_find_str(dict, s, n);
    if (sid != SD_NONE)
        return sid;
    if (dict->failed)
        return SD_NONE;
    if ((dict->str.len + 1) * 2 > dict->str_tab_cap && str_tab_grow(dict))
        goto nomem;
    char *copy = sd_arena_strndup(&dict->arena, s, n);
    if (!copy)
        goto nomem;
    uint32_t len = (uint32_t)n;
    uint8_t plain = 0;
    if (sd_vec_push(&dict->str, &copy, sizeof copy))
        goto nomem;
    if (sd_vec_push(&dict->str_len, &len, sizeof len)) {
        dict->str.len--;
        goto nomem;
    }
    uint32_t none = SD_NONE;
    if (sd_vec_push(&dict->str_plain, &plain, sizeof plain)) {
        dict->str.len--;
        dict->str_len.len--;
        goto nomem;
    }
    if (sd_vec_push(&dict->lemma_head, &none, sizeof none)) {
        dict->str.len--;
        dict->str_len.len--;
        dict->str_plain.len--;
        goto nomem;
    }
    sid = (uint32_t)(dict->str.len - 1);
    uint32_t h = hash_str(s, n);
    size_t mask = dict->str_tab_cap - 1, j = h & mask;
    while (dict->str_tab[j].sid != SD_NONE)
        j = (j + 1) & mask;
    dict->str_tab[j].hash_len = str_hash_len(h, n);
    dict->str_tab[j].sid = sid;
    dict->str_tab[j].head = str_head(s, n);
    return sid;
nomem:
    dict->failed = 1;
    return SD_NONE;
}

/* ------------------------------------------------------- u64 hash tables */

/* Find (node, wkey) in a table; its child or SD_NONE when absent. */
static uint32_t tab_find(const sd_edge_slot *tab, size_t cap, uint32_t node, uint32_t wkey)
{
    if (!cap)
        return SD_NONE;
    size_t mask = cap - 1;
    for (size_t j = hash_pair(node, wkey) & mask;; j = (j + 1) & mask) {
        if (tab[j].child == SD_NONE)
            return SD_NONE;
        if (tab[j].node == node && tab[j].wkey == wkey)
            return tab[j].child;
    }
}

uint32_t sd_dict_edge(const sd_dict *dict, uint32_t node, uint32_t wkey)
{
    return tab_find(dict->edge_tab, dict->edge_tab_cap, node, wkey);
}

/* The child of node along a plain or exact word key: the root's from its
 * direct table when there is one, else from the hash table. */
static inline uint32_t word_child(const sd_dict *dict, uint32_t node, uint32_t sid, uint32_t kind)
{
    if (node == 0 && sid < dict->root_sids)
        return dict->root_child[2 * (size_t)sid + kind];
    uint32_t key = SD_PW_KEY(sid, kind);
    if (!(SD_VEC_AT(dict->nodes, sd_trie_node, node).sig & sd_edge_sig_bit(key)))
        return SD_NONE;
    return tab_find(dict->edge_tab, dict->edge_tab_cap, node, key);
}

/* Make room for `more` further keys at under half load. */
static int tab_reserve(sd_edge_slot **tabp, size_t *capp, size_t count, size_t more)
{
    if ((count + more) * 2 <= *capp)
        return 0;
    size_t cap = *capp ? *capp : 1024;
    while ((count + more) * 2 > cap)
        cap *= 2;
    sd_edge_slot *tab = sd_table_alloc(cap * sizeof *tab);
    if (!tab)
        return SAYDO_ERR_NOMEM;
    memset(tab, 0xff, cap * sizeof *tab); /* child = SD_NONE everywhere */
    for (size_t i = 0; i < *capp; i++) {
        if ((*tabp)[i].child == SD_NONE)
            continue;
        size_t j = hash_pair((*tabp)[i].node, (*tabp)[i].wkey) & (cap - 1);
        while (tab[j].child != SD_NONE)
            j = (j + 1) & (cap - 1);
        tab[j] = (*tabp)[i];
    }
    sd_table_free(*tabp, *capp * sizeof **tabp);
    *tabp = tab;
    *capp = cap;
    return 0;
}

/* The slot holding key, or the empty slot where it belongs (child ==
 * SD_NONE).  The table must have room (tab_reserve). */
static sd_edge_slot *tab_slot(sd_edge_slot *tab, size_t cap, uint32_t node, uint32_t wkey)
{
    size_t mask = cap - 1;
    size_t j = hash_pair(node, wkey) & mask;
    while (tab[j].child != SD_NONE && !(tab[j].node == node && tab[j].wkey == wkey))
        j = (j + 1) & mask;
    return &tab[j];
}

int sd_dict_reserve(sd_dict *dict, size_t lines)
{
    if (dict->failed)
        return SAYDO_ERR_NOMEM;
    /* about two edges, two nodes and one new string per entry */
    if (tab_reserve(&dict->edge_tab, &dict->edge_tab_cap, dict->edge_count, 2 * lines) ||
        vec_reserve(&dict->nodes, 2 * lines, sizeof(sd_trie_node)) ||
        vec_reserve(&dict->terms, lines, sizeof(sd_term)) ||
        vec_reserve(&dict->lemma_links, lines, sizeof(sd_lemma_link)) ||
        vec_reserve(&dict->entries, lines, sizeof(sd_entry_rec *)) ||
        vec_reserve(&dict->str, lines, sizeof(char *)) ||
        vec_reserve(&dict->str_len, lines, sizeof(uint32_t)) ||
        vec_reserve(&dict->str_plain, lines, 1) ||
        vec_reserve(&dict->lemma_head, lines, sizeof(uint32_t)))
        goto nomem;
    while ((dict->str.len + lines) * 2 > dict->str_tab_cap)
        if (str_tab_grow(dict))
            goto nomem;
    return 0;
nomem:
    dict->failed = 1;
    return SAYDO_ERR_NOMEM;
}

/* ------------------------------------------------------------ insertion */

static int new_node(sd_dict *dict, uint32_t *out)
{
    sd_trie_node n = {SD_NONE, SD_NONE, 0, 0, 0, 0};
    if (sd_vec_push(&dict->nodes, &n, sizeof n))
        return SAYDO_ERR_NOMEM;
    *out = (uint32_t)(dict->nodes.len - 1);
    return 0;
}

/* Register a plain word under its lemma (once per word). */
static int add_lemma_link(sd_dict *dict, uint32_t word_sid, uint32_t lemma_sid)
{
    if (SD_VEC_AT(dict->str_plain, uint8_t, word_sid))
        return 0;
    uint32_t *head = &SD_VEC_AT(dict->lemma_head, uint32_t, lemma_sid);
    sd_lemma_link link = {word_sid, *head};
    if (sd_vec_push(&dict->lemma_links, &link, sizeof link))
        return SAYDO_ERR_NOMEM;
    *head = (uint32_t)(dict->lemma_links.len - 1);
    SD_VEC_AT(dict->str_plain, uint8_t, word_sid) = 1;
    return 0;
}

static int same_codes(const sd_entry *a, const sd_entry *b)
{
    if (a->ncodes != b->ncodes)
        return 0;
    for (uint16_t i = 0; i < a->ncodes; i++)
        if (strcmp(a->codes[i].code, b->codes[i].code) != 0 ||
            a->codes[i].from != b->codes[i].from || a->codes[i].to != b->codes[i].to)
            return 0;
    return 1;
}

/* "USA RUS@..1991" for messages. */
static void format_codes(const sd_entry *e, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (uint16_t i = 0; i < e->ncodes && used + 1 < n; i++) {
        const sd_code *c = &e->codes[i];
        int w;
        if (c->from == 0 && c->to == SD_DICT_DATE_OPEN_TO)
            w = snprintf(buf + used, n - used, "%s%s", i ? " " : "", c->code);
        else
            w = snprintf(buf + used, n - used, "%s%s@%d..%d", i ? " " : "", c->code,
                         (int)c->from, (int)c->to);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    if (used >= n)
        buf[n - 1] = '\0';
}

static const char *const kind_names[SD_KIND_COUNT] = {"actor", "agent", "verb", "place", "word"};

int sd_dict_insert(sd_dict *dict, uint32_t entry_index, const sd_pword *words, size_t n,
                   uint32_t *warned_for)
{
    if (dict->failed)
        return SAYDO_ERR_NOMEM;
    if (dict->root_child) { /* changed after compiling: the table is stale */
        sd_table_free(dict->root_child, 2 * dict->root_sids * sizeof *dict->root_child);
        dict->root_child = NULL;
        dict->root_sids = 0;
    }
    if (dict->stem_tab) { /* likewise */
        sd_table_free(dict->stem_tab, dict->stem_tab_cap * sizeof *dict->stem_tab);
        dict->stem_tab = NULL;
        dict->stem_tab_cap = 0;
        free(dict->stem_node_count);
        dict->stem_node_count = NULL;
        free(dict->stem_node_lens);
        dict->stem_node_lens = NULL;
    }
    uint8_t kind_bit = (uint8_t)(1u << sd_dict_entry_rec(dict, entry_index)->pub.kind);
    uint32_t node = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t key = words[i].key;
        SD_VEC_AT(dict->nodes, sd_trie_node, node).kinds_below |= kind_bit;
        uint32_t child = SD_NONE;
        if (SD_PW_KIND(key) == SD_PW_STEM) {
            uint32_t sid = SD_PW_SID(key);
            for (uint32_t s = SD_VEC_AT(dict->nodes, sd_trie_node, node).stem; s != SD_NONE;
                 s = SD_VEC_AT(dict->stems, sd_stem_edge, s).next)
                if (SD_VEC_AT(dict->stems, sd_stem_edge, s).sid == sid) {
                    child = SD_VEC_AT(dict->stems, sd_stem_edge, s).child;
                    break;
                }
            if (child == SD_NONE) {
                if (new_node(dict, &child))
                    goto nomem;
                sd_stem_edge edge = {sid, child, SD_VEC_AT(dict->nodes, sd_trie_node, node).stem};
                if (sd_vec_push(&dict->stems, &edge, sizeof edge))
                    goto nomem;
                SD_VEC_AT(dict->nodes, sd_trie_node, node).stem = (uint32_t)(dict->stems.len - 1);
            }
        } else {
            if (tab_reserve(&dict->edge_tab, &dict->edge_tab_cap, dict->edge_count, 1))
                goto nomem;
            sd_edge_slot *slot = tab_slot(dict->edge_tab, dict->edge_tab_cap, node, key);
            child = slot->child;
            if (child == SD_NONE) {
                if (new_node(dict, &child))
                    goto nomem;
                slot->node = node;
                slot->wkey = key;
                slot->child = child;
                dict->edge_count++;
                SD_VEC_AT(dict->nodes, sd_trie_node, node).sig |= sd_edge_sig_bit(key);
                SD_VEC_AT(dict->nodes, sd_trie_node, node).edges |=
                    SD_PW_KIND(key) == SD_PW_SLOT ? SD_NODE_SLOTS : SD_NODE_WORDS;
            }
            if (SD_PW_KIND(key) == SD_PW_PLAIN && words[i].lemma_sid != SD_NONE &&
                add_lemma_link(dict, SD_PW_SID(key), words[i].lemma_sid))
                goto nomem;
        }
        node = child;
    }
    if ((int)n > dict->max_words)
        dict->max_words = (int)n;

    sd_entry_rec *rec = sd_dict_entry_rec(dict, entry_index);
    sd_trie_node *tn = &SD_VEC_AT(dict->nodes, sd_trie_node, node);
    tn->kinds_below |= kind_bit;
    tn->kinds_here |= kind_bit;
    for (uint32_t t = tn->term; t != SD_NONE; t = SD_VEC_AT(dict->terms, sd_term, t).next) {
        sd_term *term = &SD_VEC_AT(dict->terms, sd_term, t);
        sd_entry_rec *old = sd_dict_entry_rec(dict, term->entry);
        if (old->pub.kind != rec->pub.kind)
            continue;
        int codes_equal = same_codes(&old->pub, &rec->pub);
        if (old == rec || (codes_equal && strcmp(old->pub.attrs, rec->pub.attrs) == 0))
            return 0; /* identical duplicate: keep the first, silently */
        term->entry = entry_index;
        if (codes_equal)
            return 0; /* same codes, refined attributes: the later wins silently */
        if (*warned_for != old->index) {
            *warned_for = old->index;
            char was[256], now[256];
            format_codes(&old->pub, was, sizeof was);
            format_codes(&rec->pub, now, sizeof now);
            return sd_dict_warn(dict,
                                "%s:%u: '%s' (%s) conflicts with %s:%u: codes '%s' replace '%s'"
                                "%s; the later entry wins",
                                rec->pub.file, (unsigned)rec->pub.line, rec->pub.phrase,
                                kind_names[rec->pub.kind], old->pub.file, (unsigned)old->pub.line,
                                now, was,
                                strcmp(old->pub.attrs, rec->pub.attrs) ? " (attributes differ)"
                                                                       : "");
        }
        return 0;
    }
    sd_term term = {entry_index, tn->term};
    if (sd_vec_push(&dict->terms, &term, sizeof term))
        goto nomem;
    SD_VEC_AT(dict->nodes, sd_trie_node, node).term = (uint32_t)(dict->terms.len - 1);
    return 0;
nomem:
    dict->failed = 1;
    return SAYDO_ERR_NOMEM;
}

/* -------------------------------------------------------------- matching */

/* A token's strings as the matcher needs them (sd_tok_ids): the sids of
 * its lower form and lemma (SD_NONE when never interned, or when it has no
 * lemma) and the length of its lower form. */
typedef sd_tok_ids tok_ids;

static void token_ids(const sd_dict *dict, const sd_token *tk, tok_ids *out)
{
    const char *lower = tk->lower ? tk->lower : "";
    size_t lower_len = strlen(lower);
    out->lower = sd_dict_find_str(dict, lower, lower_len);
    out->lower_len = (uint32_t)lower_len;
    out->lemma = SD_NONE;
    if (tk->lemma)
        out->lemma = strcmp(tk->lemma, lower) == 0
                         ? out->lower
                         : sd_dict_find_str(dict, tk->lemma, strlen(tk->lemma));
    out->nroot = SD_TOK_ROOT_MORE; /* (root_ids fills them) */
}

/* Record root child c reached with score step in ids; 0, or -1 when the
 * list is full. */
static int root_push(const sd_dict *dict, tok_ids *ids, uint32_t c, int step)
{
    if (c == SD_NONE)
        return 0;
    if (ids->nroot >= SD_TOK_ROOT_MAX)
        return -1;
    ids->root_child[ids->nroot] = c;
    ids->root_score[ids->nroot] = (uint8_t)step;
    ids->root_kinds[ids->nroot] = SD_VEC_AT(dict->nodes, sd_trie_node, c).kinds_below;
    ids->nroot++;
    return 0;
}

/* Fill the root children of ids (token_ids done): the word steps
 * walk_from takes from the root, in its order. */
static void root_ids(const sd_dict *dict, tok_ids *ids)
{
    ids->nroot = 0;
    const sd_trie_node *root = &SD_VEC_AT(dict->nodes, sd_trie_node, 0);
    if (!(root->edges & SD_NODE_WORDS))
        return;
    int full = 0;
    if (ids->lower != SD_NONE)
        full = root_push(dict, ids, word_child(dict, 0, ids->lower, SD_PW_PLAIN), 3) ||
               root_push(dict, ids, word_child(dict, 0, ids->lower, SD_PW_EXACT), 3);
    uint32_t link = ids->lemma == SD_NONE ? SD_NONE : SD_VEC_AT(dict->lemma_head, uint32_t, ids->lemma);
    for (; link != SD_NONE && !full; link = SD_VEC_AT(dict->lemma_links, sd_lemma_link, link).next) {
        uint32_t wsid = SD_VEC_AT(dict->lemma_links, sd_lemma_link, link).word_sid;
        if (wsid != ids->lower)
            full = root_push(dict, ids, word_child(dict, 0, wsid, SD_PW_PLAIN), 2);
    }
    if (full)
        ids->nroot = SD_TOK_ROOT_MORE;
}

/* One walk from a start token.  Mode FIRST keeps the single best entry;
 * mode ALL collects every entry into out (bounded, kept in order). */
typedef struct walk {
    const sd_dict *dict;
    unsigned kind_mask;
    const sd_token *tok;
    const tok_ids *ids; /* ids of tok[0..ntok), or NULL: found per visit */
    size_t ntok, start;
    size_t must_end;  /* SD_NONE-like: (size_t)-1 when any end is fine */
    /* best (FIRST) */
    const sd_entry_rec *best;
    size_t best_end;
    int best_score;
    /* all (ALL) */
    int all;
    sd_match *out;
    size_t max, count;
    /* slots (sd_dict_match_slots) */
    uint32_t slot_sid[8];
    const char *slot_name[8];
    size_t nslot;
    sd_slot_fn fill;
    void *ctx;
    sd_slot_span path[SD_MATCH_MAX_SLOTS];
    uint32_t npath;
    sd_slot_span best_slots[SD_MATCH_MAX_SLOTS];
    uint32_t best_nslots;
} walk;

static int better(const walk *w, size_t end, int score, const sd_entry_rec *e)
{
    if (!w->best)
        return 1;
    if (end != w->best_end)
        return end > w->best_end;
    if (score != w->best_score)
        return score > w->best_score;
    if (e->pub.kind != w->best->pub.kind)
        return e->pub.kind < w->best->pub.kind;
    return e->index < w->best->index;
}

/* Order for match_at: longer first, then kind, then load order. */
static int before(const sd_match *a, const sd_match *b)
{
    if (a->tok_end != b->tok_end)
        return a->tok_end > b->tok_end;
    if (a->entry->kind != b->entry->kind)
        return a->entry->kind < b->entry->kind;
    return ((const sd_entry_rec *)a->entry)->index < ((const sd_entry_rec *)b->entry)->index;
}

static void add_all(walk *w, const sd_match *m)
{
    for (size_t i = 0; i < w->count && i < w->max; i++)
        if (w->out[i].entry == m->entry && w->out[i].tok_end == m->tok_end)
            return; /* the same entry by two paths of one length */
    w->count++;
    size_t n = w->count - 1 < w->max ? w->count - 1 : w->max;
    size_t pos = n;
    while (pos > 0 && before(m, &w->out[pos - 1]))
        pos--;
    if (pos >= w->max)
        return;
    size_t last = n < w->max ? n : w->max - 1;
    for (size_t i = last; i > pos; i--)
        w->out[i] = w->out[i - 1];
    w->out[pos] = *m;
}

static void visit_node(walk *w, uint32_t node, size_t end, int score)
{
    const sd_dict *dict = w->dict;
    if (w->must_end != (size_t)-1 && end != w->must_end)
        return;
    if (!(SD_VEC_AT(dict->nodes, sd_trie_node, node).kinds_here & w->kind_mask))
        return;
    for (uint32_t t = SD_VEC_AT(dict->nodes, sd_trie_node, node).term; t != SD_NONE;
         t = SD_VEC_AT(dict->terms, sd_term, t).next) {
        const sd_entry_rec *e = sd_dict_entry_rec(dict, SD_VEC_AT(dict->terms, sd_term, t).entry);
        if (!(w->kind_mask & (1u << e->pub.kind)))
            continue;
        if (w->all) {
            sd_match m;
            memset(&m, 0, sizeof m);
            m.tok_start = (uint32_t)w->start;
            m.tok_end = (uint32_t)end;
            m.entry = &e->pub;
            add_all(w, &m);
        } else if (better(w, end, score, e)) {
            w->best = e;
            w->best_end = end;
            w->best_score = score;
            w->best_nslots = w->npath;
            memcpy(w->best_slots, w->path, w->npath * sizeof *w->path);
        }
    }
}

static void walk_slots(walk *w, uint32_t node, size_t pos, int score);

static void walk_from(walk *w, uint32_t node, size_t pos, int score);

/* Follow the stem edges of node that lower[0..lower_len) begins with,
 * found through dict->stem_tab by hashing the token's prefixes (only the
 * lengths some stem has), in the order of the node's list (newest edge
 * first, as the list scan visits them): the same walk as the scan. */
static void walk_stems_indexed(walk *w, uint32_t node, uint32_t head, const char *lower,
                               size_t lower_len, size_t pos, int score)
{
    const sd_dict *dict = w->dict;
    uint32_t found[SD_STEM_INDEX_MAX_LEN + 1];
    size_t nfound = 0;
    size_t mask = dict->stem_tab_cap - 1;
    size_t limit = lower_len < dict->stem_max_len ? lower_len : dict->stem_max_len;
    uint64_t lens = dict->stem_node_lens[head]; /* the lengths this node's stems have */
    uint32_t h = 2166136261u; /* hash_str() of the prefix lower[0..n) */
    for (size_t n = 0; n <= limit; n++) {
        if (n > 0) {
            h ^= (unsigned char)lower[n - 1];
            h *= 16777619u;
        }
        if (!((lens >> (n < 63 ? n : 63)) & 1) || !dict->stem_len_has[n])
            continue;
        for (size_t j = stem_slot_of(node, h, mask); dict->stem_tab[j].edge != SD_NONE;
             j = (j + 1) & mask) {
            const sd_stem_slot *slot = &dict->stem_tab[j];
            if (slot->node != node || slot->hash != h)
                continue;
            uint32_t sid = SD_VEC_AT(dict->stems, sd_stem_edge, slot->edge).sid;
            if (SD_VEC_AT(dict->str_len, uint32_t, sid) == n &&
                memcmp(lower, sd_dict_str(dict, sid), n) == 0)
                found[nfound++] = slot->edge; /* one stem edge per (node, string) */
        }
    }
    /* newest edge first: descending index */
    for (size_t a = 1; a < nfound; a++) {
        uint32_t e = found[a];
        size_t b = a;
        while (b > 0 && found[b - 1] < e) {
            found[b] = found[b - 1];
            b--;
        }
        found[b] = e;
    }
    for (size_t k = 0; k < nfound; k++)
        walk_from(w, SD_VEC_AT(dict->stems, sd_stem_edge, found[k]).child, pos + 1, score + 1);
}

static void walk_from(walk *w, uint32_t node, size_t pos, int score)
{
    const sd_dict *dict = w->dict;
    const sd_trie_node *tn = &SD_VEC_AT(dict->nodes, sd_trie_node, node);
    if (!(tn->kinds_below & w->kind_mask))
        return; /* nothing of the wanted kinds here or below */
    if (node != 0)
        visit_node(w, node, pos, score);
    if (pos >= w->ntok)
        return;
    const sd_token *tk = &w->tok[pos];
    /* Quotation marks inside a phrase are transparent: an attempt to
     * "deceive people" still matches "attempt to deceive". */
    if (node != 0 && (tk->flags & SD_TOK_QUOTE)) {
        /* at most two marks ("... to "'deceive"), never a run: the walk
         * stays bounded and shallow */
        size_t skip = pos + 1;
        if (skip < w->ntok && (w->tok[skip].flags & SD_TOK_QUOTE))
            skip++;
        if (skip < w->ntok && !(w->tok[skip].flags & SD_TOK_QUOTE))
            walk_from(w, node, skip, score);
        return;
    }
    tok_ids own;
    const tok_ids *id = w->ids ? &w->ids[pos] : (token_ids(dict, tk, &own), &own);
    uint32_t lsid = id->lower;
    if (node == 0 && id->nroot != SD_TOK_ROOT_MORE) {
        /* the same steps as below, found once by sd_dict_token_ids */
        for (uint8_t k = 0; k < id->nroot; k++)
            if (id->root_kinds[k] & w->kind_mask)
                walk_from(w, id->root_child[k], pos + 1, score + id->root_score[k]);
    } else if (tn->edges & SD_NODE_WORDS) {
        if (lsid != SD_NONE) {
            uint32_t c = word_child(dict, node, lsid, SD_PW_PLAIN);
            if (c != SD_NONE)
                walk_from(w, c, pos + 1, score + 3);
            c = word_child(dict, node, lsid, SD_PW_EXACT);
            if (c != SD_NONE)
                walk_from(w, c, pos + 1, score + 3);
        }
        uint32_t link =
            id->lemma == SD_NONE ? SD_NONE : SD_VEC_AT(dict->lemma_head, uint32_t, id->lemma);
        for (; link != SD_NONE; link = SD_VEC_AT(dict->lemma_links, sd_lemma_link, link).next) {
            uint32_t wsid = SD_VEC_AT(dict->lemma_links, sd_lemma_link, link).word_sid;
            if (wsid == lsid)
                continue; /* already followed by its lower form */
            uint32_t c = word_child(dict, node, wsid, SD_PW_PLAIN);
            if (c != SD_NONE)
                walk_from(w, c, pos + 1, score + 2);
        }
    }
    if (tn->stem != SD_NONE) {
        const char *lower = tk->lower ? tk->lower : "";
        size_t lower_len = id->lower_len;
        if (dict->stem_tab && dict->stem_node_count[tn->stem] > 2) {
            /* (two stems or fewer: comparing them costs less than hashing) */
            walk_stems_indexed(w, node, tn->stem, lower, lower_len, pos, score);
        } else {
            for (uint32_t s = tn->stem; s != SD_NONE;
                 s = SD_VEC_AT(dict->stems, sd_stem_edge, s).next) {
                const sd_stem_edge *edge = &SD_VEC_AT(dict->stems, sd_stem_edge, s);
                uint32_t n = SD_VEC_AT(dict->str_len, uint32_t, edge->sid);
                if (n <= lower_len && memcmp(lower, sd_dict_str(dict, edge->sid), n) == 0)
                    walk_from(w, edge->child, pos + 1, score + 1);
            }
        }
    }
    if (tn->edges & SD_NODE_SLOTS)
        walk_slots(w, node, pos, score);
}

/* Follow the slot edges of node: each filler the caller offers continues
 * the walk after it.  A slot scores below any word, so a pattern that
 * spells a word out wins over one that leaves it to a slot. */
static void walk_slots(walk *w, uint32_t node, size_t pos, int score)
{
    if (!w->fill || w->npath >= SD_MATCH_MAX_SLOTS)
        return;
    for (size_t k = 0; k < w->nslot; k++) {
        uint32_t key = SD_PW_KEY(w->slot_sid[k], SD_PW_SLOT);
        if (!(SD_VEC_AT(w->dict->nodes, sd_trie_node, node).sig & sd_edge_sig_bit(key)))
            continue;
        uint32_t c = tab_find(w->dict->edge_tab, w->dict->edge_tab_cap, node, key);
        if (c == SD_NONE)
            continue;
        size_t ends[8];
        size_t n = w->fill(w->ctx, w->slot_name[k], pos, ends, 8);
        if (n > 8)
            n = 8;
        for (size_t i = 0; i < n; i++) {
            if (ends[i] < pos || ends[i] > w->ntok)
                continue;
            w->path[w->npath].start = (uint32_t)pos;
            w->path[w->npath].end = (uint32_t)ends[i];
            w->path[w->npath].name = sd_dict_str(w->dict, w->slot_sid[k]);
            w->npath++;
            walk_from(w, c, ends[i], score);
            w->npath--;
        }
    }
}

/* The longest-leftmost scan shared by sd_dict_match and
 * sd_dict_match_slots; proto carries the slot set-up. */
static size_t match_scan(const walk *proto, sd_match *out, size_t max)
{
    /* Each token's ids once per call rather than once per visit, unless the
     * caller has them.  Without memory for them the walk finds them as it
     * goes: same result. */
    tok_ids small[128];
    tok_ids *ids = NULL;
    if (!proto->ids) {
        ids = proto->ntok <= 128 ? small : sd_malloc(proto->ntok * sizeof *ids);
        if (ids)
            sd_dict_token_ids(proto->dict, proto->tok, proto->ntok, ids);
    }
    size_t count = 0;
    size_t i = 0;
    /* A root without stems or slots: a token none of whose root children
     * has entries of the wanted kinds starts no match (walk_from would
     * find nothing), and is passed over without a walk. */
    const sd_trie_node *root = &SD_VEC_AT(proto->dict->nodes, sd_trie_node, 0);
    int words_only = root->stem == SD_NONE && !(root->edges & SD_NODE_SLOTS);
    const tok_ids *all_ids = proto->ids ? proto->ids : ids;
    walk w = *proto;
    if (!w.ids)
        w.ids = ids;
    w.must_end = (size_t)-1;
    while (i < proto->ntok) {
        if (words_only && all_ids && all_ids[i].nroot != SD_TOK_ROOT_MORE) {
            const tok_ids *id = &all_ids[i];
            unsigned kinds = 0;
            for (uint8_t k = 0; k < id->nroot; k++)
                kinds |= id->root_kinds[k];
            if (!(kinds & proto->kind_mask)) {
                i++;
                continue;
            }
        }
        /* each start as from a fresh copy of proto: what a walk changes
         * is set back */
        w.start = i;
        w.best = proto->best;
        w.best_end = proto->best_end;
        w.best_score = proto->best_score;
        w.best_nslots = proto->best_nslots;
        w.npath = proto->npath;
        w.count = proto->count;
        walk_from(&w, 0, i, 0);
        if (w.best && w.best_end > i) {
            if (count < max) {
                memset(&out[count], 0, sizeof out[count]);
                out[count].tok_start = (uint32_t)i;
                out[count].tok_end = (uint32_t)w.best_end;
                out[count].entry = &w.best->pub;
                out[count].nslots = w.best_nslots;
                memcpy(out[count].slot, w.best_slots, w.best_nslots * sizeof *w.best_slots);
            }
            count++;
            i = w.best_end;
        } else {
            i++;
        }
    }
    if (ids != small)
        free(ids);
    return count;
}

/* The tokens' look-ups are independent of each other: done in passes
 * over a batch of tokens, each pass starting the loads the next one needs
 * (string table slots, then root children and lemma heads), so that they
 * overlap instead of following one another.  The same ids as token_ids
 * and root_ids token by token. */
#define IDS_BATCH 32
void sd_dict_token_ids(const sd_dict *dict, const sd_token *tok, size_t ntok, sd_tok_ids *ids)
{
    uint32_t hash[IDS_BATCH][2];
    size_t len[IDS_BATCH][2];
    unsigned char own_lemma[IDS_BATCH]; /* the lemma differs from the lower form */
    size_t mask = dict->str_tab_cap ? dict->str_tab_cap - 1 : 0;
    for (size_t b = 0; b < ntok; b += IDS_BATCH) {
        size_t nb = ntok - b < IDS_BATCH ? ntok - b : IDS_BATCH;
        for (size_t k = 0; k < nb; k++) {
            const sd_token *tk = &tok[b + k];
            const char *lower = tk->lower ? tk->lower : "";
            len[k][0] = strlen(lower);
            hash[k][0] = hash_str(lower, len[k][0]);
            len[k][1] = 0;
            own_lemma[k] = tk->lemma && tk->lemma != lower && strcmp(tk->lemma, lower) != 0;
            if (own_lemma[k]) {
                len[k][1] = strlen(tk->lemma);
                hash[k][1] = hash_str(tk->lemma, len[k][1]);
            }
#if defined(__GNUC__)
            if (mask) {
                __builtin_prefetch(&dict->str_tab[hash[k][0] & mask]);
                if (own_lemma[k])
                    __builtin_prefetch(&dict->str_tab[hash[k][1] & mask]);
            }
#endif
        }
        for (size_t k = 0; k < nb; k++) {
            const sd_token *tk = &tok[b + k];
            sd_tok_ids *out = &ids[b + k];
            const char *lower = tk->lower ? tk->lower : "";
            out->lower = find_str_hashed(dict, lower, len[k][0], hash[k][0]);
            out->lower_len = (uint32_t)len[k][0];
            out->lemma = SD_NONE;
            if (tk->lemma)
                out->lemma = own_lemma[k]
                                 ? find_str_hashed(dict, tk->lemma, len[k][1], hash[k][1])
                                 : out->lower;
            out->nroot = SD_TOK_ROOT_MORE;
#if defined(__GNUC__)
            if (out->lower != SD_NONE && out->lower < dict->root_sids)
                __builtin_prefetch(&dict->root_child[2 * (size_t)out->lower]);
            if (out->lemma != SD_NONE)
                __builtin_prefetch(&SD_VEC_AT(dict->lemma_head, uint32_t, out->lemma));
#endif
        }
        for (size_t k = 0; k < nb; k++)
            root_ids(dict, &ids[b + k]);
    }
}

size_t sd_entry_index(const sd_entry *entry) { return ((const sd_entry_rec *)entry)->index; }

const sd_entry *sd_dict_entry(const sd_dict *dict, size_t i)
{
    return i < dict->entries.len ? &sd_dict_entry_rec(dict, (uint32_t)i)->pub : NULL;
}

size_t sd_dict_match(const sd_dict *dict, unsigned kind_mask, const sd_token *tok, size_t ntok,
                     sd_match *out, size_t max)
{
    return sd_dict_match_ids(dict, kind_mask, tok, NULL, ntok, out, max);
}

size_t sd_dict_match_ids(const sd_dict *dict, unsigned kind_mask, const sd_token *tok,
                         const sd_tok_ids *ids, size_t ntok, sd_match *out, size_t max)
{
    walk w = {0};
    w.dict = dict;
    w.kind_mask = kind_mask;
    w.tok = tok;
    w.ids = ids;
    w.ntok = ntok;
    return match_scan(&w, out, max);
}

size_t sd_dict_match_slots(const sd_dict *dict, unsigned kind_mask, const sd_token *tok,
                           size_t ntok, const char *const *slot_names, sd_slot_fn fn, void *ctx,
                           sd_match *out, size_t max)
{
    return sd_dict_match_slots_ids(dict, kind_mask, tok, NULL, ntok, slot_names, fn, ctx, out,
                                   max);
}

size_t sd_dict_match_slots_ids(const sd_dict *dict, unsigned kind_mask, const sd_token *tok,
                               const sd_tok_ids *ids, size_t ntok, const char *const *slot_names,
                               sd_slot_fn fn, void *ctx, sd_match *out, size_t max)
{
    walk w = {0};
    w.dict = dict;
    w.kind_mask = kind_mask;
    w.tok = tok;
    w.ids = ids;
    w.ntok = ntok;
    w.fill = fn;
    w.ctx = ctx;
    for (size_t k = 0; slot_names && slot_names[k] && w.nslot < 8; k++) {
        uint32_t sid = sd_dict_find_str(dict, slot_names[k], strlen(slot_names[k]));
        if (sid == SD_NONE)
            continue; /* no pattern uses this slot */
        w.slot_sid[w.nslot] = sid;
        w.slot_name[w.nslot] = slot_names[k];
        w.nslot++;
    }
    return match_scan(&w, out, max);
}

size_t sd_dict_match_at(const sd_dict *dict, unsigned kind_mask, const sd_token *tok,
                        size_t ntok, size_t start, sd_match *out, size_t max)
{
    return sd_dict_match_at_ids(dict, kind_mask, tok, NULL, ntok, start, out, max);
}

size_t sd_dict_match_at_ids(const sd_dict *dict, unsigned kind_mask, const sd_token *tok,
                            const sd_tok_ids *ids, size_t ntok, size_t start, sd_match *out,
                            size_t max)
{
    if (start >= ntok)
        return 0;
    walk w = {0};
    w.dict = dict;
    w.kind_mask = kind_mask;
    w.tok = tok;
    w.ids = ids;
    w.ntok = ntok;
    w.start = start;
    w.must_end = (size_t)-1;
    w.all = 1;
    w.out = out;
    w.max = out ? max : 0;
    walk_from(&w, 0, start, 0);
    return w.count;
}

const sd_entry *sd_dict_lookup(const sd_dict *dict, unsigned kind_mask, const char *phrase)
{
    sd_arena arena;
    sd_arena_init(&arena);
    sd_doc doc;
    const sd_entry *found = NULL;
    if (sd_doc_normalize(&doc, &arena, phrase, strlen(phrase)) == 0 && sd_doc_split(&doc) == 0 &&
        sd_doc_tokenize(&doc) == 0 && doc.ntok > 0) {
        walk w = {0};
        w.dict = dict;
        w.kind_mask = kind_mask;
        w.tok = doc.tok;
        w.ntok = doc.ntok;
        w.start = 0;
        w.must_end = doc.ntok;
        walk_from(&w, 0, 0, 0);
        if (w.best)
            found = &w.best->pub;
    }
    sd_arena_free(&arena);
    return found;
}

/* ---------------------------------------------------------------- dates */

static int digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int32_t sd_date_parse(const char *s, size_t n)
{
    int y, m = 1, d = 1;
    if (n != 4 && n != 7 && n != 10)
        return -1;
    if (digits(s, 4, &y) || y < 1)
        return -1;
    if (n >= 7 && (s[4] != '-' || digits(s + 5, 2, &m) || m < 1 || m > 12))
        return -1;
    if (n == 10 && (s[7] != '-' || digits(s + 8, 2, &d) || d < 1 || d > sd_days_in_month(y, m)))
        return -1;
    return (int32_t)(y * 10000 + m * 100 + d);
}

const sd_code *sd_entry_code_on(const sd_entry *entry, int32_t date)
{
    const sd_code *undated = NULL;
    for (uint16_t i = 0; i < entry->ncodes; i++) {
        const sd_code *c = &entry->codes[i];
        if (c->from == 0 && c->to == SD_DICT_DATE_OPEN_TO) {
            if (!undated)
                undated = c;
        } else if (date > 0 && c->from <= date && date <= c->to) {
            return c;
        }
    }
    return undated;
}
