/*
 * dict_load.c -- the dictionary line parser (docs/dictionary-format.md,
 * sections "Lines", "Words inside a phrase", "Directives", "Errors").
 *
 * A line is one of: blank or comment; a directive (@kind, @match, @attr);
 * an entry  PHRASES => CODES [; ATTRS].  Codes and attributes are checked
 * first, then the phrase syntax is parsed by recursive descent into the set
 * of word sequences it expands to (at most SD_DICT_MAX_EXPANSIONS).  Each
 * maximal run of plain words is tokenised with the article pipeline
 * (sd_doc_normalize / sd_doc_split / sd_doc_tokenize) so that phrase words
 * line up with text tokens; the markers '=' and '*' are removed before
 * tokenising and applied to the tokens of the word that carried them.
 * Only a line that is wholly valid is added to the dict.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict_int.h"
#include "error.h"
#include "text.h"

#define MSG_MAX 400
#define SCRATCH_RESET_BYTES ((size_t)256 * 1024)

/* State of one sd_dict_load_* call.  Directives last to the end of it. */
typedef struct loader {
    sd_dict *dict;
    const char *file;      /* in dict->arena                            */
    int kind;              /* SD_KIND_*, or -1 before the first @kind   */
    int match_form;        /* 1 under "@match form"                     */
    const char *attrs;     /* from @attr, in dict->arena ("" for none)  */
    sd_arena scratch;      /* line-local data; emptied every so often   */
    char msg[MSG_MAX];     /* the current line's error                  */
} loader;

/* Line result codes besides 0 and SAYDO_ERR_NOMEM. */
#define BAD SAYDO_ERR_DICT

static int bad(loader *L, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int bad(loader *L, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(L->msg, sizeof L->msg, fmt, ap);
    va_end(ap);
    return BAD;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

static int is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* A length-limited view for messages. */
#define SHOW(p, n) (int)((n) > 60 ? 60 : (n)), (p)

/* ---------------------------------------------------------------- UTF-8 */

/* Offset of the first invalid UTF-8 byte in s[0..n), or n. */
static size_t utf8_invalid_at(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t k;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            k = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            k = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            k = 3;
            cp = c & 0x07;
        } else {
            return i;
        }
        for (size_t j = 1; j <= k; j++) {
            if (i + j >= n || (s[i + j] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + j] & 0x3F);
        }
        if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return i;
        i += k + 1;
    }
    return n;
}

/* ---------------------------------------------------------------- codes */

/* Parse one side of a range; widen_to_end: YYYY -> YYYY1231. */
static int32_t parse_range_date(const char *s, size_t n, int widen_to_end)
{
    int32_t d = sd_date_parse(s, n);
    if (d < 0 || !widen_to_end)
        return d;
    int y = d / 10000, m = (d / 100) % 100;
    if (n == 4)
        return y * 10000 + 1231;
    if (n == 7)
        return y * 10000 + m * 100 + sd_days_in_month(y, m);
    return d;
}

