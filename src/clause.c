/*
 * clause.c -- the grammar layer's second stage (grammar.h, sd_clauses):
 * one clause per verb group, its kind and the clause it depends on, and
 * the roles of every verb group (subject, objects, by-agent, and from the
 * voice its doer and patient).  docs/grammar.md gives the rules with
 * examples.  The passes, in order:
 *
 *   classify   what opens each verb group's clause: "to" (infinitival), a
 *              participle after a noun (reduced relative) or elsewhere
 *              (participial), who/which/that after a noun (relative),
 *              that/if/because (complement, subordinate), a verb of saying
 *              before its subject (complement without "that"), "and" after
 *              another verb (coordinated: same kind, shared subject)
 *   attribute  "X attacked Y, officials said": the clauses before a final
 *              verb of saying are its complements; quoted clauses are
 *              quotes of the nearest verb of saying outside the quotes
 *   spans      each clause's tokens, so that a subject search can step
 *              over a relative clause ("the sister of a man who died after
 *              a clash with police has demanded": subject "the sister")
 *   subjects   the noun phrase to the left, climbing to the head of its
 *              complex (of-phrases, appositions, PPs); shared, relative,
 *              inverted ("..., said the minister")
 *   objects    the noun phrase right after the group (not a time phrase,
 *              not the subject of a complement clause); the by-agent of a
 *              passive; the controller of an infinitive or participle
 *   voice      doer and patient
 */
#include <string.h>

#include "grammar.h"
#include "tag.h"

typedef struct analyser {
    const sd_grammar_words *words;
    const sd_doc *doc;
    sd_parse *p;
    sd_arena *arena;
} analyser;

static unsigned tag_at(const analyser *a, int64_t i)
{
    return a->p->tag[i - a->p->first];
}
static int in_sentence(const analyser *a, int64_t i)
{
    return i >= a->p->first && i < (int64_t)a->p->first + a->p->count;
}
static uint32_t gw_at(const analyser *a, int64_t i)
{
    return a->p->gw[i - a->p->first];
}
static int32_t np_at(const analyser *a, int64_t i)
{
    return in_sentence(a, i) ? a->p->np_of[i - a->p->first] : -1;
}
static int32_t vg_at(const analyser *a, int64_t i)
{
    return in_sentence(a, i) ? a->p->vg_of[i - a->p->first] : -1;
}
static int lower_is(const analyser *a, int64_t i, const char *w)
{
    return strcmp(a->doc->tok[i].lower, w) == 0;
}

/* The token before i, stepping over adverbs; -1 at the sentence start. */
static int64_t prev_token(const analyser *a, int64_t i)
{
    int64_t stop = i - 64; /* a longer run of adverbs is no grammar */
    for (i--; in_sentence(a, i) && i >= stop; i--)
        if (!sd_tag_is_adv(tag_at(a, i)) || (gw_at(a, i) & SD_GW(NEG)))
            return i;
    return -1;
}

int32_t sd_np_top(const sd_parse *p, int32_t np)
{
    for (int guard = 0; np >= 0 && guard < 64; guard++) {
        const sd_np *n = &p->np[np];
        if (n->parent >= 0) {
            np = n->parent;
        } else if (n->coord_first >= 0 && n->coord_first != np) {
            np = n->coord_first;
        } else if (n->pp >= 0 && p->pp[n->pp].after_np >= 0 &&
                   !(p->np[p->pp[n->pp].after_np].flags & SD_NP_TIME)) {
            np = p->pp[n->pp].after_np;
        } else {
            break;
        }
    }
    return np;
}

static int32_t top_np(const analyser *a, int32_t np)
{
    return sd_np_top(a->p, np);
}

/* The head of an of-chain only ("a member of Hamas" -> "a member"), for
 * what a reduced relative modifies. */
static int32_t of_top(const analyser *a, int32_t np)
{
    for (int guard = 0; np >= 0 && guard < 64; guard++) {
        const sd_np *n = &a->p->np[np];
        if (n->parent < 0 || a->p->np[n->parent].of != np)
            break;
        np = n->parent;
    }
    return np;
}

/* The first token of np's complex (with its possessor). */
static uint32_t np_start(const analyser *a, int32_t np)
{
    for (int guard = 0; guard < 64 && a->p->np[np].poss >= 0; guard++)
        np = a->p->np[np].poss;
    return a->p->np[np].first;
}

static int nonfinite(const sd_vg *vg)
{
    return vg->form == SD_FORM_PARTICIPLE || vg->form == SD_FORM_GERUND ||
           vg->form == SD_FORM_INFINITIVE;
}

static int add_clause(analyser *a, const sd_clause *cl)
{
    sd_parse *p = a->p;
    if (p->nclause >= p->count) /* one clause per verb group (sd_chunk) */
        return SAYDO_ERR_INTERNAL;
    p->clause[p->nclause++] = *cl;
    return 0;
}

/* ---------------------------------------------------------- classify */

