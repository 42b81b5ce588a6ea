/*
 * output.c -- writing coded events: saydo's JSON Lines, GDELT 2.0 event
 * TSV (docs/output.md) and an aligned table for people.
 *
 * Each event is formatted completely into a buffer and then written with
 * one fwrite, so a failed or interrupted write never leaves half a line
 * followed by more output; the caller flushes per article.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "buf.h"
#include "error.h"
#include "output.h"
#include "result.h"

static const char *mood_name(saydo_mood mood)
{
    switch (mood) {
    case SAYDO_MOOD_ASSERTED: return "asserted";
    case SAYDO_MOOD_INTENDED: return "intended";
    case SAYDO_MOOD_REPORTED: return "reported";
    case SAYDO_MOOD_DENIED: return "denied";
    }
    return "asserted";
}

/* "key": written without printf (this runs a dozen times per event). */
static void json_key(sd_buf *b, const char *key)
{
    sd_buf_putc(b, '"');
    sd_buf_puts(b, key);
    sd_buf_puts(b, "\":");
}

/* v in decimal, as "%zu" writes it. */
static void put_size(sd_buf *b, size_t v)
{
    char digits[24];
    size_t n = sizeof digits;
    do {
        digits[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    sd_buf_append(b, digits + n, sizeof digits - n);
}

static void json_str(sd_buf *b, const char *key, const char *value)
{
    json_key(b, key);
    sd_buf_putc(b, '"');
    if (value)
        sd_buf_json_escape(b, value, strlen(value));
    sd_buf_putc(b, '"');
}

/* The longest sentence text an event record carries, in bytes
 * (docs/schema.md, sentence_text): a longer sentence is cut at a character
 * boundary before this many bytes and ends with "\u2026" (the spans are
 * offsets into the article, exact whatever the cut), so that the output of
 * a long sentence grows with its events, not with events x length. */
#define SD_SENTENCE_TEXT_MAX 2000

/* "key":"the sentence", cut as SD_SENTENCE_TEXT_MAX says. */
static void json_sentence(sd_buf *b, const char *key, const char *value)
{
    size_t n = value ? strnlen(value, SD_SENTENCE_TEXT_MAX + 1) : 0;
    if (n <= SD_SENTENCE_TEXT_MAX) {
        json_str(b, key, value);
        return;
    }
    size_t cut = SD_SENTENCE_TEXT_MAX;
    while (cut > 0 && ((unsigned char)value[cut] & 0xC0) == 0x80)
        cut--; /* value[cut] starts a character: keep [0, cut) */
    json_key(b, key);
    sd_buf_putc(b, '"');
    sd_buf_json_escape(b, value, cut);
    sd_buf_puts(b, "\xe2\x80\xa6\"");
}

/* "key":"value", or "key":null for NULL or "" */
static void json_text(sd_buf *b, const char *key, const char *value)
{
    if (value && *value) {
        json_str(b, key, value);
    } else {
        json_key(b, key);
        sd_buf_puts(b, "null");
    }
}

/* "key":v, or "key":null for a negative v */
static void json_count(sd_buf *b, const char *key, long long v)
{
    json_key(b, key);
    if (v < 0)
        sd_buf_puts(b, "null");
    else
        put_size(b, (size_t)v);
}

static void json_span(sd_buf *b, const char *key, saydo_span span)
{
    json_key(b, key);
    if (span.end > span.start) {
        sd_buf_putc(b, '[');
        put_size(b, span.start);
        sd_buf_putc(b, ',');
        put_size(b, span.end);
        sd_buf_putc(b, ']');
    } else {
        sd_buf_puts(b, "null");
    }
}

static const char *precision_name(saydo_geo_precision p)
{
    switch (p) {
    case SAYDO_GEO_COUNTRY: return "country";
    case SAYDO_GEO_ADMIN1: return "admin1";
    case SAYDO_GEO_CITY: return "city";
    default: return "none";
    }
}

/* v with five decimals, as "%.5f" writes it for |v| < 1e9 (coordinates),
 * without printf: it runs for every located event. */
static void put_deg5(sd_buf *b, double v)
{
    long long u = (long long)(v * 100000.0 + (v < 0 ? -0.5 : 0.5));
    if (u < 0) {
        sd_buf_putc(b, '-');
        u = -u;
    }
    put_size(b, (size_t)(u / 100000));
    char frac[7];
    long long f = u % 100000;
    frac[0] = '.';
    for (int i = 5; i >= 1; i--) {
        frac[i] = (char)('0' + f % 10);
        f /= 10;
    }
    sd_buf_append(b, frac, 6);
}

/* "key":{"name","country","admin1","lat","lon","precision"} or null;
 * PLOVER's eventLoc names the country "country code". */
static void json_location(sd_buf *b, const char *key, const saydo_location *loc, int plover)
{
    json_key(b, key);
    if (!loc || loc->precision == SAYDO_GEO_NONE) {
        sd_buf_puts(b, "null");
        return;
    }
    sd_buf_putc(b, '{');
    json_text(b, "name", loc->name);
    sd_buf_putc(b, ',');
    json_text(b, plover ? "country code" : "country", loc->country);
    sd_buf_putc(b, ',');
    json_text(b, "admin1", loc->admin1);
    sd_buf_puts(b, ",\"lat\":");
    put_deg5(b, loc->lat);
    sd_buf_puts(b, ",\"lon\":");
    put_deg5(b, loc->lon);
    sd_buf_putc(b, ',');
    json_str(b, "precision", precision_name(loc->precision));
    sd_buf_putc(b, '}');
}

const char *sd_output_mood_name(saydo_mood mood) { return mood_name(mood); }

void sd_output_event_json(sd_buf *b, const sd_event_record *e)
{
    sd_buf_putc(b, '{');
    json_count(b, "event_id", e->event_id);
    sd_buf_putc(b, ',');
    json_count(b, "mention_id", e->mention_id);
    sd_buf_putc(b, ',');
    json_text(b, "article", e->article);
    sd_buf_putc(b, ',');
    json_count(b, "sentence", e->sentence);
    sd_buf_putc(b, ',');
    json_sentence(b, "sentence_text", e->sentence_text);
    sd_buf_putc(b, ',');
    json_text(b, "title", e->title);
    sd_buf_putc(b, ',');
    json_text(b, "date", e->date);
    sd_buf_putc(b, ',');
    json_text(b, "date_intended", e->date_intended);
    sd_buf_putc(b, ',');
    json_text(b, "source", e->source);
    sd_buf_putc(b, ',');
    json_text(b, "source_text", e->source_text);
    sd_buf_putc(b, ',');
    json_text(b, "source_name", e->source_name);
    sd_buf_putc(b, ',');
    json_text(b, "target", e->target);
    sd_buf_putc(b, ',');
    json_text(b, "target_text", e->target_text);
    sd_buf_putc(b, ',');
    json_text(b, "target_name", e->target_name);
    sd_buf_putc(b, ',');
    json_str(b, "cameo", e->cameo);
    sd_buf_putc(b, ',');
    json_str(b, "root", e->root);
    sd_buf_putc(b, ',');
    json_text(b, "event_name", e->event_name);
    sd_buf_printf(b, ",\"quad_class\":%d,\"goldstein\":%.1f,", e->quad, e->goldstein);
    json_text(b, "plover", e->plover);
    sd_buf_putc(b, ',');
    json_text(b, "plover_mode", e->plover_mode);
    sd_buf_putc(b, ',');
    json_text(b, "plover_context", e->plover_context);
    sd_buf_putc(b, ',');
    json_str(b, "mood", mood_name(e->mood));
    sd_buf_putc(b, ',');
    json_location(b, "location", e->location, 0);
    sd_buf_putc(b, ',');
    json_text(b, "attribution", e->attribution);
    sd_buf_putc(b, ',');
    json_span(b, "source_span", e->source_span);
    sd_buf_putc(b, ',');
    json_span(b, "target_span", e->target_span);
    sd_buf_putc(b, ',');
    json_span(b, "verb_span", e->verb_span);
    sd_buf_putc(b, ',');
    json_text(b, "pattern", e->pattern);
    sd_buf_printf(b, ",\"confidence\":%.2f,", e->confidence);
    json_count(b, "num_mentions", e->num_mentions);
    sd_buf_putc(b, ',');
    json_count(b, "num_sources", e->num_sources);
    sd_buf_putc(b, ',');
    json_count(b, "num_articles", e->num_articles);
    sd_buf_putc(b, ',');
    json_text(b, "url", e->url);
    sd_buf_putc(b, ',');
    json_text(b, "outlet", e->outlet);
    sd_buf_puts(b, "}\n");
}

/* PLOVER's actor list: [{"actorText","code","name"}], [] for no actor. */
static void plover_actor(sd_buf *b, const char *key, const char *code, const char *text,
                         const char *name)
{
    json_key(b, key);
    if (!code || !*code) {
        sd_buf_puts(b, "[]");
        return;
    }
    sd_buf_putc(b, '[');
    sd_buf_putc(b, '{');
    json_str(b, "actorText", text);
    sd_buf_putc(b, ',');
    json_str(b, "code", code);
    sd_buf_putc(b, ',');
    json_text(b, "name", name);
    sd_buf_puts(b, "}]");
}

/* The PLOVER event record's fields (id, date, source, target, event,
 * mode, context, eventLoc, text, language, publication), then saydo's
 * own. */
void sd_output_event_plover(sd_buf *b, const sd_event_record *e)
{
    sd_buf_putc(b, '{');
    json_str(b, "id", e->plover_id);
    sd_buf_putc(b, ',');
    json_text(b, "date", e->date);
    sd_buf_putc(b, ',');
    plover_actor(b, "source", e->source, e->source_text, e->source_name);
    sd_buf_putc(b, ',');
    plover_actor(b, "target", e->target, e->target_text, e->target_name);
    sd_buf_putc(b, ',');
    json_str(b, "event", e->plover);
    sd_buf_putc(b, ',');
    json_str(b, "mode", e->plover_mode);
    sd_buf_putc(b, ',');
    json_str(b, "context", e->plover_context);
    sd_buf_putc(b, ',');
    json_location(b, "eventLoc", e->location, 1);
    sd_buf_putc(b, ',');
    json_sentence(b, "text", e->sentence_text);
    sd_buf_puts(b, ",\"language\":\"en\",");
    json_str(b, "publication", e->outlet);
    sd_buf_putc(b, ',');
    json_str(b, "url", e->url);
    sd_buf_putc(b, ',');
    json_str(b, "cameo", e->cameo);
    sd_buf_putc(b, ',');
    json_str(b, "mood", mood_name(e->mood));
    sd_buf_putc(b, ',');
    json_count(b, "num_mentions", e->num_mentions);
    sd_buf_putc(b, ',');
    json_count(b, "num_sources", e->num_sources);
    sd_buf_putc(b, ',');
    json_count(b, "num_articles", e->num_articles);
    sd_buf_puts(b, "}\n");
}

static const char *event_date(const saydo_event *ev, const saydo_article *article)
{
    if (ev->date && *ev->date)
        return ev->date;
    return saydo_article_date(article);
}

/* A coded event as a record: not stored, so no ids and no counts. */
static void event_record(sd_event_record *r, const saydo_article *article,
                         const saydo_result *result, const saydo_event *ev, const char *plover_id)
{
    const saydo_sentence *s = saydo_result_sentence(result, ev->sentence);
    const saydo_cameo_info *info = ev->info;
    memset(r, 0, sizeof *r);
    r->event_id = r->mention_id = -1;
    r->num_mentions = r->num_sources = r->num_articles = -1;
    r->article = saydo_article_id(article);
    r->sentence = (long)ev->sentence;
    r->sentence_text = s ? s->text : "";
    r->title = saydo_article_title(article);
    r->date = event_date(ev, article);
    r->date_intended = ev->date_intended;
    r->source = ev->source;
    r->source_text = ev->source_text;
    r->source_name = ev->source_name;
    r->target = ev->target;
    r->target_text = ev->target_text;
    r->target_name = ev->target_name;
    r->cameo = ev->cameo;
    r->root = info ? info->root : "";
    r->event_name = info ? info->name : "";
    r->quad = info ? (int)info->quad : 0;
    r->goldstein = info ? info->goldstein : 0.0;
    r->plover = info ? info->plover : "";
    r->plover_mode = info && info->plover_mode ? info->plover_mode : "";
    r->plover_context = info && info->plover_context ? info->plover_context : "";
    r->mood = ev->mood;
    r->location = &ev->location;
    r->attribution = ev->attribution;
    r->source_span = ev->source_span;
    r->target_span = ev->target_span;
    r->verb_span = ev->verb_span;
    r->pattern = ev->pattern;
    r->confidence = ev->confidence;
    r->url = saydo_article_url(article);
    r->outlet = saydo_article_outlet(article);
    r->plover_id = plover_id;
}

static void format_jsonl(sd_buf *b, const saydo_article *article, const saydo_result *result,
                         const saydo_event *ev)
{
    sd_event_record r;
    event_record(&r, article, result, ev, "");
    sd_output_event_json(b, &r);
}

/* PLOVER's id of a coded event: "saydo-ARTICLE-SENTENCE-INDEX". */
static void format_plover(sd_buf *b, const saydo_article *article, const saydo_result *result,
                          const saydo_event *ev, size_t index)
{
    char id[512];
    snprintf(id, sizeof id, "saydo-%.400s-%zu-%zu", saydo_article_id(article), ev->sentence,
             index);
    sd_event_record r;
    event_record(&r, article, result, ev, id);
    sd_output_event_plover(b, &r);
}

/* ---- GDELT 2.0 TSV ----------------------------------------------------- */

static const char *const gdelt_columns[] = {
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL"};

#define GDELT_NCOLS (sizeof gdelt_columns / sizeof gdelt_columns[0])

/* CAMEO actor codes are 3-letter blocks: a country or international code
 * first, then role (type) codes.  Blocks that are known groups rather than
 * countries start with these prefixes. */
static int is_group_prefix(const char *c)
{
    static const char *const groups[] = {"IGO", "NGO", "IMG", "MNC", "UIS", "UNO", NULL};
    for (size_t i = 0; groups[i]; i++)
        if (strncmp(c, groups[i], 3) == 0)
            return 1;
    return 0;
}

static int is_type_code(const char *c)
{
    static const char *const types[] = {"GOV", "MIL", "REB", "OPP", "COP", "JUD", "LEG", "BUS",
                                        "MED", "REF", "CVL", "INS", "SPY", "EDU", "ELI", "LAB",
                                        "HLH", "REL", "AGR", "CRM", "DEV", "ENV", "HRI", "MOD",
                                        "RAD", "SEP", "UAF", "AMN", "IRC", "GRP", "PTY",
                                        "MNC", "NGO", "IGO", "NGM", NULL};
    for (size_t i = 0; types[i]; i++)
        if (strncmp(c, types[i], 3) == 0)
            return 1;
    return 0;
}

/* Fill country, known group and up to three type codes from a CAMEO actor
 * code such as "USAGOV", "IGOUNO", "RUSMILREB". */
static void split_actor(const char *code, char country[4], char group[4], char types[3][4])
{
    country[0] = group[0] = '\0';
    for (int i = 0; i < 3; i++)
        types[i][0] = '\0';
    size_t n = code ? strlen(code) : 0;
    int ntypes = 0;
    for (size_t i = 0; i + 3 <= n; i += 3) {
        char blk[4] = {code[i], code[i + 1], code[i + 2], '\0'};
        if (i == 0 && !is_type_code(blk) && !is_group_prefix(blk)) {
            memcpy(country, blk, 4);
        } else if (is_group_prefix(blk) && !group[0] && strcmp(blk, "IGO") != 0 &&
                   strcmp(blk, "NGO") != 0) {
            memcpy(group, blk, 4);
        } else if (i > 0 && !is_type_code(blk) && !group[0]) {
            memcpy(group, blk, 4);
        } else if (ntypes < 3) {
            memcpy(types[ntypes++], blk, 4);
        }
    }
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static void tsv_field(sd_buf *b, const char *s)
{
    /* TSV cannot quote: tabs and newlines inside a field become spaces. */
    for (; s && *s; s++)
        sd_buf_putc(b, (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s);
}

/* GDELT writes actor names in capitals ("VLADIMIR PUTIN"). */
static void tsv_name(sd_buf *b, const char *name)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(name ? name : "");
    utf8proc_ssize_t n = (utf8proc_ssize_t)strlen((const char *)p);
    while (n > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, n, &cp);
        if (k <= 0) {
            k = 1;
            cp = 0xFFFD;
        }
        if (cp == '\t' || cp == '\n' || cp == '\r')
            cp = ' ';
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), enc);
        sd_buf_append(b, enc, (size_t)m);
        p += k;
        n -= k;
    }
}

static void tsv_actor(sd_buf *b, const char *code, const char *name)
{
    char country[4], group[4], types[3][4];
    split_actor(code, country, group, types);
    tsv_field(b, code);             /* ActorCode */
    sd_buf_putc(b, '\t');           /* ActorName: the canonical name */
    tsv_name(b, name);
    sd_buf_putc(b, '\t');
    tsv_field(b, country);
    sd_buf_putc(b, '\t');
    tsv_field(b, group);
    sd_buf_puts(b, "\t\t\t\t");     /* Ethnic, Religion1, Religion2 */
    tsv_field(b, types[0]);
    sd_buf_putc(b, '\t');
    tsv_field(b, types[1]);
    sd_buf_putc(b, '\t');
    tsv_field(b, types[2]);
    sd_buf_putc(b, '\t');
}

static int day_of_year(int y, int m, int d)
{
    static const int cum[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return cum[(m - 1) % 12] + d + (leap && m > 2);
}

/* GDELT's eight ActionGeo columns: Type (1 country, 2 US state, 3 US city,
 * 4 world city, 5 world state), FullName, CountryCode, ADM1Code, ADM2Code,
 * Lat, Long, FeatureID.  GDELT writes FIPS 10-4 country codes; saydo
 * writes ISO 3166-1 alpha-3 (CountryCode) and ISO 3166-2 (ADM1Code), and
 * as FeatureID the GeoNames id of a city, the code of a country or state
 * (docs/places.md). */
static void tsv_action_geo(sd_buf *b, const saydo_coder *coder, const saydo_location *loc)
{
    if (loc->precision == SAYDO_GEO_NONE) {
        sd_buf_puts(b, "\t\t\t\t\t\t\t\t");
        return;
    }
    int us = strcmp(loc->country, "USA") == 0;
    int type = loc->precision == SAYDO_GEO_COUNTRY  ? 1
               : loc->precision == SAYDO_GEO_ADMIN1 ? (us ? 2 : 5)
                                                    : (us ? 3 : 4);
    const sd_place *c = coder ? sd_gazetteer_country(coder->gaz, loc->country) : NULL;
    sd_buf_printf(b, "%d\t", type);
    tsv_field(b, loc->name);
    if (loc->precision != SAYDO_GEO_COUNTRY && c) {
        sd_buf_puts(b, ", ");
        tsv_field(b, c->name);
    }
    sd_buf_putc(b, '\t');
    tsv_field(b, loc->country);
    sd_buf_putc(b, '\t');
    tsv_field(b, loc->admin1);
    sd_buf_printf(b, "\t\t%.5f\t%.5f\t", loc->lat, loc->lon);
    if (loc->precision == SAYDO_GEO_COUNTRY) {
        tsv_field(b, loc->country);
    } else if (loc->precision == SAYDO_GEO_ADMIN1) {
        tsv_field(b, loc->admin1);
    } else if (coder && coder->gaz) {
        /* the city's GeoNames id: the gazetteer row with this name here */
        char key[256];
        long kn = sd_gazetteer_fold(loc->name, strlen(loc->name), key, sizeof key);
        const uint32_t *idx = NULL;
        size_t n = kn > 0 ? sd_gazetteer_find(coder->gaz, key, (size_t)kn, &idx) : 0;
        for (size_t i = 0; i < n; i++) {
            const sd_place *p = sd_gazetteer_place(coder->gaz, idx[i]);
            if (p->kind == SD_PLACE_CITY && p->lat == loc->lat && p->lon == loc->lon &&
                strcmp(p->country, loc->country) == 0) {
                sd_buf_printf(b, "%u", (unsigned)p->id);
                break;
            }
        }
    }
    sd_buf_putc(b, '\t');
}

static void format_tsv(sd_buf *b, const saydo_coder *coder, const saydo_article *article,
                       const saydo_result *result, const saydo_event *ev, size_t index)
{
    char idx[32];
    snprintf(idx, sizeof idx, "%zu:%zu", ev->sentence, index);
    uint64_t h = fnv1a(fnv1a(1469598103934665603ULL, saydo_article_id(article)), idx);
    sd_buf_printf(b, "%llu\t", (unsigned long long)(h & ((1ULL << 53) - 1)));
    const char *date = event_date(ev, article);
    int y = 0, m = 0, d = 0;
    if (date && sscanf(date, "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12) {
        sd_buf_printf(b, "%04d%02d%02d\t%04d%02d\t%04d\t%.4f\t", y, m, d, y, m, y,
                      y + (day_of_year(y, m, d) - 1) / 365.0);
    } else {
        sd_buf_puts(b, "\t\t\t\t");
    }
    tsv_actor(b, ev->source, ev->source_name);
    tsv_actor(b, ev->target, ev->target_name);
    const saydo_cameo_info *info = ev->info;
    char base[4] = "";
    snprintf(base, sizeof base, "%.3s", ev->cameo);
    sd_buf_printf(b, "1\t%s\t%s\t%s\t%d\t%.1f\t1\t1\t1\t\t", ev->cameo, base,
                  info ? info->root : "", info ? (int)info->quad : 0,
                  info ? info->goldstein : 0.0);
    /* Actor1Geo, Actor2Geo: 2 x 8 empty (saydo does not place actors). */
    for (int i = 0; i < 16; i++)
        sd_buf_putc(b, '\t');
    tsv_action_geo(b, coder, &ev->location);
    if (y)
        sd_buf_printf(b, "%04d%02d%02d000000\t", y, m, d);
    else
        sd_buf_putc(b, '\t');
    tsv_field(b, saydo_article_url(article));
    sd_buf_putc(b, '\n');
    (void)result;
}

/* ---- table ------------------------------------------------------------- */

void sd_output_pad(sd_buf *b, const char *s, int width)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        if ((*p & 0xC0) != 0x80) {
            if (n == width)
                break;
            n++;
        }
        sd_buf_putc(b, (char)*p);
    }
    for (; n < width; n++)
        sd_buf_putc(b, ' ');
}

static void format_table(sd_buf *b, const saydo_article *article, const saydo_result *result,
                         const saydo_event *ev)
{
    const saydo_sentence *s = saydo_result_sentence(result, ev->sentence);
    const char *date = event_date(ev, article);
    sd_output_pad(b, date && *date ? date : "-", 10);
    sd_buf_putc(b, ' ');
    sd_output_pad(b, ev->source && *ev->source ? ev->source : "-", 9);
    sd_buf_putc(b, ' ');
    sd_output_pad(b, ev->target && *ev->target ? ev->target : "-", 9);
    sd_buf_putc(b, ' ');
    sd_output_pad(b, ev->cameo, 5);
    sd_buf_putc(b, ' ');
    sd_output_pad(b, ev->info ? ev->info->name : "", 34);
    sd_buf_putc(b, ' ');
    sd_output_pad(b, mood_name(ev->mood), 8);
    sd_buf_putc(b, ' ');
    /* the sentence, shortened, on one line */
    const char *text = s ? s->text : "";
    char line[73];
    size_t n = 0;
    for (const char *p = text; *p && n < 72; p++)
        line[n++] = (*p == '\n' || *p == '\t') ? ' ' : *p;
    while (n > 0 && ((unsigned char)line[n - 1] & 0xC0) == 0x80)
        n--;
    if (n > 0 && ((unsigned char)line[n - 1] & 0xC0) == 0xC0)
        n--;
    line[n] = '\0';
    sd_buf_puts(b, line);
    if (strlen(text) > n)
        sd_buf_puts(b, "...");
    sd_buf_putc(b, '\n');
}

int saydo_write_header(FILE *out, saydo_output_format format, saydo_error *err)
{
    sd_buf b = SD_BUF_INIT;
    if (format == SAYDO_OUTPUT_TSV) {
        for (size_t i = 0; i < GDELT_NCOLS; i++) {
            sd_buf_puts(&b, gdelt_columns[i]);
            sd_buf_putc(&b, i + 1 < GDELT_NCOLS ? '\t' : '\n');
        }
    } else if (format == SAYDO_OUTPUT_TABLE) {
        sd_buf_puts(&b, "date       source    target    code  event                              "
                        "mood     sentence\n");
    }
    int rc = 0;
    if (b.failed)
        rc = sd_error_nomem(err);
    else if (b.len && fwrite(b.data, 1, b.len, out) != b.len)
        rc = sd_error_set(err, SAYDO_ERR_IO, NULL, 0, -1, "write failed");
    sd_buf_free(&b);
    return rc;
}

int saydo_write_events(FILE *out, saydo_output_format format, const saydo_coder *coder,
                       const saydo_article *article, const saydo_result *result,
                       saydo_error *err)
{
    (void)coder;
    sd_buf b = SD_BUF_INIT;
    int rc = 0;
    for (size_t i = 0; i < saydo_result_event_count(result) && !rc; i++) {
        const saydo_event *ev = saydo_result_event(result, i);
        sd_buf_clear(&b);
        switch (format) {
        case SAYDO_OUTPUT_TSV: format_tsv(&b, coder, article, result, ev, i); break;
        case SAYDO_OUTPUT_TABLE: format_table(&b, article, result, ev); break;
        case SAYDO_OUTPUT_PLOVER: format_plover(&b, article, result, ev, i); break;
        default: format_jsonl(&b, article, result, ev); break;
        }
        if (b.failed)
            rc = sd_error_nomem(err);
        else if (fwrite(b.data, 1, b.len, out) != b.len)
            rc = sd_error_set(err, SAYDO_ERR_IO, NULL, 0, -1, "write failed");
    }
    sd_buf_free(&b);
    return rc;
}

/* ---- shared with store_output.c (output.h) ---------------------------- */

void sd_output_gdelt_actor(sd_buf *b, const char *code, const char *name)
{
    tsv_actor(b, code, name);
}

const char *sd_output_gdelt_column(size_t i) { return i < GDELT_NCOLS ? gdelt_columns[i] : NULL; }