/* Parse "CODE" or "CODE@FROM..TO" in s[0..n) into c. */
static int parse_code(loader *L, const char *s, size_t n, sd_code *c)
{
    size_t at = 0;
    while (at < n && s[at] != '@')
        at++;
    if (at == 0)
        return bad(L, "code '%.*s' has no name before '@'", SHOW(s, n));
    for (size_t i = 0; i < at; i++)
        if (!is_alnum(s[i]) && s[i] != '~' && s[i] != ':')
            return bad(L, "bad character '%c' in code '%.*s' (codes are letters, digits, '~' "
                          "and ':')", s[i], SHOW(s, n));
    c->code = sd_arena_strndup(&L->dict->arena, s, at);
    if (!c->code)
        return SAYDO_ERR_NOMEM;
    c->from = 0;
    c->to = SD_DICT_DATE_OPEN_TO;
    if (at == n)
        return 0;
    const char *r = s + at + 1;
    size_t rn = n - at - 1;
    size_t dots = 0;
    while (dots + 1 < rn && !(r[dots] == '.' && r[dots + 1] == '.'))
        dots++;
    if (dots + 1 >= rn)
        return bad(L, "date range in code '%.*s' must be FROM..TO, FROM.. or ..TO",
                   SHOW(s, n));
    const char *from = r, *to = r + dots + 2;
    size_t from_n = dots, to_n = rn - dots - 2;
    if (from_n == 0 && to_n == 0)
        return bad(L, "date range in code '%.*s' has neither FROM nor TO", SHOW(s, n));
    if (from_n) {
        c->from = parse_range_date(from, from_n, 0);
        if (c->from < 0)
            return bad(L, "malformed date '%.*s' in code '%.*s' (expected YYYY, YYYY-MM or "
                          "YYYY-MM-DD)", SHOW(from, from_n), SHOW(s, n));
    }
    if (to_n) {
        c->to = parse_range_date(to, to_n, 1);
        if (c->to < 0)
            return bad(L, "malformed date '%.*s' in code '%.*s' (expected YYYY, YYYY-MM or "
                          "YYYY-MM-DD)", SHOW(to, to_n), SHOW(s, n));
    }
    if (c->from > c->to)
        return bad(L, "reversed date range in code '%.*s': FROM is after TO", SHOW(s, n));
    return 0;
}

static int is_dated(const sd_code *c) { return !(c->from == 0 && c->to == SD_DICT_DATE_OPEN_TO); }

/* Parse the codes s[0..n) into a new array in the dict arena. */
static int parse_codes(loader *L, const char *s, size_t n, sd_code **out, uint16_t *nout)
{
    sd_code tmp[SD_DICT_MAX_CODES];
    const char *text[SD_DICT_MAX_CODES];
    size_t text_n[SD_DICT_MAX_CODES];
    size_t count = 0, i = 0;
    while (i < n) {
        while (i < n && is_space(s[i]))
            i++;
        if (i == n)
            break;
        size_t j = i;
        while (j < n && !is_space(s[j]))
            j++;
        if (count == SD_DICT_MAX_CODES)
            return bad(L, "more than %d codes", SD_DICT_MAX_CODES);
        int rc = parse_code(L, s + i, j - i, &tmp[count]);
        if (rc)
            return rc;
        text[count] = s + i;
        text_n[count] = j - i;
        count++;
        i = j;
    }
    if (count == 0)
        return bad(L, "no code after '=>'");
    for (size_t a = 0; a < count; a++)
        for (size_t b = a + 1; b < count; b++)
            if (is_dated(&tmp[a]) && is_dated(&tmp[b]) && tmp[a].from <= tmp[b].to &&
                tmp[b].from <= tmp[a].to)
                return bad(L, "date ranges of '%.*s' and '%.*s' overlap", SHOW(text[a], text_n[a]),
                           SHOW(text[b], text_n[b]));
    sd_code *codes = sd_arena_alloc(&L->dict->arena, count * sizeof *codes);
    if (!codes)
        return SAYDO_ERR_NOMEM;
    memcpy(codes, tmp, count * sizeof *codes);
    *out = codes;
    *nout = (uint16_t)count;
    return 0;
}

/* Check "key=value key=value" in s[0..n) and return it with single spaces,
 * prefixed by prefix (the @attr attributes), in the dict arena. */
