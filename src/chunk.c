/*
 * chunk.c -- the grammar layer's first stage (grammar.h, sd_chunk): verb
 * groups, noun phrases and prepositional phrases of one tagged sentence,
 * and the links between noun phrases (possessor, of-complement,
 * apposition, coordination).  docs/grammar.md gives the rules with
 * examples; in short:
 *
 *   premodifiers  an -ed or -ing word between a determiner or adjective and
 *                 a noun is part of the noun phrase ("the wounded soldiers")
 *   verb groups   (modal | auxiliary | adverb)* verb, where only be, have,
 *                 do, get and modals carry on to a further verb; "to" opens
 *                 an infinitive; a particle right after the verb is its own
 *   noun phrases  (predeterminer) (determiner | possessive pronoun)
 *                 (number | adjective | noun | premodifier)* noun, split
 *                 before a time noun; 's ends a possessor; a pronoun, a
 *                 number or a determiner may stand alone
 *   links         X of Y; X's Y; X, the Y of Z, (apposition); X (Y) Z
 *                 (parenthetical); X and Y, and X, Y and Z (coordination,
 *                 not across a clause boundary)
 *
 * Linear in the sentence's length: each scan moves forward, and look-ups
 * are by token index.
 */
#include <string.h>

#include "grammar.h"
#include "tag.h"

/* The state of one sentence's chunking. */
typedef struct chunker {
    const sd_grammar_words *words;
    const sd_doc *doc;
    sd_arena *arena;
    sd_parse *parse;
    uint8_t *premod;  /* count entries: 1 for an -ed/-ing premodifier */
    uint32_t first_verb; /* the first token of a verb group (or the end) */
} chunker;

static unsigned tag_at(const chunker *c, uint32_t i)
{
    return c->parse->tag[i - c->parse->first];
}

static uint32_t end_of(const chunker *c)
{
    return c->parse->first + c->parse->count;
}

static int lower_is(const chunker *c, uint32_t i, const char *w)
{
    return strcmp(c->doc->tok[i].lower, w) == 0;
}

static uint32_t gw_at(const chunker *c, uint32_t i)
{
    return c->parse->gw[i - c->parse->first];
}

/* ------------------------------------------------------------ words */

static int fill_words(chunker *c)
{
    sd_parse *p = c->parse;
    for (uint32_t k = 0; k < p->count; k++) {
        const sd_token *t = &c->doc->tok[p->first + k];
        uint32_t bits = sd_grammar_word(c->words, t->lower, strlen(t->lower));
        if (t->lemma && t->lemma != t->lower)
            bits |= sd_grammar_word(c->words, t->lemma, strlen(t->lemma));
        p->gw[k] = bits;
        p->np_of[k] = p->vg_of[k] = p->clause_of[k] = -1;
    }
    return 0;
}

/* -ed and -ing words between a determiner, adjective or number and a noun
 * modify the noun: "the wounded soldiers", "a ruling party". */
static void mark_premodifiers(chunker *c)
{
    uint32_t first = c->parse->first, end = end_of(c);
    for (uint32_t i = first + 1; i + 1 < end; i++) {
        unsigned t = tag_at(c, i), prev = tag_at(c, i - 1), next = tag_at(c, i + 1);
        if (t != SD_TAG_VBN && t != SD_TAG_VBG)
            continue;
        int before = prev == SD_TAG_DT || prev == SD_TAG_PRPS || sd_tag_is_adj(prev) ||
                     prev == SD_TAG_CD || prev == SD_TAG_POS || c->premod[i - 1 - first];
        int after = sd_tag_is_noun(next) || sd_tag_is_adj(next);
        if (before && after)
            c->premod[i - first] = 1;
    }
}

/* ------------------------------------------------------ verb groups */

static int is_aux(const chunker *c, uint32_t i)
{
    unsigned t = tag_at(c, i);
    if (t == SD_TAG_MD || t == SD_TAG_TO)
        return 1;
    return sd_tag_is_verb(t) &&
           (gw_at(c, i) & (SD_GW(AUX_BE) | SD_GW(AUX_HAVE) | SD_GW(AUX_DO) | SD_GW(AUX_GET)));
}

/* Is token i a verb that may carry on after auxiliary aux?  get carries on
 * only to a participle ("got killed"); to only to a base form. */
