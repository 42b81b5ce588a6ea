/*
 * text_stub.c -- STAND-IN for the text pipeline (utf8.c, sentence.c,
 * token.c, lemma.c) so the dictionary engine can be built and tested before
 * the real pipeline is merged.  Drop this file when merging the real one.
 *
 * Deliberately crude: bytes copied as they are, one sentence per line,
 * tokens split on white space and punctuation ("U.S." kept whole, "'s"
 * split), ASCII lower-casing, lemmas by stripping -s/-es/-ed/-ing.
 */
#include <ctype.h>
#include <string.h>

#include "text.h"

int sd_doc_normalize(sd_doc *doc, sd_arena *arena, const char *text, size_t len)
{
    memset(doc, 0, sizeof *doc);
    doc->arena = arena;
    doc->orig = text;
    doc->orig_len = len;
    doc->norm = sd_arena_strndup(arena, text, len);
    doc->orig_off = sd_arena_alloc(arena, (len + 1) * sizeof(uint32_t));
    if (!doc->norm || !doc->orig_off)
        return SAYDO_ERR_NOMEM;
    for (size_t i = 0; i <= len; i++)
        doc->orig_off[i] = (uint32_t)i;
    doc->norm_len = len;
    return 0;
}

int sd_doc_split(sd_doc *doc)
{
    size_t cap = 8, n = 0;
    sd_sentence *s = sd_arena_calloc(doc->arena, cap, sizeof *s);
    if (!s)
        return SAYDO_ERR_NOMEM;
    size_t i = 0;
    while (i < doc->norm_len) {
        size_t e = i;
        while (e < doc->norm_len && doc->norm[e] != '\n')
            e++;
        size_t a = i, b = e;
        while (a < b && isspace((unsigned char)doc->norm[a]))
            a++;
        while (b > a && isspace((unsigned char)doc->norm[b - 1]))
            b--;
        if (b > a) {
            if (n == cap) {
                s = sd_arena_realloc(doc->arena, s, cap * sizeof *s, 2 * cap * sizeof *s);
                if (!s)
                    return SAYDO_ERR_NOMEM;
                memset(s + cap, 0, cap * sizeof *s);
                cap *= 2;
            }
            s[n].start = (uint32_t)a;
            s[n].end = (uint32_t)b;
            s[n].paragraph = (uint32_t)n;
            n++;
        }
        i = e + 1;
    }
    doc->sent = s;
    doc->nsent = n;
    return 0;
}

static const char *stub_lower(sd_arena *arena, const char *p, size_t n)
{
    char *l = sd_arena_strndup(arena, p, n);
    if (l)
        for (size_t i = 0; i < n; i++)
            l[i] = (char)tolower((unsigned char)l[i]);
    return l;
}

static int ends_with(const char *w, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n > k + 2 && memcmp(w + n - k, suf, k) == 0;
}

const char *sd_lemma(sd_arena *arena, const char *w, size_t n)
{
    size_t cut = 0;
    const char *add = "";
    if (ends_with(w, n, "ies")) {
        cut = 3;
        add = "y";
    } else if (ends_with(w, n, "sses") || ends_with(w, n, "shes") || ends_with(w, n, "ches") ||
               ends_with(w, n, "xes")) {
        cut = 2;
    } else if (ends_with(w, n, "ing")) {
        cut = 3;
    } else if (ends_with(w, n, "ed")) {
        cut = 2;
    } else if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != '\'') {
        cut = 1;
    }
    if (!cut)
        return w;
    size_t m = n - cut, k = strlen(add);
    char *l = sd_arena_alloc(arena, m + k + 1);
    if (!l)
        return NULL;
    memcpy(l, w, m);
    memcpy(l + m, add, k);
    l[m + k] = '\0';
    return l;
}

/* Length of a "U.S."-style abbreviation at p (letter-dot pairs, at least
 * two), or 0. */
static size_t abbrev_len(const char *p, const char *end)
{
    size_t k = 0;
    while (p + k + 1 < end && isalpha((unsigned char)p[k]) && p[k + 1] == '.')
        k += 2;
    return k >= 4 ? k : 0;
}

int sd_doc_tokenize(sd_doc *doc)
{
    size_t cap = 16, n = 0;
    sd_token *tok = sd_arena_calloc(doc->arena, cap, sizeof *tok);
    if (!tok)
        return SAYDO_ERR_NOMEM;
    for (size_t si = 0; si < doc->nsent; si++) {
        sd_sentence *s = &doc->sent[si];
        s->tok_first = (uint32_t)n;
        const char *base = doc->norm;
        size_t i = s->start;
        while (i < s->end) {
            unsigned char c = (unsigned char)base[i];
            if (isspace(c)) {
                i++;
                continue;
            }
            size_t j = i;
            uint32_t flags = 0;
            size_t ab = abbrev_len(base + i, base + s->end);
            if (ab) {
                j = i + ab;
                flags = SD_TOK_WORD | SD_TOK_ABBREV;
            } else if (c == '\'' && i + 1 < s->end && (base[i + 1] == 's' || base[i + 1] == 'S') &&
                       (i + 2 == s->end || !isalnum((unsigned char)base[i + 2]))) {
                j = i + 2;
                flags = SD_TOK_POSS;
            } else if (isalnum(c) || c >= 0x80) {
                while (j < s->end) {
                    unsigned char d = (unsigned char)base[j];
                    if (isalnum(d) || d >= 0x80 ||
                        (d == '-' && j + 1 < s->end && isalnum((unsigned char)base[j + 1]))) {
                        j++;
                        continue;
                    }
                    break;
                }
                flags = isdigit(c) ? SD_TOK_NUM : SD_TOK_WORD;
            } else {
                j = i + 1;
                flags = SD_TOK_PUNCT;
            }
            if (n == cap) {
                tok = sd_arena_realloc(doc->arena, tok, cap * sizeof *tok, 2 * cap * sizeof *tok);
                if (!tok)
                    return SAYDO_ERR_NOMEM;
                cap *= 2;
            }
            sd_token *t = &tok[n++];
            memset(t, 0, sizeof *t);
            t->start = (uint32_t)i;
            t->end = (uint32_t)j;
            t->flags = flags;
            if (isupper(c))
                t->flags |= SD_TOK_CAP;
            t->lower = stub_lower(doc->arena, base + i, j - i);
            if (!t->lower)
                return SAYDO_ERR_NOMEM;
            t->lemma = (flags & SD_TOK_WORD) ? sd_lemma(doc->arena, t->lower, j - i) : t->lower;
            if (!t->lemma)
                return SAYDO_ERR_NOMEM;
            i = j;
        }
        s->tok_count = (uint32_t)n - s->tok_first;
    }
    doc->tok = tok;
    doc->ntok = n;
    return 0;
}
