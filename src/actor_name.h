/*
 * actor_name.h -- canonical actor names: what an event calls its source
 * and target beside their CAMEO codes ("Vladimir Putin" for RUSGOV,
 * "Russian Federation" for "Russian officials"; docs/schema.md, "Actor
 * names").
 *
 * Built once per coder from the compiled dictionaries (actor_name.c) and
 * read-only afterwards, so threads share it.
 */
#ifndef SD_ACTOR_NAME_H
#define SD_ACTOR_NAME_H

#include "dict.h"

typedef struct sd_names sd_names;

/* Build the names of every actor entry of dict and the table of country
 * names by code.  On success *out is owned by the caller (sd_names_free).
 * 0 or SAYDO_ERR_NOMEM. */
int sd_names_build(const sd_dict *dict, sd_names **out);
void sd_names_free(sd_names *names);

/* The name of the country whose CAMEO code starts code ("RUS" of
 * "RUSGOV"): its entry's name= attribute in data/gen/countries.dict, else
 * that entry's first phrase.  NULL when code starts with no country. */
const char *sd_names_country(const sd_names *names, const char *code);

/* The name an actor entry gives an actor coded code: its name= attribute,
 * or for a person or an organisation its main form.  NULL when the entry
 * names no one of its own (a country, a demonym, a capital, an agent) or
 * when code is not one of the entry's codes (nor starts with one, nor
 * begins one): the caller then names the code's country.  Owned by
 * names. */
const char *sd_names_entry(const sd_names *names, const sd_entry *entry, const char *code);

/* The canonical name of an actor coded code whose dictionary entry is
 * entry (NULL when the coder made the code without one):
 * sd_names_entry, else the name of the first entry of an international
 * organisation coded exactly code ("IGOUNO": United Nations), else the name of the code's
 * country.  "" when neither
 * applies (a bare sector code).  Owned by names (or static). */
const char *sd_names_actor(const sd_names *names, const sd_entry *entry, const char *code);

/* The main form of a dictionary phrase as a name, into out (cap bytes):
 * optional words left out, the first of alternatives, '=' and '*' marks
 * dropped, in title case ("vladimir putin" -> "Vladimir Putin", "bashar
 * al-assad" -> "Bashar al-Assad") unless written with a capital already.
 * Returns the length written. */
size_t sd_names_main_form(const char *phrase, char *out, size_t cap);

#endif