static int parse_attrs(loader *L, const char *prefix, const char *s, size_t n, int required,
                       const char **out)
{
    size_t plen = strlen(prefix);
    char *buf = sd_arena_alloc(&L->dict->arena, plen + n + 2);
    if (!buf)
        return SAYDO_ERR_NOMEM;
    memcpy(buf, prefix, plen);
    size_t used = plen, i = 0, count = 0;
    while (i < n) {
        while (i < n && is_space(s[i]))
            i++;
        if (i == n)
            break;
        size_t j = i, eq = SIZE_MAX;
        while (j < n && !is_space(s[j])) {
            if (s[j] == '=' && eq == SIZE_MAX)
                eq = j;
            j++;
        }
        if (eq == SIZE_MAX || eq == i || eq + 1 == j)
            return bad(L, "attribute '%.*s' is not key=value", SHOW(s + i, j - i));
        for (size_t k = i; k < eq; k++)
            if (!is_alnum(s[k]) && s[k] != '_' && s[k] != '-')
                return bad(L, "bad character '%c' in attribute key '%.*s'", s[k],
                           SHOW(s + i, eq - i));
        if (used)
            buf[used++] = ' ';
        memcpy(buf + used, s + i, j - i);
        used += j - i;
        count++;
        i = j;
    }
    if (required && count == 0)
        return bad(L, "no attribute after ';'");
    buf[used] = '\0';
    *out = buf;
    return 0;
}

/* --------------------------------------------------------------- phrases */

typedef struct pseq {
    uint32_t len;
    sd_pword *w;
} pseq;

typedef struct pset {
    uint32_t n;
    pseq *v;
} pset;

/* A raw word of a run: text without markers, and its markers. */
typedef struct rawword {
    const char *p;
    size_t n;
    int exact, stem;
} rawword;

typedef struct parser {
    loader *L;
    const char *p, *end;
    rawword run[SD_DICT_MAX_WORDS + 1];
    size_t nrun;
} parser;

/* {[]}: the set holding one empty sequence. */
static int set_unit(parser *P, pset *s)
{
    s->v = sd_arena_calloc(&P->L->scratch, 1, sizeof *s->v);
    s->n = 1;
    return s->v ? 0 : SAYDO_ERR_NOMEM;
}

/* cur := { a + b : a in cur, b in add }. */
static int set_product(parser *P, pset *cur, const pset *add)
{
    if ((size_t)cur->n * add->n > SD_DICT_MAX_EXPANSIONS)
        return bad(P->L, "the line expands to more than %d phrases", SD_DICT_MAX_EXPANSIONS);
    pset out;
    out.n = cur->n * add->n;
    out.v = sd_arena_alloc(&P->L->scratch, out.n * sizeof *out.v);
    if (!out.v)
        return SAYDO_ERR_NOMEM;
    uint32_t k = 0;
    for (uint32_t a = 0; a < cur->n; a++)
        for (uint32_t b = 0; b < add->n; b++, k++) {
            uint32_t len = cur->v[a].len + add->v[b].len;
            if (len > SD_DICT_MAX_WORDS)
                return bad(P->L, "a phrase has more than %d words", SD_DICT_MAX_WORDS);
            pseq *q = &out.v[k];
            q->len = len;
            q->w = sd_arena_alloc(&P->L->scratch, (len ? len : 1) * sizeof *q->w);
            if (!q->w)
                return SAYDO_ERR_NOMEM;
            if (cur->v[a].len)
                memcpy(q->w, cur->v[a].w, cur->v[a].len * sizeof *q->w);
            if (add->v[b].len)
                memcpy(q->w + cur->v[a].len, add->v[b].w, add->v[b].len * sizeof *q->w);
        }
    *cur = out;
    return 0;
}

/* Append a fixed word sequence to every sequence of cur. */
static int set_append(parser *P, pset *cur, const sd_pword *w, uint32_t n)
{
    pseq one = {n, (sd_pword *)w};
    pset add = {1, &one};
    return set_product(P, cur, &add);
}

