/*
 * Spec handlers for the coder: actors and events (tests/spec/README.md).
 *
 *   --- actors [date=YYYY-MM-DD] [persons]
 *       one line per actor mention in text order: "matched text => CODE"
 *       (with 'persons': named people only)
 *   --- events [date=YYYY-MM-DD] [headline] [default]
 *       one line per event: "SOURCE TARGET CODE MOOD" ('-' for no actor);
 *       every event the coder reads, or with 'default' only those of at
 *       least SAYDO_MIN_CONFIDENCE, as 'saydo code' prints by default
 *   --- names [date=YYYY-MM-DD] [headline]
 *       one line per event: "SOURCE 'text' Name -> TARGET 'text' Name"
 *   --- main_form
 *       one dictionary phrase a line -> the name it gives
 *
 * The input is article body text (with 'headline', its first line is the
 * headline).  Both use the shipped data/ folder.
 */
#include <stdlib.h>
#include <string.h>

#include "actor_name.h"
#include "code.h"
#include "result.h"
#include "test.h"

/* One coder for all spec cases of the run: building it loads every
 * dictionary.  Test-only state. */
static saydo_coder *shared_coder;
static int shared_coder_failed;

static void free_shared_coder(void) { saydo_coder_free(shared_coder); }

static saydo_coder *spec_coder(sd_test *t, sd_buf *out)
{
    if (shared_coder || shared_coder_failed)
        return shared_coder;
    saydo_coder_options co = SAYDO_CODER_OPTIONS_INIT;
    co.min_confidence = 0; /* every event: these specs test the reading, not the default filter */
    co.data_dir = "data";
    saydo_error err;
    if (saydo_coder_new(&co, &shared_coder, &err) != 0) {
        char line[2048];
        sd_buf_printf(out, "coder: %s", saydo_error_format(&err, line, sizeof line));
        shared_coder_failed = 1;
        return NULL;
    }
    atexit(free_shared_coder);
    return shared_coder;
}

static void arg_value(const char *args, const char *key, char *out, size_t n)
{
    out[0] = '\0';
    const char *p = strstr(args, key);
    if (!p)
        return;
    p += strlen(key);
    if (*p != '=')
        return;
    p++;
    size_t k = 0;
    while (*p && *p != ' ' && k + 1 < n)
        out[k++] = *p++;
    out[k] = '\0';
}

static saydo_result *prepare(sd_test *t, const char *input, const char *args, int code,
                             sd_buf *out, saydo_article **article)
{
    saydo_coder *coder = spec_coder(t, out);
    if (!coder)
        return NULL;
    char date[32];
    arg_value(args, "date", date, sizeof date);
    int headline = strstr(args, "headline") != NULL;
    saydo_error err;
    if (saydo_article_new("spec", date[0] ? date : NULL, headline ? NULL : "-", input,
                          strlen(input), article, &err) != 0) {
        char line[2048];
        sd_buf_printf(out, "article: %s", saydo_error_format(&err, line, sizeof line));
        return NULL;
    }
    saydo_result *result = NULL;
    if (sd_result_build(coder, *article, code, &result, &err) != 0) {
        char line[2048];
        sd_buf_printf(out, "code: %s", saydo_error_format(&err, line, sizeof line));
        saydo_article_free(*article);
        return NULL;
    }
    return result;
}

SPEC(actors)
{
    saydo_article *article = NULL;
    saydo_result *result = prepare(t, input, args, 0, out, &article);
    if (!result)
        return 1;
    const sd_doc *doc = &result->doc;
    sd_actor_memory memory = {0};
    int persons = strstr(args, "persons") != NULL;
    int rc = 0;
    for (size_t i = 0; i < doc->nsent && !rc; i++) {
        const sd_sentence *s = &doc->sent[i];
        if (s->tok_count == 0 || s->kind == SAYDO_SENT_HEADLINE)
            continue;
        uint32_t *wc = calloc(s->tok_count, sizeof *wc);
        if (!wc)
            return 1;
        rc = sd_code_word_classes(shared_coder, doc, s->tok_first, s->tok_count, wc);
        sd_mention *men = NULL;
        size_t n = 0;
        if (!rc)
            rc = sd_code_actors(shared_coder, result, s->tok_first, s->tok_count, wc, &memory,
                                &men, &n);
        for (size_t k = 0; k < n && !rc; k++) {
            if (persons && !(men[k].flags & MENTION_PERSON))
                continue;
            uint32_t a = doc->tok[men[k].start].start, b = doc->tok[men[k].end - 1].end;
            sd_buf_append(out, doc->norm + a, b - a);
            sd_buf_printf(out, " => %s\n", men[k].code);
        }
        free(wc);
    }
    saydo_result_free(result);
    saydo_article_free(article);
    return rc;
}

static const char *mood_word(saydo_mood m)
{
    return (unsigned)m < 4 ? saydo_mood_name(m) : "?";
}

SPEC(events)
{
    saydo_article *article = NULL;
    saydo_result *result = prepare(t, input, args, 1, out, &article);
    if (!result)
        return 1;
    int filtered = strstr(args, "default") != NULL;
    for (size_t i = 0; i < saydo_result_event_count(result); i++) {
        const saydo_event *ev = saydo_result_event(result, i);
        if (filtered && ev->confidence + 1e-9 < SAYDO_MIN_CONFIDENCE)
            continue;
        sd_buf_printf(out, "%s %s %s %s\n", *ev->source ? ev->source : "-",
                      *ev->target ? ev->target : "-", ev->cameo, mood_word(ev->mood));
    }
    saydo_result_free(result);
    saydo_article_free(article);
    return 0;
}

/* "--- names [date=...]": one line per event, "SOURCE 'text' Name ->
 * TARGET 'text' Name" ('-' for no actor), the event's actors in words. */
static void put_actor_words(sd_buf *out, const char *code, const char *text, const char *name)
{
    if (!*code) {
        sd_buf_puts(out, "-");
        return;
    }
    sd_buf_printf(out, "%s '%s' %s", code, text, *name ? name : "-");
}

SPEC(names)
{
    saydo_article *article = NULL;
    saydo_result *result = prepare(t, input, args, 1, out, &article);
    if (!result)
        return 1;
    for (size_t i = 0; i < saydo_result_event_count(result); i++) {
        const saydo_event *ev = saydo_result_event(result, i);
        put_actor_words(out, ev->source, ev->source_text, ev->source_name);
        sd_buf_puts(out, " -> ");
        put_actor_words(out, ev->target, ev->target_text, ev->target_name);
        sd_buf_putc(out, '\n');
    }
    saydo_result_free(result);
    saydo_article_free(article);
    return 0;
}

/* "--- main_form": one dictionary phrase a line; output the name it
 * gives (sd_names_main_form). */
SPEC(main_form)
{
    const char *p = input;
    while (*p) {
        size_t n = strcspn(p, "\n");
        char phrase[512], name[512];
        snprintf(phrase, sizeof phrase, "%.*s", (int)n, p);
        sd_names_main_form(phrase, name, sizeof name);
        sd_buf_printf(out, "%s\n", name);
        p += n + (p[n] == '\n');
    }
    return 0;
}
