/*
 * gen-news.c -- a deterministic generator of news-like text for the benchmark.
 *
 * Writes synthetic wire-style articles, either as JSON Lines
 * {"id","date","title","text","source"} (one article per line, paragraphs
 * separated by "\n\n" inside "text") or as plain text (headline, blank line,
 * paragraphs; articles separated by a line holding a single form feed).
 *
 * The output depends only on --seed, --bytes and --format: the same
 * arguments give the same bytes on every machine (a splitmix64 PRNG, no
 * locale, no clock).  Generation stops after the first article that brings
 * the output to at least --bytes bytes.
 *
 * The vocabulary and sentence templates below were written for saydo; they
 * aim to exercise a coder the way real news does: many CAMEO event kinds
 * (statements, appeals, intentions, visits, agreements, aid, withdrawals,
 * demands, accusations, refusals, threats, protests, sanctions, arrests,
 * attacks), negation, passive voice, reported speech, quotes attributed
 * before and after, pronouns, coordination, datelines, numbers, dates,
 * abbreviations ("U.S.", "Gen.", "a.m."), non-ASCII names, curly quotes and
 * em dashes.  The text is not meant to be true or even consistent.
 *
 * Build: cc -O2 -std=c17 -Wall -Wextra -o build/bench/gen-news tools/gen-news.c
 * Usage: gen-news [--seed N] [--bytes N[k|M|G]] [--format jsonl|text]
 * Exit status: 0 on success, 1 on a write or allocation failure, 2 on bad
 * arguments.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ PRNG */

typedef struct rng {
    uint64_t state;
} rng;