/* Tokenise the pending run of plain words and append its tokens. */
static int flush_run(parser *P, pset *cur)
{
    if (P->nrun == 0)
        return 0;
    loader *L = P->L;
    sd_dict *dict = L->dict;
    size_t total = 0;
    for (size_t i = 0; i < P->nrun; i++)
        total += P->run[i].n + 1;
    char *text = sd_arena_alloc(&L->scratch, total + 1);
    size_t *word_end = sd_arena_alloc(&L->scratch, P->nrun * sizeof *word_end);
    if (!text || !word_end)
        return SAYDO_ERR_NOMEM;
    size_t used = 0;
    for (size_t i = 0; i < P->nrun; i++) {
        if (i)
            text[used++] = ' ';
        memcpy(text + used, P->run[i].p, P->run[i].n);
        used += P->run[i].n;
        word_end[i] = used;
    }
    text[used] = '\0';
    sd_doc doc;
    int rc = sd_doc_normalize(&doc, &L->scratch, text, used);
    if (!rc)
        rc = sd_doc_split(&doc);
    if (!rc)
        rc = sd_doc_tokenize(&doc);
    if (rc)
        return rc;
    if (doc.ntok > SD_DICT_MAX_WORDS)
        return bad(L, "a phrase has more than %d words", SD_DICT_MAX_WORDS);
    sd_pword *w = sd_arena_alloc(&L->scratch, (doc.ntok ? doc.ntok : 1) * sizeof *w);
    if (!w)
        return SAYDO_ERR_NOMEM;
    size_t wi = 0;
    for (size_t t = 0; t < doc.ntok; t++) {
        const sd_token *tk = &doc.tok[t];
        size_t orig = sd_doc_orig(&doc, tk->start);
        while (wi + 1 < P->nrun && orig >= word_end[wi])
            wi++;
        int last_of_word = t + 1 == doc.ntok ||
                           sd_doc_orig(&doc, doc.tok[t + 1].start) >= word_end[wi];
        const char *lower = tk->lower ? tk->lower : "";
        size_t lower_n = strlen(lower);
        uint32_t sid = sd_dict_intern(dict, lower, lower_n);
        if (sid == SD_NONE)
            return SAYDO_ERR_NOMEM;
        w[t].lemma_sid = SD_NONE;
        if (P->run[wi].stem && last_of_word) {
            w[t].key = SD_PW_KEY(sid, SD_PW_STEM);
        } else if (P->run[wi].exact || L->match_form) {
            w[t].key = SD_PW_KEY(sid, SD_PW_EXACT);
        } else {
            w[t].key = SD_PW_KEY(sid, SD_PW_PLAIN);
            const char *lemma = sd_lemma(&L->scratch, lower, lower_n);
            if (!lemma)
                return SAYDO_ERR_NOMEM;
            w[t].lemma_sid =
                strcmp(lemma, lower) == 0 ? sid : sd_dict_intern(dict, lemma, strlen(lemma));
            if (w[t].lemma_sid == SD_NONE)
                return SAYDO_ERR_NOMEM;
        }
    }
    P->nrun = 0;
    return set_append(P, cur, w, (uint32_t)doc.ntok);
}

/* Add one raw word (with its markers) to the pending run. */
static int add_word(parser *P, const char *s, size_t n)
{
    rawword rw = {s, n, 0, 0};
    if (rw.n && rw.p[0] == '=') {
        rw.exact = 1;
        rw.p++;
        rw.n--;
    }
    if (rw.n && rw.p[rw.n - 1] == '*') {
        rw.stem = 1;
        rw.n--;
    }
    if (rw.n == 0)
        return bad(P->L, "empty word '%.*s'", SHOW(s, n));
    if (rw.exact && rw.stem)
        return bad(P->L, "word '%.*s' cannot be both exact (=) and a stem (*)", SHOW(s, n));
    for (size_t i = 0; i < rw.n; i++) {
        if (rw.p[i] == '=')
            return bad(P->L, "'=' may only start a word: '%.*s'", SHOW(s, n));
        if (rw.p[i] == '*')
            return bad(P->L, "'*' may only end a word: '%.*s'", SHOW(s, n));
    }
    if (P->nrun == SD_DICT_MAX_WORDS)
        return bad(P->L, "a phrase has more than %d words", SD_DICT_MAX_WORDS);
    P->run[P->nrun++] = rw;
    return 0;
}

