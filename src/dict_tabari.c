/*
 * dict_tabari.c -- TABARI dictionaries (.actors, .agents, .verbs, .options,
 * .project) read into the dictionary engine.  The mapping is described in
 * docs/compat.md; in short:
 *
 *   words        WORD_ is a whole word, WORD (no '_' after it) a stem
 *                (word*); '_' between words joins them, a space in a verb
 *                pattern allows a short gap ({X}, at most three slots per
 *                pattern, nearest the verb first);
 *   actors       PHRASE [CODE] with '+' synonyms on following lines and
 *                indented codes, dated [CODE <D] [CODE >D] [CODE D1-D2]
 *                (YYMMDD or YYYYMMDD) -> CODE@FROM..TO;
 *   agents       [~GOV] and [NGO~] -> GOV, NGO (composed after the actor);
 *   verbs        VERB [code] blocks with { irregular forms }, patterns
 *                "- words * words [code]": '*' the verb, '+' after it the
 *                target {TGT}, '^' a skipped word {X}, '$' and '%' (source,
 *                compound) left to the coder's own rules, { A | B }
 *                alternatives, &SYNSET references; [032:033] -> 032 with
 *                pair=033, [---] and [+++] -> code "null" (matches, codes
 *                nothing), [###] -> code "discard" with discard=1.
 *
 * A file is translated line for line into saydo's format (an entry spread
 * over several lines is written on its first line) and the translation is
 * loaded with sd_dict_load_buffer_kind under the TABARI file's name, so
 * entries and warnings keep its line numbers.  Every malformed line is one
 * warning; nothing stops the load but running out of memory.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "dict_int.h"
#include "dict_tabari.h"
#include "error.h"

#define MAX_SYNSET_DEPTH 4
#define MAX_PATTERN_SLOTS SD_MATCH_MAX_SLOTS
#define MAX_ELEMS 64

static int is_sp(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }
static int is_dig(char c) { return c >= '0' && c <= '9'; }
static int is_alnum_c(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_dig(c);
}

/* ------------------------------------------------------------ the state */

typedef struct synset {
    char *name;     /* upper case, without '&'                   */
    sd_buf members; /* TABARI member texts separated by '\n'      */
} synset;

typedef struct tabari {
    sd_dict *dict;
    const char *name;
    sd_dict_format format;
    int whole;         /* PETRARCH's actors: every word whole, no stems     */
    size_t nlines;
    const char **line; /* line starts in the input  */
    size_t *line_n;
    char **out;        /* translated line, sd_malloc'd, or NULL */
    synset *syn;
    size_t nsyn;
    uint8_t *comment;  /* 1 for lines inside PETRARCH's <!-- ... -->       */
    uint32_t *seen;    /* line + 1 of each phrase written, open addressing */
    size_t seen_n, seen_cap;
    int inner_gaps;    /* while a verb pattern is written: the slots left
                          for gaps at spaces inside its groups and synset
                          members ({ LOUDLY INCLUDED | ... }, +AUSTRIAN
                          FLORIN); 0 otherwise                            */
    int nomem;
} tabari;

static void warn_tail(tabari *T, size_t line, const char *fmt, const char *what, size_t n,
                      const char *tail);

static void warn(tabari *T, size_t line, const char *fmt, const char *what, size_t n)
{
    warn_tail(T, line, fmt, what, n, " (line skipped)");
}

/* As warn, for a part of a line left out ("tail" after the message). */
static void warn_tail(tabari *T, size_t line, const char *fmt, const char *what, size_t n,
                      const char *tail)
{
    /* fmt holds at most one "%.*s", the place for what[0..n) */
    char msg[300];
    const char *at = strstr(fmt, "%.*s");
    size_t head = at ? (size_t)(at - fmt) : strlen(fmt);
    snprintf(msg, sizeof msg, "%.*s%.*s%s", (int)(head > 200 ? 200 : head), fmt,
             at ? (int)(n > 60 ? 60 : n) : 0, at ? what : "", at ? at + 4 : "");
    if (sd_dict_warn(T->dict, "%s:%zu: %s%s", T->name, line + 1, msg, tail))
        T->nomem = 1;
}

static uint32_t hash_key(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static size_t key_len(const char *s)
{
    const char *arrow = strstr(s, " => ");
    return arrow ? (size_t)(arrow - s) : strlen(s);
}

/* TABARI tries a word's patterns in file order, so the first of two
 * identical phrases wins: a later one is reported and not written.
 * Returns 1 when line's phrase was seen before. */
static int seen_before(tabari *T, size_t line, const char *s)
{
    if (T->seen_n * 2 >= T->seen_cap) {
        size_t cap = T->seen_cap ? T->seen_cap * 2 : 1024;
        uint32_t *tab = sd_calloc(cap, sizeof *tab);
        if (!tab) {
            T->nomem = 1;
            return 0;
        }
        for (size_t i = 0; i < T->seen_cap; i++)
            if (T->seen[i]) {
                const char *o = T->out[T->seen[i] - 1];
                size_t k = hash_key(o, key_len(o)) & (cap - 1);
                while (tab[k])
                    k = (k + 1) & (cap - 1);
                tab[k] = T->seen[i];
            }
        free(T->seen);
        T->seen = tab;
        T->seen_cap = cap;
    }
    size_t n = key_len(s);
    size_t k = hash_key(s, n) & (T->seen_cap - 1);
    while (T->seen[k]) {
        const char *o = T->out[T->seen[k] - 1];
        if (key_len(o) == n && memcmp(o, s, n) == 0) {
            char msg[80];
            snprintf(msg, sizeof msg, "same phrase as line %u; the first wins",
                     (unsigned)T->seen[k]);
            warn(T, line, msg, "", 0);
            return 1;
        }
        k = (k + 1) & (T->seen_cap - 1);
    }
    T->seen[k] = (uint32_t)line + 1;
    T->seen_n++;
    return 0;
}

static void set_out(tabari *T, size_t line, sd_buf *b)
{
    if (b->failed) {
        T->nomem = 1;
        return;
    }
    if (T->out[line] || seen_before(T, line, b->data))
        return;
    free(T->out[line]);
    T->out[line] = b->data; /* taken over */
    b->data = NULL;
    b->len = b->cap = 0;
}

/* Line i without its comment (';' anywhere, '#' or '//' at the start) and
 * trailing white space; *n is its length. */
static const char *line_text(const tabari *T, size_t i, size_t *n)
{
    const char *s = T->line[i];
    size_t len = T->line_n[i];
    if (T->comment && T->comment[i]) {
        *n = 0;
        return s;
    }
    size_t k = 0;
    while (k < len && s[k] != ';' &&
           !(s[k] == '#' && (k == 0 || is_sp(s[k - 1]) || s[k - 1] == ']')))
        k++;
    len = k;
    while (len && is_sp(s[len - 1]))
        len--;
    size_t lead = 0;
    while (lead < len && is_sp(s[lead]))
        lead++;
    if (lead < len && (s[lead] == '#' || (s[lead] == '/' && lead + 1 < len && s[lead + 1] == '/')))
        len = 0;
    *n = len;
    return s;
}

/* ---------------------------------------------------------------- words */

/* Cut b back to len bytes (no-op after a failed append left it short). */
static void buf_cut(sd_buf *b, size_t len)
{
    if (b->data && len <= b->len) {
        b->len = len;
        b->data[len] = '\0';
    }
}

/* Append a TABARI word w[0..n) as a saydo word: characters saydo's phrase
 * syntax reserves are dropped; whole words stay plain, stems get '*'. */
static void put_word(sd_buf *b, const char *w, size_t n, int whole)
{
    size_t start = b->len;
    if (n > 1 && w[n - 1] == '~')
        whole = 0; /* "REAL~_PLEASANT": a stem joined to the next word */
    int exact = (n > 1 && w[n - 1] == '=' && w[0] != '=') || /* "BAN=": no endings */
                whole == 2;
    if (b->len && b->data[b->len - 1] != ' ' && b->data[b->len - 1] != '(')
        sd_buf_putc(b, ' ');
    if (exact)
        sd_buf_putc(b, '=');
    size_t mark = b->len;
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        if (strchr("()[]{}|=*#~$+%^!<>;@\\", c) || is_sp(c))
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        sd_buf_putc(b, c);
    }
    if (b->len == mark) { /* nothing left of the word */
        buf_cut(b, start);
        return;
    }
    if (!whole && !exact)
        sd_buf_putc(b, '*');
}

static const synset *find_synset(const tabari *T, const char *name, size_t n)
{
    for (size_t i = 0; i < T->nsyn; i++)
        if (strlen(T->syn[i].name) == n && strncasecmp(T->syn[i].name, name, n) == 0)
            return &T->syn[i];
    return NULL;
}

static int phrase(tabari *T, sd_buf *b, const char *s, size_t n, int depth, const char **why);

