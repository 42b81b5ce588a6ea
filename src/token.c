/*
 * token.c -- stage 3 of the text pipeline: sd_doc_tokenize (see text.h).
 *
 * Tokens of each sentence, left to right, in one pass (linear time):
 *   - URLs (http://, https://, www.), e-mail addresses and @handles: one
 *     token each, without trailing punctuation (SD_TOK_WORD).
 *   - Words: letters with inner hyphens (SD_TOK_HYPHEN), apostrophes and
 *     dots ("U.S", "Antiwar.com").  A following dot joins the word when it
 *     is an abbreviation (U.S., Gen., Oct., F.): SD_TOK_ABBREV.  Clitics are
 *     split off: n't ('not'), 's (SD_TOK_POSS, or a form of "be" after a
 *     pronoun), 're 've 'll 'd 'm (SD_TOK_CLITIC); a trailing apostrophe after
 *     a plural ("Ukrainians'") is a possessive token.
 *   - Numbers: a digit then digits, letters and inner , . - ("1,000", "3.5",
 *     "1990s", "24-hour"): SD_TOK_NUM.
 *   - Punctuation: one character, or a run of dashes ("--"), of dots
 *     ("...") or of ? and ! ("?!").  '"' (and ' used as a quotation mark)
 *     are SD_TOK_QUOTE tokens; tokens between paired marks are
 *     SD_TOK_QUOTED.  An unpaired opening mark quotes the rest of the
 *     sentence, an unpaired closing mark the start of it (quotations that
 *     run over several paragraphs).
 * Every token has lower (utf8proc lower-casing) and lemma (sd_lemma for
 * words, else lower), both in the document's arena.  Capitalised words
 * inside a non-headline sentence (not its first word) are taken as proper
 * nouns and keep lemma == lower ("Athens", "Hamas").
 */
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "abbrev.h"
#include "text.h"

typedef struct tokenizer {
    sd_doc *doc;
    const char *text;
    size_t cap;
    int failed;
} tokenizer;

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Decode the code point at text[i..end); returns its length (>= 1). */
static size_t decode(const char *text, size_t i, size_t end, utf8proc_int32_t *cp)
{
    unsigned char c = (unsigned char)text[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
                                          (utf8proc_ssize_t)(end - i), cp);
    if (n <= 0) {
        *cp = 0xFFFD;
        return 1;
    }
    return (size_t)n;
}

static int cp_is_letter(utf8proc_int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    utf8proc_category_t cat = utf8proc_category(cp);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ME);
}

static int cp_is_alnum(utf8proc_int32_t cp)
{
    if (cp < 0x80)
        return cp_is_letter(cp) || (cp >= '0' && cp <= '9');
    utf8proc_category_t cat = utf8proc_category(cp);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO);
}