static int parse_alts(parser *P, char close, int depth, pset *out);

static const char *closer_of(char open) { return open == '(' ? ")" : "]"; }

/* A sequence of items up to '|', a closing bracket or the end. */
static int parse_seq(parser *P, int depth, pset *cur, int *items)
{
    int rc = set_unit(P, cur);
    *items = 0;
    while (!rc) {
        while (P->p < P->end && is_space(*P->p))
            P->p++;
        if (P->p == P->end || *P->p == '|' || *P->p == ')' || *P->p == ']')
            return flush_run(P, cur);
        char c = *P->p;
        (*items)++;
        if (c == '}')
            return bad(P->L, "unbalanced '}'");
        if (c == '(' || c == '[') {
            if ((rc = flush_run(P, cur)))
                return rc;
            if (depth + 1 > SD_DICT_MAX_NESTING)
                return bad(P->L, "brackets nested more than %d deep", SD_DICT_MAX_NESTING);
            P->p++;
            pset group;
            char close = *closer_of(c);
            if ((rc = parse_alts(P, close, depth + 1, &group)))
                return rc;
            if (P->p == P->end)
                return bad(P->L, "unbalanced '%c': missing '%c'", c, close);
            if (*P->p != close)
                return bad(P->L, "'%c' does not close '%c'", *P->p, c);
            P->p++;
            if (c == '[') {
                pset opt;
                opt.n = group.n + 1;
                if (opt.n > SD_DICT_MAX_EXPANSIONS)
                    return bad(P->L, "the line expands to more than %d phrases",
                               SD_DICT_MAX_EXPANSIONS);
                opt.v = sd_arena_alloc(&P->L->scratch, opt.n * sizeof *opt.v);
                if (!opt.v)
                    return SAYDO_ERR_NOMEM;
                memcpy(opt.v, group.v, group.n * sizeof *opt.v);
                opt.v[group.n].len = 0;
                opt.v[group.n].w = NULL;
                group = opt;
            }
            rc = set_product(P, cur, &group);
        } else if (c == '{') {
            if ((rc = flush_run(P, cur)))
                return rc;
            const char *name = ++P->p;
            while (P->p < P->end && *P->p != '}' && !is_space(*P->p) && *P->p != '|' &&
                   *P->p != '(' && *P->p != ')' && *P->p != '[' && *P->p != ']' && *P->p != '{')
                P->p++;
            if (P->p == P->end || *P->p != '}')
                return bad(P->L, "unbalanced '{': missing '}'");
            size_t n = (size_t)(P->p - name);
            P->p++;
            if (n == 0)
                return bad(P->L, "empty slot '{}'");
            char upper[64];
            if (n >= sizeof upper)
                return bad(P->L, "slot name '%.*s' is too long", SHOW(name, n));
            for (size_t i = 0; i < n; i++) {
                if (!is_alnum(name[i]) && name[i] != '_')
                    return bad(P->L, "bad character '%c' in slot '{%.*s}'", name[i],
                               SHOW(name, n));
                upper[i] = (name[i] >= 'a' && name[i] <= 'z') ? (char)(name[i] - 32) : name[i];
            }
            uint32_t sid = sd_dict_intern(P->L->dict, upper, n);
            if (sid == SD_NONE)
                return SAYDO_ERR_NOMEM;
            sd_pword slot = {SD_PW_KEY(sid, SD_PW_SLOT), SD_NONE};
            rc = set_append(P, cur, &slot, 1);
        } else {
            const char *w = P->p;
            while (P->p < P->end && !is_space(*P->p) && !strchr("|()[]{}", *P->p))
                P->p++;
            rc = add_word(P, w, (size_t)(P->p - w));
        }
    }
    return rc;
}

