/*
 * tag_model.h -- the tagger's model file format and its features, shared by
 * the trainer (tools/train-tagger.c, which builds the file) and the tagger
 * (tag.c, which reads it).  Header-only and libc-only so that the trainer
 * needs nothing else; both sides compute features with the same functions
 * here, so a model always sees at tagging time what it saw in training.
 *
 * The model is an averaged perceptron (Honnibal, "A good part-of-speech
 * tagger in about 200 lines of Python", 2013): greedy, left to right; a
 * token's score for each tag is the sum of the weights of its features.
 *
 * File layout (native byte order; the header records it):
 *   sd_tagmodel_header                            64 bytes
 *   sd_tagfeat  feat[feat_slots]                  open-addressing table, linear
 *                                                 probing; key 0 = empty slot
 *   uint32_t    weight[nweights]                  (tag << 24) | weight (24-bit,
 *                                                 signed, fixed point), zero-
 *                                                 padded to a multiple of 8 bytes
 *   sd_taglex   lex[lex_slots]                    the lexicon: every training
 *                                                 word, its fixed tag if any
 * A feature has one weight per tag it votes for.  Up to two sit in its slot
 * (a feature seen with few tags costs one cache miss, not two); up to
 * SD_TAGW_DENSE_MIN - 1 are packed weights weight[off .. off+n); more are a
 * dense vector of SD_TAG_DENSE plain int32 values, one per tag, from
 * weight[off] (added with vector instructions).  Both tables' sizes are
 * powers of two.
 */
#ifndef SD_TAG_MODEL_H
#define SD_TAG_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tag.h"

#define SD_TAGGER_MAGIC "SDTAGGER"
#define SD_TAGGER_FORMAT 1u
#define SD_TAGGER_ENDIAN 0x01020304u

typedef struct sd_tagmodel_header {
    char magic[8];        /* SD_TAGGER_MAGIC, no NUL                        */
    uint32_t format;      /* SD_TAGGER_FORMAT                               */
    uint32_t endian;      /* SD_TAGGER_ENDIAN as written                    */
    uint32_t ntags;       /* SD_TAG_COUNT of the trainer                    */
    uint32_t feat_slots;  /* power of two                                   */
    uint32_t nweights;
    uint32_t lex_slots;   /* power of two                                   */
    uint32_t nfeatures;   /* used slots of feat[] (information)             */
    uint32_t nwords;      /* used slots of lex[] (information)              */
    uint32_t reserved[6];
} sd_tagmodel_header;

/* A packed weight: (tag << 24) | 24-bit signed value.  Tag 255 marks a
 * slot whose weights are in weight[]; an unused inline weight is 0 (tag 0,
 * value 0: it adds nothing). */
#define SD_TAGW_FAR 0xFF000000u
/* Tag 254 marks a slot whose weights are a dense vector at weight[w[1]]. */
#define SD_TAGW_DENSE 0xFE000000u
#define SD_TAGW_DENSE_MIN 8
#define SD_TAG_DENSE 48 /* >= SD_TAG_COUNT, a multiple of 8 */

typedef struct sd_tagfeat {
    uint64_t key;         /* sd_tagfeat_key(); 0: empty                     */
    uint32_t w[2];        /* two packed weights; or w[0] = SD_TAGW_FAR | n
                             and w[1] = off: weight[off .. off+n); or
                             w[0] = SD_TAGW_DENSE and w[1] = off            */
} sd_tagfeat;

/* Lexicon flags. */
enum {
    SD_LEX_LOWER = 1u << 0 /* seen in lower case at least as often as
                              capitalised inside a sentence               */
};

typedef struct sd_taglex {
    uint64_t key;         /* sd_tag_hash() of the lower-case word; 0 empty  */
    uint8_t tag;          /* the word's only tag (tag dictionary), or 0     */
    uint8_t flags;        /* SD_LEX_*                                       */
    uint16_t reserved;
    uint32_t count;       /* occurrences in training                        */
} sd_taglex;

/* Bytes of the weight section (padded so that the lexicon is aligned). */
static inline uint64_t sd_tagmodel_weight_bytes(uint64_t nweights)
{
    return (nweights * 4 + 7) & ~(uint64_t)7;
}

/* Bytes of a whole model file with header h. */
static inline uint64_t sd_tagmodel_file_bytes(const sd_tagmodel_header *h)
{
    return sizeof *h + (uint64_t)h->feat_slots * sizeof(sd_tagfeat) +
           sd_tagmodel_weight_bytes(h->nweights) + (uint64_t)h->lex_slots * sizeof(sd_taglex);
}

