/*
 * saydo.h -- the whole public API of libsaydo.
 *
 * saydo reads news text and codes political events in the CAMEO ontology:
 * who did what to whom, when and where, keeping apart what actors say from
 * what they do.
 *
 * Conventions
 *   - Functions return 0 (SAYDO_OK) or a negative SAYDO_ERR_* code.  Where a
 *     saydo_error pointer is taken it may be NULL; when not NULL it is filled
 *     on failure with the code, a message and, where known, the file, line and
 *     byte offset of the fault.
 *   - Handles are opaque.  Every handle returned by a *_new / *_open call is
 *     owned by the caller and freed with the matching *_free / *_close call.
 *   - Option structs carry a version field; initialise them with the
 *     matching SAYDO_*_INIT macro or *_init() function (the same values;
 *     the function is for languages that cannot use the macro) and then
 *     set the fields you need.
 *   - Every function here is marked SAYDO_API: the shared library exports
 *     these and nothing else (its internals are hidden).
 *   - Everything here is in version 0.1.0, the first release.
 *   - A saydo_coder is read-only once built and may be shared by threads;
 *     each thread codes with its own saydo_result.
 *
 * This header compiles as C99 and as C++.
 */
#ifndef SAYDO_H
#define SAYDO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks the library's exported functions.  libsaydo is compiled with
 * -fvisibility=hidden and SAYDO_BUILDING_LIBRARY, so only these are
 * exported from libsaydo.so. */
#if defined(__GNUC__) && __GNUC__ >= 4
#define SAYDO_API __attribute__((visibility("default")))
#else
#define SAYDO_API
#endif

#define SAYDO_VERSION_MAJOR 0
#define SAYDO_VERSION_MINOR 1
#define SAYDO_VERSION_PATCH 0
#define SAYDO_VERSION_STRING "0.1.0"

/* The library's version string, e.g. "0.1.0".  Static storage. */
SAYDO_API const char *saydo_version(void);

/* ---------------------------------------------------------------- errors */

enum {
    SAYDO_OK = 0,
    SAYDO_ERR_NOMEM = -1,   /* allocation failed; the handle is unusable    */
    SAYDO_ERR_IO = -2,      /* a file could not be opened, read or written  */
    SAYDO_ERR_PARSE = -3,   /* malformed input (JSON line, date, ...)       */
    SAYDO_ERR_UTF8 = -4,    /* input is not text (binary, NUL bytes)        */
    SAYDO_ERR_ARG = -5,     /* bad argument or option value                 */
    SAYDO_ERR_DICT = -6,    /* malformed dictionary or data file entry      */
    SAYDO_ERR_LIMIT = -7,   /* a size limit was exceeded                    */
    SAYDO_ERR_EMPTY = -8,   /* empty input where content was required       */
    SAYDO_ERR_INTERNAL = -9, /* a bug: please report it                     */
    SAYDO_ERR_TIMEOUT = -10 /* a store query ran past its time limit        */
};

#define SAYDO_ERROR_MESSAGE_MAX 512
#define SAYDO_ERROR_FILE_MAX 1024

/* An error with the place it happened.  line is 1-based (0 when unknown);
 * byte is the 0-based byte offset in the file (-1 when unknown). */
typedef struct saydo_error {
    int code;
    char message[SAYDO_ERROR_MESSAGE_MAX];
    char file[SAYDO_ERROR_FILE_MAX];
    long line;
    long long byte;
} saydo_error;

/* A short static description of an error code ("out of memory", ...). */
SAYDO_API const char *saydo_strerror(int code);

/* Format err as one line "file:line: message" (or "file: byte N: message",
 * or just "message") into buf of size n.  Returns buf. */
SAYDO_API char *saydo_error_format(const saydo_error *err, char *buf, size_t n);

/* ------------------------------------------------------------- articles */

/* An article: one news story with its metadata.  Built by a reader or by
 * saydo_article_new; freed with saydo_article_free. */
typedef struct saydo_article saydo_article;

/* Make an article from memory.  id, date (YYYY-MM-DD or NULL), title (NULL
 * when the text's first line is its headline) and text are copied; text_len
 * is its length in bytes.  On success *out is owned by the caller. */
SAYDO_API int saydo_article_new(const char *id, const char *date, const char *title,
                                const char *text, size_t text_len, saydo_article **out,
                                saydo_error *err);
SAYDO_API void saydo_article_free(saydo_article *article);

/* Every field of an article as its accessors give it back, so that an
 * article can be sent elsewhere (a work queue, another process) and made
 * again equal to the one read: saydo_article_new_fields(fields read with
 * the accessors) gives an article that codes and stores exactly as the
 * original does.  NULL strings are "". */
typedef struct saydo_article_fields {
    unsigned version;
    const char *id, *date, *title, *url, *outlet;
    const char *meta;          /* "" or a JSON object text                  */
    const char *file;          /* where it came from, or ""                 */
    long line;                 /* 1-based line in file, 0 when none         */
    const char *text;          /* the document as saydo_article_text gives
                                  it: a title is not joined to it again     */
    size_t text_len;
} saydo_article_fields;