/* Alternatives separated by '|' up to close (0: the end of the phrase
 * part).  Leaves P->p on the closing character. */
static int parse_alts(parser *P, char close, int depth, pset *out)
{
    out->n = 0;
    out->v = NULL;
    for (;;) {
        pset alt;
        int items, rc = parse_seq(P, depth, &alt, &items);
        if (rc)
            return rc;
        if (items == 0 && close)
            return bad(P->L, "empty alternative inside '%c %c'", close == ')' ? '(' : '[', close);
        if (items == 0)
            return bad(P->L, "empty phrase between '|'");
        if ((size_t)out->n + alt.n > SD_DICT_MAX_EXPANSIONS)
            return bad(P->L, "the line expands to more than %d phrases", SD_DICT_MAX_EXPANSIONS);
        pseq *v = sd_arena_alloc(&P->L->scratch, (out->n + alt.n) * sizeof *v);
        if (!v)
            return SAYDO_ERR_NOMEM;
        if (out->n)
            memcpy(v, out->v, out->n * sizeof *v);
        memcpy(v + out->n, alt.v, alt.n * sizeof *v);
        out->v = v;
        out->n += alt.n;
        if (P->p < P->end && *P->p == '|') {
            P->p++;
            continue;
        }
        break;
    }
    if (!close && P->p < P->end)
        return bad(P->L, "unbalanced '%c'", *P->p);
    return 0;
}

/* ----------------------------------------------------------------- lines */

static const char *const kind_names[SD_KIND_COUNT] = {"actor", "agent", "verb", "place", "word"};

/* The next white-space separated word of s[*i..n). */
static int next_word(const char *s, size_t n, size_t *i, const char **w, size_t *wn)
{
    while (*i < n && is_space(s[*i]))
        (*i)++;
    if (*i == n)
        return 0;
    *w = s + *i;
    while (*i < n && !is_space(s[*i]))
        (*i)++;
    *wn = (size_t)(s + *i - *w);
    return 1;
}

static int directive(loader *L, const char *s, size_t n)
{
    size_t i = 1;
    const char *name = s + 1;
    while (i < n && !is_space(s[i]))
        i++;
    size_t name_n = i - 1;
    const char *arg;
    size_t arg_n;
    if (name_n == 4 && memcmp(name, "kind", 4) == 0) {
        if (!next_word(s, n, &i, &arg, &arg_n))
            return bad(L, "@kind needs a kind: actor, agent, verb, place or word");
        int kind = -1;
        for (int k = 0; k < SD_KIND_COUNT; k++)
            if (strlen(kind_names[k]) == arg_n && memcmp(kind_names[k], arg, arg_n) == 0)
                kind = k;
        if (kind < 0)
            return bad(L, "unknown kind '%.*s' (expected actor, agent, verb, place or word)",
                       SHOW(arg, arg_n));
        if (next_word(s, n, &i, &arg, &arg_n))
            return bad(L, "@kind takes one value; unexpected '%.*s'", SHOW(arg, arg_n));
        L->kind = kind;
        return 0;
    }
    if (name_n == 5 && memcmp(name, "match", 5) == 0) {
        if (!next_word(s, n, &i, &arg, &arg_n))
            return bad(L, "@match needs 'lemma' or 'form'");
        int form;
        if (arg_n == 5 && memcmp(arg, "lemma", 5) == 0)
            form = 0;
        else if (arg_n == 4 && memcmp(arg, "form", 4) == 0)
            form = 1;
        else
            return bad(L, "unknown match mode '%.*s' (expected lemma or form)", SHOW(arg, arg_n));
        if (next_word(s, n, &i, &arg, &arg_n))
            return bad(L, "@match takes one value; unexpected '%.*s'", SHOW(arg, arg_n));
        L->match_form = form;
        return 0;
    }
    if (name_n == 4 && memcmp(name, "attr", 4) == 0) {
        const char *attrs;
        int rc = parse_attrs(L, "", s + i, n - i, 0, &attrs);
        if (rc == BAD) {
            char why[MSG_MAX];
            memcpy(why, L->msg, sizeof why);
            return bad(L, "@attr: %s", why);
        }
        if (!rc)
            L->attrs = attrs;
        return rc;
    }
    return bad(L, "unknown directive '@%.*s' (expected @kind, @match or @attr)",
               SHOW(name, name_n));
}

