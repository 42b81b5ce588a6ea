/*
 * grammar_repair.c -- where a sentence's grammar shows the tagger wrong,
 * read the token again (sd_grammar_repair, grammar.h).  The tagger decides
 * each word from a window of a few words; these rules read the whole
 * clause.  Each rule names the ambiguity it settles:
 *
 *   object      an -ed form right after a noun (or after "and" joining
 *               verbs) and right before a noun phrase is a past tense, not a
 *               participle: "Israeli troops killed two Palestinians" (a
 *               participle after a noun takes no object); "arrested two
 *               men and seized weapons"
 *   relative    an -ed form after "that/which/whom + noun" is a past tense:
 *               "the deal that the two sides signed"
 *   main verb   a sentence with no main clause reads its first participle
 *               after a noun or a comma as its past-tense verb: "The
 *               cleric, who returned on Wednesday, called for calm";
 *               "Fighting resumed after the ceasefire collapsed"
 *               With no verb at all, an -ed word read as an adjective or
 *               noun right after a noun phrase is the verb ("President Bush
 *               on Wednesday urged Russian President Putin")
 *   modifier    an -ed form after an article or a possessive (adverbs
 *               between) and before a noun or an adjective modifies it: "a
 *               carefully worded message", "Putin's proposed reforms"
 *   compound    an -ed form between a singular noun and a noun that a finite
 *               verb follows modifies it: "precision guided missiles killed";
 *               a base or present form there is a noun: "an Israeli army
 *               tank crew fired"
 *   first name  a capitalised first word read as an -ed form before a name
 *               is a name: "Ahmed Qurei resigned"
 *   subject     a finite verb that finds no subject because a past tense
 *               sits between it and a noun reads that past tense as a
 *               participle: "the mayor, a member of Hamas jailed a year
 *               ago, was freed"
 *   subordinator  after/before/since/until + noun phrase + finite verb is a
 *               clause, not a PP: "after police arrested their leader"
 *   capitals    a pronoun is never written in capitals: "US troops" is the
 *               country's; a capitalised adjective before a verb is a name
 *               ("Iran Rejects EU Offer")
 *   participle  a participle-only form ("taken", "given", "shown") tagged as
 *               a past tense is the participle: "Italian taken hostage"
 *   gerund      a sentence-initial -ing form right before a verb is a noun:
 *               "Fighting resumed"; an act noun's -ing form before "of"
 *               is the noun: "Bush Condemns Beheading of U.S. Hostage"
 *   headline    a headline's first word before a noun is no imperative:
 *               "Rebel Commander Captured"; a headline with no finite verb
 *               reads its first plural noun after a noun as the verb:
 *               "Spain arrests eight over plot"
 *
 * The parse is then rebuilt from the repaired tags (sd_parse_sentence).
 */
#include <string.h>

#include "grammar.h"
#include "tag.h"

static unsigned tag_of(const sd_parse *p, uint32_t i) { return p->tag[i - p->first]; }
static int32_t np_of(const sd_parse *p, int64_t i)
{
    return i >= p->first && i < (int64_t)(p->first + p->count) ? p->np_of[i - p->first] : -1;
}
static int32_t vg_of(const sd_parse *p, int64_t i)
{
    return i >= p->first && i < (int64_t)(p->first + p->count) ? p->vg_of[i - p->first] : -1;
}

static int participle_only(const sd_doc *doc, uint32_t i);

static int set_tag(sd_parse *p, uint32_t i, unsigned tag)
{
    if (p->tag[i - p->first] == tag)
        return 0;
    p->tag[i - p->first] = (uint8_t)tag;
    return 1;
}

/* Is vg a bare participle standing alone ("killed", not "were killed")? */
static int bare_participle(const sd_vg *vg)
{
    return vg->form == SD_FORM_PARTICIPLE && vg->first == vg->head;
}

/* Does a noun phrase (not a time phrase) open right at token i? */
static int object_at(const sd_parse *p, uint32_t i)
{
    int32_t np = np_of(p, i);
    return np >= 0 && p->np[np].first == i && !(p->np[np].flags & SD_NP_TIME) &&
           !(p->np[np].flags & SD_NP_EXIST);
}

