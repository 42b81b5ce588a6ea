/*
 * code_actors.c -- actor mentions in one sentence (CAMEO actor coding).
 *
 * Rules, in order:
 *  1. Dictionary matches of @kind actor and agent entries, longest first;
 *     an actor's code is the one valid on the article's date.
 *  2. Composition: an actor followed by agents ("Russian officials",
 *     "Russia's military", "Ukrainian and Russian officials") takes the
 *     agent's sector: country RUS + agent GOV -> RUSGOV; an organisation
 *     keeps its own code ("UN officials" -> IGOUNO).  "the foreign minister
 *     of Russia" composes the same way, and so does a possessive pronoun
 *     with the latest actor: "France recalled its ambassador" -> FRAGOV.
 *     A title before a person ("Secretary of State Antony Blinken") is
 *     absorbed by the person, whose dated code wins.  An agent alone
 *     is its bare sector code ("protesters" -> CVL), as GDELT codes it.
 *  3. Evidence: entries marked ambiguous=1 (Chad, Jordan, Turkey, Georgia,
 *     and role words such as "general") count only when written as a
 *     name -- capitalised, not inside a longer capitalised name ("Chad
 *     Smith", "Michael Jordan"), not after a place noun ("the river
 *     Niger") -- or when an agent or possessive follows.  Capitals marked
 *     metonym=capital count only where they are not the object of a place
 *     preposition ("in Moscow" is a place, "Moscow said" an actor).
 *  4. Domestic owners: a bare agent in a sentence whose one country has a
 *     domestic authority in it takes that country ("Liberian police
 *     dispersed demonstrators": LBRCVL); see domestic_owners().
 *  5. Definite descriptions: "the minister", "the Secretary" name the
 *     latest person of the article whose role fits the office
 *     (office_roles[]); with no such person, a bare office stays GOV.
 *  6. Pronouns: he/she resolve to the latest person of the article; it/they
 *     to the latest actor mention before them in the same sentence.
 *  A mention includes a "the" right before it ("the Russian side").
 */
#include <stdlib.h>
#include <string.h>

#include "actor_fuzzy.h"
#include "code.h"
#include "dict_tabari.h"

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

/* Country or actor code + agent sector -> composed code (arena).  A
 * three-letter country takes the sector; a longer code (USAGOV, IGOUNO) is
 * already specific and is kept; the agent "~" adds nothing ("side"). */
static const char *compose_ex(saydo_result *result, const char *actor, const char *agent,
                              int always);

static const char *compose(saydo_result *result, const char *actor, const char *agent)
{
    return compose_ex(result, actor, agent, 0);
}

/* compose(); with always set (TABARI's agents, tabari=1) the sector is
 * appended to an actor code of any length: ARNGOV + ~PRS -> ARNGOVPRS. */
static const char *compose_ex(saydo_result *result, const char *actor, const char *agent,
                              int always)
{
    if (!agent)
        return actor;
    /* "NGO~" (TABARI's prefix agents) goes before the actor: NGOARN */
    size_t al = strlen(agent);
    if (al > 1 && agent[0] != '~' && agent[al - 1] == '~' && strcspn(agent, "~") == al - 1) {
        size_t an = strlen(actor);
        char *s = sd_arena_alloc(&result->arena, an + al);
        if (!s)
            return NULL;
        if (always && strncmp(actor, agent, al - 1) == 0)
            return actor; /* NGOARN + NGO~ */
        memcpy(s, agent, al - 1);
        memcpy(s + al - 1, actor, an + 1);
        return s;
    }
    while (*agent == '~')
        agent++;
    size_t an = strlen(actor), gn = strcspn(agent, "~");
    if ((an != 3 && !always) || gn == 0)
        return actor;
    /* TABARI adds a sector once: USAGOV + ~GOV is USAGOV */
    for (size_t k = 3; always && k + gn <= an; k += 3)
        if (strncmp(actor + k, agent, gn) == 0)
            return actor;
    char *s = sd_arena_alloc(&result->arena, an + gn + 1);
    if (!s)
        return NULL;
    memcpy(s, actor, an);
    memcpy(s + an, agent, gn);
    s[an + gn] = '\0';
    return s;
}

/* The bare sector of an agent code ("~GOV" and "NGO~" -> "GOV", "NGO");
 * NULL for "~" (or when out of memory). */
static const char *bare_agent(saydo_result *result, const char *agent)
{
    while (agent && *agent == '~')
        agent++;
    if (!agent || !*agent)
        return NULL;
    size_t n = strcspn(agent, "~");
    return agent[n] ? sd_arena_strndup(&result->arena, agent, n) : agent;
}

static const char *code_on(const sd_entry *entry, int32_t date)
{
    const sd_code *c = sd_entry_code_on(entry, date);
    return c && !sd_streq(c->code, "null") ? c->code : NULL; /* TABARI's dated [---] */
}

/* A weekday or month name: "Israel Friday reimposed ...". */
static int is_day_name(const sd_token *t)
{
    static const char *const names[] = {"monday",   "tuesday", "wednesday", "thursday",
                                        "friday",   "saturday", "sunday",   "january",
                                        "february", "march",   "april",     "june",
                                        "july",     "august",  "september", "october",
                                        "november", "december", NULL};
    for (size_t i = 0; names[i]; i++)
        if (t->lower[0] == names[i][0] && strcmp(t->lower, names[i]) == 0)
            return 1;
    return 0;
}

static int is_cap_word(const sd_token *t)
{
    return (t->flags & SD_TOK_WORD) && (t->flags & (SD_TOK_CAP | SD_TOK_ALLCAPS));
}

/* Is word (a sector code or a lower-case word) in the NULL-ended list? */
static int in_list(const char *sector, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (sector[0] == list[i][0] && strcmp(sector, list[i]) == 0)
            return 1;
    return 0;
}

/* "the government of Khartoum", "the regime in Damascus": a word after
 * which a capital stands for the government. */
static int government_word(const sd_token *t)
{
    static const char *const words[] = {"government", "regime", "authorities", "leadership",
                                        "administration", NULL};
    return in_list(t->lower, words);
}

/* A compass or district word that may stand between "in" and a city:
 * "in East Jerusalem", "in central Baghdad", "in downtown Cairo". */
static int is_compass(const sd_token *t)
{
    static const char *const words[] = {
        "east",     "west",     "north",     "south",    "eastern", "western", "northern",
        "southern", "central",  "downtown",  "greater",  "old",     "suburban", "northeastern",
        "northwestern", "southeastern", "southwestern", "outer", "inner", NULL};
    return in_list(t->lower, words);
}

/* Is the word at token s counted as a crowd ("thousands of people",
 * "2,000 people", "hundreds of workers")?  Evidence that an ambiguous
 * agent word names a group of actors, not an abstraction ("people say"). */
static int counted(const sd_token *tok, size_t first, size_t s)
{
    static const char *const many[] = {"thousands", "hundreds", "dozens", "tens", "scores",
                                       "millions",  "thousand", "hundred", NULL};
    size_t b = s;
    if (b > first + 1 && sd_streq(tok[b - 1].lower, "of"))
        b--;
    if (b == first)
        return 0;
    const char *w = tok[b - 1].lower;
    return in_list(w, many) || (w[0] >= '0' && w[0] <= '9');
}

/* Evidence that an ambiguous name at tokens [s, end) names the country. */
static int ambiguous_ok(const sd_token *tok, const uint32_t *wc, size_t first, size_t count,
                        size_t s, size_t end, int title_case)
{
    while (s + 1 < end && (wc[s - first] & WC_DET))
        s++; /* "[the] icc": judge the name, not the article */
    if (!is_cap_word(&tok[s]))
        return 0; /* "turkey dinner", "the guinea pig" */
    if (title_case)
        return 1; /* "Israel Strikes Military Sites": capitals say nothing */
    if (end < first + count && is_cap_word(&tok[end]) && !is_day_name(&tok[end]))
        return 0; /* "Chad Smith", "Jordan Peterson" -- not "Israel Friday" */
    if (s > first && is_cap_word(&tok[s - 1]) && !(wc[s - 1 - first] & WC_DET))
        return 0; /* "Michael Jordan" -- not "The US" */
    if (s > first && (wc[s - 1 - first] & WC_GEO))
        return 0; /* "the river Niger" */
    int list = end < first + count &&
               (sd_streq(tok[end].lower, "and") || sd_streq(tok[end].lower, "or") ||
                sd_streq(tok[end].lower, ","));
    if (s >= first + 2 && sd_streq(tok[s - 1].lower, ",") && is_cap_word(&tok[s - 2]) && !list)
        return 0; /* "Atlanta, Georgia" -- not "Japan, China and South Korea" */
    return 1;
}

