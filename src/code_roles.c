/*
 * code_roles.c -- the roles pass of the event coder: an act found by a
 * verb pattern is checked against the grammar of its sentence (grammar.h)
 * before it is emitted (docs/coding-rules.md, "Roles from the grammar").
 *
 * A wrong event costs more than a missing one, so where the grammar says
 * the pattern's actors are not the act's doer and patient, the event is
 * dropped, or its direction turned when the grammar names both:
 *
 *   noun        the pattern's words are nouns: a noun modifying another
 *               ("car bomb explosion", "murder probe") is no act; the
 *               object of a verb that judges or asks for it is not its
 *               doer's act ("Australia condemned the killing"); the object
 *               of any other verb is ("held talks", "speeded up the
 *               withdrawal": its doer is checked as below); elsewhere the
 *               noun act stands
 *   doer        the source must stand in the doer's phrase (its head, of-
 *               phrases, appositions and conjuncts): "Opponents of Rwanda's
 *               Senate protested" is no act of the Senate's
 *   victim      the subject of a passive with no by-agent, or the noun a
 *               passive participle modifies, is acted on, never the doer:
 *               "Nine Soldiers Killed Near Border", "officials accused of"
 *   turned      when the source stands in the patient and the target in the
 *               doer, the act is turned ("US hostage killed by Iraqi
 *               captors": IRQ -> USA)
 *   target      the doer is not its own target; the victim of a judged act
 *               is no target ("condemned the beheading of a U.S.
 *               hostage": no target)
 *   speaker     a subject pronoun in what a named speaker says is the
 *               speaker ("Iraqi kidnappers said they would release")
 *   condition   an act inside an if/unless clause did not happen; a
 *               headline's infinitive is not done yet ("to free")
 *
 * Without a parse (no tagger model, TABARI-compatible runs) every event
 * stands as the pattern coder found it.
 */
#include <stdio.h>
#include <string.h>

#include "code_roles.h"
#include "grammar.h"
#include "tag.h"

/* The NP complex (its top phrase) holding token tok, or -1. */
static int32_t complex_of(const sd_parse *p, uint32_t tok)
{
    if (tok < p->first || tok >= p->first + p->count)
        return -1;
    int32_t np = p->np_of[tok - p->first];
    return np >= 0 ? sd_np_top(p, np) : -1;
}

/* Does the mention [start, end) stand in the complex headed by top? */
static int in_complex(const sd_parse *p, uint32_t start, uint32_t end, int32_t top)
{
    if (top < 0)
        return 0;
    for (uint32_t t = start; t < end; t++)
        if (complex_of(p, t) == top)
            return 1;
    return 0;
}

/* The verb group the pattern [vs, ve) fires on: its first token that
 * heads or is part of a verb group; -1 when every word is a noun or
 * adjective to the grammar. */
static int32_t pattern_group(const sd_parse *p, uint32_t vs, uint32_t ve)
{
    /* the pattern's first word in a verb group or a noun phrase decides:
     * "ploy to deceive" is a noun act, however its infinitive reads */
    for (uint32_t t = vs; t < ve && t < p->first + p->count; t++) {
        if (t < p->first)
            continue;
        if (p->vg_of[t - p->first] >= 0)
            return p->vg_of[t - p->first];
        if (p->np_of[t - p->first] >= 0)
            return -1;
    }
    return -1;
}

/* The verb group whose object holds the noun act at token t ("held
 * talks", "condemned the killing of"), or -1. */
static int32_t governing_group(const sd_parse *p, uint32_t t)
{
    int32_t c = complex_of(p, t);
    if (c < 0)
        return -1;
    for (size_t v = 0; v < p->nvg; v++)
        if (p->vg[v].object >= 0 && sd_np_top(p, p->vg[v].object) == c)
            return (int32_t)v;
    return -1;
}

/* Does the verb judge, report or ask for its object's act rather than do
 * it ("condemned the killing")?  Every other verb does its object's act
 * ("held talks", "speeded up the withdrawal"). */
