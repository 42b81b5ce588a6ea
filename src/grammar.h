/*
 * grammar.h -- the grammar layer: phrase chunks (chunk.c) and clause
 * structure with roles (clause.c) of one tagged sentence, computed once per
 * sentence into one sd_parse that the coder reads.  docs/grammar.md
 * describes the structures; `saydo parse` prints them (grammar_print.c).
 *
 * Every index below is an absolute index into doc->tok (tokens) or into the
 * sentence's own arrays (np, vg, pp, clause); -1 means none.  Everything
 * lives in the document's arena and is freed with it.
 *
 * The stages need the tags of tag.c (sd_token.pos) and the grammar words of
 * data/grammar/syntax.words (grammar_words.c): auxiliaries, negation, time
 * nouns, verbs of saying, subordinators.  Without tags (no tagger model)
 * sd_parse_sentence leaves the sentence unparsed (sd_sentence.parse NULL).
 */
#ifndef SD_GRAMMAR_H
#define SD_GRAMMAR_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "text.h"

/* ------------------------------------------------------ grammar words */

/* Classes of data/grammar/syntax.words, as bits.  The file's class names
 * are the lower-case names after SD_GW_ ("aux-be" is SD_GW_AUX_BE). */
#define SD_GW_LIST(X) \
    X(AUX_BE, "aux-be")       /* be: passive and progressive auxiliary      */ \
    X(AUX_HAVE, "aux-have")   /* have: perfect auxiliary                    */ \
    X(AUX_DO, "aux-do")       /* do: do-support                             */ \
    X(AUX_GET, "aux-get")     /* get: "got killed" passives                 */ \
    X(NEG, "neg")             /* not, n't, never                            */ \
    X(TIME, "time")           /* nouns of time: Monday, week, year          */ \
    X(SAY, "say")             /* verbs that report speech or belief         */ \
    X(COND, "cond")           /* subordinators of condition: if, unless     */ \
    X(SUBORD, "subord")       /* other subordinators: because, after, when  */ \
    X(FUTURE, "future")       /* modals of the future: will, shall, 'll     */ \
    X(HYPO, "hypo")           /* modals of possibility: would, could, may   */ \
    X(OBLIG, "oblig")         /* modals of obligation: must, should         */ \
    X(CONTROL_OBJ, "control-object") /* verbs whose object does the
                                  infinitive: urge X to, want X to          */ \
    X(QUANT, "quantity")      /* heads that pass to their of-phrase:
                                  "dozens of protesters", "some of them"    */ \
    X(RELATIVE, "relative")   /* relative pronouns: who, whom, which, that  */ \
    X(PARTICLE, "particle")   /* particles after a verb: (pulled) out, (hand)
                                  over, (step) down                         */ \
    X(ACT_NOUN, "act-noun")   /* nouns of acts done to someone: killing,
                                  arrest ("the killing of X": X the victim) */ \
    X(JUDGE, "judge")         /* verbs whose object act is another's:
                                  condemn (the killing), deny (the report)  */ \
    X(UNREAL, "unreal")       /* modifiers of an act noun that say it has
                                  not happened: expected, planned, possible */ \
    X(ETHNIC, "ethnic")       /* words that make a nationality an ethnicity:
                                  "ethnic Albanian" guerrillas             */ \
    X(CAPTIVE, "captive")     /* people held by their killers: hostage,
                                  captive, prisoner                        */ \
    X(INERT, "inert")         /* things sent or given that do no act of
                                  their own: "sent a message to congratulate
                                  him" -- the sender congratulates          */

enum {
#define SD_GW_ENUM(name, str) SD_GW_BIT_##name,
    SD_GW_LIST(SD_GW_ENUM)
#undef SD_GW_ENUM
    SD_GW_COUNT
};
#define SD_GW(name) (1u << SD_GW_BIT_##name)

typedef struct sd_grammar_words sd_grammar_words;

/* Load data/grammar/syntax.words (format in the file's header).  Returns 0
 * and *out (owned by the caller, sd_grammar_words_free), SAYDO_ERR_IO when
 * the file cannot be read, SAYDO_ERR_DICT with err naming file and line
 * for a malformed line or an unknown class, or SAYDO_ERR_NOMEM. */
int sd_grammar_words_load(const char *path, sd_grammar_words **out, saydo_error *err);
void sd_grammar_words_free(sd_grammar_words *words);

/* The SD_GW_* bits of a lower-case word or lemma w[0..n); 0 when none. */
uint32_t sd_grammar_word(const sd_grammar_words *words, const char *w, size_t n);

/* ------------------------------------------------------------- chunks */