/* splitmix64: small, fast, and the same on every platform. */
static uint64_t rng_next(rng *random)
{
    uint64_t z = (random->state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A uniform-enough integer in [0, n); n > 0. */
static size_t rng_below(rng *random, size_t n)
{
    return (size_t)(rng_next(random) % (uint64_t)n);
}

/* An integer in [lo, hi]. */
static long rng_range(rng *random, long lo, long hi)
{
    return lo + (long)rng_below(random, (size_t)(hi - lo + 1));
}

/* 1 with probability percent/100. */
static int rng_chance(rng *random, unsigned percent)
{
    return rng_below(random, 100) < percent;
}

#define PICK(random, table) ((table)[rng_below((random), COUNT(table))])

/* ------------------------------------------------------------ vocabulary */

/* A state or organisation that can act or be acted upon.  adjective is NULL
 * for organisations (templates needing one then pick a state). */
typedef struct actor {
    const char *name;      /* "Russia", "the United Nations"            */
    const char *adjective; /* "Russian"                                  */
    const char *capital;   /* "Moscow"                                   */
    const char *city;      /* another city, for places and datelines     */
    const char *title;     /* a leader's title                           */
    const char *leader;    /* a leader's name                            */
    char gender;           /* 'm' or 'f': the pronoun that refers back   */
} actor;

static const actor STATES[] = {
    {"Russia", "Russian", "Moscow", "Rostov-on-Don", "President", "Vladimir Putin", 'm'},
    {"Ukraine", "Ukrainian", "Kyiv", "Kharkiv", "President", "Volodymyr Zelenskyy", 'm'},
    {"Turkey", "Turkish", "Ankara", "Istanbul", "President", "Recep Tayyip Erdoğan", 'm'},
    {"the United States", "U.S.", "Washington", "New York", "Secretary of State", "Ellen Marsh", 'f'},
    {"China", "Chinese", "Beijing", "Shanghai", "Foreign Minister", "Zhao Lianwei", 'm'},
    {"Iran", "Iranian", "Tehran", "Isfahan", "Foreign Minister", "Dariush Rezaei", 'm'},
    {"Israel", "Israeli", "Jerusalem", "Haifa", "Defense Minister", "Avner Golan", 'm'},
    {"Egypt", "Egyptian", "Cairo", "Alexandria", "Foreign Minister", "Samir Fahmy", 'm'},
    {"Germany", "German", "Berlin", "Munich", "Chancellor", "Katrin Vogelsang", 'f'},
    {"France", "French", "Paris", "Marseille", "President", "Étienne Marchand", 'm'},
    {"Poland", "Polish", "Warsaw", "Kraków", "Prime Minister", "Agnieszka Woźniak", 'f'},
    {"Belarus", "Belarusian", "Minsk", "Brest", "President", "Alexander Lukashenko", 'm'},
    {"India", "Indian", "New Delhi", "Mumbai", "External Affairs Minister", "Rohan Mehta", 'm'},
    {"Pakistan", "Pakistani", "Islamabad", "Karachi", "Prime Minister", "Imran Qureshi", 'm'},
    {"Japan", "Japanese", "Tokyo", "Osaka", "Prime Minister", "Haruto Sakamoto", 'm'},
    {"South Korea", "South Korean", "Seoul", "Busan", "President", "Lee Min-jun", 'm'},
    {"North Korea", "North Korean", "Pyongyang", "Wonsan", "leader", "Kim Jong Un", 'm'},
    {"Syria", "Syrian", "Damascus", "Aleppo", "Foreign Minister", "Fadi Haddad", 'm'},
    {"Iraq", "Iraqi", "Baghdad", "Basra", "Prime Minister", "Karim al-Jabouri", 'm'},
    {"Saudi Arabia", "Saudi", "Riyadh", "Jeddah", "Foreign Minister", "Prince Faisal bin Saad", 'm'},
    {"Qatar", "Qatari", "Doha", "Al Wakrah", "Prime Minister", "Sheikh Hamad al-Mansouri", 'm'},
    {"Sudan", "Sudanese", "Khartoum", "Port Sudan", "Gen.", "Osman Idris", 'm'},
    {"Ethiopia", "Ethiopian", "Addis Ababa", "Mekele", "Prime Minister", "Dawit Alemu", 'm'},
    {"Kenya", "Kenyan", "Nairobi", "Mombasa", "President", "Joseph Kamau", 'm'},
    {"Nigeria", "Nigerian", "Abuja", "Lagos", "President", "Bola Adeyemi", 'm'},
    {"Mali", "Malian", "Bamako", "Gao", "Col.", "Moussa Keïta", 'm'},
    {"Colombia", "Colombian", "Bogotá", "Medellín", "President", "Lucía Ortega", 'f'},
    {"Venezuela", "Venezuelan", "Caracas", "Maracaibo", "Foreign Minister", "Andrés Peña", 'm'},
    {"Brazil", "Brazilian", "Brasília", "São Paulo", "President", "João Carvalho", 'm'},
    {"Mexico", "Mexican", "Mexico City", "Monterrey", "President", "Mariana Núñez", 'f'},
    {"Armenia", "Armenian", "Yerevan", "Gyumri", "Prime Minister", "Aram Petrosyan", 'm'},
    {"Azerbaijan", "Azerbaijani", "Baku", "Ganja", "Foreign Minister", "Elchin Məmmədov", 'm'},
    {"Serbia", "Serbian", "Belgrade", "Novi Sad", "President", "Dragan Jovanović", 'm'},
    {"Kosovo", "Kosovar", "Pristina", "Mitrovica", "Prime Minister", "Arben Krasniqi", 'm'},
    {"Estonia", "Estonian", "Tallinn", "Narva", "Foreign Minister", "Kadri Tamm", 'f'},
    {"the United Kingdom", "British", "London", "Manchester", "Foreign Secretary", "Oliver Bramley", 'm'},
    {"Afghanistan", "Afghan", "Kabul", "Kandahar", "Acting Foreign Minister", "Abdul Wahid Karimi", 'm'},
    {"Somalia", "Somali", "Mogadishu", "Kismayo", "President", "Hassan Warsame", 'm'},
    {"Lebanon", "Lebanese", "Beirut", "Tyre", "Prime Minister", "Nabil Khoury", 'm'},
    {"Myanmar", "Myanmar", "Naypyidaw", "Mandalay", "Sr. Gen.", "Than Aung", 'm'},
};

static const actor ORGS[] = {
    {"the United Nations", NULL, "New York", "Geneva", "Secretary-General", "Amara Diallo", 'f'},
    {"NATO", NULL, "Brussels", "Mons", "Secretary General", "Lars Henriksen", 'm'},
    {"the European Union", NULL, "Brussels", "Strasbourg", "foreign policy chief", "Elena Costa", 'f'},
    {"the African Union", NULL, "Addis Ababa", "Addis Ababa", "Commission chairman", "Kwame Asante", 'm'},
    {"the World Food Programme", NULL, "Rome", "Rome", "executive director", "Ingrid Solberg", 'f'},
    {"the International Committee of the Red Cross", NULL, "Geneva", "Geneva", "president", "Marc Dufour", 'm'},
    {"the IAEA", NULL, "Vienna", "Vienna", "Director General", "Rafael Montoya", 'm'},
    {"the OSCE", NULL, "Vienna", "Vienna", "chairman", "Tomas Lindqvist", 'm'},
    {"the Arab League", NULL, "Cairo", "Cairo", "Secretary-General", "Hossam Zaki", 'm'},
    {"Amnesty International", NULL, "London", "London", "secretary general", "Priya Raman", 'f'},
};

/* Who inside a state speaks or acts: "{adj} {office}". */
static const char *const OFFICES[] = {
    "foreign ministry", "defense ministry", "government", "military", "army",
    "border guards", "police", "prime minister's office", "embassy in Brussels",
    "delegation", "security service", "interior ministry", "president's office",
};

static const char *const SOURCES[] = {
    "saydo wire", "Northern Courier", "Daily Meridian", "Harbor Gazette",
    "The Continental", "Evening Ledger", "Global Desk", "Frontier Post",
};

static const char *const DAYS[] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};

static const char *const MONTHS[] = {
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
};

/* AP-style month abbreviations, used in datelines and "Oct. 24". */
static const char *const MONTH_ABBR[] = {
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.",
    "Oct.", "Nov.", "Dec.",
};

static const char *const TOPICS[] = {
    "the disputed border", "grain exports", "a prisoner exchange", "energy supplies",
    "the nuclear programme", "maritime security", "a humanitarian corridor",
    "refugee returns", "the release of hostages", "trade tariffs",
    "a ceasefire along the front line", "the future of the peacekeeping mission",
};

static const char *const AID[] = {
    "tonnes of wheat flour", "tonnes of food and medicine", "tents and blankets",
    "water purification kits", "doses of vaccine", "tonnes of fuel",
};

/* Sentence templates.  Slots:
 *   {S} {T}      source / target actor phrase (state or organisation)
 *   {SA} {TA}    adjective of the source / target state ("Russian")
 *   {SC} {TC}    capital of the source / target state
 *   {SN} {TN}    short name of the source / target state ("Russia")
 *   {SL} {TL}    a leader with title ("Turkish President Recep Tayyip Erdoğan")
 *   {C}          a city of the target state          {N} a small number
 *   {B}          a large number with commas          {D} a day of the week
 *   {DT}         a date such as "Oct. 24"            {X} a topic
 *   {AID}        a kind of aid                       {P} the pronoun He/She/It
 *                                                        for the last source
 * The comment after each group names the CAMEO codes it aims at; the
 * generator never uses them, they are for a reader of the benchmark text. */
static const char *const BODY[] = {
    /* 01 statements, 012/013 comments, 016 denials */
    "{S} said on {D} that talks with {T} on {X} had made little progress.",
    "{S} said it was cautiously optimistic about the next round of talks with {T}.",
    "{S} denied that its forces had crossed into {TA} territory near {C}.",
    "{SL} declined to comment on reports of a secret meeting with {TA} officials.",
    "{P} added that no decision had been taken on {X}.",
    /* 02 appeals, 10 demands */
    "{S} called on {T} to release detained journalists and aid workers.",
    "{S} urged {T} to return to the negotiating table without preconditions.",
    "{S} demanded that {T} withdraw its troops from around {C} within {N} days.",
    "{S} appealed for humanitarian aid for an estimated {B} displaced people in {C}.",
    /* 03 intentions and promises */
    "{S} pledged ${N} million in reconstruction aid to {T}.",
    "{S} said it would pull its forces back from {C} by the end of {M}.",
    "{S} said it was ready to resume negotiations with {T} on {X}.",
    "{SL} promised to ease restrictions on {TA} trucks at the border.",
    "{S} offered to mediate between {T} and its neighbours.",
    /* 04 consultations, visits */
    "{SL} met {TL} in {TC} on {D} to discuss {X}.",
    "{SL} arrived in {TC} on {D} for a {N}-day visit.",
    "{SL} spoke by telephone with {TL} late on {D}, the {SA} government said.",
    "{S} and {T} held a fifth round of talks on {X} in Geneva.",
    "{S} hosted a {TA} delegation led by the deputy foreign minister.",
    /* negated and refused meetings: no 04 */
    "{SL} did not meet {TL} during the summit, officials said.",
    "{S} refused to meet {TA} envoys until the shelling of {C} stops.",
    "{SL} has not spoken with {TL} since {DT}, the ministry said.",
    /* 05 diplomatic cooperation, 057 agreements */
    "{S} and {T} signed an agreement on {X} at a ceremony in {SC}.",
    "The accord on {X} was signed by {SL} and {TL} on {D}.",
    "{S} praised {T} for its role in securing the release of {N} prisoners.",
    "{S} recognised the new government in {TC}.",
    /* 06 material cooperation, 07 aid */
    "{S} and {T} agreed to hold joint naval exercises in {M}.",
    "{S} delivered {B} {AID} to {T} on {D}, according to the {SA} embassy.",
    "A convoy of {N} trucks carrying {AID} reached {C} on {D}.",
    "{S} sent a team of {N} doctors to help treat the wounded in {C}.",
    /* 08 yielding: releases, ceasefires, withdrawals */
    "{S} released {N} {TA} prisoners under an exchange brokered by Qatar.",
    "{S} and {T} declared a ceasefire that took effect at 6 a.m. on {D}.",
    "{SA} troops withdrew from {N} villages around {C}, local officials said.",
    "{S} lifted a ban on imports from {T}.",
    /* 09 investigations */
    "{S} opened an investigation into the deaths of {N} civilians in {C}.",
    /* 11 disapproval, 112 accusations */
    "{S} accused {T} of shelling residential districts of {C}.",
    "{S} condemned the arrest of opposition figures in {TC}.",
    "{S} criticised {T} for failing to protect civilians.",
    "{SL} accused {TA} forces of war crimes in {C}.",
    /* 12 rejections */
    "{S} rejected a {TA} proposal for a buffer zone along the border.",
    "{S} refused to extend the mandate of the observer mission.",
    "{S} vetoed a draft resolution on {X} at the U.N. Security Council.",
    /* 13 threats */
    "{S} threatened to impose sanctions on {T} if the fighting in {C} continues.",
    "{S} warned {T} that any attack would meet a swift response.",
    "{SL} threatened to cut off gas supplies to {T}.",
    /* 14 protests */
    "Thousands of people rallied outside the {TA} embassy in {SC} on {D}.",
    "Protesters blocked the main road into {C} for a {N}th day.",
    /* 15 force posture */
    "{S} put its forces on high alert along the border with {T}.",
    "{S} moved {B} troops and heavy armour toward the frontier, satellite images showed.",
    /* 16 reduced relations, sanctions, expulsions */
    "{S} imposed sanctions on {N} {TA} officials and {N} companies.",
    "{S} expelled {N} {TA} diplomats and closed a consulate in {SC}.",
    "{S} suspended talks with {T} on {X}.",
    "{S} recalled its ambassador from {TC} for consultations.",
    /* 17 coercion: arrests, repression */
    "{SA} police arrested {N} people during protests in {SC}.",
    "{N} {TA} citizens were detained by {SA} border guards near {C}.",
    "Police fired tear gas and water cannon at demonstrators in {SC}.",
    /* 18 assault */
    "A car bomb killed {N} people at a checkpoint near {C}, police said.",
    "Gunmen abducted {N} aid workers on the road to {C} on {D}.",
    /* 19 fighting, passive voice included */
    "{SA} forces shelled {C} overnight, killing at least {N} civilians.",
    "{S} launched air strikes on {TA} positions near {C}.",
    "{N} {TA} soldiers were killed by {SA} artillery fire near {C}.",
    "{SA} and {TA} troops clashed near {C} early on {D}.",
    "{S} accused {T} of violating the ceasefire {N} times in the past week.",
};

/* Reported-speech frames wrapped around a body sentence (its final period
 * removed and its first letter kept). */
static const char *const FRAMES[] = {
    "Officials told reporters that {Z}.",
    "According to {O}, {Z}.",
    "{Z}, two diplomats said on condition of anonymity.",
    "A spokesman said {Z}.",
    "{Z}, the {SA} news agency reported.",
};

/* Quotations; {T} and {TA} refer to the sentence's target. */
static const char *const QUOTES[] = {
    "We will not negotiate under fire",
    "There is what {TN} says and there is what {TN} does",
    "This agreement is a first step — nothing more",
    "Our patience has limits, and {TN} knows it",
    "We are ready to talk, today or tomorrow, in {TC} or anywhere else",
    "The door to dialogue remains open",
    "These sanctions will hurt ordinary people, not the regime",
    "We condemn this attack in the strongest terms",
    "Nobody wants a war — but we will defend every metre of our land",
    "The aid must reach civilians in {C} without delay",
};

static const char *const HEADLINES[] = {
    "{SN} Accuses {TN} of Violating Ceasefire Near {C}",
    "{SN} and {TN} Agree to Resume Talks on {X}",
    "{SN} Expels {TA} Diplomats in Widening Row",
    "{SN} Threatens Sanctions as Fighting Spreads to {C}",
    "Thousands Protest in {SC} Over {X}",
    "{SN} Says It Will Withdraw Troops From {C}",
    "Aid Convoy Reaches {C} as Truce Holds",
    "{SN} Rejects {TA} Proposal on {X}",
    "{SN}'s Leader Visits {TC} for Talks — First Trip in Years",
    "Air Strikes Hit {C}; {SN} Denies Involvement",
};

/* --------------------------------------------------------------- buffers */

typedef struct buf {
    char *data;
    size_t len, cap;
    int failed; /* sticky: an allocation failed */
} buf;

static void buf_reserve(buf *b, size_t extra)
{
    if (b->failed || b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *grown = realloc(b->data, cap);
    if (!grown) {
        b->failed = 1;
        return;
    }
    b->data = grown;
    b->cap = cap;
}

static void buf_put(buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    if (b->failed)
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void buf_puts(buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

/* A decimal number; zero-padded to width digits when width > 0. */
static void buf_put_long(buf *b, long value, int width)
{
    char tmp[64];
    int n = width > 0 ? snprintf(tmp, sizeof tmp, "%0*ld", width, value)
                      : snprintf(tmp, sizeof tmp, "%ld", value);
    if (n > 0)
        buf_put(b, tmp, (size_t)n);
}

/* ------------------------------------------------------------ generation */

/* What one sentence talks about; the pronoun of the previous sentence's
 * source lives in the article state. */
typedef struct scene {
    const actor *source, *target;
    int source_is_person; /* the source phrase named a person */
} scene;

typedef struct article_state {
    rng *random;
    const actor *focus_a, *focus_b; /* the article's two main actors */
    char pronoun;                   /* 'm', 'f', 'n' or 0: last source */
    const char *last_adjective;
} article_state;

static const actor *pick_state(rng *random)
{
    return &PICK(random, STATES);
}

/* Choose the sentence's actors: mostly the article's two main states, some
 * other state or an organisation now and then. */
static scene pick_scene(article_state *st, int states_only)
{
    scene sc = {st->focus_a, st->focus_b, 0};
    unsigned roll = (unsigned)rng_below(st->random, 100);
    if (roll < 40) {
        sc.source = st->focus_b;
        sc.target = st->focus_a;
    } else if (roll < 50) {
        sc.source = states_only ? pick_state(st->random) : &PICK(st->random, ORGS);
    } else if (roll < 55) {
        sc.target = pick_state(st->random);
    }
    if (sc.source == sc.target)
        sc.target = sc.source == st->focus_a ? st->focus_b : st->focus_a;
    return sc;
}

/* An actor as a noun phrase: "Russia", "Moscow", "the Russian foreign
 * ministry", "NATO", and, when is_person is not NULL (the template reads
 * well with a person there), "Russian President Vladimir Putin"; then
 * *is_person tells whether a person was named. */
static void put_actor(buf *out, article_state *st, const actor *who, int *is_person)
{
    rng *random = st->random;
    int may_be_person = is_person != NULL;
    if (is_person)
        *is_person = 0;
    if (!who->adjective) {
        if (may_be_person && rng_chance(random, 25)) {
            buf_puts(out, who->name);
            buf_puts(out, " ");
            buf_puts(out, who->title);
            buf_puts(out, " ");
            buf_puts(out, who->leader);
            if (is_person)
                *is_person = 1;
        } else {
            buf_puts(out, who->name);
        }
        return;
    }
    switch (rng_below(random, may_be_person ? 6 : 4)) {
    case 0:
    case 1:
        buf_puts(out, who->name);
        break;
    case 2:
        buf_puts(out, who->capital);
        break;
    case 3:
        buf_puts(out, "the ");
        buf_puts(out, who->adjective);
        buf_puts(out, " ");
        buf_puts(out, PICK(random, OFFICES));
        break;
    default:
        buf_puts(out, who->adjective);
        buf_puts(out, " ");
        buf_puts(out, who->title);
        buf_puts(out, " ");
        buf_puts(out, who->leader);
        if (is_person)
            *is_person = 1;
        break;
    }
}

static void put_leader(buf *out, const actor *who)
{
    if (who->adjective) {
        buf_puts(out, who->adjective);
        buf_puts(out, " ");
    } else {
        buf_puts(out, who->name);
        buf_puts(out, " ");
    }
    buf_puts(out, who->title);
    buf_puts(out, " ");
    buf_puts(out, who->leader);
}

/* A number with thousands separators: 12,500. */
static void put_big(buf *out, rng *random)
{
    long value = rng_range(random, 1, 250) * 50;
    if (rng_chance(random, 50))
        value *= 100;
    if (value >= 1000000) {
        buf_put_long(out, value / 1000000, 0);
        buf_puts(out, ",");
        buf_put_long(out, value / 1000 % 1000, 3);
        buf_puts(out, ",");
        buf_put_long(out, value % 1000, 3);
    } else if (value >= 1000) {
        buf_put_long(out, value / 1000, 0);
        buf_puts(out, ",");
        buf_put_long(out, value % 1000, 3);
    } else {
        buf_put_long(out, value, 0);
    }
}

static const actor *as_state(article_state *st, const actor *who)
{
    return who->adjective ? who : st->focus_a;
}

/* Expand template into out.  Unknown slots are copied literally. */
static void expand(buf *out, article_state *st, scene *sc, const char *template_text)
{
    rng *random = st->random;
    const char *p = template_text;
    while (*p) {
        if (*p != '{') {
            const char *q = strchr(p, '{');
            size_t n = q ? (size_t)(q - p) : strlen(p);
            buf_put(out, p, n);
            p += n;
            continue;
        }
        const char *close = strchr(p, '}');
        if (!close) {
            buf_puts(out, p);
            return;
        }
        char slot[8] = {0};
        size_t slot_len = (size_t)(close - p - 1);
        if (slot_len >= sizeof slot)
            slot_len = sizeof slot - 1;
        memcpy(slot, p + 1, slot_len);
        p = close + 1;

        if (!strcmp(slot, "S")) {
            /* "it"/"its" later in the sentence refers back to {S}. */
            int person = 0;
            int impersonal = strstr(template_text, " it ") || strstr(template_text, " its ");
            put_actor(out, st, sc->source, impersonal ? NULL : &person);
            sc->source_is_person = person;
        } else if (!strcmp(slot, "T")) {
            put_actor(out, st, sc->target, NULL);
        } else if (!strcmp(slot, "SA")) {
            buf_puts(out, as_state(st, sc->source)->adjective);
        } else if (!strcmp(slot, "TA")) {
            buf_puts(out, as_state(st, sc->target)->adjective);
        } else if (!strcmp(slot, "SC")) {
            buf_puts(out, sc->source->capital);
        } else if (!strcmp(slot, "TC")) {
            buf_puts(out, sc->target->capital);
        } else if (!strcmp(slot, "SN")) {
            buf_puts(out, as_state(st, sc->source)->name);
        } else if (!strcmp(slot, "TN")) {
            buf_puts(out, as_state(st, sc->target)->name);
        } else if (!strcmp(slot, "SL")) {
            put_leader(out, sc->source);
            sc->source_is_person = 1;
        } else if (!strcmp(slot, "TL")) {
            put_leader(out, sc->target);
        } else if (!strcmp(slot, "C")) {
            buf_puts(out, rng_chance(random, 50) ? sc->target->city : sc->target->capital);
        } else if (!strcmp(slot, "N")) {
            buf_put_long(out, rng_range(random, 2, 60), 0);
        } else if (!strcmp(slot, "B")) {
            put_big(out, random);
        } else if (!strcmp(slot, "D")) {
            buf_puts(out, PICK(random, DAYS));
        } else if (!strcmp(slot, "M")) {
            buf_puts(out, PICK(random, MONTHS));
        } else if (!strcmp(slot, "DT")) {
            buf_puts(out, PICK(random, MONTH_ABBR));
            buf_puts(out, " ");
            buf_put_long(out, rng_range(random, 1, 28), 0);
        } else if (!strcmp(slot, "X")) {
            buf_puts(out, PICK(random, TOPICS));
        } else if (!strcmp(slot, "AID")) {
            buf_puts(out, PICK(random, AID));
        } else if (!strcmp(slot, "O")) {
            buf_puts(out, PICK(random, ORGS).name);
        } else if (!strcmp(slot, "P")) {
            buf_puts(out, st->pronoun == 'f' ? "She" : st->pronoun == 'm' ? "He" : "It");
        } else {
            buf_puts(out, "{");
            buf_puts(out, slot);
            buf_puts(out, "}");
        }
    }
}

/* Upper-case the ASCII letter at out->data[at] (sentence start). */
static void capitalise(buf *out, size_t at)
{
    if (!out->failed && at < out->len && out->data[at] >= 'a' && out->data[at] <= 'z')
        out->data[at] = (char)(out->data[at] - 'a' + 'A');
}

/* Lower-case a sentence's first letter when it is embedded after "that"
 * (only for "The ..." and similar function words, not for names). */
static void uncapitalise_article(buf *out, size_t at)
{
    static const char *const words[] = {"The ", "A ", "An ", "Police ", "Protesters ", "Thousands ", "Gunmen "};
    if (out->failed)
        return;
    for (size_t i = 0; i < COUNT(words); i++) {
        size_t n = strlen(words[i]);
        if (out->len - at >= n && !memcmp(out->data + at, words[i], n)) {
            out->data[at] = (char)(out->data[at] - 'A' + 'a');
            return;
        }
    }
}

/* Remember who the next "He"/"She"/"It" refers to. */
static void set_pronoun(article_state *st, const scene *sc)
{
    st->pronoun = sc->source_is_person ? sc->source->gender : 'n';
}

/* One body sentence, possibly inside a reported-speech frame. */
static void put_sentence(buf *out, article_state *st)
{
    rng *random = st->random;
    const char *template_text = PICK(random, BODY);
    /* A pronoun needs a person or organisation before it. */
    while (!st->pronoun && strstr(template_text, "{P}"))
        template_text = PICK(random, BODY);
    scene sc = pick_scene(st, strstr(template_text, "A}") != NULL);
    size_t start = out->len;

    /* Frame only sentences that carry no attribution of their own. */
    if (rng_chance(random, 12) && !strstr(template_text, "{P}") &&
        !strstr(template_text, " said") && !strstr(template_text, "according") &&
        !strstr(template_text, "showed")) {
        const char *frame = PICK(random, FRAMES);
        const char *z = strstr(frame, "{Z}");
        buf pre = {0};
        expand(&pre, st, &sc, frame);
        /* Split the expanded frame around the literal "{Z}" it kept. */
        const char *mark = pre.data ? strstr(pre.data, "{Z}") : NULL;
        if (!mark || !z) {
            free(pre.data);
            return;
        }
        buf_put(out, pre.data, (size_t)(mark - pre.data));
        size_t inner = out->len;
        expand(out, st, &sc, template_text);
        if (inner > start)
            uncapitalise_article(out, inner);
        if (!out->failed && out->len > inner && out->data[out->len - 1] == '.')
            out->len--;
        buf_puts(out, mark + 3);
        free(pre.data);
    } else {
        expand(out, st, &sc, template_text);
    }
    capitalise(out, start);
    set_pronoun(st, &sc);
}

/* A quotation, attributed before or after, with curly quotes. */
static void put_quote(buf *out, article_state *st)
{
    rng *random = st->random;
    scene sc = pick_scene(st, 0);
    buf said = {0};
    int person = 0;
    put_actor(&said, st, sc.source, &person);
    sc.source_is_person = person;
    const char *quote = PICK(random, QUOTES);
    size_t start = out->len;
    if (said.failed) {
        out->failed = 1;
        free(said.data);
        return;
    }
    switch (rng_below(random, 3)) {
    case 0:
        buf_puts(out, "“");
        expand(out, st, &sc, quote);
        buf_puts(out, ",” ");
        buf_puts(out, said.data);
        buf_puts(out, rng_chance(random, 50) ? " said." : " told reporters.");
        break;
    case 1:
        buf_puts(out, said.data);
        buf_puts(out, " said: “");
        expand(out, st, &sc, quote);
        buf_puts(out, ".”");
        break;
    default:
        buf_puts(out, "“");
        expand(out, st, &sc, quote);
        buf_puts(out, ",” ");
        buf_puts(out, said.data);
        buf_puts(out, " said on ");
        buf_puts(out, PICK(random, DAYS));
        buf_puts(out, ". “We have made our position clear.”");
        break;
    }
    capitalise(out, start);
    set_pronoun(st, &sc);
    free(said.data);
}

/* The dateline that opens the first paragraph: "KYIV, Ukraine (saydo) — ". */
static void put_dateline(buf *out, article_state *st)
{
    const actor *where = st->focus_a;
    const char *city = rng_chance(st->random, 70) ? where->capital : where->city;
    size_t start = out->len;
    buf_puts(out, city);
    for (size_t i = start; !out->failed && i < out->len; i++)
        if (out->data[i] >= 'a' && out->data[i] <= 'z')
            out->data[i] = (char)(out->data[i] - 'a' + 'A');
    if (rng_chance(st->random, 40)) {
        buf_puts(out, ", ");
        buf_puts(out, where->name[0] == 't' && !strncmp(where->name, "the ", 4) ? where->name + 4 : where->name);
    }
    buf_puts(out, rng_chance(st->random, 50) ? " (saydo) — " : " (saydo) -- ");
}

typedef struct article {
    char id[32];
    char date[16];
    const char *source;
    buf title;
    buf text;
} article;

static void make_article(article *art, rng *random, unsigned long number)
{
    article_state st = {random, NULL, NULL, 0, NULL};
    st.focus_a = pick_state(random);
    do
        st.focus_b = pick_state(random);
    while (st.focus_b == st.focus_a);

    snprintf(art->id, sizeof art->id, "gen-%07lu", number);
    snprintf(art->date, sizeof art->date, "%04ld-%02ld-%02ld", rng_range(random, 2015, 2025),
             rng_range(random, 1, 12), rng_range(random, 1, 28));
    art->source = PICK(random, SOURCES);
    art->title.len = 0;
    art->text.len = 0;

    scene headline = {st.focus_a, st.focus_b, 0};
    expand(&art->title, &st, &headline, PICK(random, HEADLINES));

    int byline = rng_chance(random, 20);
    if (byline) {
        buf_puts(&art->text, "By ");
        buf_puts(&art->text, PICK(random, STATES).leader);
        buf_puts(&art->text, "\n\n");
    }
    /* 3-12 paragraphs in all, counting a byline and a bio as paragraphs. */
    long paragraphs = rng_range(random, 3, byline ? 10 : 12);
    for (long para = 0; para < paragraphs; para++) {
        if (para > 0)
            buf_puts(&art->text, "\n\n");
        if (para == 0)
            put_dateline(&art->text, &st);
        long sentences = rng_range(random, 1, 4);
        for (long s = 0; s < sentences; s++) {
            if (s > 0)
                buf_puts(&art->text, " ");
            if (para > 0 && rng_chance(random, 18))
                put_quote(&art->text, &st);
            else
                put_sentence(&art->text, &st);
        }
    }
    if (byline)
        buf_puts(&art->text, "\n\nThe author is a correspondent who has covered the region since 2012.");
}

/* ---------------------------------------------------------------- output */

static void put_json_string(buf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    buf_reserve(out, n + 2);
    buf_put(out, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        buf_put(out, s + run, i - run);
        run = i + 1;
        char esc[7] = {'\\', 0, 0, 0, 0, 0, 0};
        size_t len = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\t': esc[1] = 't'; break;
        case '\r': esc[1] = 'r'; break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            len = 6;
            break;
        }
        buf_put(out, esc, len);
    }
    buf_put(out, s + run, n - run);
    buf_put(out, "\"", 1);
}

static void put_article(buf *out, const article *art, int jsonl)
{
    if (jsonl) {
        buf_puts(out, "{\"id\":");
        put_json_string(out, art->id, strlen(art->id));
        buf_puts(out, ",\"date\":");
        put_json_string(out, art->date, strlen(art->date));
        buf_puts(out, ",\"title\":");
        put_json_string(out, art->title.data, art->title.len);
        buf_puts(out, ",\"text\":");
        put_json_string(out, art->text.data, art->text.len);
        buf_puts(out, ",\"source\":");
        put_json_string(out, art->source, strlen(art->source));
        buf_puts(out, "}\n");
    } else {
        buf_put(out, art->title.data, art->title.len);
        buf_puts(out, "\n\n");
        buf_put(out, art->text.data, art->text.len);
        buf_puts(out, "\n\f\n");
    }
}

/* ------------------------------------------------------------------ main */

static void usage(FILE *to)
{
    fputs("usage: gen-news [--seed N] [--bytes N[k|M|G]] [--format jsonl|text]\n"
          "Writes deterministic synthetic news articles to standard output until at\n"
          "least --bytes bytes (default 1M) have been written.\n",
          to);
}

/* Parse "123", "64k", "50M", "1G" (powers of 1024).  0 on a bad value. */
static unsigned long long parse_size(const char *text)
{
    char *end = NULL;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno || end == text || text[0] == '-')
        return 0;
    switch (*end) {
    case 'k': case 'K': value <<= 10; end++; break;
    case 'm': case 'M': value <<= 20; end++; break;
    case 'g': case 'G': value <<= 30; end++; break;
    default: break;
    }
    return *end ? 0 : value;
}

int main(int argc, char **argv)
{
    unsigned long long seed = 1, target = 1ULL << 20;
    int jsonl = 1;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(arg, "--seed") && value) {
            char *end = NULL;
            errno = 0;
            seed = strtoull(value, &end, 10);
            if (errno || end == value || *end) {
                fprintf(stderr, "gen-news: bad --seed '%s'\n", value);
                return 2;
            }
            i++;
        } else if (!strcmp(arg, "--bytes") && value) {
            target = parse_size(value);
            if (!target) {
                fprintf(stderr, "gen-news: bad --bytes '%s'\n", value);
                return 2;
            }
            i++;
        } else if (!strcmp(arg, "--format") && value) {
            if (!strcmp(value, "jsonl"))
                jsonl = 1;
            else if (!strcmp(value, "text"))
                jsonl = 0;
            else {
                fprintf(stderr, "gen-news: --format must be jsonl or text, not '%s'\n", value);
                return 2;
            }
            i++;
        } else {
            usage(stderr);
            return 2;
        }
    }

    rng random = {seed};
    article art = {{0}, {0}, NULL, {0}, {0}};
    buf out = {0};
    unsigned long long flushed = 0;
    int status = 0;
    for (unsigned long number = 1; flushed + out.len < target; number++) {
        make_article(&art, &random, number);
        put_article(&out, &art, jsonl);
        if (out.failed || art.title.failed || art.text.failed) {
            fputs("gen-news: out of memory\n", stderr);
            status = 1;
            break;
        }
        /* Write in blocks of about 1 MiB, and whatever is left at the end. */
        if (out.len >= (1u << 20) || flushed + out.len >= target) {
            if (fwrite(out.data, 1, out.len, stdout) != out.len) {
                fputs("gen-news: write error\n", stderr);
                status = 1;
                break;
            }
            flushed += out.len;
            out.len = 0;
        }
    }
    if (!status && fflush(stdout) != 0) {
        fputs("gen-news: write error\n", stderr);
        status = 1;
    }
    free(out.data);
    free(art.title.data);
    free(art.text.data);
    return status;
}
