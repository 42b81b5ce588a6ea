/*
 * grammar_print.c -- the grammar layer as text and as JSON (`saydo parse`,
 * the `parse` spec kinds).  docs/grammar.md describes both formats.
 *
 * Text, one block per sentence, each part on request (SD_PRINT_*):
 *   tags     The/DT sister/NN of/IN ...
 *   np       [The sister] head=sister of=man          one line per phrase
 *   vg       has demanded: finite present active perfect; subject=sister ...
 *   pp       pp with Japan: verb=held noun=talks       what it may modify
 *   clause   relative(man) died <demanded             kind, head, parent
 * A phrase is named by its head word; roles print only when present.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "grammar.h"
#include "grammar_print.h"
#include "result.h"
#include "tag.h"

static void put_tok(sd_buf *b, const sd_doc *doc, uint32_t i)
{
    sd_buf_append(b, doc->norm + doc->tok[i].start, doc->tok[i].end - doc->tok[i].start);
}

static void put_span(sd_buf *b, const sd_doc *doc, uint32_t first, uint32_t end)
{
    for (uint32_t i = first; i < end; i++) {
        if (i > first)
            sd_buf_putc(b, ' ');
        put_tok(b, doc, i);
    }
}

static void put_np(sd_buf *b, const sd_doc *doc, const sd_parse *p, int32_t np)
{
    if (np < 0)
        sd_buf_putc(b, '-');
    else
        put_tok(b, doc, p->np[np].head);
}

static void print_tags(sd_buf *b, const sd_doc *doc, const sd_parse *p)
{
    for (uint32_t i = p->first; i < p->first + p->count; i++) {
        if (i > p->first)
            sd_buf_putc(b, ' ');
        put_tok(b, doc, i);
        sd_buf_putc(b, '/');
        sd_buf_puts(b, sd_tag_name(p->tag[i - p->first]));
    }
    sd_buf_putc(b, '\n');
}

static void np_link(sd_buf *b, const sd_doc *doc, const sd_parse *p, const char *name, int32_t np)
{
    if (np < 0)
        return;
    sd_buf_printf(b, " %s=", name);
    put_np(b, doc, p, np);
}

static void print_nps(sd_buf *b, const sd_doc *doc, const sd_parse *p)
{
    for (size_t k = 0; k < p->nnp; k++) {
        const sd_np *np = &p->np[k];
        sd_buf_putc(b, '[');
        put_span(b, doc, np->first, np->end);
        sd_buf_puts(b, "] head=");
        put_tok(b, doc, np->head);
        np_link(b, doc, p, "poss", np->poss);
        np_link(b, doc, p, "of", np->of);
        np_link(b, doc, p, "appos", np->appos);
        np_link(b, doc, p, "coord", np->coord);
        static const struct { uint32_t flag; const char *name; } flags[] = {
            {SD_NP_PRONOUN, "pronoun"}, {SD_NP_PROPER, "proper"}, {SD_NP_TIME, "time"},
            {SD_NP_PLURAL, "plural"}, {SD_NP_QUOTED, "quoted"}, {SD_NP_COORD_MODS, "coord-mods"},
            {SD_NP_NUMBER, "number"}, {SD_NP_EXIST, "there"}};
        for (size_t f = 0; f < sizeof flags / sizeof *flags; f++)
            if (np->flags & flags[f].flag)
                sd_buf_printf(b, " %s", flags[f].name);
        sd_buf_putc(b, '\n');
    }
}

static void print_vgs(sd_buf *b, const sd_doc *doc, const sd_parse *p)
{
    for (size_t k = 0; k < p->nvg; k++) {
        const sd_vg *vg = &p->vg[k];
        put_span(b, doc, vg->first, vg->end);
        if (vg->particle >= 0) {
            sd_buf_putc(b, ' ');
            put_tok(b, doc, (uint32_t)vg->particle);
        }
        sd_buf_printf(b, ": %s", sd_vg_form_name(vg->form));
        if (vg->tense)
            sd_buf_printf(b, " %s", sd_tense_name(vg->tense));
        sd_buf_puts(b, vg->voice == SD_VOICE_PASSIVE ? " passive" : " active");
        static const struct { uint32_t flag; const char *name; } flags[] = {
            {SD_VG_PERFECT, "perfect"}, {SD_VG_PROGRESSIVE, "progressive"},
            {SD_VG_NEGATED, "negated"}, {SD_VG_HEADLINE, "headline"}, {SD_VG_COPULA, "copula"},
            {SD_VG_QUOTED, "quoted"}, {SD_VG_SAY, "say"}};
        for (size_t f = 0; f < sizeof flags / sizeof *flags; f++)
            if (vg->flags & flags[f].flag)
                sd_buf_printf(b, " %s", flags[f].name);
        if (vg->modal >= 0) {
            sd_buf_puts(b, " modal=");
            put_tok(b, doc, (uint32_t)vg->modal);
        }
        const char *sep = ";";
        const struct { const char *name; int32_t np; } roles[] = {
            {"subject", vg->subject}, {"object", vg->object}, {"object2", vg->object2},
            {"agent", vg->agent}, {"doer", vg->doer}, {"patient", vg->patient}};
        for (size_t r = 0; r < sizeof roles / sizeof *roles; r++) {
            if (roles[r].np < 0)
                continue;
            sd_buf_printf(b, "%s %s=", sep, roles[r].name);
            put_np(b, doc, p, roles[r].np);
            if (r == 0 && vg->subj_how != SD_SUBJ_LEFT)
                sd_buf_printf(b, "(%s)", sd_subj_how_name(vg->subj_how));
            sep = "";
        }
        sd_buf_putc(b, '\n');
    }
}

static void print_clauses(sd_buf *b, const sd_doc *doc, const sd_parse *p)
{
    for (size_t k = 0; k < p->nclause; k++) {
        const sd_clause *cl = &p->clause[k];
        sd_buf_puts(b, sd_clause_kind_name(cl->kind));
        if (cl->attach_np >= 0) {
            sd_buf_putc(b, '(');
            put_np(b, doc, p, cl->attach_np);
            sd_buf_putc(b, ')');
        }
        sd_buf_putc(b, ' ');
        put_tok(b, doc, p->vg[cl->vg].head);
        if (cl->marker >= 0) {
            sd_buf_puts(b, " marker=");
            put_tok(b, doc, (uint32_t)cl->marker);
            if (cl->marker_class & SD_GW(COND))
                sd_buf_puts(b, " conditional");
        }
        if (cl->parent >= 0) {
            sd_buf_puts(b, " <");
            put_tok(b, doc, p->vg[p->clause[cl->parent].vg].head);
        }
        if (cl->speaker >= 0) {
            sd_buf_puts(b, " speaker=");
            put_np(b, doc, p, cl->speaker);
        }
        sd_buf_puts(b, " [");
        put_span(b, doc, cl->first, cl->end);
        sd_buf_puts(b, "]\n");
    }
}

static void print_pps(sd_buf *b, const sd_doc *doc, const sd_parse *p)
{
    for (size_t k = 0; k < p->npp; k++) {
        const sd_pp *pp = &p->pp[k];
        sd_buf_puts(b, "pp ");
        put_tok(b, doc, pp->prep);
        sd_buf_putc(b, ' ');
        put_np(b, doc, p, pp->np);
        sd_buf_puts(b, ": verb=");
        if (pp->vg >= 0)
            put_tok(b, doc, p->vg[pp->vg].head);
        else
            sd_buf_putc(b, '-');
        sd_buf_puts(b, " noun=");
        put_np(b, doc, p, pp->after_np);
        sd_buf_putc(b, '\n');
    }
}

int sd_parse_print(sd_buf *b, const sd_doc *doc, const sd_parse *p, unsigned what)
{
    if (what & SD_PRINT_TAGS)
        print_tags(b, doc, p);
    if (what & SD_PRINT_NP)
        print_nps(b, doc, p);
    if (what & SD_PRINT_VG)
        print_vgs(b, doc, p);
    if (what & SD_PRINT_PP)
        print_pps(b, doc, p);
    if (what & SD_PRINT_CLAUSE)
        print_clauses(b, doc, p);
    return b->failed ? SAYDO_ERR_NOMEM : 0;
}

/* ------------------------------------------------------------- JSON */

