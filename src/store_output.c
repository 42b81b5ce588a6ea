/*
 * store_output.c -- writing rows read back from the event store: each row
 * becomes an sd_event_record and goes to output.c's writer of its format,
 * the same writer `saydo code` uses (output.h).
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "output.h"
#include "store.h"

/* A store row as saydo's event record (output.h). */
static void row_record(sd_event_record *e, const saydo_store_row *r, const char *plover_id)
{
    memset(e, 0, sizeof *e);
    e->event_id = r->event_id;
    e->mention_id = r->mention_id;
    e->article = r->article;
    e->sentence = r->sentence;
    e->sentence_text = r->sentence_text;
    e->title = r->title;
    e->date = r->date;
    e->date_intended = r->date_intended;
    e->source = r->source;
    e->source_text = r->source_text;
    e->source_name = r->source_name;
    e->target = r->target;
    e->target_text = r->target_text;
    e->target_name = r->target_name;
    e->cameo = r->cameo;
    e->root = r->root;
    e->event_name = r->event_name;
    e->quad = (int)r->quad;
    e->goldstein = r->goldstein;
    e->plover = r->plover;
    e->plover_mode = r->plover_mode;
    e->plover_context = r->plover_context;
    e->mood = r->mood;
    e->location = &r->location;
    e->attribution = r->attribution;
    e->source_span = r->source_span;
    e->target_span = r->target_span;
    e->verb_span = r->verb_span;
    e->pattern = r->pattern;
    e->confidence = r->confidence;
    e->num_mentions = r->num_mentions;
    e->num_sources = r->num_sources;
    e->num_articles = r->num_articles;
    e->url = r->url;
    e->outlet = r->outlet;
    e->plover_id = plover_id;
    e->gdelt_id = r->event_id < 0 ? 0 : (unsigned long long)r->event_id;
    e->added = r->added;
    e->location_adm1 = r->location_adm1;
    e->source_location = &r->source_location;
    e->target_location = &r->target_location;
    e->source_location_adm1 = r->source_location_adm1;
    e->target_location_adm1 = r->target_location_adm1;
    e->avg_tone = r->avg_tone;
}

int saydo_write_store_row(FILE *out, saydo_output_format format, const saydo_store_row *row,
                          saydo_error *err)
{
    if (!out || !row)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1,
                            "saydo_write_store_row: NULL argument");
    /* PLOVER's id of a stored event: "saydo-EVENT_ID" */
    char plover_id[40];
    snprintf(plover_id, sizeof plover_id, "saydo-%lld", row->event_id);
    sd_event_record e;
    row_record(&e, row, plover_id);
    sd_buf b = SD_BUF_INIT;
    sd_output_event(&b, format, &e);
    int rc = 0;
    if (b.failed)
        rc = sd_error_nomem(err);
    else if (fwrite(b.data, 1, b.len, out) != b.len)
        rc = sd_error_set(err, SAYDO_ERR_IO, NULL, 0, -1, "write failed");
    sd_buf_free(&b);
    return rc;
}