/* The verb group this one is coordinated with: "X attacked Y and killed
 * Z", "Captured, Jailed"; -1 when none. */
static int32_t coordinated_with(const analyser *a, const sd_vg *vg, int64_t prev)
{
    if (prev < 0)
        return -1;
    unsigned t = tag_at(a, prev);
    int joiner = (t == SD_TAG_CC && (lower_is(a, prev, "and") || lower_is(a, prev, "or") ||
                                     lower_is(a, prev, "but"))) ||
                 t == SD_TAG_COMMA;
    if (!joiner)
        return -1;
    int64_t k = prev_token(a, prev);
    if (k >= 0 && tag_at(a, k) == SD_TAG_COMMA && t == SD_TAG_CC)
        k = prev_token(a, k);
    if (k < 0)
        return -1;
    int32_t u = vg_at(a, k);
    if (u < 0) { /* after the object of u: "attacked Y and killed Z" */
        int32_t np = np_at(a, k);
        if (np < 0)
            return -1;
        np = top_np(a, np);
        int64_t before = prev_token(a, np_start(a, np));
        u = before >= 0 ? vg_at(a, before) : -1;
        /* or after the verb's PP: "has pushed for progress on peace
         * talks and is one of" */
        if (u < 0 && before >= 0 && tag_at(a, before) == SD_TAG_IN) {
            int64_t b2 = prev_token(a, before);
            u = b2 >= 0 ? vg_at(a, b2) : -1;
        }
        if (u < 0)
            return -1;
    }
    const sd_vg *w = &a->p->vg[u];
    /* "Rebels Seize Town, Kill Ten": a headline's bare verb after a comma
     * is its present */
    if (a->p->headline && t == SD_TAG_COMMA && vg->form == SD_FORM_BARE &&
        w->form == SD_FORM_FINITE)
        return u;
    /* "was kidnapped and killed": the auxiliary is left out */
    int elided = (vg->form == SD_FORM_PARTICIPLE && w->voice == SD_VOICE_PASSIVE &&
                  !nonfinite(w)) ||
                 (vg->form == SD_FORM_GERUND && (w->flags & SD_VG_PROGRESSIVE)) ||
                 /* "to unite and mobilise": the second "to" is left out */
                 (vg->form == SD_FORM_BARE && w->form == SD_FORM_INFINITIVE);
    if (w->form == SD_FORM_INFINITIVE && !elided)
        return -1;
    if (nonfinite(w) != nonfinite(vg) && !elided)
        return -1;
    /* a comma joins verbs only in headlines, with no object between
     * ("Captured, Jailed"); in prose it closes a clause or an aside */
    if (t == SD_TAG_COMMA && !a->p->headline)
        return -1;
    return u;
}

/* The clause of the nearest verb group before token i, or -1. */
static int32_t clause_before(const analyser *a, int64_t i)
{
    for (int64_t k = i - 1; in_sentence(a, k); k--) {
        int32_t v = vg_at(a, k);
        if (v >= 0)
            return a->p->vg[v].clause;
    }
    return -1;
}

static void classify_nonfinite(analyser *a, sd_vg *vg, sd_clause *cl, int64_t prev)
{
    if (vg->form == SD_FORM_INFINITIVE) {
        cl->kind = SD_CLAUSE_INFINITIVAL;
        cl->marker = (int32_t)vg->first;
        cl->parent = clause_before(a, vg->first);
        return;
    }
    cl->kind = SD_CLAUSE_PARTICIPIAL;
    if (prev < 0)
        return; /* sentence-initial: its parent is the next main clause */
    unsigned t = tag_at(a, prev);
    if (t == SD_TAG_IN || t == SD_TAG_CS) { /* "after meeting X", "accused of playing" */
        cl->marker = (int32_t)prev;
        cl->marker_class = gw_at(a, prev) & (SD_GW(COND) | SD_GW(SUBORD));
        cl->parent = clause_before(a, prev);
        return;
    }
    int32_t np = np_at(a, prev);
    if (np >= 0 && !(a->p->np[np].flags & SD_NP_TIME)) { /* "soldiers killed in X" */
        cl->kind = SD_CLAUSE_REDUCED;
        cl->attach_np = of_top(a, np);
        cl->parent = clause_before(a, a->p->np[np].first);
        return;
    }
    if (t == SD_TAG_COMMA) {
        int64_t k = prev_token(a, prev);
        int32_t before = k >= 0 ? np_at(a, k) : -1;
        if (vg->form == SD_FORM_PARTICIPLE && before >= 0) { /* "X, jailed last year," */
            cl->kind = SD_CLAUSE_REDUCED;
            cl->attach_np = of_top(a, before);
        }
    }
    cl->parent = clause_before(a, vg->first);
}

static int p_np_time(const analyser *a, int32_t np)
{
    return (a->p->np[np].flags & SD_NP_TIME) != 0;
}

