/*
 * code_events.c -- from verb patterns to events: who did what to whom.
 *
 * For every codable sentence (body and headline; never datelines, bylines
 * or bios), for every verb-pattern match (@kind verb entries, data/verbs/):
 *   clause     the pattern's clause runs from the last clause word (that,
 *              which, because, ';' ...) before it to the next one after it;
 *   source     the nearest actor mention before the pattern in its clause;
 *              in the passive ("was attacked by Russian troops") the actor
 *              after "by";
 *   target     the first actor mention after the pattern in its clause (in
 *              the passive: the subject);
 *   mood       negation before the pattern ("did not meet", "no ceasefire")
 *              or a refusal drops the event (CAMEO codes refusals with their
 *              own patterns); a condition ("if") or a question drops it;
 *              a modal or intention ("will", "plans to", "vowed to") makes
 *              it INTENDED and turns a material act into its CAMEO intent
 *              code (attribute intent=, else by root: 087x -> 0356 ...);
 *              an event in a clause under a speech verb whose speaker is
 *              another actor is REPORTED, with the speaker as attribution;
 *   symmetry   for patterns marked sym=1 (talks, meetings, agreements) a
 *              coordinated subject ("Russia and Ukraine held talks") yields
 *              both directions;
 *   denial     "denied attacking", "denied that its troops crossed" keep
 *              the act with mood DENIED, so analysts can count or drop it.
 * An event needs a source; one without is not coded -- except an attack by
 * a weapon the sentence places, whose doer becomes that country's UAF
 * (nameless_attackers).  The rules between these steps (participles,
 * appositions, time phrases inside patterns, reactions to acts named by a
 * noun, talks named by their place ...) are listed with examples in
 * docs/coding-rules.md.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "actor_name.h"
#include "code.h"
#include "code_roles.h"
#include "code_places.h"
#include "dict_tabari.h"

/* How far (in tokens) around a pattern the coder looks for its clause,
 * markers and actors. */
#define SD_WINDOW 64
/* The longest {X} gap of a verb pattern, in tokens ("provide about 70
 * million dollars of aid"). */
#define SD_GAP_MAX 5

/* Does the entry carry attribute key (key=... in its attributes)?  Reads
 * the string in place: no allocation on the per-match path. */
static int has_attr_key(const sd_entry *entry, const char *key)
{
    size_t kn = strlen(key);
    for (const char *a = entry->attrs; a && *a;) {
        while (*a == ' ')
            a++;
        if (strncmp(a, key, kn) == 0 && a[kn] == '=')
            return 1;
        a = strchr(a, ' ');
    }
    return 0;
}

static const char *attr_value(saydo_result *result, const sd_entry *entry, const char *key)
{
    const char *a = entry->attrs;
    size_t kn = strlen(key);
    while (a && *a) {
        while (*a == ' ')
            a++;
        if (strncmp(a, key, kn) == 0 && a[kn] == '=') {
            const char *v = a + kn + 1;
            size_t vn = strcspn(v, " ");
            return sd_arena_strndup(&result->arena, v, vn);
        }
        a = strchr(a, ' ');
    }
    return NULL;
}

/* Is w one of the NULL-terminated list?  (The first bytes are compared
 * inline: most words differ there, and a call to strcmp per list word was
 * the coder's largest string cost.) */
static int word_in(const char *w, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (w[0] == list[i][0] && strcmp(w, list[i]) == 0)
            return 1;
    return 0;
}

/* Is code a bare sector ("INS", "GOV"): three letters naming no country
 * and no organisation? */
static int bare_sector(const char *code)
{
    /* CAMEO's sector codes (the agents of data/actors) */
    static const char *const sectors[] = {
        "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "LEG", "CVL", "BUS",
        "CRM", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "MED", "REF", "MOD",
        "RAD", "AGR", "INS", "UAF", "SEP", "REL", "SET", NULL};
    return strlen(code) == 3 && word_in(code, sectors);
}

/* Does an event's actor code begin with a country ("IRQ", "USAGOV")? */
static int code_country(const char *code)
{
    static const char *const groups[] = {"IGO", "NGO", "IMG", "MNC", "UIS", "NGM", NULL};
    char head[4];
    if (strlen(code) < 3)
        return 0;
    memcpy(head, code, 3);
    head[3] = '\0';
    return !bare_sector(head) && !word_in(head, groups);
}

/* The CAMEO code for refusing an act or intent ("refused to withdraw",
 * "will not attend the talks"): CAMEO's 12x counterparts.  NULL when the
 * refusal has no code of its own (refusing to comment, to condemn ...). */
static const char *refusal_code(const char *code)
{
    static const struct {
        const char *prefix, *refusal;
    } map[] = {
        /* intents (03x) */
        {"0311", "1211"}, {"0312", "1212"}, {"0313", "1213"}, {"0314", "1214"},
        {"031", "121"},   {"0331", "1221"}, {"0332", "1222"}, {"0333", "1223"},
        {"0334", "1224"}, {"033", "122"},   {"0341", "1231"}, {"0342", "1232"},
        {"0343", "1233"}, {"0344", "1234"}, {"034", "123"},   {"0351", "1241"},
        {"0352", "1242"}, {"0353", "1243"}, {"0354", "1244"}, {"0355", "1245"},
        {"0356", "1246"}, {"035", "124"},   {"036", "125"},   {"037", "127"},
        {"038", "126"},   {"039", "126"},   {"030", "120"},
        /* acts */
        {"04", "125"},    {"057", "127"},   {"061", "1211"},  {"062", "1212"},
        {"063", "1213"},  {"064", "1214"},  {"06", "121"},    {"071", "1221"},
        {"072", "1222"},  {"073", "1223"},  {"074", "1224"},  {"07", "122"},
        {"081", "1241"},  {"082", "1242"},  {"0831", "1231"}, {"0832", "1232"},
        {"0833", "1233"}, {"0834", "1234"}, {"083", "123"},   {"084", "1243"},
        {"085", "1244"},  {"086", "1245"},  {"087", "1246"},  {"08", "124"},
        {NULL, NULL}};
    for (size_t i = 0; map[i].prefix; i++)
        if (strncmp(code, map[i].prefix, strlen(map[i].prefix)) == 0)
            return map[i].refusal;
    return NULL;
}

/* The CAMEO intent code for a material act announced but not done. */
static const char *intent_code(const char *code)
{
    static const struct {
        const char *prefix, *intent;
    } map[] = {
        {"087", "0356"}, {"0811", "0351"}, {"081", "0351"}, {"082", "0352"}, {"083", "0354"},
        {"084", "0353"}, {"085", "0355"}, {"086", "0355"}, {"08", "035"},   {"071", "0331"},
        {"072", "0332"}, {"073", "0333"}, {"074", "0334"}, {"07", "033"},   {"061", "0311"},
        {"062", "0312"}, {"063", "0313"}, {"064", "0314"}, {"06", "031"},   {"057", "030"},
        {"04", "036"},   {"05", "032"},   {"15", "130"},   {"16", "130"},   {"17", "137"},
        {"18", "138"},   {"19", "138"},   {"20", "138"},   {NULL, NULL}};
    for (size_t i = 0; map[i].prefix; i++)
        if (strncmp(code, map[i].prefix, strlen(map[i].prefix)) == 0)
            return map[i].intent;
    return code; /* verbal acts keep their code */
}

/* Is the mention the speaker of a speech verb right after it ("officials
 * said", "Moscow told reporters") or right before it ("said officials")?
 * A speaker is not the target of the act it reports. */
static int speaker_at(const sd_token *tok, const uint32_t *wc, size_t first, size_t count,
                      const sd_mention *m)
{
    size_t after = m->end;
    /* "relief officials in Nairobi said": past where they are */
    if (after + 1 < first + count && (sd_streq(tok[after].lower, "in") ||
                                      sd_streq(tok[after].lower, "from"))) {
        size_t t = after + 1;
        while (t < first + count && t < after + 4 && (tok[t].flags & SD_TOK_CAP))
            t++;
        if (t > after + 1 && t < first + count && (wc[t - first] & WC_SAY))
            return 1;
    }
    /* past a name the dictionaries do not know: "EU enlargement
     * commissioner Guenter Verheugen said" */
    size_t named = after;
    int caps = 0;
    while (named < first + count && named < after + 4 && (tok[named].flags & SD_TOK_WORD) &&
           !(tok[named].flags & SD_TOK_SENT_START) && !wc[named - first]) {
        caps += (tok[named].flags & SD_TOK_CAP) != 0;
        named++;
    }
    if (!caps)
        named = after; /* (a name: "enlargement commissioner Guenter Verheugen") */
    if (named > after && named < first + count && (wc[named - first] & WC_SAY))
        return 1;
    if (after < first + count && (wc[after - first] & WC_MODAL))
        after++;
    if (after < first + count && (wc[after - first] & WC_SAY))
        return 1;
    /* the first of coordinated speakers: ", Saudi Arabia and the United
     * States said" */
    if (after < first + count && sd_streq(tok[after].lower, "and")) {
        size_t t = after + 1;
        while (t < first + count && t < after + 7 &&
               ((wc[t - first] & WC_DET) || (tok[t].flags & (SD_TOK_CAP | SD_TOK_ALLCAPS))) &&
               !(wc[t - first] & WC_SAY))
            t++;
        if (t > after + 1 && t < first + count && (wc[t - first] & WC_MODAL))
            t++;
        if (t > after + 1 && t < first + count && (wc[t - first] & WC_SAY))
            return 1;
    }
    if (m->start > first && (wc[m->start - 1 - first] & WC_SAY) &&
        m->start >= first + 2 && (tok[m->start - 2].flags & SD_TOK_PUNCT))
        return 1;
    return 0;
}

/* The speaker of the quotation holding token at: the actor of a speech
 * verb right after the closing quote (", Blinken said" / ", said
 * Blinken") or right before the opening one ("Blinken said: "). */
static const sd_mention *quote_speaker(const sd_token *tok, const uint32_t *wc, size_t first,
                                       size_t count, const sd_mention *men, size_t nmen,
                                       size_t at)
{
    size_t end = first + count;
    size_t stop = at + SD_WINDOW < end ? at + SD_WINDOW : end;
    size_t floor = at > first + SD_WINDOW ? at - SD_WINDOW : first;
    size_t open = floor, close = at;
    while (close < stop && (tok[close].flags & SD_TOK_QUOTED))
        close++;
    for (size_t t = at; t-- > floor;)
        if (!(tok[t].flags & SD_TOK_QUOTED)) {
            open = t + 1;
            break;
        }
    /* after: [quote-mark] [,] (mention SAY | SAY mention) */
    for (size_t k = 0; k < nmen; k++) {
        if (men[k].start < close || men[k].start > close + 4)
            continue;
        if ((men[k].end < end && (wc[men[k].end - first] & WC_SAY)) ||
            (men[k].start > first && (wc[men[k].start - 1 - first] & WC_SAY)))
            return &men[k];
    }
    /* before: mention SAY [:] [quote-mark] */
    for (size_t k = nmen; k-- > 0;) {
        if (men[k].end > open || men[k].end + 4 < open)
            continue;
        if (men[k].end < end && (wc[men[k].end - first] & WC_SAY))
            return &men[k];
    }
    return NULL;
}

/* Could mention m be what src's comment is about?  A named actor other
 * than src that is not a place ("in Morocco"). */
static int named_target(const sd_token *tok, const uint32_t *wc, size_t first,
                        const sd_mention *m, const sd_mention *src)
{
    if ((m->flags & MENTION_BARE) || strcmp(m->code, src->code) == 0)
        return 0;
    return !(m->start > first && (wc[m->start - 1 - first] & WC_PLACE));
}

/* Is the pattern at vs a predicate noun ("... were an attempt to ...",
 * "is a violation of")?  A be-verb then an article within the four tokens
 * before it, with no actor between. */
static int predicate_nominal(const uint32_t *wc, size_t first, const sd_mention *men,
                             size_t nmen, size_t vs)
{
    size_t from = vs >= first + 4 ? vs - 4 : first;
    for (size_t t = from; t < vs; t++) {
        if (!(wc[t - first] & WC_BE))
            continue;
        int det = 0;
        for (size_t u = t + 1; u < vs; u++)
            det |= (wc[u - first] & WC_DET) != 0;
        for (size_t k = 0; k < nmen; k++)
            if (men[k].start > t && men[k].start < vs)
                det = 0;
        if (det)
            return 1;
    }
    return 0;
}

/* Is there a first-person pronoun (I, we) in tokens [from, to)? */
static int first_person_between(const sd_token *tok, const uint32_t *wc, size_t first,
                                size_t from, size_t to)
{
    for (size_t t = from; t < to; t++)
        if ((wc[t - first] & WC_WE) || sd_streq(tok[t].lower, "i"))
            return 1;
    return 0;
}

/* CAMEO acts whose object is the actor's own forces, not a target:
 * retreat and demobilisation (087x), force posture (15x), peacekeepers
 * sent (074). */
static int moves_own_forces(const char *code)
{
    return strncmp(code, "087", 3) == 0 || strncmp(code, "15", 2) == 0 ||
           strncmp(code, "074", 3) == 0;
}

/* Are tokens [from, to) only words that can modify a noun ("Moslem
 * fundamentalist", "the", "two") -- so that a mention at `to` is the
 * object of an act ending at `from`?  At most three. */
static int modifiers_only(const sd_token *tok, const uint32_t *wc, size_t first, size_t from,
                          size_t to)
{
    if (to < from || to - from > 3)
        return 0;
    for (size_t t = from; t < to; t++) {
        if ((tok[t].flags & (SD_TOK_PUNCT | SD_TOK_QUOTE)) && !sd_streq(tok[t].lower, "-"))
            return 0;
        if (wc[t - first] & (WC_CLAUSE | WC_SAY | WC_PREP | WC_PLACE | WC_WITH | WC_BY |
                             WC_NAMEJOIN | WC_BE | WC_MODAL | WC_NEG))
            return 0;
    }
    return 1;
}

/* Codes whose target is the actor addressed by a "that" clause: appeals
 * (02), demands (10), disapproval (11), rejection (12), threats (13). */
static int aims_at_clause(const char *code)
{
    return strncmp(code, "02", 2) == 0 || strncmp(code, "10", 2) == 0 ||
           strncmp(code, "11", 2) == 0 || strncmp(code, "12", 2) == 0 ||
           strncmp(code, "13", 2) == 0;
}

static int is_punct(const sd_token *t, const char *p)
{
    return (t->flags & SD_TOK_PUNCT) && strcmp(t->lower, p) == 0;
}

/* Is token t a clause boundary? */
static int boundary(const sd_token *tok, const uint32_t *wc, size_t first, size_t t)
{
    /* (and an attribution: "..., according to a statement issued by the
     * two mediators" names no party of the act) */
    return (wc[t - first] & WC_CLAUSE) || is_punct(&tok[t], ";") || is_punct(&tok[t], ":") ||
           ((wc[t - first] & WC_SAY) && sd_streq(tok[t].lower, "according"));
}

static const char *pattern_place(saydo_result *result, const sd_entry *e)
{
    char buf[1200];
    const char *file = e->file ? e->file : "";
    const char *slash = strstr(file, "data/");
    snprintf(buf, sizeof buf, "%s:%u", slash ? slash : file, e->line);
    return sd_arena_strdup(&result->arena, buf);
}

/* Does the mention at token start lie in an aside between commas that
 * opens with "along with", "together with", "as well as", "including" or
 * an indefinite article after a word (an apposition: "Pakistan, a key U.S.
 * ally, has refused"), closed before the act at token vs? */
static int in_aside(const sd_token *tok, size_t first, size_t start, size_t vs);

/* Does the act at tokens [vs, ve) lie in an apposition that describes an
 * actor named right before it: ", a key U.S. ally in the war against
 * terrorism," after "Pakistan"?  Such background is not an event of the
 * sentence. */
static int in_apposition(const sd_token *tok, const sd_mention *wm, size_t wn, size_t first,
                         size_t count, size_t vs, size_t ve)
{
    size_t comma = (size_t)-1;
    for (size_t t = vs; t-- > first && t + 10 > vs;) {
        if (sd_streq(tok[t].lower, ",")) {
            comma = t;
            break;
        }
        if (!(tok[t].flags & SD_TOK_WORD))
            return 0;
    }
    if (comma == (size_t)-1 || comma + 1 >= vs ||
        (!sd_streq(tok[comma + 1].lower, "a") && !sd_streq(tok[comma + 1].lower, "an")))
        return 0;
    int head = 0;
    for (size_t k = 0; k < wn && !head; k++)
        head = wm[k].end == comma;
    if (!head)
        return 0;
    for (size_t t = ve; t < first + count && t < ve + 10; t++) {
        if (sd_streq(tok[t].lower, ","))
            return 1;
        if (!(tok[t].flags & SD_TOK_WORD))
            return 0;
    }
    return 0;
}

static int in_aside(const sd_token *tok, size_t first, size_t start, size_t vs)
{
    size_t comma = (size_t)-1;
    for (size_t t = start; t-- > first && t + 8 > start;)
        if (sd_streq(tok[t].lower, ",")) {
            comma = t;
            break;
        }
    if (comma == (size_t)-1 || comma + 2 >= start + 1)
        return 0;
    const char *a = tok[comma + 1].lower, *b = tok[comma + 2].lower;
    int opens = ((sd_streq(a, "along") || sd_streq(a, "together")) &&
                 sd_streq(b, "with")) ||
                (sd_streq(a, "as") && sd_streq(b, "well")) ||
                sd_streq(a, "including") ||
                /* an apposition: "Pakistan, a key U.S. ally in the war,
                 * has refused ..." */
                ((sd_streq(a, "a") || sd_streq(a, "an")) && comma > first &&
                 (tok[comma - 1].flags & SD_TOK_WORD));
    if (!opens)
        return 0;
    for (size_t t = start; t < vs; t++)
        if (sd_streq(tok[t].lower, ","))
            return 1;
    return 0;
}

/* Does a verb pattern begin at sentence-relative token rel?  vm[0..nv)
 * is in increasing tok_start order, as match_verbs returns it (the
 * matcher's longest-leftmost scan): binary search, so that callers
 * looping over a sentence's tokens stay linear. */
static int verb_starts_at(const sd_match *vm, size_t nv, size_t rel)
{
    size_t lo = 0, hi = nv;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (vm[mid].tok_start < rel)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < nv && vm[lo].tok_start == rel;
}

/* Does "and" at token t join a new predicate of the subject: an act
 * pattern right after it whose first word is inflected ("opposed sanctions
 * and attacked Iraq"), not a bare infinitive an appeal governs ("urged
 * Russia to withdraw and negotiate")? */