static int continues(const chunker *c, uint32_t aux, uint32_t i)
{
    unsigned t = tag_at(c, i);
    if (c->premod[i - c->parse->first])
        return 0;
    if (tag_at(c, aux) == SD_TAG_TO)
        return t == SD_TAG_VB || t == SD_TAG_VBP;
    if ((gw_at(c, aux) & SD_GW(AUX_GET)) && !(gw_at(c, aux) & SD_GW(AUX_BE)))
        return t == SD_TAG_VBN;
    return sd_tag_is_verb(t);
}

static int starts_group(const chunker *c, uint32_t i)
{
    unsigned t = tag_at(c, i);
    if (c->premod[i - c->parse->first])
        return 0;
    if (t == SD_TAG_TO) { /* to + (adverbs) + base form */
        uint32_t j = i + 1;
        while (j < end_of(c) && sd_tag_is_adv(tag_at(c, j)))
            j++;
        return j < end_of(c) && (tag_at(c, j) == SD_TAG_VB || tag_at(c, j) == SD_TAG_VBP);
    }
    return t == SD_TAG_MD || sd_tag_is_verb(t);
}

/* Grammar of a finished group [first, end) with head. */
static void describe_group(const chunker *c, sd_vg *vg)
{
    uint32_t first = vg->first;
    unsigned t0 = tag_at(c, first);
    vg->form = SD_FORM_FINITE;
    vg->tense = SD_TENSE_NONE;
    if (t0 == SD_TAG_TO) {
        vg->form = SD_FORM_INFINITIVE;
    } else if (t0 == SD_TAG_MD) {
        vg->tense = (gw_at(c, first) & SD_GW(FUTURE)) ? SD_TENSE_FUTURE : SD_TENSE_PRESENT;
    } else if (t0 == SD_TAG_VBD) {
        vg->tense = SD_TENSE_PAST;
    } else if (t0 == SD_TAG_VBZ || t0 == SD_TAG_VBP) {
        vg->tense = SD_TENSE_PRESENT;
    } else if (t0 == SD_TAG_VB) {
        vg->form = SD_FORM_BARE;
    } else if (t0 == SD_TAG_VBN) {
        vg->form = SD_FORM_PARTICIPLE;
    } else if (t0 == SD_TAG_VBG) {
        vg->form = SD_FORM_GERUND;
    }
    uint32_t prev_aux_bits = 0;
    for (uint32_t i = first; i < vg->end; i++) {
        unsigned t = tag_at(c, i);
        uint32_t bits = gw_at(c, i);
        if (bits & SD_GW(NEG))
            vg->flags |= SD_VG_NEGATED;
        if (t == SD_TAG_MD && vg->modal < 0)
            vg->modal = (int32_t)i;
        if (sd_tag_is_verb(t) && i != vg->head)
            prev_aux_bits = bits;
        if (i == vg->head && i != first) {
            if (t == SD_TAG_VBN && (prev_aux_bits & (SD_GW(AUX_BE) | SD_GW(AUX_GET))))
                vg->voice = SD_VOICE_PASSIVE;
            if (t == SD_TAG_VBN && (prev_aux_bits & SD_GW(AUX_HAVE)))
                vg->flags |= SD_VG_PERFECT;
            if (t == SD_TAG_VBG && (prev_aux_bits & SD_GW(AUX_BE)))
                vg->flags |= SD_VG_PROGRESSIVE;
        }
    }
    /* negation right before the group: "never signed", "not yet agreed" */
    for (uint32_t k = first; k > c->parse->first && k + 2 > first; k--)
        if (gw_at(c, k - 1) & SD_GW(NEG)) {
            vg->flags |= SD_VG_NEGATED;
            break;
        }
    /* "has been killed": perfect passive; have anywhere before a VBN aux. */
    for (uint32_t i = first; i + 1 < vg->end; i++)
        if ((gw_at(c, i) & SD_GW(AUX_HAVE)) && tag_at(c, i + 1) == SD_TAG_VBN)
            vg->flags |= SD_VG_PERFECT;
    if (vg->form == SD_FORM_PARTICIPLE)
        vg->voice = SD_VOICE_PASSIVE;
    if (gw_at(c, vg->head) & SD_GW(AUX_BE))
        vg->flags |= SD_VG_COPULA;
    if (gw_at(c, vg->head) & SD_GW(SAY))
        vg->flags |= SD_VG_SAY;
    if (c->doc->tok[vg->head].flags & SD_TOK_QUOTED)
        vg->flags |= SD_VG_QUOTED;
}