/* Does a noun phrase (its object) follow vg directly? */
static int object_follows(const analyser *a, const sd_vg *vg)
{
    uint32_t i = vg->particle >= 0 ? (uint32_t)vg->particle + 1 : vg->end;
    while (in_sentence(a, i) && sd_tag_is_adv(tag_at(a, i)))
        i++;
    int32_t np = np_at(a, i);
    return np >= 0 && np_start(a, np) == i && !p_np_time(a, np);
}

/* A finite (or bare) group: relative, complement, subordinate or main. */
static void classify_finite(analyser *a, sd_vg *vg, sd_clause *cl, int64_t prev)
{
    cl->kind = SD_CLAUSE_MAIN;
    if (prev < 0)
        return;
    unsigned t = tag_at(a, prev);
    if ((t == SD_TAG_WDT || t == SD_TAG_WP) && (gw_at(a, prev) & SD_GW(RELATIVE))) {
        int64_t k = prev_token(a, prev);
        if (k >= 0 && tag_at(a, k) == SD_TAG_COMMA)
            k = prev_token(a, k);
        int32_t np = k >= 0 ? np_at(a, k) : -1;
        if (np >= 0) {
            cl->kind = SD_CLAUSE_RELATIVE;
            cl->marker = (int32_t)prev;
            cl->attach_np = np;
            cl->parent = clause_before(a, prev);
            vg->subject = cl->attach_np;
            vg->subj_how = SD_SUBJ_RELATIVE;
            return;
        }
    }
    /* the token before the subject's complex */
    int64_t m = prev;
    int32_t subj = np_at(a, prev);
    if (subj >= 0)
        m = prev_token(a, np_start(a, top_np(a, subj)));
    if (m < 0)
        return;
    unsigned tm = tag_at(a, m);
    if ((tm == SD_TAG_WDT || tm == SD_TAG_WP) && (gw_at(a, m) & SD_GW(RELATIVE)) && subj >= 0 &&
        object_follows(a, vg) && lower_is(a, m, "that")) {
        /* "reports that Iran attacked a tanker": with its object in place
         * the clause is the noun's content, not a relative */
        int64_t k = prev_token(a, m);
        if (k >= 0 && np_at(a, k) >= 0 && vg_at(a, k) < 0) {
            cl->kind = SD_CLAUSE_COMPLEMENT;
            cl->marker = (int32_t)m;
            cl->attach_np = np_at(a, k);
            cl->parent = clause_before(a, m);
            return;
        }
    }
    if ((tm == SD_TAG_WDT || tm == SD_TAG_WP) && (gw_at(a, m) & SD_GW(RELATIVE)) && subj >= 0 &&
        !object_follows(a, vg)) {
        int64_t k = prev_token(a, m);
        if (k >= 0 && tag_at(a, k) == SD_TAG_COMMA)
            k = prev_token(a, k);
        if (k >= 0 && np_at(a, k) >= 0) { /* "the man whom police arrested" */
            cl->kind = SD_CLAUSE_RELATIVE;
            cl->marker = (int32_t)m;
            cl->attach_np = np_at(a, k);
            cl->parent = clause_before(a, m);
            return;
        }
    }
    if (tm == SD_TAG_CS || tm == SD_TAG_WRB) {
        cl->marker = (int32_t)m;
        cl->marker_class = gw_at(a, m) & (SD_GW(COND) | SD_GW(SUBORD));
        cl->parent = clause_before(a, m);
        cl->kind = (lower_is(a, m, "that") || (lower_is(a, m, "whether") && cl->parent >= 0))
                       ? SD_CLAUSE_COMPLEMENT : SD_CLAUSE_SUBORDINATE;
        /* "that" after a noun, with the verb's object missing, is a
         * relative pronoun: "the deal that the two sides signed" (a clause
         * with its object, "reports that Iran attacked Israel", is the
         * noun's complement) */
        int64_t k = prev_token(a, m);
        int32_t noun = k >= 0 ? np_at(a, k) : -1;
        /* (not after what a verb of saying is told: "told reporters that") */
        int64_t kk = noun >= 0 ? prev_token(a, np_start(a, top_np(a, noun))) : -1;
        int told = kk >= 0 && vg_at(a, kk) >= 0 && (a->p->vg[vg_at(a, kk)].flags & SD_VG_SAY);
        if (lower_is(a, m, "that") && noun >= 0 && !(p_np_time(a, noun)) && !object_follows(a, vg) &&
            vg->voice == SD_VOICE_ACTIVE && !told) {
            cl->kind = SD_CLAUSE_RELATIVE;
            cl->attach_np = noun;
            cl->marker_class = 0;
        }
        return;
    }
    /* "said Russia is ready"; "told reporters he would"; "said in a
     * statement on Thursday they would": PPs between the verb and the
     * clause's subject are the verb's */
    int32_t u = vg_at(a, m);
    for (int guard = 0; u < 0 && guard < 8 && m >= 0 && np_at(a, m) >= 0 && subj >= 0; guard++) {
        const sd_np *n = &a->p->np[np_at(a, m)];
        if (n->pp >= 0) { /* the object of a PP: step before its preposition */
            m = prev_token(a, a->p->pp[n->pp].prep);
        } else {
            int64_t k = prev_token(a, np_start(a, top_np(a, np_at(a, m))));
            u = k >= 0 ? vg_at(a, k) : -1;
            break;
        }
        u = m >= 0 ? vg_at(a, m) : -1;
    }
    if (u >= 0 && subj >= 0 && (a->p->vg[u].flags & SD_VG_SAY)) {
        cl->kind = SD_CLAUSE_COMPLEMENT;
        cl->parent = a->p->vg[u].clause;
    }
}