static int cp_is_upper(utf8proc_int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

static int alnum_at(const char *text, size_t i, size_t end)
{
    if (i >= end)
        return 0;
    utf8proc_int32_t cp;
    decode(text, i, end, &cp);
    return cp_is_alnum(cp);
}

static int letter_at(const char *text, size_t i, size_t end)
{
    if (i >= end)
        return 0;
    utf8proc_int32_t cp;
    decode(text, i, end, &cp);
    return cp_is_letter(cp);
}

/* Lower-case copy of text[start..end) in the arena. */
static char *lower_copy(sd_arena *arena, const char *text, size_t start, size_t end)
{
    size_t n = end - start;
    char *out = sd_arena_alloc(arena, n * 2 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = start; i < end;) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x80) {
            out[o++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        size_t len = decode(text, i, end, &cp);
        utf8proc_int32_t lower = utf8proc_tolower(cp);
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t m = utf8proc_encode_char(lower, enc);
        if (m <= 0 || (size_t)m > len * 2) { /* keep the bytes as they are */
            memcpy(out + o, text + i, len);
            o += len;
        } else {
            memcpy(out + o, enc, (size_t)m);
            o += (size_t)m;
        }
        i += len;
    }
    out[o] = '\0';
    return out;
}

static sd_token *push(tokenizer *tz, size_t start, size_t end, uint32_t flags)
{
    sd_doc *doc = tz->doc;
    if (tz->failed)
        return NULL;
    if (doc->ntok == tz->cap) {
        size_t cap = tz->cap ? tz->cap * 2 : 256;
        sd_token *grown = sd_arena_realloc(doc->arena, doc->tok, tz->cap * sizeof *grown,
                                           cap * sizeof *grown);
        if (!grown) {
            tz->failed = 1;
            return NULL;
        }
        doc->tok = grown;
        tz->cap = cap;
    }
    sd_token *tok = &doc->tok[doc->ntok++];
    memset(tok, 0, sizeof *tok);
    tok->start = (uint32_t)start;
    tok->end = (uint32_t)end;
    tok->flags = flags;
    return tok;
}

/* Case flags of a word. */
static uint32_t case_flags(const char *text, size_t start, size_t end)
{
    int letters = 0, uppers = 0, first_upper = -1;
    for (size_t i = start; i < end;) {
        utf8proc_int32_t cp;
        i += decode(text, i, end, &cp);
        if (!cp_is_letter(cp))
            continue;
        int up = cp_is_upper(cp);
        if (first_upper < 0)
            first_upper = up;
        letters++;
        uppers += up;
    }
    uint32_t flags = 0;
    if (first_upper == 1)
        flags |= SD_TOK_CAP;
    if (letters >= 2 && uppers == letters)
        flags |= SD_TOK_ALLCAPS;
    return flags;
}

static const char *const be_pronouns[] = {"it", "he", "she", "that", "there", "what", "who",
                                          "where", "here", "how", "this", "everyone", NULL};

static int is_be_pronoun(const char *text, size_t start, size_t end)
{
    for (size_t i = 0; be_pronouns[i]; i++)
        if (strlen(be_pronouns[i]) == end - start &&
            strncasecmp(text + start, be_pronouns[i], end - start) == 0)
            return 1;
    return 0;
}

/* The end of a URL, e-mail address or @handle starting at i, or 0. */
static size_t special_end(const char *text, size_t i, size_t end, size_t chunk_end)
{
    const char *s = text + i;
    size_t n = chunk_end - i;
    if (s[0] == '@') {
        size_t k = 1;
        while (k < n && (is_digit(s[k]) || (s[k] >= 'a' && s[k] <= 'z') ||
                         (s[k] >= 'A' && s[k] <= 'Z') || s[k] == '_'))
            k++;
        return k > 1 ? i + k : 0;
    }
    /* (the first byte tested before the calls: this runs for every word) */
    int url = ((s[0] | 0x20) == 'h' && ((n > 7 && strncasecmp(s, "http://", 7) == 0) ||
                                        (n > 8 && strncasecmp(s, "https://", 8) == 0))) ||
              ((s[0] | 0x20) == 'w' && n > 4 && strncasecmp(s, "www.", 4) == 0);
    if (!url) {
        const char *at = memchr(s, '@', n);
        if (!at || at == s || !alnum_at(text, (size_t)(at - text) + 1, end) ||
            !memchr(at, '.', n - (size_t)(at - s)))
            return 0;
        if (!alnum_at(text, (size_t)(at - text) - 1, end) && at[-1] != '.' && at[-1] != '_')
            return 0;
        /* An e-mail address: starts with an alphanumeric character. */
        if (!alnum_at(text, i, end))
            return 0;
    }
    size_t e = chunk_end;
    while (e > i && strchr(".,;:!?)\"'", text[e - 1]))
        e--;
    return e > i ? e : 0;
}

typedef struct quote_mark {
    size_t tok;  /* index in doc->tok */
    int role;    /* 1 open, -1 close, 0 either */
    char mark;   /* '"' or '\'' */
} quote_mark;

/* Mark the tokens of sentence [first, last) that are quoted speech. */
static void mark_quoted(sd_doc *doc, size_t first, size_t last, const quote_mark *marks,
                        size_t nmarks)
{
    const char *text = doc->norm;
    for (int pass = 0; pass < 2; pass++) {
        char mark = pass == 0 ? '"' : '\'';
        size_t pending = (size_t)-1;
        int any_closed = 0;
        for (size_t k = 0; k < nmarks; k++) {
            if (marks[k].mark != mark)
                continue;
            int open = marks[k].role == 1 || (marks[k].role == 0 && pending == (size_t)-1);
            if (open) {
                pending = marks[k].tok;
                continue;
            }
            size_t from = pending == (size_t)-1 ? first : pending + 1;
            if (pending == (size_t)-1 && (any_closed || mark == '\''))
                continue; /* a stray closer */
            for (size_t t = from; t < marks[k].tok; t++)
                if (!(doc->tok[t].flags & SD_TOK_QUOTE) || text[doc->tok[t].start] != mark)
                    doc->tok[t].flags |= SD_TOK_QUOTED;
            any_closed = 1;
            pending = (size_t)-1;
        }
        if (pending != (size_t)-1 && mark == '"')
            for (size_t t = pending + 1; t < last; t++)
                if (!(doc->tok[t].flags & SD_TOK_QUOTE) || text[doc->tok[t].start] != mark)
                    doc->tok[t].flags |= SD_TOK_QUOTED;
    }
}

/* Fill lower and lemma of the tokens [first, doc->ntok). */
static int finish_tokens(tokenizer *tz, size_t first, saydo_sentence_kind kind)
{
    sd_doc *doc = tz->doc;
    for (size_t t = first; t < doc->ntok; t++) {
        sd_token *tok = &doc->tok[t];
        char *lower = lower_copy(doc->arena, tz->text, tok->start, tok->end);
        if (!lower)
            return -1;
        tok->lower = lower;
        tok->lemma = lower;
        if ((tok->flags & (SD_TOK_WORD | SD_TOK_CLITIC | SD_TOK_POSS)) && !(tok->flags & SD_TOK_ABBREV)) {
            size_t n = strlen(lower);
            const char *lemma = NULL;
            /* "ca" + "n't", "wo" + "n't", "sha" + "n't". */
            if (t + 1 < doc->ntok && (doc->tok[t + 1].flags & SD_TOK_CLITIC) &&
                doc->tok[t + 1].end - doc->tok[t + 1].start == 3 && doc->tok[t + 1].start == tok->end &&
                tz->text[tok->end] != '\'') {
                if (sd_streq(lower, "ca"))
                    lemma = "can";
                else if (sd_streq(lower, "wo"))
                    lemma = "will";
                else if (sd_streq(lower, "sha"))
                    lemma = "shall";
            }
            if ((tok->flags & SD_TOK_CLITIC) && sd_streq(lower, "'s"))
                lemma = "be";
            /* Proper nouns inside a body sentence keep their form. */
            if (!lemma && (tok->flags & SD_TOK_CAP) && !(tok->flags & SD_TOK_SENT_START) &&
                !(tok->flags & SD_TOK_ALLCAPS) && kind != SAYDO_SENT_HEADLINE)
                lemma = lower;
            if (!lemma)
                lemma = sd_lemma(doc->arena, lower, n);
            if (!lemma)
                return -1;
            tok->lemma = lemma;
        }
    }
    return 0;
}

static int tokenize_sentence(tokenizer *tz, sd_sentence *sent)
{
    sd_doc *doc = tz->doc;
    const char *text = tz->text;
    size_t end = sent->end;
    size_t first = doc->ntok;
    quote_mark marks_local[64];
    quote_mark *marks = marks_local;
    size_t nmarks = 0, marks_cap = 64;
    int single_open = 0;
    size_t checked_until = 0; /* chunks before this hold no URL or handle */
    size_t i = sent->start;
    int rc = 0;
    while (i < end && !tz->failed) {
        char c = text[i];
        if (is_space(c)) {
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        size_t clen = decode(text, i, end, &cp);
        /* URLs, e-mail addresses and handles. */
        if (i >= checked_until && (c == '@' || cp_is_alnum(cp))) {
            size_t chunk_end = i;
            while (chunk_end < end && !is_space(text[chunk_end]))
                chunk_end++;
            size_t e = special_end(text, i, end, chunk_end);
            if (e) {
                push(tz, i, e, SD_TOK_WORD);
                i = e;
                continue;
            }
            checked_until = chunk_end;
        }
        if (cp_is_letter(cp)) {
            size_t j = i + clen;
            int hyphen = 0, inner_dots = 0, longest_segment = 0, segment = 1;
            while (j < end) {
                utf8proc_int32_t next_cp;
                size_t n = decode(text, j, end, &next_cp);
                if (cp_is_alnum(next_cp)) {
                    j += n;
                    segment++;
                    continue;
                }
                char d = text[j];
                if (d == '-' && alnum_at(text, j + 1, end)) {
                    hyphen = 1;
                } else if (d == '\'' && letter_at(text, j + 1, end)) {
                    /* inner apostrophe: O'Brien, hasn't */
                } else if (d == '.' && inner_dots && j + 2 < end && text[j + 1] == '-' &&
                           alnum_at(text, j + 2, end)) {
                    /* U.S.-backed */
                    hyphen = 1;
                    j += 1;
                } else if (d == '.' && letter_at(text, j + 1, end)) {
                    inner_dots++;
                    if (segment > longest_segment)
                        longest_segment = segment;
                    segment = 0;
                } else if (d == '&' && letter_at(text, j + 1, end) && cp_is_upper(cp)) {
                    /* AT&T */
                } else {
                    break;
                }
                j += 1;
            }
            if (segment > longest_segment)
                longest_segment = segment;
            uint32_t flags = SD_TOK_WORD | case_flags(text, i, j);
            if (hyphen)
                flags |= SD_TOK_HYPHEN;
            /* An abbreviation takes its dot. */
            if (j < end && text[j] == '.' && !(j + 1 < end && text[j + 1] == '.')) {
                size_t k = j + 1;
                while (k < end && is_space(text[k]))
                    k++;
                char next = k < end ? text[k] : 0;
                int kind = inner_dots ? (longest_segment <= 2 ? SD_ABBR_OTHER : SD_ABBR_NONE)
                                      : sd_abbrev_kind(text + i, j - i, next);
                /* "on X." at the end of a sentence: the dot is a full stop. */
                int abbrev = kind != SD_ABBR_NONE && !(next == 0 && j - i == 1);
                if (abbrev) {
                    push(tz, i, j + 1, flags | SD_TOK_ABBREV);
                    i = j + 1;
                    continue;
                }
            }
            /* Clitics. */
            size_t n = j - i;
            size_t split = j;
            uint32_t clitic_flags = 0;
            const char *w = text + i;
            if (n > 3 && w[n - 2] == '\'' && strncasecmp(w + n - 3, "n't", 3) == 0) {
                split = j - 3;
                clitic_flags = SD_TOK_CLITIC;
            } else if (n > 2 && w[n - 2] == '\'' && (w[n - 1] == 's' || w[n - 1] == 'S')) {
                split = j - 2;
                clitic_flags = is_be_pronoun(text, i, split) ? SD_TOK_CLITIC : SD_TOK_POSS;
            } else if (n > 3 && w[n - 3] == '\'' &&
                       (strncasecmp(w + n - 2, "re", 2) == 0 || strncasecmp(w + n - 2, "ve", 2) == 0 ||
                        strncasecmp(w + n - 2, "ll", 2) == 0)) {
                split = j - 3;
                clitic_flags = SD_TOK_CLITIC;
            } else if (n > 2 && w[n - 2] == '\'' &&
                       (w[n - 1] == 'd' || w[n - 1] == 'D' || w[n - 1] == 'm' || w[n - 1] == 'M')) {
                split = j - 2;
                clitic_flags = SD_TOK_CLITIC;
            }
            if (split < j) {
                push(tz, i, split, SD_TOK_WORD | case_flags(text, i, split) | (hyphen ? SD_TOK_HYPHEN : 0));
                push(tz, split, j, clitic_flags);
            } else {
                push(tz, i, j, flags);
            }
            /* "Ukrainians'": a possessive apostrophe after a plural. */
            if (j < end && text[j] == '\'' && !single_open && (text[j - 1] == 's' || text[j - 1] == 'S') &&
                !letter_at(text, j + 1, end)) {
                push(tz, j, j + 1, SD_TOK_POSS);
                j++;
            }
            i = j;
            continue;
        }
        if (is_digit(c)) {
            size_t j = i + 1;
            int hyphen = 0;
            while (j < end) {
                char d = text[j];
                if (is_digit(d) || ((d == ',' || d == '.') && j + 1 < end && is_digit(text[j + 1]))) {
                    j++;
                } else if (d == '-' && alnum_at(text, j + 1, end)) {
                    hyphen = 1;
                    j++;
                } else if (alnum_at(text, j, end)) {
                    utf8proc_int32_t dummy;
                    j += decode(text, j, end, &dummy);
                } else {
                    break;
                }
            }
            push(tz, i, j, SD_TOK_NUM | (hyphen ? SD_TOK_HYPHEN : 0));
            i = j;
            continue;
        }
        if (c == '"' || c == '\'') {
            char prev = i > sent->start ? text[i - 1] : ' ';
            char next = i + 1 < end ? text[i + 1] : ' ';
            int open_ctx = is_space(prev) || strchr("([{-/:\"'", prev) != NULL;
            int close_ctx = is_space(next) || strchr(",.;:!?)]}-\"'", next) != NULL;
            int role = (open_ctx && !close_ctx) ? 1 : (close_ctx && !open_ctx) ? -1 : 0;
            if (c == '\'') {
                /* An apostrophe before a number or a word-internal one is not a
                 * quotation mark: '90s. */
                if (role == 1 && is_digit(next)) {
                    push(tz, i, i + 1, SD_TOK_PUNCT);
                    i++;
                    continue;
                }
                if (role == 1)
                    single_open = 1;
                else if (role == -1 && single_open)
                    single_open = 0;
            }
            push(tz, i, i + 1, SD_TOK_PUNCT | SD_TOK_QUOTE);
            if (nmarks == marks_cap) {
                size_t cap = marks_cap * 2;
                quote_mark *grown = sd_arena_alloc(doc->arena, cap * sizeof *grown);
                if (!grown) {
                    tz->failed = 1;
                    break;
                }
                memcpy(grown, marks, nmarks * sizeof *grown);
                marks = grown;
                marks_cap = cap;
            }
            marks[nmarks].tok = doc->ntok - 1;
            marks[nmarks].role = role;
            marks[nmarks].mark = c;
            nmarks++;
            i++;
            continue;
        }
        if (c == '-' || c == '.' || c == '?' || c == '!') {
            size_t j = i + 1;
            if (c == '-' || c == '.')
                while (j < end && text[j] == c)
                    j++;
            else
                while (j < end && (text[j] == '?' || text[j] == '!'))
                    j++;
            push(tz, i, j, SD_TOK_PUNCT);
            i = j;
            continue;
        }
        push(tz, i, i + clen, SD_TOK_PUNCT);
        i += clen;
    }
    if (tz->failed)
        return -1;
    mark_quoted(doc, first, doc->ntok, marks, nmarks);
    for (size_t t = first; t < doc->ntok; t++)
        if (doc->tok[t].flags & (SD_TOK_WORD | SD_TOK_NUM)) {
            doc->tok[t].flags |= SD_TOK_SENT_START;
            break;
        }
    sent->tok_first = (uint32_t)first;
    sent->tok_count = (uint32_t)(doc->ntok - first);
    rc = finish_tokens(tz, first, sent->kind);
    return rc;
}

int sd_doc_tokenize(sd_doc *doc)
{
    tokenizer tz = {0};
    tz.doc = doc;
    tz.text = doc->norm;
    doc->tok = NULL;
    doc->ntok = 0;
    for (size_t s = 0; s < doc->nsent; s++)
        if (tokenize_sentence(&tz, &doc->sent[s]) != 0)
            return SAYDO_ERR_NOMEM;
    return 0;
}