/* Does an NP open at token i (for headline passives)? */
static int np_opens(const chunker *c, uint32_t i)
{
    if (i >= end_of(c))
        return 0;
    unsigned t = tag_at(c, i);
    return t == SD_TAG_DT || t == SD_TAG_PRPS || t == SD_TAG_CD || sd_tag_is_noun(t) ||
           t == SD_TAG_PRP || sd_tag_is_adj(t);
}

/* Headlines leave out auxiliaries: a bare -ed form is passive ("Rebel
 * Commander Captured, Jailed"; "Nine Soldiers Killed Near Border") unless
 * an object follows it ("Rebels Killed Five Soldiers"). */
static void headline_voice(const chunker *c, sd_vg *vg)
{
    unsigned t = tag_at(c, vg->head);
    if (vg->first != vg->head || (t != SD_TAG_VBD && t != SD_TAG_VBN))
        return;
    uint32_t next = vg->particle >= 0 ? (uint32_t)vg->particle + 1 : vg->end;
    if (np_opens(c, next))
        return;
    vg->voice = SD_VOICE_PASSIVE;
    vg->form = SD_FORM_FINITE;
    vg->tense = SD_TENSE_PRESENT;
    vg->flags |= SD_VG_HEADLINE;
}

/* A particle word right after the verb, whatever its tag ("pulled out
 * of", "hand over the suspects"), but not a preposition of time ("jailed
 * over a year ago"). */
static int particle_at(const chunker *c, const sd_vg *vg)
{
    uint32_t i = vg->end;
    unsigned t = tag_at(c, i);
    if (!(gw_at(c, i) & SD_GW(PARTICLE)) || !sd_tag_is_verb(tag_at(c, vg->head)) ||
        (t != SD_TAG_IN && !sd_tag_is_adv(t)))
        return 0;
    for (uint32_t k = i + 1; k < end_of(c) && k < i + 4; k++) {
        if (gw_at(c, k) & SD_GW(TIME))
            return 0;
        if (!(tag_at(c, k) == SD_TAG_DT || tag_at(c, k) == SD_TAG_CD || sd_tag_is_adj(tag_at(c, k))))
            break;
    }
    return 1;
}

static int add_vg(chunker *c, const sd_vg *vg)
{
    sd_parse *p = c->parse;
    if (p->nvg >= p->count) /* at most one group per token */
        return SAYDO_ERR_INTERNAL;
    p->vg[p->nvg] = *vg;
    for (uint32_t i = vg->first; i < vg->end; i++)
        p->vg_of[i - p->first] = (int32_t)p->nvg;
    if (vg->particle >= 0)
        p->vg_of[(uint32_t)vg->particle - p->first] = (int32_t)p->nvg;
    p->nvg++;
    return 0;
}

static int find_verb_groups(chunker *c)
{
    uint32_t end = end_of(c);
    for (uint32_t i = c->parse->first; i < end;) {
        if (!starts_group(c, i)) {
            i++;
            continue;
        }
        sd_vg vg = {.first = i, .head = i, .modal = -1, .particle = -1, .clause = -1,
                    .subject = -1, .object = -1, .object2 = -1, .agent = -1, .doer = -1,
                    .patient = -1, .coord_prev = -1};
        uint32_t last = i; /* the last verbal element */
        uint32_t j = i + 1;
        while (j < end && is_aux(c, last)) {
            uint32_t k = j;
            while (k < end && sd_tag_is_adv(tag_at(c, k)))
                k++;
            if (k < end && continues(c, last, k)) {
                last = k;
                j = k + 1;
            } else {
                /* negation right after a copula or auxiliary: "is not ready" */
                while (j < end && (gw_at(c, j) & SD_GW(NEG)))
                    j++;
                break;
            }
        }
        vg.head = last;
        vg.end = j > last + 1 ? j : last + 1;
        if (vg.end < end && (tag_at(c, vg.end) == SD_TAG_RP || particle_at(c, &vg)))
            vg.particle = (int32_t)vg.end;
        describe_group(c, &vg);
        if (c->parse->headline)
            headline_voice(c, &vg);
        if (add_vg(c, &vg))
            return SAYDO_ERR_NOMEM;
        i = vg.particle >= 0 ? (uint32_t)vg.particle + 1 : vg.end;
    }
    return 0;
}