static int classify(analyser *a)
{
    sd_parse *p = a->p;
    for (size_t v = 0; v < p->nvg; v++) {
        sd_vg *vg = &p->vg[v];
        sd_clause cl = {.first = vg->first, .end = vg->end, .parent = -1, .vg = (int32_t)v,
                        .marker = -1, .attach_np = -1, .speaker = -1};
        vg->clause = (int32_t)p->nclause;
        int64_t prev = prev_token(a, vg->first);
        int32_t u = coordinated_with(a, vg, prev);
        if (u >= 0) {
            const sd_clause *uc = &p->clause[p->vg[u].clause];
            cl.kind = uc->kind;
            cl.parent = uc->parent;
            cl.attach_np = uc->attach_np;
            cl.marker_class = uc->marker_class;
            vg->coord_prev = u;
            vg->subj_how = SD_SUBJ_SHARED;
            if (nonfinite(vg) != nonfinite(&p->vg[u]) || vg->form == SD_FORM_BARE) {
                /* restore the elided auxiliary or "to" */
                vg->form = p->vg[u].form;
                vg->tense = p->vg[u].tense;
            }
        } else if (nonfinite(vg)) {
            classify_nonfinite(a, vg, &cl, prev);
        } else {
            classify_finite(a, vg, &cl, prev);
        }
        if (add_clause(a, &cl))
            return SAYDO_ERR_NOMEM;
        if (cl.attach_np >= 0 && p->np[cl.attach_np].modifier < 0 && vg->coord_prev < 0)
            p->np[cl.attach_np].modifier = vg->clause;
    }
    return 0;
}

/* --------------------------------------------------------- attribute */

/* The first token of the sentence's last finite verb group that is not
 * coordinated with another (0 when none). */
static uint32_t last_finite(const analyser *a)
{
    for (size_t v = a->p->nvg; v-- > 0;)
        if (!nonfinite(&a->p->vg[v]) && a->p->vg[v].subj_how != SD_SUBJ_SHARED)
            return a->p->vg[v].first;
    return 0;
}

/* "X attacked Y, officials said (on Sunday)." and ", said the minister." */
static void fronted_reports(analyser *a)
{
    sd_parse *p = a->p;
    uint32_t last = last_finite(a);
    for (size_t v = 0; v < p->nvg; v++) {
        sd_vg *vg = &p->vg[v];
        sd_clause *cl = &p->clause[vg->clause];
        if (!(vg->flags & SD_VG_SAY) || cl->kind != SD_CLAUSE_MAIN || nonfinite(vg) ||
            (vg->flags & SD_VG_QUOTED) || last > vg->first)
            continue;
        int64_t prev = prev_token(a, vg->first);
        int64_t m = prev;
        int32_t subj = prev >= 0 ? np_at(a, prev) : -1;
        if (subj >= 0)
            m = prev_token(a, np_start(a, top_np(a, subj)));
        if (m < 0 || (tag_at(a, m) != SD_TAG_COMMA && tag_at(a, m) != SD_TAG_QUOTE))
            continue;
        int32_t after = np_at(a, vg->particle >= 0 ? (uint32_t)vg->particle + 1 : vg->end);
        if (subj < 0 && after < 0)
            continue;
        /* the report follows a clause: "Kofi Annan, the UN chief, urged
         * calm" has none (the comma closes an apposition) */
        int clause_before_it = 0;
        for (size_t w = 0; w < v; w++)
            clause_before_it |= p->vg[w].first < m && !nonfinite(&p->vg[w]);
        if (!clause_before_it)
            continue;
        if (subj < 0) {
            vg->subject = top_np(a, after);
            vg->subj_how = SD_SUBJ_INVERTED;
        }
        for (size_t w = 0; w < v; w++) {
            sd_clause *wc = &p->clause[p->vg[w].clause];
            if (wc->kind == SD_CLAUSE_MAIN && wc->parent < 0 && p->vg[w].first < m) {
                wc->kind = SD_CLAUSE_COMPLEMENT;
                wc->parent = vg->clause;
            }
        }
    }
}

/* Quoted clauses are quotes of the nearest verb of saying outside them,
 * after the quote first ("'...,' he said"), else before it. */
