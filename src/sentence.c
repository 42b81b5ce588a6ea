/*
 * sentence.c -- stage 2 of the text pipeline: sd_doc_split (see text.h).
 *
 * Paragraphs: runs of non-blank lines.  In plain text the first non-empty
 * line is a paragraph of its own (the headline); byline lines are
 * paragraphs of their own too.
 *
 * Kinds, by paragraph:
 *   HEADLINE  the title (doc->has_title: the first paragraph; plain text:
 *             the first line, unless it is the only text, a byline, opens
 *             with a dateline, or is prose: 15+ words and a full stop) and
 *             one following sub-headline: a single short line without final
 *             punctuation.
 *   BYLINE    "By Jane Doe", "By JANE DOE and JOHN ROE, Associated Press",
 *             "Author: ...", "Reporting by ...; Editing by ...", and a short
 *             capitalised line right after one ("The Associated Press").
 *   DATELINE  at the start of the first body paragraph: an upper-case place,
 *             optional ", Country", date and "(Agency)", then a dash
 *             ("ANKARA, Turkey, Oct. 24 (AP) --"); the rest stays BODY.
 *   BIO       everything after a byline that follows body text; sentences
 *             with credits ("contributed to this report", copyright,
 *             "follow him on Twitter"), the byline's author described as
 *             "<name> is a/the ... editor/reporter/...", and, in the last
 *             paragraph, such descriptions of any name or @handles.  A
 *             paragraph whose first sentence is BIO is BIO throughout.
 *
 * Sentences end at . ? ! (with runs such as "?!" and "...", and closing
 * brackets and quotes) before white space and a word that may begin a
 * sentence, except after titles (Gen., Mr.), and after other abbreviations
 * and initials (U.S., Oct., F.) unless a plain sentence starter follows
 * ("... in the U.S. The talks").  Text between a matched pair of quotation
 * marks never ends a sentence, so a quotation stays in one sentence with its
 * attribution before or after it; a quote that ends with . ? ! and is not
 * followed by an attribution ("said", "told", ...) ends its sentence.
 * Quotation marks are paired per paragraph; an unmatched mark is ignored, so
 * an unclosed quote cannot swallow the paragraph, let alone the article.
 *
 * Linear time: every scan moves forward; look-backs and look-aheads are
 * bounded by small constants.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "abbrev.h"
#include "text.h"

typedef struct span {
    size_t start, end;
} span;

typedef struct paragraph {
    size_t start, end; /* trimmed */
    int nlines;
    int forced;        /* a single line made a paragraph of its own */
} paragraph;

/* Append a paragraph to the heap array *paras (grown by doubling; the
 * caller frees it).  0, or -1 when out of memory (the array is kept). */
static int push_paragraph(paragraph **paras, size_t *n, size_t *cap, size_t start, size_t end,
                          int nlines, int forced)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 32;
        paragraph *grown = sd_realloc(*paras, ncap * sizeof *grown);
        if (!grown)
            return -1;
        *paras = grown;
        *cap = ncap;
    }
    (*paras)[*n].start = start;
    (*paras)[*n].end = end;
    (*paras)[*n].nlines = nlines;
    (*paras)[*n].forced = forced;
    (*n)++;
    return 0;
}

typedef struct splitter {
    sd_doc *doc;
    const char *text;
    size_t len;
    sd_sentence *sent;
    size_t nsent, cap;
    span *pairs;        /* matched quotation marks of the current paragraph */
    size_t npairs, pairs_cap;
    int failed;
} splitter;

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(char c) { return c >= 'a' && c <= 'z'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return is_upper(c) || is_lower(c); }

/* Lower-case letters outside ASCII start with a lead byte; treat a non-ASCII
 * lead byte as "not lower-case" (it may begin a sentence). */

static char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

/* Case-insensitive search for needle in hay[0..n). */
static int contains_ci(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    if (m == 0 || m > n)
        return 0;
    char first = needle[0];
    char first_upper = (first >= 'a' && first <= 'z') ? (char)(first - 32) : first;
    for (size_t i = 0; i + m <= n; i++)
        if ((hay[i] == first || hay[i] == first_upper) && strncasecmp(hay + i, needle, m) == 0)
            return 1;
    return 0;
}

/* A NULL-terminated list of needles indexed by first byte, for
 * contains_any_ci: built once per list (the lists are constant). */
enum { MAX_NEEDLES = 64 };
typedef struct needle_index {
    const char *const *needles;
    size_t count;
    unsigned char head[256]; /* 1 + first needle starting with the byte, or 0 */
    unsigned char next[MAX_NEEDLES];
    size_t len[MAX_NEEDLES];
    /* where a needle can start: one[c] for a one-byte needle starting
     * with c (either case), bit (c1, c2) of two[] for a longer needle whose
     * first byte can be c1 and second c2 as contains_any_ci compares them */
    unsigned char one[256];
    uint8_t two[256 * 256 / 8];
} needle_index;

