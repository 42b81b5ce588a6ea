/*
 * output.h -- the one writer of each output format (output.c), for events
 * coded now (saydo_write_events) and events read back from a store
 * (saydo_write_store_row, store_output.c): both turn what they hold into an
 * sd_event_record and hand it to the same function, so `saydo code` and
 * `saydo query` (and the HTTP API, which uses the JSON writer) write the
 * same event alike.
 */
#ifndef SD_OUTPUT_H
#define SD_OUTPUT_H

#include <stddef.h>

#include "buf.h"
#include "saydo.h"

/* One event, whoever holds it.  Strings are borrowed (the record owns
 * nothing); NULL or "" strings and negative numbers are written as null
 * in JSON and as empty columns in TSV. */
typedef struct sd_event_record {
    long long event_id, mention_id; /* -1: not stored                     */
    unsigned long long gdelt_id; /* GDELT's GLOBALEVENTID                 */
    const char *article;
    long sentence;
    const char *sentence_text, *title, *date, *date_intended;
    const char *source, *source_text, *source_name;
    const char *target, *target_text, *target_name;
    const char *cameo, *root, *event_name;
    int quad;
    double goldstein;
    const char *plover, *plover_mode, *plover_context;
    saydo_mood mood;
    const saydo_location *location;
    const char *attribution;
    saydo_span source_span, target_span, verb_span;
    const char *pattern;
    double confidence;
    long num_mentions, num_sources, num_articles; /* -1: not stored       */
    const char *url, *outlet;
    const char *plover_id;     /* PLOVER's "id"                           */
    const char *added;         /* when it was stored or coded, UTC,
                                  YYYY-MM-DDTHH:MM:SSZ (GDELT's DATEADDED) */
    const char *location_adm1; /* GDELT's ADM1Code of location, or ""     */
    const saydo_location *source_location, *target_location; /* or NULL   */
    const char *source_location_adm1, *target_location_adm1;
    double avg_tone;           /* NAN when unknown                        */
} sd_event_record;

/* The record in format, appended to b as one line with its newline.
 * Allocation failure sets b->failed. */
void sd_output_event(sd_buf *b, saydo_output_format format, const sd_event_record *e);

#endif