static void quotes(analyser *a)
{
    sd_parse *p = a->p;
    /* the nearest unquoted verb of saying after each group, in one pass */
    int32_t *next_say = p->nvg ? sd_arena_alloc(a->arena, p->nvg * sizeof *next_say) : NULL;
    if (!next_say)
        return;
    int32_t seen = -1;
    for (size_t v = p->nvg; v-- > 0;) {
        next_say[v] = seen;
        if ((p->vg[v].flags & SD_VG_SAY) && !(p->vg[v].flags & SD_VG_QUOTED))
            seen = (int32_t)v;
    }
    int32_t prev_say = -1;
    for (size_t v = 0; v < p->nvg; v++) {
        sd_vg *vg = &p->vg[v];
        sd_clause *cl = &p->clause[vg->clause];
        int32_t before = prev_say;
        if ((vg->flags & SD_VG_SAY) && !(vg->flags & SD_VG_QUOTED))
            prev_say = (int32_t)v;
        if (!(vg->flags & SD_VG_QUOTED) || cl->parent >= 0)
            continue;
        int32_t say = next_say[v] >= 0 ? next_say[v] : before;
        cl->kind = SD_CLAUSE_QUOTE;
        if (say >= 0)
            cl->parent = p->vg[say].clause;
    }
}

/* Sentence-initial participles and fronted subordinate clauses depend on
 * the next main clause. */
static void fronted_parents(analyser *a)
{
    sd_parse *p = a->p;
    for (size_t c = 0; c < p->nclause; c++) {
        sd_clause *cl = &p->clause[c];
        if (cl->parent >= 0 || cl->kind == SD_CLAUSE_MAIN || cl->kind == SD_CLAUSE_QUOTE)
            continue;
        for (size_t d = c + 1; d < p->nclause; d++)
            if (p->clause[d].kind == SD_CLAUSE_MAIN) {
                cl->parent = (int32_t)d;
                break;
            }
    }
}

/* ------------------------------------------------------------- spans */


/* A dependent clause runs from its marker (or verb) to the next comma or
 * the next verb group outside it; a main clause to the sentence's end. */
static void spans(analyser *a)
{
    sd_parse *p = a->p;
    uint32_t send = p->first + p->count;
    uint8_t *marker = sd_arena_calloc(a->arena, p->count ? p->count : 1, 1);
    if (!marker)
        return;
    for (size_t c = 0; c < p->nclause; c++)
        if (p->clause[c].marker >= 0)
            marker[(uint32_t)p->clause[c].marker - p->first] = 1;
    for (size_t c = 0; c < p->nclause; c++) {
        sd_clause *cl = &p->clause[c];
        const sd_vg *vg = &p->vg[cl->vg];
        cl->first = cl->marker >= 0 ? (uint32_t)cl->marker : vg->first;
        uint32_t e = vg->particle >= 0 ? (uint32_t)vg->particle + 1 : vg->end;
        if (cl->kind == SD_CLAUSE_MAIN) {
            cl->end = send;
            continue;
        }
        while (e < send) {
            unsigned t = tag_at(a, e);
            if (t == SD_TAG_COMMA || t == SD_TAG_STOP || t == SD_TAG_COLON)
                break;
            int32_t w = vg_at(a, e);
            if (w >= 0 && p->vg[w].coord_prev != cl->vg)
                break;
            if (cl->kind == SD_CLAUSE_QUOTE && !(a->doc->tok[e].flags & SD_TOK_QUOTED))
                break;
            if (marker[e - p->first])
                break;
            e++;
        }
        cl->end = e;
    }
    /* a dependent clause holds the clauses that depend on it: "a minister
     * who could be key to keeping order after an Israeli pullout held"
     * (children come after their parents) */
    for (size_t c = p->nclause; c-- > 0;) {
        const sd_clause *cl = &p->clause[c];
        if (cl->parent < 0 || (size_t)cl->parent >= c)
            continue;
        sd_clause *up = &p->clause[cl->parent];
        if (up->kind != SD_CLAUSE_MAIN && up->kind != SD_CLAUSE_QUOTE && cl->end > up->end &&
            cl->first >= up->first)
            up->end = cl->end;
    }
    /* innermost clause of each token: each main clause up to the next
     * one, then the dependents (whose spans do not overlap each other
     * much: each ends at the next verb group) */
    int32_t main_c = -1;
    for (uint32_t i = p->first; i < send; i++) {
        int32_t v = p->vg_of[i - p->first];
        if (v >= 0 && p->clause[p->vg[v].clause].kind == SD_CLAUSE_MAIN)
            main_c = p->vg[v].clause;
        p->clause_of[i - p->first] = main_c;
    }
    for (size_t c = 0; c < p->nclause; c++) {
        const sd_clause *cl = &p->clause[c];
        if (cl->kind == SD_CLAUSE_MAIN)
            continue;
        for (uint32_t i = cl->first; i < cl->end; i++)
            p->clause_of[i - p->first] = (int32_t)c;
    }
}

/* ---------------------------------------------------------- subjects */

static int dependent_kind(unsigned kind)
{
    return kind == SD_CLAUSE_RELATIVE || kind == SD_CLAUSE_REDUCED ||
           kind == SD_CLAUSE_PARTICIPIAL || kind == SD_CLAUSE_INFINITIVAL;
}

