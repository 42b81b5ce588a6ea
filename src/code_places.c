/*
 * code_places.c -- where events happened (see code_places.h).
 *
 * Place phrases.  A place is named after evidence that the words are a
 * place, never just because a capitalised word is in the gazetteer:
 *   - a place preposition (in, near, at, outside, ...: WC_PLACE words of
 *     data/grammar/words.dict), optionally with a determiner and up to two
 *     lower-case modifiers ("in southern-central Laos", "near the
 *     embattled Kyiv") -- strong evidence;
 *   - a place noun and "of" ("the northern city of Chernihiv", "the
 *     besieged Bosnian town of Gorazde": WC_GEO words) -- strong;
 *   - a motion preposition (to, into, toward, from) -- weak: used only for
 *     events whose actors the phrase does not name ("fled to Jordan", not
 *     "sent aid to Jordan");
 *   - "and" or "," after a place ("near Kyiv and Kharkiv") -- as the place
 *     before it;
 *   - the article's dateline ("ANKARA, Turkey, Oct. 24 (AP) --").
 * The name is a run of capitalised words (with joiners: "Bosnia and
 * Herzegovina", "Rio de Janeiro"), looked up longest prefix first; words
 * after the prefix may only be weekdays and months ("in Istanbul
 * Tuesday"), else the run is a longer name saydo does not know ("Jordan
 * Peterson", "Washington Post") and no place.  A word resolved as a person
 * is never a place.  A country adjective is not a place ("Bosnian town").
 * Without a match, a name of six letters or more one edit from a known
 * name is accepted when that name is unambiguous ("Chernihev").
 *
 * Country names come from the actor mentions (data/actors: "Morocco",
 * misspellings like "Morrocco") and the gazetteer; a capital standing for
 * its government ("Kiev", metonym=capital) is the capital city.  A
 * country's coordinates are its capital's.
 *
 * Disambiguation: ", Country" or ", State" after the name ("Paris,
 * Texas", "Bam, Iran") first; then the countries of the sentence (its
 * actors and its other places), then of the article (earlier events'
 * actors and places, the dateline); then the kind (a country, then a city
 * of 100,000 or more, then a subdivision, then smaller places); then
 * population.  With no context, a city whose namesake elsewhere has more
 * than a quarter of its population is left out: no location is better
 * than a wrong one.
 *
 * Attachment: an event takes the nearest strong place after its verb in
 * the same clause, else the nearest before it in the clause with no comma
 * between (or fronted: "In Kabul, ..."), else a weak one; a quoted act
 * takes the place of the attribution after the quotation ("...," he said
 * in Rabat).  When the sentence names no place at all, the dateline's.
 */
#include <stdlib.h>
#include <string.h>

#include "code_places.h"
#include "gazetteer.h"

#define MAX_PHRASES 24
#define MAX_RUN 6       /* words in a place name */
#define MAX_CAND 64     /* candidates considered per name */
#define MAX_CTX 32      /* context countries */
#define ATTACH_DIST 25  /* tokens between an act and its place */

enum { WEAK = 1, STRONG = 2 };

typedef struct place_ref {
    const sd_place *place;
    saydo_geo_precision prec;
} place_ref;

typedef struct phrase {
    uint32_t trig;      /* the trigger token (== start when none)       */
    uint32_t start, end;/* the name's tokens [start, end)               */
    uint32_t qend;      /* end of the name and its ", Country" qualifier */
    int strength;
    place_ref ref;      /* resolved; ref.place NULL when not a place    */
} phrase;

typedef struct ctx_set {
    char cc[MAX_CTX][4];
    size_t n;
} ctx_set;

static void ctx_add(ctx_set *c, const sd_gazetteer *g, const char *code)
{
    if (!code || !code[0] || !code[1] || !code[2])
        return;
    for (size_t i = 0; i < c->n; i++)
        if (memcmp(c->cc[i], code, 3) == 0)
            return;
    if (c->n < MAX_CTX && sd_gazetteer_country(g, code)) {
        memcpy(c->cc[c->n], code, 3);
        c->cc[c->n++][3] = '\0';
    }
}

static int ctx_has(const ctx_set *c, const char *cc)
{
    for (size_t i = 0; i < c->n; i++)
        if (strncmp(c->cc[i], cc, 3) == 0)
            return 1;
    return 0;
}

static int is_word(const sd_token *t) { return (t->flags & SD_TOK_WORD) != 0; }

static int is_cap(const sd_token *t)
{
    return is_word(t) && (t->flags & (SD_TOK_CAP | SD_TOK_ALLCAPS)) &&
           !(t->flags & (SD_TOK_QUOTE | SD_TOK_POSS | SD_TOK_CLITIC));
}

static int in_list(const char *w, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (w[0] == list[i][0] && strcmp(w, list[i]) == 0)
            return 1;
    return 0;
}

/* Lower-case words inside place names ("Bosnia and Herzegovina", "Rio de
 * Janeiro", "Frankfurt am Main"): grammar, not knowledge of places. */
static int is_joiner(const sd_token *t)
{
    if (!strchr("aotdelusyvbi", t->lower[0]) || strlen(t->lower) > 4)
        return 0;
    static const char *const j[] = {"and", "of", "the", "de", "del", "da", "do", "dos", "das",
                                    "al", "el", "la", "le", "du", "am", "an", "upon", "on",
                                    "sur", "y", "van", "von", "bin", "ibn", NULL};
    return is_word(t) && !(t->flags & (SD_TOK_CAP | SD_TOK_ALLCAPS)) && in_list(t->lower, j);
}