#define SAYDO_ARTICLE_FIELDS_VERSION 1
#define SAYDO_ARTICLE_FIELDS_INIT \
    { SAYDO_ARTICLE_FIELDS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, 0 }

/* Fill *fields with SAYDO_ARTICLE_FIELDS_INIT's values. */
SAYDO_API void saydo_article_fields_init(saydo_article_fields *fields);

/* Make an article from all its fields (see saydo_article_fields).  Strings
 * are copied; invalid UTF-8 becomes U+FFFD.  Fails with ARG (unknown
 * version, bad date, negative line, meta not a JSON object), UTF8 (a NUL
 * byte in the text) or EMPTY (blank text), err saying which field.  On
 * success *out is owned by the caller (saydo_article_free).  Added in 0.4. */
SAYDO_API int saydo_article_new_fields(const saydo_article_fields *fields, saydo_article **out,
                                       saydo_error *err);

/* 1 when date is a calendar date written YYYY-MM-DD: four digits of year
 * (0001-9999), two of month, two of a day that month has (2024-02-29, not
 * 2022-02-30), nothing before or after; else 0 (NULL too).  The one check
 * behind article dates, the store filter's from and to, the CLI's --date,
 * --from and --to and the HTTP API's from and to. */
SAYDO_API int saydo_date_valid(const char *date);

/* Normalise a date as news sources write it to the UTC calendar day
 * YYYY-MM-DD in out (11 bytes): ISO 8601 with or without time and zone
 * ("2024-02-05", "2024-02-05T23:30:00-02:00" -> "2024-02-06"), YYYYMMDD,
 * and RFC 822/1123 ("Mon, 05 Feb 2024 14:30:00 GMT").  A time without a
 * zone is taken as UTC.  Returns 0, or SAYDO_ERR_PARSE (out is then "").
 * The one normaliser behind every reader's dates and --date. */
SAYDO_API int saydo_date_normalize(const char *text, char out[11]);

/* Accessors.  Returned strings are owned by the article and live as long as
 * it does; a missing field gives "" (never NULL). */
SAYDO_API const char *saydo_article_id(const saydo_article *article);
SAYDO_API const char *saydo_article_date(const saydo_article *article);
SAYDO_API const char *saydo_article_title(const saydo_article *article);
SAYDO_API const char *saydo_article_url(const saydo_article *article);
SAYDO_API const char *saydo_article_outlet(const saydo_article *article);
/* The article's extra JSON Lines fields as a JSON object text ("" if none). */
SAYDO_API const char *saydo_article_meta(const saydo_article *article);
/* The document that sentence and span offsets refer to: for plain text the
 * file's text; for a JSON line the title, a blank line, then the text. */
SAYDO_API const char *saydo_article_text(const saydo_article *article, size_t *len);
/* Where the article came from: file name and 1-based line. */
SAYDO_API const char *saydo_article_file(const saydo_article *article);
SAYDO_API long saydo_article_line(const saydo_article *article);

/* -------------------------------------------------------------- readers */

typedef enum saydo_input_format {
    SAYDO_INPUT_AUTO = 0, /* by extension, else by content (see below)     */
    SAYDO_INPUT_TEXT = 1, /* one article per file                          */
    SAYDO_INPUT_JSONL = 2,/* one article per line                          */
    SAYDO_INPUT_HTML = 3, /* a web page: one article, extracted            */
    SAYDO_INPUT_FEED = 4, /* RSS 2.0 or Atom: one article per item         */
    SAYDO_INPUT_CSV = 5,  /* header row, then one article per record       */
    SAYDO_INPUT_TSV = 6   /* the same, tab-separated                       */
} saydo_input_format;

/* AUTO chooses by extension: .jsonl .ndjson .json -> JSONL; .txt .text .md
 * -> TEXT; .html .htm .xhtml -> HTML; .rss .atom -> FEED; .xml -> FEED or
 * HTML by content; .csv -> CSV; .tsv .tab -> TSV.  Otherwise (and for
 * standard input) by content: '{' first -> JSONL; markup whose first
 * element is <rss>, <feed> or <rdf:RDF> -> FEED; a doctype or an <html>,
 * <head> or <body> element -> HTML; else TEXT. */

/* Which JSON key or CSV column holds each article field (JSONL, CSV, TSV).
 * NULL keeps the field's own name ("text", "date", ..., "source").  The
 * strings are copied by saydo_reader_open. */
typedef struct saydo_field_map {
    const char *id, *date, *title, *text, *url, *source;
} saydo_field_map;

typedef struct saydo_reader_options {
    unsigned version;
    saydo_input_format format;
    const char *date;          /* default article date (any form
                                  saydo_date_normalize takes), or NULL    */
    size_t max_article_bytes;  /* larger articles are refused (LIMIT)      */
    saydo_field_map fields;    /* version 2: the field mapping             */
} saydo_reader_options;

/* Version 1 (without fields) is still accepted. */
#define SAYDO_READER_OPTIONS_VERSION 2
#define SAYDO_DEFAULT_MAX_ARTICLE_BYTES ((size_t)16 * 1024 * 1024)
#define SAYDO_READER_OPTIONS_INIT                                                     \
    { SAYDO_READER_OPTIONS_VERSION, SAYDO_INPUT_AUTO, NULL, SAYDO_DEFAULT_MAX_ARTICLE_BYTES, \
      { NULL, NULL, NULL, NULL, NULL, NULL } }