static int entry(loader *L, const char *s, size_t n, uint32_t line)
{
    size_t arrow = 0;
    while (arrow + 1 < n && !(s[arrow] == '=' && s[arrow + 1] == '>'))
        arrow++;
    if (arrow + 1 >= n)
        return bad(L, "missing '=>' between phrase and codes");
    if (L->kind < 0)
        return bad(L, "entry before any @kind directive");
    const char *left = s, *right = s + arrow + 2;
    size_t left_n = arrow, right_n = n - arrow - 2;
    while (left_n && is_space(left[left_n - 1]))
        left_n--;
    if (left_n == 0)
        return bad(L, "no phrase before '=>'");
    size_t semi = 0;
    while (semi < right_n && right[semi] != ';')
        semi++;

    sd_code *codes = NULL;
    uint16_t ncodes = 0;
    int rc = parse_codes(L, right, semi, &codes, &ncodes);
    if (rc)
        return rc;
    const char *attrs = L->attrs;
    if (semi < right_n)
        rc = parse_attrs(L, L->attrs, right + semi + 1, right_n - semi - 1, 1, &attrs);
    if (rc)
        return rc;

    parser P;
    memset(&P, 0, sizeof P);
    P.L = L;
    P.p = left;
    P.end = left + left_n;
    pset phrases;
    if ((rc = parse_alts(&P, 0, 0, &phrases)))
        return rc;
    for (uint32_t i = 0; i < phrases.n; i++)
        if (phrases.v[i].len == 0)
            return bad(L, "a phrase can match nothing: every part of it is optional");

    /* The phrase as written: the first top-level alternative. */
    size_t first = 0;
    int depth = 0;
    while (first < left_n && !(depth == 0 && left[first] == '|')) {
        if (strchr("([{", left[first]))
            depth++;
        else if (strchr(")]}", left[first]))
            depth--;
        first++;
    }
    while (first && is_space(left[first - 1]))
        first--;

    sd_dict *dict = L->dict;
    sd_entry_rec *rec = sd_arena_calloc(&dict->arena, 1, sizeof *rec);
    if (!rec)
        return SAYDO_ERR_NOMEM;
    rec->pub.kind = (sd_kind)L->kind;
    rec->pub.phrase = sd_arena_strndup(&dict->arena, left, first);
    rec->pub.file = L->file;
    rec->pub.line = line;
    rec->pub.ncodes = ncodes;
    rec->pub.codes = codes;
    rec->pub.attrs = attrs;
    rec->index = (uint32_t)dict->entries.len;
    if (!rec->pub.phrase || sd_vec_push(&dict->entries, &rec, sizeof rec))
        return SAYDO_ERR_NOMEM;
    uint32_t warned_for = SD_NONE;
    for (uint32_t i = 0; i < phrases.n; i++)
        if ((rc = sd_dict_insert(dict, rec->index, phrases.v[i].w, phrases.v[i].len,
                                 &warned_for)))
            return rc;
    return 0;
}

/* Strip a comment: '#' at the start or after white space. */
static size_t strip_comment(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '#' && (i == 0 || is_space(s[i - 1])))
            return i;
    return n;
}

