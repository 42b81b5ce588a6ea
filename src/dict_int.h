/*
 * dict_int.h -- internals of the dictionary engine, shared by dict_load.c
 * (line parser) and dict_match.c (trie and matchers).  Nothing outside
 * dict_*.c includes this file; the coder uses dict.h.
 *
 * Data model
 *   - Every distinct string the dict needs (a phrase word's lower form, its
 *     lemma, a stem, a slot name) is interned once: a string id (sid) is its
 *     index in dict->str.  The table lookup is also how the matcher turns a
 *     token's lower form and lemma into ids; a token whose strings were never
 *     interned cannot match any word.
 *   - A phrase word is a key: (sid << 2) | SD_PW_*.  The trie's ordinary
 *     edges are one open-addressing hash table from (node, key) to child;
 *     stem edges hang off their node as a linked list, and sd_dict_compile
 *     indexes them by (node, hash of the stem) in stem_tab, so that a token
 *     finds the stems it begins with by hashing its own prefixes instead of
 *     comparing every stem of the node (TABARI's verbs put thousands on one
 *     node).
 *   - Under "@match lemma" a plain word also matches a token whose lemma is
 *     the word's lemma: lemma_head maps the lemma's sid to the list of plain
 *     words having it, so one string lookup per token finds them.
 *   - Each trie node carries a linked list of the entries ending there (at
 *     most one per kind: a later conflicting entry replaces the earlier).
 *
 * Ownership: everything belongs to the sd_dict; strings, entries and codes
 * are in dict->arena, tables are sd_malloc'd and freed by sd_dict_free.
 */
#ifndef SD_DICT_INT_H
#define SD_DICT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "article.h" /* sd_days_in_month */
#include "dict.h"
#include "dict_tabari.h"

/* Limits. */
#define SD_DICT_MAX_EXPANSIONS 256 /* phrases one line may expand to         */
#define SD_DICT_MAX_WORDS 64       /* tokens in one phrase (bounds recursion) */
#define SD_DICT_MAX_NESTING 32     /* bracket depth                           */
#define SD_DICT_MAX_CODES 64       /* codes on one line                       */
#define SD_DICT_DATE_OPEN_TO 99999999

#define SD_NONE UINT32_MAX

/* How a phrase word matches a token. */
enum {
    SD_PW_PLAIN = 0, /* lower form equal, or lemma equal (@match lemma)     */
    SD_PW_EXACT = 1, /* lower form equal only (=word, or @match form)        */
    SD_PW_STEM = 2,  /* token's lower form starts with the word (word*)      */
    SD_PW_SLOT = 3   /* {SLOT}: never matches a token; read by the coder      */
};

#define SD_PW_KEY(sid, kind) (((uint32_t)(sid) << 2) | (uint32_t)(kind))
#define SD_PW_SID(key) ((key) >> 2)
#define SD_PW_KIND(key) ((key)&3u)

/* An entry as stored: the public part first so an sd_entry pointer can be
 * turned back into its record. */
typedef struct sd_entry_rec {
    sd_entry pub;
    uint32_t index; /* load order, 0-based */
} sd_entry_rec;

/* Node summaries, kept up to date by sd_dict_insert, let the matcher skip
 * work that cannot lead to an entry of the kinds it looks for.  They may
 * over-approximate (a failed insertion leaves its bits), never under. */
enum {
    SD_NODE_WORDS = 1u << 0, /* plain or exact edges leave this node         */
    SD_NODE_SLOTS = 1u << 1  /* slot edges leave this node                   */
};

typedef struct sd_trie_node {
    uint32_t term; /* first sd_term of the entries ending here, or SD_NONE */
    uint32_t stem; /* first sd_stem_edge leaving this node, or SD_NONE     */
    uint8_t kinds_here;  /* 1 << kind of every entry ending here           */
    uint8_t kinds_below; /* 1 << kind of every entry here or below         */
    uint8_t edges;       /* SD_NODE_*                                      */
    uint32_t sig;        /* bit sd_edge_sig_bit(key) of every plain, exact
                            and slot edge leaving this node: a clear bit
                            says the edge is absent without a probe of the
                            edge table                                    */
} sd_trie_node;

/* The bit of word key wkey in sd_trie_node.sig. */
static inline uint32_t sd_edge_sig_bit(uint32_t wkey)
{
    return 1u << ((wkey * 0x9E3779B1u) >> 27);
}

typedef struct sd_term {
    uint32_t entry; /* index in dict->entries */
    uint32_t next;
} sd_term;

typedef struct sd_stem_edge {
    uint32_t sid;   /* the stem (a prefix of lower forms) */
    uint32_t child;
    uint32_t next;
} sd_stem_edge;

/* A slot of the (node, word key) -> child table; empty when child is
 * SD_NONE. */
typedef struct sd_edge_slot {
    uint32_t node, wkey;
    uint32_t child;
} sd_edge_slot;

/* A slot of the (node, stem hash) -> stem edge index (stem_tab); empty
 * when edge is SD_NONE. */
typedef struct sd_stem_slot {
    uint32_t node, hash; /* hash: hash_str() of the stem's bytes */
    uint32_t edge;       /* index in dict->stems                 */
} sd_stem_slot;

/* Stems longer than this leave stem_tab unbuilt (the lists are scanned). */
#define SD_STEM_INDEX_MAX_LEN 255

typedef struct sd_str_slot {
    uint32_t hash_len; /* the string's hash, its low byte replaced by its
                          length (255: 255 or more)                      */
    uint32_t sid;      /* SD_NONE when empty                             */
    uint64_t head;     /* its first 8 bytes, zero-padded: a string of 8
                          bytes or fewer is compared here, without
                          loading it; most misses end here too           */
} sd_str_slot;

