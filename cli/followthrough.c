/*
 * followthrough.c -- 'saydo query followthrough': says versus does.
 *
 * Pairs each commitment or threat an actor makes with the material acts the
 * same actor reports show it doing afterwards, by the rules of
 * data/followthrough.tsv (format in that file and docs/store.md):
 *
 *   - a commitment is an event whose CAMEO code starts with a rule's "say"
 *     prefix (the longest wins), or an event of mood "intended" with a
 *     material code (quad class 2 or 4), carried out by the same
 *     three-digit code; denied events are not commitments;
 *   - candidates are later events (same day up to window days after) by
 *     the same actor -- the same first three letters of the source code, so
 *     RUSGOV's promise is kept or broken by RUSMIL's act -- asserted or
 *     reported, of a material quad class, whose target agrees: the same
 *     first three letters, or either has none or names the actor itself;
 *   - contradicted when a candidate starts with a "contradicts" prefix,
 *     else followed when one starts with a "does" prefix, else open when
 *     the window runs past the last date in the store, else not followed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "article.h"
#include "buf.h"
#include "cli.h"

#define MAX_PREFIX 12

typedef struct rule {
    char say[MAX_PREFIX][8], does[MAX_PREFIX][8], contra[MAX_PREFIX][8];
    int nsay, ndoes, ncontra;
    char label[96];
} rule;

typedef struct ev {
    long long id;
    long day;
    char date[11], source[40], target[40], cameo[8], article[128];
    int mood, quad;
    char *sentence;   /* owned */
} ev;

enum { OUT_OPEN, OUT_FOLLOWED, OUT_NOT, OUT_CONTRA };
static const char *const outcome_name[] = {"open", "followed", "not followed", "contradicted"};

static int split_prefixes(char *field, char list[MAX_PREFIX][8])
{
    int n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(field, ",", &save); tok && n < MAX_PREFIX;
         tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ')
            tok++;
        if (*tok)
            snprintf(list[n++], 8, "%s", tok);
    }
    return n;
}

static int load_rules(const char *path, rule **out, size_t *count)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        cli_error("%s: cannot open the follow-through table", path);
        return -1;
    }
    rule *rules = NULL;
    size_t n = 0;
    char line[1024];
    long lineno = 0;
    int rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char *col[4] = {line, NULL, NULL, NULL};
        for (int i = 1; i < 4; i++) {
            char *tab = col[i - 1] ? strchr(col[i - 1], '\t') : NULL;
            if (!tab)
                break;
            *tab = '\0';
            col[i] = tab + 1;
        }
        if (!col[3]) {
            cli_error("%s:%ld: expected four tab-separated columns: say, does, contradicts, "
                      "label",
                      path, lineno);
            rc = -1;
            break;
        }
        rule *p = realloc(rules, (n + 1) * sizeof *p);
        if (!p) {
            rc = -1;
            break;
        }
        rules = p;
        memset(&rules[n], 0, sizeof rules[n]);
        rules[n].nsay = split_prefixes(col[0], rules[n].say);
        rules[n].ndoes = split_prefixes(col[1], rules[n].does);
        rules[n].ncontra = split_prefixes(col[2], rules[n].contra);
        snprintf(rules[n].label, sizeof rules[n].label, "%s", col[3]);
        if (!rules[n].nsay) {
            cli_error("%s:%ld: no 'say' prefix", path, lineno);
            rc = -1;
            break;
        }
        n++;
    }
    fclose(f);
    if (rc) {
        free(rules);
        return -1;
    }
    *out = rules;
    *count = n;
    return 0;
}

static int starts(const char *code, const char *prefix)
{
    return strncmp(code, prefix, strlen(prefix)) == 0;
}

static int any_prefix(const char *code, char list[MAX_PREFIX][8], int n)
{
    for (int i = 0; i < n; i++)
        if (starts(code, list[i]))
            return 1;
    return 0;
}

static const rule *find_rule(const rule *rules, size_t n, const char *code)
{
    const rule *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < rules[i].nsay; j++)
            if (starts(code, rules[i].say[j]) && strlen(rules[i].say[j]) > best_len) {
                best = &rules[i];
                best_len = strlen(rules[i].say[j]);
            }
    return best;
}

/* The actor block of a CAMEO actor code: its first three letters. */
static int same_actor(const char *a, const char *b)
{
    return strlen(a) >= 3 && strlen(b) >= 3 ? strncmp(a, b, 3) == 0 : strcmp(a, b) == 0;
}

/* Targets agree when either is missing or names the source itself (a
 * coder's self-target, "Russia withdrew its troops"), or they are the same
 * actor. */