static void needle_index_build(needle_index *ix, const char *const *needles)
{
    memset(ix, 0, sizeof *ix);
    ix->needles = needles;
    while (needles[ix->count])
        ix->count++;
    if (ix->count > MAX_NEEDLES)
        return; /* (contains_any_ci tries each needle in turn) */
    for (size_t k = ix->count; k-- > 0;) {
        unsigned char c = (unsigned char)needles[k][0];
        ix->len[k] = strlen(needles[k]);
        ix->next[k] = 0;
        if (c == 0)
            continue; /* contains_ci never matches an empty needle */
        ix->next[k] = ix->head[c]; /* listed under its first byte as written */
        ix->head[c] = (unsigned char)(k + 1);
        char first = needles[k][0];
        unsigned char firsts[2] = {c, (first >= 'a' && first <= 'z') ? (unsigned char)(c - 32) : c};
        for (int f = 0; f < 2; f++) {
            if (ix->len[k] == 1) {
                ix->one[firsts[f]] = 1;
                continue;
            }
            for (unsigned c2 = 0; c2 < 256; c2++)
                if (ascii_lower((char)c2) == ascii_lower(needles[k][1])) {
                    unsigned bit = firsts[f] * 256u + c2;
                    ix->two[bit / 8] |= (uint8_t)(1u << (bit % 8));
                }
        }
    }
}

/* Does hay[0..n) contain any needle of the index's list (case
 * insensitive)?  The same answer as contains_ci for each needle, in one
 * pass over hay: at each byte only the needles beginning with it (either
 * case) are tried, and their second byte is checked before the rest. */
static int contains_any_ci(const char *hay, size_t n, const needle_index *ix)
{
    const char *const *needles = ix->needles;
    if (ix->count > MAX_NEEDLES) {
        for (size_t k = 0; k < ix->count; k++)
            if (contains_ci(hay, n, needles[k]))
                return 1;
        return 0;
    }
    const unsigned char *head = ix->head, *next = ix->next;
    const size_t *len = ix->len;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)hay[i];
        if (!ix->one[c]) {
            /* no needle can start here: its first two bytes say so */
            if (i + 1 >= n)
                break;
            unsigned bit = c * 256u + (unsigned char)hay[i + 1];
            if (!(ix->two[bit / 8] & (1u << (bit % 8))))
                continue;
        }
        /* needles beginning with c, then (c upper-case) those beginning
         * with its lower-case letter */
        unsigned char low = (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
        unsigned k1 = head[c];
        int second = low != c;
        for (;;) {
            if (!k1) {
                if (!second)
                    break;
                second = 0;
                k1 = head[low];
                continue;
            }
            const char *needle = needles[k1 - 1];
            size_t m = len[k1 - 1];
            k1 = next[k1 - 1];
            char first = needle[0];
            char first_upper = (first >= 'a' && first <= 'z') ? (char)(first - 32) : first;
            if (hay[i] != first && hay[i] != first_upper)
                continue;
            if (m > n - i)
                continue;
            if (m >= 2 && ascii_lower(hay[i + 1]) != ascii_lower(needle[1]))
                continue; /* cheap test before the call */
            if (strncasecmp(hay + i, needle, m) == 0)
                return 1;
        }
    }
    return 0;
}

static int starts_ci(const char *s, size_t n, const char *prefix)
{
    size_t m = strlen(prefix);
    return n >= m && strncasecmp(s, prefix, m) == 0;
}

static void trim(const char *text, size_t *start, size_t *end)
{
    while (*start < *end && is_space(text[*start]))
        (*start)++;
    while (*end > *start && is_space(text[*end - 1]))
        (*end)--;
}

/* The longest sentence, in bytes.  Wire sentences run to a few hundred
 * bytes; text with no sentence end for longer (a list without full stops,
 * a table, garbage) is cut into pieces of at most this size, at the last
 * clause mark (, ; :) or else the last space of the piece's second half,
 * else on a character boundary.  Every stage after the splitter then does
 * work in proportion to the text, on pieces that stay in the caches; no
 * event spans a cut. */
#define SENTENCE_MAX_BYTES 4096

/* Where to end a piece of text[start..end) (end - start > the maximum). */
static size_t piece_end(const char *text, size_t start)
{
    size_t limit = start + SENTENCE_MAX_BYTES, half = start + SENTENCE_MAX_BYTES / 2;
    size_t space = 0;
    for (size_t i = limit; i > half; i--) {
        char c = text[i - 1];
        if ((c == ',' || c == ';' || c == ':') && is_space(text[i]))
            return i;
        if (!space && is_space(c))
            space = i;
    }
    if (space)
        return space;
    size_t i = limit;
    while (i > half && ((unsigned char)text[i] & 0xC0) == 0x80)
        i--; /* not inside a UTF-8 sequence */
    return i;
}

