/*
 * code.h -- internals shared by the event coder's stages:
 *
 *   code_words.c   grammar word classes of every token (negation, modals,
 *                  speech verbs, clause words ...) from @kind word
 *                  dictionaries (data/grammar/)
 *   code_actors.c  actor mentions: dictionary actors and agents composed
 *                  ("Russian officials" -> RUSGOV), dated codes, pronouns
 *   code_events.c  verb patterns -> events: source, target, mood,
 *                  attribution
 *
 * All memory is in the result's arena.  Token indices are absolute indices
 * into result->doc.tok.
 */
#ifndef SD_CODE_H
#define SD_CODE_H

#include <stdint.h>

#include "dict.h"
#include "result.h"

/* Grammar word classes (codes of @kind word entries). */
enum {
    WC_NEG = 1u << 0,       /* not, n't, never, no                        */
    WC_MODAL = 1u << 1,     /* will, would, could, may, might, should     */
    WC_INTENT = 1u << 2,    /* plan to, vow to, promise to, be ready to   */
    WC_SAY = 1u << 3,       /* say, tell, announce, report, claim         */
    WC_COND = 1u << 4,      /* if, unless, whether                        */
    WC_CLAUSE = 1u << 5,    /* that, which, who, because, but, while ...  */
    WC_PLACE = 1u << 6,     /* in, near, at, outside: place prepositions  */
    WC_HE = 1u << 7,        /* he, him, his                               */
    WC_SHE = 1u << 8,       /* she, her                                   */
    WC_THEY = 1u << 9,      /* they, them, their                          */
    WC_IT = 1u << 10,       /* it, its                                    */
    WC_WE = 1u << 11,       /* we, us, our (in quotes: the speaker's side) */
    WC_REFUSE = 1u << 12,   /* refuse to, decline to, reject              */
    WC_DENY = 1u << 13,     /* deny, dismiss                              */
    WC_HYPO = 1u << 14,     /* could be, might, hypothetical markers      */
    WC_BY = 1u << 15,       /* by (passive agent)                         */
    WC_BE = 1u << 16,       /* be, was, were, been (passive auxiliary)    */
    WC_WITH = 1u << 17,     /* with, between: comitative                  */
    WC_DET = 1u << 18,      /* the, a, an                                 */
    WC_GEO = 1u << 19,      /* river, lake, state, county: a place head   */
    WC_POSS = 1u << 20,     /* its, their, his, her: possessive pronouns  */
    WC_MOTION = 1u << 21,   /* flee, enter, reach: the object is a place  */
    WC_NAMEJOIN = 1u << 22, /* of, and, de, al, bin, von: inside names    */
    WC_RANK = 1u << 23,     /* junior, deputy, acting: before role nouns  */
    WC_PREP = 1u << 24,     /* on, against, at, to, into: before a target */
    WC_OBLIG = 1u << 25,    /* must, should, ought: an obligation, not a
                               fact or a plan of the subject               */
    WC_APPEAL = 1u << 26,   /* demand, urge, call on, call for: what
                               follows is asked for, not done             */
    WC_ALLEGE = 1u << 27,   /* accuse, blame, allege: what follows in the
                               clause is charged, not done                */
    WC_SUFFER = 1u << 28    /* die, perish, be killed: the subject suffers
                               the act named after it ("Marines die in car
                               bombing"), it is not its doer              */
};

/* Build coder->word_class, the class bits of every @kind word entry, once
 * after the dictionaries are compiled.  0 or SAYDO_ERR_NOMEM. */
int sd_code_words_init(saydo_coder *coder);

/* Word classes of tokens [first, first + count): out[i - first]. */
int sd_code_word_classes(const saydo_coder *coder, const sd_doc *doc, size_t first,
                         size_t count, uint32_t *out);
/* The same, given the tokens' sd_dict_token_ids (ids[i - first]) or NULL. */
int sd_code_word_classes_ids(const saydo_coder *coder, const sd_doc *doc, size_t first,
                             size_t count, const sd_tok_ids *ids, uint32_t *out);

enum {
    MENTION_PERSON = 1u << 0,  /* a named person                        */
    MENTION_PRONOUN = 1u << 1, /* resolved from a pronoun               */
    MENTION_METONYM = 1u << 2, /* a capital standing for its government */
    MENTION_QUOTED = 1u << 3,  /* inside quoted speech                  */
    MENTION_BARE = 1u << 4,    /* an agent with no owner: a sector code */
    MENTION_OWNED = 1u << 5,   /* an agent given a country by the sentence:
                                  its domestic owner, its town ("Kharkiv
                                  residents", "police in Lagos"), or the
                                  country that sends it (code_actors.c,
                                  code_events.c)                          */
    MENTION_PAIR = 1u << 6,    /* "the two sides": code and code2, the
                                  latest pair the article coordinated      */
    MENTION_NOBODY = 1u << 7   /* no actor: the unnamed doer of an attack,
                                  resolved by its place (code_events.c)   */
};

typedef struct sd_mention {
    uint32_t start, end;     /* tokens [start, end)                       */
    const char *code;        /* resolved CAMEO actor code                 */
    const sd_entry *entry;   /* the dictionary entry of the head actor    */
    uint32_t flags;
    const char *code2;       /* MENTION_PAIR: the second actor, else NULL */
} sd_mention;

/* Article-level memory for pronouns: the latest person and the latest
 * non-person actor seen, and the latest persons with their roles. */
#define SD_RECENT_PERSONS 8

typedef struct sd_actor_memory {
    const char *last_person;
    const char *last_actor;
    /* the latest persons named (a ring of SD_RECENT_PERSONS), for "the
     * minister", "the Secretary" */
    const sd_entry *recent[SD_RECENT_PERSONS];
    const char *recent_code[SD_RECENT_PERSONS];
    size_t nrecent;
    char home[4];   /* the article's home country ("KEN"), or "" (code_actors.c,
                       domestic owners) */
    const char *forward; /* TABARI's FORWARD: the first actor of the last
                            sentence naming one (its code, agents cut) */
    const char *pair[2]; /* the latest two actors coordinated ("Armenia and
                            Azerbaijan"), for "the two sides" */
    const char *sides[2]; /* the latest two actors on either side of one act:
                             talks, an agreement or a fight between them
                             (code_events.c), for "both sides" and "the
                             warring parties" before pair */
    const char *last_attacker; /* the source of the article's latest attack
                                  (CAMEO roots 18-20), or NULL            */
    /* the country each sector was named with ("Sudan's army": MIL of
     * SDN), for "the army" later; mixed when two countries were */
    struct {
        char agent[4], cc[4];
        int mixed;
    } owner[16];
    size_t nowner;
} sd_actor_memory;

/* The country of a mention: the first three letters of its code when
 * they name a country (not an IGO, NGO or region, not a bare agent or a
 * pronoun).  1 and cc filled ("RUS"), or 0. */
int sd_mention_country(const sd_mention *m, char cc[4]);

/* Find the actor mentions of tokens [first, first + count) given their
 * word classes.  *out is an arena array; *n its length. */
int sd_code_actors(const saydo_coder *coder, saydo_result *result, size_t first, size_t count,
                   const uint32_t *wclass, sd_actor_memory *memory, sd_mention **out,
                   size_t *n);
/* The same, given the tokens' sd_dict_token_ids (ids[i - first]) or NULL. */
int sd_code_actors_ids(const saydo_coder *coder, saydo_result *result, size_t first,
                       size_t count, const uint32_t *wclass, const sd_tok_ids *ids,
                       sd_actor_memory *memory, sd_mention **out, size_t *n);

#endif