static int targets_agree(const char *source, const char *t1, const char *t2)
{
    if (!*t1 || !*t2 || same_actor(source, t1) || same_actor(source, t2))
        return 1;
    return same_actor(t1, t2);
}

/* Days since 1970-01-01 of a YYYY-MM-DD date; 0 for none. */
static long day_of(const char *date)
{
    int y, m, d;
    if (!sd_date_split(date, &y, &m, &d))
        return 0;
    return (long)sd_days_from_civil(y, m, d);
}

/* '*' matches any run of characters. */
static int glob(const char *pattern, const char *s)
{
    if (!*pattern)
        return !*s;
    if (*pattern == '*')
        return glob(pattern + 1, s) || (*s && glob(pattern, s + 1));
    return *s == *pattern && glob(pattern + 1, s + 1);
}

typedef struct tally {
    char source[40], target[40];
    long count[5]; /* made, followed, not followed, contradicted, open */
} tally;

static void tally_add(tally **t, size_t *n, const char *source, const char *target, int outcome)
{
    size_t i;
    for (i = 0; i < *n; i++)
        if (!strcmp((*t)[i].source, source) && !strcmp((*t)[i].target, target))
            break;
    if (i == *n) {
        tally *p = realloc(*t, (*n + 1) * sizeof *p);
        if (!p)
            return;
        *t = p;
        memset(&p[i], 0, sizeof p[i]);
        snprintf(p[i].source, sizeof p[i].source, "%s", source);
        snprintf(p[i].target, sizeof p[i].target, "%s", target);
        (*n)++;
    }
    (*t)[i].count[0]++;
    int slot = outcome == OUT_FOLLOWED ? 1 : outcome == OUT_NOT ? 2 : outcome == OUT_CONTRA ? 3 : 4;
    (*t)[i].count[slot]++;
}

static void json_str(FILE *out, const char *s)
{
    sd_json_fputs(out, s);
}

/* ---- the HTTP API's JSON (docs/api.md, /api/followthrough) ---- */