static int load_line(loader *L, const char *s, size_t n, uint32_t line)
{
    size_t bad_at = utf8_invalid_at((const unsigned char *)s, n);
    if (bad_at < n)
        return bad(L, "invalid UTF-8 at column %zu", bad_at + 1);
    if (memchr(s, '\0', n))
        return bad(L, "NUL byte in line");
    n = strip_comment(s, n);
    while (n && is_space(s[n - 1]))
        n--;
    while (n && is_space(*s)) {
        s++;
        n--;
    }
    if (n == 0)
        return 0;
    if (s[0] == '@')
        return directive(L, s, n);
    return entry(L, s, n, line);
}

int sd_dict_load_buffer(sd_dict *dict, const char *name, const char *text, size_t len,
                        int keep_going, saydo_error *err)
{
    return sd_dict_load_buffer_kind(dict, name, text, len, -1, keep_going, err);
}

int sd_dict_load_buffer_kind(sd_dict *dict, const char *name, const char *text, size_t len,
                             int kind, int keep_going, saydo_error *err)
{
    if (!name)
        name = "(buffer)";
    if (dict->compiled)
        return sd_error_set(err, SAYDO_ERR_ARG, name, 0, -1,
                            "dictionary already compiled; load files before sd_dict_compile");
    if (dict->failed)
        return sd_error_nomem(err);
    loader L;
    memset(&L, 0, sizeof L);
    L.dict = dict;
    L.kind = kind >= 0 && kind < SD_KIND_COUNT ? kind : -1;
    L.attrs = "";
    L.file = sd_arena_strdup(&dict->arena, name);
    if (!L.file) {
        dict->failed = 1;
        return sd_error_nomem(err);
    }
    size_t nlines = 0;
    for (const char *q = text; (q = memchr(q, '\n', len - (size_t)(q - text))) != NULL; q++)
        nlines++;
    if (sd_dict_reserve(dict, nlines + 1))
        return sd_error_nomem(err);
    uint32_t line = 0;
    size_t pos = 0;
    int rc = 0;
    sd_arena_init(&L.scratch);
    while (pos < len) {
        const char *s = text + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        line++;
        /* One scratch arena serves many lines (a malloc per line is
         * measurable on big files); it is emptied once it has grown. */
        if (L.scratch.used_bytes > SCRATCH_RESET_BYTES)
            sd_arena_free(&L.scratch);
        L.msg[0] = '\0';
        rc = load_line(&L, s, n, line);
        if (rc == SAYDO_ERR_NOMEM || dict->failed) {
            dict->failed = 1;
            sd_arena_free(&L.scratch);
            return sd_error_nomem(err);
        }
        if (rc == BAD) {
            if (!keep_going) {
                sd_arena_free(&L.scratch);
                return sd_error_set(err, SAYDO_ERR_DICT, name, (long)line, (long long)pos, "%s",
                                    L.msg);
            }
            if (sd_dict_warn(dict, "%s:%u: %s (line skipped)", name, (unsigned)line, L.msg)) {
                sd_arena_free(&L.scratch);
                return sd_error_nomem(err);
            }
        }
        pos += n + 1;
    }
    sd_arena_free(&L.scratch);
    return 0;
}

int sd_dict_load_file(sd_dict *dict, const char *path, int keep_going, saydo_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sd_error_set(err, SAYDO_ERR_IO, path, 0, -1, "cannot open: %s", strerror(errno));
    size_t cap = 1 << 16, len = 0;
    char *buf = sd_malloc(cap);
    while (buf) {
        size_t r = fread(buf + len, 1, cap - len, f);
        len += r;
        if (len < cap)
            break;
        char *grown = sd_realloc(buf, cap * 2);
        if (!grown) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
        cap *= 2;
    }
    int read_error = ferror(f);
    fclose(f);
    if (!buf)
        return sd_error_nomem(err);
    if (read_error) {
        free(buf);
        return sd_error_set(err, SAYDO_ERR_IO, path, 0, -1, "read error");
    }
    int rc = sd_dict_load_buffer(dict, path, buf, len, keep_going, err);
    free(buf);
    return rc;
}