/* The loaded tables (pointers into one buffer; not owned). */
typedef struct sd_tagmodel {
    const sd_tagfeat *feat;
    uint64_t feat_mask;
    const uint32_t *weight;
    const sd_taglex *lex;
    uint64_t lex_mask;
} sd_tagmodel;

/* --- hashing ----------------------------------------------------------- */

static inline uint64_t sd_tag_mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/* Hash of bytes s[0..n). */
static inline uint64_t sd_tag_hash(const char *s, size_t n)
{
    uint64_t h = 0xCBF29CE484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001B3ull;
    return sd_tag_mix(h ^ n);
}

/* Feature templates. */
enum {
    SD_TF_BIAS, SD_TF_WORD, SD_TF_SUF1, SD_TF_SUF2, SD_TF_SUF3, SD_TF_PRE1, SD_TF_SHAPE,
    SD_TF_SHAPE_FIRST, SD_TF_T1, SD_TF_T1T2, SD_TF_T1_WORD, SD_TF_PREV_WORD,
    SD_TF_PREV_SUF3, SD_TF_NEXT_WORD, SD_TF_NEXT_SUF3, SD_TF_NEXT2_WORD, SD_TF_PREV2_WORD,
    SD_TF_HYPHEN_TAIL, SD_TF_SHAPE_T1, SD_TF_NEXT_FIXED, SD_TF_NEXT_FIXED_SUF2,
    SD_TF_MAX = 24
};

static inline uint64_t sd_tagfeat_key(unsigned tmpl, uint64_t value)
{
    uint64_t k = sd_tag_mix(value ^ ((uint64_t)(tmpl + 1) * 0xD6E8FEB86659FD93ull));
    return k ? k : 1;
}

/* --- a token as the features see it ------------------------------------ */

/* Shape bits. */
enum {
    SD_SH_UPPER = 1u << 0,   /* first letter upper case                     */
    SD_SH_ALLCAPS = 1u << 1, /* two or more letters, all upper case         */
    SD_SH_DIGIT0 = 1u << 2,  /* starts with a digit                         */
    SD_SH_DIGIT = 1u << 3,   /* contains a digit                            */
    SD_SH_HYPHEN = 1u << 4,  /* contains an inner hyphen                    */
    SD_SH_DOT = 1u << 5,     /* contains or ends with a dot (U.S., Gen.)    */
    SD_SH_ALPHA0 = 1u << 6,  /* starts with a letter (or a non-ASCII byte)  */
    SD_SH_FIRST = 1u << 7    /* first token of the sentence                 */
};

typedef struct sd_tagview {
    uint64_t word;      /* hash of the normalised word                      */
    uint64_t suf[3];    /* hashes of its last 1, 2, 3 characters            */
    uint64_t pre1;      /* hash of its first character                      */
    uint64_t tail;      /* hash of the part after the last hyphen, or 0     */
    unsigned shape;     /* SD_SH_*                                          */
    unsigned fixed;     /* the tag the word gets without the model
                           (punctuation, tag dictionary), else 0; set by
                           the caller after sd_tagview_make               */
} sd_tagview;

/* Sentinel words around the sentence. */
static inline void sd_tagview_sentinel(sd_tagview *v, int which)
{
    static const char *const names[4] = {"-START2-", "-START-", "-END-", "-END2-"};
    memset(v, 0, sizeof *v);
    v->word = sd_tag_hash(names[which], strlen(names[which]));
    v->suf[2] = v->word;
    v->fixed = 60u + (unsigned)which;
}

static inline size_t sd_tag_utf8_back(const char *s, size_t n, size_t chars)
{
    size_t i = n;
    while (chars-- > 0 && i > 0) {
        i--;
        while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
            i--;
    }
    return i;
}

/* The view of a token whose lower-case text is lower[0..n); upper/allcaps
 * say how it was written, first whether it opens its sentence.  Numbers
 * share one word: "!YEAR" (four digits) or "!DIGITS". */
