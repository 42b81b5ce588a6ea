/*
 * tag.c -- the part-of-speech tagger (tag.h): loads the averaged perceptron
 * that tools/train-tagger.c trains on the Brown Corpus and tags sentences
 * greedily, left to right, with the features of tag_model.h.
 *
 * A token's tag comes from, in order:
 *   1. its punctuation (sd_tag_punct): , . : ( ) " and SYM for $ % & /;
 *      a possessive apostrophe ("Ukrainians'") is POS;
 *   2. the tag dictionary: a frequent training word with one tag ("the");
 *   3. the model: the best-scoring tag of its features.
 * In a title-case headline a capitalised word that the model knows mostly
 * in lower case, itself or by its lemma, is seen as lower case ("Warns" as
 * "warns", "Rejects" as "rejects"); an unknown capitalised word keeps its
 * capital and so still looks like a name.
 *
 * The model file is read into one buffer; its hash tables are used where
 * they lie, so loading is one read and a check of every offset.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tag.h"
#include "tag_model.h"

struct sd_tagger {
    void *buf;       /* the file's bytes (owned)           */
    size_t size;
    sd_tagmodel m;   /* tables pointing into buf           */
    /* the summed weights of the features that depend on a token's shape
     * alone (bias, shape, shape with first position), per shape: found
     * once at load instead of three look-ups per token */
    int32_t shape_score[256][64];
};

static const char *const tag_names[] = {
#define SD_TAG_NAME(name, str) str,
    SD_TAG_LIST(SD_TAG_NAME)
#undef SD_TAG_NAME
};

const char *sd_tag_name(unsigned tag)
{
    return tag < SD_TAG_COUNT ? tag_names[tag] : "?";
}

int sd_tag_from_name(const char *name, size_t n)
{
    for (unsigned t = 0; t < SD_TAG_COUNT; t++)
        if (strlen(tag_names[t]) == n && memcmp(tag_names[t], name, n) == 0)
            return (int)t;
    return -1;
}

/* Read the whole file at path into a malloc'd buffer. */
static int read_all(const char *path, void **out, size_t *size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return SAYDO_ERR_IO;
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size < 0) {
        close(fd);
        return SAYDO_ERR_IO;
    }
    size_t n = (size_t)st.st_size, got = 0;
    char *buf = sd_table_alloc(n ? n : 1);
    if (!buf) {
        close(fd);
        return SAYDO_ERR_NOMEM;
    }
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (got != n) {
        sd_table_free(buf, n ? n : 1);
        return SAYDO_ERR_IO;
    }
    *out = buf;
    *size = n;
    return 0;
}

static int is_pow2(uint32_t x) { return x && !(x & (x - 1)); }

/* 1 when feature f's weights lie inside weight[0..nweights) and name tags
 * of the tagset. */
static int feature_ok(const sd_tagfeat *f, const uint32_t *weight, uint32_t nweights)
{
    uint32_t mark = f->w[0] >> 24, off = f->w[1];
    if (f->w[0] == SD_TAGW_DENSE)
        return off <= nweights && nweights - off >= SD_TAG_DENSE;
    if (mark != 0xFF)
        return mark < SD_TAG_COUNT && (f->w[1] >> 24) < SD_TAG_COUNT;
    uint32_t n = f->w[0] & 0xFFFFFFu;
    if (off > nweights || n > nweights - off)
        return 0;
    for (uint32_t j = 0; j < n; j++)
        if ((weight[off + j] >> 24) >= SD_TAG_COUNT)
            return 0;
    return 1;
}

/* Check the header and every offset and tag; point tg->m at the tables.
 * Returns 0, or fills errbuf and returns SAYDO_ERR_DICT. */