static int ends_noun(const sd_parse *p, int64_t i)
{
    int32_t np = np_of(p, i);
    return np >= 0 && p->np[np].end == (uint32_t)i + 1 && !(p->np[np].flags & SD_NP_TIME);
}

/* "and", "or", "but" between verbs: "arrested two men and seized weapons" */
static int joins_verbs(const sd_parse *p, uint32_t i)
{
    return tag_of(p, i) == SD_TAG_CC && i > p->first &&
           (ends_noun(p, i - 1) || vg_of(p, i - 1) >= 0);
}

/* The token before i, stepping over adverbs and time phrases with their
 * prepositions ("The US on Thursday rejected"); -1 at the start. */
static int64_t before_adverbs(const sd_parse *p, uint32_t i)
{
    int64_t k = (int64_t)i - 1, stop = (int64_t)i - 32;
    while (k >= p->first && k > stop) {
        int32_t np = np_of(p, k);
        if (sd_tag_is_adv(tag_of(p, (uint32_t)k))) {
            k--;
        } else if (np >= 0 && (p->np[np].flags & SD_NP_TIME)) {
            k = (int64_t)p->np[np].first - 1;
            if (k >= p->first && tag_of(p, (uint32_t)k) == SD_TAG_IN)
                k--;
        } else {
            return k;
        }
    }
    return -1;
}

static int rule_object(const sd_doc *doc, sd_parse *p, const sd_vg *vg)
{
    uint32_t next = vg->particle >= 0 ? (uint32_t)vg->particle + 1 : vg->end;
    int64_t prev = before_adverbs(p, vg->first);
    if (!bare_participle(vg) || prev < 0 || participle_only(doc, vg->head) ||
        !(ends_noun(p, prev) || joins_verbs(p, (uint32_t)prev)) ||
        next >= p->first + p->count || !object_at(p, next))
        return 0;
    return set_tag(p, vg->head, SD_TAG_VBD);
}

static int rule_relative(const sd_doc *doc, sd_parse *p, const sd_vg *vg)
{
    if (!bare_participle(vg) || vg->first == p->first || !ends_noun(p, vg->first - 1) ||
        participle_only(doc, vg->head))
        return 0;
    int32_t np = np_of(p, vg->first - 1);
    int64_t before = (int64_t)p->np[np].first - 1;
    if (before < p->first || !(p->gw[before - p->first] & SD_GW(RELATIVE)))
        return 0;
    return set_tag(p, vg->head, SD_TAG_VBD);
}

static int rule_main_verb(const sd_doc *doc, sd_parse *p)
{
    if (p->headline)
        return 0;
    /* a main clause other than a closing report (", officials said") */
    for (size_t c = 0; c < p->nclause; c++) {
        const sd_clause *cl = &p->clause[c];
        /* (a quotation with a finite verb is a sentence of its own; a
         * quoted phrase, "to \"uphold the principles\"", is not) */
        if (cl->kind == SD_CLAUSE_QUOTE &&
            (cl->vg < 0 || p->vg[cl->vg].form == SD_FORM_FINITE))
            return 0;
        if (cl->kind != SD_CLAUSE_MAIN)
            continue;
        const sd_vg *vg = &p->vg[cl->vg];
        int report = (vg->flags & SD_VG_SAY) && cl->first > p->first &&
                     tag_of(p, cl->first - 1) == SD_TAG_COMMA;
        if (!report)
            return 0;
    }
    for (size_t v = 0; v < p->nvg; v++) {
        const sd_vg *vg = &p->vg[v];
        if (!bare_participle(vg) || vg->first == p->first)
            continue;
        uint32_t prev = vg->first - 1;
        int32_t np = np_of(p, prev);
        if (tag_of(p, prev) == SD_TAG_COMMA || (np >= 0 && p->np[np].end == vg->first))
            return set_tag(p, vg->head, SD_TAG_VBD);
    }
    /* no verb at all: an -ed word the lemmatiser reads as a verb's form,
     * right after a noun (the subject's phrase, or a time phrase the
     * chunker ran on into the object: "President Bush on Wednesday urged
     * Russian President Vladimir Putin") */
    for (size_t v = 0; v < p->nvg; v++)
        if (p->vg[v].form == SD_FORM_FINITE)
            return 0;
    for (uint32_t i = p->first + 1; i + 1 < p->first + p->count; i++) {
        const sd_token *t = &doc->tok[i];
        size_t n = strlen(t->lower);
        unsigned tag = tag_of(p, i);
        if ((sd_tag_is_adj(tag) || tag == SD_TAG_NN) && n > 3 &&
            sd_streq(t->lower + n - 2, "ed") && t->lemma && strcmp(t->lemma, t->lower) != 0 &&
            (ends_noun(p, (int64_t)i - 1) || sd_tag_is_noun(tag_of(p, i - 1)) ||
             tag_of(p, i - 1) == SD_TAG_COMMA))
            return set_tag(p, i, SD_TAG_VBD);
    }
    return 0;
}