/* Append "(m1 | m2 ...)" for synset &name. */
static int put_synset(tabari *T, sd_buf *b, const char *name, size_t n, int depth,
                      const char **why)
{
    const synset *sy = find_synset(T, name, n);
    if (!sy) {
        *why = "unknown synset '&%.*s'";
        return -1;
    }
    if (depth >= MAX_SYNSET_DEPTH) {
        *why = "synsets nested too deep at '&%.*s'";
        return -1;
    }
    if (b->len && b->data[b->len - 1] != ' ' && b->data[b->len - 1] != '(')
        sd_buf_putc(b, ' ');
    sd_buf_putc(b, '(');
    const char *m = sy->members.data ? sy->members.data : "";
    int first = 1;
    int budget = T->inner_gaps, left = budget; /* each member may use them */
    while (*m) {
        const char *e = strchr(m, '\n');
        size_t mn = e ? (size_t)(e - m) : strlen(m);
        size_t before = b->len;
        if (!first)
            sd_buf_puts(b, " | ");
        size_t body = b->len;
        T->inner_gaps = budget;
        if (phrase(T, b, m, mn, depth + 1, why))
            return -1;
        if (T->inner_gaps < left)
            left = T->inner_gaps;
        if (b->len == body) /* an empty member */
            buf_cut(b, before);
        else
            first = 0;
        m += mn + (e ? 1 : 0);
    }
    sd_buf_putc(b, ')');
    T->inner_gaps = left;
    if (first) {
        *why = "synset '&%.*s' has no members";
        return -1;
    }
    return 0;
}

/* Translate a plain TABARI phrase (words, '_', '&SYNSET', '{ A | B }';
 * pattern markers are ignored) into saydo phrase syntax. */
static int phrase(tabari *T, sd_buf *b, const char *s, size_t n, int depth, const char **why)
{
    size_t i = 0;
    size_t start = b->len;
    int spaced = 0; /* a space since the last word written: a gap there */
    while (i < n) {
        char c = s[i];
        if (is_sp(c) || c == '_' ||
            (strchr("*$+%^~-", c) && (i + 1 == n || is_sp(s[i + 1]) || s[i + 1] == '_'))) {
            if (is_sp(c) && b->len > start)
                spaced = 1;
            else if (c == '_')
                spaced = 0;
            i++;
            continue;
        }
        if (spaced && T->inner_gaps > 0 && c != '}' && c != '|') {
            sd_buf_puts(b, " {GAP}");
            T->inner_gaps--;
        }
        spaced = 0;
        if (c == '&' && T->format == SD_DICT_FORMAT_VERBS) {
            size_t j = i + 1;
            while (j < n && (is_alnum_c(s[j]) || s[j] == '-'))
                j++;
            if (put_synset(T, b, s + i + 1, j - i - 1, depth, why))
                return -1;
            i = j;
            continue;
        }
        if (c == '{') {
            size_t j = i + 1;
            while (j < n && s[j] != '}')
                j++;
            if (j == n) {
                *why = "unbalanced '{' in '%.*s'";
                return -1;
            }
            if (b->len && b->data[b->len - 1] != ' ' && b->data[b->len - 1] != '(')
                sd_buf_putc(b, ' ');
            sd_buf_putc(b, '(');
            size_t a = i + 1;
            int first = 1;
            int budget = T->inner_gaps, left = budget; /* each alternative may use them */
            for (size_t k = i + 1; k <= j; k++)
                if (k == j || s[k] == '|') {
                    if (!first)
                        sd_buf_puts(b, " | ");
                    size_t body = b->len;
                    T->inner_gaps = budget;
                    if (phrase(T, b, s + a, k - a, depth, why))
                        return -1;
                    if (T->inner_gaps < left)
                        left = T->inner_gaps;
                    if (b->len == body) {
                        *why = "empty alternative in '%.*s'";
                        return -1;
                    }
                    first = 0;
                    a = k + 1;
                }
            sd_buf_putc(b, ')');
            T->inner_gaps = left;
            i = j + 1;
            continue;
        }
        if (c == '}' || c == '|') {
            *why = "unbalanced '}' or '|' in '%.*s'";
            return -1;
        }
        size_t j = i + 1;
        while (j < n && !is_sp(s[j]) && s[j] != '_' && s[j] != '{' && s[j] != '}' &&
               s[j] != '|' && !(s[j] == '&' && T->format == SD_DICT_FORMAT_VERBS))
            j++;
        put_word(b, s + i, j - i, T->whole || (j < n && s[j] == '_'));
        i = j;
    }
    return 0;
}

/* ---------------------------------------------------------------- codes */

static int parse_date(const char *s, size_t n, int32_t *out)
{
    for (size_t i = 0; i < n; i++)
        if (!is_dig(s[i]))
            return -1;
    long v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    int y, m, d;
    if (n == 6) {
        int yy = (int)(v / 10000);
        y = yy < 30 ? 2000 + yy : 1900 + yy; /* TABARI's two-digit years */
    } else if (n == 8) {
        y = (int)(v / 10000);
    } else {
        return -1;
    }
    m = (int)(v / 100 % 100);
    d = (int)(v % 100);
    if (m < 1 || m > 12 || d < 1 || d > sd_days_in_month(y, m))
        return -1;
    *out = y * 10000 + m * 100 + d;
    return 0;
}

static int32_t day_before(int32_t date)
{
    int y = date / 10000, m = date / 100 % 100, d = date % 100;
    if (--d == 0) {
        if (--m == 0) {
            m = 12;
            y--;
        }
        d = sd_days_in_month(y, m);
    }
    return y * 10000 + m * 100 + d;
}