static inline void sd_tagview_make(sd_tagview *v, const char *lower, size_t n, int upper,
                                   int allcaps, int first)
{
    unsigned shape = (upper ? SD_SH_UPPER : 0) | (allcaps ? SD_SH_ALLCAPS : 0) |
                     (first ? SD_SH_FIRST : 0);
    size_t digits = 0, last_hyphen = 0;
    for (size_t i = 0; i < n; i++) {
        char c = lower[i];
        if (c >= '0' && c <= '9')
            digits++;
        else if (c == '-' && i > 0 && i + 1 < n)
            last_hyphen = i + 1;
        else if (c == '.')
            shape |= SD_SH_DOT;
    }
    if (digits)
        shape |= SD_SH_DIGIT;
    if (last_hyphen)
        shape |= SD_SH_HYPHEN;
    unsigned char c0 = n ? (unsigned char)lower[0] : 0;
    if (c0 >= '0' && c0 <= '9')
        shape |= SD_SH_DIGIT0;
    else if ((c0 >= 'a' && c0 <= 'z') || c0 >= 0x80)
        shape |= SD_SH_ALPHA0;
    v->shape = shape;
    v->fixed = 0;
    if ((shape & SD_SH_DIGIT0) && digits == n && n == 4)
        v->word = sd_tag_hash("!YEAR", 5);
    else if (shape & SD_SH_DIGIT0)
        v->word = sd_tag_hash("!DIGITS", 7);
    else
        v->word = sd_tag_hash(lower, n);
    for (size_t k = 0; k < 3; k++) {
        size_t b = sd_tag_utf8_back(lower, n, k + 1);
        v->suf[k] = sd_tag_hash(lower + b, n - b) ^ (k + 1);
    }
    size_t p = 1;
    while (p < n && ((unsigned char)lower[p] & 0xC0) == 0x80)
        p++;
    v->pre1 = sd_tag_hash(lower, n ? p : 0);
    v->tail = last_hyphen ? sd_tag_hash(lower + last_hyphen, n - last_hyphen) : 0;
}

/* Sentinel tags before the sentence (not real tags). */
#define SD_TAG_START 62u
#define SD_TAG_START2 63u

/* The feature keys of the token at w[2] (w[0..5): two before, the token,
 * two after), given the two previous tags.  Returns how many (<= SD_TF_MAX). */
static inline size_t sd_tagfeat_keys(const sd_tagview w[5], unsigned t1, unsigned t2,
                                     uint64_t keys[SD_TF_MAX])
{
    const sd_tagview *v = &w[2];
    size_t k = 0;
    keys[k++] = sd_tagfeat_key(SD_TF_BIAS, 0);
    keys[k++] = sd_tagfeat_key(SD_TF_WORD, v->word);
    keys[k++] = sd_tagfeat_key(SD_TF_SUF1, v->suf[0]);
    keys[k++] = sd_tagfeat_key(SD_TF_SUF2, v->suf[1]);
    keys[k++] = sd_tagfeat_key(SD_TF_SUF3, v->suf[2]);
    keys[k++] = sd_tagfeat_key(SD_TF_PRE1, v->pre1);
    keys[k++] = sd_tagfeat_key(SD_TF_SHAPE, v->shape & ~SD_SH_FIRST);
    keys[k++] = sd_tagfeat_key(SD_TF_SHAPE_FIRST, v->shape);
    keys[k++] = sd_tagfeat_key(SD_TF_T1, t1);
    keys[k++] = sd_tagfeat_key(SD_TF_T1T2, t1 * 64 + t2);
    keys[k++] = sd_tagfeat_key(SD_TF_T1_WORD, v->word ^ sd_tag_mix(t1));
    keys[k++] = sd_tagfeat_key(SD_TF_PREV_WORD, w[1].word);
    keys[k++] = sd_tagfeat_key(SD_TF_PREV_SUF3, w[1].suf[2]);
    keys[k++] = sd_tagfeat_key(SD_TF_NEXT_WORD, w[3].word);
    keys[k++] = sd_tagfeat_key(SD_TF_NEXT_SUF3, w[3].suf[2]);
    keys[k++] = sd_tagfeat_key(SD_TF_NEXT2_WORD, w[4].word);
    keys[k++] = sd_tagfeat_key(SD_TF_PREV2_WORD, w[0].word);
    if (v->tail)
        keys[k++] = sd_tagfeat_key(SD_TF_HYPHEN_TAIL, v->tail);
    keys[k++] = sd_tagfeat_key(SD_TF_SHAPE_T1, (v->shape & ~SD_SH_FIRST) * 64 + t1);
    /* Look-ahead the greedy tagger can afford: the next words' tags when
     * they are fixed without the model (a determiner, a comma, "by"). */
    keys[k++] = sd_tagfeat_key(SD_TF_NEXT_FIXED, w[3].fixed * 64 + w[4].fixed);
    keys[k++] = sd_tagfeat_key(SD_TF_NEXT_FIXED_SUF2, v->suf[1] ^ sd_tag_mix(w[3].fixed + 100));
    return k;
}

/* --- lookups in a loaded model ----------------------------------------- */

static inline const sd_tagfeat *sd_tagmodel_feat(const sd_tagmodel *m, uint64_t key)
{
    for (uint64_t i = key & m->feat_mask;; i = (i + 1) & m->feat_mask) {
        const sd_tagfeat *f = &m->feat[i];
        if (f->key == key)
            return f;
        if (f->key == 0)
            return NULL;
    }
}