/* An -ed form between a singular noun and a noun that a finite verb
 * follows is a compound modifier: "precision guided missiles killed". */
static int rule_compound_modifier(sd_parse *p)
{
    int changed = 0;
    for (uint32_t i = p->first + 1; i + 2 < p->first + p->count; i++) {
        unsigned t = tag_of(p, i);
        if ((t != SD_TAG_VBD && t != SD_TAG_VBN) || tag_of(p, i - 1) != SD_TAG_NN ||
            !sd_tag_is_noun(tag_of(p, i + 1)))
            continue;
        int32_t v = vg_of(p, i + 2);
        if (v >= 0 && p->vg[v].first == i + 2 && p->vg[v].form == SD_FORM_FINITE)
            changed |= set_tag(p, i, SD_TAG_JJ);
    }
    return changed;
}

/* A base or present verb form between two nouns, the second followed by a
 * verb, is a noun of the compound: "an Israeli army tank crew fired". */
static int rule_compound_noun(sd_parse *p)
{
    int changed = 0;
    for (uint32_t i = p->first + 1; i + 2 < p->first + p->count; i++) {
        unsigned t = tag_of(p, i), n2 = tag_of(p, i + 2);
        if ((t == SD_TAG_VB || t == SD_TAG_VBP || t == SD_TAG_VBZ) &&
            (tag_of(p, i - 1) == SD_TAG_NN || tag_of(p, i - 1) == SD_TAG_NNP) &&
            (tag_of(p, i + 1) == SD_TAG_NN || tag_of(p, i + 1) == SD_TAG_NNS) &&
            (n2 == SD_TAG_VBD || n2 == SD_TAG_VBN || n2 == SD_TAG_VBZ || n2 == SD_TAG_VBP ||
             n2 == SD_TAG_MD))
            changed |= set_tag(p, i, SD_TAG_NN);
    }
    return changed;
}

/* A sentence's first word, capitalised, read as an -ed form before a name
 * is a name: "Ahmed Qurei resigned". */
static int rule_first_name(const sd_doc *doc, sd_parse *p)
{
    if (p->count < 3)
        return 0;
    unsigned t = tag_of(p, p->first), next = tag_of(p, p->first + 1);
    if ((t == SD_TAG_VBN || t == SD_TAG_VBD) && (doc->tok[p->first].flags & SD_TOK_CAP) &&
        next == SD_TAG_NNP)
        return set_tag(p, p->first, SD_TAG_NNP);
    return 0;
}

/* The verb group just before vg, stepping over adverbs, commas and time
 * phrases with their prepositions; -1 when something else comes first. */
static int32_t group_before(const sd_parse *p, const sd_vg *vg)
{
    int64_t stop = (int64_t)vg->first - 64;
    for (int64_t i = (int64_t)vg->first - 1; i >= p->first && i >= stop; i--) {
        unsigned t = tag_of(p, (uint32_t)i);
        int32_t np = np_of(p, i);
        if (sd_tag_is_adv(t) || t == SD_TAG_COMMA)
            continue;
        if (np >= 0 && (p->np[np].flags & SD_NP_TIME)) {
            i = p->np[np].first;
            if (i - 1 >= p->first && tag_of(p, (uint32_t)i - 1) == SD_TAG_IN)
                i--;
            continue;
        }
        return vg_of(p, i);
    }
    return -1;
}