/* ----------------------------------------------------- noun phrases */

static int np_word(const chunker *c, uint32_t i)
{
    unsigned t = tag_at(c, i);
    return sd_tag_is_noun(t) || sd_tag_is_adj(t) || t == SD_TAG_CD || c->premod[i - c->parse->first];
}

static int add_np(chunker *c, sd_np *np)
{
    sd_parse *p = c->parse;
    if (p->nnp >= p->count) /* at most one phrase per token */
        return SAYDO_ERR_INTERNAL;
    /* head: the last noun, else the last number, else the last word */
    int32_t head = -1;
    for (uint32_t i = np->first; i < np->end; i++)
        if (sd_tag_is_noun(tag_at(c, i)) || tag_at(c, i) == SD_TAG_PRP || tag_at(c, i) == SD_TAG_EX)
            head = (int32_t)i;
    if (head < 0)
        for (uint32_t i = np->first; i < np->end; i++)
            if (tag_at(c, i) == SD_TAG_CD)
                head = (int32_t)i;
    np->head = head >= 0 ? (uint32_t)head : np->end - 1;
    unsigned ht = tag_at(c, np->head);
    if (ht == SD_TAG_PRP)
        np->flags |= SD_NP_PRONOUN;
    if (ht == SD_TAG_NNP || ht == SD_TAG_NNPS)
        np->flags |= SD_NP_PROPER;
    if (ht == SD_TAG_NNS || ht == SD_TAG_NNPS)
        np->flags |= SD_NP_PLURAL;
    if (ht == SD_TAG_CD)
        np->flags |= SD_NP_NUMBER;
    if (ht == SD_TAG_EX)
        np->flags |= SD_NP_EXIST;
    if (gw_at(c, np->head) & SD_GW(TIME))
        np->flags |= SD_NP_TIME;
    if (c->doc->tok[np->head].flags & SD_TOK_QUOTED)
        np->flags |= SD_NP_QUOTED;
    p->np[p->nnp] = *np;
    for (uint32_t i = np->first; i < np->end; i++)
        p->np_of[i - p->first] = (int32_t)p->nnp;
    p->nnp++;
    return 0;
}

static sd_np new_np(uint32_t first)
{
    return (sd_np){.first = first, .det = -1, .poss = -1, .of = -1, .parent = -1, .appos = -1,
                   .coord = -1, .coord_first = -1, .cc = -1, .modifier = -1, .pp = -1};
}

/* The noun phrase that opens at token i, if any: its end, or i when none. */
static uint32_t np_extent(const chunker *c, uint32_t i, sd_np *np)
{
    uint32_t end = end_of(c), j = i;
    unsigned t = tag_at(c, i);
    if (t == SD_TAG_PRP || t == SD_TAG_EX)
        return i + 1;
    if (t == SD_TAG_PDT)
        j++;
    if (j < end && (tag_at(c, j) == SD_TAG_DT || tag_at(c, j) == SD_TAG_PRPS)) {
        np->det = (int32_t)j;
        j++;
    }
    int nouns = 0;
    while (j < end && c->parse->vg_of[j - c->parse->first] < 0) {
        unsigned tj = tag_at(c, j);
        if (np_word(c, j)) {
            /* a time noun after a noun starts a phrase of its own: "the
             * attack Monday" */
            if (nouns && sd_tag_is_noun(tj) && (gw_at(c, j) & SD_GW(TIME)) &&
                !(gw_at(c, j - 1) & SD_GW(TIME)))
                break;
            nouns += sd_tag_is_noun(tj);
            j++;
            continue;
        }
        /* "Indian and Pakistani troops": adjectives joined inside */
        /* (the second may be tagged as a name: "Indian and Pakistani") */
        if (tj == SD_TAG_CC && j > i && sd_tag_is_adj(tag_at(c, j - 1)) && j + 2 < end &&
            (sd_tag_is_adj(tag_at(c, j + 1)) ||
             (tag_at(c, j + 1) == SD_TAG_NNP && sd_tag_is_noun(tag_at(c, j + 2))))) {
            np->flags |= SD_NP_COORD_MODS;
            j++;
            continue;
        }
        break;
    }
    if (j == i || (j == i + 1 && t == SD_TAG_PDT))
        return i;
    /* a determiner alone stands for a noun ("both", "this"); adjectives
     * alone do not make a phrase ("is ready") unless a determiner leads */
    if (!nouns) {
        int has_num = 0;
        for (uint32_t k = i; k < j; k++)
            has_num |= tag_at(c, k) == SD_TAG_CD;
        if (!has_num && np->det < 0)
            return i;
    }
    return j;
}

