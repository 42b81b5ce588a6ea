/*
 * store_output.c -- writing rows read back from the event store: saydo's
 * JSON Lines, GDELT 2.0 event TSV (all 61 columns, docs/schema.md says how
 * each is filled), an aligned table, and PLOVER JSON Lines.
 *
 * As in output.c each row is formatted into a buffer and written with one
 * fwrite, so a line is written whole or not at all.
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
}

static void format_jsonl(sd_buf *b, const saydo_store_row *r)
{
    sd_event_record e;
    row_record(&e, r, "");
    sd_output_event_json(b, &e);
}

/* PLOVER JSON Lines; the id is "saydo-EVENT_ID". */
static void format_plover(sd_buf *b, const saydo_store_row *r)
{
    char id[40];
    snprintf(id, sizeof id, "saydo-%lld", r->event_id);
    sd_event_record e;
    row_record(&e, r, id);
    sd_output_event_plover(b, &e);
}

static void tsv_field(sd_buf *b, const char *s)
{
    for (; s && *s; s++)
        sd_buf_putc(b, (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s);
}

static int day_of_year(int y, int m, int d)
{
    static const int cum[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return cum[(m - 1) % 12] + d + (leap && m > 2);
}

/* GDELT geography type: 1 country, 2 US state, 3 US city, 4 world city,
 * 5 world state (ADM1). */
static int geo_type(const saydo_location *loc)
{
    int us = loc->country && strcmp(loc->country, "USA") == 0;
    switch (loc->precision) {
    case SAYDO_GEO_COUNTRY: return 1;
    case SAYDO_GEO_ADMIN1: return us ? 2 : 5;
    case SAYDO_GEO_CITY: return us ? 3 : 4;
    default: return 0;
    }
}

static void format_tsv(sd_buf *b, const saydo_store_row *r)
{
    sd_buf_printf(b, "%lld\t", r->event_id);
    int y = 0, m = 0, d = 0;
    if (sscanf(r->date, "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12)
        sd_buf_printf(b, "%04d%02d%02d\t%04d%02d\t%04d\t%.4f\t", y, m, d, y, m, y,
                      y + (day_of_year(y, m, d) - 1) / 365.0);
    else
        sd_buf_puts(b, "\t\t\t\t"), y = 0;
    sd_output_gdelt_actor(b, r->source, r->source_name);
    sd_output_gdelt_actor(b, r->target, r->target_name);
    char base[4];
    snprintf(base, sizeof base, "%.3s", r->cameo);
    sd_buf_printf(b, "%d\t%s\t%s\t%s\t%d\t%.1f\t%ld\t%ld\t%ld\t\t", r->sentence <= 1 ? 1 : 0,
                  r->cameo, base, r->root, (int)r->quad, r->goldstein, r->num_mentions,
                  r->num_sources, r->num_articles);
    /* Actor1Geo and Actor2Geo: 2 x 8 empty (saydo places the event, not
     * its actors). */
    for (int i = 0; i < 16; i++)
        sd_buf_putc(b, '\t');
    const saydo_location *loc = &r->location;
    if (loc->precision != SAYDO_GEO_NONE) {
        sd_buf_printf(b, "%d\t", geo_type(loc));
        tsv_field(b, loc->name);
        sd_buf_putc(b, '\t');
        tsv_field(b, loc->country);
        sd_buf_putc(b, '\t');
        tsv_field(b, loc->admin1);
        sd_buf_printf(b, "\t\t%.4f\t%.4f\t\t", loc->lat, loc->lon);
    } else {
        for (int i = 0; i < 8; i++)
            sd_buf_putc(b, '\t');
    }
    if (y)
        sd_buf_printf(b, "%04d%02d%02d000000\t", y, m, d);
    else
        sd_buf_putc(b, '\t');
    tsv_field(b, r->url);
    sd_buf_putc(b, '\n');
}

static void format_table(sd_buf *b, const saydo_store_row *r)
{
    char n[32];
    sd_output_pad(b, *r->date ? r->date : "-", 10);
    sd_buf_putc(b, ' ');
    sd_output_pad(b, *r->source ? r->source : "-", 9);
    sd_buf_putc(b, ' ');
    sd_output_pad(b, *r->target ? r->target : "-", 9);
    sd_buf_putc(b, ' ');
    sd_output_pad(b, r->cameo, 5);
    sd_buf_putc(b, ' ');
    sd_output_pad(b, sd_output_mood_name(r->mood), 8);
    sd_buf_putc(b, ' ');
    snprintf(n, sizeof n, "%ld", r->num_mentions);
    sd_output_pad(b, n, 4);
    sd_buf_putc(b, ' ');
    sd_output_pad(b, *r->location.country ? r->location.country : "-", 3);
    sd_buf_putc(b, ' ');
    sd_output_pad(b, r->sentence_text, 60);
    sd_buf_putc(b, '\n');
}

int saydo_write_store_row(FILE *out, saydo_output_format format, int plover,
                          const saydo_store_row *row, saydo_error *err)
{
    sd_buf b = SD_BUF_INIT;
    if (plover || format == SAYDO_OUTPUT_PLOVER)
        format_plover(&b, row);
    else if (format == SAYDO_OUTPUT_TSV)
        format_tsv(&b, row);
    else if (format == SAYDO_OUTPUT_TABLE)
        format_table(&b, row);
    else
        format_jsonl(&b, row);
    int rc = 0;
    if (b.failed)
        rc = sd_error_nomem(err);
    else if (fwrite(b.data, 1, b.len, out) != b.len)
        rc = sd_error_set(err, SAYDO_ERR_IO, NULL, 0, -1, "write failed");
    sd_buf_free(&b);
    return rc;
}