static int and_predicate(const sd_token *tok, const sd_match *vm, size_t nv, size_t first,
                         size_t count, size_t t)
{
    return t + 1 < first + count && tok[t].lower[0] == 'a' && sd_streq(tok[t].lower, "and") &&
           verb_starts_at(vm, nv, t + 1 - first) && (tok[t + 1].flags & SD_TOK_WORD) &&
           strcmp(tok[t + 1].lower, tok[t + 1].lemma) != 0;
}

/* Is the entry marked type=region (Europe, the Mediterranean)? */
/* 1 when bare agent mention men[k] is used as an adjective: a lower-case
 * word of no class follows it, which begins no act ("military targets",
 * "the police station"), or another bare agent so used follows it after
 * "and" ("military and civilian personnel").  A word ending in -ed or -ing
 * is read as the agent's verb. */
static int agent_adjective(const sd_token *tok, const uint32_t *wc, size_t first, size_t count,
                           const sd_match *vm, size_t nv, const sd_mention *men, size_t nmen,
                           size_t k)
{
    size_t nx = men[k].end;
    if (nx + 1 < first + count && sd_streq(tok[nx].lower, "and") && k + 1 < nmen &&
        men[k + 1].start == nx + 1 && (men[k + 1].flags & MENTION_BARE))
        nx = men[k + 1].end;
    if (nx >= first + count || !(tok[nx].flags & SD_TOK_WORD) ||
        (tok[nx].flags & (SD_TOK_CAP | SD_TOK_ALLCAPS)) || wc[nx - first] ||
        verb_starts_at(vm, nv, nx - first))
        return 0;
    /* a verb's past or participle form is the agent's predicate:
     * "protesters gathered", "troops advancing" */
    size_t n = strlen(tok[nx].lower);
    return !(n > 4 && (sd_streq(tok[nx].lower + n - 2, "ed") ||
                       sd_streq(tok[nx].lower + n - 3, "ing")));
}

/* Is the mention at token start preceded by a place preposition, past
 * determiners and possessives ("in the Gulf", "in its Gulf war")? */
static int placed(const uint32_t *wc, size_t first, size_t start)
{
    size_t b = start;
    while (b > first + 1 && (wc[b - 1 - first] & (WC_DET | WC_POSS)) && b + 3 > start)
        b--;
    return b > first && (wc[b - 1 - first] & WC_PLACE);
}

static int is_region(const sd_entry *e)
{
    for (const char *a = e->attrs; a && (a = strstr(a, "type=region")) != NULL; a++)
        if ((a == e->attrs || a[-1] == ' ') && (a[11] == ' ' || a[11] == '\0'))
            return 1;
    return 0;
}

/* Does "unless" (or "or else", "or face") follow the act at token ve in
 * its sentence, before any speech verb? */
static int unless_follows(const sd_token *tok, const uint32_t *wc, size_t first, size_t count,
                          size_t ve)
{
    size_t end = first + count;
    if (end > ve + SD_WINDOW)
        end = ve + SD_WINDOW;
    for (size_t t = ve; t < end; t++) {
        if (wc[t - first] & WC_SAY)
            return 0;
        if (sd_streq(tok[t].lower, "unless"))
            return 1;
        if (sd_streq(tok[t].lower, "or") && t + 1 < end &&
            (sd_streq(tok[t + 1].lower, "else") || sd_streq(tok[t + 1].lower, "face")))
            return 1;
    }
    return 0;
}

/* will, would, shall, 'll, wo(n't): the modals whose negation refuses. */
static int future_modal(const sd_token *t)
{
    static const char *const words[] = {"will", "would", "shall", "'ll", "wo", NULL};
    return word_in(t->lower, words);
}

/* Codes whose acts are aimed at the source's own country when the text
 * names no target: protests (14), easing or imposing administrative
 * sanctions, curfews and emergency rule (081, 172, 132 and the intent
 * 0351), arrests (173) and repression (175), and refusing the changes,
 * easing or release the country's people demand (123, 1241, 1242). */
static int domestic_code(const char *code)
{
    static const char *const prefixes[] = {"14",  "081", "172", "132",  "0351", "173", "175",
                                           "123", "1241", "1242", "034", "083", "104", NULL};
    for (size_t i = 0; prefixes[i]; i++)
        if (strncmp(code, prefixes[i], strlen(prefixes[i])) == 0)
            return 1;
    return 0;
}

/* The country of a town named right after an attack ("shelled Chernihiv",
 * "bombed the city of Aleppo"): capitalised words no actor claimed, read
 * as a place of the gazetteer (sd_gazetteer_town: 50,000 people or more,
 * no namesake elsewhere of a tenth its size).  "" when there is none. */
static const char *attacked_town(const saydo_coder *coder, const saydo_result *result, size_t ve)
{
    const sd_doc *doc = &result->doc;
    const sd_token *tok = doc->tok;
    if (!coder->gaz)
        return "";
    size_t t = ve, end = doc->ntok;
    if (t < end && sd_streq(tok[t].lower, "the"))
        t++;
    if (t + 2 < end && (sd_streq(tok[t].lower, "city") || sd_streq(tok[t].lower, "town")) &&
        sd_streq(tok[t + 1].lower, "of"))
        t += 2;
    size_t s = t;
    while (t < end && t < s + 3 && (tok[t].flags & SD_TOK_WORD) &&
           (tok[t].flags & SD_TOK_CAP) && !(tok[t].flags & SD_TOK_POSS))
        t++;
    if (t == s || (t < end && (tok[t].flags & SD_TOK_POSS)))
        return "";
    const sd_place *town = sd_gazetteer_town(coder->gaz, doc->norm + tok[s].start,
                                             tok[t - 1].end - tok[s].start, 50000);
    return town ? town->country : "";
}

/* How add() reads an event's roles (code_roles.c). */
enum { ROLES_SYMMETRIC = 1, ROLES_REVERSED = 2 };

/* The roles pass's verdict on an event about to be added. */
static sd_roles_verdict check_roles(const saydo_coder *coder, saydo_result *result,
                                    size_t sentence, const sd_mention *src,
                                    const sd_mention *tgt, uint32_t vs, uint32_t ve,
                                    unsigned roles, saydo_mood mood, const char *code,
                                    int32_t *doer)
{
    *doer = -1;
    const sd_doc *doc = &result->doc;
    const struct sd_parse *parse = NULL;
    if (coder->no_roles || sd_result_parse(coder, result, sentence, &parse) || !parse)
        return SD_ROLES_KEEP; /* (out of memory sticks in the arena: reported at the end) */
    sd_roles_query q = {.doc = doc, .parse = parse,
                        .words = coder->grammar, .vs = vs, .ve = ve,
                        .symmetric = (roles & ROLES_SYMMETRIC) != 0,
                        .reversed = (roles & ROLES_REVERSED) != 0,
                        .asserted = mood == SAYDO_MOOD_ASSERTED,
                        .code = code,
                        .debug = coder->debug_roles};
    if (!(src->flags & MENTION_NOBODY)) {
        q.has_src = 1;
        q.src_start = src->start;
        q.src_end = src->end;
    }
    if (tgt && !(tgt->flags & MENTION_NOBODY)) {
        q.has_tgt = 1;
        q.tgt_start = tgt->start;
        q.tgt_end = tgt->end;
    }
    sd_roles_verdict verdict = sd_roles_check(&q);
    *doer = q.doer;
    return verdict;
}

/* Which mentions of a sentence stand in which NP complex: pairs (top NP
 * of a complex, mention index), sorted, for the sentence's parse and
 * mention array it was built from.  With it doer_mention costs a binary
 * search instead of a pass over every mention, so a sentence with
 * thousands of acts stays linear. */
typedef struct doer_pair {
    int32_t top;
    uint32_t k;
} doer_pair;

struct sd_doer_index {
    const sd_parse *parse;
    const sd_mention *men;
    size_t nmen, npairs;
    doer_pair *pair;
};

static int doer_pair_cmp(const void *a, const void *b)
{
    const doer_pair *x = a, *y = b;
    if (x->top != y->top)
        return x->top < y->top ? -1 : 1;
    return x->k < y->k ? -1 : x->k > y->k;
}

/* The index for parse p and men[0..nmen), built in result's arena when
 * the cached one is for another; NULL on allocation failure. */
static const struct sd_doer_index *doer_index(saydo_result *result, const sd_parse *p,
                                              const sd_mention *men, size_t nmen)
{
    struct sd_doer_index *x = result->doer_index;
    if (x && x->parse == p && x->men == men && x->nmen == nmen)
        return x;
    size_t tokens = 0;
    for (size_t k = 0; k < nmen; k++)
        tokens += men[k].end > men[k].start ? men[k].end - men[k].start : 0;
    if (!x && !(x = sd_arena_calloc(&result->arena, 1, sizeof *x)))
        return NULL;
    result->doer_index = x;
    x->parse = NULL;
    x->pair = tokens ? sd_arena_alloc(&result->arena, tokens * sizeof *x->pair) : NULL;
    if (tokens && !x->pair)
        return NULL;
    size_t n = 0;
    for (size_t k = 0; k < nmen; k++) {
        int32_t last = -1;
        for (uint32_t t = men[k].start; t < men[k].end; t++) {
            /* (as sd_roles_in_phrase reads the complex of token t) */
            int32_t np = t >= p->first && t < p->first + p->count ? p->np_of[t - p->first] : -1;
            int32_t top = np >= 0 ? sd_np_top(p, np) : -1;
            if (top >= 0 && top != last)
                x->pair[n++] = (doer_pair){top, (uint32_t)k};
            last = top;
        }
    }
    qsort(x->pair, n, sizeof *x->pair, doer_pair_cmp);
    x->parse = p;
    x->men = men;
    x->nmen = nmen;
    x->npairs = n;
    return x;
}

/* The actor named in the act's doer phrase (roles pass): the first
 * mention of men standing in phrase doer of the sentence's parse, other
 * than the target; NULL when none (or when memory runs out: the act is
 * then dropped, as it is without a doer). */
static const sd_mention *doer_mention(saydo_result *result, size_t sentence, int32_t doer,
                                      const sd_mention *men, size_t nmen, const sd_mention *tgt)
{
    const sd_parse *p = result->doc.sent[sentence].parse;
    const struct sd_doer_index *x = doer >= 0 ? doer_index(result, p, men, nmen) : NULL;
    if (!x)
        return NULL;
    size_t lo = 0, hi = x->npairs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->pair[mid].top < doer)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < x->npairs && x->pair[i].top == doer; i++) {
        const sd_mention *m = &men[x->pair[i].k];
        if (m->flags & MENTION_NOBODY)
            continue;
        if (tgt && m->start == tgt->start && m->end == tgt->end)
            continue;
        return m;
    }
    return NULL;
}

/* Does the speech verb after a speaker ending at token at (past a name and
 * a modal) report a clause of its own -- "said it would", "said that",
 * "said the army had" -- rather than close the sentence's report? */
static int says_more(const sd_token *tok, const uint32_t *wc, size_t first, size_t count,
                     size_t at)
{
    size_t t = at;
    while (t < first + count && t < at + 4 && !(wc[t - first] & WC_SAY))
        t++;
    if (t >= first + count || !(wc[t - first] & WC_SAY) || t + 1 >= first + count)
        return 0;
    uint32_t next = wc[t + 1 - first];
    return (next & (WC_HE | WC_SHE | WC_IT | WC_THEY | WC_WE | WC_DET)) ||
           sd_streq(tok[t + 1].lower, "that");
}

/* The parse of sentence si when it holds token t (parsed on first use),
 * else NULL: no roles pass, no tagger, out of memory (which sticks in the
 * arena and is reported at the end). */
static const sd_parse *parse_at(const saydo_coder *coder, saydo_result *result, size_t si,
                                size_t t)
{
    const sd_parse *p = NULL;
    if (coder->no_roles || sd_result_parse(coder, result, si, &p) || !p || t < p->first ||
        t >= p->first + p->count)
        return NULL;
    return p;
}

/* The actor the grammar names as the doer of the verb at token vs when
 * the word window found none before it: the controller of a fronted
 * participle ("Meeting in Moscow, Berlusconi and Putin said"), a shared
 * or relative subject.  The first mention of the doer's phrase (the
 * first conjunct of a coordination); NULL when the parse names none. */
static const sd_mention *grammar_doer(const saydo_coder *coder, saydo_result *result, size_t si,
                                      uint32_t vs, const sd_mention *men, size_t nmen)
{
    const sd_parse *p = parse_at(coder, result, si, vs);
    if (!p)
        return NULL;
    int32_t v = p->vg_of[vs - p->first];
    if (v < 0 || p->vg[v].doer < 0)
        return NULL;
    return doer_mention(result, si, sd_np_top(p, p->vg[v].doer), men, nmen, NULL);
}

/* Is mention m the "of" complement of captors named by mention c --
 * "the kidnappers of an American journalist", "hijackers of two Greek
 * buses"?  Their victims, never their owners (nor the subject of what
 * the captors do): "of", then articles, numbers and lower-case words up
 * to the victim. */
static int victim_of_captors(const sd_token *tok, const uint32_t *wc, size_t first,
                             const sd_mention *c, const sd_mention *m)
{
    size_t n = strlen(c->code);
    if (n < 3 || strcmp(c->code + n - 3, "CRM") != 0 || c->end >= m->start ||
        !sd_streq(tok[c->end].lower, "of") || m->start > c->end + 4)
        return 0;
    for (size_t t = c->end + 1; t < m->start; t++)
        if (!(wc[t - first] & WC_DET) && ((tok[t].flags & (SD_TOK_CAP | SD_TOK_PUNCT)) ||
                                          wc[t - first]))
            return 0;
    return 1;
}

/* Is token t inside a relative clause (or a reduced one) that does not
 * hold the act at vs?  Its words are about the noun it modifies: "Tony
 * Blair, who has pushed for progress on peace talks, will meet" -- the
 * appeal is not the meeting's.  0 when the sentence has no parse. */
static int in_other_relative(const saydo_coder *coder, saydo_result *result, size_t si,
                             size_t t, size_t vs)
{
    const sd_parse *p = parse_at(coder, result, si, t);
    if (!p)
        return 0;
    int32_t c = p->clause_of[t - p->first];
    if (c < 0 || (p->clause[c].kind != SD_CLAUSE_RELATIVE &&
                  p->clause[c].kind != SD_CLAUSE_REDUCED))
        return 0;
    return vs < p->clause[c].first || vs >= p->clause[c].end;
}

/* How sure the coder is of an event's roles, 0..1 (docs/coding-rules.md,
 * "Confidence"): 1 for a named source acting on a named target, less for
 * a source read from a pronoun or memory (0.2), a reported act (0.1) and
 * a pattern marked weak=1 (0.1).  Missing targets and bare sectors are
 * scored once the article is read (article_confidence).  Events under the
 * coder's min_confidence are left out (api.c). */
static double role_confidence(const saydo_event *ev, const sd_mention *src, const sd_entry *e)
{
    double conf = 1.0;
    if (src->flags & (MENTION_PRONOUN | MENTION_NOBODY))
        conf -= 0.2;
    if (ev->mood == SAYDO_MOOD_REPORTED)
        conf -= 0.1;
    if (e && has_attr_key(e, "weak"))
        conf -= 0.1;
    return conf < 0 ? 0 : conf;
}

static int add(saydo_result *result, const saydo_coder *coder, size_t sentence,
               const sd_mention *src, const sd_mention *tgt, const char *code, saydo_mood mood,
               const char *attribution, uint32_t vs, uint32_t ve, const sd_entry *e,
               unsigned roles, const sd_mention *men, size_t nmen)
{
    /* the speaker's own judgement of a named act (judged=1), accusation of
     * its organiser (accused=1) or threat ("X will face a reaction," an
     * official said: speaker=1): the source is the speaker, not the act's
     * doer */
    if (e && (has_attr_key(e, "accused") || has_attr_key(e, "judged") ||
              has_attr_key(e, "speaker")))
        roles |= ROLES_REVERSED;
    if (!strchr(src->code, ':') && !(tgt && strchr(tgt->code, ':'))) {
        int32_t doer = -1;
        sd_roles_verdict verdict =
            check_roles(coder, result, sentence, src, tgt, vs, ve, roles, mood, code, &doer);
        if (verdict == SD_ROLES_DROP) {
            /* the actor the grammar names as the doer, if any, instead */
            const sd_mention *m =
                doer >= 0 ? doer_mention(result, sentence, doer, men, nmen, tgt) : NULL;
            if (!m)
                return 0;
            /* (a pronoun the actor coder already read as that actor stays:
             * "The WFP said it had delivered") */
            if (!(src->flags & MENTION_PRONOUN) || strcmp(m->code, src->code) != 0) {
                src = m;
                if (check_roles(coder, result, sentence, src, tgt, vs, ve, roles, mood, code,
                                &doer) != SD_ROLES_KEEP)
                    return 0;
            }
        }
        if (verdict == SD_ROLES_UNTARGET)
            tgt = NULL;
        if (verdict == SD_ROLES_TURN && tgt) {
            const sd_mention *swap = src;
            src = tgt;
            tgt = swap;
        }
    }
    /* a compound actor of a TABARI or PETRARCH file ("THE_SHIRE
     * [FRO/BIL/SAM]", read as FRO:BIL:SAM): one event for each member */
    const sd_mention *compound = strchr(src->code, ':')            ? src
                                 : tgt && strchr(tgt->code, ':') ? tgt
                                                                 : NULL;
    for (const char *p = compound ? compound->code : ""; *p;) {
        size_t n = strcspn(p, ":");
        sd_mention one = *compound;
        one.code = sd_arena_strndup(&result->arena, p, n);
        if (!one.code)
            return SAYDO_ERR_NOMEM;
        int rc = add(result, coder, sentence, compound == src ? &one : src,
                     compound == tgt ? &one : tgt, code, mood, attribution, vs, ve, e, roles,
                     men, nmen);
        if (rc)
            return rc;
        p += n + (p[n] == ':');
    }
    if (compound)
        return 0;
    const saydo_cameo_info *info = sd_cameo_find(coder->cameo, code);
    if (!info)
        return 0; /* a pattern naming an unknown code is reported at load */
    const sd_token *tok = result->doc.tok;
    saydo_event ev;
    memset(&ev, 0, sizeof ev);
    ev.sentence = sentence;
    ev.source = src->code;
    ev.target = tgt ? tgt->code : "";
    if (tgt && strcmp(ev.source, ev.target) == 0)
        ev.target = "";
    if (!*ev.target && domestic_code(info->code)) {
        /* a protest or a domestic measure with no target named is aimed
         * at the source's own country: "Iraqi Kurds demonstrated in
         * Kirkuk" IRQ -> IRQ, "Sudan lifted the state of emergency" */
        char cc[4];
        if (sd_mention_country(src, cc)) {
            char *t = sd_arena_alloc(&result->arena, 4);
            if (!t)
                return SAYDO_ERR_NOMEM;
            memcpy(t, cc, 4);
            ev.target = t;
        }
    }
    if (!*ev.target && (sd_streq(info->root, "18") || sd_streq(info->root, "19") ||
                        sd_streq(info->root, "20")))
        ev.target = attacked_town(coder, result, ve);
    ev.cameo = info->code;
    ev.info = info;
    ev.mood = mood;
    ev.date = "";
    ev.date_intended = "";
    ev.location.name = ev.location.country = ev.location.admin1 = "";
    ev.attribution = attribution ? attribution : "";
    if (!(src->flags & MENTION_NOBODY))
        ev.source_span = sd_result_span(result, tok[src->start].start, tok[src->end - 1].end);
    if (tgt && *ev.target)
        ev.target_span = sd_result_span(result, tok[tgt->start].start, tok[tgt->end - 1].end);
    ev.verb_span = sd_result_span(result, tok[vs].start, tok[ve - 1].end);
    ev.pattern = pattern_place(result, e);
    if (!ev.pattern)
        return SAYDO_ERR_NOMEM;
    ev.confidence = role_confidence(&ev, src, e);
    /* a person's or an organisation's name; the rest are named by their
     * codes once coded (api.c) */
    ev.source_name = sd_names_entry(coder->names, src->entry, ev.source);
    if (tgt && ev.target == tgt->code)
        ev.target_name = sd_names_entry(coder->names, tgt->entry, ev.target);
    /* one event per (source, target, code) per sentence.  Events are added
     * in sentence order, so only the tail of this sentence is searched
     * (a scan of every event made long articles quadratic). */
    for (size_t i = result->nev; i-- > 0 && result->ev[i].sentence == sentence;) {
        const saydo_event *o = &result->ev[i];
        if (strcmp(o->source, ev.source) == 0 &&
            strcmp(o->target, ev.target) == 0 && strcmp(o->cameo, ev.cameo) == 0)
            return 0;
    }
    return sd_result_add_event(result, &ev);
}

