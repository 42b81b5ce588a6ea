/*
 * dict.h -- saydo's dictionary engine: the project's own text format for
 * actors, agents, verb patterns and places (docs/dictionary-format.md),
 * a loader whose errors name file:line, and a matcher that finds the
 * longest dictionary phrases in a sentence's tokens in linear time.
 *
 * Files: dict_load.c (parsing lines into entries), dict_match.c (the
 * compiled trie and the matcher).  Internals in dict_int.h.
 *
 * Ownership: an sd_dict owns its entries, strings and trie.  Entries and
 * codes returned by lookups and matches point into the dict and live until
 * sd_dict_free.  A compiled dict is read-only and may be shared by threads.
 */
#ifndef SD_DICT_H
#define SD_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "saydo.h"
#include "text.h"

/* What an entry is; set per file by "@kind NAME". */
typedef enum sd_kind {
    SD_KIND_ACTOR = 0,   /* countries, organisations, people -> actor code   */
    SD_KIND_AGENT = 1,   /* role words -> sector code (GOV, MIL, ...)        */
    SD_KIND_VERB = 2,    /* verb and noun patterns -> CAMEO event code       */
    SD_KIND_PLACE = 3,   /* place names -> country / place record            */
    SD_KIND_WORD = 4,    /* word lists for the grammar (negation, modals...) */
    SD_KIND_COUNT = 5
} sd_kind;

/* One code of an entry, valid on dates [from, to] given as YYYYMMDD
 * integers; from = 0 and to = 99999999 when open. */
typedef struct sd_code {
    const char *code;
    int32_t from, to;
} sd_code;

typedef struct sd_entry {
    sd_kind kind;
    const char *phrase;     /* the phrase as written in the file (first
                               alternative when the line has several)     */
    const char *file;       /* file name, owned by the dict               */
    uint32_t line;          /* 1-based line in file                       */
    uint16_t ncodes;
    const sd_code *codes;
    const char *attrs;      /* "key=value key=value" after ';', or ""     */
} sd_entry;

/* A slot of a pattern ({TGT}, {X}) and the tokens [start, end) that
 * filled it. */
#define SD_MATCH_MAX_SLOTS 4
typedef struct sd_slot_span {
    uint32_t start, end;
    const char *name;     /* upper-case slot name, owned by the dict     */
} sd_slot_span;

/* A match of an entry over tokens [tok_start, tok_end) of the token array
 * given to the matcher, with the slots it filled (sd_dict_match_slots). */
typedef struct sd_match {
    uint32_t tok_start, tok_end;
    const sd_entry *entry;
    uint32_t nslots;
    sd_slot_span slot[SD_MATCH_MAX_SLOTS];
} sd_match;

/* Slot fillers: write into ends[0..max) the token ends (exclusive, >= pos)
 * of every way slot `name` can be filled starting at token pos, and return
 * how many.  Called by sd_dict_match_slots with the caller's ctx. */
typedef size_t (*sd_slot_fn)(void *ctx, const char *name, size_t pos, size_t *ends, size_t max);

typedef struct sd_dict sd_dict;

/* A new empty dict; NULL when out of memory.  Free with sd_dict_free. */
sd_dict *sd_dict_new(void);
void sd_dict_free(sd_dict *dict);

/* Load a dictionary file / buffer (name is used in messages).  Stops at the
 * first malformed line with SAYDO_ERR_DICT and err naming file:line, unless
 * keep_going is set: then malformed lines are reported through
 * sd_dict_warning_* and skipped.  May be called several times before
 * sd_dict_compile. */
int sd_dict_load_file(sd_dict *dict, const char *path, int keep_going, saydo_error *err);
int sd_dict_load_buffer(sd_dict *dict, const char *name, const char *text, size_t len,
                        int keep_going, saydo_error *err);

/* Build the matcher.  After this the dict is read-only.  Entries with the
 * same phrase and kind but conflicting codes produce one warning naming
 * both places. */
int sd_dict_compile(sd_dict *dict, saydo_error *err);

size_t sd_dict_entry_count(const sd_dict *dict);
size_t sd_dict_warning_count(const sd_dict *dict);
const char *sd_dict_warning(const sd_dict *dict, size_t i);