/* The subject to the left of vg: step over adverbs, commas, quotes, time
 * phrases and the dependent clauses of nouns; -1 when a verb or a clause
 * marker comes first. */
static int32_t subject_left(const analyser *a, const sd_vg *vg)
{
    const sd_parse *p = a->p;
    int64_t i = (int64_t)vg->first - 1;
    for (int steps = 0; in_sentence(a, i) && steps < 256; steps++) {
        unsigned t = tag_at(a, i);
        int32_t c = p->clause_of[i - p->first];
        /* (not one that holds the verb itself: a quotation after
         * "telling Allawi," lies inside the participle's span) */
        if (c >= 0 && c != vg->clause &&
            (dependent_kind(p->clause[c].kind) || p->clause[c].attach_np >= 0) &&
            p->clause[c].first <= i && i < (int64_t)p->clause[c].end &&
            !(p->clause[c].first <= vg->first && vg->first < p->clause[c].end)) {
            const sd_clause *dc = &p->clause[c];
            if (dc->attach_np >= 0)
                return top_np(a, dc->attach_np);
            i = (int64_t)dc->first - 1;
            continue;
        }
        if (sd_tag_is_adv(t) || t == SD_TAG_COMMA || t == SD_TAG_QUOTE || t == SD_TAG_RRB) {
            i--;
            continue;
        }
        int32_t np = np_at(a, i);
        if (np < 0)
            return -1;
        /* a PP between subject and verb that modifies no noun: "Washington
         * along with its allies demanded", "X in a statement demanded" */
        const sd_np *pn = &p->np[np];
        if (pn->pp >= 0 && p->pp[pn->pp].after_np < 0 && pn->parent < 0) {
            int64_t k = (int64_t)p->pp[pn->pp].prep - 1;
            while (in_sentence(a, k) && (tag_at(a, k) == SD_TAG_IN || tag_at(a, k) == SD_TAG_COMMA ||
                                         sd_tag_is_adv(tag_at(a, k))))
                k--;
            if (in_sentence(a, k) && np_at(a, k) >= 0) {
                i = k;
                continue;
            }
        }
        int32_t top = top_np(a, np);
        if (p->np[top].flags & SD_NP_TIME) { /* "on Monday", "last week" */
            const sd_np *n = &p->np[top];
            i = (n->pp >= 0 ? (int64_t)p->pp[n->pp].prep : (int64_t)np_start(a, top)) - 1;
            continue;
        }
        return top;
    }
    return -1;
}

static void find_subjects(analyser *a)
{
    sd_parse *p = a->p;
    for (size_t v = 0; v < p->nvg; v++) {
        sd_vg *vg = &p->vg[v];
        const sd_clause *cl = &p->clause[vg->clause];
        if (vg->subj_how == SD_SUBJ_SHARED) {
            vg->subject = p->vg[vg->coord_prev].subject;
            continue;
        }
        if (vg->subj_how == SD_SUBJ_RELATIVE || vg->subj_how == SD_SUBJ_INVERTED)
            continue;
        if (cl->kind == SD_CLAUSE_REDUCED) {
            vg->subject = cl->attach_np;
            vg->subj_how = SD_SUBJ_MODIFIED;
            continue;
        }
        if (nonfinite(vg))
            continue; /* controlled: find_controllers */
        vg->subject = subject_left(a, vg);
        if (vg->subject >= 0)
            vg->subj_how = SD_SUBJ_LEFT;
    }
}

/* ----------------------------------------------------------- objects */

static void find_objects(analyser *a)
{
    sd_parse *p = a->p;
    uint32_t send = p->first + p->count;
    /* later[np]: np is the subject of a finite clause after it ("said
     * Russia is ready": Russia is no object of "said") */
    uint8_t *later = sd_arena_calloc(a->arena, p->nnp ? p->nnp : 1, 1);
    if (!later)
        return;
    for (size_t v = 0; v < p->nvg; v++)
        if (p->vg[v].subject >= 0 && p->vg[v].subj_how == SD_SUBJ_LEFT &&
            p->vg[v].first > p->np[p->vg[v].subject].first)
            later[p->vg[v].subject] = 1;
    for (size_t v = 0; v < p->nvg; v++) {
        sd_vg *vg = &p->vg[v];
        uint32_t i = vg->particle >= 0 ? (uint32_t)vg->particle + 1 : vg->end;
        while (i < send && sd_tag_is_adv(tag_at(a, i)))
            i++;
        int32_t np = np_at(a, i);
        /* "demanded the chief's resignation": the possessed phrase */
        while (np >= 0 && p->np[np].parent >= 0 && p->np[p->np[np].parent].poss == np)
            np = p->np[np].parent;
        if (np >= 0 && np_start(a, np) == i && !(p->np[np].flags & SD_NP_TIME) &&
            !later[np] && vg->subj_how != SD_SUBJ_INVERTED) {
            vg->object = np;
            uint32_t k = p->np[np].end;
            int32_t second = np_at(a, k);
            if (second >= 0 && p->np[second].first == k && !(p->np[second].flags & SD_NP_TIME) &&
                !later[second] && p->np[second].poss != np)
                vg->object2 = second;
        }
        if (vg->voice != SD_VOICE_PASSIVE)
            continue;
        const sd_clause *cl = &p->clause[vg->clause];
        uint32_t stop = cl->end > vg->end ? cl->end : send;
        /* PPs are in text order: the first one after the group, by
         * binary search, then forward to the clause's end */
        size_t lo = 0, hi = p->npp;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (p->pp[mid].prep < vg->end)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t q = lo; q < p->npp && p->pp[q].prep < stop; q++)
            if (lower_is(a, p->pp[q].prep, "by")) {
                vg->agent = p->pp[q].np;
                break;
            }
    }
}