static void json_tokstr(sd_buf *b, const sd_doc *doc, uint32_t i)
{
    sd_buf_putc(b, '"');
    sd_buf_json_escape(b, doc->norm + doc->tok[i].start, doc->tok[i].end - doc->tok[i].start);
    sd_buf_putc(b, '"');
}

/* An index relative to the sentence, or null. */
static void json_idx(sd_buf *b, const char *key, int64_t v)
{
    if (v < 0)
        sd_buf_printf(b, ",\"%s\":null", key);
    else
        sd_buf_printf(b, ",\"%s\":%lld", key, (long long)v);
}

static void json_tokens(sd_buf *b, const sd_doc *doc, const sd_parse *p)
{
    sd_buf_puts(b, ",\"tokens\":[");
    for (uint32_t i = p->first; i < p->first + p->count; i++) {
        const sd_token *t = &doc->tok[i];
        sd_buf_puts(b, i > p->first ? ",{\"text\":" : "{\"text\":");
        json_tokstr(b, doc, i);
        sd_buf_printf(b, ",\"tag\":\"%s\"", sd_tag_name(p->tag[i - p->first]));
        if (p->tag[i - p->first] != t->pos) /* repaired by the grammar */
            sd_buf_printf(b, ",\"tagger\":\"%s\"", sd_tag_name(t->pos));
        sd_buf_puts(b, ",\"lemma\":\"");
        sd_buf_json_escape(b, t->lemma, strlen(t->lemma));
        sd_buf_printf(b, "\",\"start\":%u,\"end\":%u}", (unsigned)doc->orig_off[t->start],
                      (unsigned)doc->orig_off[t->end]);
    }
    sd_buf_putc(b, ']');
}

