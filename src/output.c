/*
 * output.c -- the one writer of each output format, for a coded event and
 * a stored one alike (output.h): saydo's JSON event record (docs/schema.md,
 * docs/event.schema.json), PLOVER JSON (docs/schema.md, "PLOVER"), GDELT
 * 2.0 event TSV (all 61 columns of the GDELT 2.0 event codebook; docs/
 * schema.md says how each is filled), CSV and an aligned table for people.
 *
 * Each event is formatted completely into a buffer and then written with
 * one fwrite, so a failed or interrupted write never leaves half a line
 * followed by more output; the caller flushes per article.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "article.h"
#include "buf.h"
#include "country.h"
#include "error.h"
#include "output.h"
#include "result.h"

/* ---- JSON ---------------------------------------------------------------- */

/* "key": written without printf (this runs a dozen times per event). */
static void json_key(sd_buf *b, const char *key)
{
    /* one reservation and copy (the key is a constant: its length folds) */
    size_t n = strlen(key);
    if (sd_buf_reserve(b, n + 3))
        return;
    char *p = b->data + b->len;
    p[0] = '"';
    memcpy(p + 1, key, n);
    p[n + 1] = '"';
    p[n + 2] = ':';
    b->len += n + 3;
    b->data[b->len] = '\0';
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

/* v as "%.1f" (decimals 1) or "%.2f" (decimals 2) writes it, into out
 * (NUL-terminated); returns the length, or 0 when v is out of the range
 * this handles exactly (the caller then uses printf).  Exact: v times 10
 * or 100 is exact in long double's 64-bit significand (53 + 7 bits), and
 * nearbyintl rounds half to even in the default rounding mode, as glibc's
 * printf rounds the exact binary value. */
static size_t fixed_format(double v, int decimals, char out[32])
{
#if LDBL_MANT_DIG >= 64
    if (!(v > -1e15 && v < 1e15))
        return 0; /* NaN, infinities, huge values */
    long double scaled = (long double)v * (decimals == 1 ? 10.0L : 100.0L);
    long double r = nearbyintl(scaled);
    unsigned long long u = (unsigned long long)(r < 0 ? -r : r);
    char digits[32];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u || n <= (size_t)decimals);
    size_t len = 0;
    if (signbit(v))
        out[len++] = '-';
    while (n > 0) {
        if (n == (size_t)decimals)
            out[len++] = '.';
        out[len++] = digits[--n];
    }
    out[len] = '\0';
    return len;
#else
    (void)v, (void)decimals, (void)out;
    return 0;
#endif
}

/* "%.1f" / "%.2f" of v, as printf writes it (fixed_format, else printf). */
static void put_fixed(sd_buf *b, double v, int decimals)
{
    char text[32];
    size_t n = fixed_format(v, decimals, text);
    if (n)
        sd_buf_append(b, text, n);
    else
        sd_buf_printf(b, decimals == 1 ? "%.1f" : "%.2f", v);
}

/* v in decimal, as "%d" writes it. */
static void put_int(sd_buf *b, int v)
{
    if (v < 0)
        sd_buf_putc(b, '-');
    put_size(b, v < 0 ? (size_t)0 - (size_t)(unsigned)v : (size_t)v);
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

/* A tone (-100..100) with two decimals, as "%.2f" writes it; "null" for
 * NAN (no lexicon) in JSON, nothing in TSV and CSV (null_text NULL). */
static void put_tone_or(sd_buf *b, double tone, const char *null_text)
{
    if (isnan(tone)) {
        if (null_text)
            sd_buf_puts(b, null_text);
        return;
    }
    put_fixed(b, fabs(tone) < 0.005 ? 0.0 : tone, 2); /* no "-0.00" */
}

static void put_tone(sd_buf *b, double tone) { put_tone_or(b, tone, "null"); }

/* "key":{"name","country","admin1","lat","lon","precision"} or null;
 * PLOVER's eventLoc has "country code" (ISO alpha-2) for "country" (ISO
 * alpha-3). */
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
    if (plover) {
        /* PLOVER's "country code" is ISO 3166-1 alpha-2 */
        const sd_country *c = sd_country_by_iso3(loc->country);
        json_text(b, "country code", c ? c->iso2 : "");
    } else {
        json_text(b, "country", loc->country);
    }
    sd_buf_putc(b, ',');
    json_text(b, "admin1", loc->admin1);
    sd_buf_puts(b, ",\"lat\":");
    put_deg5(b, loc->lat);
    sd_buf_puts(b, ",\"lon\":");
    put_deg5(b, loc->lon);
    sd_buf_putc(b, ',');
    json_str(b, "precision", saydo_geo_precision_name(loc->precision));
    sd_buf_putc(b, '}');
}