static void add_sentence(splitter *sp, size_t start, size_t end, uint32_t paragraph_index,
                         saydo_sentence_kind kind)
{
    trim(sp->text, &start, &end);
    if (start >= end || sp->failed)
        return;
    while (end - start > SENTENCE_MAX_BYTES && !sp->failed) {
        size_t cut = piece_end(sp->text, start);
        add_sentence(sp, start, cut, paragraph_index, kind);
        start = cut;
        trim(sp->text, &start, &end);
        if (start >= end)
            return;
    }
    if (sp->failed)
        return;
    if (sp->nsent == sp->cap) {
        size_t cap = sp->cap ? sp->cap * 2 : 64;
        sd_sentence *grown = sd_arena_realloc(sp->doc->arena, sp->sent, sp->cap * sizeof *grown,
                                              cap * sizeof *grown);
        if (!grown) {
            sp->failed = 1;
            return;
        }
        sp->sent = grown;
        sp->cap = cap;
    }
    sd_sentence *s = &sp->sent[sp->nsent++];
    memset(s, 0, sizeof *s);
    s->start = (uint32_t)start;
    s->end = (uint32_t)end;
    s->paragraph = paragraph_index;
    s->kind = kind;
    s->quoted = memchr(sp->text + start, '"', end - start) != NULL;
}

/* ------------------------------------------------------------ bylines */

static const char *const byline_prefixes[] = {
    "author:", "authors:", "written by ", "posted by ", "reporting by ", "reported by ",
    "additional reporting by ", "editing by ", "writing by ", "compiled by ", "story by ",
    "words by ", NULL};

static const char *const byline_lower_words[] = {
    "and", "of", "the", "for", "in", "at", "de", "da", "van", "von", "der", "la", "le",
    "staff", "writer", "writers", "correspondent", "reporter", "editor", "contributor",
    "news", "press", "senior", "special", NULL};

static int is_byline_lower_word(const char *w, size_t n)
{
    for (size_t i = 0; byline_lower_words[i]; i++)
        if (strlen(byline_lower_words[i]) == n && strncmp(byline_lower_words[i], w, n) == 0)
            return 1;
    return 0;
}

/* Is text[start..end) (one trimmed line) a byline?  When it is and name is
 * not NULL, *name gets the first author's name. */
static int is_byline(const char *text, size_t start, size_t end, span *name)
{
    const char *s = text + start;
    size_t n = end - start;
    if (n < 4 || n > 200)
        return 0;
    size_t name_from = 0;
    if (starts_ci(s, n, "by ") && (is_upper(s[3]) || (unsigned char)s[3] >= 0x80)) {
        /* Every word capitalised or a connective; no sentence punctuation. */
        size_t i = 3;
        int words = 0;
        while (i < n) {
            while (i < n && (is_space(s[i]) || s[i] == ',' || s[i] == ';' || s[i] == '|'))
                i++;
            size_t w = i;
            while (i < n && !is_space(s[i]) && s[i] != ',' && s[i] != ';')
                i++;
            if (i == w)
                break;
            words++;
            if (is_lower(s[w]) && !is_byline_lower_word(s + w, i - w) &&
                !memchr(s + w, '@', i - w))
                return 0;
        }
        if (words > 14 || s[n - 1] == '?' || s[n - 1] == '!' || s[n - 1] == ':')
            return 0;
        name_from = 3;
    } else {
        for (size_t k = 0; byline_prefixes[k]; k++) {
            /* (the prefixes are lower-case ASCII: the first byte decides most) */
            if (ascii_lower(s[0]) != byline_prefixes[k][0])
                continue;
            if (starts_ci(s, n, byline_prefixes[k])) {
                name_from = strlen(byline_prefixes[k]);
                break;
            }
        }
        if (!name_from || n > 300)
            return 0;
    }
    if (name) {
        size_t a = name_from;
        while (a < n && is_space(s[a]))
            a++;
        size_t b = a;
        while (b < n && s[b] != ',' && s[b] != ';' && s[b] != '(' &&
               !(b + 5 <= n && strncmp(s + b, " and ", 5) == 0))
            b++;
        while (b > a && (is_space(s[b - 1]) || s[b - 1] == '.'))
            b--;
        name->start = start + a;
        name->end = start + b;
    }
    return 1;
}

/* A short line of capitalised words without punctuation, following a
 * byline: the agency or the author's title ("The Associated Press",
 * "Staff Writer"). */