/* Fill *opts with SAYDO_READER_OPTIONS_INIT's values. */
SAYDO_API void saydo_reader_options_init(saydo_reader_options *opts);

/* Set one field of map from "FIELD=NAME" (FIELD one of id, date, title,
 * text, url, source; outlet is source).  map keeps pointers into spec.
 * Returns 0, or SAYDO_ERR_ARG with err saying why. */
SAYDO_API int saydo_field_map_set(saydo_field_map *map, const char *spec, saydo_error *err);

/* A reader yields the articles of one input: a file, or standard input when
 * path is NULL or "-".  (Directories are walked by the CLI.) */
typedef struct saydo_reader saydo_reader;

/* Open path for reading.  On success *out is owned by the caller and freed
 * with saydo_reader_close.  Fails with IO when the file cannot be opened. */
SAYDO_API int saydo_reader_open(const char *path, const saydo_reader_options *opts,
                                saydo_reader **out, saydo_error *err);

/* Read the next article.  Returns 1 and sets *out (owned by the caller) when
 * an article was read, 0 at the end of the input, or a negative code when
 * the next record is malformed: err names file, line and byte.  After a
 * PARSE, UTF8, EMPTY or LIMIT error the reader has skipped the bad record
 * and reading may go on; after IO or NOMEM it may not. */
SAYDO_API int saydo_reader_next(saydo_reader *reader, saydo_article **out, saydo_error *err);

/* Number of invalid UTF-8 sequences replaced by U+FFFD so far, and the line
 * of the first one (0 if none).  The caller reports them as one warning. */
SAYDO_API long saydo_reader_invalid_utf8(const saydo_reader *reader, long *first_line);

SAYDO_API void saydo_reader_close(saydo_reader *reader);

/* ---------------------------------------------------------- CAMEO table */

typedef enum saydo_quad {
    SAYDO_QUAD_NONE = 0,
    SAYDO_QUAD_VERBAL_COOP = 1,
    SAYDO_QUAD_MATERIAL_COOP = 2,
    SAYDO_QUAD_VERBAL_CONFLICT = 3,
    SAYDO_QUAD_MATERIAL_CONFLICT = 4
} saydo_quad;

/* The quad class's name as saydo writes it: "verbal_coop",
 * "material_coop", "verbal_conflict", "material_conflict" ("none" for
 * NONE or an unknown value).  Static. */
SAYDO_API const char *saydo_quad_name(saydo_quad quad);

/* One row of the CAMEO event code table. */
typedef struct saydo_cameo_info {
    const char *code;     /* "0874": two to four digits, leading zeros kept */
    const char *name;     /* "Retreat or surrender militarily"             */
    const char *root;     /* "08"                                          */
    double goldstein;     /* GDELT's Goldstein value                       */
    saydo_quad quad;      /* by the CAMEO root range                       */
    const char *plover;   /* PLOVER event type, e.g. "RETREAT"; "" if none */
    /* The rest of the CAMEO->PLOVER mapping. */
    const char *plover_mode;    /* PLOVER mode ("visit" for 042), "" if none */
    const char *plover_context; /* PLOVER context(s), ','-separated
                                   ("military" for 0356), "" if none       */
} saydo_cameo_info;

/* ---------------------------------------------------------------- coder */

typedef struct saydo_coder_options {
    unsigned version;
    const char *data_dir;      /* the project's data/ directory; NULL for the
                                  built-in default (SAYDO_DATADIR)          */
    const char *cameo_file;    /* a CAMEO table overriding data/cameo.tsv   */
    const char *const *dicts;  /* extra dictionary files, NULL-terminated   */
    int no_default_dicts;      /* 1: load only the files in dicts           */
    int keep_going;            /* 1: a malformed dictionary line becomes a
                                  warning and is skipped (saydo actors check) */
    /* Version 2: */
    double min_confidence;     /* events whose confidence (saydo_event) is
                                  below this are left out; negative for the
                                  default: SAYDO_MIN_CONFIDENCE with the
                                  project's own dictionaries, 0 (keep all)
                                  with no_default_dicts (TABARI and PETRARCH
                                  projects).  0 keeps every event.         */
} saydo_coder_options;

/* The default minimum confidence: an event with no target or with a
 * source of no country in an article that names countries scores below
 * it (docs/coding-rules.md, "Confidence"). */
#define SAYDO_MIN_CONFIDENCE 0.6

#define SAYDO_CODER_OPTIONS_VERSION 2
#define SAYDO_CODER_OPTIONS_INIT { SAYDO_CODER_OPTIONS_VERSION, NULL, NULL, NULL, 0, 0, -1.0 }

/* Fill *opts with SAYDO_CODER_OPTIONS_INIT's values. */
SAYDO_API void saydo_coder_options_init(saydo_coder_options *opts);

/* A coder holds the CAMEO table and the compiled dictionaries.  Read-only
 * once built; share it between threads. */
typedef struct saydo_coder saydo_coder;