static void event_json(sd_buf *b, const sd_event_record *e)
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
    /* (printf's figures without printf: this runs for every event) */
    sd_buf_puts(b, ",\"quad_class\":");
    put_int(b, e->quad);
    sd_buf_puts(b, ",\"goldstein\":");
    put_fixed(b, e->goldstein, 1);
    sd_buf_putc(b, ',');
    json_text(b, "plover", e->plover);
    sd_buf_putc(b, ',');
    json_text(b, "plover_mode", e->plover_mode);
    sd_buf_putc(b, ',');
    json_text(b, "plover_context", e->plover_context);
    sd_buf_putc(b, ',');
    json_str(b, "mood", saydo_mood_name(e->mood));
    sd_buf_putc(b, ',');
    json_location(b, "location", e->location, 0);
    sd_buf_putc(b, ',');
    json_location(b, "source_location", e->source_location, 0);
    sd_buf_putc(b, ',');
    json_location(b, "target_location", e->target_location, 0);
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
    sd_buf_puts(b, ",\"confidence\":");
    put_fixed(b, e->confidence, 2);
    sd_buf_puts(b, ",\"avg_tone\":");
    put_tone(b, e->avg_tone);
    sd_buf_putc(b, ',');
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
static void event_plover(sd_buf *b, const sd_event_record *e)
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
    json_str(b, "mood", saydo_mood_name(e->mood));
    sd_buf_putc(b, ',');
    json_count(b, "num_mentions", e->num_mentions);
    sd_buf_putc(b, ',');
    json_count(b, "num_sources", e->num_sources);
    sd_buf_putc(b, ',');
    json_count(b, "num_articles", e->num_articles);
    sd_buf_puts(b, "}\n");
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

/* GDELT's actor columns from a CAMEO actor code, read as CAMEO builds one
 * (data/actors/organisations.dict says how saydo's dictionaries do):
 *   country or region + role types          USAGOV, RUSMILREB, EURGOV
 *   country + role + known group            PSEREBHMS, AFGINSTAL
 *   IGO + [region] + [UN + sector] + group   IGOEUREEC, IGOUNOREFHCR
 *   NGO + sector + group                    NGOHRIAMN
 *   IMG + [religion] + group                IMGMUSALQ
 * The first block is the country (or region) unless it is a type; a later
 * block is a role type, a religion, a country or region (the first such
 * fills CountryCode), or -- the last block that is none of these -- the
 * known group.  AMN, IRC and UNO are both types and known groups in
 * CAMEO: the last block of a code they are the group, else a type (the UN
 * of IGOUNOWFP is a type, WFP the group); GRP is a type only.  TEST(gdelt_actor_columns) checks
 * every code of the dictionaries against CAMEO's tables in ../shared. */
static int block_in(const char *blk, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (memcmp(blk, list[i], 3) == 0)
            return 1;
    return 0;
}

/* CAMEO's role and sector types, and the prefixes of codes without a
 * country (IGO, NGO, IMG, ...). */
static const char *const role_types[] = {
    "GOV", "MIL", "REB", "OPP", "COP", "JUD", "LEG", "BUS", "MED", "REF", "CVL", "INS", "SPY",
    "EDU", "ELI", "LAB", "HLH", "REL", "AGR", "CRM", "DEV", "ENV", "HRI", "MOD", "RAD", "SEP",
    "UAF", "PTY", "SET", "PKO", "GRP", "IGO", "NGO", "IMG", "MNC", "NGM", "UIS", "INT", NULL};
/* types that are known groups too: a known group when last */
static const char *const group_types[] = {"AMN", "IRC", "UNO", NULL};
/* religions saydo's dictionaries use: CAMEO's Muslim (MOS; MUS in some
 * dictionaries), Christian, Jewish, Hindu, Buddhist */