static int judges(const sd_roles_query *q, const sd_vg *vg)
{
    const char *lemma = q->doc->tok[vg->head].lemma;
    return (sd_grammar_word(q->words, lemma, strlen(lemma)) & SD_GW(JUDGE)) != 0;
}

/* The verb group whose object is the phrase np and that does not judge
 * it ("issued a declaration"), or -1. */
static int32_t issuing_group(const sd_parse *p, const sd_roles_query *q, int32_t np)
{
    for (size_t v = 0; v < p->nvg; v++)
        if (p->vg[v].object >= 0 && sd_np_top(p, p->vg[v].object) == np &&
            !judges(q, &p->vg[v]))
            return (int32_t)v;
    return -1;
}

/* Does the target stand in the of-phrase of an act noun that is the
 * object ("the killing of X")? */
static int victim_of_object(const sd_parse *p, const sd_roles_query *q, int32_t object)
{
    const sd_np *o = &p->np[object];
    const char *lemma = q->doc->tok[o->head].lemma;
    const char *word = q->doc->tok[o->head].lower; /* ("beheading": lemma "behead") */
    if (o->of < 0 || !((sd_grammar_word(q->words, lemma, strlen(lemma)) |
                        sd_grammar_word(q->words, word, strlen(word))) &
                       SD_GW(ACT_NOUN)))
        return 0;
    for (uint32_t t = q->tgt_start; t < q->tgt_end; t++) {
        int32_t np = t >= p->first && t < p->first + p->count ? p->np_of[t - p->first] : -1;
        for (int guard = 0; np >= 0 && guard < 16; guard++) {
            if (np == o->of)
                return 1;
            np = p->np[np].parent;
        }
    }
    return 0;
}

/* The speaker whose complement clause holds vg, as a phrase complex, or
 * -1. */
static int32_t speaker_of(const sd_parse *p, const sd_vg *vg)
{
    const sd_clause *cl = &p->clause[vg->clause];
    if (cl->kind != SD_CLAUSE_COMPLEMENT || cl->speaker < 0)
        return -1;
    return sd_np_top(p, cl->speaker);
}

/* he, she, it, they: a pronoun that can stand for a named speaker */
static int third_person(const sd_doc *doc, uint32_t tok)
{
    const char *w = doc->tok[tok].lower;
    return !strcmp(w, "he") || !strcmp(w, "she") || !strcmp(w, "it") || !strcmp(w, "they");
}

/* Is the group's clause, or a clause it depends on, a condition? */
static int conditional(const sd_parse *p, const sd_vg *vg)
{
    int32_t c = vg->clause;
    for (int guard = 0; c >= 0 && guard < 16; guard++) {
        if (p->clause[c].marker_class & SD_GW(COND))
            return 1;
        c = p->clause[c].parent;
    }
    return 0;
}

static sd_roles_verdict roles_check(sd_roles_query *q);

/* A pattern that matched nouns only.  Its first noun in a phrase:
 *   - a modifier of another noun is no act ("car bomb explosion", "murder
 *     probe"): drop;
 *   - the object of a verb that judges, reports or asks for it ("condemned
 *     the killing", "called for talks") is not its doer's act: drop when
 *     the source is that doer;
 *   - the object of any other verb is that verb's act ("held talks",
 *     "speeded up the withdrawal"): *light is the verb group, and the
 *     caller checks its doer;
 *   - elsewhere (a subject, a PP, a headline without verb) the act stands
 *     as the pattern coder read it ("talks in Istanbul", "on visit to"). */
