/*
 * code_actors.c -- actor mentions in one sentence (CAMEO actor coding).
 *
 * Rules, in order:
 *  1. Dictionary matches of @kind actor and agent entries, longest first;
 *     an actor's code is the one valid on the article's date.
 *  2. Composition: an actor followed by agents ("Russian officials",
 *     "Russia's military", "Ukrainian and Russian officials") takes the
 *     agent's sector: country RUS + agent GOV -> RUSGOV.  "the foreign
 *     minister of Russia" composes the same way.  A title before a person
 *     ("Secretary of State Antony Blinken") joins the person's mention; the
 *     person's dated code wins.
 *  3. Evidence: entries marked ambiguous=1 (Chad, Jordan, Turkey) count only
 *     when an agent or possessive follows; capitals marked metonym=capital
 *     count only where they are not the object of a place preposition
 *     ("in Moscow" is a place, "Moscow said" an actor).
 *  4. Pronouns: he/she resolve to the latest person of the article; it/they
 *     to the latest actor mention before them in the same sentence.
 *  An agent with no country stays unresolved: no guess is better than a
 *  wrong one.
 */
#include <stdlib.h>
#include <string.h>

#include "code.h"

static int has_attr(const sd_entry *entry, const char *key_value)
{
    const char *a = entry->attrs;
    size_t n = strlen(key_value);
    while (a && *a) {
        while (*a == ' ')
            a++;
        if (strncmp(a, key_value, n) == 0 && (a[n] == ' ' || a[n] == '\0' || a[n] == ','))
            return 1;
        a = strchr(a, ' ');
    }
    return 0;
}

static int is_person(const sd_entry *entry)
{
    const char *a = entry->attrs;
    return a && strstr(a, "role=") != NULL;
}

/* Country or actor code + agent sector -> composed code (arena). */
static const char *compose(saydo_result *result, const char *actor, const char *agent)
{
    if (!agent || !*agent)
        return actor;
    while (*agent == '~')
        agent++;
    size_t an = strlen(actor);
    if (an != 3)
        return actor; /* already specific (USAGOV, IGOUNO...): keep it */
    size_t gn = strlen(agent);
    char *s = sd_arena_alloc(&result->arena, an + gn + 1);
    if (!s)
        return NULL;
    memcpy(s, actor, an);
    memcpy(s + an, agent, gn + 1);
    /* strip a trailing ~ of "GOV~" style agent codes */
    for (char *p = s; *p; p++)
        if (*p == '~')
            *p = '\0';
    return s;
}

static const char *code_on(const sd_entry *entry, int32_t date)
{
    const sd_code *c = sd_entry_code_on(entry, date);
    return c ? c->code : NULL;
}

static int push(saydo_result *result, sd_mention **arr, size_t *n, size_t *cap,
                const sd_mention *m)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        sd_mention *p = sd_arena_realloc(&result->arena, *arr, *cap * sizeof *p, nc * sizeof *p);
        if (!p)
            return SAYDO_ERR_NOMEM;
        *arr = p;
        *cap = nc;
    }
    (*arr)[(*n)++] = *m;
    return 0;
}