static const char *const religions[] = {"MOS", "MUS", "CHR", "JEW", "HIN", "BUD", NULL};

typedef struct actor_columns {
    char country[4], group[4], ethnic[4], religion[2][4], types[3][4];
} actor_columns;

static void split_actor(const char *code, actor_columns *c)
{
    memset(c, 0, sizeof *c);
    size_t n = code ? strlen(code) : 0;
    int ntypes = 0, nrel = 0;
    for (size_t i = 0; i + 3 <= n; i += 3) {
        char blk[4] = {code[i], code[i + 1], code[i + 2], '\0'};
        int last = i + 6 > n;
        if (block_in(blk, role_types) || (!last && block_in(blk, group_types))) {
            if (ntypes < 3)
                memcpy(c->types[ntypes++], blk, 4);
        } else if (i > 0 && block_in(blk, religions)) {
            if (nrel < 2)
                memcpy(c->religion[nrel++], blk, 4);
        } else if (i == 0 || (!c->country[0] && (!last || sd_country_by_iso3(blk)))) {
            memcpy(c->country, blk, 4); /* a country, or a region (EUR, WST) */
        } else if (!c->group[0]) {
            memcpy(c->group, blk, 4);
        } else if (ntypes < 3) {
            memcpy(c->types[ntypes++], blk, 4);
        }
    }
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
    actor_columns c;
    split_actor(code, &c);
    tsv_field(b, code);             /* ActorCode */
    sd_buf_putc(b, '\t');           /* ActorName: the canonical name */
    tsv_name(b, name);
    const char *cols[] = {c.country, c.group, c.ethnic, c.religion[0], c.religion[1],
                          c.types[0], c.types[1], c.types[2]};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        sd_buf_putc(b, '\t');
        tsv_field(b, cols[i]);
    }
    sd_buf_putc(b, '\t');
}

/* SQLDATE, MonthYear, Year and FractionDate of a YYYY-MM-DD date (four
 * empty columns for none).  FractionDate is the codebook's YYYY.FFFF with
 * FFFF = (MONTH * 30 + DAY) / 365, its own approximation, kept as it is so
 * that saydo's rows sort with GDELT's. */
static void tsv_dates(sd_buf *b, const char *date)
{
    int y, m, d;
    if (!sd_date_split(date, &y, &m, &d)) {
        sd_buf_puts(b, "\t\t\t\t");
        return;
    }
    sd_buf_printf(b, "%04d%02d%02d\t%04d%02d\t%04d\t%.4f\t", y, m, d, y, m, y,
                  y + (m * 30 + d) / 365.0);
}

/* A count as GDELT counts: a coded event not yet stored (-1) is one
 * mention in one source and one article. */
static long gdelt_count(long n)
{
    return n < 0 ? 1 : n;
}

/* GDELT's eight geography columns of a place: Type (1 country, 2 US
 * state, 3 US city, 4 world city, 5 world state), FullName, CountryCode
 * (FIPS 10-4), ADM1Code (FIPS country code and subdivision: "USTX",
 * "TU34"; the country's code for a country; loc_adm1, the coder's, where
 * it starts with the country's FIPS code), ADM2Code, Lat, Long, FeatureID
 * (the ADM1 code of a country or state; empty for a city, whose GNS
 * feature id saydo does not know -- its gazetteer holds GeoNames ids,
 * another numbering).  NULL or no place: eight empty columns. */
