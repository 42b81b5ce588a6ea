/*
 * text.h -- the text pipeline's data: one article's normalised document,
 * its paragraphs, sentences and tokens.  Everything here lives in the
 * document's arena and is freed with it.
 *
 * Stages, one per file, each filling part of sd_doc:
 *   utf8.c      sd_doc_normalize   NFC, quote and dash normalisation, with a
 *                                  map from every normalised byte back to its
 *                                  byte in the original text
 *   sentence.c  sd_doc_split       paragraphs, sentences, sentence kinds
 *                                  (headline, dateline, byline, bio), quotes
 *   token.c     sd_doc_tokenize    tokens with flags, lower-case and lemma
 *   lemma.c     sd_lemma           English lemmatiser used by token.c
 *
 * Offsets: every start/end below is a byte offset into doc->norm; map it to
 * the original text with doc->orig_off[offset].
 */
#ifndef SD_TEXT_H
#define SD_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "saydo.h"

/* Token flags. */
enum {
    SD_TOK_WORD = 1u << 0,      /* letters (may contain ' - . inside)         */
    SD_TOK_NUM = 1u << 1,       /* starts with a digit: 15, 1,000, 3.5, 2022  */
    SD_TOK_PUNCT = 1u << 2,     /* punctuation: , . ; : ! ? ( ) - --          */
    SD_TOK_QUOTE = 1u << 3,     /* a quotation mark token itself              */
    SD_TOK_CAP = 1u << 4,       /* first letter upper case                    */
    SD_TOK_ALLCAPS = 1u << 5,   /* two or more letters, all upper case        */
    SD_TOK_QUOTED = 1u << 6,    /* inside quotation marks (quoted speech)     */
    SD_TOK_ABBREV = 1u << 7,    /* abbreviation with its dot: U.S., Gen.      */
    SD_TOK_POSS = 1u << 8,      /* the possessive clitic 's or ' split off    */
    SD_TOK_SENT_START = 1u << 9,/* first word token of its sentence           */
    SD_TOK_HYPHEN = 1u << 10,   /* word contains a hyphen                     */
    SD_TOK_CLITIC = 1u << 11    /* n't 're 've 'll 'd 'm split from a word    */
};

typedef struct sd_token {
    uint32_t start, end;  /* bytes in doc->norm                              */
    const char *lower;    /* lower-cased text, NUL-terminated (arena)        */
    const char *lemma;    /* lemma of lower (arena; may equal lower)         */
    uint32_t flags;       /* SD_TOK_*                                        */
    uint16_t pos;         /* part of speech (0 = untagged; set by the coder) */
    uint16_t sentence;    /* unused by the text stages; free for the coder   */
} sd_token;

typedef struct sd_sentence {
    uint32_t start, end;      /* bytes in doc->norm, trimmed of white space */
    uint32_t paragraph;       /* 0-based                                    */
    saydo_sentence_kind kind; /* body, headline, dateline, byline, bio      */
    uint32_t tok_first;       /* index of the first token in doc->tok       */
    uint32_t tok_count;
    uint32_t quoted;          /* 1 when the sentence contains quoted speech */
    struct sd_parse *parse;   /* its grammar (grammar.h), or NULL: not
                                 parsed yet (sd_result_parse parses on
                                 demand when coding), or no tagger model   */
    int parse_tried;          /* 1 once tagged and parsed (or tried)      */
} sd_sentence;

typedef struct sd_doc {
    sd_arena *arena;          /* owns everything below (not owned by doc)   */
    const char *orig;         /* the original text (not owned)              */
    size_t orig_len;
    char *norm;               /* normalised text, NUL-terminated            */
    size_t norm_len;
    uint32_t *orig_off;       /* norm_len + 1 entries                       */
    int has_title;            /* 1: the first paragraph is a headline given
                                 separately (JSONL title); 0: plain text,
                                 the first non-empty line is the headline   */
    sd_sentence *sent;
    size_t nsent;
    sd_token *tok;
    size_t ntok;
} sd_doc;

/* Initialise doc over text[0..len) (valid UTF-8, no NUL) with arena.
 * Fills norm, norm_len and orig_off.  Returns 0 or SAYDO_ERR_NOMEM. */
int sd_doc_normalize(sd_doc *doc, sd_arena *arena, const char *text, size_t len);

/* Split doc->norm into paragraphs and sentences (doc->sent, doc->nsent),
 * marking headline, dateline, byline and bio sentences.  Needs normalize.
 * Returns 0 or SAYDO_ERR_NOMEM. */
int sd_doc_split(sd_doc *doc);

/* Tokenise every sentence (doc->tok, doc->ntok; sets tok_first/tok_count),
 * with flags, lower-case and lemma.  Needs split.  0 or SAYDO_ERR_NOMEM. */
int sd_doc_tokenize(sd_doc *doc);

/* The lemma of a lower-case word w[0..n): nouns to singular, verbs to base
 * form ("withdrew" -> "withdraw", "forces" -> "force", "talks" -> "talk").
 * Returns w itself when it is its own lemma, else a string in arena (or
 * static storage); NULL only on allocation failure. */
const char *sd_lemma(sd_arena *arena, const char *w, size_t n);

/* 1 when the NUL-terminated strings a and b are equal: strcmp's answer,
 * without a call for the usual case of a word that differs from b in its
 * first byte (the coder compares tokens with short words all the time).
 * a and b must not be NULL. */
static inline int sd_streq(const char *a, const char *b)
{
    return a[0] == b[0] && (a[0] == '\0' || strcmp(a + 1, b + 1) == 0);
}

/* Map a normalised offset to the original text. */
static inline size_t sd_doc_orig(const sd_doc *doc, uint32_t norm_offset)
{
    return doc->orig_off[norm_offset];
}

#endif