static int32_t day_after(int32_t date)
{
    int y = date / 10000, m = date / 100 % 100, d = date % 100;
    if (++d > sd_days_in_month(y, m)) {
        d = 1;
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
    return y * 10000 + m * 100 + d;
}

static void put_date(sd_buf *b, int32_t d)
{
    sd_buf_printf(b, "%04d-%02d-%02d", (int)(d / 10000), (int)(d / 100 % 100), (int)(d % 100));
}

#define MAX_RANGES 64

typedef struct pending {
    long line; /* -1: none */
    sd_buf phrases, codes;
    int groups, bad;
    int32_t from[MAX_RANGES], to[MAX_RANGES]; /* dated codes so far */
    int nranges;
} pending;

/* One actor or agent code group "[...]" (inside in s[0..n)): appends the
 * saydo code (with a date range) to codes, or nothing for a null code.
 * Returns 0, or -1 with *why. */
static int actor_code(tabari *T, sd_buf *codes, const char *s, size_t n, const char **why,
                      int32_t *rfrom, int32_t *rto, int *nranges)
{
    while (n && is_sp(*s))
        s++, n--;
    while (n && is_sp(s[n - 1]))
        n--;
    size_t k = 0;
    while (k < n && !is_sp(s[k]) && s[k] != '<' && s[k] != '>')
        k++;
    const char *code = s;
    size_t cn = k;
    /* the date part, without blanks */
    char date[64];
    size_t dn = 0;
    for (size_t i = k; i < n; i++)
        if (!is_sp(s[i])) {
            if (dn + 1 >= sizeof date) {
                *why = "malformed date in code '[%.*s]'";
                return -1;
            }
            date[dn++] = s[i];
        }
    date[dn] = '\0';
    if (cn == 0) {
        *why = "empty code '[%.*s]'";
        return -1;
    }
    int null = (cn == 3 && (memcmp(code, "---", 3) == 0 || memcmp(code, "+++", 3) == 0));
    int discard = cn == 3 && memcmp(code, "###", 3) == 0;
    char clean[64];
    size_t cl = 0;
    if (discard) {
        /* the actor's sentences are not coded (on its dates) */
        memcpy(clean, "discard", 8);
        cl = 7;
    } else if (!null) {
        size_t a = 0, e = cn;
        int prefix = 0; /* NGO~: the agent goes before the actor */
        if (a < e && code[a] == '~')
            a++;
        else if (e > a && code[e - 1] == '~')
            e--, prefix = 1;
        for (size_t i = a; i < e && (code[i] != '/' || T->format == SD_DICT_FORMAT_ACTORS);
             i++) {
            if (code[i] == '/' && cl > 0 && i + 1 < e && cl + 1 < sizeof clean) {
                /* "THE_SHIRE [FRO/BIL/SAM]": a compound actor, FRO:BIL:SAM
                 * (the coder codes an event for each member) */
                clean[cl++] = ':';
                continue;
            }
            if (!is_alnum_c(code[i]) || cl + 1 >= sizeof clean) {
                *why = "bad code '[%.*s]' (codes are letters and digits, with '~' for agents)";
                return -1;
            }
            clean[cl++] = code[i];
        }
        if (cl == 0) {
            *why = "bad code '[%.*s]'";
            return -1;
        }
        if (prefix && T->format == SD_DICT_FORMAT_AGENTS && cl + 1 < sizeof clean)
            clean[cl++] = '~';
        int digits = 1;
        for (size_t i = 0; i < cl; i++)
            digits &= is_dig(clean[i]);
        if (digits && (cl == 6 || cl == 8)) {
            *why = "date without a code in '[%.*s]'";
            return -1;
        }
    }
    clean[cl] = '\0';
    int32_t from = 0, to = 0;
    int dated = dn > 0;
    if (dated) {
        if (date[0] == '<') {
            if (parse_date(date + 1, dn - 1, &to)) {
                *why = "malformed date in code '[%.*s]' (expected YYMMDD or YYYYMMDD)";
                return -1;
            }
            to = day_before(to);
        } else if (date[0] == '>') {
            if (parse_date(date + 1, dn - 1, &from)) {
                *why = "malformed date in code '[%.*s]' (expected YYMMDD or YYYYMMDD)";
                return -1;
            }
        } else {
            const char *dash = strchr(date, '-');
            if (!dash || parse_date(date, (size_t)(dash - date), &from) ||
                parse_date(dash + 1, strlen(dash + 1), &to)) {
                *why = "malformed date range in code '[%.*s]' (expected D1-D2, <D or >D)";
                return -1;
            }
        }
    }
    if (null && !dated)
        return 0;
    if (null) /* dated: the phrase matches and codes nothing on those days */
        memcpy(clean, "null", 5);
    if (!dated) {
        if (codes->len)
            sd_buf_putc(codes, ' ');
        sd_buf_puts(codes, clean);
        return 0;
    }
    /* Overlapping ranges (a person's offices in PETRARCH-2's files; a
     * short exception inside a long range in PETRARCH-1's): the earlier
     * code keeps the days they share, the later one the days left */
    int32_t plo[MAX_RANGES], phi[MAX_RANGES];
    int np = 1;
    plo[0] = from;
    phi[0] = to ? to : SD_DICT_DATE_OPEN_TO;
    for (int r = 0; r < *nranges; r++)
        for (int q = 0; q < np; q++) {
            if (!(plo[q] <= rto[r] && rfrom[r] <= phi[q]))
                continue;
            int32_t a = plo[q], b = phi[q];
            int keep_lo = rfrom[r] > a, keep_hi = rto[r] < b && rto[r] != SD_DICT_DATE_OPEN_TO;
            if (keep_lo) {
                phi[q] = day_before(rfrom[r]);
                if (keep_hi && np < MAX_RANGES) {
                    plo[np] = day_after(rto[r]);
                    phi[np] = b;
                    np++;
                }
            } else if (keep_hi) {
                plo[q] = day_after(rto[r]);
            } else {
                plo[q] = plo[np - 1]; /* covered: drop the piece */
                phi[q] = phi[np - 1];
                np--;
                q--;
            }
        }
    if (np == 0) {
        *why = "date range of '[%.*s]' is covered by earlier codes'; the earlier win";
        return 1;
    }
    for (int q = 0; q < np; q++) {
        if (*nranges < MAX_RANGES) {
            rfrom[*nranges] = plo[q];
            rto[*nranges] = phi[q];
            (*nranges)++;
        }
        if (codes->len)
            sd_buf_putc(codes, ' ');
        sd_buf_puts(codes, clean);
        sd_buf_putc(codes, '@');
        if (plo[q])
            put_date(codes, plo[q]);
        sd_buf_puts(codes, "..");
        if (phi[q] != SD_DICT_DATE_OPEN_TO)
            put_date(codes, phi[q]);
    }
    return 0;
}

/* Every "[...]" group of s[0..n) through actor_code; *ngroups counts them. */
static int actor_codes(tabari *T, pending *p, const char *s, size_t n, const char **why,
                       const char **at, size_t *at_n)
{
    sd_buf *codes = &p->codes;
    int *ngroups = &p->groups;
    size_t i = 0;
    while (i < n) {
        if (is_sp(s[i])) {
            i++;
            continue;
        }
        if (s[i] != '[') {
            *why = "unexpected text '%.*s' after a code";
            *at = s + i;
            *at_n = n - i;
            return -1;
        }
        size_t j = i + 1;
        while (j < n && s[j] != ']')
            j++;
        if (j == n) {
            *why = "unbalanced '[' in '%.*s'";
            *at = s + i;
            *at_n = n - i;
            return -1;
        }
        *at = s + i + 1;
        *at_n = j - i - 1;
        int rc = actor_code(T, codes, s + i + 1, j - i - 1, why, p->from, p->to, &p->nranges);
        if (rc < 0)
            return -1;
        /* rc > 0: a dated code overlapping an earlier one was left out
         * (PETRARCH-2 lists a person's overlapping offices; the earlier
         * code keeps the days they share, docs/compat.md) */
        (*ngroups)++;
        i = j + 1;
    }
    return 0;
}

/* ------------------------------------------------------- actors, agents */


static void flush_actor(tabari *T, pending *p)
{
    if (p->line < 0)
        return;
    if (!p->bad) {
        if (p->groups == 0) {
            warn(T, (size_t)p->line, "no code for the phrase", "", 0);
        } else if (p->codes.len && p->phrases.len) {
            sd_buf b = SD_BUF_INIT;
            sd_buf_printf(&b, "%s => %s", p->phrases.data, p->codes.data);
            /* TABARI codes an agent only with its actor: never alone
             * (saydo's ambiguous=1 on an agent); tabari=1: TABARI's
             * composition (code_actors.c: before the actor too, and
             * appended to a code of any length) */
            if (T->format == SD_DICT_FORMAT_AGENTS)
                sd_buf_puts(&b, " ; ambiguous=1 tabari=1");
            else
                sd_buf_puts(&b, " ; tabari=1"); /* TABARI ignores capitals */
            set_out(T, (size_t)p->line, &b);
            sd_buf_free(&b);
        }
        /* only null codes: the phrase codes nothing, as in TABARI */
    }
    sd_buf_clear(&p->phrases);
    sd_buf_clear(&p->codes);
    p->line = -1;
    p->groups = p->bad = p->nranges = 0;
}

static void add_one_phrase(tabari *T, pending *p, size_t line, const char *s, size_t n);

/* A phrase of an actor or agent line: "WORDS", "WORDS {PLURAL ...}"
 * (PETRARCH: the braces hold more phrases), "WORDS!MACRO!" (PETRARCH:
 * one phrase per value of "!MACRO! = A, B" defined earlier). */
static void add_phrase(tabari *T, pending *p, size_t line, const char *s, size_t n)
{
    const char *brace = memchr(s, '{', n);
    if (brace) {
        const char *close = memchr(brace, '}', n - (size_t)(brace - s));
        if (!close) {
            warn(T, line, "unbalanced '{' in '%.*s'", s, n);
            p->bad = 1;
            return;
        }
        add_phrase(T, p, line, s, (size_t)(brace - s));
        for (const char *a = brace + 1, *j = brace + 1; j <= close; j++)
            if (j == close || is_sp(*j)) {
                if (j > a)
                    add_phrase(T, p, line, a, (size_t)(j - a));
                a = j + 1;
            }
        return;
    }
    const char *bang = memchr(s, '!', n);
    const char *bang2 = bang ? memchr(bang + 1, '!', n - (size_t)(bang + 1 - s)) : NULL;
    if (bang2) {
        const synset *m = find_synset(T, bang, (size_t)(bang2 - bang + 1));
        if (!m) {
            warn(T, line, "unknown substitution '%.*s'", bang, (size_t)(bang2 - bang + 1));
            p->bad = 1;
            return;
        }
        const char *v = m->members.data ? m->members.data : "";
        while (*v) {
            const char *e = strchr(v, '\n');
            size_t vn = e ? (size_t)(e - v) : strlen(v);
            sd_buf one = SD_BUF_INIT;
            sd_buf_append(&one, s, (size_t)(bang - s));
            sd_buf_append(&one, v, vn);
            sd_buf_append(&one, bang2 + 1, n - (size_t)(bang2 + 1 - s));
            if (one.failed)
                T->nomem = 1;
            else
                add_phrase(T, p, line, one.data, one.len);
            sd_buf_free(&one);
            v += vn + (e ? 1 : 0);
        }
        return;
    }
    add_one_phrase(T, p, line, s, n);
}

/* "!NAME! = A, B, C" lines (PETRARCH agents): kept with the synsets. */
static void read_macros(tabari *T)
{
    for (size_t i = 0; i < T->nlines && !T->nomem; i++) {
        size_t n;
        const char *s = line_text(T, i, &n);
        if (n < 3 || s[0] != '!')
            continue;
        const char *b2 = memchr(s + 1, '!', n - 1);
        const char *eq = b2 ? memchr(b2, '=', n - (size_t)(b2 - s)) : NULL;
        if (!eq)
            continue;
        synset *grown = sd_realloc(T->syn, (T->nsyn + 1) * sizeof *grown);
        if (!grown) {
            T->nomem = 1;
            return;
        }
        T->syn = grown;
        synset *m = &T->syn[T->nsyn];
        size_t nn = (size_t)(b2 - s) + 1;
        m->name = sd_malloc(nn + 1);
        if (!m->name) {
            T->nomem = 1;
            return;
        }
        memcpy(m->name, s, nn);
        m->name[nn] = '\0';
        m->members = (sd_buf)SD_BUF_INIT;
        T->nsyn++;
        for (const char *a = eq + 1; a < s + n;) {
            while (a < s + n && (is_sp(*a) || *a == ','))
                a++;
            const char *e = a;
            while (e < s + n && *e != ',')
                e++;
            const char *z = e;
            while (z > a && is_sp(z[-1]))
                z--;
            if (z > a) {
                if (m->members.len)
                    sd_buf_putc(&m->members, '\n');
                sd_buf_append(&m->members, a, (size_t)(z - a));
            }
            a = e;
        }
        if (m->members.failed)
            T->nomem = 1;
        T->comment[i] = 1; /* not an entry */
    }
}

/* One space-free part of a TABARI actor phrase into g.  Words joined by
 * '_' are also one token as the text may write them ("Dol_Amroth",
 * "Al-Gore"): "(dol amroth* | dol_amroth* | dol-amroth*)".  Returns 1 when
 * something was written, 0 when nothing, -1 on a bad part. */
static int actor_part(tabari *T, sd_buf *g, const char *s, size_t n)
{
    size_t body = g->len;
    const char *why = NULL;
    int joined = 0;
    for (size_t i = 1; i + 1 < n; i++)
        joined |= s[i] == '_' && is_alnum_c(s[i - 1]) && is_alnum_c(s[i + 1]);
    if (memchr(s, '~', n))
        joined = 0;
    if (!joined)
        return phrase(T, g, s, n, 0, &why) ? -1 : g->len > body;
    if (g->len && g->data[g->len - 1] != ' ')
        sd_buf_putc(g, ' ');
    sd_buf_putc(g, '(');
    size_t in = g->len;
    if (phrase(T, g, s, n, 0, &why) || g->len == in)
        return -1;
    size_t e = n;
    while (e && s[e - 1] == '_')
        e--;
    static const char joins[] = "_-";
    for (int k = 0; k < 2; k++) {
        sd_buf_puts(g, " | ");
        for (size_t i = 0; i < e; i++) {
            char c = s[i];
            if (c == '_')
                c = joins[k];
            else if (!is_alnum_c(c) && c != '-' && c != '.' && c != '\'')
                continue;
            if (c >= 'A' && c <= 'Z')
                c = (char)(c + 32);
            sd_buf_putc(g, c);
        }
        if (e == n && !T->whole)
            sd_buf_putc(g, '*');
    }
    sd_buf_putc(g, ')');
    return 1;
}

/* TABARI's noun endings: the last word of an actor phrase, a whole word,
 * also with an "s" ("LIBYA_" in "Libyas"): "libya" becomes "(libya |
 * libyas)".  A stem ("word*"), an exact word ("=word") or a group stays. */
static void noun_ending(sd_buf *g)
{
    if (!g->len || g->failed)
        return;
    size_t w = g->len;
    while (w > 0 && g->data[w - 1] != ' ' && g->data[w - 1] != '(')
        w--;
    size_t wn = g->len - w;
    if (wn < 3 || g->data[g->len - 1] == 's')
        return;
    for (size_t i = w; i < g->len; i++)
        if (g->data[i] < 'a' || g->data[i] > 'z')
            return;
    char word[64];
    if (wn >= sizeof word)
        return;
    memcpy(word, g->data + w, wn);
    word[wn] = '\0';
    buf_cut(g, w);
    sd_buf_printf(g, "(%s | %ss)", word, word);
}

/* A TABARI actor phrase (not PETRARCH's) into phrases: its parts (split
 * at spaces, actor_part) one after the other; and TABARI allows other
 * words where a space stands ("ITHILEN TELEVISION" in "Ithilen state-run
 * television", "PRINCE DOL_AMROTH" in "the Prince of Dol Amroth"; '_'
 * joins words with none): so one more alternative with the slot {AGAP}
 * between the parts, which code_actors.c fills (the plain matcher never
 * matches a slot).  Returns 0, or -1 when the phrase needs the general
 * translation (braces, synsets, '~'). */
static int actor_phrases(tabari *T, pending *p, const char *s, size_t n)
{
    while (n && is_sp(s[n - 1]))
        n--;
    while (n && is_sp(*s))
        s++, n--;
    if (!n || memchr(s, '{', n) || memchr(s, '&', n) || memchr(s, '~', n))
        return -1;
    sd_buf g[2] = {SD_BUF_INIT, SD_BUF_INIT};
    int parts = 0, bad = 0;
    for (size_t i = 0; i < n && !bad;) {
        size_t j = i;
        while (j < n && !is_sp(s[j]))
            j++;
        for (int k = 0; k < 2 && !bad; k++) {
            size_t before = g[k].len;
            if (parts && k == 1)
                sd_buf_puts(&g[k], " {AGAP} ");
            int r = actor_part(T, &g[k], s + i, j - i);
            if (r < 0)
                bad = 1;
            else if (r == 0)
                buf_cut(&g[k], before);
        }
        if (!bad && g[0].len && (parts == 0 || g[1].len))
            parts++;
        i = j;
        while (i < n && is_sp(s[i]))
            i++;
    }
    for (int k = 0; k < 2 && !bad && parts; k++)
        noun_ending(&g[k]);
    int rc = -1;
    if (!bad && parts && !g[0].failed && !g[1].failed) {
        if (p->phrases.len)
            sd_buf_puts(&p->phrases, " | ");
        sd_buf_puts(&p->phrases, g[0].data);
        if (parts > 1 && strstr(g[1].data, "{AGAP}")) {
            sd_buf_puts(&p->phrases, " | ");
            sd_buf_puts(&p->phrases, g[1].data);
            T->dict->tabari.actor_gaps = 1;
        }
        rc = 0;
    }
    if (g[0].failed || g[1].failed)
        T->nomem = 1;
    sd_buf_free(&g[0]);
    sd_buf_free(&g[1]);
    return rc;
}

static void add_one_phrase(tabari *T, pending *p, size_t line, const char *s, size_t n)
{
    const char *why = NULL;
    sd_buf b = SD_BUF_INIT;
    if (phrase(T, &b, s, n, 0, &why)) {
        warn(T, line, why, s, n);
        p->bad = 1;
    } else if (b.len) {
        if (T->format != SD_DICT_FORMAT_ACTORS || T->whole || actor_phrases(T, p, s, n)) {
            if (p->phrases.len)
                sd_buf_puts(&p->phrases, " | ");
            sd_buf_puts(&p->phrases, b.data);
        }
    }
    if (b.failed)
        T->nomem = 1;
    sd_buf_free(&b);
}

static void translate_actors(tabari *T)
{
    pending p;
    memset(&p, 0, sizeof p);
    p.line = -1;
    int skip_block = 0;
    read_macros(T);
    for (size_t i = 0; i < T->nlines && !T->nomem; i++) {
        size_t n;
        const char *s = line_text(T, i, &n);
        size_t lead = 0;
        while (lead < n && is_sp(s[lead]))
            lead++;
        if (lead == n)
            continue;
        const char *t = s + lead;
        size_t tn = n - lead;
        if (tn >= 2 && t[0] == '~' && t[1] == '~') /* ~~FINISH: the end */
            break;
        if (t[0] == '<') { /* <NOUN> ... </NOUN> and other blocks */
            flush_actor(T, &p);
            skip_block = !(tn > 1 && t[1] == '/');
            continue;
        }
        if (skip_block)
            continue;
        if (t[0] == '+') {
            if (p.line < 0) {
                warn(T, i, "synonym '%.*s' without a phrase before it", t, tn);
                continue;
            }
            size_t k = 1;
            while (k < tn && t[k] != '[')
                k++;
            add_phrase(T, &p, i, t + 1, k - 1);
            const char *why, *at;
            size_t at_n;
            if (k < tn && actor_codes(T, &p, t + k, tn - k, &why, &at, &at_n)) {
                warn(T, i, why, at, at_n);
                p.bad = 1;
            }
            continue;
        }
        if (t[0] == '[' && (lead > 0 || p.line >= 0)) { /* an indented code line */
            if (p.line < 0) {
                warn(T, i, "code '%.*s' without a phrase before it", t, tn);
                continue;
            }
            const char *why, *at;
            size_t at_n;
            if (actor_codes(T, &p, t, tn, &why, &at, &at_n)) {
                warn(T, i, why, at, at_n);
                p.bad = 1;
            }
            continue;
        }
        /* phrase lines one after the other, their codes below them
         * (PETRARCH-2's actors): synonyms of one entry */
        int synonym = p.line >= 0 && p.groups == 0 && !p.bad && lead == 0;
        if (!synonym) {
            flush_actor(T, &p);
            p.line = (long)i;
        }
        size_t k = 0;
        while (k < tn && t[k] != '[')
            k++;
        size_t pn = k;
        while (pn && is_sp(t[pn - 1]))
            pn--;
        if (pn == 0) {
            warn(T, i, "no phrase before the code '%.*s'", t, tn);
            p.bad = 1;
            continue;
        }
        add_phrase(T, &p, i, t, pn);
        const char *why, *at;
        size_t at_n;
        if (k < tn && actor_codes(T, &p, t + k, tn - k, &why, &at, &at_n)) {
            warn(T, i, why, at, at_n);
            p.bad = 1;
        }
    }
    flush_actor(T, &p);
    if (p.phrases.failed || p.codes.failed)
        T->nomem = 1;
    sd_buf_free(&p.phrases);
    sd_buf_free(&p.codes);
}

/* PETRARCH's discards: a phrase (with '+' in front: a story-level
 * discard) whose presence means the sentence is not coded. */
static void translate_discards(tabari *T)
{
    for (size_t i = 0; i < T->nlines && !T->nomem; i++) {
        size_t n;
        const char *s = line_text(T, i, &n);
        size_t lead = 0;
        while (lead < n && (is_sp(s[lead]) || s[lead] == '+'))
            lead++;
        if (lead == n)
            continue;
        sd_buf b = SD_BUF_INIT;
        const char *why = NULL;
        /* every word is whole: discards name words, not stems */
        for (size_t k = lead; k < n;) {
            while (k < n && (is_sp(s[k]) || s[k] == '_'))
                k++;
            size_t j = k;
            while (j < n && !is_sp(s[j]) && s[j] != '_')
                j++;
            if (j > k)
                put_word(&b, s + k, j - k, 1);
            k = j;
        }
        if (why)
            warn(T, i, why, s, n);
        if (b.len) {
            sd_buf_puts(&b, " => discard ; discard=1");
            set_out(T, i, &b);
        }
        sd_buf_free(&b);
    }
}

/* ---------------------------------------------------------------- verbs */

/* A verb code "[...]": "032" / "032:033" / "---" / "###" / "+++".  Writes
 * the saydo code and attributes ("" or "pair=033" or "discard=1"). */
static int verb_code(const char *s, size_t n, char *code, size_t cap, char *attrs, size_t acap)
{
    while (n && is_sp(*s))
        s++, n--;
    while (n && is_sp(s[n - 1]))
        n--;
    attrs[0] = '\0';
    if (n == 3 && (memcmp(s, "---", 3) == 0 || memcmp(s, "+++", 3) == 0)) {
        snprintf(code, cap, "null");
        return 0;
    }
    if (n == 3 && memcmp(s, "###", 3) == 0) {
        snprintf(code, cap, "discard");
        snprintf(attrs, acap, "discard=1");
        return 0;
    }
    if (n > 1 && s[0] == ':') {
        /* PETRARCH-2's [:173]: only the target's act on the source */
        int rc = verb_code(s + 1, n - 1, code, cap, attrs, acap);
        if (!rc) {
            size_t used = strlen(attrs);
            snprintf(attrs + used, acap - used, "%sswap=1", used ? " " : "");
        }
        return rc;
    }
    size_t colon = 0;
    while (colon < n && s[colon] != ':')
        colon++;
    int sub = memchr(s, '?', colon) != NULL; /* [023?]: a subordinate code */
    int dominant = memchr(s, '!', colon) != NULL; /* [031!]: the sentence's only event */
    size_t cl = 0;
    for (size_t i = 0; i < colon; i++) {
        if (s[i] == '!' || s[i] == '?' || is_sp(s[i]))
            continue;
        if (!is_alnum_c(s[i]) || cl + 1 >= cap)
            return -1;
        code[cl++] = s[i];
    }
    code[cl] = '\0';
    if (cl == 0)
        return -1;
    if (colon < n) {
        size_t al = 0;
        char pair[32];
        for (size_t i = colon + 1; i < n; i++) {
            if (s[i] == '!' || s[i] == '?' || is_sp(s[i]))
                continue;
            if (!is_alnum_c(s[i]) || al + 1 >= sizeof pair)
                return -1;
            pair[al++] = s[i];
        }
        pair[al] = '\0';
        if (al && !(al == 3 && strcmp(pair, "---") == 0))
            snprintf(attrs, acap, "pair=%s", pair);
    }
    if (sub) {
        size_t used = strlen(attrs);
        snprintf(attrs + used, acap - used, "%ssub=1", used ? " " : "");
    }
    if (dominant) {
        size_t used = strlen(attrs);
        snprintf(attrs + used, acap - used, "%sdominant=1", used ? " " : "");
    }
    return 0;
}

/* Split "TEXT [CODE] ..." into the text before '[' and the first code
 * group's inside.  Returns 0, or -1 when there is no '[...]'. */
static int split_code(const char *s, size_t n, size_t *text_n, const char **code, size_t *code_n)
{
    size_t k = 0;
    while (k < n && s[k] != '[')
        k++;
    if (k == n)
        return -1;
    size_t j = k + 1;
    while (j < n && s[j] != ']')
        j++;
    if (j == n)
        return -1;
    *text_n = k;
    while (*text_n && is_sp(s[*text_n - 1]))
        (*text_n)--;
    *code = s + k + 1;
    *code_n = j - k - 1;
    return 0;
}

typedef struct verb {
    long line;        /* -1 none */
    sd_buf words;     /* saydo phrase of the verb itself       */
    sd_buf forms;     /* " | form | form" alternatives          */
    char code[32], attrs[48];
    int ok;
    int regular;      /* one whole word: TABARI's endings (verb_endings) */
    sd_buf gapped;    /* a verb of several words: its entry with {GAP}
                         where a space stands (verb_gaps), or empty     */
    sd_buf block;     /* under a "--- NAME ---" header: every verb of the
                         block so far, "a | (b | forms) | ..."          */
} verb;

/* "(verb | forms)" */
static void put_own_verb(sd_buf *b, const verb *v)
{
    if (b->len && b->data[b->len - 1] != ' ')
        sd_buf_putc(b, ' ');
    if (v->forms.len)
        sd_buf_printf(b, "(%s%s)", v->words.data, v->forms.data);
    else if (v->regular) /* (verb_endings) */
        sd_buf_printf(b, "(%s | =%ss | =%ses | =%sen)", v->words.data, v->words.data,
                      v->words.data, v->words.data);
    else
        sd_buf_puts(b, v->words.data);
}

/* TABARI's verb endings: a whole verb ("DEPART_", one word) also takes
 * -S, -ES and -EN as written ("arms", "departen"), which saydo's lemmas do
 * not give: "(arm | =arms | =armes | =armen)" when it has no irregular
 * forms (put_own_verb). */
static void verb_endings(tabari *T, verb *v, const char *t, size_t n)
{
    while (n && is_sp(t[n - 1]))
        n--;
    v->regular = 0;
    if (T->whole || n < 2 || t[n - 1] != '_' || !v->words.len || v->words.len > 40)
        return;
    for (size_t i = 0; i < v->words.len; i++)
        if (v->words.data[i] < 'a' || v->words.data[i] > 'z')
            return;
    v->regular = 1; /* put_own_verb writes them, unless irregular forms follow */
}

/* A verb of several words with spaces between ("DEATH TOLL RISEN"): as
 * in its patterns, TABARI allows other words there ("death toll has
 * risen"): its own entry gets {GAP} at up to three of them, the last
 * first; its patterns keep the words as one ('*').  PETRARCH's files not. */
static void verb_gaps(tabari *T, verb *v, const char *t, size_t n)
{
    sd_buf_clear(&v->gapped);
    if (T->whole || memchr(t, '{', n) || memchr(t, '&', n) || memchr(t, '~', n))
        return;
    size_t starts[16], ends[16], np = 0;
    for (size_t i = 0; i < n && np < 16;) {
        while (i < n && is_sp(t[i]))
            i++;
        size_t j = i;
        while (j < n && !is_sp(t[j]))
            j++;
        if (j > i) {
            starts[np] = i;
            ends[np++] = j;
        }
        i = j;
    }
    if (np < 2)
        return;
    int gap[16] = {0}, slots = 0;
    for (size_t k = np - 1; k-- > 0 && slots < MAX_PATTERN_SLOTS;)
        gap[k] = 1, slots++;
    const char *why = NULL;
    for (size_t k = 0; k < np; k++) {
        if (phrase(T, &v->gapped, t + starts[k], ends[k] - starts[k], 0, &why)) {
            sd_buf_clear(&v->gapped);
            return;
        }
        if (gap[k] && k + 1 < np)
            sd_buf_puts(&v->gapped, " {GAP}");
    }
    if (v->gapped.failed)
        T->nomem = 1;
}

/* A line of a <TIME> block: "PHRASE [###]" (the sentence is not coded)
 * and "PHRASE [+++]" (TABARI's complexity code: nor is it) become a
 * pattern with discard=1; day shifts ("[+7]") and patterns are not read. */
static void time_phrase(tabari *T, size_t line, const char *t, size_t tn)
{
    const char *br = memchr(t, '[', tn);
    const char *close = br ? memchr(br, ']', tn - (size_t)(br - t)) : NULL;
    if (t[0] == '-' || !close || close - br != 4 ||
        (memcmp(br + 1, "###", 3) != 0 && memcmp(br + 1, "+++", 3) != 0))
        return; /* (skipped quietly, as the whole block was before) */
    sd_buf b = SD_BUF_INIT;
    const char *why = NULL;
    if (phrase(T, &b, t, (size_t)(br - t), 0, &why) == 0 && b.len) {
        sd_buf_puts(&b, " => discard ; discard=1");
        set_out(T, line, &b);
    }
    sd_buf_free(&b);
}

/* The '*' of a pattern: the verb, or under a block header every verb of
 * the block (PETRARCH's verb blocks share their patterns). */
static void put_verb(sd_buf *b, const verb *v)
{
    if (!v->block.len) {
        put_own_verb(b, v);
        return;
    }
    if (b->len && b->data[b->len - 1] != ' ')
        sd_buf_putc(b, ' ');
    sd_buf_printf(b, "(%s)", v->block.data);
}

/* TABARI codes one event per clause (once=1 on every verb entry) and
 * codes what the pattern says even after "will" or "plans to" (intent= the
 * code itself, where saydo would turn a material act into its intent). */
static void put_entry(sd_buf *b, const char *code, const char *attrs)
{
    sd_buf_printf(b, " => %s ; once=1", code);
    if (is_dig(code[0]))
        sd_buf_printf(b, " intent=%s", code);
    if (strcmp(code, "null") != 0 && strcmp(code, "discard") != 0)
        sd_buf_puts(b, " user=1"); /* a code outside CAMEO is a user code */
    if (*attrs)
        sd_buf_printf(b, " %s", attrs);
}

static void flush_verb(tabari *T, verb *v)
{
    if (v->line >= 0 && v->ok && strcmp(v->code, "null") != 0) {
        sd_buf b = SD_BUF_INIT;
        if (v->gapped.len && !v->forms.len)
            sd_buf_puts(&b, v->gapped.data); /* (verb_gaps) */
        else
            put_own_verb(&b, v);
        put_entry(&b, v->code, v->attrs);
        set_out(T, (size_t)v->line, &b);
        sd_buf_free(&b);
    }
    v->line = -1;
    v->ok = 0;
    v->regular = 0;
    sd_buf_clear(&v->words);
    sd_buf_clear(&v->forms);
    sd_buf_clear(&v->gapped);
}

enum { E_WORD, E_VERB, E_TGT, E_SKIP, E_DROP };

typedef struct elem {
    int type;
    const char *s; /* E_WORD: TABARI text of a word or group */
    size_t n;
    int whole;     /* '_' right after it: a whole word, not a stem   */
    int joined;    /* joined by '_' to the next element (no gap)      */
} elem;

/* Translate pattern text s[0..n) for verb v into out. */
static int pattern(tabari *T, const verb *v, const char *s, size_t n, sd_buf *out,
                   const char **why, char *flags, size_t fcap)
{
    elem e[MAX_ELEMS];
    size_t ne = 0, i = 0;
    while (i < n) {
        char c = s[i];
        if (is_sp(c)) {
            i++;
            continue;
        }
        if (c == '_') {
            /* WORD_ is a whole word; WORD_WORD joins them (no gap) */
            if (ne) {
                e[ne - 1].whole = 1;
                if (i + 1 < n && !is_sp(s[i + 1]))
                    e[ne - 1].joined = 1;
            }
            i++;
            continue;
        }
        if (ne == MAX_ELEMS) {
            *why = "pattern '%.*s' is too long";
            return -1;
        }
        elem *x = &e[ne++];
        x->joined = x->whole = 0;
        x->s = s + i;
        if (c == '*' || c == '+' || c == '^' || c == '$' || c == '%') {
            x->type = c == '*' ? E_VERB : c == '+' ? E_TGT : c == '^' ? E_SKIP : E_DROP;
            x->n = 1;
            i++;
            continue;
        }
        size_t j = i;
        if (c == '{') {
            while (j < n && s[j] != '}')
                j++;
            if (j == n) {
                *why = "unbalanced '{' in '%.*s'";
                return -1;
            }
            j++;
        } else {
            while (j < n && !is_sp(s[j]) && s[j] != '_' && s[j] != '{' && s[j] != '*')
                j++;
        }
        x->type = E_WORD;
        x->n = j - i;
        i = j;
    }
    /* the verb, once */
    size_t verb_at = ne;
    for (size_t k = 0; k < ne; k++)
        if (e[k].type == E_VERB) {
            if (verb_at != ne) {
                *why = "more than one '*' in '%.*s'";
                return -1;
            }
            verb_at = k;
        }
    if (verb_at == ne) {
        *why = "no '*' (the verb) in pattern '%.*s'";
        return -1;
    }
    /* '%' (a compound actor) makes the act mutual (sym=1); "+ * $" (the
     * target before the verb, the source after it) turns the coder's
     * source and target round (swap=1) */
    int compound = 0, compound_after = 0, tgt_before = 0, src_after = 0, src_before = 0,
        tgt_first = 0;
    for (size_t k = 0; k < ne; k++) {
        compound |= e[k].type == E_DROP && e[k].s[0] == '%';
        compound_after |= e[k].type == E_DROP && e[k].s[0] == '%' && k > verb_at;
        tgt_before |= e[k].type == E_TGT && k < verb_at;
        tgt_first |= e[k].type == E_TGT && k == 0;
        src_after |= e[k].type == E_DROP && e[k].s[0] == '$' && k > verb_at;
        src_before |= e[k].type == E_DROP && e[k].s[0] == '$' && k < verb_at;
    }
    /* "- + WAS * DEAD": the target opens the pattern and no '$' stands
     * before the verb, so the source is the other actor, after it
     * (TABARI: "An Eriadorian was shot dead in Osgiliath" OSG/ERI) */
    int swap = tgt_before && (src_after || (tgt_first && !src_before));
    /* '%' after the verb: the compound there is the one that acts on
     * itself (symtgt=1: "- HAS * WITH %") */
    snprintf(flags, fcap, "%s%s%s%s", compound ? "sym=1" : "",
             compound_after ? " symtgt=1" : "", compound && swap ? " " : "",
             swap ? "swap=1" : "");
    /* a target before the verb, and skips at either end, cannot be
     * expressed: they are dropped (the coder's own rules apply) */
    size_t first_word = 0; /* (a slot needs a word before it to be anchored) */
    while (first_word < ne && e[first_word].type != E_WORD && e[first_word].type != E_VERB)
        first_word++;
    for (size_t k = 0; k < ne; k++) {
        if (e[k].type == E_TGT && k < verb_at && (src_after || k < first_word))
            e[k].type = E_DROP;
        if (e[k].type == E_SKIP && (k < first_word || k + 1 == ne))
            e[k].type = E_DROP;
    }
    /* keep the rest, merging joins across dropped elements */
    elem kept[MAX_ELEMS];
    size_t nk = 0, vk = 0;
    for (size_t k = 0; k < ne; k++) {
        if (e[k].type == E_DROP) {
            if (nk && !e[k].joined)
                kept[nk - 1].joined = 0;
            continue;
        }
        if (e[k].type == E_VERB)
            vk = nk;
        kept[nk++] = e[k];
    }
    /* a trailing target is the coder's default: the first actor after */
    while (nk && kept[nk - 1].type == E_TGT && nk - 1 > vk)
        nk--;
    int slots = 0;
    for (size_t k = 0; k < nk; k++)
        if (kept[k].type == E_TGT || kept[k].type == E_SKIP) {
            if (slots == MAX_PATTERN_SLOTS) {
                kept[k].type = E_SKIP; /* too many: becomes a plain gap below */
                kept[k].n = 0;
            }
            slots++;
        }
    /* gaps at spaces between words, nearest the verb first */
    int gap[MAX_ELEMS] = {0};
    for (size_t dist = 0; dist < nk && slots < MAX_PATTERN_SLOTS; dist++) {
        size_t cand[2] = {vk + dist, vk >= dist + 1 ? vk - dist - 1 : (size_t)-1};
        for (int c = 0; c < 2 && slots < MAX_PATTERN_SLOTS; c++) {
            size_t k = cand[c];
            if (k == (size_t)-1 || k + 1 >= nk || kept[k].joined)
                continue;
            if (kept[k].type == E_TGT || kept[k].type == E_SKIP ||
                kept[k + 1].type == E_TGT || kept[k + 1].type == E_SKIP)
                continue;
            gap[k] = 1;
            slots++;
        }
    }
    T->inner_gaps = MAX_PATTERN_SLOTS - slots;
    for (size_t k = 0; k < nk; k++) {
        const elem *x = &kept[k];
        if (x->type == E_VERB) {
            put_verb(out, v);
        } else if (x->type == E_TGT) {
            sd_buf_puts(out, out->len ? " {TGT}" : "{TGT}");
        } else if (x->type == E_SKIP) {
            if (x->n)
                sd_buf_puts(out, out->len ? " {X}" : "{X}");
        } else {
            /* a word takes the '_' after it into account: whole or stem */
            if (x->s[0] == '{' || x->s[0] == '&') {
                if (phrase(T, out, x->s, x->n, 0, why)) {
                    T->inner_gaps = 0;
                    return -1;
                }
            } else {
                put_word(out, x->s, x->n, T->whole ? 1 : x->whole ? 2 : 0);
            }
        }
        if (gap[k])
            sd_buf_puts(out, " {GAP}");
    }
    T->inner_gaps = 0;
    return 0;
}

/* Collect the synsets: "&NAME" lines followed by "+member" lines. */
static void read_synsets(tabari *T)
{
    synset *cur = NULL;
    for (size_t i = 0; i < T->nlines && !T->nomem; i++) {
        size_t n;
        const char *s = line_text(T, i, &n);
        size_t lead = 0;
        while (lead < n && is_sp(s[lead]))
            lead++;
        if (lead == n)
            continue;
        const char *t = s + lead;
        size_t tn = n - lead;
        if (t[0] == '&') {
            size_t k = 1;
            while (k < tn && !is_sp(t[k]))
                k++;
            synset *grown = sd_realloc(T->syn, (T->nsyn + 1) * sizeof *grown);
            char *name = grown ? sd_malloc(k) : NULL;
            if (grown)
                T->syn = grown;
            if (!name) {
                T->nomem = 1;
                return;
            }
            memcpy(name, t + 1, k - 1);
            name[k - 1] = '\0';
            cur = &T->syn[T->nsyn++];
            cur->name = name;
            cur->members = (sd_buf)SD_BUF_INIT;
            continue;
        }
        if (t[0] == '+' && cur) {
            if (cur->members.len)
                sd_buf_putc(&cur->members, '\n');
            sd_buf_append(&cur->members, t + 1, tn - 1);
            if (cur->members.failed)
                T->nomem = 1;
            continue;
        }
        cur = NULL;
    }
}

static void translate_verbs(tabari *T)
{
    read_synsets(T);
    verb v = {-1, SD_BUF_INIT, SD_BUF_INIT, "", "", 0, 0, SD_BUF_INIT, SD_BUF_INIT};
    int skip_block = 0, in_synset = 0, in_header = 0, in_time = 0;
    char header_code[32] = "", header_attrs[48] = "";
    for (size_t i = 0; i < T->nlines && !T->nomem; i++) {
        size_t n;
        const char *s = line_text(T, i, &n);
        size_t lead = 0;
        while (lead < n && is_sp(s[lead]))
            lead++;
        if (lead == n)
            continue;
        const char *t = s + lead;
        size_t tn = n - lead;
        if (tn >= 2 && t[0] == '~' && t[1] == '~')
            break;
        if (t[0] == '<') {
            flush_verb(T, &v);
            sd_buf_clear(&v.block);
            skip_block = !(tn > 1 && t[1] == '/');
            in_time = skip_block && tn >= 6 && strncasecmp(t, "<TIME>", 6) == 0;
            in_synset = 0;
            continue;
        }
        if (in_time) {
            time_phrase(T, i, t, tn);
            continue;
        }
        if (skip_block)
            continue;
        if (t[0] == '&') {
            flush_verb(T, &v);
            sd_buf_clear(&v.block);
            in_synset = 1;
            continue;
        }
        if (t[0] == '~' && tn > 1 && is_sp(t[1])) {
            /* PETRARCH-2's rewrite rules work on the parse tree */
            warn(T, i, "rewrite rule '%.*s' needs a parse tree: not read", t, tn);
            continue;
        }
        if (t[0] == '+' && in_synset)
            continue;
        in_synset = 0;
        if (tn >= 3 && memcmp(t, "---", 3) == 0 && !(tn > 3 && t[3] == ']')) {
            /* "--- NAME [code] ---": a block header; its code is the
             * default of the verbs below it */
            flush_verb(T, &v);
            sd_buf_clear(&v.block);
            in_header = 1;
            size_t tx;
            const char *c;
            size_t cn;
            header_code[0] = header_attrs[0] = '\0';
            if (!split_code(t, tn, &tx, &c, &cn) &&
                verb_code(c, cn, header_code, sizeof header_code, header_attrs,
                          sizeof header_attrs))
                warn(T, i, "bad code in block header '%.*s'", t, tn);
            continue;
        }
        if (t[0] == '{') {
            if (v.line < 0) {
                warn(T, i, "verb forms '%.*s' without a readable verb before them", t, tn);
                continue;
            }
            size_t k = 1;
            while (k < tn && t[k] != '}')
                k++;
            size_t a = 1;
            for (size_t j = 1; j <= k; j++)
                if (j == k || is_sp(t[j])) {
                    if (j > a) {
                        size_t before = v.forms.len;
                        sd_buf_puts(&v.forms, " | ");
                        size_t body = v.forms.len;
                        const char *why = NULL;
                        if (phrase(T, &v.forms, t + a, j - a, 0, &why)) {
                            warn(T, i, why, t, tn);
                            buf_cut(&v.forms, before);
                        } else if (v.forms.len == body) {
                            buf_cut(&v.forms, before);
                        }
                        if (v.forms.failed)
                            T->nomem = 1;
                    }
                    a = j + 1;
                }
            continue;
        }
        if (t[0] == '-') {
            if (v.line < 0) {
                warn(T, i, "pattern '%.*s' without a readable verb before it", t, tn);
                continue;
            }
            size_t tx;
            const char *c;
            size_t cn;
            char code[32], attrs[80];
            if (split_code(t + 1, tn - 1, &tx, &c, &cn) ||
                verb_code(c, cn, code, sizeof code, attrs, sizeof attrs)) {
                warn(T, i, "pattern '%.*s' has no valid code [...]", t, tn);
                continue;
            }
            sd_buf b = SD_BUF_INIT;
            const char *why = NULL;
            char flags[32];
            if (pattern(T, &v, t + 1, tx, &b, &why, flags, sizeof flags)) {
                warn(T, i, why, t, tn);
                sd_buf_free(&b);
                continue;
            }
            if (*flags) {
                size_t used = strlen(attrs);
                snprintf(attrs + used, sizeof attrs - used, "%s%s", used ? " " : "", flags);
            }
            put_entry(&b, code, attrs);
            set_out(T, i, &b);
            sd_buf_free(&b);
            continue;
        }
        /* a verb line: WORDS [code].  v.line is set only once the line
         * is read: the forms and patterns below a skipped verb line are
         * skipped too ("without a readable verb before it"), never built on a verb
         * with no words. */
        flush_verb(T, &v);
        size_t tx = tn;
        const char *c = NULL;
        size_t cn = 0;
        if (split_code(t, tn, &tx, &c, &cn)) {
            if (!header_code[0]) {
                warn(T, i, "verb '%.*s' has no code [...]", t, tn);
                continue;
            }
            snprintf(v.code, sizeof v.code, "%s", header_code);
            snprintf(v.attrs, sizeof v.attrs, "%s", header_attrs);
        } else if (verb_code(c, cn, v.code, sizeof v.code, v.attrs, sizeof v.attrs)) {
            warn(T, i, "bad code in verb line '%.*s'", t, tn);
            continue;
        }
        const char *why = NULL;
        /* PETRARCH writes the irregular forms on the verb's line */
        const char *brace = memchr(t, '{', tx);
        size_t vx = brace ? (size_t)(brace - t) : tx;
        if (phrase(T, &v.words, t, vx, 0, &why)) {
            warn(T, i, why, t, tn);
            continue;
        }
        if (brace) {
            const char *close = memchr(brace, '}', tx - vx);
            size_t end = close ? (size_t)(close - t) : tx;
            for (size_t a = vx + 1, j = vx + 1; j <= end; j++)
                if (j == end || is_sp(t[j])) {
                    if (j > a) {
                        size_t before = v.forms.len;
                        sd_buf_puts(&v.forms, " | ");
                        size_t body = v.forms.len;
                        if (phrase(T, &v.forms, t + a, j - a, 0, &why) || v.forms.len == body)
                            buf_cut(&v.forms, before);
                    }
                    a = j + 1;
                }
        }
        if (v.words.len == 0) {
            warn(T, i, "no verb in '%.*s'", t, tn);
            continue;
        }
        verb_endings(T, &v, t, vx);
        verb_gaps(T, &v, t, vx);
        v.line = (long)i;
        v.ok = 1;
        if (in_header) {
            if (v.block.len)
                sd_buf_puts(&v.block, " | ");
            put_own_verb(&v.block, &v);
        }
    }
    flush_verb(T, &v);
    if (v.words.failed || v.forms.failed || v.block.failed)
        T->nomem = 1;
    sd_buf_free(&v.words);
    sd_buf_free(&v.forms);
    sd_buf_free(&v.block);
    sd_buf_free(&v.gapped);
}

/* --------------------------------------------------------------- loading */

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

sd_dict_format sd_dict_format_of(const char *path, const char *text, size_t len)
{
    if (path) {
        if (ends_with(path, ".actors"))
            return SD_DICT_FORMAT_ACTORS;
        if (ends_with(path, ".agents"))
            return SD_DICT_FORMAT_AGENTS;
        if (ends_with(path, ".verbs"))
            return SD_DICT_FORMAT_VERBS;
        if (ends_with(path, ".options"))
            return SD_DICT_FORMAT_OPTIONS;
        if (ends_with(path, ".project"))
            return SD_DICT_FORMAT_PROJECT;
        if (ends_with(path, ".dict"))
            return SD_DICT_FORMAT_SAYDO;
        if (strstr(path, "discards") && !ends_with(path, ".dict"))
            return SD_DICT_FORMAT_DISCARDS;
    }
    if (!text)
        return SD_DICT_FORMAT_SAYDO;
    /* by content: saydo files have '=>' and '@kind'; TABARI files have
     * "PHRASE [CODE]" lines and no '=>' */
    size_t scan = len < 65536 ? len : 65536;
    int arrow = 0, bracket = 0, pattern_lines = 0, agent = 0;
    for (size_t i = 0; i < scan; i++) {
        if (text[i] == '=' && i + 1 < scan && text[i + 1] == '>')
            arrow = 1;
        if (text[i] == '[')
            bracket = 1;
        if (text[i] == '~' && i > 0 && (text[i - 1] == '[' || text[i - 1] == ' '))
            agent = 1;
        if (text[i] == '-' && (i == 0 || text[i - 1] == '\n') && i + 1 < scan &&
            text[i + 1] == ' ')
            pattern_lines++;
    }
    if (arrow || !bracket)
        return SD_DICT_FORMAT_SAYDO;
    if (pattern_lines)
        return SD_DICT_FORMAT_VERBS;
    return agent ? SD_DICT_FORMAT_AGENTS : SD_DICT_FORMAT_ACTORS;
}

/* Is s[0..n) valid UTF-8 (structure only: lead and continuation bytes)? */
static int utf8_ok(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        size_t k = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : 9;
        if (k == 9 || (k && c < 0xC2) || i + k >= n + (k ? 0 : 1))
            return 0;
        for (size_t j = 1; j <= k; j++)
            if ((s[i + j] & 0xC0) != 0x80)
                return 0;
        i += k + 1;
    }
    return 1;
}