/* Does a non-agent actor match start at sentence-relative token rel? */
static int starts_actor(const sd_match *m, size_t nm, size_t from, size_t rel)
{
    for (size_t k = from + 1; k < nm; k++)
        if (m[k].tok_start == rel)
            return m[k].entry->kind == SD_KIND_ACTOR;
    return 0;
}

/* A word that may stand between a country and its role noun: a rank word
 * of the grammar list ("junior", "deputy", "acting") or a capitalised
 * title word ("Vice", "Defence"). */
static int modifier_word(const sd_token *tok, const uint32_t *wc, size_t first, size_t rel)
{
    const sd_token *t = &tok[first + rel];
    if (!(t->flags & SD_TOK_WORD) || (t->flags & SD_TOK_POSS))
        return 0;
    if (wc[rel] & WC_RANK)
        return 1;
    return (t->flags & SD_TOK_CAP) && !(t->flags & SD_TOK_SENT_START) &&
           !(wc[rel] & (WC_CLAUSE | WC_SAY | WC_DET | WC_POSS | WC_NEG | WC_MODAL | WC_BE));
}

/* Capitalisation must be consistent inside a name: in running text a
 * match whose first word is capitalised but which contains a lower-case
 * content word ("Russia today", "Turkey dinner") is not that name. */
