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
    char *buf = sd_malloc(n ? n : 1);
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
        free(buf);
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
    free(tagger->buf);
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

void sd_tagger_tag(const sd_tagger *tagger, sd_doc *doc, size_t first, size_t count,
                   int headline)
{
    if (!tagger || !doc || first > doc->ntok || count > doc->ntok - first)
        return;
    sd_token *tok = doc->tok + first;
    sd_tagview w[5];
    sd_tagview_sentinel(&w[0], 0);
    sd_tagview_sentinel(&w[1], 1);
    for (size_t k = 0; k < 3; k++) {
        if (k < count)
            token_view(tagger, &tok[k], headline, &w[2 + k]);
        else
            sd_tagview_sentinel(&w[2 + k], k == count ? 2 : 3);
    }
    unsigned t1 = SD_TAG_START, t2 = SD_TAG_START2;
    for (size_t k = 0; k < count; k++) {
        for (size_t j = 0; j < 3 && k + j < count; j++)
            resolve_fixed(tagger, doc, &tok[k + j], &w[2 + j]);
        unsigned tag = w[2].fixed;
        if (!tag) {
            uint64_t keys[SD_TF_MAX];
            size_t nkeys = sd_tagfeat_keys(w, t1, t2, keys);
            tag = sd_tagmodel_predict(&tagger->m, keys, nkeys, SD_TAG_COUNT);
        }
        tok[k].pos = (uint16_t)tag;
        t2 = t1;
        t1 = tag;
        memmove(&w[0], &w[1], 4 * sizeof w[0]);
        if (k + 3 < count)
            token_view(tagger, &tok[k + 3], headline, &w[4]);
        else
            sd_tagview_sentinel(&w[4], k + 3 == count ? 2 : 3);
    }
}