/* Weekday and month names, which may follow a place ("in Rabat Tuesday"). */
static int is_calendar(const sd_token *t)
{
    if (!strchr("mtwfsjaond", t->lower[0]))
        return 0;
    static const char *const d[] = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "jan.", "feb.", "mar.", "apr.",
        "aug.", "sept.", "sep.", "oct.", "nov.", "dec.", "jan", "feb", "aug", "sept", "oct",
        "nov", "dec", NULL};
    return in_list(t->lower, d);
}

static int is_punct(const sd_token *t, const char *p)
{
    return (t->flags & SD_TOK_PUNCT) && strcmp(t->lower, p) == 0;
}

/* Candidates of the text of tokens [s, e): gazetteer indices in *idx; the
 * folded key in key (256 bytes). */
static size_t candidates(const sd_gazetteer *g, const sd_doc *doc, uint32_t s, uint32_t e,
                         const uint32_t **idx, int *nomem, char *key)
{
    const sd_token *tok = doc->tok;
    long kn = sd_gazetteer_fold(doc->norm + tok[s].start, tok[e - 1].end - tok[s].start, key,
                                256);
    if (kn < 0) {
        *nomem = 1;
        return 0;
    }
    if (kn == 0)
        return 0;
    return sd_gazetteer_find(g, key, (size_t)kn, idx);
}

static int kind_rank(const sd_place *p)
{
    if (p->kind == SD_PLACE_COUNTRY)
        return 3;
    if (p->kind == SD_PLACE_CITY)
        return p->population >= 100000 ? 2 : 0;
    return 1;
}

static saydo_geo_precision precision_of(const sd_place *p)
{
    return p->kind == SD_PLACE_COUNTRY  ? SAYDO_GEO_COUNTRY
           : p->kind == SD_PLACE_ADMIN1 ? SAYDO_GEO_ADMIN1
                                        : SAYDO_GEO_CITY;
}

/* Choose among candidates idx[0..n); qual (a country or subdivision named
 * after a comma) filters when it can.  *ambiguous is set when context
 * decided nothing and the choice rests on population alone. */
static const sd_place *choose(const sd_gazetteer *g, const char *key, const uint32_t *idx,
                              size_t n, const sd_place *qual, const ctx_set *sent, const ctx_set *art,
                              int *qual_used, int *context)
{
    const sd_place *best = NULL;
    int best_score = -1;
    *qual_used = 0;
    *context = 0;
    if (qual) {
        for (size_t i = 0; i < n; i++) {
            const sd_place *p = sd_gazetteer_place(g, idx[i]);
            if (strcmp(p->country, qual->country) == 0 && p != qual &&
                (qual->kind != SD_PLACE_ADMIN1 || strcmp(p->admin1, qual->admin1) == 0))
                *qual_used = 1;
        }
    }
    uint32_t maxpop = 0;
    for (size_t i = 0; i < n; i++) {
        const sd_place *p = sd_gazetteer_place(g, idx[i]);
        if (p->population > maxpop)
            maxpop = p->population;
    }
    for (size_t i = 0; i < n; i++) {
        const sd_place *p = sd_gazetteer_place(g, idx[i]);
        if (*qual_used && (strcmp(p->country, qual->country) != 0 || p == qual ||
                           (qual->kind == SD_PLACE_ADMIN1 && strcmp(p->admin1, qual->admin1) != 0)))
            continue;
        int ctx = ctx_has(sent, p->country) ? 4 : ctx_has(art, p->country) ? 2 : 0;
        /* context does not pick a village over a namesake city twenty
         * times its size ("Vienna" with an American actor) */
        if (p->kind == SD_PLACE_CITY && (double)p->population * 20 < (double)maxpop)
            ctx = 0;
        int score = ctx * 8 + kind_rank(p) * 2;
        if (p->kind == SD_PLACE_COUNTRY) {
            /* a country's own name is that country first; a short name
             * it shares with a city ("Gaza") ranks below a big city */
            char own[256];
            long on = sd_gazetteer_fold(p->name, strlen(p->name), own, sizeof own);
            if (on > 0 && strcmp(own, key) == 0)
                score += 3 * 8;
            else
                score -= 3;
        }
        if (!best || score > best_score ||
            (score == best_score && p->population > best->population)) {
            best = p;
            best_score = score;
            *context = ctx > 0 || *qual_used;
        }
    }
    if (!best || *context || best->kind != SD_PLACE_CITY)
        return best;
    /* population alone: the namesake must be far smaller */
    for (size_t i = 0; i < n; i++) {
        const sd_place *p = sd_gazetteer_place(g, idx[i]);
        if (p != best && strcmp(p->country, best->country) != 0 &&
            (double)p->population * 4 > (double)best->population)
            return NULL;
    }
    return best;
}

/* A country adjective, not a place: the mention is followed by a
 * lower-case content word ("Bosnian town", "Russian troops"). */
static int adjectival(const sd_token *tok, const uint32_t *wc, size_t first, size_t count,
                      uint32_t end)
{
    if (end >= first + count)
        return 0;
    const sd_token *t = &tok[end];
    static const char *const not_adjectival[] = {"and", "or", "from", "after", "since", "for",
                                                 NULL};
    return is_word(t) && !(t->flags & (SD_TOK_CAP | SD_TOK_ALLCAPS | SD_TOK_POSS)) &&
           wc[end - first] == 0 && !in_list(t->lower, not_adjectival);
}