/* Infinitives and participles take their subject from the clause they
 * depend on: the object of "urge X to" (control-object verbs), else the
 * subject; a participle that modifies no noun shares its parent's subject. */
static void find_controllers(analyser *a)
{
    sd_parse *p = a->p;
    for (size_t v = 0; v < p->nvg; v++) {
        sd_vg *vg = &p->vg[v];
        const sd_clause *cl = &p->clause[vg->clause];
        if (!nonfinite(vg) || vg->subject >= 0 || cl->parent < 0)
            continue;
        if (cl->kind != SD_CLAUSE_INFINITIVAL && cl->kind != SD_CLAUSE_PARTICIPIAL)
            continue;
        const sd_vg *g = &p->vg[p->clause[cl->parent].vg];
        if (cl->kind == SD_CLAUSE_INFINITIVAL) {
            /* the infinitive must follow the governor or its object, time
             * phrases aside ("agreed on Wednesday to take part") */
            int64_t before = prev_token(a, vg->first);
            for (int guard = 0; guard < 8 && before >= 0 && np_at(a, before) >= 0 &&
                                (p->np[np_at(a, before)].flags & SD_NP_TIME);
                 guard++) {
                const sd_np *tn = &p->np[np_at(a, before)];
                before = prev_token(a, tn->pp >= 0 ? p->pp[tn->pp].prep : np_start(a, np_at(a, before)));
            }
            int32_t bnp = before >= 0 ? np_at(a, before) : -1;
            int after_verb = before >= 0 && vg_at(a, before) == p->clause[cl->parent].vg;
            int after_object = bnp >= 0 && g->object >= 0 && top_np(a, bnp) == top_np(a, g->object);
            /* "called on Nigeria to mediate", "appealed to X to" */
            int32_t pp_object = -1;
            if (bnp >= 0 && !after_object && p->np[bnp].pp >= 0) {
                const sd_pp *pp = &p->pp[p->np[bnp].pp];
                if (pp->prep == g->end || (g->particle >= 0 && pp->prep == (uint32_t)g->particle + 1))
                    pp_object = bnp;
            }
            if (!after_verb && !after_object && pp_object < 0)
                continue;
            /* (a thing sent does nothing itself: "sent a message to
             * congratulate him" is the sender's congratulation) */
            int inert = after_object && (gw_at(a, p->np[g->object].head) & SD_GW(INERT));
            if ((gw_at(a, g->head) & SD_GW(CONTROL_OBJ)) && (after_object || pp_object >= 0) &&
                !inert)
                vg->subject = after_object ? g->object : pp_object;
            else if (pp_object < 0)
                vg->subject = g->subject;
        } else if (cl->marker >= 0 && g->object >= 0 && tag_at(a, cl->marker) == SD_TAG_IN &&
                   p->np[g->object].end == (uint32_t)cl->marker) {
            /* "accused Georgia of provoking", "stopped X from attacking":
             * the object does what the -ing form says */
            vg->subject = g->object;
        } else {
            vg->subject = g->subject;
        }
        if (vg->subject >= 0)
            vg->subj_how = SD_SUBJ_CONTROL;
    }
    /* a headline's "X to do Y" is X's future act: "Bush to Meet Putin" */
    for (size_t v = 0; p->headline && v < p->nvg; v++) {
        sd_vg *vg = &p->vg[v];
        if (vg->form != SD_FORM_INFINITIVE || vg->subject >= 0 || p->clause[vg->clause].parent >= 0)
            continue;
        int64_t before = prev_token(a, vg->first);
        int32_t np = before >= 0 ? np_at(a, before) : -1;
        if (np >= 0) {
            vg->subject = top_np(a, np);
            vg->subj_how = SD_SUBJ_LEFT;
            vg->tense = SD_TENSE_FUTURE;
        }
    }
}

/* "dozens of protesters": a quantity passes the role to its of-phrase. */
static int32_t content_np(const analyser *a, int32_t np)
{
    if (np >= 0 && a->p->np[np].of >= 0 && (gw_at(a, a->p->np[np].head) & SD_GW(QUANT)))
        return a->p->np[np].of;
    return np;
}