int sd_code_actors(const saydo_coder *coder, saydo_result *result, size_t first, size_t count,
                   const uint32_t *wclass, sd_actor_memory *memory, sd_mention **out, size_t *n)
{
    const sd_token *tok = result->doc.tok;
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    unsigned mask = (1u << SD_KIND_ACTOR) | (1u << SD_KIND_AGENT);
    sd_match small[64];
    sd_match *m = small;
    size_t nm = sd_dict_match(coder->dict, mask, tok + first, count, m, 64);
    if (nm > 64) {
        m = sd_malloc(nm * sizeof *m);
        if (!m)
            return SAYDO_ERR_NOMEM;
        sd_dict_match(coder->dict, mask, tok + first, count, m, nm);
    }
    int rc = 0;
    for (size_t i = 0; i < nm && !rc; i++) {
        const sd_entry *e = m[i].entry;
        size_t s = first + m[i].tok_start, end = first + m[i].tok_end;
        sd_mention men = {(uint32_t)s, (uint32_t)end, NULL, e, 0};
        if (e->kind == SD_KIND_AGENT) {
            /* A title directly before a person joins the person. */
            if (i + 1 < nm && m[i + 1].tok_start == m[i].tok_end &&
                m[i + 1].entry->kind == SD_KIND_ACTOR && is_person(m[i + 1].entry))
                continue;
            /* "the foreign minister of Russia" */
            if (i + 1 < nm && m[i + 1].entry->kind == SD_KIND_ACTOR &&
                m[i + 1].tok_start == m[i].tok_end + 1 &&
                strcmp(tok[first + m[i].tok_end].lower, "of") == 0 &&
                !is_person(m[i + 1].entry)) {
                const char *actor = code_on(m[i + 1].entry, result->date);
                const char *agent = code_on(e, result->date);
                if (actor) {
                    men.code = compose(result, actor, agent);
                    men.entry = m[i + 1].entry;
                    men.end = first + m[i + 1].tok_end;
                    if (!men.code)
                        rc = SAYDO_ERR_NOMEM;
                    else
                        rc = push(result, out, n, &cap, &men);
                    i++;
                }
            }
            continue; /* an agent alone stays unresolved */
        }
        const char *code = code_on(e, result->date);
        if (!code)
            continue;
        /* title before the person: extend the span left */
        if (is_person(e)) {
            men.flags |= MENTION_PERSON;
            if (i > 0 && m[i - 1].entry->kind == SD_KIND_AGENT && m[i - 1].tok_end == m[i].tok_start)
                men.start = first + m[i - 1].tok_start;
            men.code = code;
            rc = push(result, out, n, &cap, &men);
            continue;
        }
        /* agents after the actor: "Russian officials", "Russia's military",
         * "Russian and Ukrainian officials" (distributed) */
        size_t j = i + 1;
        uint32_t next = m[i].tok_end;
        if (next < count && (tok[first + next].flags & SD_TOK_POSS))
            next++;
        const char *agent = NULL;
        if (j < nm && m[j].entry->kind == SD_KIND_AGENT && m[j].tok_start == next) {
            agent = code_on(m[j].entry, result->date);
            men.end = first + m[j].tok_end;
        } else if (j + 1 < nm && m[j].entry->kind == SD_KIND_ACTOR &&
                   m[j + 1].entry->kind == SD_KIND_AGENT &&
                   m[j].tok_start == m[i].tok_end + 1 &&
                   strcmp(tok[first + m[i].tok_end].lower, "and") == 0 &&
                   m[j + 1].tok_start == m[j].tok_end && !is_person(m[j].entry)) {
            agent = code_on(m[j + 1].entry, result->date); /* distributed */
        }
        if (has_attr(e, "ambiguous=1") && !agent &&
            !(m[i].tok_end < count && (tok[first + m[i].tok_end].flags & SD_TOK_POSS)))
            continue;
        if (has_attr(e, "metonym=capital")) {
            if (s > first && (wclass[s - 1 - first] & WC_PLACE))
                continue;
            if (s > first && (strcmp(tok[s - 1].lower, "from") == 0 ||
                              strcmp(tok[s - 1].lower, "to") == 0))
                continue;
            men.flags |= MENTION_METONYM;
        }
        men.code = agent ? compose(result, code, agent) : code;
        if (!men.code) {
            rc = SAYDO_ERR_NOMEM;
            break;
        }
        if (agent && men.end > (uint32_t)end)
            i = j; /* the agent is consumed */
        rc = push(result, out, n, &cap, &men);
    }
    if (m != small)
        free(m);
    if (rc)
        return rc;

    /* Pronouns, inserted in token order. */
    for (size_t t = first; t < first + count && !rc; t++) {
        const char *w = tok[t].lower;
        int he = strcmp(w, "he") == 0 || strcmp(w, "him") == 0 || strcmp(w, "she") == 0;
        int it = strcmp(w, "it") == 0 || strcmp(w, "they") == 0 || strcmp(w, "them") == 0;
        if (!he && !it)
            continue;
        const char *code = NULL;
        if (he) {
            code = memory->last_person;
        } else {
            for (size_t k = *n; k-- > 0;)
                if ((*out)[k].end <= t && !((*out)[k].flags & MENTION_PERSON)) {
                    code = (*out)[k].code;
                    break;
                }
        }
        if (!code)
            continue;
        sd_mention men = {(uint32_t)t, (uint32_t)t + 1, code, NULL, MENTION_PRONOUN};
        size_t at = *n;
        while (at > 0 && (*out)[at - 1].start > t)
            at--;
        rc = push(result, out, n, &cap, &men);
        if (!rc && at < *n - 1) {
            memmove(*out + at + 1, *out + at, (*n - 1 - at) * sizeof **out);
            (*out)[at] = men;
        }
    }
    for (size_t k = 0; k < *n; k++) {
        sd_mention *mm = &(*out)[k];
        if (tok[mm->start].flags & SD_TOK_QUOTED)
            mm->flags |= MENTION_QUOTED;
        if (mm->flags & MENTION_PRONOUN)
            continue;
        if (mm->flags & MENTION_PERSON)
            memory->last_person = mm->code;
        else
            memory->last_actor = mm->code;
    }
    return rc;
}
