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

static void json_str(sd_buf *b, const char *key, const char *value)
{
    sd_buf_putc(b, '"');
    sd_buf_puts(b, key);
    sd_buf_puts(b, "\":\"");
    if (value)
        sd_buf_json_escape(b, value, strlen(value));
    sd_buf_putc(b, '"');
}

static void json_location(sd_buf *b, const char *key, const saydo_location *loc, int plover)
{
    sd_buf_printf(b, "\"%s\":", key);
    if (loc->precision == SAYDO_GEO_NONE) {
        sd_buf_puts(b, "null");
        return;
    }
    static const char *const precision[] = {"none", "country", "admin1", "city"};
    sd_buf_putc(b, '{');
    json_str(b, "name", loc->name);
    sd_buf_putc(b, ',');
    json_str(b, plover ? "country code" : "country", loc->country);
    sd_buf_putc(b, ',');
    json_str(b, "admin1", loc->admin1);
    sd_buf_printf(b, ",\"lat\":%.5f,\"lon\":%.5f,", loc->lat, loc->lon);
    json_str(b, "precision", precision[(unsigned)loc->precision < 4 ? loc->precision : 0]);
    sd_buf_putc(b, '}');
}

static void format_jsonl(sd_buf *b, const saydo_store_row *r)
{
    sd_buf_printf(b, "{\"event_id\":%lld,\"mention_id\":%lld,", r->event_id, r->mention_id);
    if (*r->date)
        json_str(b, "date", r->date);
    else
        sd_buf_puts(b, "\"date\":null");
    sd_buf_putc(b, ',');
    json_str(b, "source", r->source);
    sd_buf_putc(b, ',');
    json_str(b, "target", r->target);
    sd_buf_putc(b, ',');
    json_str(b, "cameo", r->cameo);
    sd_buf_putc(b, ',');
    json_str(b, "root", r->root);
    sd_buf_printf(b, ",\"quad_class\":%d,\"goldstein\":%.1f,", (int)r->quad, r->goldstein);
    json_str(b, "plover", r->plover);
    sd_buf_putc(b, ',');
    json_str(b, "mood", sd_store_mood_name(r->mood));
    sd_buf_printf(b, ",\"num_mentions\":%ld,\"num_sources\":%ld,\"num_articles\":%ld,",
                  r->num_mentions, r->num_sources, r->num_articles);
    json_location(b, "location", &r->location, 0);
    sd_buf_putc(b, ',');
    json_str(b, "date_intended", r->date_intended);
    sd_buf_putc(b, ',');
    json_str(b, "article", r->article);
    sd_buf_printf(b, ",\"sentence\":%ld,", r->sentence);
    json_str(b, "sentence_text", r->sentence_text);
    sd_buf_putc(b, ',');
    json_str(b, "attribution", r->attribution);
    sd_buf_putc(b, ',');
    json_str(b, "pattern", r->pattern);
    sd_buf_printf(b, ",\"confidence\":%.2f,", r->confidence);
    json_str(b, "url", r->url);
    sd_buf_putc(b, ',');
    json_str(b, "outlet", r->outlet);
    sd_buf_puts(b, "}\n");
}

/* PLOVER JSON Lines: the field names of the PLOVER event record (id, date,
 * source, target, event, mode, context, eventLoc, text), then saydo's own
 * fields. */
static void format_plover(sd_buf *b, const saydo_store_row *r)
{
    sd_buf_printf(b, "{\"id\":\"saydo-%lld\",", r->event_id);
    json_str(b, "date", r->date);
    sd_buf_puts(b, ",\"source\":[{");
    json_str(b, "code", r->source);
    sd_buf_puts(b, "}],\"target\":[{");
    json_str(b, "code", r->target);
    sd_buf_puts(b, "}],");
    json_str(b, "event", r->plover);
    sd_buf_puts(b, ",\"mode\":\"\",\"context\":\"\",");
    json_location(b, "eventLoc", &r->location, 1);
    sd_buf_putc(b, ',');
    json_str(b, "text", r->sentence_text);
    sd_buf_puts(b, ",\"language\":\"en\",");
    json_str(b, "publication", r->outlet);
    sd_buf_putc(b, ',');
    json_str(b, "url", r->url);
    sd_buf_putc(b, ',');
    json_str(b, "cameo", r->cameo);
    sd_buf_putc(b, ',');
    json_str(b, "mood", sd_store_mood_name(r->mood));
    sd_buf_printf(b, ",\"num_mentions\":%ld,\"num_sources\":%ld,\"num_articles\":%ld}\n",
                  r->num_mentions, r->num_sources, r->num_articles);
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
    sd_output_pad(b, sd_store_mood_name(r->mood), 8);
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
    if (plover)
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