/* Build a coder.  On success *out is owned by the caller (saydo_coder_free).
 * A malformed data or dictionary line fails with DICT and err naming the
 * file and line. */
SAYDO_API int saydo_coder_new(const saydo_coder_options *opts, saydo_coder **out, saydo_error *err);
SAYDO_API void saydo_coder_free(saydo_coder *coder);

/* Number of warnings the coder collected while loading (conflicting
 * dictionary entries, ...) and the i-th one as a line of text owned by the
 * coder. */
SAYDO_API size_t saydo_coder_warning_count(const saydo_coder *coder);
SAYDO_API const char *saydo_coder_warning(const saydo_coder *coder, size_t i);

/* Look a CAMEO event code up ("0874", "87" is not accepted: leading zeros
 * are part of the code).  Returns a row owned by the coder or NULL. */
SAYDO_API const saydo_cameo_info *saydo_cameo_lookup(const saydo_coder *coder, const char *code);
SAYDO_API size_t saydo_cameo_count(const saydo_coder *coder);
SAYDO_API const saydo_cameo_info *saydo_cameo_at(const saydo_coder *coder, size_t i);

/* ---------------------------------------------------------------- actors */

/* What an actor phrase resolves to. */
typedef struct saydo_actor_info {
    const char *code;     /* CAMEO actor code on the date asked for        */
    const char *matched;  /* the text that matched                         */
    const char *file;     /* dictionary file of the head entry             */
    long line;            /* its 1-based line                              */
    const char *attrs;    /* the entry's attributes ("role=fm ...")        */
} saydo_actor_info;

/* Resolve an actor phrase ("Antony Blinken", "Russian officials") as the
 * coder would in running text, on date (YYYY-MM-DD, or NULL for undated).
 * Returns 1 and fills *out when found, 0 when the phrase names no actor, or
 * a negative code.  The strings in *out point into buf (n bytes, owned by
 * the caller; 1 KiB is plenty), so the coder stays read-only and shareable. */
SAYDO_API int saydo_actor_lookup(const saydo_coder *coder, const char *phrase, const char *date,
                                 saydo_actor_info *out, char *buf, size_t n, saydo_error *err);

/* --------------------------------------------------------------- results */

typedef enum saydo_sentence_kind {
    SAYDO_SENT_BODY = 0,
    SAYDO_SENT_HEADLINE = 1, /* headline or sub-headline: coded            */
    SAYDO_SENT_DATELINE = 2, /* "ANKARA, Turkey, Oct. 24 (AP) --": not coded */
    SAYDO_SENT_BYLINE = 3,   /* "By ...", "Author: ...": not coded         */
    SAYDO_SENT_BIO = 4       /* author biography, credits: not coded       */
} saydo_sentence_kind;

/* The kind's name as saydo prints it: "body", "headline", "dateline",
 * "byline", "bio" ("body" for an unknown value).  Static. */
SAYDO_API const char *saydo_sentence_kind_name(saydo_sentence_kind kind);

typedef enum saydo_mood {
    SAYDO_MOOD_ASSERTED = 0, /* the text states the act happened          */
    SAYDO_MOOD_INTENDED = 1, /* announced, planned, promised, threatened  */
    SAYDO_MOOD_REPORTED = 2, /* attributed to a third party's report      */
    SAYDO_MOOD_DENIED = 3    /* the actor denies or refuses it            */
} saydo_mood;

/* The mood's name as saydo writes it: "asserted", "intended", "reported",
 * "denied" ("asserted" for an unknown value).  Static. */
SAYDO_API const char *saydo_mood_name(saydo_mood mood);
/* The mood of a name saydo_mood_name gives (exact, lower case), or -1. */
SAYDO_API int saydo_mood_from_name(const char *name);

/* A byte span [start, end) in the article's document (saydo_article_text),
 * in the original bytes; start == end == 0 for none. */
typedef struct saydo_span {
    size_t start, end;
} saydo_span;

typedef struct saydo_sentence {
    size_t index;              /* 0-based in the article                    */
    size_t paragraph;          /* 0-based paragraph number                  */
    saydo_sentence_kind kind;
    saydo_span span;
    const char *text;          /* the sentence as normalised text (NFC,
                                  straight quotes), owned by the result     */
} saydo_sentence;

/* Where an event took place, as precisely as the text supports.  precision
 * NONE means no place: every other field is then "" or 0. */
typedef enum saydo_geo_precision {
    SAYDO_GEO_NONE = 0,
    SAYDO_GEO_COUNTRY = 1,   /* "in Morocco"                                */
    SAYDO_GEO_ADMIN1 = 2,    /* "in Texas", "in Kharkiv oblast"             */
    SAYDO_GEO_CITY = 3       /* "in Istanbul", "near Chernihiv"             */
} saydo_geo_precision;

/* "none", "country", "admin1", "city" ("none" for an unknown value).
 * Static. */
SAYDO_API const char *saydo_geo_precision_name(saydo_geo_precision precision);