/* The mention covering token t, or NULL. */
static const sd_mention *mention_at(const sd_mention *men, size_t nmen, uint32_t t)
{
    for (size_t k = 0; k < nmen; k++)
        if (men[k].start <= t && t < men[k].end)
            return &men[k];
    return NULL;
}

typedef struct scan {
    const saydo_coder *coder;
    const sd_gazetteer *g;
    const sd_doc *doc;
    const uint32_t *wc;
    size_t first, count;
    const sd_mention *men;
    size_t nmen;
    const ctx_set *sent, *art;
    int nomem;
    int headline;       /* Title Case: every word is capitalised */
    int strength;       /* of the trigger of the name being resolved */
    int unresolved;     /* names after a trigger that were not placed */
    /* built on first use (most sentences need neither): */
    saydo_result *result;
    size_t ev_first;    /* this sentence's first event */
    int ctx_ready;      /* sent and art filled */
    int dl_state;       /* dateline: 0 not looked at, 1 none, 2 in dl */
    place_ref dl;
    phrase dlph;
    ctx_set sent_set, art_set;
} scan;

static int dateline_place(scan *base, saydo_result *result, place_ref *ref, phrase *ph);

/* The article's dateline place, found once per sentence when needed. */
static const place_ref *dateline(scan *sc)
{
    if (sc->dl_state == 0)
        sc->dl_state = dateline_place(sc, sc->result, &sc->dl, &sc->dlph) ? 2 : 1;
    return sc->dl_state == 2 ? &sc->dl : NULL;
}

/* The country context: the sentence's actors; the article's earlier
 * events' actors and places, and its dateline. */
static void ensure_ctx(scan *sc)
{
    if (sc->ctx_ready)
        return;
    sc->ctx_ready = 1;
    for (size_t k = 0; k < sc->nmen; k++)
        ctx_add(&sc->sent_set, sc->g, sc->men[k].code);
    const saydo_result *r = sc->result;
    for (size_t i = sc->ev_first > MAX_CTX ? sc->ev_first - MAX_CTX : 0; i < sc->ev_first; i++) {
        ctx_add(&sc->art_set, sc->g, r->ev[i].source);
        ctx_add(&sc->art_set, sc->g, r->ev[i].target);
        ctx_add(&sc->art_set, sc->g, r->ev[i].location.country);
    }
    const place_ref *dl = dateline(sc);
    if (dl)
        ctx_add(&sc->art_set, sc->g, dl->place->country);
}

/* End of the capitalised run at s (with inner joiners), at most MAX_RUN
 * words. */
static uint32_t run_end(const scan *sc, uint32_t s)
{
    const sd_token *tok = sc->doc->tok;
    size_t stop = sc->first + sc->count;
    uint32_t e = s, words = 0;
    while (e < stop && words < MAX_RUN) {
        if (is_cap(&tok[e])) {
            e++;
            words++;
        } else if (is_joiner(&tok[e]) && e + 1 < stop && is_cap(&tok[e + 1]) && e > s) {
            e++;
        } else {
            break;
        }
    }
    return e;
}

/* A ", Country" / ", State" qualifier after token e: the place, and its
 * end in *qend. */
static const sd_place *qualifier(scan *sc, uint32_t e, uint32_t *qend, const uint32_t *nidx,
                                 size_t nn)
{
    const sd_token *tok = sc->doc->tok;
    size_t stop = sc->first + sc->count;
    if (e + 1 >= stop || !is_punct(&tok[e], ",") || !is_cap(&tok[e + 1]))
        return NULL;
    const sd_mention *m = mention_at(sc->men, sc->nmen, e + 1);
    if (m && (m->flags & MENTION_PERSON))
        return NULL;
    uint32_t re = run_end(sc, e + 1);
    char key[256];
    for (uint32_t l = re; l > e + 1; l--) {
        const uint32_t *idx = NULL;
        size_t n = candidates(sc->g, sc->doc, e + 1, l, &idx, &sc->nomem, key);
        /* the country or state that holds one of the name's places
         * ("Athens, Georgia": the US state, not the country) */
        for (size_t i = 0; i < n; i++) {
            const sd_place *q = sd_gazetteer_place(sc->g, idx[i]);
            if (q->kind == SD_PLACE_CITY)
                continue;
            for (size_t j = 0; j < nn; j++) {
                const sd_place *p = sd_gazetteer_place(sc->g, nidx[j]);
                if (p != q && strcmp(p->country, q->country) == 0 &&
                    (q->kind != SD_PLACE_ADMIN1 || strcmp(p->admin1, q->admin1) == 0)) {
                    *qend = l;
                    return q;
                }
            }
        }
    }
    return NULL;
}

/* Resolve the name starting at token s: fills ph (start, end, qend, ref).
 * Returns 1 when it names a place. */
/* "the town of Soledar", "the village of X": a named small place is that
 * place, never a bigger namesake one letter away. */
static int designated_town(const sd_token *tok, size_t first, size_t s)
{
    static const char *const nouns[] = {"town", "village", "hamlet", "settlement", "city",
                                        "district", NULL};
    if (s < first + 2 || !sd_streq(tok[s - 1].lower, "of"))
        return 0;
    return in_list(tok[s - 2].lower, nouns);
}