static int is_credit_line(const char *text, size_t start, size_t end)
{
    if (end - start > 60 || end <= start)
        return 0;
    int words = 0;
    for (size_t i = start; i < end; i++) {
        char c = text[i];
        if (c == '.' || c == '!' || c == '?' || c == ':' || c == '"' || c == '(' || is_digit(c))
            return 0;
        if (!is_space(c) && (i == start || is_space(text[i - 1]))) {
            words++;
            size_t w = i;
            while (w < end && !is_space(text[w]) && text[w] != ',')
                w++;
            if (is_lower(c) && !is_byline_lower_word(text + i, w - i))
                return 0;
        }
    }
    return words >= 1 && words <= 6;
}

/* ---------------------------------------------------------- datelines */

/* A headline's trailing credit: "... slams chief (Canadian Press)",
 * "(Reuters)", "(AFP)": one to four capitalised words in brackets at its
 * end.  Returns where the credit starts (the white space before "("), or
 * 0 when there is none. */
static size_t headline_credit(const char *text, size_t start, size_t end)
{
    if (end - start < 8 || text[end - 1] != ')')
        return 0;
    size_t open = end - 1;
    while (open > start && text[open] != '(' && end - open < 40)
        open--;
    if (text[open] != '(' || open == start || !is_space(text[open - 1]))
        return 0;
    int words = 0;
    for (size_t i = open + 1; i < end - 1; i++) {
        if (i == open + 1 || is_space(text[i - 1])) {
            if (!is_upper(text[i]))
                return 0;
            words++;
        }
        if (!is_alpha(text[i]) && !is_space(text[i]) && text[i] != '.' && text[i] != '&' &&
            text[i] != '-')
            return 0;
    }
    size_t h = open;
    while (h > start && is_space(text[h - 1]))
        h--;
    return words >= 1 && words <= 4 && h > start ? h : 0;
}

/* A wire credit opening a story: one to five capitalised words (with "of",
 * "the", "and" between) and a spaced dash before a capital: "Reuters - ",
 * "Canadian Press - ", "Los Angeles Times - ".  Returns the offset after
 * the dash and its spaces, or 0. */
static size_t credit_end(const char *text, size_t start, size_t end)
{
    size_t limit = end - start > 60 ? start + 60 : end;
    size_t i = start;
    int words = 0;
    while (i < limit) {
        size_t w = i;
        while (i < limit && (is_alpha(text[i]) || text[i] == '.' || text[i] == '\'' ||
                             text[i] == '&'))
            i++;
        if (i == w)
            return 0;
        int small = (i - w == 2 && strncmp(text + w, "of", 2) == 0) ||
                    (i - w == 3 && (strncmp(text + w, "the", 3) == 0 ||
                                    strncmp(text + w, "and", 3) == 0));
        if (!is_upper(text[w]) && !(small && words > 0))
            return 0;
        if (++words > 5 || i >= limit || text[i] != ' ')
            return 0;
        i++;
        if (text[i] == '-') {
            size_t e = i;
            while (e < end && text[e] == '-')
                e++;
            if (e >= end || text[e] != ' ')
                return 0;
            while (e < end && text[e] == ' ')
                e++;
            return e < end && (is_upper(text[e]) || text[e] == '"') ? e : 0;
        }
    }
    return 0;
}

static size_t place_dateline_end(const char *text, size_t start, size_t end);

/* If the paragraph text[start..end) opens with a dateline, return the
 * offset just after it (after its dash); else 0.  A wire credit before
 * it ("Canadian Press - VANCOUVER (CP) - ") or alone ("Reuters - ") is
 * part of it. */
static size_t dateline_end(const char *text, size_t start, size_t end)
{
    size_t credit = credit_end(text, start, end);
    if (credit) {
        size_t place = place_dateline_end(text, credit, end);
        return place ? place : credit;
    }
    return place_dateline_end(text, start, end);
}