static int case_consistent(const sd_token *tok, const uint32_t *wc, size_t first, size_t s,
                           size_t end)
{
    if (!(tok[s].flags & (SD_TOK_CAP | SD_TOK_ALLCAPS)) || end - s < 2)
        return 1;
    for (size_t t = s + 1; t < end; t++)
        if ((tok[t].flags & SD_TOK_WORD) && !(tok[t].flags & (SD_TOK_CAP | SD_TOK_ALLCAPS)) &&
            !(wc[t - first] & (WC_DET | WC_NAMEJOIN | WC_PLACE | WC_WITH)) &&
            !(tok[t].flags & SD_TOK_HYPHEN))
            return 0;
    return 1;
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

/* The latest non-person actor before token t: in this sentence's mentions,
 * else the article memory. */
static const char *antecedent(const sd_token *tok, const sd_mention *men, size_t n, size_t t,
                              const sd_actor_memory *memory)
{
    for (size_t k = n; k-- > 0;)
        if (men[k].end <= t && !(men[k].flags & (MENTION_PERSON | MENTION_BARE)) &&
            !(men[k].start > 0 && (sd_streq(tok[men[k].start - 1].lower, "a") ||
                                   sd_streq(tok[men[k].start - 1].lower, "an"))))
            return men[k].code; /* (not "a Russian diplomat": one person) */
    return memory->last_actor;
}

/* The length of a phrase naming a coordinated pair at token t ("the two
 * sides", "both countries", "the two delegations"), or 0. */
static size_t pair_phrase(const sd_token *tok, size_t t, size_t end, int *sides)
{
    static const char *const opposed[] = {"sides", "parties", "camps", "foes", "rivals", NULL};
    static const char *const heads[] = {"sides",   "countries", "delegations", "parties",
                                        "leaders", "governments", "nations",  "neighbours",
                                        "neighbors", "foes",    "rivals",      "camps",
                                        NULL};
    size_t h;
    char c0 = tok[t].lower[0];
    if (c0 != 'b' && c0 != 't')
        return 0; /* (neither "both" nor "the": most tokens, without a call) */
    if (sd_streq(tok[t].lower, "both"))
        h = t + 1;
    else if (sd_streq(tok[t].lower, "the") && t + 1 < end &&
             sd_streq(tok[t + 1].lower, "two"))
        h = t + 2;
    else
        return 0;
    if (h >= end)
        return 0;
    *sides = 0;
    for (size_t i = 0; opposed[i]; i++)
        *sides |= strcmp(tok[h].lower, opposed[i]) == 0;
    for (size_t i = 0; heads[i]; i++)
        if (strcmp(tok[h].lower, heads[i]) == 0)
            return h + 1 - t;
    return 0;
}

int sd_mention_country(const sd_mention *m, char cc[4])
{
    static const char *const not_countries[] = {"IGO", "NGO", "IMG", "MNC", "UIS", "NGM", NULL};
    if (m->flags & MENTION_OWNED) {
        memcpy(cc, m->code, 3); /* a bare agent given a country */
        cc[3] = '\0';
        return 1;
    }
    if ((m->flags & MENTION_PRONOUN) && !(m->flags & MENTION_PAIR) && m->code &&
        strlen(m->code) >= 6) {
        /* "he" standing for a person in office: "RUSGOV" */
        for (size_t i = 0; not_countries[i]; i++)
            if (strncmp(m->code, not_countries[i], 3) == 0)
                return 0;
        memcpy(cc, m->code, 3);
        cc[3] = '\0';
        return 1;
    }
    if (m->flags & (MENTION_BARE | MENTION_PRONOUN) || !m->entry ||
        m->entry->kind != SD_KIND_ACTOR || has_attr(m->entry, "type=region"))
        return 0;
    const char *c = m->code;
    for (int i = 0; i < 3; i++)
        if (c[i] < 'A' || c[i] > 'Z')
            return 0;
    for (size_t i = 0; not_countries[i]; i++)
        if (strncmp(c, not_countries[i], 3) == 0)
            return 0;
    memcpy(cc, c, 3);
    cc[3] = '\0';
    return 1;
}

/* Domestic owners.  An agent with no owner ("demonstrators", "the
 * opposition", "police") in a sentence whose every country-bearing actor
 * and capital belongs to one country C, one of them a domestic authority
 * of C (its government, police, courts or parliament, or a person who holds
 * office there), is taken to be C's: "Liberian riot police dispersed
 * demonstrators" -> LBRCOP against LBRCVL.  Military and plain country
 * owners never lend their country ("Russian troops shelled civilians":
 * whose civilians the sentence does not say), nor does a sentence naming
 * two countries.  The first country to lend its agents this way becomes
 * the article's home country: a later sentence naming no other country
 * ("Demonstrators marched through the capital") is about it. */
typedef struct domestic {
    char cc[4];       /* the one country seen so far                       */
    int mixed;        /* a second country was seen                         */
    int authority;    /* a domestic authority of cc was seen               */
    int gov;          /* ... and it was the government (CCCGOV)            */
    size_t first_gov; /* the index of the first such mention              */
} domestic;

static void note_country(domestic *d, const char *cc)
{
    if (!d->cc[0])
        memcpy(d->cc, cc, 4);
    else if (strcmp(d->cc, cc) != 0)
        d->mixed = 1;
}

static void note_place_country(domestic *d, const char *code)
{
    char cc[4];
    if (!code || strlen(code) < 3)
        return;
    memcpy(cc, code, 3);
    cc[3] = '\0';
    note_country(d, cc);
}


/* "Sudan's army and the RSF signed ... Officials of the RSF accused the
 * army": a sector named with "the" and no owner is the one the article
 * named before with its country (SDNMIL), when only one country's was.
 * Notes this sentence's sectors with their countries first. */
static int sector_anaphora(saydo_result *result, const sd_token *tok, size_t first,
                           sd_mention *men, size_t n, sd_actor_memory *memory)
{
    for (size_t k = 0; k < n; k++) {
        char cc[4];
        size_t cl = strlen(men[k].code);
        if ((men[k].flags & (MENTION_BARE | MENTION_PRONOUN)) || cl != 6 ||
            !sd_mention_country(&men[k], cc))
            continue;
        const char *agent = men[k].code + 3;
        size_t i = 0;
        while (i < memory->nowner && strcmp(memory->owner[i].agent, agent) != 0)
            i++;
        if (i == memory->nowner) {
            if (i == sizeof memory->owner / sizeof memory->owner[0])
                continue;
            memcpy(memory->owner[i].agent, agent, 4);
            memcpy(memory->owner[i].cc, cc, 4);
            memory->owner[i].mixed = 0;
            memory->nowner++;
        } else if (strcmp(memory->owner[i].cc, cc) != 0) {
            memory->owner[i].mixed = 1;
        }
    }
    for (size_t k = 0; k < n; k++) {
        sd_mention *m = &men[k];
        if (!(m->flags & MENTION_BARE) || strlen(m->code) != 3 || m->start <= first ||
            !sd_streq(tok[m->start - 1].lower, "the"))
            continue;
        if ((k + 1 < n && men[k + 1].start == m->end) || (tok[m->end].flags & SD_TOK_CAP))
            continue; /* "the paramilitary Rapid Support Forces": a modifier */
        if ((sd_streq(tok[m->end].lower, "in") || sd_streq(tok[m->end].lower, "of") ||
             sd_streq(tok[m->end].lower, "from")) &&
            k + 1 < n && men[k + 1].start <= m->end + 2)
            continue; /* "the regime in Minsk": the place says whose */
        for (size_t i = 0; i < memory->nowner; i++)
            if (strcmp(memory->owner[i].agent, m->code) == 0 && !memory->owner[i].mixed) {
                const char *code = compose(result, memory->owner[i].cc, m->code);
                if (!code)
                    return SAYDO_ERR_NOMEM;
                m->code = code;
                m->flags = (m->flags & ~MENTION_BARE) | MENTION_OWNED;
                break;
            }
    }
    return 0;
}

static int domestic_owners(saydo_result *result, sd_mention *men, size_t n, domestic *d,
                           sd_actor_memory *memory)
{
    static const char *const authority[] = {"GOV", "COP", "JUD", "LEG", NULL};
    static const char *const inherits[] = {"CVL", "OPP", "REB", "INS", "EDU", "LAB", "BUS",
                                           "MED", "REL", "ELI", "HRI", "AGR", "GOV", "COP",
                                           "JUD", "LEG", "PTY", "SEP", "RAD", NULL};
    size_t nbare = 0;
    for (size_t k = 0; k < n; k++) {
        char cc[4];
        if (men[k].flags & MENTION_BARE) {
            nbare++;
            continue;
        }
        if (!sd_mention_country(&men[k], cc))
            continue;
        note_country(d, cc);
        if (strlen(men[k].code) == 6 && in_list(men[k].code + 3, authority)) {
            d->authority = 1;
            if (sd_streq(men[k].code + 3, "GOV") && !d->gov) {
                d->gov = 1;
                d->first_gov = k;
            }
        }
    }
    if (!d->mixed && d->authority && d->cc[0] && !memory->home[0])
        memcpy(memory->home, d->cc, 4); /* the article's home country */
    if (!nbare || d->mixed)
        return 0;
    if (!d->authority) {
        /* a sentence naming no country at all ("Demonstrators marched
         * through the capital") is about the article's home country */
        if (!memory->home[0] || (d->cc[0] && strcmp(d->cc, memory->home) != 0))
            return 0;
        memcpy(d->cc, memory->home, 4);
    }
    for (size_t k = 0; k < n; k++) {
        if (!(men[k].flags & MENTION_BARE) || !in_list(men[k].code, inherits))
            continue;
        /* "President Mitterand criticised South African leader de Klerk":
         * an official named before a government is its counterpart, not
         * its colleague ("Swaziland's king named a new prime minister"
         * still is) */
        if (d->gov && sd_streq(men[k].code, "GOV") && k < d->first_gov)
            continue;
        /* "envoys of the two sides", "officials of both countries": the
         * actor after "of" says whose */
        const sd_token *tok = result->doc.tok;
        size_t e = men[k].end, ntok = result->doc.ntok;
        int sides = 0;
        if (e + 1 < ntok && sd_streq(tok[e].lower, "of") &&
            ((k + 1 < n && men[k + 1].start > e && men[k + 1].start <= e + 2) ||
             pair_phrase(tok, e + 1, ntok, &sides)))
            continue;
        const char *code = compose(result, d->cc, men[k].code);
        if (!code)
            return SAYDO_ERR_NOMEM;
        men[k].code = code;
        men[k].flags = (men[k].flags & ~MENTION_BARE) | MENTION_OWNED;
    }
    return 0;
}

/* Misspelt country names (actor_fuzzy.c): a capitalised word no
 * dictionary knows, standing alone (no capitalised word on either side, so
 * not part of a person's or an organisation's name), one letter away from
 * a country's name: "Ethopia has agreed ..." -> ETH.  Returns the mention
 * for token t, or one with code NULL. */
static sd_mention fuzzy_at(const saydo_coder *coder, saydo_result *result, size_t first,
                           size_t count, const uint32_t *wc, size_t t)
{
    sd_mention men = {(uint32_t)t, (uint32_t)t + 1, NULL, NULL, 0, NULL};
    const sd_token *tok = result->doc.tok;
    const sd_token *w = &tok[t];
    /* "Vietnamese-led forces", "the Saudi-led coalition": the country
     * that leads is the actor (its name or adjective before "-led") */
    size_t wl = strlen(w->lower);
    if ((w->flags & SD_TOK_HYPHEN) && is_cap_word(w) && wl > 4 && wl < 64 &&
        sd_streq(w->lower + wl - 4, "-led")) {
        char lead[64];
        memcpy(lead, w->lower, wl - 4);
        lead[wl - 4] = '\0';
        const sd_entry *e = sd_dict_lookup(coder->dict, 1u << SD_KIND_ACTOR, lead);
        const char *code = e && !has_attr(e, "type=region") ? code_on(e, result->date) : NULL;
        if (code && strlen(code) == 3 && !is_person(e)) {
            men.code = code;
            men.entry = e;
        }
        return men;
    }
    if (!coder->fuzzy || !is_cap_word(w) ||
        (w->flags & (SD_TOK_ABBREV | SD_TOK_HYPHEN | SD_TOK_POSS | SD_TOK_ALLCAPS)) ||
        wc[t - first] || strlen(w->lower) < 5)
        return men;
    if (t + 1 < first + count && is_cap_word(&tok[t + 1]))
        return men;
    if (t > first && is_cap_word(&tok[t - 1]) && !(w->flags & SD_TOK_SENT_START))
        return men;
    const sd_entry *e = sd_fuzzy_lookup(coder->fuzzy, w->lower);
    if (e && has_attr(e, "tabari=1"))
        e = NULL; /* TABARI's phrases match as written: "Estoniab" is no ESTONIA_ */
    if (e) {
        men.code = code_on(e, result->date);
        men.entry = e;
    }
    return men;
}

/* Push the misspelt names among tokens [*t, end) that no dictionary match
 * covers (matches m[from..nm) start at or after *t). */
static int fuzzy_until(const saydo_coder *coder, saydo_result *result, size_t first,
                       size_t count, const uint32_t *wc, size_t *t, size_t end,
                       sd_mention **out, size_t *n, size_t *cap)
{
    for (; *t < end; (*t)++) {
        sd_mention men = fuzzy_at(coder, result, first, count, wc, *t);
        if (!men.code)
            continue;
        if (*t > first && sd_streq(result->doc.tok[*t - 1].lower, "the"))
            men.start--;
        int rc = push(result, out, n, cap, &men);
        if (rc)
            return rc;
    }
    return 0;
}

/* A town or province named right before an agent ("Kharkiv residents",
 * "Idlib rebels"): one or two capitalised words no dictionary matched,
 * read as a place of the gazetteer (sd_gazetteer_town, 100,000 people or
 * more).  Returns the first token of the name and fills cc, or SIZE_MAX. */
static size_t place_owner(const saydo_coder *coder, const saydo_result *result, size_t first,
                          size_t s, char cc[4])
{
    const sd_token *tok = result->doc.tok;
    if (!coder->gaz || s == first)
        return SIZE_MAX;
    size_t b = s;
    while (b > first && b + 2 > s && (tok[b - 1].flags & SD_TOK_WORD) &&
           (tok[b - 1].flags & SD_TOK_CAP) && !(tok[b - 1].flags & SD_TOK_ALLCAPS))
        b--;
    if (b == s)
        return SIZE_MAX;
    const sd_place *best = sd_gazetteer_town(coder->gaz, result->doc.norm + tok[b].start,
                                             tok[s - 1].end - tok[b].start, 100000);
    if (!best)
        return SIZE_MAX;
    memcpy(cc, best->country, 3);
    cc[3] = '\0';
    return b;
}

/* A town of the gazetteer (100,000 people or more) named by one or two
 * capitalised words at token t, ending before limit (the next dictionary
 * match) and end: fills cc and *town_end and returns 1, else 0. */
static int town_after(const saydo_coder *coder, const saydo_result *result, size_t t,
                      size_t end, size_t limit, char cc[4], size_t *town_end)
{
    const sd_token *tok = result->doc.tok;
    if (!coder->gaz || t >= end || t >= limit)
        return 0;
    size_t e = t;
    while (e < end && e < limit && e < t + 2 && (tok[e].flags & SD_TOK_WORD) &&
           (tok[e].flags & SD_TOK_CAP) && !(tok[e].flags & SD_TOK_ALLCAPS))
        e++;
    for (; e > t; e--) {
        const sd_place *best = sd_gazetteer_town(coder->gaz, result->doc.norm + tok[t].start,
                                                 tok[e - 1].end - tok[t].start, 100000);
        if (best) {
            memcpy(cc, best->country, 3);
            cc[3] = '\0';
            *town_end = e;
            return 1;
        }
    }
    return 0;
}

/* Definite descriptions: the offices a title word can name, as the role
 * codes of the people dictionaries ("role=fm,pm"). */
static const struct {
    const char *title;  /* the mention's words, lower case, one space   */
    const char *roles;  /* compatible roles, comma-separated, in commas */
} office_roles[] = {
    {"president", ",president,head_of_state,"},
    {"prime minister", ",pm,premier,"},
    {"premier", ",pm,premier,"},
    {"chancellor", ",chancellor,pm,"},
    {"foreign minister", ",fm,secstate,fs,"},
    {"foreign secretary", ",fm,fs,secstate,"},
    {"secretary of state", ",secstate,fm,"},
    {"top diplomat", ",fm,secstate,fs,"},
    {"defence minister", ",dm,secdef,"},
    {"defense minister", ",dm,secdef,"},
    {"defence secretary", ",dm,secdef,"},
    {"defense secretary", ",secdef,dm,"},
    {"minister", ",fm,dm,pm,interior,finance,finance_minister,minister,deputy_pm,"
                 "interior_minister,"},
    {"secretary", ",secstate,fs,secdef,"},
    {"king", ",king,"},
    {"envoy", ",envoy,ambassador,un_amb,"},
    {"ambassador", ",ambassador,un_amb,"},
    {NULL, NULL}};

/* Does the entry's role= list hold one of roles (",a,b,")? */
static int has_role(const sd_entry *e, const char *roles)
{
    const char *r = e->attrs ? strstr(e->attrs, "role=") : NULL;
    if (!r)
        return 0;
    r += 5;
    while (*r && *r != ' ') {
        size_t n = strcspn(r, ", ");
        char want[40];
        if (n + 3 <= sizeof want) {
            want[0] = ',';
            memcpy(want + 1, r, n);
            want[n + 1] = ',';
            want[n + 2] = '\0';
            if (strstr(roles, want))
                return 1;
        }
        r += n;
        if (*r == ',')
            r++;
    }
    return 0;
}

/* The code of the latest person of the article whose office the singular
 * title at tokens [s, end) names ("the minister" after "Sergey Lavrov
 * said"), or NULL. */
static const char *definite_person(const saydo_result *result, const sd_actor_memory *memory,
                                   size_t s, size_t end)
{
    const sd_token *tok = result->doc.tok;
    char title[48];
    size_t len = 0;
    for (size_t t = s; t < end; t++) {
        size_t n = strlen(tok[t].lower);
        if (len + n + 2 > sizeof title)
            return NULL;
        if (len)
            title[len++] = ' ';
        memcpy(title + len, tok[t].lower, n);
        len += n;
    }
    title[len] = '\0';
    const char *roles = NULL;
    for (size_t i = 0; office_roles[i].title && !roles; i++)
        if (strcmp(title, office_roles[i].title) == 0)
            roles = office_roles[i].roles;
    if (!roles)
        return NULL;
    size_t n = memory->nrecent < SD_RECENT_PERSONS ? memory->nrecent : SD_RECENT_PERSONS;
    for (size_t k = 0; k < n; k++) {
        size_t at = (memory->nrecent - 1 - k) % SD_RECENT_PERSONS;
        if (has_role(memory->recent[at], roles))
            return memory->recent_code[at];
    }
    return NULL;
}

int sd_code_actors(const saydo_coder *coder, saydo_result *result, size_t first, size_t count,
                   const uint32_t *wclass, sd_actor_memory *memory, sd_mention **out, size_t *n)
{
    return sd_code_actors_ids(coder, result, first, count, wclass, NULL, memory, out, n);
}

/* A word of the time of a speech verb, between it and what was said:
 * "said Tuesday that", "said on Friday", "said last night". */
static int speech_time_word(const char *w)
{
    static const char *const words[] = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "yesterday", "today", "tonight", "on", "last", "late", "night", "earlier", "this",
        "week", "morning", "afternoon", "evening", NULL};
    for (size_t i = 0; words[i]; i++)
        if (sd_streq(w, words[i]))
            return 1;
    return 0;
}