static int resolve(scan *sc, uint32_t s, phrase *ph)
{
    const sd_token *tok = sc->doc->tok;
    const sd_gazetteer *g = sc->g;
    uint32_t re = run_end(sc, s);
    ph->start = s;
    ph->end = ph->qend = re > s ? re : s + 1;
    ph->ref.place = NULL;
    ph->ref.prec = SAYDO_GEO_NONE;
    if (re == s)
        return 0;
    const sd_mention *m = mention_at(sc->men, sc->nmen, s);
    if ((m && (m->flags & MENTION_PERSON)) || is_calendar(&tok[s]))
        return 0; /* a person; "in March" */
    /* longest known prefix of the run */
    const uint32_t *idx = NULL;
    size_t n = 0;
    uint32_t e = re;
    char key[256] = "";
    for (; e > s; e--) {
        if (is_joiner(&tok[e - 1]))
            continue;
        n = candidates(g, sc->doc, s, e, &idx, &sc->nomem, key);
        if (n)
            break;
    }
    if (n) {
        /* what follows the name in the run must not continue it */
        for (uint32_t t = e; t < re; t++) {
            if (t == e && sd_streq(tok[t].lower, "and"))
                break; /* "near Kyiv and Chernihiv": a list */
            if (!is_joiner(&tok[t]) && !is_calendar(&tok[t]))
                return 0;
        }
    }
    ph->end = n ? e : re;
    if (m && m->end > ph->end && !(m->flags & MENTION_METONYM) && strlen(m->code) > 3)
        return 0; /* a longer actor name ("Kyiv Independent") */
    uint32_t qend = ph->end;
    const sd_place *qual = n || m ? qualifier(sc, ph->end, &qend, idx, n) : NULL;
    const sd_place *country = m ? sd_gazetteer_country(g, m->code) : NULL;
    const sd_place *p = NULL;
    int qual_used = 0, context = 0;
    int capital = m && country && m->start == s && m->entry && m->entry->attrs &&
                  strstr(m->entry->attrs, "metonym=capital");
    if (capital) {
        /* "Kiev", "Washington" standing for a government: its capital */
        p = sd_gazetteer_by_id(g, country->id);
        if (p)
            ph->end = m->end;
    } else if (n) {
        if (country) {
            /* the actor's country decides among the names */
            ctx_set only = {{{0}}, 0};
            ctx_add(&only, g, country->country);
            p = choose(g, key, idx, n, qual, &only, &only, &qual_used, &context);
            if (p && strcmp(p->country, country->country) != 0)
                p = NULL;
        } else if (!m || (m->flags & MENTION_METONYM) || strlen(m->code) == 3) {
            ensure_ctx(sc);
            p = choose(g, key, idx, n, qual, sc->sent, sc->art, &qual_used, &context);
        }
    }
    if (!p && m && country && m->start == s && strlen(m->code) == 3) {
        p = country;
        ph->end = m->end;
    }
    /* an English name GeoNames spells another way, one edit apart, when
     * the exact matches are only small towns: "Geneva" is Genève (183,000),
     * not Geneva, Illinois (21,800): five times bigger at least */
    if (!m && n && e - s == 1 && !(tok[s].flags & SD_TOK_HYPHEN) &&
        !qual_used && !designated_town(tok, sc->first, s) &&
        (!p || (p->kind == SD_PLACE_CITY && p->population < 50000))) {
        uint32_t near[4];
        size_t kl = strlen(key);
        size_t nn = kl >= 6 ? sd_gazetteer_near(g, key, kl, near, 4) : 0;
        const sd_place *big = NULL;
        uint32_t other = 0; /* the biggest near namesake elsewhere */
        for (size_t k = 0; k < nn && k < 4; k++) {
            const uint32_t *nidx = NULL;
            size_t nc = sd_gazetteer_key_places(g, near[k], &nidx);
            for (size_t i = 0; i < nc; i++) {
                const sd_place *q = sd_gazetteer_place(g, nidx[i]);
                if (q->kind != SD_PLACE_CITY)
                    continue;
                if (!big || q->population > big->population) {
                    if (big && strcmp(big->country, q->country) != 0 && big->population > other)
                        other = big->population;
                    big = q;
                } else if (strcmp(big->country, q->country) != 0 && q->population > other) {
                    other = q->population;
                }
            }
        }
        if (nn > 4 || (big && (uint64_t)other * 10 > big->population))
            big = NULL;
        uint32_t floor = p ? p->population * 5 : 0;
        if (big && big->population >= 100000 && big->population >= floor)
            p = big;
    }
    if (!p && !m && !n && re - s == 1 && sc->strength == STRONG && !sc->headline &&
        !(tok[s].flags & SD_TOK_HYPHEN)) {
        /* a near miss of a known name: "Chernihev" */
        char nkey[256];
        long kn = sd_gazetteer_fold(sc->doc->norm + tok[s].start, tok[re - 1].end - tok[s].start,
                                    nkey, sizeof nkey);
        if (kn < 0)
            sc->nomem = 1;
        uint32_t near[4];
        size_t nn = kn >= 6 ? sd_gazetteer_near(g, nkey, (size_t)kn, near, 4) : 0;
        if (nn == 1) {
            n = sd_gazetteer_key_places(g, near[0], &idx);
            ensure_ctx(sc);
            p = choose(g, nkey, idx, n, qual, sc->sent, sc->art, &qual_used, &context);
            if (p && p->kind == SD_PLACE_CITY && p->population < 100000 && !context)
                p = NULL;
            ph->end = re;
        }
    }
    if (!p)
        return 0;
    if (p->kind == SD_PLACE_COUNTRY &&
        adjectival(tok, sc->wc, sc->first, sc->count, ph->end)) {
        /* "in several Iranian provinces": the country; but "in the
         * Bosnian town of Gorazde" is the town, found after "of" */
        size_t stop = sc->first + sc->count;
        uint32_t a = ph->end;
        if (!(sc->wc[a - sc->first] & WC_GEO) ||
            (a + 1 < stop && sd_streq(tok[a + 1].lower, "of")))
            return 0;
    }
    if (qual_used)
        ph->qend = qend;
    else
        ph->qend = ph->end;
    ph->ref.place = p;
    ph->ref.prec = precision_of(p);
    return 1;
}