static void tsv_geo(sd_buf *b, const saydo_location *loc, const char *loc_adm1)
{
    if (!loc || loc->precision == SAYDO_GEO_NONE) {
        sd_buf_puts(b, "\t\t\t\t\t\t\t\t");
        return;
    }
    const sd_country *c = sd_country_by_iso3(loc->country);
    const char *fips = c ? c->fips : "";
    int us = loc->country && strcmp(loc->country, "USA") == 0;
    int type = loc->precision == SAYDO_GEO_COUNTRY  ? 1
               : loc->precision == SAYDO_GEO_ADMIN1 ? (us ? 2 : 5)
                                                    : (us ? 3 : 4);
    /* the coder's code (the gazetteer's: places outside the US too); for
     * a location without one (stored by an older saydo), the country's
     * or the US state's */
    char adm1[16] = "";
    if (loc_adm1 && *loc_adm1 && *fips && strncmp(loc_adm1, fips, strlen(fips)) == 0)
        snprintf(adm1, sizeof adm1, "%s", loc_adm1);
    else if (type == 1)
        snprintf(adm1, sizeof adm1, "%s", fips);
    else if (us && *fips && loc->admin1 && strncmp(loc->admin1, "US-", 3) == 0)
        snprintf(adm1, sizeof adm1, "%s%.4s", fips, loc->admin1 + 3);
    sd_buf_printf(b, "%d\t", type);
    if (type == 1) {
        tsv_field(b, c ? c->name : loc->name);
    } else {
        tsv_field(b, loc->name);
        if (c) {
            sd_buf_puts(b, ", ");
            tsv_field(b, c->name);
        }
    }
    sd_buf_printf(b, "\t%s\t%s\t\t%.4f\t%.4f\t%s\t", fips, adm1, loc->lat, loc->lon,
                  type == 3 || type == 4 ? "" : adm1);
}

/* "2024-03-05T10:20:30Z" -> "20240305102030"; "" stays "". */
static void tsv_added(sd_buf *b, const char *added)
{
    for (const char *p = added; p && *p && *p != 'Z'; p++)
        if (*p >= '0' && *p <= '9')
            sd_buf_putc(b, *p);
}

static void event_gdelt(sd_buf *b, const sd_event_record *e)
{
    sd_buf_printf(b, "%llu\t", e->gdelt_id);
    tsv_dates(b, e->date);
    tsv_actor(b, e->source, e->source_name);
    tsv_actor(b, e->target, e->target_name);
    char base[4];
    snprintf(base, sizeof base, "%.3s", e->cameo ? e->cameo : "");
    /* IsRootEvent: in the headline or the first sentence, GDELT's "lead"
     * of the article.  AvgTone: the article's tone (tone.h), two
     * decimals; empty when unknown. */
    sd_buf_printf(b, "%d\t", e->sentence <= 1 ? 1 : 0);
    tsv_field(b, e->cameo);
    sd_buf_printf(b, "\t%s\t", base);
    tsv_field(b, e->root);
    sd_buf_printf(b, "\t%d\t%.1f\t%ld\t%ld\t%ld\t", e->quad, e->goldstein,
                  gdelt_count(e->num_mentions), gdelt_count(e->num_sources),
                  gdelt_count(e->num_articles));
    put_tone_or(b, e->avg_tone, NULL);
    sd_buf_putc(b, '\t');
    tsv_geo(b, e->source_location, e->source_location_adm1);
    tsv_geo(b, e->target_location, e->target_location_adm1);
    tsv_geo(b, e->location, e->location_adm1);
    tsv_added(b, e->added);
    sd_buf_putc(b, '\t');
    tsv_field(b, e->url);
    sd_buf_putc(b, '\n');
}

/* ---- table ------------------------------------------------------------- */

static void pad(sd_buf *b, const char *s, int width)
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

static void event_table(sd_buf *b, const sd_event_record *e)
{
    char n[24];
    pad(b, e->date && *e->date ? e->date : "-", 10);
    sd_buf_putc(b, ' ');
    pad(b, e->source && *e->source ? e->source : "-", 9);
    sd_buf_putc(b, ' ');
    pad(b, e->target && *e->target ? e->target : "-", 9);
    sd_buf_putc(b, ' ');
    pad(b, e->cameo, 5);
    sd_buf_putc(b, ' ');
    pad(b, e->event_name, 34);
    sd_buf_putc(b, ' ');
    pad(b, saydo_mood_name(e->mood), 8);
    sd_buf_putc(b, ' ');
    snprintf(n, sizeof n, "%ld", gdelt_count(e->num_mentions));
    pad(b, n, 4);
    sd_buf_putc(b, ' ');
    pad(b, e->location && *e->location->country ? e->location->country : "-", 3);
    sd_buf_putc(b, ' ');
    /* the sentence, shortened, on one line */
    const char *text = e->sentence_text ? e->sentence_text : "";
    char line[73];
    size_t len = 0;
    for (const char *p = text; *p && len < 72; p++)
        line[len++] = (*p == '\n' || *p == '\t' || *p == '\r') ? ' ' : *p;
    while (len > 0 && ((unsigned char)line[len - 1] & 0xC0) == 0x80)
        len--;
    if (len > 0 && ((unsigned char)line[len - 1] & 0xC0) == 0xC0)
        len--;
    line[len] = '\0';
    sd_buf_puts(b, line);
    if (strlen(text) > len)
        sd_buf_puts(b, "...");
    sd_buf_putc(b, '\n');
}