/* The code of the speaker of a speech verb whose report starts at token
 * sv ("that" already passed) when the speaker is a group of people named
 * by a plural noun ("militants", "police", "rebels": a bare sector too),
 * the subject of the speech verb right before it: "Militants said
 * Tuesday that they ...".  NULL otherwise. */
static const char *speakers_they(const sd_token *tok, const uint32_t *wclass, size_t first,
                                 size_t sv, const sd_mention *men, size_t n)
{
    while (sv > first + 1 && speech_time_word(tok[sv - 1].lower))
        sv--;
    if (sv < first + 2 || !(wclass[sv - 1 - first] & WC_SAY))
        return NULL;
    size_t say = sv - 1;
    for (size_t k = n; k-- > 0;) {
        const sd_mention *a = &men[k];
        if (a->end > say)
            continue;
        if (a->end != say || (a->flags & (MENTION_PERSON | MENTION_PRONOUN)))
            return NULL;
        const char *head = tok[a->end - 1].lower;
        size_t hl = strlen(head);
        int plural = (hl > 3 && head[hl - 1] == 's' && head[hl - 2] != 's') ||
                     sd_streq(head, "police") || sd_streq(head, "people");
        return plural ? a->code : NULL;
    }
    return NULL;
}

/* A capitalised hyphenated word no actor entry matches whose parts, read as
 * two words, are one ("Greek-Cypriot" is "Greek Cypriot"), or two names,
 * of which the second is the head ("Bosnian-Serb": a Serb; "Lebanese-
 * American": an American).  The word's own spelling wins where an entry
 * has it; a first part alone ("US-led", "Iranian-backed") gives nothing.  Adds
 * such matches to *m (nm of them, in text order; *m is small or
 * sd_malloc'd, and may be replaced by a larger sd_malloc'd array).
 * 0 or SAYDO_ERR_NOMEM. */