typedef struct saydo_location {
    saydo_geo_precision precision;
    const char *name;          /* gazetteer name, e.g. "Istanbul"           */
    const char *country;       /* ISO 3166-1 alpha-3 ("TUR"), "" if none    */
    const char *admin1;        /* ISO 3166-2 code ("TR-34"), "" if unknown  */
    double lat, lon;           /* WGS84 degrees; 0 when precision is NONE   */
    saydo_span span;           /* the place phrase in the article, or 0..0  */
} saydo_location;

typedef struct saydo_event {
    size_t sentence;           /* index of the sentence it came from        */
    const char *source;        /* CAMEO actor code, "" when none            */
    const char *target;
    const char *cameo;         /* event code, leading zeros kept            */
    const saydo_cameo_info *info; /* the code's table row                   */
    saydo_mood mood;
    const char *date;          /* YYYY-MM-DD, "" when unknown               */
    const char *attribution;   /* actor code of who reported it, or ""      */
    saydo_span source_span, target_span, verb_span;
    const char *pattern;       /* "file:line" of the pattern that fired     */
    double confidence;         /* 0..1                                      */
    /* Where, and the date an intended act is meant for. */
    saydo_location location;   /* precision NONE when no place is known     */
    const char *date_intended; /* YYYY-MM-DD for intended acts whose date
                                  the text gives ("will visit on May 3"),
                                  "" otherwise                              */
    saydo_span date_span;      /* the date phrase that set date (for an
                                  intended act with date_intended: the phrase
                                  that set date_intended), or 0..0          */
    /* The actors in words (docs/schema.md, "Actor names"). */
    const char *source_text;   /* the source as the article writes it
                                  ("Putin", "Russian officials"), "" when
                                  no source is named                       */
    const char *target_text;
    const char *source_name;   /* its canonical name: a person's or an
                                  organisation's name from the dictionary
                                  ("Vladimir Putin"), else the name of the
                                  country its code starts with ("Russian
                                  Federation" for RUSGOV); "" when none    */
    const char *target_name;
    /* Added in 0.5: GDELT's ADM1 codes, the actors' places and the
     * article's tone (docs/places.md, docs/schema.md). */
    const char *location_adm1; /* GDELT's ADM1Code of location: the FIPS
                                  10-4 country code for a country, FIPS
                                  country + admin-1 code for a place
                                  ("USTX", "TU34"); "" when not known      */
    saydo_location source_location; /* where the source is: the place the
                                  text ties to it ("police in Lagos", "the
                                  Baghdad government"), else its country's
                                  centroid (precision COUNTRY) when its
                                  code has a country; NONE otherwise       */
    const char *source_location_adm1; /* as location_adm1               */
    saydo_location target_location;
    const char *target_location_adm1;
    double avg_tone;           /* the article's tone, the same on all its
                                  events: percent of its words positive
                                  minus percent negative in the AFINN-165
                                  lexicon, -100..100; NAN when the coder
                                  has no lexicon                           */
} saydo_event;

/* The sentences and events of one coded article.  All strings and rows are
 * owned by the result and freed with it. */
typedef struct saydo_result saydo_result;

/* Code one article.  On success *out is owned by the caller
 * (saydo_result_free).  The article must outlive the result. */
SAYDO_API int saydo_code(const saydo_coder *coder, const saydo_article *article,
                         saydo_result **out, saydo_error *err);
SAYDO_API void saydo_result_free(saydo_result *result);

SAYDO_API size_t saydo_result_sentence_count(const saydo_result *result);
SAYDO_API const saydo_sentence *saydo_result_sentence(const saydo_result *result, size_t i);
SAYDO_API size_t saydo_result_event_count(const saydo_result *result);
SAYDO_API const saydo_event *saydo_result_event(const saydo_result *result, size_t i);
/* The article date the events were dated against, YYYY-MM-DD: the
 * article's own date, else a full date in its dateline; "" when the
 * article has none (its events then have date "" unless the sentence gives
 * a full date).  Owned by the result. */
SAYDO_API const char *saydo_result_date(const saydo_result *result);

/* --------------------------------------------------------------- output */

typedef enum saydo_output_format {
    SAYDO_OUTPUT_JSONL = 0, /* one event per line, saydo's event record
                               (docs/schema.md, docs/event.schema.json)  */
    SAYDO_OUTPUT_TSV = 1,   /* GDELT 2.0 event columns, tab separated      */
    SAYDO_OUTPUT_TABLE = 2, /* aligned, human-readable                     */
    SAYDO_OUTPUT_PLOVER = 3,/* PLOVER event records, one per line          */
    SAYDO_OUTPUT_CSV = 4    /* RFC 4180 CSV with a header: the main fields
                               of the event record (docs/schema.md)        */
} saydo_output_format;

/* Write the events of one coded article to out.  Each event is written as
 * one complete line; returns IO when writing failed.  The writers are the
 * ones saydo_write_store_row uses, so an event coded and an event read back
 * from a store are written alike (docs/schema.md says where they differ:
 * a coded event has no store ids or counts, and GDELT's GLOBALEVENTID and
 * DATEADDED).  coder may be NULL. */
SAYDO_API int saydo_write_events(FILE *out, saydo_output_format format, const saydo_coder *coder,
                                 const saydo_article *article, const saydo_result *result,
                                 saydo_error *err);

