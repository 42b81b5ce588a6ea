/*
 * actor_fuzzy.h -- country names misspelt by one letter (actor_fuzzy.c).
 */
#ifndef SD_ACTOR_FUZZY_H
#define SD_ACTOR_FUZZY_H

#include "dict.h"

typedef struct sd_fuzzy sd_fuzzy;

/* Build the index of one-word country names of a compiled dictionary.
 * *out is owned by the caller (sd_fuzzy_free).  0 or SAYDO_ERR_NOMEM. */
int sd_fuzzy_build(const sd_dict *dict, sd_fuzzy **out);
void sd_fuzzy_free(sd_fuzzy *fuzzy);

/* The country entry a word is a one-letter misspelling of, or NULL (also
 * when it is near two different countries).  The word is matched without
 * regard to case; words with other than ASCII letters never match. */
const sd_entry *sd_fuzzy_lookup(const sd_fuzzy *fuzzy, const char *word);

#endif
