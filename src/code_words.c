/*
 * code_words.c -- grammar word classes.  The words that steer the coder
 * (negation, modality, speech verbs, clause boundaries, pronouns, place
 * prepositions) are data: @kind word entries in the .dict files of data/grammar whose
 * code names a class (NEG, MODAL, SAY, ...).  Every token of a matched
 * phrase gets the class bit.
 */
#include <stdlib.h>
#include <string.h>

#include "code.h"

static const struct {
    const char *name;
    uint32_t bit;
} class_names[] = {
    {"NEG", WC_NEG},       {"MODAL", WC_MODAL},   {"INTENT", WC_INTENT}, {"SAY", WC_SAY},
    {"COND", WC_COND},     {"CLAUSE", WC_CLAUSE}, {"PLACE", WC_PLACE},   {"HE", WC_HE},
    {"SHE", WC_SHE},       {"THEY", WC_THEY},     {"IT", WC_IT},         {"WE", WC_WE},
    {"REFUSE", WC_REFUSE}, {"DENY", WC_DENY},     {"HYPO", WC_HYPO},     {"BY", WC_BY},
    {"BE", WC_BE},         {"WITH", WC_WITH},     {"DET", WC_DET},       {"GEO", WC_GEO},
    {"POSS", WC_POSS},     {"MOTION", WC_MOTION}, {"NAMEJOIN", WC_NAMEJOIN}, {"RANK", WC_RANK},
    {"PREP", WC_PREP},     {"OBLIG", WC_OBLIG},   {"APPEAL", WC_APPEAL}, {"ALLEGE", WC_ALLEGE},
    {"SUFFER", WC_SUFFER}, {NULL, 0}};

static uint32_t class_bits(const sd_entry *entry)
{
    uint32_t bits = 0;
    for (uint16_t i = 0; i < entry->ncodes; i++)
        for (size_t k = 0; class_names[k].name; k++)
            if (strcmp(entry->codes[i].code, class_names[k].name) == 0)
                bits |= class_names[k].bit;
    return bits;
}

int sd_code_words_init(saydo_coder *coder)
{
    size_t n = sd_dict_entry_count(coder->dict);
    free(coder->word_class);
    coder->word_class = sd_calloc(n ? n : 1, sizeof *coder->word_class);
    if (!coder->word_class)
        return SAYDO_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const sd_entry *e = sd_dict_entry(coder->dict, i);
        if (e->kind == SD_KIND_WORD)
            coder->word_class[i] = class_bits(e);
    }
    return 0;
}

int sd_code_word_classes(const saydo_coder *coder, const sd_doc *doc, size_t first,
                         size_t count, uint32_t *out)
{
    return sd_code_word_classes_ids(coder, doc, first, count, NULL, out);
}

int sd_code_word_classes_ids(const saydo_coder *coder, const sd_doc *doc, size_t first,
                             size_t count, const sd_tok_ids *ids, uint32_t *out)
{
    memset(out, 0, count * sizeof *out);
    sd_match small[64];
    sd_match *m = small;
    size_t n = sd_dict_match_ids(coder->dict, 1u << SD_KIND_WORD, doc->tok + first, ids, count,
                                 m, 64);
    if (n > 64) {
        m = sd_malloc(n * sizeof *m);
        if (!m)
            return SAYDO_ERR_NOMEM;
        sd_dict_match_ids(coder->dict, 1u << SD_KIND_WORD, doc->tok + first, ids, count, m, n);
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t bits = coder->word_class ? coder->word_class[sd_entry_index(m[i].entry)]
                                          : class_bits(m[i].entry);
        for (uint32_t t = m[i].tok_start; t < m[i].tok_end && t < count; t++)
            out[t] |= bits;
    }
    if (m != small)
        free(m);
    return 0;
}