/* Write the header line of a format (TSV and CSV column names, table
 * rule); nothing for JSONL and PLOVER. */
SAYDO_API int saydo_write_header(FILE *out, saydo_output_format format, saydo_error *err);

/* --------------------------------------------------------------- grammar */

/* Run the text pipeline and the grammar layer on one article, without
 * coding events: tags, noun phrases, verb groups with their roles, clauses
 * (docs/grammar.md).  On success *out is owned by the caller
 * (saydo_result_free); its event count is 0. */
SAYDO_API int saydo_parse(const saydo_coder *coder, const saydo_article *article,
                          saydo_result **out, saydo_error *err);

typedef enum saydo_parse_format {
    SAYDO_PARSE_TEXT = 0,   /* readable: tags, phrases, roles, clauses    */
    SAYDO_PARSE_JSON = 1    /* one JSON object per sentence (JSON Lines)  */
} saydo_parse_format;

/* Write the grammar of every sentence of result (from saydo_parse; a
 * result of saydo_code holds the grammar of the sentences whose acts the
 * coder checked) to out.  A sentence without a parse (no tagger model) is
 * written with its text only.  Returns 0, NOMEM, or IO
 * when writing failed. */
SAYDO_API int saydo_write_parse(FILE *out, saydo_parse_format format, const saydo_article *article,
                                const saydo_result *result, saydo_error *err);

/* ---------------------------------------------------------------- store */

/* An event store: coded articles kept on disk, with one event row for the
 * many reports of it (docs/schema.md, docs/store.md).  The default backend
 * is an SQLite file in WAL mode.  One handle per thread. */
typedef struct saydo_store saydo_store;

typedef struct saydo_store_options {
    unsigned version;
    int read_only;             /* 1: open an existing store for queries     */
    int window_days;           /* reports of the same event may differ by
                                  up to this many days (default 1)          */
    long long max_bytes;       /* the store may not grow past this size
                                  (0: no limit); a put that would is refused
                                  like a full disk                          */
    long query_ms;             /* (version 2) each query -- saydo_store_query,
                                  _aggregate, _get_event, _get_summary and
                                  the reading of their rows -- may take at
                                  most this many milliseconds from its
                                  start, else it fails with TIMEOUT (0: no
                                  limit).  Writes are never cut short.     */
    int batch;                 /* (version 3) puts per transaction.  0 or 1:
                                  each saydo_store_put commits by itself.
                                  N > 1: up to N puts, or the puts of one
                                  second, share a transaction, each inside
                                  its own savepoint, so every article is
                                  still stored whole or not at all; the
                                  batch is committed when full, by
                                  saydo_store_commit, or by
                                  saydo_store_close.  Added in 0.4.        */
} saydo_store_options;

/* Versions 1 and 2 (without query_ms, batch) are still accepted. */
#define SAYDO_STORE_OPTIONS_VERSION 3
#define SAYDO_STORE_OPTIONS_INIT { SAYDO_STORE_OPTIONS_VERSION, 0, 1, 0, 0, 0 }

/* Fill *opts with SAYDO_STORE_OPTIONS_INIT's values. */
SAYDO_API void saydo_store_options_init(saydo_store_options *opts);

/* Open (creating it when missing and not read_only) the store at path.  On
 * success *out is owned by the caller (saydo_store_close).  A file that is
 * not a saydo store, or a store of a newer schema, is refused with IO and a
 * message saying which. */
SAYDO_API int saydo_store_open(const char *path, const saydo_store_options *opts, saydo_store **out,
                               saydo_error *err);
SAYDO_API void saydo_store_close(saydo_store *store);

typedef enum saydo_store_status {
    SAYDO_STORE_ADDED = 1,     /* a new article                             */
    SAYDO_STORE_UNCHANGED = 2, /* content stored before (under this id or
                                  another, current or since edited):
                                  nothing written                         */
    SAYDO_STORE_REPLACED = 3   /* same id, new content: its sentences,
                                  mentions and events replaced             */
} saydo_store_status;

/* Store one coded article (its sentences, events and mentions) in one
 * transaction (or, with options.batch > 1, one savepoint of the batch's
 * transaction): either all of it is stored or, on failure, nothing and the
 * store is as it was.  *status (may be NULL) says what happened.  A full
 * disk or read-only store fails with IO and a message saying so. */
SAYDO_API int saydo_store_put(saydo_store *store, const saydo_article *article,
                              const saydo_result *result, saydo_store_status *status,
                              saydo_error *err);

/* With saydo_store_options.batch > 1: commit the puts made since the last
 * commit, so that they are durable and other handles see them (nothing to
 * do, and 0, when no batch is open or batch is 0 or 1).  On failure the
 * whole open batch is rolled back, and err says how many articles that
 * was; a later put starts a new batch.  saydo_store_close commits too, but
 * cannot report a failure: call this first when it matters.  When a put
 * fails inside a batch, only that article is rolled back; the batch stays
 * open (unless the database itself ended the transaction, as SQLite may on
 * a full disk: then err says the batch was lost too).  Added in 0.4. */
SAYDO_API int saydo_store_commit(saydo_store *store, saydo_error *err);