typedef struct sd_lemma_link {
    uint32_t word_sid; /* a plain word having this lemma */
    uint32_t next;
} sd_lemma_link;

/* Growable array of fixed-size items (heap). */
typedef struct sd_vec {
    void *data;
    size_t len, cap;
} sd_vec;

struct sd_dict {
    sd_arena arena;      /* strings, entries, codes, attrs              */
    int failed;          /* sticky: an allocation failed                */
    int compiled;

    /* interned strings */
    sd_vec str;          /* const char *            by sid               */
    sd_vec str_len;      /* uint32_t                by sid               */
    sd_vec str_plain;    /* uint8_t: 1 once the sid is a plain word with
                            its lemma registered in lemma_index          */
    sd_str_slot *str_tab;
    size_t str_tab_cap;  /* power of two                                */

    /* entries */
    sd_vec entries;      /* sd_entry_rec *                               */

    /* trie */
    sd_vec nodes;        /* sd_trie_node; node 0 is the root            */
    sd_vec terms;        /* sd_term                                      */
    sd_vec stems;        /* sd_stem_edge                                 */
    sd_edge_slot *edge_tab;
    size_t edge_tab_cap, edge_count;
    /* The root's plain and exact edges as a direct table, built by
     * sd_dict_compile (NULL before; dropped by a later insertion): child of
     * key SD_PW_KEY(sid, kind) at [2 * sid + kind] for sid < root_sids,
     * else look in edge_tab. */
    uint32_t *root_child;
    size_t root_sids;
    /* Every stem edge by (node, stem hash), built by sd_dict_compile when
     * no stem is longer than SD_STEM_INDEX_MAX_LEN (NULL otherwise, and
     * dropped by a later insertion): then stem_len_has[n] is 1 when some
     * stem has n bytes, and stem_max_len is the longest. */
    sd_stem_slot *stem_tab;
    size_t stem_tab_cap;
    /* By a node's first stem edge (sd_trie_node.stem): how many stem edges
     * leave the node (at most 255), and the lengths they have (bit n for n
     * bytes, bit 63 for 63 or more); with stem_tab. */
    uint8_t *stem_node_count;
    uint64_t *stem_node_lens;
    uint8_t stem_len_has[SD_STEM_INDEX_MAX_LEN + 1];
    uint32_t stem_max_len;

    /* lemma sid -> plain words having that lemma */
    sd_vec lemma_head;   /* uint32_t by sid: first sd_lemma_link, or
                            SD_NONE                                     */
    sd_vec lemma_links;  /* sd_lemma_link                                */

    /* warnings: char * lines, sd_malloc'd */
    sd_vec warnings;
    int max_words;       /* longest phrase inserted, in tokens          */
    sd_tabari_options tabari; /* TABARI .options settings (dict_options.c) */
};

/* --- shared helpers (dict_match.c) --------------------------------------- */

/* Append one item of size sz to v; 0 or SAYDO_ERR_NOMEM. */
int sd_vec_push(sd_vec *v, const void *item, size_t sz);
#define SD_VEC_AT(v, type, i) (((type *)(v).data)[i])

/* The sid of s[0..n), interning it when absent.  Returns SD_NONE on
 * allocation failure (dict->failed is set). */
uint32_t sd_dict_intern(sd_dict *dict, const char *s, size_t n);
/* The sid of s[0..n) or SD_NONE when it was never interned.  Read-only. */
uint32_t sd_dict_find_str(const sd_dict *dict, const char *s, size_t n);
static inline const char *sd_dict_str(const sd_dict *dict, uint32_t sid)
{
    return SD_VEC_AT(dict->str, const char *, sid);
}

/* A phrase word ready for insertion: key plus, for plain words, the sid of
 * sd_lemma(word) (which may be the word's own sid); SD_NONE otherwise. */
typedef struct sd_pword {
    uint32_t key;
    uint32_t lemma_sid;
} sd_pword;

/* Insert one expanded phrase of entry_index.  Handles conflicts: when the
 * node already ends an entry of the same kind, identical codes and
 * attributes keep the earlier silently; otherwise the later replaces it and
 * a warning naming both places is added (once per pair of entries:
 * *warned_for is the last earlier entry warned about for this line).
 * Returns 0 or SAYDO_ERR_NOMEM. */
int sd_dict_insert(sd_dict *dict, uint32_t entry_index, const sd_pword *words, size_t n,
                   uint32_t *warned_for);

/* Size the tables for about `lines` more entries (avoids rehashing while
 * loading a big file).  0 or SAYDO_ERR_NOMEM. */
int sd_dict_reserve(sd_dict *dict, size_t lines);

/* Add a warning line (printf format); 0 or SAYDO_ERR_NOMEM. */
int sd_dict_warn(sd_dict *dict, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* sd_dict_load_buffer starting under "@kind kind" (SD_KIND_*; -1: none),
 * for readers of other formats that translate into this one
 * (dict_tabari.c). */
int sd_dict_load_buffer_kind(sd_dict *dict, const char *name, const char *text, size_t len,
                             int kind, int keep_going, saydo_error *err);

/* Walking the trie by hand (for the verb coder's slot patterns): the child
 * of node along word key wkey (e.g. SD_PW_KEY(sd_dict_find_str(d, "SRC", 3),
 * SD_PW_SLOT)), or SD_NONE.  Node 0 is the root; the entries ending at a
 * node are the sd_term list from dict->nodes[node].term.  Read-only. */
uint32_t sd_dict_edge(const sd_dict *dict, uint32_t node, uint32_t wkey);

/* Entry i (load order). */
static inline sd_entry_rec *sd_dict_entry_rec(const sd_dict *dict, uint32_t i)
{
    return SD_VEC_AT(dict->entries, sd_entry_rec *, i);
}

#endif