static int check_model(sd_tagger *tg, const char *path, char *errbuf, size_t errlen)
{
    const sd_tagmodel_header *h = tg->buf;
    const char *why = NULL;
    size_t at = 0;
    if (tg->size < sizeof *h || memcmp(h->magic, SD_TAGGER_MAGIC, 8) != 0)
        why = tg->size < sizeof *h ? "too short for a header" : "not a tagger model (bad magic)";
    else if ((at = 8, h->format != SD_TAGGER_FORMAT))
        why = "model format version is not " "1 (retrain it: make)";
    else if ((at = 12, h->endian != SD_TAGGER_ENDIAN))
        why = "written with another byte order";
    else if ((at = 16, h->ntags != SD_TAG_COUNT))
        why = "trained for another tagset (retrain it: make)";
    else if ((at = 20, !is_pow2(h->feat_slots) || !is_pow2(h->lex_slots)))
        why = "table sizes are not powers of two";
    else if ((at = tg->size, sd_tagmodel_file_bytes(h) != tg->size))
        why = "truncated or too long for its header";
    if (why) {
        snprintf(errbuf, errlen, "%s: byte %zu: %s", path, at, why);
        return SAYDO_ERR_DICT;
    }
    const char *base = tg->buf;
    tg->m.feat = (const sd_tagfeat *)(base + sizeof *h);
    tg->m.feat_mask = h->feat_slots - 1;
    tg->m.weight = (const uint32_t *)(tg->m.feat + h->feat_slots);
    tg->m.lex = (const sd_taglex *)((const char *)tg->m.weight + sd_tagmodel_weight_bytes(h->nweights));
    tg->m.lex_mask = h->lex_slots - 1;
    for (uint32_t i = 0; i < h->feat_slots; i++) {
        const sd_tagfeat *f = &tg->m.feat[i];
        if (f->key && !feature_ok(f, tg->m.weight, h->nweights)) {
            snprintf(errbuf, errlen, "%s: byte %zu: feature weights out of range", path,
                     (size_t)((const char *)f - base));
            return SAYDO_ERR_DICT;
        }
    }
    for (uint32_t i = 0; i < h->lex_slots; i++)
        if (tg->m.lex[i].tag >= SD_TAG_COUNT) {
            snprintf(errbuf, errlen, "%s: byte %zu: word with tag %u", path,
                     (size_t)((const char *)&tg->m.lex[i] - base), tg->m.lex[i].tag);
            return SAYDO_ERR_DICT;
        }
    return 0;
}

int sd_tagger_load(const char *path, sd_tagger **out, char *errbuf, size_t errlen)
{
    *out = NULL;
    if (errlen)
        errbuf[0] = '\0';
    sd_tagger *tg = sd_calloc(1, sizeof *tg);
    if (!tg)
        return SAYDO_ERR_NOMEM;
    int rc = read_all(path, &tg->buf, &tg->size);
    if (rc == SAYDO_ERR_IO)
        snprintf(errbuf, errlen, "%s: cannot read the tagger model", path);
    if (rc == 0)
        rc = check_model(tg, path, errbuf, errlen);
    for (unsigned sh = 0; rc == 0 && sh < 256; sh++) {
        int32_t *sc = tg->shape_score[sh];
        sd_tagmodel_add(&tg->m, sd_tagmodel_feat(&tg->m, sd_tagfeat_key(SD_TF_BIAS, 0)), sc);
        sd_tagmodel_add(&tg->m,
                        sd_tagmodel_feat(&tg->m, sd_tagfeat_key(SD_TF_SHAPE, sh & ~SD_SH_FIRST)),
                        sc);
        sd_tagmodel_add(&tg->m, sd_tagmodel_feat(&tg->m, sd_tagfeat_key(SD_TF_SHAPE_FIRST, sh)),
                        sc);
    }
    if (rc) {
        sd_tagger_free(tg);
        return rc;
    }
    *out = tg;
    return 0;
}

void sd_tagger_free(sd_tagger *tagger)
{
    if (!tagger)
        return;
    sd_table_free(tagger->buf, tagger->size ? tagger->size : 1);
    free(tagger);
}

int sd_tagger_knows(const sd_tagger *tagger, const char *lower, size_t n)
{
    if (!tagger)
        return 0;
    sd_tagview v;
    sd_tagview_make(&v, lower, n, 0, 0, 0);
    return sd_tagmodel_lex(&tagger->m, v.word) != NULL;
}

int sd_tag_title_case(const sd_doc *doc, const sd_sentence *s)
{
    if (s->kind != SAYDO_SENT_HEADLINE)
        return 0;
    size_t words = 0, caps = 0;
    for (size_t k = 0; k < s->tok_count; k++) {
        uint32_t f = doc->tok[s->tok_first + k].flags;
        if (!(f & SD_TOK_WORD))
            continue;
        words++;
        caps += (f & SD_TOK_CAP) != 0;
    }
    return words >= 2 && caps * 3 >= words * 2;
}