enum sd_np_flags {
    SD_NP_PRONOUN = 1u << 0,   /* a personal pronoun: he, they, it          */
    SD_NP_PROPER = 1u << 1,    /* the head is a proper noun                 */
    SD_NP_TIME = 1u << 2,      /* a time phrase: Monday, last week          */
    SD_NP_PLURAL = 1u << 3,    /* the head is plural                        */
    SD_NP_QUOTED = 1u << 4,    /* inside quotation marks                    */
    SD_NP_COORD_MODS = 1u << 5,/* coordinated modifiers: "Indian and
                                  Pakistani troops"                         */
    SD_NP_NUMBER = 1u << 6,    /* a bare number: "killed 5"                 */
    SD_NP_EXIST = 1u << 7      /* existential "there"                       */
};

/* A noun phrase: a base chunk of tokens [first, end) with its head, and the
 * links that make complex phrases of them. */
typedef struct sd_np {
    uint32_t first, end;    /* tokens                                       */
    uint32_t head;          /* head token: the last noun, or the pronoun,
                               number or determiner standing alone          */
    int32_t det;            /* determiner or possessive pronoun token       */
    int32_t poss;           /* possessor NP: "Rwanda's Senate" -> "Rwanda"  */
    int32_t of;             /* of-complement NP: "opponents of X" -> X      */
    int32_t parent;         /* the NP this one complements (of, possessor,
                               apposition), or -1 at the top                */
    int32_t appos;          /* apposition: "Medinsky, the head of ..."      */
    int32_t coord;          /* next conjunct: "Palestinian gunmen and
                               Israeli troops", "A, B and C"                */
    int32_t coord_first;    /* the first conjunct (itself when first)       */
    int32_t cc;             /* the conjunction token before this conjunct   */
    int32_t modifier;       /* the first clause that modifies it (relative,
                               reduced relative, a noun's content clause),
                               or -1                                        */
    int32_t pp;             /* the PP whose object this NP is, or -1        */
    uint32_t flags;         /* SD_NP_*                                      */
} sd_np;

enum sd_vg_form {
    SD_FORM_FINITE = 1,     /* tensed: attacked, has attacked, will attack  */
    SD_FORM_INFINITIVE,     /* to attack                                    */
    SD_FORM_BARE,           /* base form without to: (let them) go, imperatives */
    SD_FORM_PARTICIPLE,     /* -ed without auxiliary: "soldiers killed in"  */
    SD_FORM_GERUND          /* -ing without auxiliary: "killing one"        */
};
enum sd_vg_tense { SD_TENSE_NONE = 0, SD_TENSE_PRESENT, SD_TENSE_PAST, SD_TENSE_FUTURE };
enum sd_vg_voice { SD_VOICE_ACTIVE = 0, SD_VOICE_PASSIVE };
enum sd_vg_flags {
    SD_VG_PERFECT = 1u << 0,     /* have + -ed                               */
    SD_VG_PROGRESSIVE = 1u << 1, /* be + -ing                                */
    SD_VG_NEGATED = 1u << 2,     /* not, n't, never inside the group         */
    SD_VG_HEADLINE = 1u << 3,    /* headline grammar: auxiliary restored     */
    SD_VG_COPULA = 1u << 4,      /* be as the main verb: "is ready"          */
    SD_VG_QUOTED = 1u << 5,      /* inside quotation marks                   */
    SD_VG_SAY = 1u << 6          /* the head is a verb of saying (SD_GW_SAY) */
};

/* How a verb group's subject was found. */
enum sd_subj_how {
    SD_SUBJ_NONE = 0,
    SD_SUBJ_LEFT,        /* the noun phrase before it in its clause        */
    SD_SUBJ_INVERTED,    /* after it: ", said the minister"                */
    SD_SUBJ_SHARED,      /* shared with a coordinated verb: "X came and went" */
    SD_SUBJ_RELATIVE,    /* the noun a relative clause modifies            */
    SD_SUBJ_CONTROL,     /* the controller of an infinitive or participle  */
    SD_SUBJ_MODIFIED     /* the noun a reduced relative modifies (for a
                            passive participle: the patient)               */
};

/* A verb group: auxiliaries, modals, negation and adverbs around the main
 * verb, with its grammar and its roles. */
typedef struct sd_vg {
    uint32_t first, end;    /* tokens                                       */
    uint32_t head;          /* the main verb                                */
    int32_t modal;          /* modal token                                  */
    int32_t particle;       /* particle token: "pulled out"                 */
    uint8_t form;           /* enum sd_vg_form                              */
    uint8_t tense;          /* enum sd_vg_tense                             */
    uint8_t voice;          /* enum sd_vg_voice                             */
    uint8_t subj_how;       /* enum sd_subj_how                             */
    uint32_t flags;         /* SD_VG_*                                      */
    int32_t clause;         /* the clause it heads                          */
    /* Roles (NP indices).  subject is grammatical; doer and patient read
     * the voice: active doer = subject, patient = object; passive doer =
     * agent, patient = subject. */
    int32_t subject, object, object2, agent;
    int32_t doer, patient;
    int32_t coord_prev;     /* the verb group it is coordinated with: "X
                               attacked Y and killed Z"                     */
} sd_vg;