/* Latin-1 s[0..n) as UTF-8 in a new sd_malloc'd buffer; NULL on failure. */
static char *latin1_to_utf8(const char *s, size_t n, size_t *out_n)
{
    char *u = sd_malloc(2 * n + 1);
    if (!u)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            u[k++] = (char)c;
        } else {
            u[k++] = (char)(0xC0 | (c >> 6));
            u[k++] = (char)(0x80 | (c & 0x3F));
        }
    }
    u[k] = '\0';
    *out_n = k;
    return u;
}

static int load_tabari(sd_dict *dict, const char *name, const char *text, size_t len,
                       sd_dict_format format, saydo_error *err);

int sd_dict_load_tabari_buffer(sd_dict *dict, const char *name, const char *text, size_t len,
                               sd_dict_format format, saydo_error *err)
{
    /* TABARI's files are ASCII or Latin-1: a file that is not UTF-8 is
     * read as Latin-1 */
    if (utf8_ok((const unsigned char *)text, len))
        return load_tabari(dict, name, text, len, format, err);
    size_t n;
    char *u = latin1_to_utf8(text, len, &n);
    if (!u)
        return sd_error_nomem(err);
    int rc = load_tabari(dict, name, u, n, format, err);
    free(u);
    return rc;
}

static int load_tabari(sd_dict *dict, const char *name, const char *text, size_t len,
                       sd_dict_format format, saydo_error *err)
{
    if (!name)
        name = "(buffer)";
    if (format == SD_DICT_FORMAT_OPTIONS) {
        sd_tabari_read_options(dict, text, len);
        return 0;
    }
    int kind = format == SD_DICT_FORMAT_ACTORS     ? SD_KIND_ACTOR
               : format == SD_DICT_FORMAT_AGENTS   ? SD_KIND_AGENT
               : format == SD_DICT_FORMAT_VERBS    ? SD_KIND_VERB
               : format == SD_DICT_FORMAT_DISCARDS ? SD_KIND_VERB
                                                   : -1;
    if (kind < 0)
        return sd_error_set(err, SAYDO_ERR_ARG, name, 0, -1, "not a TABARI dictionary format");
    tabari T;
    memset(&T, 0, sizeof T);
    T.dict = dict;
    T.name = name;
    {
        size_t nl = strlen(name);
        T.whole = (format == SD_DICT_FORMAT_ACTORS || format == SD_DICT_FORMAT_VERBS ||
                   format == SD_DICT_FORMAT_AGENTS) && nl > 4 &&
                  strcmp(name + nl - 4, ".txt") == 0;
    }
    T.format = format;
    size_t cap = 1;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n')
            cap++;
    T.line = sd_malloc(cap * sizeof *T.line);
    T.line_n = sd_malloc(cap * sizeof *T.line_n);
    T.out = sd_calloc(cap, sizeof *T.out);
    int rc = 0;
    if (!T.line || !T.line_n || !T.out) {
        rc = sd_error_nomem(err);
        goto done;
    }
    for (size_t pos = 0; pos < len || (pos == len && T.nlines == 0);) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        T.line[T.nlines] = text + pos;
        T.line_n[T.nlines] = n;
        T.nlines++;
        pos += n + 1;
        if (!nl)
            break;
    }
    T.comment = sd_calloc(T.nlines ? T.nlines : 1, 1);
    if (!T.comment) {
        rc = sd_error_nomem(err);
        goto done;
    }
    for (size_t i = 0, open = 0; i < T.nlines; i++) {
        const char *l = T.line[i];
        size_t n = T.line_n[i], lead = 0;
        while (lead < n && is_sp(l[lead]))
            lead++;
        /* "<!--", and leniently "<! --" (PETR.Validate.actors.txt has one) */
        int starts = n - lead >= 2 && memcmp(l + lead, "<!", 2) == 0;
        if (starts || open) {
            T.comment[i] = 1;
            int closes = 0;
            for (size_t k = lead; k + 2 < n + 0 && !closes; k++)
                closes = l[k] == '-' && l[k + 1] == '-' && l[k + 2] == '>';
            open = !closes;
        }
    }
    if (format == SD_DICT_FORMAT_DISCARDS)
        translate_discards(&T);
    else if (kind == SD_KIND_VERB)
        translate_verbs(&T);
    else
        translate_actors(&T);
    if (T.nomem) {
        rc = sd_error_nomem(err);
        goto done;
    }
    sd_buf all = SD_BUF_INIT;
    sd_buf_reserve(&all, len + 64);
    for (size_t i = 0; i < T.nlines; i++) {
        if (T.out[i])
            sd_buf_puts(&all, T.out[i]);
        sd_buf_putc(&all, '\n');
    }
    if (all.failed) {
        sd_buf_free(&all);
        rc = sd_error_nomem(err);
        goto done;
    }
    /* the translation's own complaints are TABARI lines saydo cannot
     * read: warnings, never errors */
    rc = sd_dict_load_buffer_kind(dict, name, all.data, all.len, kind, 1, err);
    sd_buf_free(&all);