static sd_roles_verdict noun_act(const sd_parse *p, sd_roles_query *q, int32_t *light)
{
    *light = -1;
    uint32_t t = q->vs;
    while (t < q->ve && (t < p->first || t >= p->first + p->count || p->np_of[t - p->first] < 0))
        t++;
    if (t >= q->ve)
        return SD_ROLES_KEEP;
    const sd_np *np = &p->np[p->np_of[t - p->first]];
    if (np->head >= q->ve && t < np->head) {
        q->why = "noun modifier";
        return SD_ROLES_DROP;
    }
    /* "an expected assault", "a planned visit": the act has not happened */
    for (uint32_t m = np->first; m < t; m++) {
        const char *w = q->doc->tok[m].lower;
        if (sd_grammar_word(q->words, w, strlen(w)) & SD_GW(UNREAL)) {
            q->why = "unreal noun";
            return SD_ROLES_DROP;
        }
    }
    int32_t v = governing_group(p, t);
    if (v < 0 || (p->vg[v].flags & SD_VG_COPULA)) /* "could be an attempt to" */
        return SD_ROLES_KEEP;
    if (!judges(q, &p->vg[v])) {
        *light = v;
        return SD_ROLES_KEEP;
    }
    /* a judged act is the source's only when the source stands in the
     * act's own phrase ("condemned the killing of X by Y": Y) */
    if (q->has_src && in_complex(p, q->src_start, q->src_end, sd_np_top(p, p->np_of[t - p->first])) &&
        !in_complex(p, q->src_start, q->src_end,
                    p->vg[v].doer >= 0 ? sd_np_top(p, p->vg[v].doer) : -1))
        return SD_ROLES_KEEP;
    q->why = "judged noun";
    return SD_ROLES_DROP;
}

int sd_roles_in_phrase(const sd_parse *p, uint32_t start, uint32_t end, int32_t np)
{
    return in_complex(p, start, end, np);
}

/* With q->debug (SAYDO_DEBUG_ROLES=1), every verdict is printed to
 * stderr for error analysis. */
sd_roles_verdict sd_roles_check(sd_roles_query *q)
{
    q->doer = -1;
    q->why = NULL;
    sd_roles_verdict v = roles_check(q);
    if (q->debug && q->parse) {
        const sd_doc *d = q->doc;
        fprintf(stderr, "roles %s (%s): verb '%.*s' src '%.*s' tgt '%.*s'\n",
                v == SD_ROLES_KEEP ? "keep" : v == SD_ROLES_DROP ? "drop" :
                v == SD_ROLES_TURN ? "turn" : "untarget",
                q->why ? q->why : "",
                (int)(d->tok[q->ve - 1].end - d->tok[q->vs].start), d->norm + d->tok[q->vs].start,
                q->has_src ? (int)(d->tok[q->src_end - 1].end - d->tok[q->src_start].start) : 1,
                q->has_src ? d->norm + d->tok[q->src_start].start : "-",
                q->has_tgt ? (int)(d->tok[q->tgt_end - 1].end - d->tok[q->tgt_start].start) : 1,
                q->has_tgt ? d->norm + d->tok[q->tgt_start].start : "-");
    }
    return v;
}

