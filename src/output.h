/*
 * output.h -- pieces of output.c shared with store_output.c.
 */
#ifndef SD_OUTPUT_H
#define SD_OUTPUT_H

#include <stddef.h>

#include "buf.h"
#include "saydo.h"

/* The ten GDELT 2.0 actor columns (code, name, country, known group, ethnic,
 * religion 1 and 2, types 1-3) of a CAMEO actor code and its canonical
 * name (written in capitals, as GDELT does), each followed by a tab. */
void sd_output_gdelt_actor(sd_buf *b, const char *code, const char *name);

/* One event as saydo's JSON event record (docs/schema.md, "Events as
 * JSON"; docs/event.schema.json), whoever holds it: a coded article
 * (output.c) or a store row (store_output.c).  NULL or "" strings and
 * negative numbers are written as null. */
typedef struct sd_event_record {
    long long event_id, mention_id; /* -1: not stored                     */
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
} sd_event_record;

/* The record as one JSON line (with its newline). */
void sd_output_event_json(sd_buf *b, const sd_event_record *e);

/* The record as one PLOVER JSON line (docs/schema.md, "PLOVER"). */
void sd_output_event_plover(sd_buf *b, const sd_event_record *e);

/* "asserted", "intended", "reported", "denied". */
const char *sd_output_mood_name(saydo_mood mood);

/* The name of the i-th of the 61 GDELT 2.0 event columns, NULL past the
 * end. */
const char *sd_output_gdelt_column(size_t i);

/* s cut or padded with spaces to width characters (UTF-8 aware; a NULL
 * s is empty), for the aligned table. */
void sd_output_pad(sd_buf *b, const char *s, int width);

#endif