/* 1 when the store has seen this article's content before (under its id or
 * another, current or since edited): putting it would change nothing, so a
 * caller may skip coding it.  0 when not, or a negative code. */
SAYDO_API int saydo_store_contains(saydo_store *store, const saydo_article *article,
                                   saydo_error *err);

/* What a query selects.  NULL / 0 / -1 fields select everything.  Actor
 * patterns are CAMEO codes where '*' matches any run of characters
 * ("RUS*", "USAGOV"); without '*' the code must match exactly. */
typedef struct saydo_store_filter {
    unsigned version;
    const char *from, *to;     /* dates YYYY-MM-DD, inclusive               */
    const char *source, *target;
    const char *dyad_a, *dyad_b; /* a pair of patterns, either direction    */
    const char *code;          /* CAMEO code prefix ("19", "0874")          */
    const char *root;          /* CAMEO root ("19")                         */
    int quad;                  /* 1..4, 0 any                               */
    const char *country;       /* ISO alpha-3 of the event's location       */
    const char *outlet;        /* reported by this outlet ('*' wildcards)   */
    int mood;                  /* a saydo_mood, -1 any                      */
    int raw;                   /* 1: every mention instead of every event   */
    long limit;                /* at most this many rows, 0 no limit        */
    /* Version 2 of the filter (a version-1 filter reads as NULL / 0 here). */
    const char *place;         /* location name, exact, case-insensitive    */
    const char *plover;        /* PLOVER event type ("ASSAULT")             */
    long offset;               /* skip this many rows first (query only)    */
} saydo_store_filter;

#define SAYDO_STORE_FILTER_VERSION 2
#define SAYDO_STORE_FILTER_INIT \
    { SAYDO_STORE_FILTER_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, \
      NULL, -1, 0, 0, NULL, NULL, 0 }

/* Fill *filter with SAYDO_STORE_FILTER_INIT's values. */
SAYDO_API void saydo_store_filter_init(saydo_store_filter *filter);

/* One event (or, with raw, one mention) from a query.  Strings are owned by
 * the row set and valid until the next call on it.  For an event, the
 * article, sentence and url are those of its first report. */
typedef struct saydo_store_row {
    long long event_id;        /* the event (GLOBALEVENTID)                 */
    long long mention_id;      /* the mention (raw) or first mention        */
    const char *date;          /* YYYY-MM-DD or ""                          */
    const char *source, *target, *cameo, *root;
    saydo_quad quad;
    double goldstein;
    saydo_mood mood;
    long num_mentions, num_sources, num_articles; /* as GDELT counts them  */
    saydo_location location;   /* span is 0..0                              */
    const char *date_intended;
    const char *article, *url, *outlet, *title;
    long sentence;
    const char *sentence_text;
    const char *attribution, *pattern;
    double confidence;
    const char *plover;        /* "" when unknown                           */
    /* Store schema 2 ("" and 0..0 for reports stored by an
     * older saydo): the first report's actors in words and its spans. */
    const char *source_text, *target_text; /* as the article writes them   */
    const char *source_name, *target_name; /* canonical names (saydo_event) */
    const char *event_name;    /* the CAMEO code's name                     */
    saydo_span source_span, target_span, verb_span; /* in the article's
                                  document, as saydo_event's               */
    const char *plover_mode, *plover_context; /* saydo_cameo_info's        */
    const char *added;         /* when the first report was stored, UTC,
                                  YYYY-MM-DDTHH:MM:SSZ                      */
    /* Store schema 4, added in 0.5 ("", NONE and NAN for reports stored by
     * an older saydo): as saydo_event's fields of these names, of the
     * first report. */
    const char *location_adm1;
    saydo_location source_location, target_location; /* span is 0..0       */
    const char *source_location_adm1, *target_location_adm1;
    double avg_tone;
} saydo_store_row;

/* One row of an aggregate.  series: key is the period (YYYY-MM-DD for day
 * and week -- the week's Monday -- or YYYY-MM), quad its class.  top actors:
 * key is the actor.  top dyads: key -> key2; with both, key < key2 and the
 * *2 fields count key2 -> key. */
typedef struct saydo_store_agg_row {
    const char *key, *key2;
    saydo_quad quad;
    long count;
    double goldstein_sum, goldstein_mean;
    long count2;
    double goldstein_sum2, goldstein_mean2;
} saydo_store_agg_row;

typedef enum saydo_store_agg {
    SAYDO_AGG_DAY = 1,
    SAYDO_AGG_WEEK = 2,
    SAYDO_AGG_MONTH = 3,
    SAYDO_AGG_ACTORS = 4,      /* top actors, as source or target           */
    SAYDO_AGG_DYADS = 5,       /* top dyads                                 */
    SAYDO_AGG_COUNTRIES = 6    /* events per location country: key is its
                                  ISO alpha-3 code; every country with
                                  events, most first (top_n ignored)        */
} saydo_store_agg;

/* How saydo_store_aggregate aggregates. */
typedef struct saydo_store_agg_options {
    unsigned version;
    saydo_store_agg kind;      /* what to count (default SAYDO_AGG_MONTH)   */
    long top_n;                /* top actors / dyads: at most this many rows
                                  (0: 20)                                   */
    int both_directions;       /* top dyads: 1 folds A->B and B->A into one
                                  row (key < key2; the *2 fields count
                                  key2 -> key)                              */
} saydo_store_agg_options;