static size_t place_dateline_end(const char *text, size_t start, size_t end)
{
    size_t limit = end - start > 160 ? start + 160 : end;
    /* First word: two or more upper-case letters. */
    size_t i = start, caps = 0;
    while (i < limit && (is_upper(text[i]) || text[i] == '.' || text[i] == '\'' || text[i] == '-')) {
        caps += is_upper(text[i]);
        i++;
    }
    if (caps < 2 || i >= limit || (is_alpha(text[i]) || is_digit(text[i])))
        return 0;
    size_t paren_end = 0;
    int words = 1;
    for (; i < limit; i++) {
        char c = text[i];
        if (c == '"' || c == '!' || c == '?' || c == ';')
            return 0;
        if (c == '\n')
            return 0;
        if (c == ' ' && i + 1 < limit && !is_space(text[i + 1])) {
            words++;
            /* Datelines are names, dates and agencies: no lower-case words. */
            if (is_lower(text[i + 1]))
                return 0;
        }
        if (words > 12)
            return 0;
        if (c == ')' && !paren_end)
            paren_end = i + 1;
        if (c == '-' && i + 1 < end && text[i + 1] == '-') {
            size_t e = i;
            while (e < end && text[e] == '-')
                e++;
            return e;
        }
        if (c == '-' && i > start && text[i - 1] == ' ' && i + 1 < end && text[i + 1] == ' ')
            return i + 1;
        /* A sentence-ending dot after a lower-case word means this is prose. */
        if (c == '.' && i + 1 < limit && text[i + 1] == ' ' && i >= start + 2 &&
            is_lower(text[i - 1]) && is_lower(text[i - 2])) {
            size_t w = i;
            while (w > start && is_alpha(text[w - 1]))
                w--;
            if (sd_abbrev_kind(text + w, i - w, text[i + 2]) == SD_ABBR_NONE)
                return 0;
        }
    }
    /* "MOSCOW (Reuters) The ..." without a dash. */
    if (paren_end && paren_end < end && text[paren_end] == ' ')
        return paren_end;
    return 0;
}

/* ---------------------------------------------------------------- bios */

static const char *const role_words[] = {
    "editor", "reporter", "correspondent", "writer", "journalist", "columnist", "author",
    "contributor", "analyst", "fellow", "producer", "freelance", "blogger", "commentator",
    "researcher", "professor", "founder", "host", "photographer", NULL};

static const char *const credit_phrases[] = {
    "contributed to this report", "contributed reporting", "contributed to this story",
    "all rights reserved", "follow him on ", "follow her on ", "follow them on ",
    "follow me on ", "follow us on ", "on twitter @", "on x @", NULL};

static needle_index role_index, credit_index;
static pthread_once_t needle_once = PTHREAD_ONCE_INIT;

static void needle_indexes_build(void)
{
    needle_index_build(&role_index, role_words);
    needle_index_build(&credit_index, credit_phrases);
}

static const needle_index *needles_of(const needle_index *ix)
{
    pthread_once(&needle_once, needle_indexes_build);
    return ix;
}

static int has_role_word(const char *s, size_t n)
{
    return contains_any_ci(s, n, needles_of(&role_index));
}

/* "Name Name is a/an/the ...": the length of the name part (capitalised
 * words, at most five) when the sentence opens that way, else 0. */
static size_t described_name(const char *s, size_t n)
{
    size_t i = 0;
    int words = 0;
    while (i < n && words < 6) {
        if (!is_upper(s[i]))
            break;
        while (i < n && !is_space(s[i]))
            i++;
        words++;
        size_t name_end = i;
        while (i < n && is_space(s[i]))
            i++;
        if (starts_ci(s + i, n - i, "is a ") || starts_ci(s + i, n - i, "is an ") ||
            starts_ci(s + i, n - i, "is the ") || starts_ci(s + i, n - i, "was a ") ||
            starts_ci(s + i, n - i, "is a"))
            return words >= 1 ? name_end : 0;
    }
    return 0;
}

static int has_handle(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '@' && (i == 0 || is_space(s[i - 1])) &&
            (is_alpha(s[i + 1]) || is_digit(s[i + 1]) || s[i + 1] == '_'))
            return 1;
    return 0;
}

/* Is the sentence text[start..end) a credit or an author biography?
 * trailing: it is in the article's last paragraphs. */