/* Is token t a place trigger?  Returns STRONG, WEAK or 0 and the first
 * token of the name in *name (after determiners and modifiers). */
static int trigger(const scan *sc, uint32_t t, uint32_t *name)
{
    const sd_token *tok = sc->doc->tok;
    size_t stop = sc->first + sc->count;
    uint32_t w = sc->wc[t - sc->first];
    int strength = 0;
    if (!is_word(&tok[t]) || (tok[t].flags & (SD_TOK_CAP | SD_TOK_ALLCAPS) &&
                              !(tok[t].flags & SD_TOK_SENT_START) && !sc->headline))
        return 0; /* Title Case headlines: "Troops Withdraw From Busan" */
    if (w & WC_PLACE)
        strength = STRONG;
    else if ((w & WC_GEO) && t + 1 < stop && sd_streq(tok[t + 1].lower, "of")) {
        strength = STRONG;
        t++;
    } else if ((tok[t].lower[0] == 't' || tok[t].lower[0] == 'i' || tok[t].lower[0] == 'f') &&
               (sd_streq(tok[t].lower, "to") || sd_streq(tok[t].lower, "into") ||
                sd_streq(tok[t].lower, "from") || sd_streq(tok[t].lower, "toward") ||
                sd_streq(tok[t].lower, "towards")))
        strength = WEAK; /* (the first letter tested first: this runs for every word) */
    if (!strength)
        return 0;
    uint32_t u = t + 1;
    int mods = 0;
    while (u < stop && !is_cap(&tok[u])) {
        if (!is_word(&tok[u]) && !is_punct(&tok[u], "-"))
            return 0;
        if (sc->wc[u - sc->first] & WC_DET) {
            u++;
            continue;
        }
        if ((sc->wc[u - sc->first] & WC_GEO) && u + 1 < stop &&
            sd_streq(tok[u + 1].lower, "of")) {
            u += 2; /* "near the town of Samarra" */
            continue;
        }
        if (sc->wc[u - sc->first] || ++mods > 2)
            return 0;
        u++;
    }
    if (u >= stop)
        return 0;
    *name = u;
    return strength;
}

/* The place phrases of the sentence, in token order. */
static size_t find_phrases(scan *sc, phrase *out, size_t max)
{
    const sd_token *tok = sc->doc->tok;
    size_t n = 0;
    uint32_t end = (uint32_t)(sc->first + sc->count);
    for (uint32_t t = (uint32_t)sc->first; t < end && n < max;) {
        uint32_t name = 0;
        int strength = trigger(sc, t, &name);
        if (!strength) {
            t++;
            continue;
        }
        phrase ph = {t, 0, 0, 0, strength, {NULL, SAYDO_GEO_NONE}};
        sc->strength = strength;
        if (!resolve(sc, name, &ph)) {
            /* a name saydo cannot place ("in Brest", two of them): the
             * sentence still names a place, so no dateline for it */
            const sd_mention *nm = mention_at(sc->men, sc->nmen, name);
            if (!(nm && (nm->flags & MENTION_PERSON)) && !is_calendar(&tok[name]))
                sc->unresolved++;
            t = name > t ? name : t + 1;
            continue;
        }
        out[n++] = ph;
        /* a list: "near Kyiv and Kharkiv", "in Gaza, Rafah and Khan Younis" */
        uint32_t u = ph.qend;
        while (n < max && u + 1 < end &&
               (sd_streq(tok[u].lower, "and") || is_punct(&tok[u], ",")) &&
               is_cap(&tok[u + 1])) {
            phrase next = {ph.trig, 0, 0, 0, strength, {NULL, SAYDO_GEO_NONE}};
            if (!resolve(sc, u + 1, &next))
                break;
            out[n++] = next;
            u = next.qend;
        }
        t = u > t ? u : t + 1;
    }
    return n;
}

static uint32_t verb_token(const sd_doc *doc, size_t first, size_t count, size_t orig)
{
    for (size_t t = first; t < first + count; t++)
        if (sd_doc_orig(doc, doc->tok[t].start) >= orig)
            return (uint32_t)t;
    return (uint32_t)first;
}

static int overlaps(const sd_doc *doc, const phrase *ph, saydo_span sp)
{
    if (sp.end <= sp.start)
        return 0;
    size_t a = sd_doc_orig(doc, doc->tok[ph->start].start);
    size_t b = sd_doc_orig(doc, doc->tok[ph->end - 1].end);
    return a < sp.end && sp.start < b;
}