/* ---- CSV ---------------------------------------------------------------- */

static const char csv_header[] =
    "event_id,mention_id,date,source,target,cameo,root,quad_class,goldstein,plover,mood,"
    "num_mentions,num_sources,num_articles,country,location,outlet,url,article,sentence,"
    "sentence_text,source_name,target_name,avg_tone\n";

/* A field quoted (RFC 4180) when it holds a comma, quote or line break. */
static void csv_field(sd_buf *b, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\n\r")) {
        sd_buf_puts(b, s);
        return;
    }
    sd_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            sd_buf_putc(b, '"');
        sd_buf_putc(b, *s);
    }
    sd_buf_putc(b, '"');
}

/* A count or id, empty when negative (not stored). */
static void csv_count(sd_buf *b, long long v)
{
    if (v >= 0)
        sd_buf_printf(b, "%lld", v);
}

static void event_csv(sd_buf *b, const sd_event_record *e)
{
    const saydo_location *loc = e->location;
    csv_count(b, e->event_id);
    sd_buf_putc(b, ',');
    csv_count(b, e->mention_id);
    sd_buf_putc(b, ',');
    csv_field(b, e->date);
    sd_buf_putc(b, ',');
    csv_field(b, e->source);
    sd_buf_putc(b, ',');
    csv_field(b, e->target);
    sd_buf_putc(b, ',');
    csv_field(b, e->cameo);
    sd_buf_putc(b, ',');
    csv_field(b, e->root);
    sd_buf_printf(b, ",%d,%.1f,", e->quad, e->goldstein);
    csv_field(b, e->plover);
    sd_buf_printf(b, ",%s,", saydo_mood_name(e->mood));
    csv_count(b, e->num_mentions);
    sd_buf_putc(b, ',');
    csv_count(b, e->num_sources);
    sd_buf_putc(b, ',');
    csv_count(b, e->num_articles);
    sd_buf_putc(b, ',');
    if (loc && loc->precision != SAYDO_GEO_NONE) {
        csv_field(b, loc->country);
        sd_buf_putc(b, ',');
        csv_field(b, loc->name);
    } else {
        sd_buf_putc(b, ',');
    }
    sd_buf_putc(b, ',');
    csv_field(b, e->outlet);
    sd_buf_putc(b, ',');
    csv_field(b, e->url);
    sd_buf_putc(b, ',');
    csv_field(b, e->article);
    sd_buf_putc(b, ',');
    csv_count(b, e->sentence);
    sd_buf_putc(b, ',');
    csv_field(b, e->sentence_text);
    sd_buf_putc(b, ',');
    csv_field(b, e->source_name);
    sd_buf_putc(b, ',');
    csv_field(b, e->target_name);
    sd_buf_putc(b, ',');
    put_tone_or(b, e->avg_tone, NULL);
    sd_buf_putc(b, '\n');
}

void sd_output_event(sd_buf *b, saydo_output_format format, const sd_event_record *e)
{
    switch (format) {
    case SAYDO_OUTPUT_CSV: event_csv(b, e); break;
    case SAYDO_OUTPUT_TSV: event_gdelt(b, e); break;
    case SAYDO_OUTPUT_TABLE: event_table(b, e); break;
    case SAYDO_OUTPUT_PLOVER: event_plover(b, e); break;
    default: event_json(b, e); break;
    }
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
                        "mood     n    geo sentence\n");
    } else if (format == SAYDO_OUTPUT_CSV) {
        sd_buf_puts(&b, csv_header);
    }
    int rc = 0;
    if (b.failed)
        rc = sd_error_nomem(err);
    else if (b.len && fwrite(b.data, 1, b.len, out) != b.len)
        rc = sd_error_set(err, SAYDO_ERR_IO, NULL, 0, -1, "write failed");
    sd_buf_free(&b);
    return rc;
}