static int find_noun_phrases(chunker *c)
{
    uint32_t end = end_of(c);
    int32_t possessor = -1;
    for (uint32_t i = c->parse->first; i < end;) {
        if (c->parse->vg_of[i - c->parse->first] >= 0) {
            i++;
            possessor = -1;
            continue;
        }
        sd_np np = new_np(i);
        uint32_t j = np_extent(c, i, &np);
        if (j == i) {
            i++;
            possessor = -1;
            continue;
        }
        np.end = j;
        np.poss = possessor;
        possessor = -1;
        if (add_np(c, &np))
            return SAYDO_ERR_NOMEM;
        int32_t me = (int32_t)c->parse->nnp - 1;
        if (np.poss >= 0)
            c->parse->np[np.poss].parent = me;
        if (j < end && tag_at(c, j) == SD_TAG_POS) { /* "Rwanda 's Senate" */
            possessor = me;
            j++;
        }
        i = j;
    }
    return 0;
}

/* ------------------------------------------------ links and PPs */

static int32_t np_at(const chunker *c, uint32_t i)
{
    return i < end_of(c) ? c->parse->np_of[i - c->parse->first] : -1;
}

static int add_pp(chunker *c, uint32_t prep, int32_t np)
{
    sd_parse *p = c->parse;
    if (p->npp >= p->count) /* at most one PP per token */
        return SAYDO_ERR_INTERNAL;
    int32_t before = prep > p->first ? np_at(c, prep - 1) : -1;
    p->pp[p->npp] = (sd_pp){.prep = prep, .np = np, .vg = -1, .after_np = before};
    p->np[np].pp = (int32_t)p->npp;
    if (before >= 0 && lower_is(c, prep, "of") && p->np[before].of < 0) {
        p->np[before].of = np;
        p->np[np].parent = before;
    }
    p->npp++;
    return 0;
}

static int find_pps(chunker *c)
{
    uint32_t end = end_of(c);
    for (uint32_t i = c->parse->first; i + 1 < end; i++) {
        unsigned t = tag_at(c, i);
        if (t != SD_TAG_IN && t != SD_TAG_TO)
            continue;
        int32_t np = np_at(c, i + 1);
        if (np < 0 || c->parse->np[np].first != i + 1)
            continue;
        /* "of Rwanda's Senate": the object is the possessed phrase */
        while (c->parse->np[np].parent >= 0 && c->parse->np[c->parse->np[np].parent].poss == np)
            np = c->parse->np[np].parent;
        if (add_pp(c, i, np))
            return SAYDO_ERR_NOMEM;
    }
    return 0;
}

/* The end of np's complex: its of-phrases and PPs to the right ("the head
 * of Russia's team"). */
static uint32_t complex_end(const chunker *c, int32_t np)
{
    const sd_parse *p = c->parse;
    uint32_t e = p->np[np].end;
    for (int guard = 0; guard < 64 && e + 1 < end_of(c) && tag_at(c, e) == SD_TAG_IN; guard++) {
        int32_t next = np_at(c, e + 1);
        if (next < 0 || p->np[next].first != e + 1)
            break;
        while (p->np[next].parent >= 0 && p->np[p->np[next].parent].poss == next)
            next = p->np[next].parent;
        e = p->np[next].end;
    }
    return e;
}

static int is_and(const chunker *c, uint32_t i)
{
    return tag_at(c, i) == SD_TAG_CC &&
           (lower_is(c, i, "and") || lower_is(c, i, "or") || lower_is(c, i, "nor"));
}

/* Is there a finite verb group right after the complex of np? */
static int verb_follows(const chunker *c, int32_t np)
{
    uint32_t e = complex_end(c, np);
    while (e < end_of(c) && sd_tag_is_adv(tag_at(c, e)))
        e++;
    if (e >= end_of(c))
        return 0;
    int32_t vg = c->parse->vg_of[e - c->parse->first];
    return vg >= 0 && c->parse->vg[vg].first == e &&
           c->parse->vg[vg].form != SD_FORM_PARTICIPLE && c->parse->vg[vg].form != SD_FORM_GERUND;
}