/* Can the phrase be the place of the act at token v? */
static int attaches(const scan *sc, const phrase *ph, uint32_t v, const saydo_event *ev)
{
    const sd_token *tok = sc->doc->tok;
    if (ph->strength == WEAK && overlaps(sc->doc, ph, ev->source_span))
        return 0; /* "Britain sent aid to ...": the actor, not its place */
    /* "an Iraqi from Italy", "a Briton from Liverpool": where a person
     * comes from, not where the act happened */
    if (ph->strength == WEAK && ph->trig > sc->first && sd_streq(tok[ph->trig].lower, "from")) {
        const sd_mention *who = mention_at(sc->men, sc->nmen, ph->trig - 1);
        /* (a person or a nationality, not forces: "withdrew its troops
         * from Iraq" is placed there) */
        if (who && who->end == ph->trig &&
            ((who->flags & MENTION_PERSON) ||
             (strlen(who->code) == 3 && !(who->flags & (MENTION_BARE | MENTION_OWNED)))))
            return 0;
    }
    int vq = (tok[v].flags & SD_TOK_QUOTED) != 0;
    int pq = (tok[ph->start].flags & SD_TOK_QUOTED) != 0;
    if (ph->trig >= v) {
        if (ph->trig - v > ATTACH_DIST && !(vq && !pq))
            return 0;
        /* ", relief officials in Nairobi said": the place of a report
         * after a comma is where it was said, not where the act was */
        int comma = 0;
        for (uint32_t t = v + 1; t < ph->trig && !comma; t++)
            comma = is_punct(&tok[t], ",");
        for (uint32_t t = ph->end; comma && t < sc->first + sc->count && t < ph->end + 3; t++)
            if (sc->wc[t - sc->first] & WC_SAY)
                return 0;
        for (uint32_t t = v + 1; t < ph->trig; t++) {
            if (vq && !pq && (tok[t].flags & (SD_TOK_QUOTED | SD_TOK_QUOTE)))
                continue; /* "...," he said in Rabat */
            if ((sc->wc[t - sc->first] & WC_CLAUSE) || is_punct(&tok[t], ";") ||
                is_punct(&tok[t], ":"))
                return 0;
        }
        return 1;
    }
    if (v - ph->qend > ATTACH_DIST || vq != pq)
        return 0;
    int fronted = ph->trig == sc->first;
    for (uint32_t t = ph->qend; t < v; t++) {
        if ((sc->wc[t - sc->first] & WC_CLAUSE) || is_punct(&tok[t], ";") ||
            is_punct(&tok[t], ":"))
            return 0;
        if (is_punct(&tok[t], ",") && !fronted)
            return 0;
    }
    return 1;
}

/* *loc and *adm1 from place p (precision prec), with the span of tokens
 * [start, end) of the article, or 0..0 when end is 0. */
static void fill_location(saydo_result *result, saydo_location *loc, const char **adm1,
                          const sd_place *p, saydo_geo_precision prec, uint32_t start,
                          uint32_t end)
{
    loc->precision = prec;
    loc->name = p->name;
    loc->country = p->country;
    loc->admin1 = p->admin1;
    loc->lat = p->lat;
    loc->lon = p->lon;
    loc->span.start = loc->span.end = 0;
    if (end > start)
        loc->span = sd_result_span(result, result->doc.tok[start].start,
                                   result->doc.tok[end - 1].end);
    *adm1 = p->adm1;
}

static void set_location(saydo_result *result, saydo_event *ev, const place_ref *ref,
                         const phrase *ph)
{
    fill_location(result, &ev->location, &ev->location_adm1, ref->place, ref->prec, ph->start,
                  ph->end);
}

/* The dateline's place: "ANKARA, Turkey, Oct. 24 (AP) --", "MOSCOW
 * (Reuters) -".  The first dateline of the article's opening. */
static int dateline_place(scan *base, saydo_result *result, place_ref *ref, phrase *ph)
{
    const sd_doc *doc = &result->doc;
    for (size_t i = 0; i < doc->nsent && i < 8; i++) {
        const sd_sentence *s = &doc->sent[i];
        if (s->kind != SAYDO_SENT_DATELINE || s->tok_count == 0)
            continue;
        uint32_t *wc = sd_arena_calloc(&result->arena, s->tok_count, sizeof *wc);
        if (!wc) {
            base->nomem = 1;
            return 0;
        }
        scan sc = *base;
        sc.wc = wc;
        sc.first = s->tok_first;
        sc.count = s->tok_count;
        sc.men = NULL;
        sc.nmen = 0;
        memset(&sc.sent_set, 0, sizeof sc.sent_set);
        memset(&sc.art_set, 0, sizeof sc.art_set);
        sc.sent = &sc.sent_set;
        sc.art = &sc.art_set;
        sc.ctx_ready = 1; /* a dateline is placed without context */
        sc.dl_state = 1;
        /* after a wire credit ("Los Angeles Times - BAGHDAD --",
         * "Canadian Press - VANCOUVER (CP) -"): the place follows the
         * credit's dash; the credit names a paper, not a place */
        uint32_t at = s->tok_first;
        const sd_token *tok = doc->tok;
        size_t dashes = 0, after_first = 0;
        for (size_t t = s->tok_first; t < s->tok_first + s->tok_count; t++) {
            const char *w = tok[t].lower ? tok[t].lower : "";
            if ((tok[t].flags & SD_TOK_PUNCT) && w[0] == '-' && strspn(w, "-") == strlen(w)) {
                if (!dashes++ && t + 1 < s->tok_first + s->tok_count && is_cap(&tok[t + 1]))
                    after_first = t + 1;
            }
        }
        if (dashes >= 2 && after_first)
            at = (uint32_t)after_first;
        int ok = resolve(&sc, at, ph);
        base->nomem |= sc.nomem;
        if (ok) {
            *ref = ph->ref;
            return 1;
        }
        return 0;
    }
    return 0;
}

