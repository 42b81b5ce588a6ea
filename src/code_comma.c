/*
 * code_comma.c -- TABARI's comma-delimited clauses (the COMMA: setting of a
 * TABARI .options file, dict_tabari.h): before the events are coded, the
 * clauses of a sentence set off by commas whose length (in words) falls in
 * the configured ranges are taken out of the sentence's tokens, as TABARI
 * does: "Gollum, centre of a diplomatic row between Radagast the Brown,
 * called on Gondor" is coded as "Gollum called on Gondor".
 *
 *   internal clause  ", ... ,"          comma_min  .. comma_max words
 *   terminal clause  ", ... <end>"      comma_emin .. comma_emax
 *   initial clause   "<start> ... ,"    comma_bmin .. comma_bmax
 *
 * The token array of the document is rebuilt without those tokens (each
 * token keeps its byte offsets, so spans stay right) and the sentences'
 * tok_first / tok_count are updated.  Does nothing unless an .options file
 * was read and COMMA is on.
 *
 * The same pass applies SET: MINIMUM WORDS: a text of fewer words (counted
 * before any clause is dropped) keeps no tokens to code.
 */
#include <string.h>

#include "code_comma.h"

#include "code.h"
#include "dict_tabari.h"

/* Words in tok[a, b): word tokens, the possessive clitic not counted. */
static int words_in(const sd_token *tok, size_t a, size_t b)
{
    int n = 0;
    for (size_t t = a; t < b; t++)
        n += (tok[t].flags & SD_TOK_WORD) && !(tok[t].flags & SD_TOK_POSS);
    return n;
}

static int in_range(int n, int lo, int hi) { return hi > 0 && lo <= hi && n >= lo && n <= hi; }

static int is_comma(const sd_token *t)
{
    return (t->flags & SD_TOK_PUNCT) && sd_streq(t->lower, ",");
}

/* Mark in drop[] the tokens of sentence [first, first + count) to leave
 * out. */
static void mark(const sd_tabari_options *o, const sd_token *tok, size_t first, size_t count,
                 unsigned char *drop)
{
    size_t end = first + count;
    /* the sentence's final punctuation is not part of a clause */
    while (end > first && (tok[end - 1].flags & SD_TOK_PUNCT) && !is_comma(&tok[end - 1]))
        end--;
    int closed = end < first + count; /* the sentence ends with a stop */
    size_t prev = (size_t)-1; /* the comma before the current clause */
    for (size_t t = first; t <= end; t++) {
        if (t < end && !is_comma(&tok[t]))
            continue;
        if (prev == (size_t)-1) {
            /* initial clause [first, t) and its comma */
            if (t < end && in_range(words_in(tok, first, t), o->comma_bmin, o->comma_bmax))
                memset(drop + first, 1, t + 1 - first);
        } else if (t < end) {
            if (in_range(words_in(tok, prev + 1, t), o->comma_min, o->comma_max))
                memset(drop + prev, 1, t + 1 - prev); /* ", clause," */
        } else if (closed && /* (TABARI: the clause before the closing stop) */
                   in_range(words_in(tok, prev + 1, end), o->comma_emin, o->comma_emax)) {
            memset(drop + prev, 1, end - prev);
        }
        if (t < end)
            prev = t;
    }
}

/* TABARI's COMPLEX: VERBS[n] CONJ[m]: does sentence [first, first +
 * count) name n verbs or more (words of the verbs dictionary, not after
 * "a", "an" or "the", which make them nouns: "an attack", "the promised
 * aid"), or m conjunctions ("and", "or", "but", "nor") or more? */
static int too_complex(const saydo_coder *coder, const sd_tabari_options *o, const sd_token *tok,
                       size_t first, size_t count)
{
    if (o->complex_conj > 0) {
        int conj = 0;
        for (size_t t = first; t < first + count; t++)
            conj += sd_streq(tok[t].lower, "and") || sd_streq(tok[t].lower, "or") ||
                    sd_streq(tok[t].lower, "but") || sd_streq(tok[t].lower, "nor");
        if (conj >= o->complex_conj)
            return 1;
    }
    if (o->complex_verbs <= 0)
        return 0;
    sd_match m[64];
    size_t nm = sd_dict_match(coder->dict, 1u << SD_KIND_VERB, tok + first, count, m, 64);
    int verbs = 0;
    for (size_t i = 0; i < nm && i < 64; i++) {
        size_t s = first + m[i].tok_start;
        if (strstr(m[i].entry->attrs, "discard=1"))
            continue; /* (not a verb: a <TIME> phrase, checked before the commas) */
        if (s > first && (sd_streq(tok[s - 1].lower, "a") || sd_streq(tok[s - 1].lower, "an") ||
                          sd_streq(tok[s - 1].lower, "the")))
            continue;
        verbs++;
    }
    return verbs >= o->complex_verbs;
}

static void complex_sentences(const saydo_coder *coder, const sd_tabari_options *o, sd_doc *doc)
{
    for (size_t i = 0; i < doc->nsent; i++)
        if (too_complex(coder, o, doc->tok, doc->sent[i].tok_first, doc->sent[i].tok_count))
            doc->sent[i].tok_count = 0; /* TABARI leaves it uncoded */
}

int sd_tabari_commas(const saydo_coder *coder, saydo_result *result)
{
    const sd_tabari_options *o = sd_dict_tabari_options(coder->dict);
    sd_doc *doc = &result->doc;
    if (!o->read || doc->ntok == 0)
        return 0;
    if (o->min_words > 0 && words_in(doc->tok, 0, doc->ntok) < o->min_words) {
        /* SET: MINIMUM WORDS: a short text codes nothing */
        for (size_t i = 0; i < doc->nsent; i++)
            doc->sent[i].tok_count = 0;
        return 0;
    }
    if (!o->comma_on) {
        complex_sentences(coder, o, doc);
        return 0;
    }
    unsigned char *drop = sd_arena_calloc(&result->arena, doc->ntok, 1);
    sd_token *kept = sd_arena_alloc(&result->arena, doc->ntok * sizeof *kept);
    if (!drop || !kept)
        return SAYDO_ERR_NOMEM;
    for (size_t i = 0; i < doc->nsent; i++) {
        /* a discarding phrase (a <TIME> [###]) acts before the commas drop
         * the clause it stands in ("Gondor, kan wa ma kan, almost ...") */
        sd_match m[64];
        size_t nm = sd_dict_match(coder->dict, 1u << SD_KIND_VERB, doc->tok + doc->sent[i].tok_first,
                                  doc->sent[i].tok_count, m, 64);
        for (size_t k = 0; k < nm && k < 64; k++)
            if (strstr(m[k].entry->attrs, "discard=1") && strstr(m[k].entry->phrase, "{") == NULL)
                doc->sent[i].tok_count = 0;
        mark(o, doc->tok, doc->sent[i].tok_first, doc->sent[i].tok_count, drop);
    }
    size_t n = 0;
    for (size_t i = 0; i < doc->nsent; i++) {
        sd_sentence *s = &doc->sent[i];
        size_t from = n;
        for (size_t t = s->tok_first; t < (size_t)s->tok_first + s->tok_count; t++)
            if (!drop[t])
                kept[n++] = doc->tok[t];
        s->tok_first = (uint32_t)from;
        s->tok_count = (uint32_t)(n - from);
    }
    doc->tok = kept;
    doc->ntok = n;
    complex_sentences(coder, o, doc);
    return 0;
}