static void json_nps(sd_buf *b, const sd_parse *p)
{
    sd_buf_puts(b, ",\"noun_phrases\":[");
    for (size_t k = 0; k < p->nnp; k++) {
        const sd_np *np = &p->np[k];
        sd_buf_printf(b, "%s{\"first\":%u,\"end\":%u,\"head\":%u", k ? "," : "",
                      np->first - p->first, np->end - p->first, np->head - p->first);
        json_idx(b, "det", np->det < 0 ? -1 : np->det - (int64_t)p->first);
        json_idx(b, "possessor", np->poss);
        json_idx(b, "of", np->of);
        json_idx(b, "apposition", np->appos);
        json_idx(b, "coordinated", np->coord);
        json_idx(b, "parent", np->parent);
        json_idx(b, "modified_by", np->modifier);
        sd_buf_printf(b, ",\"pronoun\":%s,\"proper\":%s,\"time\":%s,\"plural\":%s}",
                      np->flags & SD_NP_PRONOUN ? "true" : "false",
                      np->flags & SD_NP_PROPER ? "true" : "false",
                      np->flags & SD_NP_TIME ? "true" : "false",
                      np->flags & SD_NP_PLURAL ? "true" : "false");
    }
    sd_buf_putc(b, ']');
}

static void json_vgs(sd_buf *b, const sd_parse *p)
{
    sd_buf_puts(b, ",\"verb_groups\":[");
    for (size_t k = 0; k < p->nvg; k++) {
        const sd_vg *vg = &p->vg[k];
        sd_buf_printf(b, "%s{\"first\":%u,\"end\":%u,\"head\":%u,\"form\":\"%s\",\"tense\":\"%s\","
                         "\"voice\":\"%s\",\"perfect\":%s,\"progressive\":%s,\"negated\":%s,"
                         "\"headline\":%s",
                      k ? "," : "", vg->first - p->first, vg->end - p->first,
                      vg->head - p->first, sd_vg_form_name(vg->form), sd_tense_name(vg->tense),
                      vg->voice == SD_VOICE_PASSIVE ? "passive" : "active",
                      vg->flags & SD_VG_PERFECT ? "true" : "false",
                      vg->flags & SD_VG_PROGRESSIVE ? "true" : "false",
                      vg->flags & SD_VG_NEGATED ? "true" : "false",
                      vg->flags & SD_VG_HEADLINE ? "true" : "false");
        json_idx(b, "modal", vg->modal < 0 ? -1 : vg->modal - (int64_t)p->first);
        json_idx(b, "particle", vg->particle < 0 ? -1 : vg->particle - (int64_t)p->first);
        json_idx(b, "clause", vg->clause);
        json_idx(b, "subject", vg->subject);
        sd_buf_printf(b, ",\"subject_from\":\"%s\"", sd_subj_how_name(vg->subj_how));
        json_idx(b, "object", vg->object);
        json_idx(b, "object2", vg->object2);
        json_idx(b, "agent", vg->agent);
        json_idx(b, "doer", vg->doer);
        json_idx(b, "patient", vg->patient);
        json_idx(b, "coordinated_with", vg->coord_prev);
        sd_buf_putc(b, '}');
    }
    sd_buf_putc(b, ']');
}