/* A capital standing for its government as the target of an attack
 * (CAMEO 18-20: "forces shelled Kyiv") is where the attack happened. */
static const phrase *capital_target(const scan *sc, const saydo_event *ev, phrase *out)
{
    if (!ev->cameo || !(strncmp(ev->cameo, "18", 2) == 0 || strncmp(ev->cameo, "19", 2) == 0 ||
                        strncmp(ev->cameo, "20", 2) == 0) ||
        ev->target_span.end <= ev->target_span.start)
        return NULL;
    const sd_token *tok = sc->doc->tok;
    for (size_t k = 0; k < sc->nmen; k++) {
        const sd_mention *m = &sc->men[k];
        if (sd_doc_orig(sc->doc, tok[m->start].start) != ev->target_span.start ||
            !m->entry || !m->entry->attrs || !strstr(m->entry->attrs, "metonym=capital"))
            continue;
        const sd_place *c = sd_gazetteer_country(sc->g, m->code);
        const sd_place *p = c ? sd_gazetteer_by_id(sc->g, c->id) : NULL;
        if (!p)
            return NULL;
        out->trig = out->start = m->start;
        out->end = out->qend = m->end;
        out->strength = STRONG;
        out->ref.place = p;
        out->ref.prec = SAYDO_GEO_CITY;
        return out;
    }
    return NULL;
}

/* The place phrases of a sentence, kept for the actors' places
 * (sd_code_actor_places). */
struct sd_sentence_places {
    size_t n;
    phrase ph[];
};

/* Keep ph[0..n) as sentence si's phrases in the result's arena.  0 or
 * SAYDO_ERR_NOMEM. */
static int save_phrases(saydo_result *result, size_t si, const phrase *ph, size_t n)
{
    if (!result->sent_places) {
        size_t n_sent = result->doc.nsent ? result->doc.nsent : 1;
        result->sent_places = sd_arena_calloc(&result->arena, n_sent, sizeof *result->sent_places);
        if (!result->sent_places)
            return SAYDO_ERR_NOMEM;
    }
    struct sd_sentence_places *sp =
        sd_arena_alloc(&result->arena, sizeof *sp + (n ? n : 1) * sizeof sp->ph[0]);
    if (!sp)
        return SAYDO_ERR_NOMEM;
    sp->n = n;
    if (n)
        memcpy(sp->ph, ph, n * sizeof *ph);
    result->sent_places[si] = sp;
    return 0;
}

int sd_code_places(const saydo_coder *coder, saydo_result *result, size_t si,
                   const uint32_t *wc, const sd_mention *men, size_t nmen, size_t ev_first)
{
    const sd_gazetteer *g = coder->gaz;
    if (!g || ev_first >= result->nev)
        return 0;
    const sd_doc *doc = &result->doc;
    const sd_sentence *s = &doc->sent[si];
    scan sc;
    memset(&sc, 0, sizeof sc);
    sc.coder = coder;
    sc.g = g;
    sc.doc = doc;
    sc.wc = wc;
    sc.first = s->tok_first;
    sc.count = s->tok_count;
    sc.men = men;
    sc.nmen = nmen;
    sc.sent = &sc.sent_set;
    sc.art = &sc.art_set;
    sc.headline = s->kind == SAYDO_SENT_HEADLINE;
    sc.result = result;
    sc.ev_first = ev_first;
    phrase ph[MAX_PHRASES], tph;
    size_t np = find_phrases(&sc, ph, MAX_PHRASES);
    if (sc.nomem || save_phrases(result, si, ph, np))
        return SAYDO_ERR_NOMEM;
    for (size_t e = ev_first; e < result->nev; e++) {
        saydo_event *ev = &result->ev[e];
        uint32_t v = verb_token(doc, s->tok_first, s->tok_count, ev->verb_span.start);
        const phrase *best = NULL;
        uint32_t best_d = 0;
        for (size_t i = 0; i < np; i++) {
            if (!attaches(&sc, &ph[i], v, ev))
                continue;
            uint32_t d = ph[i].trig >= v ? ph[i].trig - v : (v - ph[i].trig) + 1;
            if (!best || ph[i].strength > best->strength ||
                (ph[i].strength == best->strength && d < best_d)) {
                best = &ph[i];
                best_d = d;
            }
        }
        const phrase *target = best ? NULL : capital_target(&sc, ev, &tph);
        if (best)
            set_location(result, ev, &best->ref, best);
        else if (target)
            set_location(result, ev, &target->ref, target);
        else if (np == 0 && sc.unresolved == 0 && dateline(&sc))
            set_location(result, ev, &sc.dl, &sc.dlph);
        if (sc.nomem)
            return SAYDO_ERR_NOMEM;
    }
    return 0;
}

/* ---- the actors' places ------------------------------------------------ */