/* With SAYDO_DEBUG_ROLES=1 (coder->debug_roles), why a matched pattern
 * made no event: the pattern's file and line, the act's first word and
 * the line of this file whose rule dropped it, on stderr.  A debugging
 * aid for dictionary writers; it changes no output. */
static void trace_drop(const saydo_coder *coder, saydo_result *result, size_t si,
                       const sd_entry *e, size_t vs, int line)
{
    if (!coder->debug_roles)
        return;
    const char *where = pattern_place(result, e);
    fprintf(stderr,
            "saydo: trace: sentence %zu: pattern %s at \"%s\": dropped by the rule at "
            "code_events.c:%d\n",
            si, where ? where : "?", result->doc.tok[vs].lower, line);
}

/* Skip the current match of code_sentence's loop, saying why when traced. */
#define DROP()                                                                                     \
    if (trace_drop(coder, result, si, e, vs, __LINE__), 1)                                         \
    continue

/* Slot fillers for verb patterns (positions relative to the sentence):
 * {TGT} is an actor mention, optionally after "the"; {X} is a gap of 0-SD_GAP_MAX
 * tokens that are neither punctuation nor clause words; {GAP} (TABARI's
 * patterns) any 0-SD_GAP_MAX words. */
typedef struct slot_ctx {
    const sd_token *tok;
    const uint32_t *wc;
    size_t first, count;
    const sd_mention *men;
    size_t nmen;
    const uint8_t *qf;    /* per token (sentence-relative): QF_* bits      */
} slot_ctx;

/* What the slot fillers ask of a token, found once per sentence
 * (quantity_flags) rather than by string compares on every call. */
enum {
    QF_QUANT = 1,     /* a number or a quantity word ("million", "dozens") */
    QF_NUMWORD = 2,   /* a number word ("two", "several")                  */
    QF_PARTITIVE = 4, /* "part", "most", "half" ... followed by "of"        */
    QF_CURRENCY = 8,  /* "$", "€", "£"                                      */
    QF_TO = 16,       /* "to"                                               */
    QF_OF = 32        /* "of"                                               */
};

static int is_quantity(const sd_token *t);
static int is_number_word(const sd_token *t);

/* Fill qf[0..count) for tokens tok[0..count). */
static void quantity_flags(const sd_token *tok, size_t count, uint8_t *qf)
{
    static const char *const partitive[] = {"part",   "parts",  "most",   "much",  "half",
                                            "all",    "rest",   "some",   "control", "round",
                                            "rounds", "series", "wave",   "waves", "spate",
                                            "string", "number", NULL};
    for (size_t i = 0; i < count; i++) {
        const char *w = tok[i].lower ? tok[i].lower : "";
        uint8_t f = 0;
        if (is_quantity(&tok[i]))
            f |= QF_QUANT;
        if (is_number_word(&tok[i]))
            f |= QF_NUMWORD;
        if (i + 1 < count && tok[i + 1].lower && sd_streq(tok[i + 1].lower, "of") &&
            word_in(w, partitive))
            f |= QF_PARTITIVE;
        if ((w[0] == '$' || (unsigned char)w[0] >= 0x80) &&
            (sd_streq(w, "$") || sd_streq(w, "€") || sd_streq(w, "£")))
            f |= QF_CURRENCY;
        if (w[0] == 't' && sd_streq(w, "to"))
            f |= QF_TO;
        if (w[0] == 'o' && sd_streq(w, "of"))
            f |= QF_OF;
        qf[i] = f;
    }
}

/* Index of the first mention starting at or after token pos (mentions are
 * in token order). */