done:
    if (T.out)
        for (size_t i = 0; i < T.nlines; i++)
            free(T.out[i]);
    for (size_t i = 0; i < T.nsyn; i++) {
        free(T.syn[i].name);
        sd_buf_free(&T.syn[i].members);
    }
    free(T.syn);
    free(T.seen);
    free(T.comment);
    free(T.out);
    free(T.line);
    free(T.line_n);
    return rc;
}

/* A .project file: "<actorsfile> NAME", "<agentsfile> NAME", "<verbsfile>
 * NAME" (and <optionsfile>), relative to the project's folder. */
static int load_project(sd_dict *dict, const char *path, const char *text, size_t len,
                        saydo_error *err)
{
    static const char *const tags[] = {"<actorsfile>", "<agentsfile>", "<verbsfile>",
                                       "<optionsfile>", NULL};
    size_t dir_n = 0;
    const char *slash = strrchr(path, '/');
    if (slash)
        dir_n = (size_t)(slash - path) + 1;
    size_t pos = 0;
    while (pos < len) {
        const char *s = text + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + 1;
        for (size_t t = 0; tags[t]; t++) {
            size_t tl = strlen(tags[t]);
            if (n < tl || strncasecmp(s, tags[t], tl) != 0)
                continue;
            size_t a = tl;
            while (a < n && is_sp(s[a]))
                a++;
            size_t b = a;
            while (b < n && !is_sp(s[b]))
                b++;
            if (b == a)
                break;
            char *file = sd_malloc(dir_n + (b - a) + 1);
            if (!file)
                return sd_error_nomem(err);
            memcpy(file, path, dir_n);
            memcpy(file + dir_n, s + a, b - a);
            file[dir_n + b - a] = '\0';
            int rc = sd_dict_load_tabari_file(dict, file, err);
            free(file);
            if (rc)
                return rc;
            break;
        }
    }
    return 0;
}