static int verb_before(const chunker *c, uint32_t i)
{
    return c->first_verb < i;
}

static void link_coord(chunker *c, int32_t a, int32_t b, uint32_t cc)
{
    sd_np *np = c->parse->np;
    int32_t first = np[a].coord_first >= 0 ? np[a].coord_first : a;
    np[a].coord_first = first;
    np[a].coord = b;
    np[b].coord_first = first;
    np[b].cc = (int32_t)cc;
}

/* X and Y; X, Y and Z.  Not across clauses: in "Israel attacked Gaza and
 * Hamas fired rockets" the and joins clauses. */
static void find_coordination(chunker *c)
{
    sd_parse *p = c->parse;
    /* list_ends[y]: from phrase y, ", Z"* (",")? "and" W follows -- y is a
     * member of a list that ends with a conjunction.  Right to left, so a
     * long list is read once. */
    uint8_t *list_ends = p->nnp ? sd_arena_calloc(c->arena, p->nnp, 1) : NULL;
    if (!list_ends)
        return;
    for (size_t y = p->nnp; y-- > 0;) {
        uint32_t k = p->np[y].end;
        if (k + 1 >= end_of(c))
            continue;
        if (is_and(c, k)) {
            list_ends[y] = np_at(c, k + 1) >= 0;
        } else if (tag_at(c, k) == SD_TAG_COMMA) {
            int32_t z = np_at(c, k + 1);
            if (z >= 0 && p->np[z].first == k + 1 && (size_t)z > y)
                list_ends[y] = list_ends[z];
            else if (k + 2 < end_of(c) && is_and(c, k + 1))
                list_ends[y] = np_at(c, k + 2) >= 0;
        }
    }
    for (size_t a = 0; a < p->nnp; a++) {
        if (p->np[a].parent >= 0 && p->np[a].pp < 0)
            continue;
        uint32_t e = p->np[a].end;
        if (e + 1 >= end_of(c))
            continue;
        int32_t b = -1;
        uint32_t cc = e;
        if (is_and(c, e)) {
            b = np_at(c, e + 1);
        } else if (tag_at(c, e) == SD_TAG_COMMA) {
            /* a list member: ", Y and" or ", Y, Z and" */
            int32_t y = np_at(c, e + 1);
            if (y >= 0 && list_ends[y])
                b = y;
        }
        if (b < 0 || p->np[b].first != e + 1 || (p->np[b].flags & SD_NP_TIME) !=
                                                     (p->np[a].flags & SD_NP_TIME))
            continue;
        /* "Israel attacked Gaza and Hamas fired": the and joins clauses;
         * not after a PP ("the withdrawal near Kyiv and Chernihiv could
         * be ...") */
        if (verb_follows(c, b) && verb_before(c, p->np[a].first) && is_and(c, e) &&
            p->np[a].pp < 0)
            continue;
        link_coord(c, (int32_t)a, b, cc);
    }
}

/* X, the Y (of Z),  -- the second phrase describes the first. */
static void find_appositions(chunker *c)
{
    sd_parse *p = c->parse;
    for (size_t a = 0; a < p->nnp; a++) {
        uint32_t e = p->np[a].end;
        if (e + 1 >= end_of(c) || tag_at(c, e) != SD_TAG_COMMA)
            continue;
        int32_t b = np_at(c, e + 1);
        if (b < 0 || p->np[b].first != e + 1 || p->np[b].coord_first >= 0 ||
            p->np[a].coord >= 0 || (p->np[b].flags & (SD_NP_PRONOUN | SD_NP_TIME)) ||
            (p->np[a].flags & SD_NP_PRONOUN))
            continue;
        /* "Medinsky, the head of ...", or the other way round: "a member
         * of the Syrian parliament, Mohammed Mamoun," */
        int described = p->np[b].det >= 0 || p->np[b].poss >= 0 ||
                        ((p->np[a].flags & SD_NP_PROPER) && !(p->np[b].flags & SD_NP_PROPER)) ||
                        (p->np[a].det >= 0 && !(p->np[a].flags & SD_NP_PROPER) &&
                         (p->np[b].flags & SD_NP_PROPER));
        if (!described)
            continue;
        uint32_t k = complex_end(c, b);
        unsigned tk = k < end_of(c) ? tag_at(c, k) : SD_TAG_STOP;
        int closes = tk == SD_TAG_COMMA || tk == SD_TAG_STOP || tk == SD_TAG_COLON ||
                     tk == SD_TAG_RRB || tk == SD_TAG_QUOTE || k >= end_of(c) ||
                     (p->vg_of[k - p->first] >= 0 &&
                      p->vg[p->vg_of[k - p->first]].form == SD_FORM_PARTICIPLE) ||
                     (gw_at(c, k) & SD_GW(RELATIVE));
        if (tk == SD_TAG_COMMA && k + 1 < end_of(c) && is_and(c, k + 1))
            closes = 0;
        if (!closes)
            continue;
        p->np[a].appos = b;
        if (p->np[b].parent < 0)
            p->np[b].parent = (int32_t)a;
    }
}