#define SAYDO_STORE_AGG_OPTIONS_VERSION 1
#define SAYDO_STORE_AGG_OPTIONS_INIT { SAYDO_STORE_AGG_OPTIONS_VERSION, SAYDO_AGG_MONTH, 0, 0 }

/* Fill *opts with SAYDO_STORE_AGG_OPTIONS_INIT's values. */
SAYDO_API void saydo_store_agg_options_init(saydo_store_agg_options *opts);

/* The period after period (a series key: YYYY-MM-DD for DAY, a Monday
 * YYYY-MM-DD for WEEK, YYYY-MM for MONTH) written to next (11 bytes).
 * Returns 0, or ARG when kind is not a series or period is malformed.
 * Callers zero-fill a series with it: every period from the first to the
 * last, those without events with zero counts. */
SAYDO_API int saydo_period_next(saydo_store_agg kind, const char *period, char next[11]);
/* The period (as above) that holds date (YYYY-MM-DD), written to period
 * (11 bytes).  Returns 0, or ARG when kind is not a series or date is not
 * a valid date. */
SAYDO_API int saydo_period_of(saydo_store_agg kind, const char *date, char period[11]);

/* One report of an event, read with saydo_store_rows_next_mention.  The
 * spans are byte offsets into sentence_text ([start, end), 0..0 when
 * unknown or outside the sentence).  Strings are owned by the row set and
 * valid until the next call on it. */
typedef struct saydo_store_mention {
    long long mention_id;
    const char *article, *url, *outlet, *article_date, *title; /* its article */
    long sentence;             /* 0-based sentence index in the article     */
    const char *sentence_text;
    saydo_span source_span, target_span, verb_span;
    const char *date, *cameo;
    saydo_mood mood;
    const char *attribution, *pattern;
    double confidence;
} saydo_store_mention;

/* What a store holds: counts and the first and last event date ("" when
 * there are none). */
typedef struct saydo_store_summary {
    long long events, articles, mentions;
    char first[11], last[11];
} saydo_store_summary;

/* A set of rows from a query or aggregate; owned by the caller and freed
 * with saydo_store_rows_free before the store is closed. */
typedef struct saydo_store_rows saydo_store_rows;

/* Select events (or mentions) in date order. */
SAYDO_API int saydo_store_query(saydo_store *store, const saydo_store_filter *filter,
                                saydo_store_rows **out, saydo_error *err);
/* Aggregate the selected events as opts says (NULL: the defaults of
 * SAYDO_STORE_AGG_OPTIONS_INIT).  A series has a row per period and quad
 * class that has events: periods without events are not rows (see
 * saydo_period_next). */
SAYDO_API int saydo_store_aggregate(saydo_store *store, const saydo_store_filter *filter,
                                    const saydo_store_agg_options *opts, saydo_store_rows **out,
                                    saydo_error *err);
/* The next row: returns 1 and points *row at it (owned by rows, valid until
 * the next call), 0 at the end, or a negative code.  Use _next for
 * saydo_store_query and _next_agg for saydo_store_aggregate. */
SAYDO_API int saydo_store_rows_next(saydo_store_rows *rows, const saydo_store_row **row,
                                    saydo_error *err);
SAYDO_API int saydo_store_rows_next_agg(saydo_store_rows *rows, const saydo_store_agg_row **row,
                                        saydo_error *err);
SAYDO_API void saydo_store_rows_free(saydo_store_rows *rows);

/* One event with its mentions.  Returns 1 and sets *out (owned by the
 * caller, freed with saydo_store_rows_free) when event_id exists, 0 (and
 * *out NULL) when not, or a negative code.  Read the event with one
 * saydo_store_rows_next, then its mentions in order (article date, article,
 * sentence) with saydo_store_rows_next_mention (1, 0 at the end, or <0). */
SAYDO_API int saydo_store_get_event(saydo_store *store, long long event_id, saydo_store_rows **out,
                                    saydo_error *err);
SAYDO_API int saydo_store_rows_next_mention(saydo_store_rows *rows,
                                            const saydo_store_mention **mention,
                                            saydo_error *err);

/* Fill *out with what the store holds. */
SAYDO_API int saydo_store_get_summary(saydo_store *store, saydo_store_summary *out,
                                      saydo_error *err);

/* A number that changes when the store's content was changed through
 * another handle or process since this handle last looked (so a reader
 * can tell its cached results are stale); -1 on error. */
SAYDO_API long long saydo_store_data_version(saydo_store *store);

/* Write one store row as a line of format (JSONL, GDELT 2.0 TSV with all 61
 * columns, table, PLOVER), with the writers of saydo_write_events.  Returns
 * 0, NOMEM, or IO when writing failed. */
SAYDO_API int saydo_write_store_row(FILE *out, saydo_output_format format,
                                    const saydo_store_row *row,
                                    saydo_error *err);

#ifdef __cplusplus
}
#endif

#endif /* SAYDO_H */
