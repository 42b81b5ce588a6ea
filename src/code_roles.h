/*
 * code_roles.h -- the roles pass of the event coder (code_roles.c): an act
 * found by a verb pattern, checked against its sentence's grammar.
 */
#ifndef SD_CODE_ROLES_H
#define SD_CODE_ROLES_H

#include <stdint.h>

#include "grammar.h"
#include "text.h"

typedef enum sd_roles_verdict {
    SD_ROLES_KEEP = 0, /* the grammar agrees, or cannot tell             */
    SD_ROLES_DROP,     /* the grammar says this is no such act           */
    SD_ROLES_TURN,     /* source and target are the other way round      */
    SD_ROLES_UNTARGET  /* the act stands, but its target is not one: the
                          victim of the act the source reacts to         */
} sd_roles_verdict;

/* What the pattern coder found, in tokens of doc. */
typedef struct sd_roles_query {
    const sd_doc *doc;
    const sd_parse *parse;            /* the sentence's, or NULL          */
    const sd_grammar_words *words;
    uint32_t vs, ve;                  /* the pattern's tokens             */
    uint32_t src_start, src_end;      /* the source mention               */
    uint32_t tgt_start, tgt_end;      /* the target mention               */
    int has_src, has_tgt;             /* 0: no tokens (unnamed, none)     */
    int symmetric;                    /* each is the other's target       */
    int reversed;                     /* a paired code's act back         */
    int asserted;                     /* coded as done (mood asserted)    */
    const char *code;                 /* the pattern's CAMEO code, or NULL */
    int debug;                        /* print the verdict to stderr      */
    /* out: on SD_ROLES_DROP because the source stands outside the act's
     * doer, the doer's phrase (an NP of parse), else -1: the caller may
     * take the actor named there as the source instead */
    int32_t doer;
    const char *why;                  /* out: the rule that decided (static) */
} sd_roles_query;

/* The verdict on one event (never fails, allocates nothing). */
sd_roles_verdict sd_roles_check(sd_roles_query *query);

/* Does the mention [start, end) stand in the phrase complex np of parse? */
int sd_roles_in_phrase(const sd_parse *parse, uint32_t start, uint32_t end, int32_t np);

#endif
