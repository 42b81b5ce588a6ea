/*
 * code_places.h -- the coder's place stage (code_places.c): where each
 * event of a sentence happened, from the place phrases of its clause, or
 * the article's dateline when the sentence names no place.
 */
#ifndef SD_CODE_PLACES_H
#define SD_CODE_PLACES_H

#include "code.h"

/* Set the location of events [ev_first, result->nev) -- the events of
 * sentence si just found by code_events.c -- given the sentence's word
 * classes (wc[i - tok_first]) and actor mentions (men[0..nmen), in token
 * order).  Events whose place the text does not support keep precision
 * NONE.  Strings point into the coder's gazetteer.  Does nothing when the
 * coder has no gazetteer.  0 or SAYDO_ERR_NOMEM. */
int sd_code_places(const saydo_coder *coder, saydo_result *result, size_t si,
                   const uint32_t *wc, const sd_mention *men, size_t nmen, size_t ev_first);

/* The actors' places (docs/places.md, "Actors' places"): for each event
 * of result -- after every coding pass, so its source, target and spans are
 * final -- source_location and target_location (with their GDELT ADM1
 * codes): the place phrase right after the actor's words ("police in
 * Lagos", "rebels from Misrata"), else a place of the actor's own country
 * named in its words ("the Baghdad government", "Kiev" for Ukraine's
 * government), else the centroid of the country its code starts with
 * (precision COUNTRY, as GDELT places a country), else none (precision
 * NONE: no actor, or an actor without a country, such as an IGO).  Also
 * sets location_adm1 "" where no stage set it.  Strings point into the
 * coder's gazetteer.  Always 0. */
int sd_code_actor_places(const saydo_coder *coder, saydo_result *result);

#endif