/* Longest-leftmost, non-overlapping matches of entries of the kinds in
 * kind_mask (bit 1 << SD_KIND_*) over tok[0..ntok).  Writes at most max
 * matches into out in text order and returns how many were found (which may
 * exceed max: call again with a larger array).  Linear in ntok times the
 * longest phrase. */
size_t sd_dict_match(const sd_dict *dict, unsigned kind_mask, const sd_token *tok, size_t ntok,
                     sd_match *out, size_t max);

/* As sd_dict_match, but patterns may contain the slots named in
 * slot_names (NULL-terminated, e.g. {"TGT", "X", NULL}); fn says how each
 * can be filled.  A match records its slot spans. */
size_t sd_dict_match_slots(const sd_dict *dict, unsigned kind_mask, const sd_token *tok,
                           size_t ntok, const char *const *slot_names, sd_slot_fn fn, void *ctx,
                           sd_match *out, size_t max);

/* Every entry of a kind whose phrase matches tok[start..) exactly to its
 * end, longest first; returns the count (may exceed max). */
size_t sd_dict_match_at(const sd_dict *dict, unsigned kind_mask, const sd_token *tok,
                        size_t ntok, size_t start, sd_match *out, size_t max);

/* The matchers look each token's lower form and lemma up in the dict's
 * string table.  A caller matching one token array several times (with
 * different kinds) can do that once: sd_dict_token_ids fills ids[0..ntok)
 * for tok[0..ntok), and the *_ids matchers below take them, with results
 * identical to the plain matchers.  ids are valid for this dict and these
 * tokens only; the caller owns the array. */
#define SD_TOK_ROOT_MAX 4    /* root children kept per token             */
#define SD_TOK_ROOT_MORE 255 /* nroot: more than that, found per visit    */
typedef struct sd_tok_ids {
    uint32_t lower, lemma; /* string ids, or UINT32_MAX: cannot match a word */
    uint32_t lower_len;
    /* The trie root's word children the token leads to, in the order the
     * matcher follows them (its lower form as a plain word, as an exact
     * word, then the plain words sharing its lemma), each with the score
     * of the step and the kinds of the entries at or below it, so that each
     * scan starts without looking them up again (internal to dict_match.c;
     * nroot is SD_TOK_ROOT_MORE when they did not fit). */
    uint8_t nroot;
    uint8_t root_score[SD_TOK_ROOT_MAX];
    uint8_t root_kinds[SD_TOK_ROOT_MAX];
    uint32_t root_child[SD_TOK_ROOT_MAX];
} sd_tok_ids;

void sd_dict_token_ids(const sd_dict *dict, const sd_token *tok, size_t ntok, sd_tok_ids *ids);
size_t sd_dict_match_ids(const sd_dict *dict, unsigned kind_mask, const sd_token *tok,
                         const sd_tok_ids *ids, size_t ntok, sd_match *out, size_t max);
size_t sd_dict_match_slots_ids(const sd_dict *dict, unsigned kind_mask, const sd_token *tok,
                               const sd_tok_ids *ids, size_t ntok, const char *const *slot_names,
                               sd_slot_fn fn, void *ctx, sd_match *out, size_t max);
size_t sd_dict_match_at_ids(const sd_dict *dict, unsigned kind_mask, const sd_token *tok,
                            const sd_tok_ids *ids, size_t ntok, size_t start, sd_match *out,
                            size_t max);

/* An entry's place in load order, 0 .. sd_dict_entry_count - 1, so that
 * callers can keep side tables indexed by entry; and entry i. */
size_t sd_entry_index(const sd_entry *entry);
const sd_entry *sd_dict_entry(const sd_dict *dict, size_t i);

/* Look a phrase up as text ("Antony Blinken"): it is tokenised like article
 * text and must match an entry from its first to its last token. */
const sd_entry *sd_dict_lookup(const sd_dict *dict, unsigned kind_mask, const char *phrase);

/* The entry's code valid on date (YYYYMMDD): the code whose range covers
 * it, else the first code without a range; with date 0 (unknown) only the
 * code without a range.  NULL when none applies. */
const sd_code *sd_entry_code_on(const sd_entry *entry, int32_t date);

/* "2022-03-29" -> 20220329; "2022" -> 20220101 (from) ; -1 if malformed. */
int32_t sd_date_parse(const char *s, size_t n);

#endif