static void json_clauses(sd_buf *b, const sd_parse *p)
{
    sd_buf_puts(b, ",\"clauses\":[");
    for (size_t k = 0; k < p->nclause; k++) {
        const sd_clause *cl = &p->clause[k];
        sd_buf_printf(b, "%s{\"kind\":\"%s\",\"first\":%u,\"end\":%u", k ? "," : "",
                      sd_clause_kind_name(cl->kind), cl->first - p->first, cl->end - p->first);
        json_idx(b, "verb_group", cl->vg);
        json_idx(b, "parent", cl->parent);
        json_idx(b, "marker", cl->marker < 0 ? -1 : cl->marker - (int64_t)p->first);
        json_idx(b, "modifies", cl->attach_np);
        json_idx(b, "speaker", cl->speaker);
        sd_buf_puts(b, cl->marker_class & SD_GW(COND) ? ",\"conditional\":true}"
                                                      : ",\"conditional\":false}");
    }
    sd_buf_puts(b, "],\"prepositional_phrases\":[");
    for (size_t k = 0; k < p->npp; k++) {
        const sd_pp *pp = &p->pp[k];
        sd_buf_printf(b, "%s{\"prep\":%u", k ? "," : "", pp->prep - p->first);
        json_idx(b, "object", pp->np);
        json_idx(b, "verb_group", pp->vg);
        json_idx(b, "after_noun_phrase", pp->after_np);
        sd_buf_putc(b, '}');
    }
    sd_buf_putc(b, ']');
}

int sd_parse_json(sd_buf *b, const sd_doc *doc, const sd_parse *p)
{
    sd_buf_printf(b, "\"headline_grammar\":%s", p->headline ? "true" : "false");
    json_tokens(b, doc, p);
    json_nps(b, p);
    json_vgs(b, p);
    json_clauses(b, p);
    return b->failed ? SAYDO_ERR_NOMEM : 0;
}

/* ------------------------------------------------------- public API */

static void write_sentence(sd_buf *b, saydo_parse_format format, const saydo_article *article,
                           const saydo_result *result, size_t i)
{
    const sd_sentence *s = &result->doc.sent[i];
    const char *id = saydo_article_id(article);
    if (format == SAYDO_PARSE_JSON) {
        sd_buf_puts(b, "{\"article\":\"");
        sd_buf_json_escape(b, id, strlen(id));
        sd_buf_printf(b, "\",\"sentence\":%zu,\"kind\":\"%s\",\"text\":\"", i,
                      saydo_sentence_kind_name(s->kind));
        sd_buf_json_escape(b, result->doc.norm + s->start, s->end - s->start);
        sd_buf_puts(b, "\",");
        if (s->parse)
            sd_parse_json(b, &result->doc, s->parse);
        else
            sd_buf_puts(b, "\"parsed\":false");
        sd_buf_puts(b, "}\n");
        return;
    }
    sd_buf_printf(b, "# %s %zu %s: ", id, i, saydo_sentence_kind_name(s->kind));
    for (uint32_t k = s->start; k < s->end; k++) {
        char ch = result->doc.norm[k];
        sd_buf_putc(b, ch == '\n' || ch == '\r' || ch == '\t' ? ' ' : ch);
    }
    sd_buf_putc(b, '\n');
    if (s->parse)
        sd_parse_print(b, &result->doc, s->parse, SD_PRINT_ALL);
    else
        sd_buf_puts(b, "(not parsed: no tagger model)\n");
    sd_buf_putc(b, '\n');
}

int saydo_write_parse(FILE *out, saydo_parse_format format, const saydo_article *article,
                      const saydo_result *result, saydo_error *err)
{
    if (!out || !article || !result)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "saydo_write_parse: NULL argument");
    sd_buf b = SD_BUF_INIT;
    for (size_t i = 0; i < result->doc.nsent; i++) {
        sd_buf_clear(&b);
        write_sentence(&b, format, article, result, i);
        if (b.failed) {
            sd_buf_free(&b);
            return sd_error_nomem(err);
        }
        if (fwrite(b.data, 1, b.len, out) != b.len) {
            sd_buf_free(&b);
            return sd_error_set(err, SAYDO_ERR_IO, NULL, 0, -1, "cannot write the parse");
        }
    }
    sd_buf_free(&b);
    return 0;
}