int sd_dict_load_tabari_file(sd_dict *dict, const char *path, saydo_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    int rc = sd_read_file(path, &buf, &len, err);
    if (rc)
        return rc;
    sd_dict_format format = sd_dict_format_of(path, buf, len);
    if (format == SD_DICT_FORMAT_PROJECT)
        rc = load_project(dict, path, buf, len, err);
    else
        rc = sd_dict_load_tabari_buffer(dict, path, buf, len, format, err);
    free(buf);
    return rc;
}

int sd_dict_load_any(sd_dict *dict, const char *path, int keep_going, saydo_error *err)
{
    sd_dict_format format = sd_dict_format_of(path, NULL, 0);
    if (format == SD_DICT_FORMAT_SAYDO && !ends_with(path, ".dict")) {
        /* no telling extension: look at the content */
        char *buf = NULL;
        size_t len = 0;
        int rc = sd_read_file(path, &buf, &len, err);
        if (rc)
            return rc;
        format = sd_dict_format_of(NULL, buf, len);
        if (format == SD_DICT_FORMAT_SAYDO)
            rc = sd_dict_load_buffer(dict, path, buf, len, keep_going, err);
        else
            rc = sd_dict_load_tabari_buffer(dict, path, buf, len, format, err);
        free(buf);
        return rc;
    }
    if (format == SD_DICT_FORMAT_SAYDO)
        return sd_dict_load_file(dict, path, keep_going, err);
    return sd_dict_load_tabari_file(dict, path, err);
}