static inline const sd_taglex *sd_tagmodel_lex(const sd_tagmodel *m, uint64_t word)
{
    uint64_t key = word ? word : 1;
    for (uint64_t i = (key >> 7) & m->lex_mask;; i = (i + 1) & m->lex_mask) {
        const sd_taglex *e = &m->lex[i];
        if (e->key == key)
            return e;
        if (e->key == 0)
            return NULL;
    }
}

static inline int32_t sd_tagweight_value(uint32_t packed)
{
    return (int32_t)(packed << 8) >> 8;
}

/* The best tag (1 .. ntags-1) for the keys; ties go to the lower tag. */
/* Add the weights of feature f (NULL: none) to score[0..SD_TAG_DENSE). */
static inline void sd_tagmodel_add(const sd_tagmodel *m, const sd_tagfeat *f, int32_t *score)
{
    if (!f)
        return;
    uint32_t a = f->w[0], b = f->w[1];
    if ((a >> 24) < 0xFE) {
        score[a >> 24] += sd_tagweight_value(a);
        score[b >> 24] += sd_tagweight_value(b);
        return;
    }
    if (a == SD_TAGW_DENSE) {
        const int32_t *d = (const int32_t *)(m->weight + b);
        for (unsigned t = 0; t < SD_TAG_DENSE; t++)
            score[t] += d[t];
        return;
    }
    const uint32_t *w = m->weight + b;
    for (uint32_t j = 0, n = a & 0xFFFFFFu; j < n; j++)
        score[w[j] >> 24] += sd_tagweight_value(w[j]);
}

/* As sd_tagmodel_predict, with the scores starting from init[0..64) (the
 * summed weights of features the caller found once for many tokens), or
 * from zero when init is NULL.  Sums are the same in any order, so the
 * tag is too. */
static inline unsigned sd_tagmodel_predict_from(const sd_tagmodel *m, const uint64_t *keys,
                                                size_t nkeys, unsigned ntags,
                                                const int32_t *init)
{
    int32_t score[64] = {0};
    if (init)
        memcpy(score, init, sizeof score);
    const sd_tagfeat *found[SD_TF_MAX];
    if (ntags > SD_TAG_DENSE)
        ntags = SD_TAG_DENSE;
    if (nkeys > SD_TF_MAX)
        nkeys = SD_TF_MAX;
#if defined(__GNUC__)
    /* Start every slot's load before the first probe: the table is larger
     * than the core's caches, and the loads then overlap. */
    for (size_t k = 0; k < nkeys; k++)
        __builtin_prefetch(&m->feat[keys[k] & m->feat_mask]);
#endif
    for (size_t k = 0; k < nkeys; k++) {
        found[k] = sd_tagmodel_feat(m, keys[k]);
#if defined(__GNUC__)
        if (found[k] && (found[k]->w[0] >> 24) >= 0xFE)
            __builtin_prefetch(m->weight + found[k]->w[1]);
#endif
    }
    for (size_t k = 0; k < nkeys; k++)
        sd_tagmodel_add(m, found[k], score);
    /* the best score kept in a variable: comparing with score[best] made
     * each step wait for the previous one's load */
    unsigned best = 1;
    int32_t best_score = score[1];
    for (unsigned t = 2; t < ntags; t++)
        if (score[t] > best_score) {
            best_score = score[t];
            best = t;
        }
    return best;
}

/* The best tag for the features keys[0..nkeys) (sums of weights). */
static inline unsigned sd_tagmodel_predict(const sd_tagmodel *m, const uint64_t *keys,
                                           size_t nkeys, unsigned ntags)
{
    return sd_tagmodel_predict_from(m, keys, nkeys, ntags, NULL);
}

/* The fixed tag of a punctuation token p[0..n), or 0 (SD_TAG_NONE) when
 * it does not start with punctuation. */
static inline unsigned sd_tag_punct(const char *p, size_t n)
{
    if (n == 0)
        return SD_TAG_NONE;
    unsigned char c = (unsigned char)p[0];
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80)
        return SD_TAG_NONE;
    if (n == 1 && c == ',')
        return SD_TAG_COMMA;
    if (c == '.' && n >= 3)
        return SD_TAG_COLON; /* ... */
    if (c == '.' || c == '?' || c == '!')
        return SD_TAG_STOP;
    if (c == ':' || c == ';' || c == '-')
        return SD_TAG_COLON;
    if (c == '(' || c == '[' || c == '{')
        return SD_TAG_LRB;
    if (c == ')' || c == ']' || c == '}')
        return SD_TAG_RRB;
    if (c == '"' || c == '\'' || c == '`')
        return SD_TAG_QUOTE;
    return SD_TAG_SYM;
}

#endif