static void voice_roles(analyser *a)
{
    sd_parse *p = a->p;
    for (size_t v = 0; v < p->nvg; v++) {
        sd_vg *vg = &p->vg[v];
        vg->subject = content_np(a, vg->subject);
        vg->object = content_np(a, vg->object);
        vg->agent = content_np(a, vg->agent);
        if (vg->voice == SD_VOICE_PASSIVE) {
            vg->doer = vg->agent;
            vg->patient = vg->subject;
        } else {
            vg->doer = vg->subject;
            vg->patient = (vg->flags & SD_VG_COPULA) ? -1 : vg->object;
        }
    }
}

/* PPs modify the verb group of the clause they stand in; quotes and
 * complements have the subject of their verb of saying as speaker. */
static void attach_pps_and_speakers(analyser *a)
{
    sd_parse *p = a->p;
    for (size_t q = 0; q < p->npp; q++) {
        int32_t c = p->clause_of[p->pp[q].prep - p->first];
        int32_t v = -1;
        if (c >= 0 && p->clause[c].vg >= 0 && p->vg[p->clause[c].vg].first < p->pp[q].prep)
            v = p->clause[c].vg;
        for (int64_t k = (int64_t)p->pp[q].prep - 1; v < 0 && in_sentence(a, k); k--)
            v = vg_at(a, k);
        p->pp[q].vg = v;
    }
    for (size_t c = 0; c < p->nclause; c++) {
        sd_clause *cl = &p->clause[c];
        if ((cl->kind != SD_CLAUSE_QUOTE && cl->kind != SD_CLAUSE_COMPLEMENT) || cl->parent < 0 ||
            cl->attach_np >= 0) /* a noun's content has no speaker */
            continue;
        const sd_vg *say = &p->vg[p->clause[cl->parent].vg];
        if (say->flags & SD_VG_SAY)
            cl->speaker = say->subject;
    }
    /* a clause starts at its subject when that comes first */
    for (size_t v = 0; v < p->nvg; v++) {
        const sd_vg *vg = &p->vg[v];
        sd_clause *cl = &p->clause[vg->clause];
        if (vg->subj_how == SD_SUBJ_LEFT && cl->marker < 0) {
            uint32_t s = np_start(a, vg->subject);
            if (s < cl->first)
                cl->first = s;
        }
    }
    /* a main clause ends where the next one starts, so main clauses never
     * overlap (and printing them stays linear) */
    int32_t next_main = -1;
    for (size_t c = p->nclause; c-- > 0;) {
        sd_clause *cl = &p->clause[c];
        if (cl->kind != SD_CLAUSE_MAIN)
            continue;
        if (next_main >= 0 && p->clause[next_main].first > cl->first)
            cl->end = p->clause[next_main].first;
        next_main = (int32_t)c;
    }
}

int sd_clauses(const sd_grammar_words *words, const sd_doc *doc, sd_parse *parse,
               sd_arena *arena)
{
    analyser a = {.words = words, .doc = doc, .p = parse, .arena = arena};
    int rc = classify(&a);
    if (rc)
        return rc;
    fronted_reports(&a);
    quotes(&a);
    fronted_parents(&a);
    spans(&a);
    find_subjects(&a);
    find_objects(&a);
    find_controllers(&a);
    voice_roles(&a);
    attach_pps_and_speakers(&a);
    return 0;
}

/* Chunk and analyse; where the grammar shows a tag wrong, repair it and
 * analyse again (at most twice: each round only fixes what the last one
 * exposed). */
int sd_parse_sentence(const sd_grammar_words *words, const sd_doc *doc, uint32_t first,
                      uint32_t count, int headline, sd_arena *arena, sd_parse **out)
{
    const uint8_t *tags = NULL;
    int rc = 0;
    for (int round = 0; round < 3; round++) {
        rc = sd_chunk(words, doc, first, count, tags, headline, arena, out);
        if (!rc)
            rc = sd_clauses(words, doc, *out, arena);
        if (rc || round == 2 || sd_grammar_repair(doc, *out) == 0)
            break;
        tags = (*out)->tag;
    }
    return rc;
}

const char *sd_clause_kind_name(unsigned kind)
{
    static const char *const names[] = {"?", "main", "complement", "subordinate", "relative",
                                        "reduced", "participial", "infinitival", "quote"};
    return kind < sizeof names / sizeof *names ? names[kind] : "?";
}

const char *sd_vg_form_name(unsigned form)
{
    static const char *const names[] = {"?", "finite", "infinitive", "bare", "participle",
                                        "gerund"};
    return form < sizeof names / sizeof *names ? names[form] : "?";
}

const char *sd_tense_name(unsigned tense)
{
    static const char *const names[] = {"none", "present", "past", "future"};
    return tense < sizeof names / sizeof *names ? names[tense] : "?";
}

const char *sd_subj_how_name(unsigned how)
{
    static const char *const names[] = {"none", "left", "inverted", "shared", "relative",
                                        "control", "modified"};
    return how < sizeof names / sizeof *names ? names[how] : "?";
}