static int rule_subject(sd_parse *p, const sd_vg *vg)
{
    if (vg->form != SD_FORM_FINITE || vg->subject >= 0 || vg->coord_prev >= 0 ||
        p->clause[vg->clause].kind != SD_CLAUSE_MAIN)
        return 0;
    int32_t u = group_before(p, vg);
    if (u < 0)
        return 0;
    const sd_vg *w = &p->vg[u];
    uint32_t next = w->particle >= 0 ? (uint32_t)w->particle + 1 : w->end;
    if (w->first != w->head || tag_of(p, w->head) != SD_TAG_VBD || w->first == p->first ||
        !ends_noun(p, w->first - 1) || (next < p->first + p->count && object_at(p, next)))
        return 0;
    return set_tag(p, w->head, SD_TAG_VBN);
}

static int rule_subordinator(sd_parse *p)
{
    int changed = 0;
    for (size_t q = 0; q < p->npp; q++) {
        uint32_t prep = p->pp[q].prep;
        if (tag_of(p, prep) != SD_TAG_IN || !(p->gw[prep - p->first] & (SD_GW(SUBORD) | SD_GW(COND))))
            continue;
        uint32_t e = p->np[p->pp[q].np].end;
        while (e < p->first + p->count && sd_tag_is_adv(tag_of(p, e)))
            e++;
        int32_t v = vg_of(p, e);
        if (v < 0 || p->vg[v].first != e || p->vg[v].form != SD_FORM_FINITE)
            continue;
        changed |= set_tag(p, prep, SD_TAG_CS);
    }
    return changed;
}

/* A capitalised adjective that modifies nothing is a name: "Iran Rejects
 * EU Offer" (the tagger reads "Iran" like "Iranian"). */
static int rule_capital_adjective(const sd_doc *doc, sd_parse *p)
{
    int changed = 0;
    for (uint32_t i = p->first; i + 1 < p->first + p->count; i++) {
        unsigned next = tag_of(p, i + 1);
        if (tag_of(p, i) == SD_TAG_JJ && (doc->tok[i].flags & SD_TOK_CAP) &&
            (sd_tag_is_verb(next) || next == SD_TAG_MD ||
             (p->headline && (next == SD_TAG_NNS || next == SD_TAG_NNPS))) &&
            !(i > p->first && (sd_tag_is_adj(tag_of(p, i - 1)) || tag_of(p, i - 1) == SD_TAG_DT)))
            changed |= set_tag(p, i, SD_TAG_NNP);
    }
    return changed;
}

/* Pronouns are not written in capitals: "US" is the country, not "us". */
static int rule_capital_pronoun(const sd_doc *doc, sd_parse *p)
{
    int changed = 0;
    for (uint32_t i = p->first; i < p->first + p->count; i++) {
        const sd_token *t = &doc->tok[i];
        if (tag_of(p, i) == SD_TAG_PRP && (t->flags & SD_TOK_ALLCAPS) && t->end - t->start > 1)
            changed |= set_tag(p, i, SD_TAG_NNP);
    }
    return changed;
}

/* Is token i a participle-only form ("taken", "given", "shown", "sworn",
 * "done" -- not "began", "won")? */
static int participle_only(const sd_doc *doc, uint32_t i)
{
    const sd_token *t = &doc->tok[i];
    size_t n = strlen(t->lower);
    if (!t->lemma || strcmp(t->lemma, t->lower) == 0 || n < 4)
        return 0;
    const char *end = t->lower + n - 2;
    return sd_streq(end, "en") || sd_streq(end, "wn") ||
           sd_streq(t->lower + n - 3, "orn") || sd_streq(t->lower, "done") ||
           sd_streq(t->lower, "gone");
}

/* A participle-only form is never a past tense: "Italian taken hostage in
 * Iraq", "the ultimatum given to Japan" ("taken", "given", "shown",
 * "sworn", "done" -- not "began", "won"). */
static int rule_participle_form(const sd_doc *doc, sd_parse *p)
{
    int changed = 0;
    for (uint32_t i = p->first; i < p->first + p->count; i++)
        if (tag_of(p, i) == SD_TAG_VBD && participle_only(doc, i))
            changed |= set_tag(p, i, SD_TAG_VBN);
    return changed;
}

/* An -ing form of an act noun before "of" is that noun: "Bush Condemns
 * Beheading of U.S. Hostage", "condemned killing of civilians". */