static sd_roles_verdict roles_check(sd_roles_query *q)
{
    const sd_parse *p = q->parse;
    if (!p || !q->words)
        return SD_ROLES_KEEP;
    int32_t v = pattern_group(p, q->vs, q->ve);
    if (v < 0) {
        sd_roles_verdict nv = noun_act(p, q, &v);
        if (nv != SD_ROLES_KEEP || v < 0)
            return nv;
    }
    const sd_vg *vg = &p->vg[v];
    /* "Annan calls Iraq war illegal", "called the attack a crime": a verb
     * with an object and its complement (an adjective or a second noun
     * phrase after the object) names or judges; it is no phone call */
    if (q->code && strncmp(q->code, "041", 3) == 0 && vg->object >= 0) {
        uint32_t after = p->np[vg->object].end;
        int inside = after < p->first + p->count;
        if (inside && (sd_tag_is_adj(p->tag[after - p->first]) ||
                       (p->np_of[after - p->first] >= 0 &&
                        p->np_of[after - p->first] != vg->object))) {
            q->why = "object complement";
            return SD_ROLES_DROP;
        }
    }
    /* "Iraq group to free 3 Indians": a headline's infinitive is what
     * will be done, not what was */
    if (p->headline && vg->form == SD_FORM_INFINITIVE && vg->tense == SD_TENSE_FUTURE &&
        q->asserted) {
        q->why = "headline future";
        return SD_ROLES_DROP;
    }
    if (conditional(p, vg)) {
        q->why = "condition";
        return SD_ROLES_DROP;
    }
    if (q->reversed)
        return SD_ROLES_KEEP;
    /* a pronoun doer ("we have not seen signs", "they attacked") is
     * resolved by the actor coder; but the subject pronoun of what a
     * speaker says is the speaker ("Iraqi kidnappers said they would
     * release the captives": the kidnappers) when the speaker is named */
    if (vg->doer >= 0 && (p->np[vg->doer].flags & SD_NP_PRONOUN)) {
        int32_t speaker = speaker_of(p, vg);
        if (speaker >= 0 && q->has_src && !in_complex(p, q->src_start, q->src_end, speaker) &&
            third_person(q->doc, p->np[vg->doer].head) &&
            !(p->np[speaker].flags & SD_NP_PRONOUN)) {
            q->doer = speaker;
            q->why = "pronoun is the speaker";
            return SD_ROLES_DROP;
        }
        return SD_ROLES_KEEP;
    }
    int32_t doer = vg->doer >= 0 ? sd_np_top(p, vg->doer) : -1;
    int32_t patient = vg->patient >= 0 ? sd_np_top(p, vg->patient) : -1;
    if (vg->voice == SD_VOICE_PASSIVE && vg->subject >= 0)
        patient = sd_np_top(p, vg->subject);
    /* a pattern written with its auxiliary ("is committed to", "was
     * forced to") reads the passive's subject as its actor */
    if (vg->voice == SD_VOICE_PASSIVE && q->vs <= vg->first && vg->first != vg->head &&
        vg->agent < 0) {
        doer = vg->subject >= 0 ? sd_np_top(p, vg->subject) : -1;
        patient = -1;
    }
    int src_in_doer = q->has_src && in_complex(p, q->src_start, q->src_end, doer);
    /* "the PKK issued a declaration demanding that": what a statement the
     * source issued says, the source says */
    const sd_clause *cl = &p->clause[vg->clause];
    if (!src_in_doer && q->has_src && cl->kind == SD_CLAUSE_REDUCED &&
        vg->voice == SD_VOICE_ACTIVE && cl->attach_np >= 0) {
        int32_t issuer = issuing_group(p, q, sd_np_top(p, cl->attach_np));
        if (issuer >= 0 && p->vg[issuer].doer >= 0)
            src_in_doer = in_complex(p, q->src_start, q->src_end,
                                     sd_np_top(p, p->vg[issuer].doer));
    }
    int src_in_patient = q->has_src && in_complex(p, q->src_start, q->src_end, patient);
    int tgt_in_doer = q->has_tgt && in_complex(p, q->tgt_start, q->tgt_end, doer);
    /* a symmetric act seen from its other party: "Hu met Castro" is as
     * much Castro's meeting with Hu (code_events.c adds it) */
    if (q->symmetric && tgt_in_doer && !src_in_doer && q->has_src) {
        q->why = "symmetric, the other party";
        return SD_ROLES_KEEP;
    }
    if (src_in_patient && !src_in_doer) {
        q->why = "source acted on";
        if (tgt_in_doer)
            return SD_ROLES_TURN;
        return SD_ROLES_DROP;
    }
    if (doer >= 0 && q->has_src && !src_in_doer) {
        /* a source the grammar puts nowhere near the doer */
        int32_t where = complex_of(p, q->src_start);
        if (where >= 0 && where != doer) {
            q->doer = doer;
            q->why = "source not the doer";
            return SD_ROLES_DROP;
        }
    }
    /* "condemned the beheading of a U.S. hostage": the hostage is the
     * victim of the act condemned, not the condemnation's target */
    if (q->has_tgt && vg->object >= 0 && victim_of_object(p, q, vg->object)) {
        q->why = "target is a victim";
        return SD_ROLES_UNTARGET;
    }
    if (tgt_in_doer && !q->symmetric) {
        q->why = "target is the doer";
        return SD_ROLES_DROP; /* the doer is not its own target */
    }
    return SD_ROLES_KEEP;
}