/* 1 when the lexicon knows lower[0..n) mostly in lower case. */
static int known_lower(const sd_tagger *tg, const char *lower, size_t n)
{
    sd_tagview v;
    sd_tagview_make(&v, lower, n, 0, 0, 0);
    const sd_taglex *e = sd_tagmodel_lex(&tg->m, v.word);
    return e && (e->flags & SD_LEX_LOWER);
}

/* The tag of a token given without the model (punctuation, the possessive
 * apostrophe, the tag dictionary), or 0. */
static unsigned fixed_tag(const sd_doc *doc, const sd_token *tok, const sd_taglex *lex)
{
    if (tok->flags & SD_TOK_QUOTE)
        return SD_TAG_QUOTE;
    if (tok->flags & SD_TOK_PUNCT) {
        unsigned p = sd_tag_punct(doc->norm + tok->start, tok->end - tok->start);
        return p ? p : SD_TAG_SYM;
    }
    if ((tok->flags & SD_TOK_POSS) && tok->end - tok->start == 1)
        return SD_TAG_POS;
    return lex ? lex->tag : 0;
}

#define FIXED_PENDING 255u /* sd_tagview.fixed not looked up yet */

/* The view of token tok.  In a headline a capitalised word known mostly in
 * lower case -- itself, or by its lemma ("Rejects": "reject") -- is seen as
 * written in lower case.  The fixed tag is left FIXED_PENDING (see
 * resolve_fixed) while the word's lexicon slot loads. */
static void token_view(const sd_tagger *tg, const sd_token *tok, int headline, sd_tagview *v)
{
    uint32_t f = tok->flags;
    const char *lower = tok->lower ? tok->lower : "";
    size_t n = strlen(lower);
    sd_tagview_make(v, lower, n, (f & SD_TOK_CAP) != 0, (f & SD_TOK_ALLCAPS) != 0,
                    (f & SD_TOK_SENT_START) != 0);
    v->fixed = FIXED_PENDING;
#if defined(__GNUC__)
    __builtin_prefetch(&tg->m.lex[((v->word ? v->word : 1) >> 7) & tg->m.lex_mask]);
#endif
    if (!headline || !(f & SD_TOK_CAP))
        return;
    const sd_taglex *lex = sd_tagmodel_lex(&tg->m, v->word);
    int lowered = lex ? (lex->flags & SD_LEX_LOWER) != 0
                      : (tok->lemma && strcmp(tok->lemma, lower) != 0 &&
                         known_lower(tg, tok->lemma, strlen(tok->lemma)));
    if (lowered)
        v->shape &= ~(unsigned)(SD_SH_UPPER | SD_SH_ALLCAPS);
}

/* Fill v->fixed for token tok when it is still pending. */
static void resolve_fixed(const sd_tagger *tg, const sd_doc *doc, const sd_token *tok,
                          sd_tagview *v)
{
    if (v->fixed == FIXED_PENDING)
        v->fixed = fixed_tag(doc, tok, sd_tagmodel_lex(&tg->m, v->word));
}

/* The keys of sd_tagfeat_keys that do not depend on the tags before the
 * token at w[2] nor on the fixed tags after it: known a token ahead, so
 * that their slots can load while the token before is scored.  With
 * tag_keys below and tagger->shape_score (bias, shape, shape-first), the
 * same features as sd_tagfeat_keys (in another order: the scores are sums,
 * so the order changes nothing). */
#define WORD_KEYS_MAX 16
static size_t word_keys(const sd_tagview w[5], uint64_t keys[WORD_KEYS_MAX])
{
    const sd_tagview *v = &w[2];
    size_t k = 0;
    /* (bias, shape and shape-first: tagger->shape_score) */
    keys[k++] = sd_tagfeat_key(SD_TF_WORD, v->word);
    keys[k++] = sd_tagfeat_key(SD_TF_SUF1, v->suf[0]);
    keys[k++] = sd_tagfeat_key(SD_TF_SUF2, v->suf[1]);
    keys[k++] = sd_tagfeat_key(SD_TF_SUF3, v->suf[2]);
    keys[k++] = sd_tagfeat_key(SD_TF_PRE1, v->pre1);
    keys[k++] = sd_tagfeat_key(SD_TF_PREV_WORD, w[1].word);
    keys[k++] = sd_tagfeat_key(SD_TF_PREV_SUF3, w[1].suf[2]);
    keys[k++] = sd_tagfeat_key(SD_TF_NEXT_WORD, w[3].word);
    keys[k++] = sd_tagfeat_key(SD_TF_NEXT_SUF3, w[3].suf[2]);
    keys[k++] = sd_tagfeat_key(SD_TF_NEXT2_WORD, w[4].word);
    keys[k++] = sd_tagfeat_key(SD_TF_PREV2_WORD, w[0].word);
    if (v->tail)
        keys[k++] = sd_tagfeat_key(SD_TF_HYPHEN_TAIL, v->tail);
    return k;
}

