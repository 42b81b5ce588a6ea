/*
 * tag.h -- the part-of-speech tagger (tag.c): an averaged perceptron trained
 * at build time from the tagged Brown Corpus by tools/train-tagger.c, whose
 * model file (data/gen/tagger.bin) tag.c loads once per coder, read-only.
 *
 * The tagset is Penn Treebank's, with one addition the coder needs: CS, a
 * subordinating conjunction or complementiser ("because", "if", "although",
 * "that" opening a clause), kept apart from IN, a preposition.  Brown's tags
 * are mapped onto it by the trainer; docs/grammar.md gives the table.
 * Tags are stored in sd_token.pos (text.h); 0 (SD_TAG_NONE) is untagged.
 */
#ifndef SD_TAG_H
#define SD_TAG_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

/* X(enum suffix, printed name).  The order is the model file's order: a
 * change here changes the model format (SD_TAGGER_FORMAT). */
#define SD_TAG_LIST(X) \
    X(NONE, "-")    /* untagged                                          */ \
    X(NN, "NN")     /* common noun, singular or mass                     */ \
    X(NNS, "NNS")   /* common noun, plural                               */ \
    X(NNP, "NNP")   /* proper noun, singular                             */ \
    X(NNPS, "NNPS") /* proper noun, plural                               */ \
    X(PRP, "PRP")   /* personal pronoun: he, them, itself                */ \
    X(PRPS, "PRP$") /* possessive pronoun: his, their                    */ \
    X(POS, "POS")   /* possessive clitic 's or '                         */ \
    X(VB, "VB")     /* verb, base form: (will) go, (to) go, go!          */ \
    X(VBP, "VBP")   /* verb, present, not 3rd person singular: they go   */ \
    X(VBZ, "VBZ")   /* verb, present, 3rd person singular: goes          */ \
    X(VBD, "VBD")   /* verb, past tense: went                            */ \
    X(VBN, "VBN")   /* verb, past participle: gone, was killed           */ \
    X(VBG, "VBG")   /* verb, gerund or present participle: going         */ \
    X(MD, "MD")     /* modal: will, would, can, must                     */ \
    X(JJ, "JJ")     /* adjective; ordinals                               */ \
    X(JJR, "JJR")   /* adjective, comparative                            */ \
    X(JJS, "JJS")   /* adjective, superlative                            */ \
    X(RB, "RB")     /* adverb; not, n't                                  */ \
    X(RBR, "RBR")   /* adverb, comparative                               */ \
    X(RBS, "RBS")   /* adverb, superlative                               */ \
    X(RP, "RP")     /* particle: (pulled) out, (gave) up                 */ \
    X(IN, "IN")     /* preposition: of, in, by, after (a noun)           */ \
    X(CS, "CS")     /* subordinating conjunction, complementiser: that,
                       because, if, although, while, after (a clause)    */ \
    X(CC, "CC")     /* coordinating conjunction: and, or, but            */ \
    X(DT, "DT")     /* determiner: the, a, this, each, both              */ \
    X(PDT, "PDT")   /* predeterminer: all (the), half (the)              */ \
    X(CD, "CD")     /* cardinal number                                   */ \
    X(EX, "EX")     /* existential there                                 */ \
    X(TO, "TO")     /* to                                                */ \
    X(UH, "UH")     /* interjection                                      */ \
    X(FW, "FW")     /* foreign word                                      */ \
    X(WDT, "WDT")   /* wh-determiner: which, what (+ noun), that (rel.)  */ \
    X(WP, "WP")     /* wh-pronoun: who, whom, what                       */ \
    X(WPS, "WP$")   /* possessive wh-pronoun: whose                      */ \
    X(WRB, "WRB")   /* wh-adverb: when, where, how, why                  */ \
    X(COMMA, ",")   /* comma                                             */ \
    X(STOP, ".")    /* sentence-final . ! ?                              */ \
    X(COLON, ":")   /* : ; -- and dashes                                 */ \
    X(LRB, "(")     /* opening bracket                                   */ \
    X(RRB, ")")     /* closing bracket                                   */ \
    X(QUOTE, "\"")  /* quotation mark                                    */ \
    X(SYM, "SYM")   /* other symbol: $ % & /                             */

typedef enum sd_tag {
#define SD_TAG_ENUM(name, str) SD_TAG_##name,
    SD_TAG_LIST(SD_TAG_ENUM)
#undef SD_TAG_ENUM
    SD_TAG_COUNT
} sd_tag;

/* The printed name of tag ("VBN"), "?" when out of range.  Static. */
const char *sd_tag_name(unsigned tag);

/* The tag named name[0..n) ("VBN"), or -1 when there is none. */
int sd_tag_from_name(const char *name, size_t n);

/* Tag classes the chunker and coder ask about. */
static inline int sd_tag_is_noun(unsigned t)
{
    return t >= SD_TAG_NN && t <= SD_TAG_NNPS;
}
static inline int sd_tag_is_verb(unsigned t) /* VB..VBG, not MD */
{
    return t >= SD_TAG_VB && t <= SD_TAG_VBG;
}
static inline int sd_tag_is_adj(unsigned t)
{
    return t >= SD_TAG_JJ && t <= SD_TAG_JJS;
}
static inline int sd_tag_is_adv(unsigned t)
{
    return t >= SD_TAG_RB && t <= SD_TAG_RBS;
}
static inline int sd_tag_is_punct(unsigned t)
{
    return t >= SD_TAG_COMMA && t <= SD_TAG_SYM;
}

/* A trained model: opaque, read-only once loaded, shared by threads. */
typedef struct sd_tagger sd_tagger;

/* Load the model file at path.  Returns 0 and *out (owned by the caller,
 * sd_tagger_free), SAYDO_ERR_IO when the file cannot be opened or read,
 * SAYDO_ERR_DICT (errbuf saying what is wrong and at which byte) when it is
 * not a model of this format version, or SAYDO_ERR_NOMEM. */
int sd_tagger_load(const char *path, sd_tagger **out, char *errbuf, size_t errlen);

void sd_tagger_free(sd_tagger *tagger);

/* 1 when the lower-case word lower[0..n) was seen in training (the held-out
 * evaluation's "known word"), else 0; 0 for a NULL tagger. */
int sd_tagger_knows(const sd_tagger *tagger, const char *lower, size_t n);

/* 1 when sentence s of doc is a title-case headline: a headline sentence
 * (SAYDO_SENT_HEADLINE) of two or more words, at least two thirds of them
 * capitalised ("Nine Soldiers Killed near Border"); the coder tags such
 * sentences with headline=1. */
int sd_tag_title_case(const sd_doc *doc, const sd_sentence *s);

/* Tag tokens doc->tok[first .. first+count) as one sentence, writing
 * sd_token.pos.  headline: 1 when the sentence is a title-case headline
 * ("Rebel Commander Captured, Jailed"): capitals then say nothing about
 * proper nouns, and known words are tagged by their lower-case form.
 * Never fails; allocates nothing. */
void sd_tagger_tag(const sd_tagger *tagger, sd_doc *doc, size_t first, size_t count,
                   int headline);

#endif