/* ---- coded events ------------------------------------------------------ */

static const char *event_date(const saydo_event *ev, const saydo_article *article)
{
    if (ev->date && *ev->date)
        return ev->date;
    return saydo_article_date(article);
}

/* v in decimal at out (no NUL), as "%zu" writes it; returns the length
 * (at most 20). */
static size_t put_decimal(char *out, size_t v)
{
    char digits[24];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        out[i] = digits[n - 1 - i];
    return n;
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

/* A coded event as a record: not stored, so no ids and no counts.  Its
 * GDELT id is a hash of the article id, sentence and index (53 bits, so a
 * spreadsheet keeps it exact); its PLOVER id "saydo-ARTICLE-SENTENCE-INDEX". */
static void event_record(sd_event_record *r, const saydo_article *article,
                         const saydo_result *result, const saydo_event *ev, size_t index,
                         char *plover_id, size_t plover_id_size, const char *added)
{
    const saydo_sentence *s = saydo_result_sentence(result, ev->sentence);
    const saydo_cameo_info *info = ev->info;
    memset(r, 0, sizeof *r);
    /* what snprintf "%zu:%zu" and "saydo-%.400s-%zu-%zu" write, without
     * it: this runs for every event */
    char idx[48];
    size_t n = put_decimal(idx, ev->sentence);
    idx[n++] = ':';
    n += put_decimal(idx + n, index);
    idx[n] = '\0';
    const char *id = saydo_article_id(article);
    uint64_t h = fnv1a(fnv1a(1469598103934665603ULL, id), idx);
    char full[6 + 400 + 2 * 22];
    size_t id_len = strnlen(id, 400);
    memcpy(full, "saydo-", 6);
    memcpy(full + 6, id, id_len);
    n = 6 + id_len;
    full[n++] = '-';
    n += put_decimal(full + n, ev->sentence);
    full[n++] = '-';
    n += put_decimal(full + n, index);
    if (plover_id_size) {
        size_t keep = n < plover_id_size - 1 ? n : plover_id_size - 1;
        memcpy(plover_id, full, keep);
        plover_id[keep] = '\0';
    }
    r->event_id = r->mention_id = -1;
    r->gdelt_id = h & ((1ULL << 53) - 1);
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
    r->added = added;
    r->location_adm1 = ev->location_adm1;
    r->source_location = &ev->source_location;
    r->target_location = &ev->target_location;
    r->source_location_adm1 = ev->source_location_adm1;
    r->target_location_adm1 = ev->target_location_adm1;
    r->avg_tone = ev->avg_tone;
}

int saydo_write_events(FILE *out, saydo_output_format format, const saydo_coder *coder,
                       const saydo_article *article, const saydo_result *result,
                       saydo_error *err)
{
    (void)coder;
    if (!out || !article || !result)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "saydo_write_events: NULL argument");
    /* DATEADDED of events coded now: now, as the store stamps a put, or
     * SOURCE_DATE_EPOCH (seconds since 1970) when set, for output that
     * must be reproducible (reproducible-builds.org's convention) */
    char added[32] = "";
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    char *epoch_end = NULL;
    long long fixed = epoch && *epoch ? strtoll(epoch, &epoch_end, 10) : -1;
    time_t now = fixed >= 0 && epoch_end && !*epoch_end ? (time_t)fixed : time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm))
        strftime(added, sizeof added, "%Y-%m-%dT%H:%M:%SZ", &tm);
    sd_buf b = SD_BUF_INIT;
    char plover_id[512];
    int rc = 0;
    for (size_t i = 0; i < saydo_result_event_count(result) && !rc; i++) {
        sd_event_record r;
        event_record(&r, article, result, saydo_result_event(result, i), i, plover_id,
                     sizeof plover_id, added);
        sd_buf_clear(&b);
        sd_output_event(&b, format, &r);
        if (b.failed)
            rc = sd_error_nomem(err);
        else if (fwrite(b.data, 1, b.len, out) != b.len)
            rc = sd_error_set(err, SAYDO_ERR_IO, NULL, 0, -1, "write failed");
    }
    sd_buf_free(&b);
    return rc;
}