/* The other keys of sd_tagfeat_keys, appended at keys[k]: those of the two
 * previous tags and of the next words' fixed tags.  Returns the total. */
static size_t tag_keys(const sd_tagview w[5], unsigned t1, unsigned t2, uint64_t *keys, size_t k)
{
    const sd_tagview *v = &w[2];
    keys[k++] = sd_tagfeat_key(SD_TF_T1, t1);
    keys[k++] = sd_tagfeat_key(SD_TF_T1T2, t1 * 64 + t2);
    keys[k++] = sd_tagfeat_key(SD_TF_T1_WORD, v->word ^ sd_tag_mix(t1));
    keys[k++] = sd_tagfeat_key(SD_TF_SHAPE_T1, (v->shape & ~SD_SH_FIRST) * 64 + t1);
    keys[k++] = sd_tagfeat_key(SD_TF_NEXT_FIXED, w[3].fixed * 64 + w[4].fixed);
    keys[k++] = sd_tagfeat_key(SD_TF_NEXT_FIXED_SUF2, v->suf[1] ^ sd_tag_mix(w[3].fixed + 100));
    return k;
}

/* The view at w[at] of token index j of the sentence tok[0..count): the
 * token's, or the end sentinels past it. */
static void view_at(const sd_tagger *tg, const sd_token *tok, size_t j, size_t count,
                    int headline, sd_tagview *v)
{
    if (j < count)
        token_view(tg, &tok[j], headline, v);
    else
        sd_tagview_sentinel(v, j == count ? 2 : 3);
}

void sd_tagger_tag(const sd_tagger *tagger, sd_doc *doc, size_t first, size_t count,
                   int headline)
{
    if (!tagger || !doc || first > doc->ntok || count > doc->ntok - first)
        return;
    sd_token *tok = doc->tok + first;
    /* w[0..6): the views of tokens k-2 .. k+3 at step k */
    sd_tagview w[6];
    sd_tagview_sentinel(&w[0], 0);
    sd_tagview_sentinel(&w[1], 1);
    for (size_t j = 0; j < 4; j++)
        view_at(tagger, tok, j, count, headline, &w[2 + j]);
    uint64_t keys[2][SD_TF_MAX]; /* token k's keys, token k+1's word keys */
    size_t nword[2] = {0, 0};
    int ahead = 0; /* keys[cur] already holds token k's word keys */
    unsigned cur = 0;
    unsigned t1 = SD_TAG_START, t2 = SD_TAG_START2;
    for (size_t k = 0; k < count; k++) {
        for (size_t j = 0; j < 3 && k + j < count; j++)
            resolve_fixed(tagger, doc, &tok[k + j], &w[2 + j]);
        unsigned tag = w[2].fixed;
        unsigned next = cur ^ 1u;
        if (!tag) {
            if (!ahead)
                nword[cur] = word_keys(w, keys[cur]);
            size_t nkeys = tag_keys(w, t1, t2, keys[cur], nword[cur]);
            /* the next token's word keys, their slots loading meanwhile */
            ahead = k + 1 < count && w[3].fixed == 0;
            if (ahead) {
                nword[next] = word_keys(w + 1, keys[next]);
#if defined(__GNUC__)
                for (size_t j = 0; j < nword[next]; j++)
                    __builtin_prefetch(&tagger->m.feat[keys[next][j] & tagger->m.feat_mask]);
#endif
            }
            tag = sd_tagmodel_predict_from(&tagger->m, keys[cur], nkeys, SD_TAG_COUNT,
                                           tagger->shape_score[w[2].shape & 0xFFu]);
        } else {
            ahead = 0;
        }
        cur = next;
        tok[k].pos = (uint16_t)tag;
        t2 = t1;
        t1 = tag;
        memmove(&w[0], &w[1], 5 * sizeof w[0]);
        view_at(tagger, tok, k + 4, count, headline, &w[5]);
    }
}