static int rule_act_noun(const sd_doc *doc, sd_parse *p)
{
    int changed = 0;
    for (uint32_t i = p->first; i + 1 < p->first + p->count; i++)
        if (tag_of(p, i) == SD_TAG_VBG && (p->gw[i - p->first] & SD_GW(ACT_NOUN)) &&
            sd_streq(doc->tok[i + 1].lower, "of"))
            changed |= set_tag(p, i, SD_TAG_NN);
    return changed;
}

static int rule_gerund(sd_parse *p)
{
    if (p->count < 2 || tag_of(p, p->first) != SD_TAG_VBG)
        return 0;
    unsigned next = tag_of(p, p->first + 1);
    if (next != SD_TAG_VBD && next != SD_TAG_VBN && next != SD_TAG_VBZ && next != SD_TAG_VBP &&
        next != SD_TAG_MD)
        return 0;
    return set_tag(p, p->first, SD_TAG_NN);
}

/* A headline with no finite verb reads the first plural noun after a noun
 * as its verb: "Spain arrests eight over plot", "Putin backs veto". */
static int rule_headline_verb(const sd_doc *doc, sd_parse *p)
{
    if (!p->headline)
        return 0;
    /* (nor one whose verb is an infinitive: "Darfur rebels to meet") */
    for (size_t v = 0; v < p->nvg; v++)
        if (p->vg[v].form == SD_FORM_FINITE || p->vg[v].form == SD_FORM_INFINITIVE)
            return 0;
    for (uint32_t i = p->first + 1; i + 1 < p->first + p->count; i++) {
        unsigned prev = tag_of(p, i - 1);
        unsigned t = tag_of(p, i);
        if ((t == SD_TAG_NNS || (t == SD_TAG_NNPS && p->tag[0] != SD_TAG_NNPS)) &&
            (sd_tag_is_noun(prev) || prev == SD_TAG_POS ||
             (sd_tag_is_adj(prev) && (doc->tok[i - 1].flags & SD_TOK_CAP))) &&
            !(p->gw[i - p->first] & SD_GW(TIME)))
            return set_tag(p, i, SD_TAG_VBZ);
    }
    return 0;
}

/* An -ed form after an article or a possessive, adverbs between, and
 * before a noun or an adjective modifies that noun: "a carefully worded
 * message", "the disputed region", "Putin's proposed reforms". */
static int rule_modifier(const sd_doc *doc, sd_parse *p)
{
    int changed = 0;
    for (uint32_t i = p->first + 1; i + 1 < p->first + p->count; i++) {
        unsigned t = tag_of(p, i), next = tag_of(p, i + 1);
        if ((t != SD_TAG_VBD && t != SD_TAG_VBN) ||
            !(sd_tag_is_noun(next) || sd_tag_is_adj(next)))
            continue;
        uint32_t b = i - 1;
        while (b > p->first && sd_tag_is_adv(tag_of(p, b)))
            b--;
        unsigned d = tag_of(p, b);
        const char *w = doc->tok[b].lower;
        if (d == SD_TAG_PRPS || d == SD_TAG_POS ||
            (d == SD_TAG_DT && (sd_streq(w, "a") || sd_streq(w, "an") ||
                                sd_streq(w, "the"))))
            changed |= set_tag(p, i, SD_TAG_JJ);
    }
    return changed;
}

static int rule_headline(sd_parse *p)
{
    if (!p->headline || p->count < 2 || tag_of(p, p->first) != SD_TAG_VB ||
        !sd_tag_is_noun(tag_of(p, p->first + 1)))
        return 0;
    return set_tag(p, p->first, SD_TAG_NN);
}

int sd_grammar_repair(const sd_doc *doc, sd_parse *parse)
{
    int changed = rule_gerund(parse) + rule_act_noun(doc, parse) +
                  rule_participle_form(doc, parse) + rule_headline(parse) +
                  rule_subordinator(parse) + rule_main_verb(doc, parse) +
                  rule_headline_verb(doc, parse) + rule_capital_pronoun(doc, parse) +
                  rule_first_name(doc, parse) + rule_compound_modifier(parse) +
                  rule_compound_noun(parse) +
                  rule_capital_adjective(doc, parse) + rule_modifier(doc, parse);
    for (size_t v = 0; v < parse->nvg; v++) {
        const sd_vg *vg = &parse->vg[v];
        changed += rule_object(doc, parse, vg) + rule_relative(doc, parse, vg) +
                   rule_subject(parse, vg);
    }
    return changed;
}