static json_t *api_event(const ev *e, int with_mood)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)e->id, "date", e->date,
                          "source", e->source, "target", e->target, "cameo", e->cameo);
    if (o && with_mood) {
        if (json_object_set_new(o, "mood", json_string(saydo_mood_name((saydo_mood)e->mood))) ||
            json_object_set_new(o, "sentence", json_string(e->sentence))) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

/* Append one commitment row to rows; 0 or -1 (no memory). */
static int api_row(json_t *rows, const ev *c, const char *outcome, const char *label,
                   const ev *evidence)
{
    json_t *followed = json_array();
    json_t *row = json_pack("{s:o*,s:s,s:s,s:o*}", "commitment", api_event(c, 1), "outcome",
                            outcome, "rule", label, "followed_by", followed);
    if (!row || !json_object_get(row, "commitment") || !followed)
        return json_decref(row), -1;
    if (evidence && json_array_append_new(followed, api_event(evidence, 0)) != 0)
        return json_decref(row), -1;
    return json_array_append_new(rows, row);
}

/* Write the API's one JSON object: actor, window, summary over every
 * tally, rows.  rate is followed / decided (commitments not open), 0 when
 * none is decided. */
static int api_write(FILE *out, json_t *rows, const char *actor, long window,
                     const tally *tallies, size_t ntallies)
{
    long sum[5] = {0, 0, 0, 0, 0};
    for (size_t i = 0; i < ntallies; i++)
        for (int k = 0; k < 5; k++)
            sum[k] += tallies[i].count[k];
    long decided = sum[0] - sum[4];
    json_t *o = json_pack("{s:s,s:I,s:{s:I,s:I,s:I,s:I,s:I,s:f},s:O}", "actor",
                          actor ? actor : "", "window", (json_int_t)window, "summary",
                          "commitments", (json_int_t)sum[0], "followed", (json_int_t)sum[1],
                          "not_followed", (json_int_t)sum[2], "contradicted", (json_int_t)sum[3],
                          "open", (json_int_t)sum[4], "rate",
                          decided > 0 ? (double)sum[1] / (double)decided : 0.0, "rows", rows);
    if (!o)
        return -1;
    int rc = json_dumpf(o, out, JSON_COMPACT | JSON_REAL_PRECISION(6));
    json_decref(o);
    return rc;
}

int cli_followthrough(FILE *out, saydo_store *store, const saydo_store_filter *user, const char *pairs,
                      long window, int format)
{
    rule *rules = NULL;
    size_t nrules = 0;
    if (load_rules(pairs, &rules, &nrules) != 0)
        return CLI_FAIL;
    saydo_store_filter filter = SAYDO_STORE_FILTER_INIT;
    filter.source = user->source;
    saydo_store_rows *rows = NULL;
    saydo_error err;
    if (saydo_store_query(store, &filter, &rows, &err) != 0) {
        cli_report(&err);
        free(rules);
        return CLI_FAIL;
    }
    ev *evs = NULL;
    size_t n = 0, cap = 0;
    long last_day = 0;
    const saydo_store_row *r;
    int rc, status = CLI_OK;
    while ((rc = saydo_store_rows_next(rows, &r, &err)) == 1) {
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            ev *p = realloc(evs, cap * sizeof *p);
            if (!p) {
                rc = SAYDO_ERR_NOMEM;
                break;
            }
            evs = p;
        }
        ev *e = &evs[n];
        memset(e, 0, sizeof *e);
        e->id = r->event_id;
        e->day = day_of(r->date);
        snprintf(e->date, sizeof e->date, "%s", r->date);
        snprintf(e->source, sizeof e->source, "%s", r->source);
        snprintf(e->target, sizeof e->target, "%s", r->target);
        snprintf(e->cameo, sizeof e->cameo, "%s", r->cameo);
        snprintf(e->article, sizeof e->article, "%s", r->article);
        e->mood = (int)r->mood;
        e->quad = (int)r->quad;
        e->sentence = strdup(r->sentence_text);
        if (!e->sentence) {
            rc = SAYDO_ERR_NOMEM;
            break;
        }
        if (e->day > last_day)
            last_day = e->day;
        n++;
    }
    saydo_store_rows_free(rows);
    if (rc < 0) {
        if (rc == SAYDO_ERR_NOMEM)
            cli_error("out of memory");
        else
            cli_report(&err);
        status = CLI_FAIL;
    }
    /* The store's last date: a window reaching past it is still open. */
    if (status == CLI_OK) {
        saydo_store_filter every = SAYDO_STORE_FILTER_INIT;
        const saydo_store_agg_row *a;
        saydo_store_agg_options by_month = SAYDO_STORE_AGG_OPTIONS_INIT;
        by_month.kind = SAYDO_AGG_MONTH;
        if (saydo_store_aggregate(store, &every, &by_month, &rows, &err) == 0) {
            char last_month[8] = "";
            while (saydo_store_rows_next_agg(rows, &a, &err) == 1)
                snprintf(last_month, sizeof last_month, "%s", a->key);
            saydo_store_rows_free(rows);
            if (last_month[0]) {
                /* the last day of that month with an event */
                saydo_store_filter month = SAYDO_STORE_FILTER_INIT;
                char from_day[16];
                snprintf(from_day, sizeof from_day, "%s-01", last_month);
                month.from = from_day;
                saydo_store_agg_options by_day = SAYDO_STORE_AGG_OPTIONS_INIT;
                by_day.kind = SAYDO_AGG_DAY;
                if (saydo_store_aggregate(store, &month, &by_day, &rows, &err) == 0) {
                    while (saydo_store_rows_next_agg(rows, &a, &err) == 1)
                        if (day_of(a->key) > last_day)
                            last_day = day_of(a->key);
                    saydo_store_rows_free(rows);
                }
            }
        }
    }
    long from = user->from ? day_of(user->from) : 0, to = user->to ? day_of(user->to) : 0;
    tally *tallies = NULL;
    size_t ntallies = 0;
    json_t *api_rows = format == CLI_FOLLOW_API ? json_array() : NULL;
    if (format == CLI_FOLLOW_API && !api_rows) {
        cli_error("out of memory");
        status = CLI_FAIL;
    }
    if (status == CLI_OK && format == 0)
        fputs("date       actor     target    code  commitment                        outcome\n", out);
    for (size_t i = 0; i < n && status == CLI_OK; i++) {
        ev *c = &evs[i];
        if (c->mood == SAYDO_MOOD_DENIED || !c->date[0] || (from && c->day < from) ||
            (to && c->day > to))
            continue;
        if (user->target && *user->target && !glob(user->target, c->target))
            continue;
        const rule *ru = find_rule(rules, nrules, c->cameo);
        char own[1][8];
        int intended = !ru && c->mood == SAYDO_MOOD_INTENDED && (c->quad == 2 || c->quad == 4);
        if (!ru && !intended)
            continue;
        snprintf(own[0], 8, "%.3s", c->cameo);
        int outcome = OUT_NOT;
        const ev *evidence = NULL;
        for (size_t j = i + 1; j < n; j++) {
            const ev *e = &evs[j];
            if (e->day > c->day + window)
                break;
            if (e->day < c->day || !same_actor(e->source, c->source) ||
                (e->mood != SAYDO_MOOD_ASSERTED && e->mood != SAYDO_MOOD_REPORTED) ||
                (e->quad != 2 && e->quad != 4) ||
                !targets_agree(c->source, c->target, e->target))
                continue;
            if (ru && any_prefix(e->cameo, (char(*)[8])ru->contra, ru->ncontra)) {
                outcome = OUT_CONTRA;
                evidence = e;
                break;
            }
            if (!evidence && (ru ? any_prefix(e->cameo, (char(*)[8])ru->does, ru->ndoes)
                                 : starts(e->cameo, own[0]))) {
                outcome = OUT_FOLLOWED;
                evidence = e;
            }
        }
        if (!evidence && c->day + window > last_day)
            outcome = OUT_OPEN;
        tally_add(&tallies, &ntallies, c->source, c->target, outcome);
        const char *label = ru ? ru->label : "intended act";
        if (format == CLI_FOLLOW_API) {
            if (api_row(api_rows, c, outcome_name[outcome], label, evidence) != 0) {
                cli_error("out of memory");
                status = CLI_FAIL;
            }
        } else if (format == 2 || format == 4) { /* jsonl, plover */
            fprintf(out, "{\"event_id\":%lld,\"date\":\"%s\",\"actor\":", c->id, c->date);
            json_str(out, c->source);
            fputs(",\"target\":", out);
            json_str(out, c->target);
            fprintf(out, ",\"cameo\":\"%s\",\"commitment\":", c->cameo);
            json_str(out, label);
            fprintf(out, ",\"outcome\":\"%s\",\"article\":", outcome_name[outcome]);
            json_str(out, c->article);
            fputs(",\"sentence\":", out);
            json_str(out, c->sentence);
            if (evidence) {
                fprintf(out, ",\"evidence\":{\"event_id\":%lld,\"date\":\"%s\",\"cameo\":\"%s\","
                       "\"article\":",
                       evidence->id, evidence->date, evidence->cameo);
                json_str(out, evidence->article);
                fputs(",\"sentence\":", out);
                json_str(out, evidence->sentence);
                fputs("}}\n", out);
            } else {
                fputs(",\"evidence\":null}\n", out);
            }
        } else if (format == 1 || format == 3) { /* csv, tsv */
            char sep = format == 1 ? ',' : '\t';
            fprintf(out, "%s%c%s%c%s%c%s%c%s%c%s%c%s\n", c->date, sep, c->source, sep, c->target, sep,
                   c->cameo, sep, outcome_name[outcome], sep,
                   evidence ? evidence->cameo : "", sep, evidence ? evidence->date : "");
        } else {
            fprintf(out, "%-10s %-9s %-9s %-5s %-33.33s %s\n", c->date, c->source,
                   *c->target ? c->target : "-", c->cameo, label, outcome_name[outcome]);
            fprintf(out, "    said: %s\n", c->sentence);
            if (evidence)
                fprintf(out, "    did (%s, %s): %s\n", evidence->date, evidence->cameo,
                       evidence->sentence);
        }
    }
    if (status == CLI_OK && format == 0) {
        fputc('\n', out);
        fputs("actor     target     made followed not-followed contradicted open\n", out);
        for (size_t i = 0; i < ntallies; i++)
            fprintf(out, "%-9s %-9s %5ld %8ld %12ld %12ld %4ld\n", tallies[i].source,
                   *tallies[i].target ? tallies[i].target : "-", tallies[i].count[0],
                   tallies[i].count[1], tallies[i].count[2], tallies[i].count[3],
                   tallies[i].count[4]);
    } else if (status == CLI_OK && (format == 2 || format == 4)) {
        for (size_t i = 0; i < ntallies; i++) {
            fputs("{\"summary\":true,\"actor\":", out);
            json_str(out, tallies[i].source);
            fputs(",\"target\":", out);
            json_str(out, tallies[i].target);
            fprintf(out, ",\"made\":%ld,\"followed\":%ld,\"not_followed\":%ld,\"contradicted\":%ld,"
                   "\"open\":%ld}\n",
                   tallies[i].count[0], tallies[i].count[1], tallies[i].count[2],
                   tallies[i].count[3], tallies[i].count[4]);
        }
    }
    if (status == CLI_OK && format == CLI_FOLLOW_API &&
        api_write(out, api_rows, user->source, window, tallies, ntallies) != 0) {
        cli_error("out of memory");
        status = CLI_FAIL;
    }
    json_decref(api_rows);
    for (size_t i = 0; i < n; i++)
        free(evs[i].sentence);
    free(evs);
    free(tallies);
    free(rules);
    return status;
}