/* A prepositional phrase: preposition token and object NP. */
typedef struct sd_pp {
    uint32_t prep;
    int32_t np;             /* object NP (-1 when the object is a clause)   */
    int32_t vg;             /* the verb group of its clause it may modify   */
    int32_t after_np;       /* the NP just before it, which it may modify   */
} sd_pp;

/* ------------------------------------------------------------ clauses */

enum sd_clause_kind {
    SD_CLAUSE_MAIN = 1,
    SD_CLAUSE_COMPLEMENT,   /* "said (that) ...", fronted: "..., X said"    */
    SD_CLAUSE_SUBORDINATE,  /* because, if, unless, after, when ...         */
    SD_CLAUSE_RELATIVE,     /* who, which, that                             */
    SD_CLAUSE_REDUCED,      /* reduced relative: "officials accused of"     */
    SD_CLAUSE_PARTICIPIAL,  /* adverbial participle: ", killing two"        */
    SD_CLAUSE_INFINITIVAL,  /* "agreed to withdraw", "urged X to"           */
    SD_CLAUSE_QUOTE         /* quoted speech                                */
};

typedef struct sd_clause {
    uint32_t first, end;    /* tokens                                       */
    uint8_t kind;           /* enum sd_clause_kind                          */
    int32_t parent;         /* the clause it depends on, -1 for a main one  */
    int32_t vg;             /* its verb group                               */
    int32_t marker;         /* token: that, because, if, who, to            */
    int32_t attach_np;      /* the NP a relative/reduced clause modifies    */
    int32_t speaker;        /* NP of the speaker of a quote or complement   */
    uint32_t marker_class;  /* SD_GW_* bits of the marker (COND, SUBORD)    */
} sd_clause;

typedef struct sd_parse {
    uint32_t first, count;  /* the sentence's tokens                        */
    int headline;           /* 1: headline grammar                          */
    uint8_t *tag;           /* count entries: the grammar's reading of each
                               token's tag: the tagger's, or a repair's
                               (grammar_repair.c)                           */
    sd_np *np;
    size_t nnp;
    sd_vg *vg;
    size_t nvg;
    sd_pp *pp;
    size_t npp;
    sd_clause *clause;
    size_t nclause;
    uint32_t *gw;           /* count entries: SD_GW_* bits of each token    */
    int32_t *np_of;         /* count entries: the NP holding each token     */
    int32_t *vg_of;         /* count entries: the verb group of each token  */
    int32_t *clause_of;     /* count entries: the innermost clause whose
                               span holds each token (clause.c)             */
} sd_parse;

/* Chunk the tagged tokens doc->tok[first .. first+count) into NPs, verb
 * groups and PPs (chunk.c).  tags: count tags to read instead of the
 * tokens' own (a repaired reading), or NULL.  headline: headline grammar
 * (bare -ed forms are passive).  Returns 0 and *out (in arena), or
 * SAYDO_ERR_NOMEM. */
int sd_chunk(const sd_grammar_words *words, const sd_doc *doc, uint32_t first, uint32_t count,
             const uint8_t *tags, int headline, sd_arena *arena, sd_parse **out);

/* Repair the tags of a parsed sentence where its grammar shows the tagger
 * wrong (grammar_repair.c): writes parse->tag and returns how many tags it
 * changed (0: the parse stands). */
int sd_grammar_repair(const sd_doc *doc, sd_parse *parse);

/* Find clauses and the roles of every verb group of parse (clause.c).
 * Returns 0 or SAYDO_ERR_NOMEM. */
int sd_clauses(const sd_grammar_words *words, const sd_doc *doc, sd_parse *parse,
               sd_arena *arena);

/* The whole grammar layer for one sentence: sd_chunk then sd_clauses. */
int sd_parse_sentence(const sd_grammar_words *words, const sd_doc *doc, uint32_t first,
                      uint32_t count, int headline, sd_arena *arena, sd_parse **out);

/* The head of np's complex: up through of-phrases, possessed nouns,
 * appositions, later conjuncts ("A and *B*": A) and the nouns that PPs
 * modify ("troops in *Iraq*": troops).  np itself when it heads one. */
int32_t sd_np_top(const sd_parse *parse, int32_t np);

/* Names for printing (static strings). */
const char *sd_clause_kind_name(unsigned kind);
const char *sd_vg_form_name(unsigned form);
const char *sd_tense_name(unsigned tense);
const char *sd_subj_how_name(unsigned how);

#endif