static int hyphen_compounds(const saydo_coder *coder, const sd_token *tok, size_t first,
                            size_t count, sd_match **m, sd_match *small, size_t *nm)
{
    size_t covered = 0; /* index into *m of the first match not before t */
    for (size_t t = first; t < first + count; t++) {
        if (!(tok[t].flags & SD_TOK_HYPHEN) || !(tok[t].flags & SD_TOK_CAP))
            continue;
        while (covered < *nm && first + (*m)[covered].tok_end <= t)
            covered++;
        if (covered < *nm && first + (*m)[covered].tok_start <= t)
            continue; /* inside a match already */
        const char *w = tok[t].lower;
        const char *h = strchr(w, '-');
        size_t n1 = h ? (size_t)(h - w) : 0;
        if (!h || n1 < 3 || strlen(h + 1) < 3 || strchr(h + 1, '-') || n1 >= 64)
            continue;
        char part1[64];
        memcpy(part1, w, n1);
        part1[n1] = '\0';
        sd_token two[2];
        memset(two, 0, sizeof two);
        two[0].lower = two[0].lemma = part1;
        two[1].lower = two[1].lemma = h + 1;
        two[0].flags = two[1].flags = SD_TOK_WORD | SD_TOK_CAP;
        sd_match pair[2];
        size_t np = sd_dict_match(coder->dict, 1u << SD_KIND_ACTOR, two, 2, pair, 2);
        sd_match found;
        if (np == 1 && pair[0].tok_start == 0 && pair[0].tok_end == 2)
            found = pair[0]; /* one entry for both words */
        else if (np == 2 && pair[0].tok_end == 1 && pair[1].tok_start == 1 &&
                 pair[1].tok_end == 2)
            found = pair[1]; /* two names: the head's ("Lebanese-American": American) */
        else
            continue;
        /* insert at covered, keeping text order */
        sd_match *arr = *m;
        if (arr == small && *nm >= 64) {
            arr = sd_malloc((*nm + 1) * sizeof *arr);
            if (!arr)
                return SAYDO_ERR_NOMEM;
            memcpy(arr, small, *nm * sizeof *arr);
        } else if (arr != small) {
            arr = sd_realloc(arr, (*nm + 1) * sizeof *arr);
            if (!arr)
                return SAYDO_ERR_NOMEM;
        }
        memmove(arr + covered + 1, arr + covered, (*nm - covered) * sizeof *arr);
        memset(&arr[covered], 0, sizeof arr[covered]);
        arr[covered].tok_start = (uint32_t)(t - first);
        arr[covered].tok_end = (uint32_t)(t - first + 1);
        arr[covered].entry = found.entry;
        *m = arr;
        (*nm)++;
        covered++;
    }
    return 0;
}

/* The filler of {AGAP} (TABARI's actor phrases): one to four words, not
 * across punctuation other than quotes and hyphens. */
typedef struct agap_ctx {
    const sd_token *tok;
    size_t count;
} agap_ctx;

static size_t agap_fill(void *ctx, const char *name, size_t pos, size_t *ends, size_t max)
{
    const agap_ctx *c = ctx;
    size_t n = 0;
    (void)name;
    for (size_t len = 1; len <= 4 && pos + len <= c->count && n < max; len++) {
        const sd_token *t = &c->tok[pos + len - 1];
        if ((t->flags & SD_TOK_PUNCT) && !(t->flags & SD_TOK_QUOTE) && !sd_streq(t->lower, "-"))
            break;
        ends[n++] = pos + len;
    }
    return n;
}