static size_t first_mention_at(const sd_mention *men, size_t nmen, size_t pos)
{
    size_t lo = 0, hi = nmen;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (men[mid].start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* A weekday, a month, a year or a day number: "on Monday", "in 2014". */
static int is_time_word(const sd_token *t)
{
    static const char *const words[] = {
        "monday",  "tuesday",  "wednesday", "thursday", "friday",    "saturday", "sunday",
        "january", "february", "march",     "april",    "may",       "june",     "july",
        "august",  "september", "october",  "november", "december",  "jan.",     "feb.",
        "aug.",    "sept.",    "oct.",      "nov.",     "dec.",      NULL};
    if (t->flags & SD_TOK_NUM)
        return 1;
    switch (t->lower[0]) { /* (the filter "mbthdt" this replaces: the words of
                              the list beginning otherwise never match) */
    case 'm': case 'b': case 't': case 'h': case 'd':
        return word_in(t->lower, words);
    default:
        return 0;
    }
}

/* A number or a number word: the head of a quantity phrase. */
static int is_quantity(const sd_token *t)
{
    static const char *const words[] = {"million", "billion", "thousand", "thousands",
                                        "hundred", "hundreds", "dozens", "tons", "tonnes",
                                        NULL};
    return (t->flags & SD_TOK_NUM) || word_in(t->lower, words);
}

/* A number written as a word, or a vague quantity: "two", "dozens". */
static int is_number_word(const sd_token *t)
{
    static const char *const words[] = {
        "one",    "two",    "three",  "four",  "five",    "six",     "seven", "eight",
        "nine",   "ten",    "eleven", "twelve", "fifteen", "twenty", "fifty", "several",
        "dozens", "scores", "some",   "many",  "dozen",   "numerous", NULL};
    /* the first letters of the list: most tokens are rejected at once */
    switch (t->lower[0]) {
    case 'o': case 't': case 'f': case 's': case 'n': case 'h': case 'e': case 'd': case 'm':
        return word_in(t->lower, words);
    default:
        return 0;
    }
}

/* Coordinated actors: at most this many on a side of one act. */
#define SD_COORD_MAX 8

/* How mention a (earlier) joins mention b in a list: 2 for "and", 1 for a
 * comma (", the"), 0 when they are not coordinated. */
static int coord_join(const sd_token *tok, const uint32_t *wc, size_t first, const sd_mention *a,
                      const sd_mention *b)
{
    if (b->start < a->end || b->start - a->end > 5 || ((a->flags | b->flags) & MENTION_PRONOUN))
        return 0;
    int join = 0, det = 0, mods = 0;
    for (size_t t = a->end; t < b->start; t++) {
        if (sd_streq(tok[t].lower, "and") && !det) {
            join = 2;
        } else if (sd_streq(tok[t].lower, ",") && join < 2 && !det) {
            join = 1;
        } else if (wc[t - first] & WC_DET) {
            det = 1;
        } else if (det && mods < 2 && (tok[t].flags & SD_TOK_WORD) && !wc[t - first] &&
                   !(tok[t].flags & (SD_TOK_CAP | SD_TOK_ALLCAPS))) {
            mods++; /* "and the evil awful Gondor": adjectives after "the" */
        } else {
            return 0;
        }
    }
    return b->start - a->end - (size_t)mods > 3 ? 0 : join;
}

/* The first mention of the list "A, B and C" that mention k ends (k is
 * the one before "and"): stops at from. */
static size_t coord_start(const sd_token *tok, const uint32_t *wc, size_t first,
                          const sd_mention *m, size_t k, size_t from)
{
    size_t lo = k;
    while (lo > 0 && k - lo + 2 < SD_COORD_MAX && m[lo - 1].start >= from &&
           coord_join(tok, wc, first, &m[lo - 1], &m[lo]) == 1)
        lo--;
    return lo;
}

/* The last mention of the list that mention k begins ("k, B and C"),
 * before token `to`; k itself when no "and" closes a list. */
static size_t coord_end(const sd_token *tok, const uint32_t *wc, size_t first,
                        const sd_mention *m, size_t n, size_t k, size_t to)
{
    size_t end = k;
    for (size_t j = k; j + 1 < n && j + 1 - k < SD_COORD_MAX - 1 && m[j + 1].end <= to; j++) {
        int join = coord_join(tok, wc, first, &m[j], &m[j + 1]);
        if (!join)
            break;
        if (join == 2) {
            end = j + 1;
            break;
        }
    }
    return end;
}

static size_t fill_slot(void *ctx, const char *name, size_t pos, size_t *ends, size_t max)
{
    const slot_ctx *c = ctx;
    size_t n = 0;
    if (sd_streq(name, "TGT")) {
        /* up to three determiners, numbers and rank words before the actor:
         * "the former minister", "two protesters", "dozens of villagers" */
        size_t at = c->first + pos;
        for (size_t r = pos; r < c->count && r < pos + 3; r++) {
            if (!((c->wc[r] & (WC_DET | WC_RANK)) || (c->qf[r] & (QF_QUANT | QF_NUMWORD)) ||
                  (r > pos && (c->qf[r] & QF_OF))))
                break;
            at = c->first + r + 1;
        }
        for (size_t k = first_mention_at(c->men, c->nmen, c->first + pos);
             k < c->nmen && c->men[k].start <= at && n < max; k++) {
            ends[n++] = c->men[k].end - c->first; /* starts in [pos, at] */
            /* a coordinated target: "the government and the rebels must" */
            for (size_t j = k; j + 1 < c->nmen && j < k + 3 && n < max; j++) {
                size_t t = c->men[j].end;
                if (t >= c->first + c->count || !sd_streq(c->tok[t].lower, "and"))
                    break;
                t++;
                while (t < c->men[j + 1].start && (c->wc[t - c->first] & WC_DET))
                    t++;
                if (t != c->men[j + 1].start)
                    break;
                ends[n++] = c->men[j + 1].end - c->first;
            }
        }
        /* a title before a named person: "President Reagan's" */
        size_t k = first_mention_at(c->men, c->nmen, c->first + pos);
        if (n == 0 && k < c->nmen && (c->men[k].flags & MENTION_PERSON) &&
            c->men[k].start <= c->first + pos + 3) {
            size_t t = c->first + pos;
            while (t < c->men[k].start && (c->tok[t].flags & (SD_TOK_CAP | SD_TOK_ALLCAPS)))
                t++;
            if (t == c->men[k].start && n < max)
                ends[n++] = c->men[k].end - c->first;
        }
    } else if (sd_streq(name, "GAP")) {
        /* the gaps of TABARI's patterns: up to SD_GAP_MAX words, never
         * across punctuation */
        for (size_t len = 0; len <= SD_GAP_MAX && n < max; len++) {
            ends[n++] = pos + len;
            size_t t = pos + len;
            if (t >= c->count || (c->tok[c->first + t].flags & (SD_TOK_PUNCT | SD_TOK_QUOTE)))
                break;
        }
    } else if (sd_streq(name, "X")) {
        /* Gaps of four or more tokens are quantity phrases only ("about 70
         * million dollars of", "2,000 tonnes of", "part of a"): they hold a
         * number or a partitive and no preposition that could introduce the
         * act's target. */
        int number = 0, prep = 0, premod = 1;
        for (size_t len = 0; len <= SD_GAP_MAX && n < max; len++) {
            if (len <= 3 || (number && !prep) || premod)
                ends[n++] = pos + len;
            size_t t = pos + len;
            if (t >= c->count)
                break;
            /* or the modifiers of the noun the pattern names: articles,
             * ranks and plain words of no class, not -ing forms ("signed
             * a first joint trade accord"; the tags are not read yet) */
            const sd_token *tt = &c->tok[c->first + t];
            size_t tl = strlen(tt->lower);
            if (!((c->wc[t] & ~(uint32_t)(WC_DET | WC_RANK)) == 0 && (tt->flags & SD_TOK_WORD) &&
                  !(c->qf[t] & (QF_TO | QF_OF)) &&
                  !(tl > 4 && sd_streq(tt->lower + tl - 3, "ing"))))
                premod = 0;
            uint8_t f = c->qf[t];
            if (((c->tok[c->first + t].flags & (SD_TOK_PUNCT | SD_TOK_QUOTE)) &&
                 !(f & QF_CURRENCY)) ||
                (c->wc[t] & (WC_CLAUSE | WC_SAY)) || (f & QF_TO))
                break; /* nor across "to": "the move to pull troops away" */
            if (c->wc[t] & (WC_PREP | WC_PLACE | WC_WITH | WC_BY))
                prep = 1;
            /* "$2 million worth of", "part of a Karen guerrilla stronghold" */
            if (f & (QF_CURRENCY | QF_QUANT | QF_PARTITIVE))
                number = 1;
        }
    }
    return n;
}

/* Where the grammar makes a place the target: an attack (18-20) on a town
 * or a visit (042) to it names no actor, but the place stands for its
 * country -- "shelled Chernihiv" UKR, "arrived in Amman on a visit" JOR.
 * Only a place named in the sentence itself (not the dateline), a town or a
 * province, and for a visit only another country's. */
/* Is the token a past participle: a regular one ("killed", "taken") or,
 * with irregular, one of the verbs whose participle is their base form
 * ("put under investigation", "was hit") but not a participle of stance
 * ("is opposed to").  TABARI's patterns read only the regular ones. */
static int participle(const sd_token *t, int irregular)
{
    static const char *const same[] = {"put", "hit", "cut", "set", "shut", "hurt", "cast",
                                       "beat", "spread", "quit", "shot", NULL};
    /* participles used as adjectives of a stance: "is opposed to",
     * "is committed to", "is determined to" */
    static const char *const stance[] = {"opposed", "committed", "determined", "prepared",
                                         "dedicated", "devoted", "inclined", "obliged",
                                         "concerned", "interested", "convinced", NULL};
    size_t n = strlen(t->lower);
    if (irregular && word_in(t->lower, same))
        return 1;
    if (irregular && word_in(t->lower, stance))
        return 0;
    return strcmp(t->lower, t->lemma) != 0 && n > 2 &&
           (sd_streq(t->lower + n - 2, "ed") || sd_streq(t->lower + n - 1, "n"));
}

/* Is the act at vs the object of a verb of witness between from and vs --
 * "reported air strikes", "confirmed the attack", "described the shelling"
 * -- with only modifiers between them? */
static int reported_object(const sd_token *tok, const uint32_t *wc, size_t first, size_t from,
                           size_t vs)
{
    static const char *const witness[] = {"report", "confirm", "describe", "witness",
                                          "recount", "document", "hear", "see", "record",
                                          "mention", "recall", NULL};
    for (size_t t = vs > from + 4 ? vs - 4 : from; t < vs; t++)
        if (word_in(tok[t].lemma, witness) && modifiers_only(tok, wc, first, t + 1, vs))
            return 1;
    return 0;
}

/* The second actor of a pair mention ("the two sides": code2) as a mention
 * of its own, over the same tokens. */
static sd_mention pair_member(const sd_mention *m)
{
    sd_mention second = *m;
    second.code = m->code2;
    second.flags &= ~MENTION_PAIR;
    return second;
}

/* The actor right after a pattern ending at token ve, past determiners and
 * rank words ("by the two sides"); for a bare sector followed by "of" or
 * "in" and an actor, that actor ("by envoys of the two sides", "by the
 * regime in Minsk").  Its index in wm in *at; NULL when there is none. */
static const sd_mention *actor_after(const sd_token *tok, const uint32_t *wc, size_t first,
                                     const sd_mention *wm, size_t wn, size_t ve, size_t right,
                                     size_t *at)
{
    size_t k = 0;
    while (k < wn && wm[k].start < ve)
        k++;
    size_t w = ve;
    while (w < right && (wc[w - first] & (WC_DET | WC_RANK)))
        w++;
    if (k == wn || (wm[k].start != ve && wm[k].start != w))
        return NULL;
    if ((wm[k].flags & MENTION_BARE) && k + 1 < wn && wm[k].end + 1 < right &&
        (sd_streq(tok[wm[k].end].lower, "of") || sd_streq(tok[wm[k].end].lower, "in")) &&
        wm[k + 1].start <= wm[k].end + 2)
        k++;
    *at = k;
    return &wm[k];
}

/* Reactions that may be aimed at an act named as a noun: disapproval
 * (11x), rejection (12x), denial (016), praise (051: "welcomed the
 * move"). */
static int reaction_code(const char *code)
{
    return strncmp(code, "11", 2) == 0 || strncmp(code, "12", 2) == 0 ||
           sd_streq(code, "016") || sd_streq(code, "051");
}

/* Does the span [s, e) of the original text hold a word that begins with
 * the same five letters as noun (case-insensitive)? */
static int span_names(const sd_doc *doc, saydo_span sp, const char *noun)
{
    if (strlen(noun) < 5 || sp.end > doc->orig_len || sp.start >= sp.end)
        return 0;
    for (size_t i = sp.start; i + 5 <= sp.end; i++) {
        if (i > sp.start && isalpha((unsigned char)doc->orig[i - 1]))
            continue; /* not a word start */
        if (strncasecmp(doc->orig + i, noun, 5) == 0)
            return 1;
    }
    return 0;
}

/* A material act (CAMEO roots 06-09 and 14-20), not words. */
static int material_code(const char *code)
{
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    return (root >= 6 && root <= 9) || (root >= 14 && root <= 20);
}

/* The doer of the act a definite noun right after the reaction at token ve
 * names ("condemned the strikes", "rejected the accusations"): the source
 * of the latest earlier event of the article (before this sentence's
 * events, ev0) whose own words name it too ("carried out air strikes",
 * "accused Belarus"), of another country than the reacting actor src.  A
 * noun that names no act of its own ("criticised the measures", "the
 * move") stands for the latest material act of another country in the
 * two sentences before this one (si), if there is one.  Fills the noun
 * phrase's tokens [*s, *e).  NULL when there is none. */
static const char *earlier_doer(const saydo_result *result, size_t ev0, size_t si,
                                const sd_token *tok, size_t ve, size_t end, const char *src,
                                size_t *s, size_t *e)
{
    static const char *const generic[] = {"measures", "measure", "move",     "moves",
                                          "steps",    "step",    "decision", "action",
                                          "actions",  NULL};
    static const char *const acts[] = {
        "strikes", "strike",   "attack",    "attacks",      "raid",        "raids",
        "bombing", "shelling", "killing",   "killings",     "sanctions",   "expulsion",
        "expulsions", "accusations", "accusation", "allegations", "arrest", "arrests",
        "invasion", "occupation", "blockade", "embargo", "threats", "threat", "storming",
        "crackdown", "incursion", "incursions", "shooting", "shootings", "agreement",
        "accord", "treaty", "truce", "ceasefire", NULL};
    static const char *const dets[] = {"the", "these", "those", "this", "that", NULL};
    if (ve >= end || !word_in(tok[ve].lower, dets))
        return NULL;
    size_t start = ve, t = 0;
    /* the noun right after the determiner, or after one modifier: "the
     * latest strikes", "the new sanctions" */
    int vague = 0;
    for (size_t at = start + 1; at < end && at <= start + 2 && !t; at++) {
        if (!(tok[at].flags & SD_TOK_WORD) || (tok[at].flags & SD_TOK_CAP))
            break;
        if (word_in(tok[at].lower, acts))
            t = at;
        else if (word_in(tok[at].lower, generic))
            t = at, vague = 1;
    }
    if (!t)
        return NULL;
    for (size_t i = ev0, seen = 0; i-- > 0 && seen < 40; seen++) {
        const saydo_event *ev = &result->ev[i];
        if (vague && (ev->sentence + 2 < si || ev->mood != SAYDO_MOOD_ASSERTED))
            break; /* only what was just reported as done */
        /* (of the reacting actor's own country only a non-state doer:
         * "Ruto called the storming of parliament treasonous" KENCVL) */
        static const char *const nonstate[] = {"CVL", "OPP", "REB", "INS", "UAF", "RAD",
                                               "SEP", "CRM", NULL};
        if (strlen(ev->source) < 3 || strcmp(ev->source, src) == 0 ||
            (strncmp(ev->source, src, 3) == 0 &&
             !(strlen(ev->source) == 6 && word_in(ev->source + 3, nonstate))) ||
            (vague ? !material_code(ev->cameo)
                   : !span_names(&result->doc, ev->verb_span, tok[t].lower)))
            continue;
        *s = start;
        *e = t + 1;
        return ev->source;
    }
    return NULL;
}

/* The doer of the latest act (a material one: material_code) the article
 * reported, before this sentence's events (ev0), against the country of
 * src -- whom a threat to retaliate is aimed at.  NULL when there is none
 * among the last 40 events. */
static const char *latest_act_against(const saydo_result *result, size_t ev0, const char *src)
{
    if (strlen(src) < 3)
        return NULL;
    for (size_t i = ev0, seen = 0; i-- > 0 && seen < 40; seen++) {
        const saydo_event *ev = &result->ev[i];
        if (strlen(ev->source) >= 3 && strlen(ev->target) >= 3 && material_code(ev->cameo) &&
            strncmp(ev->target, src, 3) == 0 && strncmp(ev->source, src, 3) != 0 &&
            (ev->mood == SAYDO_MOOD_ASSERTED || ev->mood == SAYDO_MOOD_REPORTED))
            return ev->source;
    }
    return NULL;
}

/* Attacks (CAMEO roots 18-20): the acts whose unnamed doer may be given by
 * their place. */
static int attack_code(const char *code)
{
    return strncmp(code, "18", 2) == 0 || strncmp(code, "19", 2) == 0 ||
           strncmp(code, "20", 2) == 0;
}

/* Does tokens [from, to) name the means of an armed attack ("a roadside
 * bomb", "an improvised explosive device", "gunfire")?  A landslide, a
 * flood or lightning kills too, but attacks nobody. */
static int armed_means(const sd_token *tok, size_t from, size_t to)
{
    static const char *const means[] = {
        "bomb",    "bombing",  "bomber",  "blast",    "explosion", "explosive", "ied",
        "mine",    "landmine", "minefield", "rocket", "shell",     "shelling",  "mortar",
        "missile", "grenade",  "gunfire", "gunshot",  "sniper",    "airstrike", "drone",
        "ambush",  "gunman",   "gunmen",  "militant", "insurgent", "attacker",  "assailant",
        "artillery", "air",    "airstrikes", "warplane", "jet",     "helicopter", "tank",
        NULL};
    for (size_t t = from; t < to; t++)
        if (word_in(tok[t].lemma, means) || word_in(tok[t].lower, means))
            return 1;
    return 0;
}

/* No actor before the act at vs but except (the patient of a passive) and
 * places ("in Iraq"): nobody the sentence names can have done it. */
static int no_doer_before(const sd_mention *wm, size_t wn, const sd_mention *except, size_t vs)
{
    for (size_t k = 0; k < wn && wm[k].end <= vs; k++)
        if (&wm[k] != except)
            return 0;
    return 1;
}

/* An act of cooperation: CAMEO roots 03 (intent to cooperate), 04
 * (consult), 05 (diplomatic cooperation) and 06 (material cooperation),
 * and 0841 (return, release: prisoner swaps). */
static int cooperation_code(const char *code)
{
    return code && (strncmp(code, "03", 2) == 0 || strncmp(code, "04", 2) == 0 ||
                    strncmp(code, "05", 2) == 0 || strncmp(code, "06", 2) == 0 ||
                    sd_streq(code, "0841"));
}

/* A joint act, which coordinated parties naming no other do with each
 * other ("Pakistan and India agree to cooperate"): cooperation, but of
 * 05 only ties (050) and agreements (057) -- praise, defence,
 * recognition, apology and forgiveness go one way. */
static int joint_code(const char *code)
{
    return cooperation_code(code) &&
           (strncmp(code, "05", 2) != 0 || sd_streq(code, "050") || sd_streq(code, "057"));
}

/* Compose country cc (3 letters) with a bare sector code into the arena. */
static const char *owned_code(saydo_result *result, const char *cc, const char *sector)
{
    char *owned = sd_arena_alloc(&result->arena, 7);
    if (!owned)
        return NULL;
    memcpy(owned, cc, 3);
    memcpy(owned + 3, sector, 4);
    return owned;
}

/* The grammar word classes (SD_GW_*) of the tokens of sentence si that
 * begin inside span, with the token right before it (before=1) and the
 * one right after it (after=1): "Ethnic" before "Albanian guerrillas",
 * "hostage" after "UK".  0 without grammar words. */
static uint32_t span_classes(const saydo_coder *coder, const saydo_result *result, size_t si,
                             saydo_span span, int before, int after)
{
    const sd_doc *doc = &result->doc;
    const sd_sentence *s = &doc->sent[si];
    uint32_t classes = 0;
    if (!coder->grammar || span.end <= span.start)
        return 0;
    size_t lo = s->tok_first, hi = s->tok_first + s->tok_count, in_first = hi, in_end = lo;
    for (size_t t = lo; t < hi; t++) {
        size_t at = sd_doc_orig(doc, doc->tok[t].start);
        if (at >= span.start && at < span.end) {
            in_first = in_first < t ? in_first : t;
            in_end = t + 1;
        }
    }
    if (in_first >= in_end)
        return 0;
    if (before && in_first > lo)
        in_first--;
    if (after && in_end < hi)
        in_end++;
    for (size_t t = in_first; t < in_end; t++) {
        const char *w = doc->tok[t].lower;
        classes |= sd_grammar_word(coder->grammar, w, strlen(w));
    }
    return classes;
}

/* The other side of a domestic fight: rebels, militants, protesters or
 * criminals of one country (and its police and courts, who act only at
 * home) acting on a bare sector act on that country's ("Nigerian Islamist
 * rebels attack police" NGARAD -> NGACOP, "Algerian militants killed
 * civilians" DZACVL); a bare one of them acting on a country's police,
 * government, courts or parliament is of that country ("Rebels attacked
 * Sudanese police" SDNREB).  A state's forces and government abroad lend
 * nothing ("the Israeli army killed two militants"). */
static int partisan_owners(const saydo_coder *coder, saydo_result *result, size_t si,
                           size_t ev0)
{
    static const char *const insiders[] = {"REB", "INS", "RAD", "UAF", "SEP", "CVL", "OPP",
                                           "CRM", "COP", "JUD", "LAB", "EDU", NULL};
    static const char *const authorities[] = {"COP", "GOV", "JUD", "LEG", NULL};
    for (size_t i = ev0; i < result->nev; i++) {
        saydo_event *ev = &result->ev[i];
        if (strlen(ev->source) == 6 && code_country(ev->source) &&
            word_in(ev->source + 3, insiders) && bare_sector(ev->target) &&
            !(span_classes(coder, result, si, ev->source_span, 1, 0) & SD_GW(ETHNIC))) {
            const char *t = owned_code(result, ev->source, ev->target);
            if (!t)
                return SAYDO_ERR_NOMEM;
            ev->target = t;
        } else if (strlen(ev->target) == 6 && code_country(ev->target) &&
                   word_in(ev->target + 3, authorities) && bare_sector(ev->source) &&
                   word_in(ev->source, insiders)) {
            const char *s = owned_code(result, ev->target, ev->source);
            if (!s)
                return SAYDO_ERR_NOMEM;
            ev->source = s;
        }
    }
    return 0;
}

/* A bare sector of one country's society ("police", "protesters",
 * "insurgents", "the government") as the source or target of an event
 * takes the country where the event happens: its place in the sentence
 * ("Police fired tear gas at crowds in Caracas" VENCOP -> VENCVL), else
 * the dateline's place, else the article's home country (code_actors.c).
 * Forces, armed men and criminals ("troops", "gunmen", "kidnappers") are
 * so often foreign to where they act that only a place the sentence
 * itself names gives them a country.  Talks and deals (CAMEO 03-06) are
 * so often held abroad ("agreed to hold the next round in Almaty") that
 * their venue lends nothing.  home is the article's home country as it
 * stood before this sentence (a sentence's own official is not placed by
 * itself: "President Dupont criticized the Ghanaian president").  A bare
 * sector with no such evidence stays bare (and is scored down, see
 * article_confidence). */
static int placed_owners(const saydo_coder *coder, saydo_result *result, size_t si, size_t ev0,
                         const char *home)
{
    static const char *const society[] = {"CVL", "OPP", "REB", "INS", "EDU", "LAB", "BUS",
                                          "MED", "REL", "ELI", "HRI", "AGR", "GOV", "COP",
                                          "JUD", "LEG", "PTY", "SEP", "RAD", NULL};
    static const char *const forces[] = {"MIL", "UAF", "CRM", "SPY", NULL};
    const saydo_sentence *s = &result->sent[si];
    for (size_t i = ev0; i < result->nev; i++) {
        saydo_event *ev = &result->ev[i];
        const saydo_location *loc = &ev->location;
        char cc[4] = "";
        int here = 0; /* the place is named in this sentence */
        if (loc->precision != SAYDO_GEO_NONE && loc->country && strlen(loc->country) == 3 &&
            !cooperation_code(ev->cameo)) {
            memcpy(cc, loc->country, 4);
            here = loc->span.start >= s->span.start && loc->span.end <= s->span.end;
        } else if (home[0]) {
            memcpy(cc, home, 4);
        }
        if (!cc[0])
            continue;
        const char **side[2] = {&ev->source, &ev->target};
        for (int k = 0; k < 2; k++) {
            const char *code = *side[k];
            if (strlen(code) != 3 ||
                !(word_in(code, society) || (here && word_in(code, forces))))
                continue;
            const char *owned = owned_code(result, cc, code);
            if (!owned)
                return SAYDO_ERR_NOMEM;
            *side[k] = owned;
            /* a domestic act with no target is aimed at the country the
             * source now has ("Thousands of people demonstrated in
             * Kathmandu" NPLCVL -> NPL), as add() aims a placed source's */
            if (k == 0 && !*ev->target && domestic_code(ev->cameo) &&
                !(ev->target = sd_arena_strndup(&result->arena, cc, 3)))
                return SAYDO_ERR_NOMEM;
        }
    }
    return partisan_owners(coder, result, si, ev0);
}

/* The unnamed doers of this sentence's attacks (MENTION_NOBODY, source
 * ""): armed men of unknown allegiance (UAF) of the country where the
 * sentence places the attack -- "a roadside bomb near Samarra killed one
 * U.S. soldier" IRQUAF -> USAMIL, as the PLOVER and ICEWS conventions code
 * unattributed violence -- unless the article's latest attacker is of
 * another country (its attack, most likely).  An attack the sentence does
 * not place is dropped.  Keeps memory->last_attacker. */
static int nameless_attackers(saydo_result *result, size_t si, size_t ev0,
                              sd_actor_memory *memory)
{
    const saydo_sentence *s = &result->sent[si];
    size_t kept = ev0;
    for (size_t i = ev0; i < result->nev; i++) {
        saydo_event *ev = &result->ev[i];
        if (*ev->source) {
            if (attack_code(ev->cameo))
                memory->last_attacker = ev->source;
            result->ev[kept++] = *ev;
            continue;
        }
        const saydo_location *loc = &ev->location;
        if (loc->precision == SAYDO_GEO_NONE || !loc->country || strlen(loc->country) != 3 ||
            loc->span.start < s->span.start || loc->span.end > s->span.end ||
            (memory->last_attacker && strncmp(memory->last_attacker, loc->country, 3) != 0))
            continue;
        char *code = sd_arena_alloc(&result->arena, 7);
        if (!code)
            return SAYDO_ERR_NOMEM;
        memcpy(code, loc->country, 3);
        memcpy(code + 3, "UAF", 4);
        ev->source = code;
        int dup = 0; /* one event per (source, target, code) per sentence */
        for (size_t j = ev0; j < kept && !dup; j++)
            dup = strcmp(result->ev[j].source, ev->source) == 0 &&
                  strcmp(result->ev[j].target, ev->target) == 0 &&
                  strcmp(result->ev[j].cameo, ev->cameo) == 0;
        if (!dup)
            result->ev[kept++] = *ev;
    }
    result->nev = kept;
    return 0;
}

/* Length of a time phrase at token t that a verb pattern may step over:
 * "on Thursday (night)", "today", "yesterday", "last week", "earlier this
 * month" -- "gave a warm welcome on Thursday to", "launched a mediation
 * effort on Saturday between".  0 when none. */
static size_t time_phrase(const sd_token *tok, size_t t, size_t end)
{
    static const char *const days[] = {"monday", "tuesday", "wednesday", "thursday", "friday",
                                       "saturday", "sunday", NULL};
    static const char *const parts[] = {"morning", "afternoon", "evening", "night", NULL};
    static const char *const alone[] = {"today", "yesterday", "tonight", NULL};
    static const char *const rel[] = {"last", "this", "next", NULL};
    static const char *const units[] = {"week", "month", "year", "weekend", NULL};
    size_t n = 0;
    /* the first letters of every word a time phrase starts with */
    if (!tok[t].lower[0] || !strchr("otyelnmwfs", tok[t].lower[0]))
        return 0;
    if (word_in(tok[t].lower, alone))
        return 1;
    if (sd_streq(tok[t].lower, "earlier") || sd_streq(tok[t].lower, "later"))
        n = 1;
    if (t + n + 1 < end && word_in(tok[t + n].lower, rel) && word_in(tok[t + n + 1].lower, units))
        return n + 2;
    if (n)
        return 0;
    if (sd_streq(tok[t].lower, "on") && t + 1 < end)
        n = 1;
    if (!word_in(tok[t + n].lower, days) || !(tok[t + n].flags & SD_TOK_CAP))
        return 0;
    n++;
    if (t + n < end && word_in(tok[t + n].lower, parts))
        n++;
    return n;
}

/* time_phrase, but only one a pattern could need to step over: a word
 * follows it ("welcome on Thursday to"), not the end of the clause
 * ("welcomed the Chinese president on Tuesday."). */
static size_t inner_time_phrase(const sd_token *tok, size_t t, size_t end)
{
    size_t n = time_phrase(tok, t, end);
    return n && t + n < end && (tok[t + n].flags & SD_TOK_WORD) ? n : 0;
}

/* Match the verb patterns of the sentence (tokens [first, first+count))
 * into *vm (small[0..nsmall), or an array from sd_malloc the caller frees
 * when *vm != small) and *nv, in sentence-relative positions.  Time phrases
 * inside the sentence (time_phrase) are stepped over: the patterns are
 * matched on the sentence without them, and the matches mapped back. */
static int match_verbs(const saydo_coder *coder, saydo_result *result, size_t first,
                       size_t count, const sd_tok_ids *ids, const uint32_t *wc,
                       const sd_mention *men, size_t nmen, const char *const *slots,
                       sd_match *small, size_t nsmall, sd_match **vm, size_t *nv)
{
    const sd_token *tok = result->doc.tok;
    size_t skipped = 0;
    for (size_t t = first + 1; t < first + count; t++) {
        size_t len = inner_time_phrase(tok, t, first + count);
        skipped += len;
        t += len ? len - 1 : 0;
    }
    const sd_token *mt = tok + first;
    const sd_tok_ids *mids = ids;
    uint32_t *map = NULL;
    sd_mention *mmen = NULL;
    size_t mcount = count;
    uint8_t *qf = sd_arena_alloc(&result->arena, count ? count : 1);
    if (!qf)
        return SAYDO_ERR_NOMEM;
    quantity_flags(tok + first, count, qf);
    slot_ctx sctx = {tok, wc, first, count, men, nmen, qf};
    if (skipped > 0) {
        /* the sentence without its time phrases; map[i] is the
         * sentence-relative position of compacted token i */
        sd_token *ct = sd_arena_alloc(&result->arena, count * sizeof *ct);
        sd_tok_ids *cids = sd_arena_alloc(&result->arena, count * sizeof *cids);
        uint32_t *cwc = sd_arena_alloc(&result->arena, count * sizeof *cwc);
        map = sd_arena_alloc(&result->arena, (count + 1) * sizeof *map);
        mmen = nmen ? sd_arena_alloc(&result->arena, nmen * sizeof *mmen) : NULL;
        if (!ct || !cids || !cwc || !map || (nmen && !mmen))
            return SAYDO_ERR_NOMEM;
        uint32_t *back = sd_arena_alloc(&result->arena, (count + 1) * sizeof *back);
        if (!back)
            return SAYDO_ERR_NOMEM;
        size_t n = 0;
        for (size_t t = first; t < first + count;) {
            size_t len = t > first ? inner_time_phrase(tok, t, first + count) : 0;
            for (size_t i = 0; i < len; i++)
                back[t - first + i] = (uint32_t)n; /* a dropped token: next kept */
            if (len) {
                t += len;
                continue;
            }
            back[t - first] = (uint32_t)n;
            ct[n] = tok[t];
            cids[n] = ids[t - first];
            cwc[n] = wc[t - first];
            map[n++] = (uint32_t)(t - first);
            t++;
        }
        back[count] = (uint32_t)n;
        map[n] = (uint32_t)count;
        for (size_t k = 0; k < nmen; k++) {
            mmen[k] = men[k];
            mmen[k].start = back[men[k].start - first];
            mmen[k].end = back[men[k].end - first];
        }
        mt = ct;
        mids = cids;
        mcount = n;
        uint8_t *cqf = sd_arena_alloc(&result->arena, n ? n : 1);
        if (!cqf)
            return SAYDO_ERR_NOMEM;
        quantity_flags(ct, n, cqf);
        sctx = (slot_ctx){ct, cwc, 0, n, mmen, nmen, cqf};
    }
    *vm = small;
    *nv = sd_dict_match_slots_ids(coder->dict, 1u << SD_KIND_VERB, mt, mids, mcount, slots,
                                  fill_slot, &sctx, small, nsmall);
    if (*nv > nsmall) {
        *vm = sd_malloc(*nv * sizeof **vm);
        if (!*vm)
            return SAYDO_ERR_NOMEM;
        sd_dict_match_slots_ids(coder->dict, 1u << SD_KIND_VERB, mt, mids, mcount, slots,
                                fill_slot, &sctx, *vm, *nv);
    }
    if (map) {
        for (size_t v = 0; v < *nv; v++) {
            sd_match *m = &(*vm)[v];
            uint32_t s0 = m->tok_start, e0 = m->tok_end;
            m->tok_start = map[s0];
            m->tok_end = e0 > s0 ? map[e0 - 1] + 1 : map[s0];
            for (uint32_t sl = 0; sl < m->nslots; sl++) {
                uint32_t ss = m->slot[sl].start, se = m->slot[sl].end;
                m->slot[sl].start = map[ss];
                m->slot[sl].end = se > ss ? map[se - 1] + 1 : map[ss];
            }
        }
    }
    return 0;
}

static void place_targets(saydo_result *result, size_t si, size_t ev0)
{
    const saydo_sentence *s = &result->sent[si];
    for (size_t i = ev0; i < result->nev; i++) {
        saydo_event *ev = &result->ev[i];
        const saydo_location *loc = &ev->location;
        /* a visit's destination named right after it beats an actor named
         * further on: "UN Security Council members have arrived in
         * Nairobi for a meeting devoted to the conflicts engulfing Sudan" */
        int later = *ev->target && sd_streq(ev->cameo, "042") && ev->target_span.end &&
                    loc->span.end <= ev->target_span.start;
        if ((*ev->target && !later) ||
            (loc->precision != SAYDO_GEO_CITY && loc->precision != SAYDO_GEO_ADMIN1) ||
            !loc->country || strlen(loc->country) != 3 || loc->span.start < s->span.start ||
            loc->span.end > s->span.end)
            continue;
        /* the place must follow the act in its own clause: no comma,
         * semicolon or quote between ("..., relief officials in Nairobi
         * said" is where it was said) */
        if (loc->span.start < ev->verb_span.end || loc->span.start > result->doc.orig_len)
            continue;
        int apart = 0;
        for (size_t b = ev->verb_span.end; b < loc->span.start && !apart; b++)
            apart = strchr(",;\"", result->doc.orig[b]) != NULL;
        if (apart)
            continue;
        /* (an armed act, or the end of one: "pulled back forces near
         * Kyiv", "will reduce military operations near Chernihiv") */
        int attack = strncmp(ev->cameo, "18", 2) == 0 || strncmp(ev->cameo, "19", 2) == 0 ||
                     strncmp(ev->cameo, "20", 2) == 0 ||
                     ((strncmp(ev->cameo, "087", 3) == 0 || sd_streq(ev->cameo, "0356")) &&
                      strncmp(ev->source, loc->country, 3) != 0);
        int visit = sd_streq(ev->cameo, "042") && strncmp(ev->source, loc->country, 3) != 0;
        if (attack || visit) {
            ev->target = loc->country;
            ev->target_span = (saydo_span){0, 0}; /* (supplied by the place) */
            ev->target_name = NULL;
        }
    }
}

/* An appeal, a demand, a complaint or aid (CAMEO 02, 07, 10, 11) that
 * names no one it is addressed to, by an actor of one country about events
 * placed in another (by the sentence or the dateline): addressed to that
 * country.  "NAIROBI -- The United States and Britain urged calm" KEN;
 * "the WFP said it had delivered flour to Darfur" SDN. */
static void abroad_targets(saydo_result *result, size_t ev0)
{
    for (size_t i = ev0; i < result->nev; i++) {
        saydo_event *ev = &result->ev[i];
        const saydo_location *loc = &ev->location;
        if (*ev->target || loc->precision == SAYDO_GEO_NONE || !loc->country ||
            strlen(loc->country) != 3 || strlen(ev->source) < 3 || bare_sector(ev->source) ||
            !(strncmp(ev->cameo, "02", 2) == 0 || strncmp(ev->cameo, "07", 2) == 0 ||
              strncmp(ev->cameo, "10", 2) == 0 || strncmp(ev->cameo, "11", 2) == 0 ||
              strncmp(ev->cameo, "12", 2) == 0))
            continue;
        /* (at home: a judgement of the source's own country's affairs,
         * "Ruto called the storming of parliament treasonous" KEN) */
        ev->target = loc->country;
    }
}

/* A reaction that names no one it answers -- a denial (016), a rejection
 * (12), a threat or a warning (13), a complaint (11) -- answers an act on
 * its source: one earlier in its sentence ("Israel strikes military sites
 * in Iran; Tehran warns it will respond" IRN -> ISR), else the latest
 * material act against its country the article reported, as a threat to
 * retaliate does ("Estonia expelled a Russian diplomat. ... Moscow denied
 * any involvement" RUS -> EST; latest_act_against). */
static void answered_targets(saydo_result *result, size_t ev0)
{
    for (size_t i = ev0; i < result->nev; i++) {
        saydo_event *ev = &result->ev[i];
        if (*ev->target || strlen(ev->source) < 3 ||
            !(sd_streq(ev->cameo, "016") || strncmp(ev->cameo, "11", 2) == 0 ||
              strncmp(ev->cameo, "12", 2) == 0 || strncmp(ev->cameo, "13", 2) == 0))
            continue;
        const char *doer = NULL;
        for (size_t j = i; j-- > ev0 && !doer;) {
            const saydo_event *o = &result->ev[j];
            if ((o->mood == SAYDO_MOOD_ASSERTED || o->mood == SAYDO_MOOD_REPORTED) &&
                strlen(o->target) >= 3 && strncmp(o->target, ev->source, 3) == 0 &&
                strncmp(o->source, ev->source, 3) != 0 && code_country(o->source))
                doer = o->source;
        }
        if (!doer)
            doer = latest_act_against(result, ev0, ev->source);
        if (doer)
            ev->target = doer;
    }
}

/* Killing a hostage, a captive or a prisoner is an execution, CAMEO 1823
 * (kill by physical assault, unconventional violence), not combat (19x):
 * "Militants in Iraq kill UK hostage", "US hostage killed by Iraqi
 * captors".  The target's phrase ends in a word of class captive. */
static void executions(const saydo_coder *coder, saydo_result *result, size_t si, size_t ev0)
{
    for (size_t i = ev0; i < result->nev; i++) {
        saydo_event *ev = &result->ev[i];
        if (!(sd_streq(ev->cameo, "190") || sd_streq(ev->cameo, "193")))
            continue;
        /* the target's words and the next one ("UK hostage") */
        int captive = (span_classes(coder, result, si, ev->target_span, 0, 1) & SD_GW(CAPTIVE)) != 0;
        const saydo_cameo_info *info = captive ? sd_cameo_find(coder->cameo, "1823") : NULL;
        if (info) {
            ev->cameo = info->code;
            ev->info = info;
        }
    }
}

/* The target part of the confidence (role_confidence): an act with no
 * target, once every rule that finds one has run, is one whose roles the
 * coder did not read in full (0.5 off): on real news such events were
 * wrong nine times in ten -- "Sudan condemned a new UN resolution",
 * "Israel destroys refugee homes, kills one".  A retreat or a surrender
 * (087) needs no target. */
static void target_confidence(saydo_result *result, size_t ev0)
{
    for (size_t i = ev0; i < result->nev; i++) {
        saydo_event *ev = &result->ev[i];
        if (*ev->target || strncmp(ev->cameo, "087", 3) == 0)
            continue;
        ev->confidence -= 0.5;
        if (ev->confidence < 0)
            ev->confidence = 0;
    }
}

/* An offer, a concession or a step back that names no one it is made to
 * ("During Tuesday's talks, Ukraine put forward a peace deal") in an
 * article whose latest mutual act (talks, a deal, a fight) had the source
 * on one side: made to the other side (memory->sides). */
static void partner_targets(saydo_result *result, size_t si, size_t ev0,
                            const sd_actor_memory *memory)
{
    (void)si;
    if (!memory->sides[0] || !memory->sides[1])
        return;
    for (size_t i = ev0; i < result->nev; i++) {
        saydo_event *ev = &result->ev[i];
        if (*ev->target || !*ev->source ||
            !(strncmp(ev->cameo, "03", 2) == 0 || strncmp(ev->cameo, "05", 2) == 0 ||
              strncmp(ev->cameo, "06", 2) == 0 || strncmp(ev->cameo, "08", 2) == 0))
            continue;
        for (int k = 0; k < 2; k++)
            if (strncmp(ev->source, memory->sides[k], 3) == 0 &&
                strncmp(memory->sides[1 - k], ev->source, 3) != 0) {
                ev->target = memory->sides[1 - k];
                break;
            }
    }
}

/* TABARI's DEFAULT: and COMPLEX: settings (.options files only; all off
 * otherwise, see dict_tabari.h): a missing source or target becomes the
 * default code (dsrc, dtgt: mentions over the verb), or -- COMPLEX without
 * NOACTPRIOR -- the actors after the verb are its source and target. */
static void tabari_defaults(const sd_tabari_options *o, const sd_mention *wm, size_t wn,
                            size_t right, const sd_mention **src, const sd_mention **src2,
                            const sd_mention **tgt, sd_mention *dsrc, sd_mention *dtgt)
{
    if (!*src && *o->default_source && o->default_prior) {
        *src = dsrc;
    } else if (!*src && *tgt && (o->act_after || *o->default_source) && *tgt >= wm &&
               *tgt < wm + wn) {
        *src = *tgt;
        *tgt = NULL;
        for (size_t k = (size_t)(*src - wm) + 1; k < wn && !*tgt; k++)
            if (wm[k].start >= (*src)->end && wm[k].start < right)
                *tgt = &wm[k];
    }
    if (*src && !*tgt && *o->default_target) {
        if (*src2 && !o->default_after && *src2 != *src) {
            *tgt = *src; /* "Bree and Arnor ...": BRE -> ARN */
            *src = *src2;
            *src2 = NULL;
        } else {
            *tgt = dtgt;
        }
    }
}

/* TABARI (run with its .options file): the source of a verb at vs is the
 * first actor of its clause, which only "and", "but" or ";" end (TABARI
 * leaves commas to its COMMA setting): "Arnor is about to restore ties
 * with Gondor, ..., after Calenardhon crowds burned down its embassy" ARN.
 * NULL when that actor begins a list ("A and B ...", "A, B ..."): the
 * coder's own rules handle those. */
/* Do codes a and b (each maybe a compound "A:B") share a member? */
static int has_member(const char *a, const char *b)
{
    for (const char *p = a; *p;) {
        size_t n = strcspn(p, ":");
        for (const char *q = b; *q;) {
            size_t m = strcspn(q, ":");
            if (n == m && strncmp(p, q, n) == 0)
                return 1;
            q += m + (q[m] == ':');
        }
        p += n + (p[n] == ':');
    }
    return 0;
}

static const sd_mention *tabari_subject(const sd_token *tok, size_t lo, const sd_mention *wm,
                                        size_t wn, size_t vs, const sd_mention **first_of)
{
    *first_of = NULL;
    size_t cs = lo; /* (lo: the start of the coder's window, which bounds the work) */
    for (size_t t = vs; t-- > lo;) {
        const char *w = tok[t].lower;
        if (strcmp(w, "and") && strcmp(w, "but") && strcmp(w, ";"))
            continue;
        int list = 0; /* ("A and B": a list; "A but B": two clauses) */
        for (size_t k = 0; k + 1 < wn && !list && !sd_streq(w, "but"); k++)
            list = wm[k].end == t && wm[k + 1].start == t + 1;
        if (!list) {
            cs = t + 1;
            break;
        }
    }
    for (size_t k = 0; k < wn; k++) {
        if (wm[k].start < cs || wm[k].end > vs)
            continue;
        if (k + 1 < wn && wm[k + 1].end <= vs && wm[k + 1].start == wm[k].end + 1 &&
            (sd_streq(tok[wm[k].end].lower, "and") || sd_streq(tok[wm[k].end].lower, ","))) {
            *first_of = &wm[k]; /* (the list's first member) */
            return NULL;
        }
        return &wm[k];
    }
    return NULL;
}

static int code_sentence(const saydo_coder *coder, saydo_result *result, size_t si,
                         sd_actor_memory *memory)
{
    const sd_doc *doc = &result->doc;
    const sd_sentence *s = &doc->sent[si];
    if (s->kind != SAYDO_SENT_BODY && s->kind != SAYDO_SENT_HEADLINE)
        return 0;
    size_t first = s->tok_first, count = s->tok_count;
    if (count == 0)
        return 0;
    char home_before[4]; /* the article's home country before this sentence */
    memcpy(home_before, memory->home, sizeof home_before);
    const sd_token *tok = doc->tok;
    uint32_t *wc = sd_arena_alloc(&result->arena, count * sizeof *wc);
    if (!wc)
        return SAYDO_ERR_NOMEM;
    /* the tokens' dictionary string ids, found once for all the matchers */
    sd_tok_ids *ids = sd_arena_alloc(&result->arena, count * sizeof *ids);
    if (!ids)
        return SAYDO_ERR_NOMEM;
    sd_dict_token_ids(coder->dict, tok + first, count, ids);
    int rc = sd_code_word_classes_ids(coder, doc, first, count, ids, wc);
    if (rc)
        return rc;
    if (!result->sent_wc &&
        !(result->sent_wc = sd_arena_calloc(&result->arena, doc->nsent, sizeof *result->sent_wc)))
        return SAYDO_ERR_NOMEM;
    result->sent_wc[si] = wc; /* (for the dates pass) */
    sd_mention *men = NULL;
    size_t nmen = 0;
    rc = sd_code_actors_ids(coder, result, first, count, wc, ids, memory, &men, &nmen);
    if (rc || (nmen == 0 && !*sd_dict_tabari_options(coder->dict)->default_source))
        return rc; /* (TABARI's default source codes a sentence naming no actor) */
    /* a headline about one country makes it the article's home, for the
     * bare sectors of sentences that name no other ("Iraq to widen arms
     * amnesty ... The interim government has vowed to crack down") */
    if (s->kind == SAYDO_SENT_HEADLINE && !memory->home[0]) {
        char one[4] = "", cc[4];
        int mixed = 0;
        for (size_t k = 0; k < nmen && !mixed; k++)
            if (!(men[k].flags & MENTION_BARE) && sd_mention_country(&men[k], cc)) {
                mixed = one[0] && strcmp(one, cc) != 0;
                memcpy(one, cc, 4);
            }
        if (one[0] && !mixed)
            memcpy(memory->home, one, 4);
    }
    int question = is_punct(&tok[first + count - 1], "?");

    static const char *const slots[] = {"TGT", "X", "GAP", NULL};
    sd_match small[32];
    sd_match *vm = small;
    size_t nv = 0;
    rc = match_verbs(coder, result, first, count, ids, wc, men, nmen, slots, small, 32, &vm, &nv);
    if (rc)
        return rc;
    size_t ev0 = result->nev; /* this sentence's events start here */
    /* Dictionary-driven rules for TABARI's dictionaries (docs/compat.md):
     * discard=1 (TABARI's [###]) drops the sentence, and so does an
     * actor whose code is "discard" (an actor coded [###]); a sub=1 pattern (a
     * subordinate "said") codes only when no other pattern of the
     * sentence has a code; once=1 patterns code one event per
     * clause (a later one needs "and", "but" or ';' since the last). */
    int has_main = 0, dominant = 0;
    for (size_t k = 0; k < nmen; k++)
        if (sd_streq(men[k].code, "discard")) /* an actor coded [###] */
            nv = 0;
    for (size_t v = 0; v < nv; v++) {
        const sd_entry *e = vm[v].entry;
        const sd_code *c = sd_entry_code_on(e, result->date);
        if (has_attr_key(e, "discard"))
            nv = 0;
        else if (c && !has_attr_key(e, "sub"))
            has_main = 1;
        if (c && has_attr_key(e, "dominant") && sd_dict_tabari_options(coder->dict)->code_by == 2)
            dominant = 1; /* TABARI's [031!]: under CODE ALL the sentence's only event */
    }
    size_t once_end = 0;
    size_t prev_ve = 0; /* end of the previous act in this sentence */
    const sd_mention *prev_src = NULL, *prev_tgt = NULL;
    const sd_mention *prev_patient = NULL; /* the subject of the last passive */
    for (size_t v = 0; v < nv && !rc; v++) {
        /* Work per act is bounded: the clause, its markers and the actors
         * considered lie within SD_WINDOW tokens of the pattern, so a
         * sentence of a million tokens stays linear. */
        size_t vs0 = first + vm[v].tok_start, ve0 = first + vm[v].tok_end;
        size_t lo = vs0 > first + SD_WINDOW ? vs0 - SD_WINDOW : first;
        size_t hi = ve0 + SD_WINDOW < first + count ? ve0 + SD_WINDOW : first + count;
        size_t k0 = first_mention_at(men, nmen, lo), k1 = first_mention_at(men, nmen, hi);
        const sd_mention *wm = men + k0;
        size_t wn = k1 - k0;
        const sd_entry *e = vm[v].entry;
        uint32_t vs = (uint32_t)first + vm[v].tok_start, ve = (uint32_t)first + vm[v].tok_end;
        const sd_code *c = sd_entry_code_on(e, result->date);
        if (!c || (question && !(has_attr_key(e, "once") && sd_dict_tabari_options(coder->dict)->read)))
            DROP(); /* (TABARI codes a question as any sentence) */
        /* a pattern that ends in "in" or "at" names a place there: not a
         * time ("their first formal talks in five years") */
        if (ve > vs + 1 && ve < first + count &&
            (sd_streq(tok[ve - 1].lower, "in") || sd_streq(tok[ve - 1].lower, "at")) &&
            (is_time_word(&tok[ve]) || is_number_word(&tok[ve]) ||
             ((wc[ve - first] & WC_DET) && ve + 1 < first + count &&
              (is_time_word(&tok[ve + 1]) || is_number_word(&tok[ve + 1])))))
            DROP();
        /* TABARI: a verb with a possessive ending ("Estonia donate's
         * cash") or a capital inside a sentence ("about To Restore full
         * ties") is a noun */
        if (has_attr_key(e, "once") && sd_dict_tabari_options(coder->dict)->read &&
            ((ve == vs + 1 && ve < first + count && (tok[ve].flags & SD_TOK_POSS)) ||
             ((tok[vs].flags & SD_TOK_CAP) &&
              !(tok[vs].flags & (SD_TOK_ALLCAPS | SD_TOK_SENT_START)) && vs > first)))
            DROP();
        /* TABARI's CODE ALL: a verb right after "a", "an" or "the" is a
         * noun ("affirm an attack by ...") */
        if (vs > first && has_attr_key(e, "once") &&
            sd_dict_tabari_options(coder->dict)->code_by == 2 &&
            (sd_streq(tok[vs - 1].lower, "a") || sd_streq(tok[vs - 1].lower, "an") ||
             sd_streq(tok[vs - 1].lower, "the")))
            DROP();
        if ((has_main && has_attr_key(e, "sub")) || (dominant && !has_attr_key(e, "dominant")))
            DROP();
        int once = has_attr_key(e, "once");
        int code_by = sd_dict_tabari_options(coder->dict)->code_by; /* TABARI's CODE BY */
        if (once && once_end && code_by != 2) {
            int joined = 0;
            for (size_t t = once_end; t < vs && !joined && code_by == 0; t++) {
                joined = sd_streq(tok[t].lower, "but") || sd_streq(tok[t].lower, ";");
                /* "and", "or": a clause when the verb or an actor comes
                 * next, not inside a noun phrase ("sheep and evil goats") */
                if (sd_streq(tok[t].lower, "and") || sd_streq(tok[t].lower, "or")) {
                    size_t u = t + 1;
                    static const char *const advs[] = {"then", "also", "later", "now", NULL};
                    while (u < vs && ((wc[u - first] & WC_DET) || word_in(tok[u].lower, advs)))
                        u++;
                    joined = u == vs;
                    int list = 0; /* "Eriadori and Calenardhon leaders": a list */
                    for (size_t k = 0; k < wn && !list; k++)
                        list = wm[k].end == t;
                    for (size_t k = 0; k < wn && !joined && !list; k++)
                        joined = wm[k].start == u;
                }
            }
            if (!joined)
                DROP();
        }
        size_t nev_before = result->nev;
        sd_mention nobody, pair_talks;
        static const char *const times_before[] = {"after", "following", "before", "during",
                                                   "since", "ahead", NULL};
        const sd_mention *patient = NULL;
        /* a bare noun and "on" or "in" before a date is no act on a
         * target: "an open-ended strike on Monday" */
        if (ve < first + count && ve == vs + 2 &&
            (sd_streq(tok[ve - 1].lower, "on") || sd_streq(tok[ve - 1].lower, "in")) &&
            is_time_word(&tok[ve]))
            DROP();
        /* A pattern inside an actor mention is part of a name; one that
         * begins inside a mention and runs past it ("(troops | forces)
         * cross into" over "its troops crossed into") has that mention as
         * its subject. */
        int inside = 0;
        const sd_mention *head = NULL;
        for (size_t k = 0; k < wn; k++)
            if (wm[k].start <= vs && vs < wm[k].end) {
                if (wm[k].end < ve)
                    head = &wm[k];
                else
                    inside = 1;
            }
        if (inside || in_apposition(tok, wm, wn, first, count, vs, ve))
            DROP();
        if (head)
            vs = head->end;
        size_t left = first, right = first + count;
        left = lo;
        for (size_t t = vs; t-- > lo;)
            if (boundary(tok, wc, first, t)) {
                left = t + 1;
                break;
            }
        right = hi;
        for (size_t t = ve; t < hi; t++)
            if ((boundary(tok, wc, first, t) &&
                 !(t == ve && sd_streq(tok[t].lower, "as"))) || /* "denounced as a crime X's" */
                and_predicate(tok, vm, nv, first, count, t)) {
                right = t;
                break;
            }
        /* mood markers between the clause start and the pattern */
        /* A noun naming an act inside another act's object ("condemned
         * the visit by ...") belongs to that act, not to the subject. */
        if (prev_ve && prev_ve >= left && prev_ve <= vs && vs > first &&
            (wc[vs - 1 - first] & (WC_DET | WC_POSS)) && !(once && code_by == 2))
            DROP(); /* (TABARI's CODE ALL codes it too) */
        int neg = 0, modal = 0, cond = 0, refuse = 0, deny = 0, passive = 0, oblig = 0;
        int appeal = 0;
        size_t near = vs >= left + 4 ? vs - 4 : left;
        /* "refused to commit to any direct assistance": a refusal reaches
         * over the intent words between it and the act */
        for (size_t t = near; t > left && (wc[t - 1 - first] & (WC_INTENT | WC_REFUSE)) &&
                              t + 8 > vs;)
            near = --t;
        const uint32_t mood_words = WC_APPEAL | WC_ALLEGE | WC_NEG | WC_MODAL | WC_INTENT |
                                    WC_COND | WC_OBLIG | WC_REFUSE | WC_DENY;
        for (size_t t = left; t < vs; t++) {
            uint32_t w = wc[t - first];
            if ((w & mood_words) && !once && in_other_relative(coder, result, si, t, vs))
                continue; /* a relative clause's own mood */
            if (w & WC_APPEAL)
                appeal = 1;
            if (w & WC_ALLEGE)
                appeal = 2; /* until a speech verb starts a new predicate */
            if (appeal == 2 && (w & WC_SAY))
                appeal = 0;
            if (and_predicate(tok, vm, nv, first, count, t))
                appeal = 0; /* "opposed sanctions and attacked Iraq" */
            if (once && (sd_streq(tok[t].lower, "and") || sd_streq(tok[t].lower, "but")))
                appeal = 0; /* TABARI: a new clause after "and" */
            if (w & WC_NEG)
                neg = 1;
            if (w & (WC_MODAL | WC_INTENT))
                modal = 1;
            if (w & WC_COND)
                cond = 1;
            if (w & WC_OBLIG)
                oblig = 1;
            if ((w & WC_REFUSE) && t >= near)
                refuse = 1;
            if ((w & WC_DENY) && t >= near)
                deny = 1;
        }
        /* the verb that governs this clause: "said (that)", "denied (that)",
         * "demanded (that)" */
        size_t gov = (size_t)-1;
        for (size_t t = left; t-- > lo;) {
            if (wc[t - first] & (WC_SAY | WC_DENY | WC_APPEAL)) {
                gov = t;
                break;
            }
            if (t + 1 < left && boundary(tok, wc, first, t))
                break;
        }
        /* a headline's "X to <act>" is planned, not done: "Sudan to Stop
         * Fighting if Rebels Withdraw", "Iraq group to free 3 Indians" */
        if (s->kind == SAYDO_SENT_HEADLINE && vs > first + 1 && !once &&
            sd_streq(tok[vs - 1].lower, "to") &&
            !(wc[vs - 2 - first] & (WC_INTENT | WC_APPEAL)) &&
            ((tok[vs - 2].flags & SD_TOK_WORD) || is_punct(&tok[vs - 2], ",")))
            modal = 1;
        if (gov != (size_t)-1 && (wc[gov - first] & WC_DENY))
            deny = 1;
        if (gov != (size_t)-1 && (wc[gov - first] & WC_APPEAL))
            appeal = 1;
        /* what a demand or an appeal asks for is not done; the demand is
         * coded by its own pattern, which begins at the appeal word */
        /* (TABARI has no such rule: its one event per clause, or with
         * CODE ALL every pattern) */
        if (appeal && !(once && (code_by == 2 || sd_dict_tabari_options(coder->dict)->read)))
            DROP();
        /* nor what an appeal named as a noun asks for: "dismissed an appeal
         * from the president to lay down their arms", "an invitation to
         * visit Moscow" */
        if (vs > left && sd_streq(tok[vs - 1].lower, "to") && !(once && code_by == 2)) {
            static const char *const asks[] = {"appeal", "call",       "plea",  "request",
                                               "demand", "ultimatum", "invitation", NULL};
            int asked = 0;
            for (size_t t = left; t + 1 < vs && !asked; t++)
                asked = word_in(tok[t].lemma, asks);
            if (asked)
                DROP();
        }
        /* "Should Russia invade, ..." opens a condition */
        if (tok[first].flags & SD_TOK_WORD && sd_streq(tok[first].lower, "should"))
            cond = 1;
        /* (TABARI's patterns: "was fiercely opposed by" too) */
        size_t be = vs > first + 1 && once && strlen(tok[vs - 1].lower) > 4 &&
                            strcmp(tok[vs - 1].lower + strlen(tok[vs - 1].lower) - 2, "ly") == 0
                        ? vs - 1
                        : vs;
        /* TABARI's patterns order their actors themselves ("+ * FROM $"):
         * only a one-word regular participle there is a passive */
        if (be > first && (wc[be - 1 - first] & WC_BE) &&
            (once ? ve - vs == 1 && participle(&tok[vs], 0) : participle(&tok[vs], 1)))
            passive = 1;
        if (cond)
            DROP();
        /* "will not attend", "won't withdraw": a refusal, like "refused
         * to"; a negated fact ("did not attend") is no event at all */
        for (size_t t = left; t + 1 < vs && !refuse; t++)
            if ((wc[t - first] & WC_MODAL) && !(wc[t - first] & WC_OBLIG) &&
                (wc[t + 1 - first] & WC_NEG) && t + 1 >= near && future_modal(&tok[t]))
                refuse = 1;
        const char *refused = NULL;
        if (refuse) {
            refused = refusal_code(c->code);
            if (!refused)
                DROP();
        } else if (neg) {
            DROP(); /* what did not happen is not an event */
        }
        if (oblig)
            DROP(); /* "Libya must hand over ...": a demand on the subject,
                         coded by the demand pattern that governs it */
        /* A weak pattern ("agreed to", "promised to") stands for the act
         * only when no other pattern begins right after it: "agreed to
         * withdraw" is the intent of the withdrawal, not a second act. */
        if (has_attr_key(e, "weak")) {
            int followed = 0;
            for (size_t w = 0; w < nv && !followed; w++)
                if (w != v && first + vm[w].tok_start >= vs &&
                    first + vm[w].tok_start <= ve + 3 && vm[w].entry != e)
                    followed = 1;
            if (followed)
                DROP();
        }

        /* source: nearest mention before the pattern in the clause */
        const sd_mention *src = NULL, *tgt = NULL, *src2 = NULL;
        for (size_t k = wn; k-- > 0;)
            if (wm[k].end <= vs && (wm[k].start >= left || &wm[k] == head)) {
                if (in_aside(tok, first, wm[k].start, vs))
                    continue; /* ", along with several embassies," */
                if (!once && in_other_relative(coder, result, si, wm[k].start, vs))
                    continue; /* "Blair, who is one of the United States'
                                 closest allies, will meet" */
                if (wm[k].start > first && (wc[wm[k].start - 1 - first] & WC_PLACE) &&
                    !(wm[k].flags & MENTION_PRONOUN))
                    continue; /* "in the West Bank": where, not who */
                if (wm[k].entry && is_region(wm[k].entry) && placed(wc, first, wm[k].start))
                    continue; /* "in its Gulf war with Iraq" */
                if (wm[k].start > left && !(wm[k].flags & MENTION_PRONOUN) && &wm[k] != head) {
                    /* the object of "to", "on", "against", "into" is no
                     * subject: "sent personnel to Bosnia to investigate" */
                    size_t b = wm[k].start - 1;
                    while (b > left && (wc[b - first] & WC_DET))
                        b--;
                    if (wc[b - first] & WC_PREP)
                        continue;
                }
                if (k > 0 && victim_of_captors(tok, wc, first, &wm[k - 1], &wm[k]))
                    continue; /* "the kidnappers of an American journalist" */
                src = &wm[k];
                /* coordinated subject "Russia and Ukraine", "Sudan's army
                 * and the paramilitary RSF" */
                size_t p = k, at = wm[k].start;
                if (p > 0 && wm[p - 1].end == at &&
                    ((wm[p - 1].flags & MENTION_BARE) || strcmp(wm[p - 1].code, wm[k].code) == 0)) {
                    at = wm[p - 1].start; /* "the paramilitary RSF", "Chinese
                                             President Xi Jinping" */
                    p--;
                }
                if (p > 0 && sd_streq(tok[wm[p - 1].end].lower, "and")) {
                    size_t t = wm[p - 1].end + 1;
                    while (t < at && (wc[t - first] & (WC_DET | WC_RANK)))
                        t++;
                    /* up to two adjectives: "and the evil awful Gondor" */
                    size_t adj = t;
                    while (adj < at && adj < t + 2 &&
                           !(tok[adj].flags & (SD_TOK_PUNCT | SD_TOK_CAP)) && !wc[adj - first])
                        adj++;
                    if (adj == at)
                        src2 = &wm[p - 1];
                }
                break;
            }
        if (once && sd_dict_tabari_options(coder->dict)->read) {
            /* (also past "that", which ends no clause for TABARI) */
            const sd_mention *list = NULL;
            const sd_mention *f = tabari_subject(tok, lo, wm, wn, vs, &list);
            if (f && (!src || f < src)) {
                src = f;
                src2 = NULL;
            }
            /* "A and B urged Bree ... to assist them" (CODE ALL): A and B */
            if (list && src && list + 1 < src && code_by == 2 &&
                sd_streq(tok[list->end].lower, "and")) {
                src = list + 1;
                src2 = list;
            }
        }
        /* "A bomb killed one U.S. soldier and wounded two others": when the
         * verb just before had no actor for its subject, its object is not
         * the subject of the verb joined to it by "and" */
        if (src && v > 0 && vs > first && sd_streq(tok[vs - 1].lower, "and")) {
            size_t pe = first + vm[v - 1].tok_end, ps = first + vm[v - 1].tok_start;
            int subject = 0; /* did the previous verb have an actor before it? */
            for (size_t k = 0; k < wn && !subject; k++)
                if (wm[k].end <= ps && wm[k].start >= left)
                    subject = 1;
            if (!subject && pe <= src->start && src->end <= vs && pe >= left)
                src = NULL;
        }
        /* "the two sides agreed": the pair the article coordinated */
        sd_mention pair_second;
        if (src && (src->flags & MENTION_PAIR) && src->code2 && !src2) {
            pair_second = pair_member(src);
            src2 = &pair_second;
        }
        /* "Russian aircraft including helicopter gunships killed ...": a
         * bare sector just before the act does not hide the named actor
         * it belongs to, when no speech verb or other act stands between */
        if (src && (src->flags & MENTION_BARE)) {
            for (size_t k = wn; k-- > 0;) {
                if (&wm[k] == src || wm[k].end > src->start)
                    continue;
                if (wm[k].start < left || (wm[k].flags & MENTION_BARE))
                    break;
                int blocked = src->start - wm[k].end > 4;
                for (size_t t = wm[k].end; t < src->start && !blocked; t++)
                    if ((wc[t - first] & (WC_SAY | WC_CLAUSE)) ||
                        (tok[t].flags & SD_TOK_PUNCT) || prev_ve > t)
                        blocked = 1;
                if (!blocked)
                    src = &wm[k];
                break;
            }
        }
        /* the purpose of an act named after a preposition is its doer's
         * with the same parties: "Powell will visit Japan, China and South
         * Korea next week for talks" -- not talks among the three */
        int purpose = 0;
        if (src && prev_tgt && prev_src && src >= prev_tgt && prev_tgt >= wm &&
            prev_tgt < wm + wn && vs > first + 1 && prev_ve <= src->start) {
            size_t kt = (size_t)(prev_tgt - wm);
            size_t b = vs; /* past the noun's modifiers: "for fresh talks" */
            while (b > src->end && (wc[b - 1 - first] & WC_DET))
                b--;
            purpose = (size_t)(src - wm) <= coord_end(tok, wc, first, wm, wn, kt, vs) &&
                      b > first && (sd_streq(tok[b - 1].lower, "for"));
        }
        if (purpose) {
            tgt = prev_tgt;
            src = prev_src;
            src2 = NULL;
        } else if (src && src == prev_tgt && prev_src) {
            /* a shared subject: "Armenia criticised Russia and praised
             * France" -- the nearest mention is the first act's target */
            int joined = 0;
            for (size_t t = src->end; t < vs; t++)
                if (sd_streq(tok[t].lower, "and") || sd_streq(tok[t].lower, ","))
                    joined = 1;
            if (joined) {
                src = prev_src;
                src2 = NULL;
            }
        } else if (src && prev_src && prev_ve <= src->start && vs > first &&
                   sd_streq(tok[vs - 1].lower, "and")) {
            /* "... condemned an attack in Ithilen and promised aid": a
             * verb right after "and" shares the first act's subject */
            src = prev_src;
            src2 = NULL;
        } else if (src && vs > first + 1 && sd_streq(tok[vs - 1].lower, ",") &&
                   strlen(tok[vs].lower) > 4 &&
                   strcmp(tok[vs].lower + strlen(tok[vs].lower) - 3, "ing") == 0 &&
                   !(src->flags & MENTION_PRONOUN)) {
            /* ", killing 20 people": a participle after a comma is done by
             * the subject of the clause it hangs on -- the previous act's
             * subject, else the actor the sentence begins with */
            const sd_mention *subject = prev_src && prev_ve < vs ? prev_src : NULL;
            if (!subject && nmen > 0 && men[0].end < vs && men[0].start <= first + 1 &&
                !(men[0].flags & MENTION_PRONOUN)) {
                int said = 0; /* "X said, adding ..." keeps the speaker */
                for (size_t t = men[0].end; t < vs && !said; t++)
                    said = (wc[t - first] & (WC_SAY | WC_CLAUSE)) != 0;
                if (!said)
                    subject = &men[0];
            }
            if (subject && subject != src) {
                src = subject;
                src2 = NULL;
            }
        } else if (src && prev_src && v > 0 && vs > first && prev_ve < vs &&
                   first + vm[v - 1].tok_end == prev_ve && src->end <= first + vm[v - 1].tok_start &&
                   sd_streq(tok[vs - 1].lower, "and")) {
            /* "..., killing one person and arresting 12": a verb joined by
             * "and" to the act just before, with no actor between them,
             * shares that act's subject, not the actor before both */
            int named = 0;
            for (size_t k = 0; k < wn && !named; k++)
                named = wm[k].start >= prev_ve && wm[k].start < vs;
            if (!named) {
                src = prev_src;
                src2 = NULL;
            }
        }
        /* "Residents of Khartoum reported air strikes", "officials
         * confirmed the attack": what a witness reports is not its act */
        if (src && src->end <= vs && reported_object(tok, wc, first, src->end, vs)) {
            patient = src; /* not the doer: see the unnamed attackers below */
            src = NULL;
        }
        /* "US Marines die in Fallujah car bombing": the subject of a verb
         * of suffering is the act's victim */
        for (size_t t = src ? src->end : vs; src && t < vs; t++) {
            static const char *const in[] = {"in", "by", "during", "after", "from", NULL};
            int named = 0; /* (the act named after it: "die in", "killed by") */
            for (size_t u = t + 1; u < vs && !named && (wc[t - first] & WC_SUFFER); u++)
                named = word_in(tok[u].lower, in);
            if (named) {
                patient = src;
                src = NULL;
            }
        }
        /* "three civilians were killed in a suicide car bombing": the
         * patient of a passive is not the doer of the attack that names
         * its means */
        if (src && src == prev_patient) {
            size_t b = vs; /* past modifiers: "in a suicide car bombing" */
            while (b > first + 2 && b + 2 > vs && (tok[b - 1].flags & SD_TOK_WORD) &&
                   !(tok[b - 1].flags & SD_TOK_CAP) && !wc[b - 1 - first])
                b--;
            if (b >= first + 2 && (wc[b - 1 - first] & WC_DET) &&
                (sd_streq(tok[b - 2].lower, "in") || sd_streq(tok[b - 2].lower, "by"))) {
                patient = src; /* the victims of the attack it names */
                src = NULL;
            }
        }
        /* a pronoun inside a gap of the pattern is its object: "shot them
         * dead" (before a {TGT} slot or any actor after the pattern: "shot
         * them dead yesterday along the Gaza Strip's border") */
        for (uint32_t sl = 0; sl < vm[v].nslots && !tgt; sl++)
            if (sd_streq(vm[v].slot[sl].name, "X"))
                for (size_t k = 0; k < wn && !tgt; k++)
                    if ((wm[k].flags & MENTION_PRONOUN) &&
                        wm[k].start >= first + vm[v].slot[sl].start &&
                        wm[k].end <= first + vm[v].slot[sl].end)
                        tgt = &wm[k];
        /* a {TGT} slot names the target; else the first actor after */
        for (uint32_t sl = 0; sl < vm[v].nslots && !tgt; sl++)
            if (sd_streq(vm[v].slot[sl].name, "TGT"))
                for (size_t k = 0; k < wn; k++)
                    if (wm[k].start >= first + vm[v].slot[sl].start &&
                        wm[k].end <= first + vm[v].slot[sl].end) {
                        tgt = &wm[k];
                        break;
                    }
        /* The first actor after the act in its clause that can be its
         * target: a named actor, or a bare sector that is the act's object
         * ("arrested protesters", "fired on protesters").  A bare sector
         * is never the target of an act that moves one's own forces
         * ("withdrawing troops"), nor one reached through "of" ("the
         * withdrawal of some invasion forces from Panama" -> Panama). */
        /* nor past a reduced relative clause on the act's object: "arrested
         * a local man suspected of passing information to Russian
         * intelligence" (its actors are that clause's) */
        size_t reach = right;
        for (size_t t = ve + 1; t < right && reach == right; t++) {
            static const char *const postnominal[] = {"suspected", "accused", "charged",
                                                      "convicted", "believed", "alleged",
                                                      NULL};
            size_t n = strlen(tok[t].lower);
            if ((word_in(tok[t].lower, postnominal) && (tok[t - 1].flags & SD_TOK_WORD) &&
                 !wc[t - 1 - first] && !(tok[t - 1].flags & SD_TOK_CAP)) ||
                (sd_streq(tok[t - 1].lower, "of") && n > 5 &&
                 sd_streq(tok[t].lower + n - 3, "ing") && !(tok[t].flags & SD_TOK_CAP)))
                reach = t;
        }
        for (size_t k = 0; k < wn && !tgt; k++) {
            if (wm[k].start < ve || wm[k].start >= reach ||
                speaker_at(tok, wc, first, count, &wm[k]))
                continue;
            /* Where a statement was made or a meeting held is a place, not
             * a target ("said in Morocco", "met in Turkey"); for other acts
             * the country named is what the act concerns ("fighting in
             * Sudan", "fired missiles at Saudi Arabia"). */
            if ((strncmp(c->code, "01", 2) == 0 || strncmp(c->code, "04", 2) == 0) &&
                wm[k].start > first && (wc[wm[k].start - 1 - first] & WC_PLACE) &&
                !(wm[k].flags & MENTION_BARE))
                continue;

            /* coordinated parties' joint act: a place after "in", "of"
             * or "over" or a contested region is what it is about, not a
             * third party ("India and Pakistan promised to work together
             * ... in the disputed territory of Kashmir") */
            if (src2 && joint_code(c->code) && !(wm[k].flags & MENTION_BARE) &&
                (placed(wc, first, wm[k].start) ||
                 (wm[k].entry && has_attr_key(wm[k].entry, "region")) ||
                 (wm[k].start > first && (sd_streq(tok[wm[k].start - 1].lower, "of") ||
                                          sd_streq(tok[wm[k].start - 1].lower, "over")))))
                continue;
            /* a region is where the act happened, never whom it is done
             * to: "war games in the Mediterranean" */
            if (wm[k].entry && is_region(wm[k].entry) && placed(wc, first, wm[k].start))
                continue; /* "in its Gulf war" too */
            if ((wm[k].flags & (MENTION_BARE | MENTION_OWNED)) && wm[k].start > ve) {
                /* "a hunger strike outside parliament", "a sit-in in front
                 * of the court": a building, where it happened ("at" still
                 * aims: "fired at protesters") */
                size_t before = wm[k].start - 1;
                while (before > ve && (wc[before - first] & WC_DET))
                    before--;
                if ((wc[before - first] & WC_PLACE) && !sd_streq(tok[before].lower, "at"))
                    continue;
            }
            if (wm[k].flags & MENTION_BARE) {
                size_t before = wm[k].start - 1;
                while (before > ve && (wc[before - first] & WC_DET))
                    before--;
                int prep = before >= first && before >= ve &&
                           (wc[before - first] & (WC_PREP | WC_WITH | WC_PLACE));
                int object = modifiers_only(tok, wc, first, ve, wm[k].start);
                if (!(prep || (object && !moves_own_forces(c->code))))
                    continue;

                /* an agent word used as an adjective names no target:
                 * "air strikes on military targets", "the police station" */
                if (agent_adjective(tok, wc, first, count, vm, nv, wm, wn, k))
                    continue;
            }
            tgt = &wm[k];
        }
        /* an actor inside a gap of the pattern: "threatened Finland with
         * retaliation", "gave the Ivory Coast 5 million dollars of aid" */
        for (uint32_t sl = 0; sl < vm[v].nslots && !tgt; sl++)
            if (sd_streq(vm[v].slot[sl].name, "X") ||
                (once && sd_streq(vm[v].slot[sl].name, "GAP"))) /* TABARI's gaps too */
                for (size_t k = 0; k < wn; k++)
                    if (wm[k].start >= first + vm[v].slot[sl].start &&
                        wm[k].end <= first + vm[v].slot[sl].end &&
                        !(wm[k].flags & MENTION_BARE)) {
                        tgt = &wm[k];
                        break;
                    }
        /* A demand, appeal, accusation or threat is aimed at the subject
         * of its "that" clause: "demanded that the United States ..." */
        if (!tgt && right < first + count && sd_streq(tok[right].lower, "that") &&
            (aims_at_clause(c->code) || once)) {
            for (size_t k = 0; k < wn; k++)
                if (wm[k].start > right && !(wm[k].flags & MENTION_BARE)) {
                    tgt = &wm[k];
                    break;
                }
        }
        /* TABARI (run with its .options file) takes the first actor after
         * the verb in the sentence, past a comma too */
        for (size_t k = 0; !tgt && once && sd_dict_tabari_options(coder->dict)->read && k < wn;
             k++)
            if (wm[k].start >= ve && !(wm[k].flags & MENTION_BARE))
                tgt = &wm[k];
        /* by=1 ("the deal was signed by"): the doers are the actors right
         * after the pattern, the subject no actor */
        size_t k_by;
        if (has_attr_key(e, "by") && !once) {
            if (!actor_after(tok, wc, first, wm, wn, ve, right, &k_by))
                DROP();
            size_t last = coord_end(tok, wc, first, wm, wn, k_by, right);
            src = &wm[last];
            src2 = last > k_by ? &wm[last - 1] : NULL;
            tgt = NULL;
            passive = 0;
            if ((src->flags & MENTION_PAIR) && src->code2 && !src2) {
                pair_second = pair_member(src);
                src2 = &pair_second;
            }
        }
        /* accused=1: the accused is the actor right after the pattern */
        const sd_mention *accused = NULL;
        if (has_attr_key(e, "accused")) {
            accused = actor_after(tok, wc, first, wm, wn, ve, right, &k_by);
            if (!accused)
                DROP();
            passive = 0; /* ("was organised by": the pattern holds the "by") */
        }
        if (passive) {
            /* the agent after "by", also inside the pattern's own slots:
             * "shot dead by Israeli troops" over "shoot {X} {TGT}" */
            const sd_mention *agent = NULL;
            for (size_t k = 0; k < wn && !agent; k++) {
                if (!(wm[k].start > vs && wm[k].start < right && wm[k].start > first))
                    continue;
                size_t b = wm[k].start - 1; /* (past "his", "the": "by his captors") */
                while (b > vs && (wc[b - first] & (WC_DET | WC_POSS)))
                    b--;
                if (wc[b - first] & WC_BY)
                    agent = &wm[k];
            }
            if (agent) {
                tgt = src;
                src = agent;
                src2 = NULL;
            } else if (attack_code(c->code) && no_doer_before(wm, wn, src, vs) &&
                       armed_means(tok, left, right)) {
                /* "three soldiers were killed by a roadside bomb": an
                 * attack whose doer is unnamed, for its place to resolve */
                nobody = (sd_mention){vs, vs, "", NULL, MENTION_NOBODY, NULL};
                tgt = src;
                src = &nobody;
                src2 = NULL;
            } else {
                /* passive without an agent: the doer is unknown */
                DROP();
            }
        }
        /* Quoted speech: "I/we have not seen ...," Blinken said -- a
         * first-person subject (or none) inside the quotation is the
         * speaker of the quote. */
        int predicate = 0;
        if (tok[vs].flags & SD_TOK_QUOTED) {
            const sd_mention *speaker = quote_speaker(tok, wc, first, count, wm, wn, vs);
            if (speaker && (!src || (src->start < vs && first_person_between(
                                                            tok, wc, first, src->end, vs)) ||
                            !(tok[src->start].flags & SD_TOK_QUOTED))) {
                if (src && src != speaker && !tgt && (tok[src->start].flags & SD_TOK_QUOTED))
                    tgt = src; /* what the speaker talks about */
                src = speaker;
                src2 = NULL;
            }
        }
        /* A predicate noun under a speech verb: "He claimed the Russian
         * announcement could be an attempt to deceive" -- the speaker
         * charges the subject. */
        int nominal = predicate_nominal(wc, first, wm, wn, vs);
        if (nominal && !(strncmp(c->code, "11", 2) == 0 || strncmp(c->code, "01", 2) == 0))
            DROP(); /* "the drills were an attempt to intimidate": a judgement */
        if (src && (strncmp(c->code, "11", 2) == 0 || strncmp(c->code, "01", 2) == 0) &&
            vs > first && (nominal || (wc[vs - 1 - first] & (WC_BE | WC_DET)))) {
            size_t say = (size_t)-1;
            for (size_t t = src->start; t-- > first;)
                if (wc[t - first] & WC_SAY) {
                    say = t;
                    break;
                }
            const sd_mention *speaker = NULL;
            for (size_t k = wn; say != (size_t)-1 && k-- > 0;)
                if (wm[k].end <= say) {
                    speaker = &wm[k];
                    break;
                }
            if (speaker && strcmp(speaker->code, src->code) != 0) {
                if (!tgt)
                    tgt = src;
                src = speaker;
                src2 = NULL;
                predicate = 1;
            } else if (say != (size_t)-1) {
                DROP(); /* an unknown speaker's charge against src */
            }
        }
        /* A comment (01x) is about the actor it names: the first other
         * named actor after it in the sentence. */
        if (src && !tgt && strncmp(c->code, "01", 2) == 0) {
            /* inside the same quotation first, then after the comment */
            if (tok[vs].flags & SD_TOK_QUOTED)
                for (size_t k = wn; k-- > 0 && !tgt;)
                    if (wm[k].end <= vs && (tok[wm[k].start].flags & SD_TOK_QUOTED) &&
                        named_target(tok, wc, first, &wm[k], src))
                        tgt = &wm[k];
            for (size_t k = 0; k < wn && !tgt; k++)
                if (wm[k].start >= ve && named_target(tok, wc, first, &wm[k], src) &&
                    !speaker_at(tok, wc, first, count, &wm[k]))
                    tgt = &wm[k];
        }
        /* swap=1 (TABARI's "+ * $"): the actor before the pattern is
         * its target, the one after it the source */
        if (src && tgt && has_attr_key(e, "swap")) {
            const sd_mention *m = src;
            src = tgt;
            tgt = m;
            src2 = NULL;
        }
        const sd_tabari_options *topt = sd_dict_tabari_options(coder->dict);
        /* TABARI's '%': the compound the pattern names -- the list right
         * before the verb, or with '%' after the verb the list after it --
         * acts on itself, and the sentence's other actors take no part
         * ("Mordor with Fornost and Gondor welcxmed ..." FOR and GON;
         * "Arnor has exchanged prisoners with Gondor and Osgiliath" GON
         * and OSG) */
        if (once && topt->read && has_attr_key(e, "sym")) {
            size_t kl = wn; /* the compound's last member */
            if (has_attr_key(e, "symtgt")) {
                size_t k = 0;
                while (k < wn && !(wm[k].start >= ve && wm[k].end <= right))
                    k++;
                size_t end = k < wn ? coord_end(tok, wc, first, wm, wn, k, right) : k;
                if (k < wn && end > k)
                    kl = end;
            } else {
                for (size_t k = wn; k-- > 0 && kl == wn;)
                    if (wm[k].end <= vs && wm[k].start >= left)
                        kl = k;
            }
            if (kl > 0 && kl < wn && wm[kl - 1].start >= left &&
                coord_join(tok, wc, first, &wm[kl - 1], &wm[kl])) {
                src = &wm[kl];
                src2 = &wm[kl - 1];
                tgt = NULL;
            }
        }
        sd_mention dsrc, dtgt;
        if (topt->read && once && src && (!tgt || has_member(tgt->code, src->code)) &&
            src->end <= vs) /* TABARI: no target after the verb, or the source again
                               ("urged Bree to assist it"): the next other actor after
                               the source is ("it requested that Elrond assist") */
            for (size_t k = 0; k < wn; k++)
                if (wm[k].start >= src->end && wm[k].end <= vs &&
                    !(wm[k].flags & MENTION_BARE) && strcmp(wm[k].code, src->code) != 0) {
                    tgt = &wm[k];
                    break;
                }
        if (topt->read) {
            memset(&dsrc, 0, sizeof dsrc);
            dsrc.start = (uint32_t)vs;
            dsrc.end = (uint32_t)ve;
            dtgt = dsrc;
            dsrc.code = topt->default_source;
            dtgt.code = topt->default_target;
            tabari_defaults(topt, wm, wn, right, &src, &src2, &tgt, &dsrc, &dtgt);
            if (!tgt && !(src2 && has_attr_key(e, "sym")))
                DROP(); /* TABARI codes no event without a target */
        } else if (!src && attack_code(c->code) && no_doer_before(wm, wn, patient, vs) &&
                   armed_means(tok, left, right)) {
            /* "a roadside bomb near Samarra killed one U.S. soldier" */
            nobody = (sd_mention){vs, vs, "", NULL, MENTION_NOBODY, NULL};
            src = &nobody;
            if (patient && patient == prev_patient)
                tgt = patient;
        } else if (!src && strncmp(c->code, "04", 2) == 0 && has_attr_key(e, "sym") &&
                   vs > first && (word_in(tok[vs - 1].lower, times_before) ||
                                  (vs > first + 1 && (wc[vs - 1 - first] & WC_DET) &&
                                   word_in(tok[vs - 2].lower, times_before)))) {
            /* "both Ukrainian and Russian officials [spoke] after peace
             * talks in Istanbul": talks named with no party of their own
             * are the sentence's coordinated pair, else the article's */
            for (size_t k = 0; k + 1 < wn && !src; k++) {
                char ca[4], cb[4];
                if (wm[k + 1].end <= vs && wm[k + 1].start == wm[k].end + 1 &&
                    sd_streq(tok[wm[k].end].lower, "and") && sd_mention_country(&wm[k], ca) &&
                    sd_mention_country(&wm[k + 1], cb) && strcmp(ca, cb) != 0) {
                    src = &wm[k + 1];
                    src2 = &wm[k];
                }
            }
            if (!src && memory->pair[0] && memory->pair[1]) {
                pair_talks = (sd_mention){vs, vs, memory->pair[0], NULL,
                                          MENTION_PAIR | MENTION_PRONOUN, memory->pair[1]};
                src = &pair_talks;
                pair_second = pair_member(&pair_talks);
                src2 = &pair_second;
            }
            if (src)
                tgt = NULL; /* the two parties meet each other */
        }
        /* "Saudi Arabia and Qatar condemned the strikes", "the Kremlin
         * criticised the measures": a reaction to an act the article has
         * reported is aimed at that act's doer */
        sd_mention earlier;
        if (has_attr_key(e, "judged"))
            tgt = NULL; /* "called the storming of parliament treasonous":
                           parliament suffered the act, its doer is judged */
        if (src && !tgt && !topt->read && reaction_code(c->code)) {
            size_t ns_start = ve, ns_end = ve;
            const char *doer = earlier_doer(result, ev0, si, tok, ve, first + count,
                                            src->code, &ns_start, &ns_end);
            /* the noun may close the pattern itself: "rejected the
             * accusations" */
            for (size_t d = vs + 1; !doer && d + 1 < ve; d++)
                doer = earlier_doer(result, ev0, si, tok, d, ve, src->code, &ns_start,
                                    &ns_end);
            if (doer) {
                earlier = (sd_mention){(uint32_t)ns_start, (uint32_t)ns_end, doer, NULL,
                                       MENTION_PRONOUN, NULL};
                tgt = &earlier;
            }
        }
        /* "Moscow denied any involvement and said it would retaliate":
         * retaliation is aimed at whoever acted against the threatening
         * country (retaliation=1 on the pattern) */
        if (src && !tgt && !topt->read && has_attr_key(e, "retaliation")) {
            const char *doer = latest_act_against(result, ev0, src->code);
            if (doer) {
                earlier = (sd_mention){vs, vs, doer, NULL, MENTION_PRONOUN, NULL};
                tgt = &earlier;
            }
        }
        /* no actor before the act in its clause: the doer the grammar
         * reads, with the actors coordinated with it */
        if (!src && !topt->read) {
            const sd_mention *m = grammar_doer(coder, result, si, vs, men, nmen);
            if (m && m >= wm && m < wm + wn && !(m->flags & MENTION_NOBODY)) {
                size_t k = (size_t)(m - wm);
                size_t last = coord_end(tok, wc, first, wm, wn, k, first + count);
                src = &wm[last];
                src2 = last > k ? &wm[last - 1] : NULL;
                if (tgt && tgt >= wm && tgt <= wm + last && tgt >= m)
                    tgt = NULL; /* (the first actor after the act was its doer) */
            }
        }
        /* "talks between Pakistan and India", "talks between officials of
         * the two countries": a joint act (sym=1) named with no subject
         * of its own is done by the parties after its "between" */
        if (!src && !topt->read && has_attr_key(e, "sym") && ve > vs &&
            sd_streq(tok[ve - 1].lower, "between")) {
            size_t k = 0;
            while (k < wn && wm[k].start < ve)
                k++;
            if (k < wn && wm[k].start < right) {
                size_t last = coord_end(tok, wc, first, wm, wn, k, right);
                if (last > k) {
                    src = &wm[last];
                    src2 = &wm[last - 1];
                    tgt = NULL;
                } else if ((wm[k].flags & MENTION_PAIR) && wm[k].code2) {
                    src = &wm[k];
                    pair_second = pair_member(src);
                    src2 = &pair_second;
                    tgt = NULL;
                }
            }
        }
        /* accused=1 with no actor before ("the attack was organised by
         * Belarus"): the accused stands in until the speaker is found */
        if (!src)
            src = accused;
        if (!src)
            DROP();
        const char *code = c->code;
        saydo_mood mood = SAYDO_MOOD_ASSERTED;
        if (predicate)
            modal = 0; /* "could be an attempt": a judgement, not a plan */
        if (refused) {
            code = refused; /* the refusal is an act of its own */
        } else if (modal) {
            const char *ic = attr_value(result, e, "intent");
            code = ic ? ic : intent_code(code);
            mood = SAYDO_MOOD_INTENDED;
            /* "will withdraw its force from Chad unless ...": an intent
             * made conditional on the other side's conduct is a threat */
            if (strncmp(code, "13", 2) != 0 && unless_follows(tok, wc, first, count, ve))
                code = "130";
        }
        /* reported speech: the speaker of the governing verb */
        const char *attribution = NULL;
        size_t say_at = gov;
        /* "officials said the two sides had agreed": a speech verb inside
         * the clause, before the subject */
        for (size_t t = src->start; say_at == (size_t)-1 && t-- > left;)
            if (wc[t - first] & WC_SAY) {
                /* not "..., and said it": the speaker is the subject */
                if (!(t > first && sd_streq(tok[t - 1].lower, "and")))
                    say_at = t;
                break;
            }
        const sd_mention *said_by = NULL;
        if (say_at != (size_t)-1) {
            for (size_t k = wn; k-- > 0;)
                if (wm[k].end <= say_at) {
                    if (strcmp(wm[k].code, src->code) != 0)
                        attribution = wm[k].code, said_by = &wm[k];
                    break;
                }
        }
        if (!attribution) {
            /* post-posed attribution: "..., Indian army officials said" --
             * in the same part of the sentence: not past ";" -- and not a
             * speaker with a report of its own ("... as the African Union
             * said it would increase its forces") */
            size_t semi = first + count;
            for (size_t t = ve; t < first + count && t < ve + SD_WINDOW; t++)
                if (is_punct(&tok[t], ";")) {
                    semi = t;
                    break;
                }
            for (size_t k = 0; k < wn && wm[k].start < semi; k++)
                if (wm[k].start >= ve && speaker_at(tok, wc, first, count, &wm[k]) &&
                    !says_more(tok, wc, first, count, wm[k].end)) {
                    if (strcmp(wm[k].code, src->code) != 0)
                        attribution = wm[k].code, said_by = &wm[k];
                    break;
                }
        }
        /* accused=1 ("This is an attack on Poland, organised by the regime
         * in Minsk," Morawiecki said): the speaker accuses the actor after
         * the pattern, when the sentence names a hostile act before it */
        if (accused) {
            static const char *const hostile[] = {
                "attack",   "attacks",  "provocation", "provocations", "aggression",
                "crime",    "crimes",   "bombing",     "bombings",     "plot",
                "coup",     "riots",    "unrest",      "violence",     "massacre",
                "killing",  "killings", "assault",     "sabotage",     "operation", NULL};
            int named = 0;
            for (size_t t = first; t < vs && !named; t++)
                named = word_in(tok[t].lower, hostile);
            const sd_mention *speaker = said_by;
            if (!speaker && (tok[vs].flags & SD_TOK_QUOTED))
                speaker = quote_speaker(tok, wc, first, count, wm, wn, vs);
            for (size_t t = src->end; !speaker && src->end <= vs && t < vs; t++)
                if (wc[t - first] & WC_SAY)
                    speaker = src; /* "Poland said the attack was organised by" */
            if (!named || !speaker || accused == speaker ||
                strcmp(accused->code, speaker->code) == 0)
                DROP();
            src = speaker;
            tgt = accused;
            src2 = NULL;
            attribution = NULL;
        }
        /* speaker=1 ("Israel will face a proportionate reaction, an
         * Iranian official said"): the speaker acts, on the subject; with
         * no other speaker the sentence names no one who does */
        if (has_attr_key(e, "speaker")) {
            if (!said_by)
                DROP();
            tgt = src;
            src = said_by;
            src2 = NULL;
            attribution = NULL;
        }
        if (deny)
            mood = SAYDO_MOOD_DENIED;
        else if (attribution && mood == SAYDO_MOOD_ASSERTED)
            mood = SAYDO_MOOD_REPORTED;
        int sym = has_attr_key(e, "sym");
        /* "Pakistan and India agree to cooperate", "Israel, Egypt in
         * prisoner swap", "Indian and Pakistani troops exchanged fire":
         * parties named together in an act of cooperation (CAMEO 03-06)
         * or a fight that names no other party act with each other */
        if (!sym && src2 && !tgt && !deny && (joint_code(code) || strncmp(code, "19", 2) == 0))
            sym = 1;
        /* coordinated subjects of a symmetric act act on each other; an
         * actor after "by" or a comma further on ("..., in a meeting
         * hosted by the Swiss government") is not their partner */
        if (src2 && sym && tgt && tgt->start >= ve) {
            int far = 0;
            for (size_t t = ve; t < tgt->start && !far; t++)
                if ((wc[t - first] & WC_BY) || is_punct(&tok[t], ","))
                    far = 1;
            /* nor is the occasion or place after "of", "at", "in", "on",
             * "during" ("met on the sidelines of the BRICS summit") */
            static const char *const venue[] = {"of", "at", "in", "on", "during", NULL};
            size_t b = tgt->start;
            while (b > ve && (wc[b - 1 - first] & WC_DET))
                b--;
            if (b == ve && word_in(tok[ve - 1].lower, venue))
                far = 1; /* (the pattern's own last word) */
            if (far)
                tgt = NULL;
        }
        /* Coordinated lists ("Mordor, Rohan and Bree welcomed ...", "...
         * met Gondor and Osgiliath"): every source with every target.
         * The sources extend a pair already found (src2, src); the
         * targets follow a target after the act. */
        const sd_mention *srcs[SD_COORD_MAX], *tgts[SD_COORD_MAX];
        size_t ns = 0, ng = 0;
        if (src2 && (src2 < wm || src2 >= wm + wn)) {
            srcs[ns++] = src2; /* "the two sides": the pair's second */
        } else if (src2) {
            size_t k2 = (size_t)(src2 - wm);
            size_t lo2 = coord_start(tok, wc, first, wm, k2, left);
            for (size_t k = lo2; k <= k2 && ns + 1 < SD_COORD_MAX; k++)
                srcs[ns++] = &wm[k];
        }
        srcs[ns++] = src;
        tgts[ng++] = tgt;
        /* "urged both sides": each of the pair the phrase stands for */
        sd_mention tgt_second;
        if (tgt && (tgt->flags & MENTION_PAIR) && tgt->code2 && strcmp(tgt->code2, src->code) != 0) {
            tgt_second = pair_member(tgt);
            tgts[ng++] = &tgt_second;
        }
        /* (not "between A and B": one mediation, coded with the first --
         * saydo's convention; TABARI's patterns, once=1, code both) */
        size_t bt = tgt ? tgt->start : 0;
        while (bt > first && (wc[bt - 1 - first] & WC_DET))
            bt--;
        /* "talks between A and B": A and B are partners, not both targets
         * -- but a mediation between A and B is aimed at each */
        int between = !once && bt > first && sd_streq(tok[bt - 1].lower, "between") &&
                      strncmp(code, "045", 3) != 0;
        if (tgt && !between && tgt->start >= vs && tgt >= wm && tgt < wm + wn) {
            size_t kt = (size_t)(tgt - wm);
            size_t hi2 = coord_end(tok, wc, first, wm, wn, kt, right);
            for (size_t k = kt + 1; k <= hi2 && ng < SD_COORD_MAX; k++)
                if (!speaker_at(tok, wc, first, count, &wm[k]))
                    tgts[ng++] = &wm[k];
        }
        if (ns > 1 && sym && !tgt) {
            /* "Russia and Ukraine held talks": each with the other; a
             * TABARI pair code ([044:045]) goes one way and its pair back */
            const char *back = once ? attr_value(result, e, "pair") : NULL;
            for (size_t a = 0; a < ns && !rc; a++)
                for (size_t b = 0; b < ns && !rc; b++)
                    if (a != b)
                        rc = add(result, coder, si, srcs[a], srcs[b],
                                 back && a > b ? back : code, mood, attribution, vs, ve, e,
                                 ROLES_SYMMETRIC, men, nmen);
        } else {
            /* "Hu Jintao met with Fidel Castro": a meeting, talks or ties
             * (sym=1) are as much the target's as the source's, so each
             * with the other (not under TABARI's conventions, nor for a
             * pair code, which names the act back itself) */
            int mirror = sym && !topt->read && !attr_value(result, e, "pair");
            for (size_t a = ns; a-- > 0 && !rc;)
                for (size_t b = 0; b < ng && !rc; b++) {
                    size_t nev_pair = result->nev;
                    rc = add(result, coder, si, srcs[a], tgts[b], code, mood, attribution, vs,
                             ve, e, sym ? ROLES_SYMMETRIC : 0, men, nmen);
                    if (!rc && mirror && result->nev > nev_pair) {
                        const saydo_event *ev = &result->ev[result->nev - 1];
                        if (*ev->target && strcmp(ev->source, srcs[a]->code) == 0 &&
                            strcmp(ev->target, tgts[b]->code) == 0)
                            rc = add(result, coder, si, tgts[b], srcs[a], code, mood,
                                     attribution, vs, ve, e, ROLES_SYMMETRIC, men, nmen);
                    }
                }
            /* "Egypt and Israel signed an accord with the United States":
             * the coordinated parties of a joint act are each other's
             * partners too */
            for (size_t a = 0; mirror && ns > 1 && a < ns && !rc; a++)
                for (size_t b = 0; b < ns && !rc; b++)
                    if (a != b)
                        rc = add(result, coder, si, srcs[a], srcs[b], code, mood, attribution,
                                 vs, ve, e, ROLES_SYMMETRIC, men, nmen);
        }
        /* paired codes (pair=033 on a 032 pattern): the target's act back */
        const char *pair =
            tgt && !refused && (!modal || once) ? attr_value(result, e, "pair") : NULL;
        for (size_t a = 0; a < ns && !rc && pair; a++)
            for (size_t b = 0; b < ng && !rc; b++)
                rc = add(result, coder, si, tgts[b], srcs[a], pair, mood, attribution, vs, ve, e,
                         ROLES_REVERSED, men, nmen);
        /* "Kenya sent troops to Somalia to fight ...": the forces a
         * country moves are its own, and the subject of what they do next */
        char own[4];
        if (result->nev > nev_before && src && moves_own_forces(code) &&
            !(src->flags & (MENTION_BARE | MENTION_PERSON)) && sd_mention_country(src, own)) {
            for (size_t k = k0; k < k1 && !rc; k++) {
                if (!(men[k].flags & MENTION_BARE) || men[k].start < vs || men[k].start >= right ||
                    strlen(men[k].code) != 3 ||
                    (men[k].start >= ve && !modifiers_only(tok, wc, first, ve, men[k].start)))
                    continue; /* only the act's object */
                const char *owned = owned_code(result, own, men[k].code);
                if (!owned) {
                    rc = SAYDO_ERR_NOMEM;
                    break;
                }
                men[k].code = owned;
                men[k].flags = (men[k].flags & ~MENTION_BARE) | MENTION_OWNED;
            }
        }
        /* the two sides of the article's latest mutual act or fight
         * ("Sudan's army and the RSF signed an agreement": "both sides"
         * from now on) */
        for (size_t i = nev_before; i < result->nev; i++) {
            const saydo_event *ev = &result->ev[i];
            int mutual = attack_code(ev->cameo);
            for (size_t j = nev_before; j < result->nev && !mutual && sym; j++)
                mutual = strcmp(result->ev[j].source, ev->target) == 0 &&
                         strcmp(result->ev[j].target, ev->source) == 0;
            if (*ev->source && *ev->target && strcmp(ev->source, ev->target) != 0 && mutual &&
                (ev->mood == SAYDO_MOOD_ASSERTED || ev->mood == SAYDO_MOOD_REPORTED)) {
                memory->sides[0] = ev->source;
                memory->sides[1] = ev->target;
                break;
            }
        }
        if (once && result->nev > nev_before)
            once_end = ve;
        prev_ve = ve;
        prev_src = src;
        prev_tgt = tgt;
        prev_patient = passive ? tgt : NULL;
    }
    if (vm != small)
        free(vm);
    if (!rc)
        rc = sd_code_places(coder, result, si, wc, men, nmen, ev0);
    if (!rc)
        place_targets(result, si, ev0);
    if (!rc)
        partner_targets(result, si, ev0, memory);
    if (!rc)
        answered_targets(result, ev0);
    if (!rc)
        abroad_targets(result, ev0);
    if (!rc)
        executions(coder, result, si, ev0);
    if (!rc)
        rc = nameless_attackers(result, si, ev0, memory);
    if (!rc)
        rc = placed_owners(coder, result, si, ev0, home_before);
    if (!rc)
        target_confidence(result, ev0);
    return rc;
}

/* The last part of the confidence (role_confidence, target_confidence): a
 * source that is a bare sector ("police", "militants") in an article that
 * names countries is one the coder could not place, so its series would
 * count it under no country or, worse, read it as the wrong one (0.5 off);
 * a bare target, 0.5 off too (14 wrong in 16 on real news).  An article
 * naming no country at all ("Rebels attacked the village") leaves them as
 * they are. */
static void article_confidence(saydo_result *result)
{
    int countries = 0;
    for (size_t i = 0; i < result->nev && !countries; i++) {
        const saydo_event *ev = &result->ev[i];
        countries = code_country(ev->source) || code_country(ev->target) ||
                    (ev->location.country && *ev->location.country);
    }
    if (!countries)
        return;
    for (size_t i = 0; i < result->nev; i++) {
        saydo_event *ev = &result->ev[i];
        if (bare_sector(ev->source))
            ev->confidence -= 0.5;
        if (*ev->target && bare_sector(ev->target))
            ev->confidence -= 0.5;
        if (ev->confidence < 0)
            ev->confidence = 0;
    }
}

int sd_code_events(const saydo_coder *coder, saydo_result *result)
{
    sd_actor_memory memory = {0};
    for (size_t i = 0; i < result->doc.nsent; i++) {
        int rc = code_sentence(coder, result, i, &memory);
        if (rc)
            return rc;
    }
    article_confidence(result);
    return 0;
}
