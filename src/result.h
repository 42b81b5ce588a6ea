/*
 * result.h -- the internals of saydo_result and saydo_coder, shared by
 * api.c (the pipeline), the code_*.c stages (which add events) and
 * output.c (which writes them).
 */
#ifndef SD_RESULT_H
#define SD_RESULT_H

#include "arena.h"
#include "cameo.h"
#include "dict.h"
#include "gazetteer.h"
#include "saydo.h"
#include "tag.h"
#include "text.h"

struct saydo_coder {
    sd_cameo_table *cameo;   /* owned */
    sd_dict *dict;           /* owned; compiled, read-only */
    char **warnings;         /* owned strings */
    size_t nwarnings;
    char *data_dir;          /* owned */
    uint32_t *word_class;    /* owned: WC_* bits of each dict entry by
                                sd_entry_index (code_words.c), or NULL */
    struct sd_fuzzy *fuzzy;  /* owned: misspelt country names
                                (actor_fuzzy.c), or NULL */
    struct sd_names *names;  /* owned: canonical actor names
                                (actor_name.c) */
    sd_gazetteer *gaz;       /* owned: data/gen/gazetteer.tsv, or NULL when
                                absent (events then get no location) */
    struct sd_grammar_words *grammar; /* owned: data/grammar/syntax.words,
                                or NULL when absent (no grammar layer) */
    int debug_roles;         /* 1: SAYDO_DEBUG_ROLES=1: the roles pass
                                prints its verdicts to stderr */
    int no_roles;            /* 1: SAYDO_NO_ROLES=1 in the environment: the
                                roles pass keeps every event (for measuring
                                what it changes; code_roles.c) */
    struct sd_tone *tone;    /* owned: data/gen/tone.tsv (tone.c), or NULL
                                when absent (events then get no tone)   */
    sd_tagger *tagger;       /* owned: data/gen/tagger.bin, or NULL when
                                absent (tokens then stay untagged) */
    double min_confidence;   /* events below it are left out (0: none) */
};

struct saydo_result {
    sd_arena arena;          /* owns everything below and the doc's data */
    sd_doc doc;
    const saydo_article *article;
    int32_t date;            /* article date as YYYYMMDD, 0 when unknown */
    const char *date_text;   /* the same as YYYY-MM-DD, "" when unknown; set
                                by sd_dates_article (code_dates.c), which
                                may take it from the dateline */
    saydo_sentence *sent;
    size_t nsent;
    saydo_event *ev;
    size_t nev, cap;
    int failed;              /* sticky NOMEM */
    const uint32_t **sent_wc; /* per sentence, its tokens' word classes as
                                the event coder found them (code_events.c),
                                or NULL: the dates pass reads them      */
    struct sd_doer_index *doer_index; /* code_events.c's mentions by NP
                                complex (doer_mention), in the arena;
                                rebuilt for each sentence's parse         */
    struct sd_sentence_places **sent_places; /* per sentence with events,
                                its place phrases (code_places.c), for the
                                actors' places; NULL entries elsewhere;
                                NULL until the first is kept            */
};

/* Append a copy of *ev (strings must already live in result->arena or in
 * static/coder storage).  Returns 0 or SAYDO_ERR_NOMEM. */
int sd_result_add_event(saydo_result *result, const saydo_event *ev);

/* A span over normalised offsets [start, end) mapped to original bytes. */
saydo_span sd_result_span(const saydo_result *result, uint32_t start, uint32_t end);

/* Run the text pipeline over article into a new result (owned by the
 * caller, saydo_result_free), and the event coder when code_events is 1.
 * saydo_code is sd_result_build(..., 1, ...). */
int sd_result_build(const saydo_coder *coder, const saydo_article *article, int code_events,
                    saydo_result **out, saydo_error *err);

/* Sentence i's grammar (grammar.h): tagged and parsed on first use and
 * kept in the result.  *out is NULL when there is no tagger model or
 * grammar words.  0 or SAYDO_ERR_NOMEM. */
struct sd_parse;
int sd_result_parse(const saydo_coder *coder, saydo_result *result, size_t i,
                    const struct sd_parse **out);

/* The event coder (code_*.c): find the events of every codable sentence of
 * result->doc and add them with sd_result_add_event.  0 or a negative
 * SAYDO_ERR_* code. */
int sd_code_events(const saydo_coder *coder, saydo_result *result);

#endif