static int is_bio_sentence(const char *text, size_t start, size_t end, const span *author,
                           int trailing)
{
    const char *s = text + start;
    size_t n = end - start;
    if (starts_ci(s, n, "copyright") || starts_ci(s, n, "\xc2\xa9") || starts_ci(s, n, "(c) "))
        return 1;
    if (contains_any_ci(s, n, needles_of(&credit_index)))
        return 1;
    size_t name_len = described_name(s, n);
    if (name_len && author && author->end > author->start) {
        size_t alen = author->end - author->start;
        const char *a = text + author->start;
        /* The byline's name, or its last word (the surname). */
        size_t last = alen;
        while (last > 0 && !is_space(a[last - 1]))
            last--;
        if ((name_len == alen && strncasecmp(s, a, alen) == 0) ||
            (name_len >= alen - last && contains_ci(s, name_len, a + last) && alen - last >= 3)) {
            if (has_role_word(s, n))
                return 1;
        }
    }
    if (trailing) {
        if (name_len && has_role_word(s, n))
            return 1;
        if (has_handle(s, n))
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------ quotes */

/* Pair the double quotation marks of text[start..end) into sp->pairs. */
static void pair_quotes(splitter *sp, size_t start, size_t end)
{
    const char *text = sp->text;
    sp->npairs = 0;
    size_t pending = (size_t)-1;
    for (size_t i = start; i < end; i++) {
        if (text[i] != '"')
            continue;
        char prev = i > start ? text[i - 1] : ' ';
        char next = i + 1 < end ? text[i + 1] : ' ';
        int open_ctx = is_space(prev) || strchr("([{-/:'", prev) != NULL;
        int close_ctx = is_space(next) || strchr(",.;:!?)]}-'", next) != NULL;
        int is_open;
        if (open_ctx && !close_ctx)
            is_open = 1;
        else if (close_ctx && !open_ctx)
            is_open = 0;
        else
            is_open = pending == (size_t)-1;
        if (is_open) {
            pending = i; /* an earlier unmatched opener is dropped */
            continue;
        }
        if (pending == (size_t)-1)
            continue; /* an unmatched closer */
        if (sp->npairs == sp->pairs_cap) {
            size_t cap = sp->pairs_cap ? sp->pairs_cap * 2 : 32;
            span *grown = sd_realloc(sp->pairs, cap * sizeof *grown);
            if (!grown) {
                sp->failed = 1;
                return;
            }
            sp->pairs = grown;
            sp->pairs_cap = cap;
        }
        sp->pairs[sp->npairs].start = pending;
        sp->pairs[sp->npairs].end = i;
        sp->npairs++;
        pending = (size_t)-1;
    }
}

static const char *const speech_verbs[] = {
    "said", "says", "say", "told", "tells", "added", "adds", "asked", "asks", "stated",
    "states", "warned", "warns", "declared", "declares", "wrote", "writes", "tweeted",
    "explained", "explains", "insisted", "insists", "noted", "notes", "replied", "claimed",
    "claims", "continued", "argued", "argues", "urged", "announced", "acknowledged",
    "recalled", "vowed", "according", "posted", "responded", "stressed", "quipped", NULL};

/* Does an attribution ("Blinken said", "said the minister") follow at i?
 * Looks at most at the next seven words of the paragraph. */
static const char *const not_attribution_starts[] = {
    "But", "And", "Or", "So", "Yet", "However", "Meanwhile", "Then", "Still", "Also", "Now",
    "In", "On", "At", "After", "Before", "When", "While", "If", "Although", "Though",
    "Because", "Since", "Earlier", "Later", "Last", "Asked", "Instead", "Separately", NULL};

static int attribution_follows(const char *text, size_t i, size_t end)
{
    /* "But he added ..." begins a new sentence, not an attribution. */
    size_t first_len = 0;
    while (i + first_len < end && is_alpha(text[i + first_len]))
        first_len++;
    for (size_t k = 0; not_attribution_starts[k]; k++)
        if (strlen(not_attribution_starts[k]) == first_len &&
            strncmp(text + i, not_attribution_starts[k], first_len) == 0)
            return 0;
    for (int words = 0; words < 7 && i < end; words++) {
        while (i < end && is_space(text[i]))
            i++;
        size_t w = i;
        while (i < end && (is_alpha(text[i]) || text[i] == '\'' || text[i] == '-' ||
                           (unsigned char)text[i] >= 0x80))
            i++;
        if (i == w)
            return 0; /* punctuation: the attribution would have come first */
        for (size_t k = 0; speech_verbs[k]; k++)
            if (strlen(speech_verbs[k]) == i - w && strncasecmp(text + w, speech_verbs[k], i - w) == 0)
                return 1;
        if (i < end && (text[i] == '.' || text[i] == '!' || text[i] == '?' || text[i] == '"'))
            return 0;
        while (i < end && text[i] == ',')
            i++;
    }
    return 0;
}

/* ----------------------------------------------------- sentence ends */

/* Can the text at j (after white space) begin a new sentence? */
static int may_start_sentence(const char *text, size_t j, size_t end)
{
    if (j >= end)
        return 1;
    char c = text[j];
    return !is_lower(c) && c != ',' && c != ';' && c != ':' && c != ')' && c != '-';
}

/* The word starting at j: its length (letters only). */
static size_t word_at(const char *text, size_t j, size_t end)
{
    size_t k = j;
    while (k < end && k - j < 24 && is_alpha(text[k]))
        k++;
    return k - j;
}

/* A dot ends a sentence at p (text[p] == '.', not part of a run)?  next is
 * the position of the next non-space character. */
static int dot_ends_sentence(const char *text, size_t para_start, size_t p, size_t next,
                             size_t end)
{
    if (next >= end)
        return 1;
    if (!may_start_sentence(text, next, end))
        return 0;
    size_t w = p;
    while (w > para_start && p - w < 24 && !is_space(text[w - 1]) && text[w - 1] != '(' &&
           text[w - 1] != '"' && text[w - 1] != '\'')
        w--;
    int kind = sd_abbrev_kind(text + w, p - w, text[next]);
    if (kind == SD_ABBR_TITLE)
        return 0;
    if (kind == SD_ABBR_OTHER) {
        size_t start = next;
        if (text[start] == '"' && start + 1 < end && is_upper(text[start + 1]))
            return 1;
        return sd_is_sentence_starter(text + start, word_at(text, start, end));
    }
    return 1;
}

static void split_paragraph(splitter *sp, size_t start, size_t end, uint32_t para,
                            saydo_sentence_kind kind)
{
    const char *text = sp->text;
    pair_quotes(sp, start, end);
    if (sp->failed)
        return;
    size_t pair = 0;
    size_t sent_start = start;
    size_t i = start;
    while (i < end) {
        char c = text[i];
        if (pair < sp->npairs && i == sp->pairs[pair].start) {
            size_t close = sp->pairs[pair].end;
            pair++;
            /* A quote ending in . ? ! ends the sentence unless attributed. */
            size_t last = close;
            while (last > i + 1 && is_space(text[last - 1]))
                last--;
            char final = text[last - 1];
            i = close + 1;
            if (final == '.' || final == '!' || final == '?') {
                size_t next = i;
                while (next < end && is_space(text[next]))
                    next++;
                if (next < end && i < end && is_space(text[i]) && may_start_sentence(text, next, end) &&
                    !attribution_follows(text, next, end)) {
                    add_sentence(sp, sent_start, i, para, kind);
                    sent_start = next;
                }
            }
            continue;
        }
        if (c != '.' && c != '!' && c != '?') {
            i++;
            /* on to the next stop or quotation (as byte by byte) */
            size_t limit = pair < sp->npairs && sp->pairs[pair].start < end ? sp->pairs[pair].start
                                                                            : end;
            while (i < limit && text[i] != '.' && text[i] != '!' && text[i] != '?')
                i++;
            continue;
        }
        size_t run = i;
        int dots = 0, other = 0;
        while (run < end && (text[run] == '.' || text[run] == '!' || text[run] == '?')) {
            dots += text[run] == '.';
            other += text[run] != '.';
            run++;
        }
        size_t after = run;
        while (after < end && (text[after] == ')' || text[after] == ']' || text[after] == '\'' ||
                               (text[after] == '"' && !(pair < sp->npairs &&
                                                        after == sp->pairs[pair].start))))
            after++;
        if (after < end && !is_space(text[after])) {
            i = after > i ? after : i + 1;
            continue;
        }
        size_t next = after;
        while (next < end && is_space(text[next]))
            next++;
        int ends;
        if (other)
            ends = may_start_sentence(text, next, end);
        else if (dots >= 2)
            ends = next >= end || is_upper(text[next]) || text[next] == '"';
        else
            ends = dot_ends_sentence(text, start, i, next, end);
        if (ends) {
            add_sentence(sp, sent_start, after, para, kind);
            sent_start = next;
        }
        i = next > after ? next : after;
    }
    add_sentence(sp, sent_start, end, para, kind);
}

/* --------------------------------------------------------- paragraphs */

static int line_is_blank(const char *text, size_t start, size_t end)
{
    for (size_t i = start; i < end; i++)
        if (!is_space(text[i]))
            return 0;
    return 1;
}

static size_t count_words(const char *text, size_t start, size_t end)
{
    size_t words = 0;
    for (size_t i = start; i < end; i++)
        if (!is_space(text[i]) && (i == start || is_space(text[i - 1])))
            words++;
    return words;
}

static int ends_with_punct(const char *text, size_t start, size_t end)
{
    if (end <= start)
        return 0;
    char c = text[end - 1];
    return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == ',' || c == '"';
}

int sd_doc_split(sd_doc *doc)
{
    splitter sp = {0};
    sp.doc = doc;
    sp.text = doc->norm;
    sp.len = doc->norm_len;
    const char *text = doc->norm;
    size_t len = doc->norm_len;
    doc->sent = NULL;
    doc->nsent = 0;

    /* Paragraphs. */
    paragraph *paras = NULL;
    size_t npara = 0, para_cap = 0;
    size_t pos = 0;
    size_t cur_start = 0;
    int cur_lines = 0;
    int seen_first_line = 0;
    int failed = 0;
    while (pos <= len && !failed) {
        size_t line_end = pos;
        while (line_end < len && text[line_end] != '\n')
            line_end++;
        int blank = line_is_blank(text, pos, line_end);
        size_t ls = pos, le = line_end;
        trim(text, &ls, &le);
        int force = 0;
        if (!blank) {
            force = (!doc->has_title && !seen_first_line) || is_byline(text, ls, le, NULL);
            seen_first_line = 1;
        }
        /* Close the open paragraph at a blank line or before a forced line. */
        if ((blank || force) && cur_lines) {
            if (push_paragraph(&paras, &npara, &para_cap, cur_start, pos, cur_lines, 0)) {
                failed = 1;
                break;
            }
            cur_lines = 0;
        }
        if (!blank) {
            if (!cur_lines)
                cur_start = pos;
            cur_lines++;
            if (force) {
                if (push_paragraph(&paras, &npara, &para_cap, cur_start, line_end, 1, 1)) {
                    failed = 1;
                    break;
                }
                cur_lines = 0;
            }
        }
        if (line_end >= len) {
            if (cur_lines) {
                if (push_paragraph(&paras, &npara, &para_cap, cur_start, len, cur_lines, 0)) {
                    failed = 1;
                    break;
                }
            }
            break;
        }
        pos = line_end + 1;
    }
    if (failed)
        goto fail;
    for (size_t k = 0; k < npara; k++)
        trim(text, &paras[k].start, &paras[k].end);

    /* Kinds. */
    span author = {0, 0};
    int body_seen = 0, bio_mode = 0, dateline_done = 0;
    size_t first_body = npara;
    for (size_t k = 0; k < npara && !sp.failed; k++) {
        paragraph *p = &paras[k];
        uint32_t index = (uint32_t)k;
        size_t ps = p->start, pe = p->end;
        if (k == 0) {
            /* Plain text: the first line is the headline unless it is the
             * only text, a byline, a dateline paragraph, or long prose. */
            int headline = doc->has_title ||
                           (npara > 1 && pe - ps <= 300 && !is_byline(text, ps, pe, NULL) &&
                            !dateline_end(text, ps, pe) &&
                            !(text[pe - 1] == '.' && count_words(text, ps, pe) >= 15));
            if (headline) {
                size_t credit = headline_credit(text, ps, pe);
                split_paragraph(&sp, ps, credit ? credit : pe, index, SAYDO_SENT_HEADLINE);
                if (credit) {
                    size_t cs = credit;
                    while (cs < pe && is_space(text[cs]))
                        cs++;
                    add_sentence(&sp, cs, pe, index, SAYDO_SENT_BYLINE);
                }
                /* A sub-headline: one short line without final punctuation. */
                if (k + 1 < npara) {
                    paragraph *q = &paras[k + 1];
                    if (q->nlines == 1 && q->end - q->start <= 200 && k + 2 < npara &&
                        !ends_with_punct(text, q->start, q->end) &&
                        !is_byline(text, q->start, q->end, NULL) &&
                        !dateline_end(text, q->start, q->end) && text[q->start] != '"') {
                        add_sentence(&sp, q->start, q->end, (uint32_t)(k + 1), SAYDO_SENT_HEADLINE);
                        k++;
                    }
                }
                continue;
            }
        }
        span name;
        if (p->nlines <= 3 && is_byline(text, ps, pe, &name)) {
            add_sentence(&sp, ps, pe, index, SAYDO_SENT_BYLINE);
            if (author.end == author.start)
                author = name;
            /* "The Associated Press" on the line after: part of the byline. */
            if (k + 1 < npara && paras[k + 1].nlines == 1 && is_credit_line(text, paras[k + 1].start, paras[k + 1].end)) {
                k++;
                add_sentence(&sp, paras[k].start, paras[k].end, (uint32_t)k, SAYDO_SENT_BYLINE);
            }
            if (body_seen)
                bio_mode = 1;
            continue;
        }
        if (bio_mode) {
            split_paragraph(&sp, ps, pe, index, SAYDO_SENT_BIO);
            continue;
        }
        if (!dateline_done) {
            dateline_done = 1;
            size_t dl = dateline_end(text, ps, pe);
            if (dl) {
                add_sentence(&sp, ps, dl, index, SAYDO_SENT_DATELINE);
                ps = dl;
            }
        }
        if (first_body == npara)
            first_body = k;
        size_t before = sp.nsent;
        split_paragraph(&sp, ps, pe, index, SAYDO_SENT_BODY);
        int trailing = k + 1 == npara && k > first_body;
        int paragraph_bio = 0;
        for (size_t s = before; s < sp.nsent; s++) {
            sd_sentence *sent = &sp.sent[s];
            if (sent->kind != SAYDO_SENT_BODY)
                continue;
            if (paragraph_bio ||
                is_bio_sentence(text, sent->start, sent->end, &author, trailing)) {
                sent->kind = SAYDO_SENT_BIO;
                if (s == before || (s == before + 1 && sp.sent[before].kind == SAYDO_SENT_DATELINE))
                    paragraph_bio = 1;
            }
        }
        if (!paragraph_bio)
            body_seen = 1;
    }
    if (sp.failed)
        goto fail;
    free(paras);
    free(sp.pairs);
    doc->sent = sp.sent;
    doc->nsent = sp.nsent;
    return 0;
fail:
    free(paras);
    free(sp.pairs);
    return SAYDO_ERR_NOMEM;
}