/* "The Asia-Pacific Economic Cooperation (APEC) forum": the bracketed
 * phrase names the one before it, and a noun right after the brackets
 * heads them both. */
static void find_parentheticals(chunker *c)
{
    sd_parse *p = c->parse;
    for (size_t a = 0; a < p->nnp; a++) {
        uint32_t e = p->np[a].end;
        if (e + 2 >= end_of(c) || tag_at(c, e) != SD_TAG_LRB)
            continue;
        int32_t b = np_at(c, e + 1);
        if (b < 0 || p->np[b].first != e + 1)
            continue;
        uint32_t close = complex_end(c, b); /* "(Party of God)" */
        if (close >= end_of(c) || tag_at(c, close) != SD_TAG_RRB)
            continue;
        if (p->np[b].parent < 0)
            p->np[b].parent = (int32_t)a;
        if (p->np[a].appos < 0)
            p->np[a].appos = b;
        int32_t after = np_at(c, close + 1);
        if (after >= 0 && p->np[after].first == close + 1 && p->np[after].det < 0 &&
            p->np[a].parent < 0 && !(p->np[after].flags & SD_NP_TIME))
            p->np[a].parent = after;
    }
}

/* ------------------------------------------------------------ entry */

int sd_chunk(const sd_grammar_words *words, const sd_doc *doc, uint32_t first, uint32_t count,
             const uint8_t *tags, int headline, sd_arena *arena, sd_parse **out)
{
    *out = NULL;
    sd_parse *p = sd_arena_calloc(arena, 1, sizeof *p);
    size_t n = count ? count : 1;
    if (!p)
        return SAYDO_ERR_NOMEM;
    p->first = first;
    p->count = count;
    p->headline = headline;
    p->gw = sd_arena_calloc(arena, n, sizeof *p->gw);
    p->tag = sd_arena_calloc(arena, n, sizeof *p->tag);
    if (!p->tag)
        return SAYDO_ERR_NOMEM;
    for (uint32_t k = 0; k < count; k++)
        p->tag[k] = tags ? tags[k] : (uint8_t)doc->tok[first + k].pos;
    p->np_of = sd_arena_calloc(arena, n, sizeof *p->np_of);
    p->vg_of = sd_arena_calloc(arena, n, sizeof *p->vg_of);
    p->clause_of = sd_arena_calloc(arena, n, sizeof *p->clause_of);
    /* Each array holds at most one entry per token: allocated once, so
     * chunking stays linear in the sentence's length. */
    p->np = sd_arena_alloc(arena, n * sizeof *p->np);
    p->vg = sd_arena_alloc(arena, n * sizeof *p->vg);
    p->pp = sd_arena_alloc(arena, n * sizeof *p->pp);
    p->clause = sd_arena_alloc(arena, n * sizeof *p->clause);
    chunker c = {.words = words, .doc = doc, .arena = arena, .parse = p,
                 .premod = sd_arena_calloc(arena, n, 1)};
    if (!p->gw || !p->np_of || !p->vg_of || !p->clause_of || !c.premod || !p->np || !p->vg ||
        !p->pp || !p->clause)
        return SAYDO_ERR_NOMEM;
    fill_words(&c);
    mark_premodifiers(&c);
    int rc = find_verb_groups(&c);
    c.first_verb = p->nvg ? p->vg[0].first : first + count;
    if (!rc)
        rc = find_noun_phrases(&c);
    if (!rc)
        rc = find_pps(&c);
    if (rc)
        return rc;
    find_coordination(&c);
    find_appositions(&c);
    find_parentheticals(&c);
    *out = p;
    return 0;
}