/* The tokens of sentence s that span sp covers: [*as, *ae).  0 when none. */
static int span_tokens(const sd_doc *doc, const sd_sentence *s, saydo_span sp, uint32_t *as,
                       uint32_t *ae)
{
    if (sp.end <= sp.start)
        return 0;
    uint32_t a = 0, e = 0;
    int found = 0;
    for (uint32_t t = s->tok_first; t < s->tok_first + s->tok_count; t++) {
        size_t ts = sd_doc_orig(doc, doc->tok[t].start);
        if (ts >= sp.end)
            break;
        if (ts >= sp.start) {
            if (!found)
                a = t;
            found = 1;
            e = t + 1;
        }
    }
    *as = a;
    *ae = e;
    return found;
}

/* A place phrase right after the actor's words: "police in Lagos",
 * "officials in Nairobi said", "rebels from Misrata", "troops based in
 * Kandahar".  Motion ("sent aid to Jordan") is not the actor's place. */
static const phrase *after_actor(const sd_doc *doc, const struct sd_sentence_places *sp,
                                 uint32_t ae, uint32_t stop)
{
    static const char *const at_words[] = {"in", "at", "from", "near", "outside", "inside",
                                           NULL};
    uint32_t at = ae;
    if (at < stop && (strcmp(doc->tok[at].lower, "based") == 0 ||
                      strcmp(doc->tok[at].lower, "stationed") == 0))
        at++;
    for (size_t i = 0; sp && i < sp->n; i++) {
        const phrase *ph = &sp->ph[i];
        if (ph->trig == at && ph->ref.place && ph->start > ph->trig &&
            in_list(doc->tok[ph->trig].lower, at_words))
            return ph;
    }
    return NULL;
}

/* A place named inside the actor's words, of the actor's own country: a
 * modifier ("the Baghdad government", "Lagos police") or a capital
 * standing for its government ("Kiev said").  *start, *end: its tokens. */
static const sd_place *inside_actor(const sd_gazetteer *g, const sd_doc *doc, uint32_t as,
                                    uint32_t ae, const sd_place *country, uint32_t *start,
                                    uint32_t *end)
{
    if (!country)
        return NULL;
    static const char *const dets[] = {"the", "a", "an", NULL};
    for (uint32_t t = as; t < ae; t++) {
        if (!is_cap(&doc->tok[t]) || in_list(doc->tok[t].lower, dets))
            continue;
        uint32_t e = t;
        while (e < ae && is_cap(&doc->tok[e]))
            e++;
        int whole = e == ae && (t == as || in_list(doc->tok[as].lower, dets));
        int modifier = e < ae && is_word(&doc->tok[e]) &&
                       !(doc->tok[e].flags & (SD_TOK_CAP | SD_TOK_ALLCAPS));
        if (whole || modifier) {
            const sd_place *p = sd_gazetteer_town(g, doc->norm + doc->tok[t].start,
                                                  doc->tok[e - 1].end - doc->tok[t].start,
                                                  20000);
            /* the actor's own country; a whole name only as the capital */
            if (p && strcmp(p->country, country->country) == 0 &&
                (!whole || (p->kind == SD_PLACE_CITY && p->id == country->id))) {
                *start = t;
                *end = e;
                return p;
            }
        }
        t = e;
    }
    return NULL;
}

/* One actor's place (see sd_code_actor_places). */
static void actor_place(const sd_gazetteer *g, saydo_result *result, const sd_sentence *s,
                        const struct sd_sentence_places *sp, const char *code, saydo_span span,
                        saydo_location *loc, const char **adm1)
{
    memset(loc, 0, sizeof *loc);
    loc->name = loc->country = loc->admin1 = "";
    *adm1 = "";
    if (!code || !*code)
        return;
    const sd_doc *doc = &result->doc;
    const sd_place *country = strlen(code) >= 3 ? sd_gazetteer_country(g, code) : NULL;
    uint32_t as = 0, ae = 0;
    if (span_tokens(doc, s, span, &as, &ae)) {
        const phrase *ph = after_actor(doc, sp, ae, s->tok_first + s->tok_count);
        if (ph) {
            fill_location(result, loc, adm1, ph->ref.place, ph->ref.prec, ph->start, ph->end);
            return;
        }
        uint32_t ps = 0, pe = 0;
        const sd_place *p = inside_actor(g, doc, as, ae, country, &ps, &pe);
        if (p) {
            fill_location(result, loc, adm1, p, precision_of(p), ps, pe);
            return;
        }
    }
    if (country) /* the country's centroid, as GDELT places a country */
        fill_location(result, loc, adm1, country, SAYDO_GEO_COUNTRY, 0, 0);
}

int sd_code_actor_places(const saydo_coder *coder, saydo_result *result)
{
    const sd_gazetteer *g = coder->gaz;
    for (size_t i = 0; i < result->nev; i++) {
        saydo_event *ev = &result->ev[i];
        if (!ev->location_adm1)
            ev->location_adm1 = "";
        if (!g || ev->sentence >= result->doc.nsent) {
            actor_place(NULL, result, NULL, NULL, "", ev->source_span, &ev->source_location,
                        &ev->source_location_adm1);
            actor_place(NULL, result, NULL, NULL, "", ev->target_span, &ev->target_location,
                        &ev->target_location_adm1);
            continue;
        }
        const sd_sentence *s = &result->doc.sent[ev->sentence];
        const struct sd_sentence_places *sp =
            result->sent_places ? result->sent_places[ev->sentence] : NULL;
        actor_place(g, result, s, sp, ev->source, ev->source_span, &ev->source_location,
                    &ev->source_location_adm1);
        actor_place(g, result, s, sp, ev->target, ev->target_span, &ev->target_location,
                    &ev->target_location_adm1);
    }
    return 0;
}