int sd_code_actors_ids(const saydo_coder *coder, saydo_result *result, size_t first,
                       size_t count, const uint32_t *wclass, const sd_tok_ids *ids,
                       sd_actor_memory *memory, sd_mention **out, size_t *n)
{
    const sd_token *tok = result->doc.tok;
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    domestic dom = {{0}, 0, 0, 0, 0};
    unsigned mask = (1u << SD_KIND_ACTOR) | (1u << SD_KIND_AGENT);
    sd_match small[64];
    sd_match *m = small;
    /* TABARI's actor phrases may have other words where a space stands
     * (the slot {AGAP}, dict_tabari.c) */
    static const char *const agap[] = {"AGAP", NULL};
    agap_ctx ac = {tok + first, count};
    int gaps = sd_dict_tabari_options(coder->dict)->actor_gaps;
    size_t nm = gaps ? sd_dict_match_slots_ids(coder->dict, mask, tok + first, ids, count, agap,
                                               agap_fill, &ac, m, 64)
                     : sd_dict_match_ids(coder->dict, mask, tok + first, ids, count, m, 64);
    if (nm > 64) {
        m = sd_malloc(nm * sizeof *m);
        if (!m)
            return SAYDO_ERR_NOMEM;
        if (gaps)
            sd_dict_match_slots_ids(coder->dict, mask, tok + first, ids, count, agap, agap_fill,
                                    &ac, m, nm);
        else
            sd_dict_match_ids(coder->dict, mask, tok + first, ids, count, m, nm);
    }
#define REL(x) ((size_t)(x) - first) /* absolute token -> sentence-relative */
    /* Capitalisation must be consistent inside a name: replace a match
     * such as "Russia today" by the longest shorter entry that is. */
    for (size_t i = 0; i < nm; i++) {
        size_t s = first + m[i].tok_start, end = first + m[i].tok_end;
        if (m[i].entry->kind != SD_KIND_ACTOR || has_attr(m[i].entry, "tabari=1") ||
            has_attr(m[i].entry, "mixedcase=1") || case_consistent(tok, wclass, first, s, end))
            continue; /* (TABARI's and PETRARCH's phrases ignore capitals, and so
                         do names written half in capitals: "Zionist regime") */
        sd_match alt[8];
        size_t na = sd_dict_match_at_ids(coder->dict, 1u << SD_KIND_ACTOR, tok + first, ids, count,
                                     m[i].tok_start, alt, 8);
        const sd_match *ok = NULL;
        for (size_t a = 0; a < na && a < 8 && !ok; a++)
            if (alt[a].tok_end < m[i].tok_end &&
                case_consistent(tok, wclass, first, s, first + alt[a].tok_end))
                ok = &alt[a];
        if (ok) {
            m[i].tok_end = ok->tok_end;
            m[i].entry = ok->entry;
        } else {
            m[i].entry = NULL; /* dropped below */
        }
    }
    size_t kept = 0;
    for (size_t i = 0; i < nm; i++)
        if (m[i].entry)
            m[kept++] = m[i];
    nm = kept;
    if (hyphen_compounds(coder, tok, first, count, &m, small, &nm)) {
        if (m != small)
            free(m);
        return SAYDO_ERR_NOMEM;
    }
    int rc = 0;
    /* a title-case headline: most words of four letters or more capitalised */
    int title_case = 0;
    {
        size_t words = 0, caps = 0;
        for (size_t t = first; t < first + count; t++)
            if ((tok[t].flags & SD_TOK_WORD) && strlen(tok[t].lower) >= 4) {
                words++;
                if (tok[t].flags & (SD_TOK_CAP | SD_TOK_ALLCAPS))
                    caps++;
            }
        title_case = words >= 3 && caps * 5 >= words * 4;
    }
    size_t fz = first; /* misspelt names are looked for up to here */
    const char *shared_agent = NULL; /* "ministers of A and B": B's office */
    int tab_list = 0;                /* shared_agent is a TABARI agent's    */
    const char *pre_agent = NULL;    /* TABARI: an agent right before the actor */
    size_t pre_start = 0;
    size_t owner_start;
    char owner_cc[4];
    for (size_t i = 0; i < nm && !rc; i++) {
        const sd_entry *e = m[i].entry;
        size_t s = first + m[i].tok_start, end = first + m[i].tok_end;
        if (i > 0 && fz < first + m[i - 1].tok_end)
            fz = first + m[i - 1].tok_end; /* past matches consumed with i - 1 */
        rc = fuzzy_until(coder, result, first, count, wclass, &fz, s, out, n, &cap);
        if (rc)
            break;
        fz = end;
        sd_mention men;
        memset(&men, 0, sizeof men);
        men.start = (uint32_t)s;
        men.end = (uint32_t)end;
        men.entry = e;
        int ambiguous = has_attr(e, "ambiguous=1");
        int titled = 0; /* the mention ends with a role word */
        const char *pre = pre_agent; /* set by the match before, for this one */
        size_t pre_s = pre_start;
        pre_agent = NULL;
        if (e->kind == SD_KIND_AGENT) {
            titled = 1;
            const char *agent = code_on(e, result->date);
            /* TABARI: an agent right before an actor qualifies it ("MSF
             * Arnor" NGOARN); the actor's mention takes it below */
            if (has_attr(e, "tabari=1") && agent && i + 1 < nm &&
                m[i + 1].tok_start == m[i].tok_end && m[i + 1].entry->kind == SD_KIND_ACTOR &&
                !is_person(m[i + 1].entry)) {
                pre_agent = agent;
                pre_start = s;
                continue;
            }
            /* A title directly before a person joins the person. */
            if (i + 1 < nm && m[i + 1].tok_start == m[i].tok_end &&
                m[i + 1].entry->kind == SD_KIND_ACTOR && is_person(m[i + 1].entry))
                continue;
            /* "the foreign minister of Russia", "police in Iran", "students
             * throughout Indonesia", "protesters across Iran" */
            const char *link = m[i].tok_end < count ? tok[first + m[i].tok_end].lower : "";
            /* ... but not forces a possessive already owns: "its forces
             * in Lebanon" */
            int foreign = 0;
            /* (also over a quantity or a noun between: "its number of
             * troops in Iraq", "his country's forces in Iraq") */
            for (size_t b = s; b > first && b + 4 > s && !sd_streq(link, "of") && !foreign;) {
                b--;
                if (wclass[REL(b)] & WC_POSS)
                    foreign = 1;
                else if (!((tok[b].flags & SD_TOK_POSS) || sd_streq(tok[b].lower, "of") ||
                           ((tok[b].flags & SD_TOK_WORD) && !(tok[b].flags & SD_TOK_CAP) &&
                            !wclass[REL(b)])))
                    break;
            }
            if (i + 1 < nm && m[i + 1].entry->kind == SD_KIND_ACTOR &&
                (m[i + 1].tok_start == m[i].tok_end + 1 ||
                 (m[i + 1].tok_start == m[i].tok_end + 2 &&
                  sd_streq(tok[first + m[i].tok_end + 1].lower, "the"))) &&
                !foreign && /* "rebels in the Ivory Coast" */
                (sd_streq(link, "of") || sd_streq(link, "in") ||
                 sd_streq(link, "throughout") || sd_streq(link, "across") ||
                 (sd_streq(link, "from") && has_attr(e, "tabari=1"))) &&
                !is_person(m[i + 1].entry) &&
                !has_attr(m[i + 1].entry, "metonym=capital")) {
                const char *actor = code_on(m[i + 1].entry, result->date);
                /* (PETRARCH's reading; TABARI, run with its .options file,
                 * gives the office to the first country only) */
                tab_list = has_attr(e, "tabari=1") &&
                           !sd_dict_tabari_options(coder->dict)->read;
                if (actor) {
                    men.code = compose_ex(result, actor, agent, has_attr(e, "tabari=1"));
                    men.entry = m[i + 1].entry;
                    men.end = (uint32_t)(first + m[i + 1].tok_end);
                    i++;
                    /* "the foreign ministers of Armenia and Azerbaijan":
                     * the second country shares the office */
                    if (i + 1 < nm && m[i + 1].entry->kind == SD_KIND_ACTOR &&
                        m[i + 1].tok_start == m[i].tok_end + 1 && m[i].tok_end < count &&
                        (sd_streq(tok[first + m[i].tok_end].lower, "and") ||
                         (tab_list && sd_streq(tok[first + m[i].tok_end].lower, ","))) &&
                        !is_person(m[i + 1].entry))
                        shared_agent = agent;
                }
            } else if (s > first && (wclass[REL(s - 1)] & WC_POSS) &&
                       !(agent && sd_streq(agent, "CRM"))) {
                /* "its ambassador": the owner is the latest actor (not
                 * "his captors", whose possessor is their victim) */
                const char *owner = antecedent(tok, *out, *n, s - 1, memory);
                if (owner && agent) {
                    men.code = compose(result, owner, agent);
                    men.start = (uint32_t)(s - 1);
                }
            } else if (agent && (owner_start = place_owner(coder, result, first, s,
                                                           owner_cc)) != SIZE_MAX) {
                /* "Kharkiv residents", "Aleppo rebels": a town's people */
                men.code = compose(result, owner_cc, agent);
                men.start = (uint32_t)owner_start;
                men.flags |= MENTION_OWNED;
            } else if (s > first && sd_streq(tok[s - 1].lower, "the") &&
                       (men.code = definite_person(result, memory, s, end)) != NULL) {
                /* "the minister", "the Secretary": the latest person of the
                 * article who holds such an office */
                men.start = (uint32_t)(s - 1);
                men.flags |= MENTION_PERSON | MENTION_PRONOUN;
            } else if (!ambiguous || counted(tok, first, s)) {
                men.code = bare_agent(result, agent);
                men.flags |= MENTION_BARE;
            } else if (agent && has_attr(e, "tabari=1") &&
                       sd_dict_tabari_options(coder->dict)->convert_agent) {
                /* TABARI's CONVERT AGENT: the agent alone, "~MOS" */
                const char *bare = bare_agent(result, agent);
                char *c = bare ? sd_arena_alloc(&result->arena, strlen(bare) + 2) : NULL;
                if (c) {
                    c[0] = '~';
                    memcpy(c + 1, bare, strlen(bare) + 1);
                }
                men.code = c;
            }
            if (!men.code)
                continue;
        } else {
            const char *code = code_on(e, result->date);
            if (!code)
                continue;
            if (is_person(e)) {
                /* a title right before the person was skipped above: the
                 * span is the name, the person's dated code wins */
                men.flags |= MENTION_PERSON;
                men.code = code;
                /* "Paul Kagame of Rwanda": the country names the person's */
                if (m[i].tok_end + 1 < count && sd_streq(tok[end].lower, "of") &&
                    i + 1 < nm && m[i + 1].tok_start == m[i].tok_end + 1 &&
                    m[i + 1].entry->kind == SD_KIND_ACTOR && !is_person(m[i + 1].entry)) {
                    const char *actor = code_on(m[i + 1].entry, result->date);
                    if (actor && strlen(actor) == 3 && strncmp(actor, code, 3) == 0) {
                        men.end = (uint32_t)(first + m[i + 1].tok_end);
                        i++;
                    }
                }
            } else {
                /* agents after the actor: "Russian officials", "Russia's
                 * military", "Russian and Ukrainian officials" (shared) */
                size_t j = i + 1;
                uint32_t next = m[i].tok_end;
                int poss = next < count && (tok[first + next].flags & SD_TOK_POSS);
                if (poss)
                    next++;
                const char *agent = shared_agent;
                shared_agent = NULL;
                /* TABARI: "the ambassadors of Arnor, Osgiliath and Gondor":
                 * the office goes on along the list */
                if (agent && tab_list && i + 1 < nm && m[i + 1].entry->kind == SD_KIND_ACTOR &&
                    m[i + 1].tok_start == m[i].tok_end + 1 && m[i].tok_end < count &&
                    (sd_streq(tok[first + m[i].tok_end].lower, "and") ||
                     sd_streq(tok[first + m[i].tok_end].lower, ",")) &&
                    !is_person(m[i + 1].entry))
                    shared_agent = agent;
                int consumed = 0, tab_agent = 0;
                /* up to two modifiers may stand between: "Nigerian junior
                 * foreign minister", "Taiwan's Vice Foreign Minister" */
                uint32_t gap_end = next;
                while (gap_end < count && gap_end < next + 2 && j < nm &&
                       m[j].tok_start > gap_end && (!title_case || (wclass[gap_end] & WC_RANK)) &&
                       modifier_word(tok, wclass, first, gap_end))
                    gap_end++;
                if (j < nm && m[j].entry->kind == SD_KIND_AGENT && m[j].tok_start > next &&
                    m[j].tok_start == gap_end)
                    next = gap_end;
                if (j < nm && m[j].entry->kind == SD_KIND_AGENT && m[j].tok_start == next) {
                    agent = code_on(m[j].entry, result->date);
                    tab_agent = has_attr(m[j].entry, "tabari=1");
                    men.end = (uint32_t)(first + m[j].tok_end);
                    consumed = 1;
                } else if (j + 1 < nm && m[j].entry->kind == SD_KIND_ACTOR &&
                           m[j + 1].entry->kind == SD_KIND_AGENT &&
                           m[j].tok_start == m[i].tok_end + 1 &&
                           sd_streq(tok[first + m[i].tok_end].lower, "and") &&
                           m[j + 1].tok_start == m[j].tok_end && !is_person(m[j].entry)) {
                    agent = code_on(m[j + 1].entry, result->date); /* shared */
                }
                if (ambiguous && !agent && !poss &&
                    !ambiguous_ok(tok, wclass, first, count, s, end, title_case))
                    continue;
                if (has_attr(e, "metonym=capital")) {
                    /* a place, not a government: "in Moscow", "from
                     * Kyiv", "fled Kyiv", "Tripoli airport", "in East
                     * Jerusalem", "in central Baghdad" */
                    size_t pb = s;
                    while (pb > first + 1 && is_compass(&tok[pb - 1]))
                        pb--;
                    int gov_in = pb > first + 1 && sd_streq(tok[pb - 1].lower, "in") &&
                                 government_word(&tok[pb - 2]); /* "the regime in Minsk" */
                    if ((pb > first && (wclass[REL(pb - 1)] & (WC_PLACE | WC_MOTION)) && !gov_in) ||
                        (pb > first && (sd_streq(tok[pb - 1].lower, "from") ||
                                        sd_streq(tok[pb - 1].lower, "into") ||
                                        sd_streq(tok[pb - 1].lower, "through"))) ||
                        (pb > first + 1 && sd_streq(tok[pb - 1].lower, "of") &&
                         !government_word(&tok[pb - 2])) || /* "residents of Khartoum" */
                        (end < first + count && (wclass[REL(end)] & WC_GEO))) {
                        note_place_country(&dom, code);
                        continue;
                    }
                    men.flags |= MENTION_METONYM;
                }
                if (agent && has_attr(e, "metonym=capital") && strlen(code) > 3) {
                    /* "Paris protesters": the city's people, not its
                     * government */
                    char *cc3 = sd_arena_alloc(&result->arena, 4);
                    if (!cc3) {
                        rc = SAYDO_ERR_NOMEM;
                        break;
                    }
                    memcpy(cc3, code, 3);
                    cc3[3] = '\0';
                    code = cc3;
                    men.flags &= ~MENTION_METONYM;
                }
                men.code = agent ? compose_ex(result, code, agent, tab_agent) : code;
                if (pre && men.code) {
                    /* TABARI: the agent before the actor ("MSF Arnor") */
                    men.code = compose_ex(result, men.code, pre, 1);
                    men.start = (uint32_t)pre_s;
                }
                if (consumed) {
                    i = j;
                    titled = 1;
                    /* TABARI: a name of the same actor after its office
                     * ("Bree Prime Minister Romendacil" BREGOV) is part
                     * of the mention */
                    if (tab_agent && i + 1 < nm && m[i + 1].tok_start == m[i].tok_end &&
                        m[i + 1].entry->kind == SD_KIND_ACTOR && !is_person(m[i + 1].entry)) {
                        const char *name = code_on(m[i + 1].entry, result->date);
                        if (name && strlen(code) >= 3 && strncmp(name, code, 3) == 0) {
                            i++;
                            men.end = (uint32_t)(first + m[i].tok_end);
                        }
                    }
                }
            }
        }
        if (!men.code) {
            rc = SAYDO_ERR_NOMEM;
            break;
        }
        if (!(men.flags & (MENTION_PERSON | MENTION_BARE)) && men.start > first &&
            sd_streq(tok[men.start - 1].lower, "the"))
            men.start--;
        /* a title followed by a name saydo does not know ("British Defence
         * Secretary Tom King"): the name belongs to the mention, and a role
         * word inside it ("King") is no actor of its own */
        if (titled && !title_case) {
            size_t t = men.end;
            while (t < first + count && t < men.end + 4 && is_cap_word(&tok[t]) &&
                   !(tok[t].flags & SD_TOK_SENT_START) && !starts_actor(m, nm, i, t - first))
                t++;
            if (t > men.end) {
                men.end = (uint32_t)t;
                while (i + 1 < nm && first + m[i + 1].tok_start < t)
                    i++;
                /* "King Hassan of Morocco", "President Kagame of Rwanda":
                 * a bare title and name, then the country */
                if ((men.flags & MENTION_BARE) && t + 1 < first + count &&
                    sd_streq(tok[t].lower, "of") && i + 1 < nm &&
                    first + m[i + 1].tok_start == t + 1 &&
                    m[i + 1].entry->kind == SD_KIND_ACTOR && !is_person(m[i + 1].entry) &&
                    !has_attr(m[i + 1].entry, "ambiguous=1")) {
                    const char *actor = code_on(m[i + 1].entry, result->date);
                    const char *code = actor ? compose(result, actor, men.code) : NULL;
                    if (code && strlen(actor) == 3) {
                        men.code = code;
                        men.entry = m[i + 1].entry;
                        men.end = (uint32_t)(first + m[i + 1].tok_end);
                        men.flags &= ~MENTION_BARE;
                        i++;
                    }
                }
            }
        }
        rc = push(result, out, n, &cap, &men);
    }
    if (nm && fz < first + m[nm - 1].tok_end)
        fz = first + m[nm - 1].tok_end;
    if (!rc)
        rc = fuzzy_until(coder, result, first, count, wclass, &fz, first + count, out, n, &cap);
#undef REL
    if (m != small)
        free(m);
    /* two bare agents in a row are one group, named by the first:
     * "fundamentalist demonstrators" RAD, "opposition supporters" OPP */
    if (!rc) {
        size_t nk = 0;
        for (size_t k = 0; k < *n; k++) {
            sd_mention *mm = &(*out)[k];
            if (nk > 0 && ((*out)[nk - 1].flags & MENTION_BARE) &&
                (mm->flags & MENTION_BARE) && (*out)[nk - 1].end == mm->start) {
                (*out)[nk - 1].end = mm->end;
                continue;
            }
            (*out)[nk++] = *mm;
        }
        *n = nk;
    }
    /* "demonstrators in Basra", "police in Lagos", "residents of
     * Khartoum": a bare agent in or of a town of the gazetteer (unambiguous:
     * sd_gazetteer_town) is the town's country's, unless the town has a
     * qualifier ("Athens, Georgia") */
    for (size_t k = 0; k < *n && !rc; k++) {
        sd_mention *mm = &(*out)[k];
        size_t t = mm->end, town_end;
        char cc[4];
        if (!(mm->flags & MENTION_BARE) || t + 1 >= first + count ||
            (!sd_streq(tok[t].lower, "in") && !sd_streq(tok[t].lower, "of")) ||
            !town_after(coder, result, t + 1, first + count,
                        k + 1 < *n ? (*out)[k + 1].start : first + count, cc, &town_end) ||
            (town_end < first + count && sd_streq(tok[town_end].lower, ",")))
            continue;
        const char *code = compose(result, cc, mm->code);
        if (!code) {
            rc = SAYDO_ERR_NOMEM;
            break;
        }
        mm->code = code;
        mm->flags = (mm->flags & ~MENTION_BARE) | MENTION_OWNED;
    }
    if (rc)
        return rc;
    if (!rc)
        rc = domestic_owners(result, *out, *n, &dom, memory);
    if (!rc)
        rc = sector_anaphora(result, tok, first, *out, *n, memory);
    /* "ethnic Albanians in Serbia", "ethnic Turks ... Sweden's decision": an
     * ethnic group is counted with the country it lives in, as ICEWS and
     * the PLOVER gold standard count it -- the first other country the
     * sentence names; with none, the group keeps its own code */
    for (size_t k = 0; k < *n && !rc; k++) {
        sd_mention *mm = &(*out)[k];
        char own[4], other[4];
        if (mm->start == first || !sd_streq(tok[mm->start - 1].lower, "ethnic") ||
            !sd_mention_country(mm, own))
            continue;
        int found = 0;
        for (int pass = 0; pass < 2 && !found; pass++) /* "in Montenegro" first */
            for (size_t j = 0; j < *n && !found; j++)
                found = j != k && sd_mention_country(&(*out)[j], other) &&
                        strcmp(other, own) != 0 &&
                        (pass == 1 || ((*out)[j].start > first &&
                                       (wclass[(*out)[j].start - 1 - first] & WC_PLACE)));
        if (!found && dom.cc[0] && strcmp(dom.cc, own) != 0) {
            memcpy(other, dom.cc, 4); /* a capital named as a place */
            found = 1;
        }
        if (!found)
            continue;
        size_t len = strlen(mm->code);
        char *code = sd_arena_alloc(&result->arena, len + 1);
        if (!code) {
            rc = SAYDO_ERR_NOMEM;
            break;
        }
        memcpy(code, mm->code, len + 1);
        memcpy(code, other, 3);
        mm->code = code;
        mm->start--;
    }

    /* Pronouns, inserted in token order. */
    for (size_t t = first; t < first + count && !rc; t++) {
        const char *w = tok[t].lower;
        /* (each word's first letters before the calls: this runs for every token) */
        int he = (w[0] == 'h' && (sd_streq(w, "he") || sd_streq(w, "him"))) ||
                 (w[0] == 's' && sd_streq(w, "she"));
        int it = (w[0] == 'i' && sd_streq(w, "it")) ||
                 (w[0] == 't' && w[1] == 'h' && (sd_streq(w, "they") || sd_streq(w, "them")));
        if (!he && !it)
            continue;
        const char *code = NULL;
        /* TABARI (run with its .options file) reads a pronoun as the first
         * actor of its sentence */
        for (size_t k = 0; k < *n && !code && sd_dict_tabari_options(coder->dict)->read; k++)
            if ((*out)[k].end <= t && !((*out)[k].flags & MENTION_PRONOUN)) {
                code = (*out)[k].code;
                /* "they" after "A and B": both (a compound code, one event
                 * for each) */
                const sd_mention *a = &(*out)[k], *b = k + 1 < *n ? &(*out)[k + 1] : NULL;
                if (it && !sd_streq(w, "it") && b && b->end <= t && b->start == a->end + 1 &&
                    sd_streq(tok[a->end].lower, "and") && !strchr(a->code, ':') &&
                    !strchr(b->code, ':')) {
                    size_t la = strlen(a->code), lb = strlen(b->code);
                    char *both = sd_arena_alloc(&result->arena, la + lb + 2);
                    if (!both)
                        return SAYDO_ERR_NOMEM;
                    memcpy(both, a->code, la);
                    both[la] = ':';
                    memcpy(both + la + 1, b->code, lb + 1);
                    code = both;
                }
            }
        if (!code && sd_dict_tabari_options(coder->dict)->forward)
            code = memory->forward; /* TABARI's FORWARD: from the sentence before */
        if (code) {
            /* (resolved) */
        } else if (he) {
            /* the latest person before it in this sentence, else in the
             * article: "Annan announced that he will withdraw ..." */
            for (size_t k = *n; k-- > 0 && !code;)
                if ((*out)[k].end <= t && ((*out)[k].flags & MENTION_PERSON) &&
                    !((*out)[k].flags & MENTION_PRONOUN))
                    code = (*out)[k].code;
            if (!code)
                code = memory->last_person;
        } else {
            /* "X accused Y of ..., and said it had sent ...": after a speech
             * verb joined by "and", the pronoun is the sentence's subject */
            size_t sv = t;
            if (sv > first && sd_streq(tok[sv - 1].lower, "that"))
                sv--;
            /* "Militants said Tuesday that they had beheaded ...": "they"
             * in what a group of people says is that group, even one the
             * text names only by its sector */
            if (!sd_streq(w, "it"))
                code = speakers_they(tok, wclass, first, sv, *out, *n);
            if (!code && sv >= first + 2 && (wclass[sv - 1 - first] & WC_SAY) &&
                sd_streq(tok[sv - 2].lower, "and") && *n > 0 && (*out)[0].end <= t &&
                !((*out)[0].flags & (MENTION_PERSON | MENTION_BARE | MENTION_PRONOUN)) &&
                (*out)[0].start <= first + 1)
                code = (*out)[0].code;
            for (size_t k = *n; k-- > 0 && !code;) {
                const sd_mention *a = &(*out)[k];
                if (a->end > t || (a->flags & (MENTION_PERSON | MENTION_BARE)))
                    continue;
                /* (not what something is taken for or as: "mistook three
                 * Egyptian police officers for Palestinian militants and
                 * shot them dead") */
                size_t b = a->start;
                while (b > first && (wclass[b - 1 - first] & WC_DET))
                    b--;
                if (b > first && (sd_streq(tok[b - 1].lower, "for") ||
                                  sd_streq(tok[b - 1].lower, "as")) &&
                    k > 0 && (*out)[k - 1].end <= b && (*out)[k - 1].end + 3 >= b)
                    continue;
                code = a->code;
            }
            if (!code && !sd_streq(w, "it"))
                code = memory->last_actor; /* "they" across sentences */
        }
        if (!code)
            continue;
        sd_mention men = {(uint32_t)t, (uint32_t)t + 1, code, NULL, MENTION_PRONOUN, NULL};
        size_t at = *n;
        while (at > 0 && (*out)[at - 1].start > t)
            at--;
        rc = push(result, out, n, &cap, &men);
        if (!rc && at < *n - 1) {
            memmove(*out + at + 1, *out + at, (*n - 1 - at) * sizeof **out);
            (*out)[at] = men;
        }
    }
    /* "the two sides", "both countries": the latest coordinated pair;
     * "both sides", "the two parties": the latest two that acted on each
     * other (talks, an agreement, a fight), when there are such -- not
     * the mediators coordinated since ("Washington and Riyadh would
     * monitor the truce") */
    for (size_t t = first; t + 1 < first + count && !rc && (memory->pair[0] || memory->sides[0]);
         t++) {
        int opposed = 0;
        size_t len = pair_phrase(tok, t, first + count, &opposed);
        if (!len)
            continue;
        const char *const *two = (opposed && memory->sides[0]) || !memory->pair[0]
                                     ? memory->sides
                                     : memory->pair;
        sd_mention men = {(uint32_t)t, (uint32_t)(t + len), two[0], NULL,
                          MENTION_PAIR | MENTION_PRONOUN, two[1]};
        size_t at = *n;
        while (at > 0 && (*out)[at - 1].start > t)
            at--;
        if (at > 0 && (*out)[at - 1].end > t)
            continue; /* inside another mention */
        rc = push(result, out, n, &cap, &men);
        if (!rc && at < *n - 1) {
            memmove(*out + at + 1, *out + at, (*n - 1 - at) * sizeof **out);
            (*out)[at] = men;
        }
        t += len - 1;
    }
    if (rc)
        return rc;
    /* remember the latest two actors joined by "and" */
    for (size_t k = 0; k + 1 < *n; k++) {
        const sd_mention *a = &(*out)[k], *b = &(*out)[k + 1];
        char ca[4], cb[4];
        if (b->start == a->end + 1 && sd_streq(tok[a->end].lower, "and") &&
            sd_mention_country(a, ca) && sd_mention_country(b, cb) && strcmp(ca, cb) != 0) {
            memory->pair[0] = a->code;
            memory->pair[1] = b->code;
        }
    }
    for (size_t k = 0; k < *n && sd_dict_tabari_options(coder->dict)->forward; k++)
        if (!((*out)[k].flags & (MENTION_PRONOUN | MENTION_BARE))) {
            /* the actor alone: FORGOVPRS forwards FOR */
            const char *c = (*out)[k].code;
            size_t cn = strlen(c) > 3 && c[0] != '~' ? 3 : strlen(c);
            memory->forward = sd_arena_strndup(&result->arena, c, cn);
            if (!memory->forward)
                return SAYDO_ERR_NOMEM;
            break;
        }
    for (size_t k = 0; k < *n; k++) {
        sd_mention *mm = &(*out)[k];
        if (tok[mm->start].flags & SD_TOK_QUOTED)
            mm->flags |= MENTION_QUOTED;
        if (mm->flags & MENTION_PRONOUN)
            continue;
        if (mm->flags & MENTION_PERSON) {
            memory->last_person = mm->code;
            if (mm->entry) {
                memory->recent[memory->nrecent % SD_RECENT_PERSONS] = mm->entry;
                memory->recent_code[memory->nrecent % SD_RECENT_PERSONS] = mm->code;
                memory->nrecent++;
            }
        }
        else if (strlen(mm->code) >= 3 && mm->entry && mm->entry->kind == SD_KIND_ACTOR)
            memory->last_actor = mm->code;
    }
    return rc;
}
