/*
 * code_dates.c -- dates from the text: recognise date expressions in a
 * sentence, resolve them against the article date, and give every event
 * the date its clause supports (docs/dates.md has the rules and the
 * conventions; code_dates.h the interface).
 *
 * Cost: the recogniser looks closely only at tokens that can start a date
 * (numbers, capitalised month and weekday names, and a handful of words:
 * yesterday, today, last, next, this ...), and the attachment pass runs
 * only over sentences that hold events; word classes are computed only for
 * sentences that hold both an event and a date expression.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "code_dates.h"

/* How far (in tokens) from an event's verb a date expression may lie:
 * any role, and as the event's own date. */
#define SD_DATE_WINDOW 64
#define SD_OWN_REACH 16

/* ------------------------------------------------------ day arithmetic */

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return (m == 2 && leap(y)) ? 29 : days[m - 1];
}

static int valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

/* Days since 0001-01-01 (day 0, a Monday in the proleptic Gregorian
 * calendar). */
static int32_t day_number(int y, int m, int d)
{
    static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    int32_t p = y - 1;
    return 365 * p + p / 4 - p / 100 + p / 400 + before[m - 1] + (m > 2 && leap(y)) + d - 1;
}

static int32_t from_day_number(int32_t n)
{
    int y = (int)(n / 365.2425) + 1;
    while (y > 1 && day_number(y, 1, 1) > n)
        y--;
    while (day_number(y + 1, 1, 1) <= n)
        y++;
    int32_t r = n - day_number(y, 1, 1);
    int m = 1;
    while (m < 12 && r >= month_days(y, m))
        r -= month_days(y, m++);
    return y * 10000 + m * 100 + (int)r + 1;
}

static int split(int32_t date, int *y, int *m, int *d)
{
    *y = date / 10000;
    *m = date / 100 % 100;
    *d = date % 100;
    return date > 0 && valid(*y, *m, *d);
}

int32_t sd_date_add_days(int32_t date, int32_t n)
{
    int y, m, d;
    if (!split(date, &y, &m, &d))
        return 0;
    int32_t k = day_number(y, m, d) + n;
    if (k < 0 || k > day_number(9999, 12, 31))
        return 0;
    return from_day_number(k);
}

int sd_date_weekday(int32_t date)
{
    int y, m, d;
    if (!split(date, &y, &m, &d))
        return -1;
    return (int)(day_number(y, m, d) % 7);
}

/* ----------------------------------------------------------- resolver */

/* The first day of month m of year y shifted by dm months. */
static int32_t month_start(int y, int m, int dm)
{
    int k = y * 12 + (m - 1) + dm;
    if (k < 12 || k >= 10000 * 12)
        return 0;
    return (k / 12) * 10000 + (k % 12 + 1) * 100 + 1;
}

int32_t sd_date_resolve(const sd_date_expr *x, int32_t article, int future)
{
    int ay = 0, am = 0, ad = 0;
    int known = split(article, &ay, &am, &ad);
    switch ((sd_date_kind)x->kind) {
    case SD_DX_DAY:
        return valid(x->year, x->month, x->day) ? x->year * 10000 + x->month * 100 + x->day : 0;
    case SD_DX_YEAR:
        if (known && x->year == ay)
            return -1;
        return x->year * 10000 + 101;
    case SD_DX_MONTHYEAR:
        if (known && x->year == ay && x->month == am)
            return -1;
        return x->year * 10000 + x->month * 100 + 1;
    case SD_DX_VAGUE:
        return -1;
    default:
        break;
    }
    if (!known)
        return 0;
    switch ((sd_date_kind)x->kind) {
    case SD_DX_MONTHDAY: {
        /* the year that puts it on or before (after) the article date */
        int y = ay;
        int32_t md = x->month * 100 + x->day, amd = am * 100 + ad;
        if (!future && md > amd)
            y--;
        if (future && md < amd)
            y++;
        return valid(y, x->month, x->day) ? y * 10000 + md : 0;
    }
    case SD_DX_MONTH: {
        if (x->month == am && !x->past && !x->future)
            return -1;
        int y = ay;
        if (future ? x->month <= am : x->month >= am)
            y += future ? 1 : -1;
        return y * 10000 + x->month * 100 + 1;
    }
    case SD_DX_WEEKDAY: {
        int w = sd_date_weekday(article);
        int back = (w - x->wday + 7) % 7;   /* days back to the latest one  */
        int ahead = (x->wday - w + 7) % 7;  /* days on to the next one      */
        if (x->rel == SD_REL_LAST || (x->rel == SD_REL_BARE && x->past))
            return sd_date_add_days(article, back ? -back : -7);
        if (x->rel == SD_REL_NEXT || future)
            return sd_date_add_days(article, ahead ? ahead : 7);
        return sd_date_add_days(article, -back);
    }
    case SD_DX_DAYS:
        return sd_date_add_days(article, x->n);
    case SD_DX_MONTHS:
        return x->n ? month_start(ay, am, x->n) : -1;
    case SD_DX_YEARS:
        return x->n ? (ay + x->n) * 10000 + 101 : -1;
    default:
        return 0;
    }
}

/* --------------------------------------------------------- recogniser */

static int month_of(const char *w, int *abbr)
{
    static const struct {
        const char *name;
        int month, abbr;
    } months[] = {
        {"january", 1, 0},   {"jan.", 1, 1},  {"jan", 1, 1},       {"february", 2, 0},
        {"feb.", 2, 1},      {"feb", 2, 1},   {"march", 3, 0},     {"mar.", 3, 1},
        {"april", 4, 0},     {"apr.", 4, 1},  {"apr", 4, 1},       {"may", 5, 0},
        {"june", 6, 0},      {"jun.", 6, 1},  {"july", 7, 0},      {"jul.", 7, 1},
        {"august", 8, 0},    {"aug.", 8, 1},  {"aug", 8, 1},       {"september", 9, 0},
        {"sept.", 9, 1},     {"sep.", 9, 1},  {"sept", 9, 1},      {"october", 10, 0},
        {"oct.", 10, 1},     {"oct", 10, 1},  {"november", 11, 0}, {"nov.", 11, 1},
        {"nov", 11, 1},      {"december", 12, 0}, {"dec.", 12, 1}, {"dec", 12, 1},
        {NULL, 0, 0}};
    switch (w[0]) {
    case 'j': case 'f': case 'm': case 'a': case 's': case 'o': case 'n': case 'd':
        break;
    default:
        return 0;
    }
    for (size_t i = 0; months[i].name; i++)
        if (months[i].name[0] == w[0] && strcmp(months[i].name, w) == 0) {
            *abbr = months[i].abbr;
            return months[i].month;
        }
    return 0;
}

/* 0 = Monday .. 6 = Sunday, -1 when w is not a weekday name. */
static int weekday_of(const char *w)
{
    static const char *const days[] = {"monday", "tuesday", "wednesday", "thursday",
                                       "friday", "saturday", "sunday"};
    switch (w[0]) {
    case 'm': case 't': case 'w': case 'f': case 's':
        break;
    default:
        return -1;
    }
    for (int i = 0; i < 7; i++)
        if (days[i][0] == w[0] && strcmp(days[i], w) == 0)
            return i;
    return -1;
}

/* The value of a day or year number: digits only, or a day with its
 * ordinal suffix ("3rd", "15th"); -1 otherwise.  *digits gets the number
 * of digits. */
static int number_of(const sd_token *t, int *digits)
{
    if (!(t->flags & SD_TOK_NUM))
        return -1;
    const char *s = t->lower;
    int v = 0, n = 0;
    while (s[n] >= '0' && s[n] <= '9' && n < 5)
        v = v * 10 + (s[n++] - '0');
    *digits = n;
    if (s[n] == '\0')
        return v;
    if (n <= 2 && (sd_streq(s + n, "st") || sd_streq(s + n, "nd") ||
                   sd_streq(s + n, "rd") || sd_streq(s + n, "th")))
        return v;
    return -1;
}

static int day_at(const sd_token *t)
{
    int digits = 0, v = number_of(t, &digits);
    return (digits <= 2 && v >= 1 && v <= 31) ? v : 0;
}

static int year_at(const sd_token *t)
{
    int digits = 0, v = number_of(t, &digits);
    return (digits == 4 && v >= 1900 && v <= 2099 && t->lower[4] == '\0') ? v : 0;
}

/* A count before a unit in "two days ago": a number or a number word;
 * -1 for "several", "few", "a few" (vague); 0 for none. */
static int count_of(const sd_token *t)
{
    static const char *const words[] = {"a", "one", "two", "three", "four", "five", "six",
                                        "seven", "eight", "nine", "ten", "eleven", "twelve",
                                        NULL};
    int digits = 0, v = number_of(t, &digits);
    if (v > 0 && v < 1000 && digits <= 3)
        return v;
    if (sd_streq(t->lower, "an"))
        return 1;
    for (int i = 0; words[i]; i++)
        if (t->lower[0] == words[i][0] && strcmp(t->lower, words[i]) == 0)
            return i ? i : 1;
    if (sd_streq(t->lower, "several") || sd_streq(t->lower, "few") ||
        sd_streq(t->lower, "couple"))
        return -1;
    return 0;
}

/* day / week / month / year (and plurals): 1, 7, 30, 365; 0 otherwise. */
static int unit_of(const char *w)
{
    if (sd_streq(w, "day") || sd_streq(w, "days"))
        return 1;
    if (sd_streq(w, "week") || sd_streq(w, "weeks"))
        return 7;
    if (sd_streq(w, "month") || sd_streq(w, "months"))
        return 30;
    if (sd_streq(w, "year") || sd_streq(w, "years"))
        return 365;
    return 0;
}

static int is_word(const sd_token *t, const char *w) { return strcmp(t->lower, w) == 0; }

static int part_of_day(const sd_token *t)
{
    return is_word(t, "morning") || is_word(t, "afternoon") || is_word(t, "evening") ||
           is_word(t, "night");
}

static int month_token(const sd_token *t, int *abbr)
{
    return (t->flags & SD_TOK_CAP) ? month_of(t->lower, abbr) : 0;
}

/* The preposition (or determiner) before token p's phrase. */
static sd_date_prep prep_before(const sd_token *tok, size_t first, size_t start)
{
    if (start <= first)
        return SD_DP_NONE;
    const sd_token *t = &tok[start - 1];
    if (t->flags & SD_TOK_POSS)
        return SD_DP_ATTR;
    if (!(t->flags & SD_TOK_WORD))
        return SD_DP_NONE;
    static const char *const on[] = {"on", "in", "during", "at", "throughout", "over", NULL};
    static const char *const by[] = {"by", "for", NULL};
    static const char *const other[] = {"since", "until", "till", "before", "after", "from",
                                        "to", "through", "of", "than", "between", "ahead",
                                        "prior", "following", "around", "like", NULL};
    static const char *const attr[] = {"the", "a", "an", "its", "his", "her", "their", "our",
                                       "my", "your", "that", "these", "those", NULL};
    for (int i = 0; on[i]; i++)
        if (is_word(t, on[i]))
            return SD_DP_ON;
    for (int i = 0; by[i]; i++)
        if (is_word(t, by[i]))
            return SD_DP_BY;
    for (int i = 0; other[i]; i++)
        if (is_word(t, other[i]))
            return SD_DP_OTHER;
    for (int i = 0; attr[i]; i++)
        if (is_word(t, attr[i]))
            return SD_DP_ATTR;
    return SD_DP_NONE;
}

/* Try to read a date expression starting at token i (end = one past the
 * sentence).  Returns 1 and fills *x, else 0. */
static int read_expr(const sd_token *tok, size_t first, size_t i, size_t end, sd_date_expr *x)
{
    const sd_token *t = &tok[i];
    const sd_token *n1 = i + 1 < end ? &tok[i + 1] : NULL;
    const sd_token *n2 = i + 2 < end ? &tok[i + 2] : NULL;
    const sd_token *n3 = i + 3 < end ? &tok[i + 3] : NULL;
    memset(x, 0, sizeof *x);
    x->start = (uint32_t)i;
    int abbr = 0, m, v;
    if (t->flags & SD_TOK_NUM) {
        const char *s = t->lower;
        /* 2014-02-15 */
        if (strlen(s) == 10 && s[4] == '-' && s[7] == '-') {
            int ok = 1;
            for (int k = 0; k < 10; k++)
                if (k != 4 && k != 7 && !(s[k] >= '0' && s[k] <= '9'))
                    ok = 0;
            if (!ok)
                return 0;
            x->kind = SD_DX_DAY;
            x->year = (int16_t)((s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
                                (s[3] - '0'));
            x->month = (int8_t)((s[5] - '0') * 10 + (s[6] - '0'));
            x->day = (int8_t)((s[8] - '0') * 10 + (s[9] - '0'));
            x->end = (uint32_t)i + 1;
            return valid(x->year, x->month, x->day);
        }
        /* 15 February [2014] */
        if ((v = day_at(t)) && n1 && (m = month_token(n1, &abbr))) {
            x->month = (int8_t)m;
            x->day = (int8_t)v;
            int y = n2 ? year_at(n2) : 0;
            x->kind = y ? SD_DX_DAY : SD_DX_MONTHDAY;
            x->year = (int16_t)y;
            x->end = (uint32_t)i + (y ? 3 : 2);
            return v <= month_days(y ? y : 2000, m);
        }
        /* two days ago */
        int c = n2 && is_word(n2, "ago") ? count_of(t) : 0;
        if (c > 0 && unit_of(n1->lower)) {
            int u = unit_of(n1->lower);
            x->kind = u == 30 ? SD_DX_MONTHS : u == 365 ? SD_DX_YEARS : SD_DX_DAYS;
            x->n = -(u == 30 || u == 365 ? c : c * u);
            x->past = 1;
            x->end = (uint32_t)i + 3;
            return 1;
        }
        /* in 2014 */
        if ((v = year_at(t)) && prep_before(tok, first, i) != SD_DP_NONE &&
            prep_before(tok, first, i) != SD_DP_ATTR) {
            x->kind = SD_DX_YEAR;
            x->year = (int16_t)v;
            x->end = (uint32_t)i + 1;
            return 1;
        }
        return 0;
    }
    if (!(t->flags & SD_TOK_WORD))
        return 0;
    if (t->flags & SD_TOK_CAP) {
        if ((m = month_of(t->lower, &abbr))) {
            x->month = (int8_t)m;
            if (n1 && (v = day_at(n1))) {
                /* February 15[, 2014] */
                int y = 0, at = 2;
                if (n2 && is_word(n2, ",") && n3 && (y = year_at(n3)))
                    at = 4;
                else if (n2 && (y = year_at(n2)))
                    at = 3;
                x->kind = y ? SD_DX_DAY : SD_DX_MONTHDAY;
                x->year = (int16_t)y;
                x->day = (int8_t)v;
                x->end = (uint32_t)(i + at);
                return v <= month_days(y ? y : 2000, m);
            }
            if (n1 && (v = year_at(n1))) {
                x->kind = SD_DX_MONTHYEAR;
                x->year = (int16_t)v;
                x->end = (uint32_t)i + 2;
                return 1;
            }
            /* a month alone only after a preposition: "in March" (not
             * "May" the modal, not "March" the verb) */
            if (abbr)
                return 0;
            size_t s = i;
            if (s > first && (is_word(&tok[s - 1], "early") || is_word(&tok[s - 1], "late") ||
                              is_word(&tok[s - 1], "mid")))
                s--;
            sd_date_prep p = prep_before(tok, first, s);
            if (p == SD_DP_NONE || p == SD_DP_ATTR)
                return 0;
            x->kind = SD_DX_MONTH;
            x->start = (uint32_t)s;
            x->end = (uint32_t)i + 1;
            return 1;
        }
        int w = weekday_of(t->lower);
        if (w >= 0 && n1) {
            /* "Thursday, February 24": the calendar date names the day */
            size_t at = i + 1 + (is_word(n1, ",") ? 1 : 0);
            if (at < end && month_token(&tok[at], &abbr) &&
                read_expr(tok, first, at, end, x) && x->kind != SD_DX_MONTH) {
                x->start = (uint32_t)i;
                return 1;
            }
            memset(x, 0, sizeof *x);
            x->start = (uint32_t)i;
        }
        if (w >= 0) {
            x->kind = SD_DX_WEEKDAY;
            x->wday = (int8_t)w;
            x->end = (uint32_t)i + 1;
            if (n1 && (n1->flags & SD_TOK_POSS))
                x->poss = 1;
            else if (n1 && part_of_day(n1))
                x->end++;
            return 1;
        }
        /* capitalised deixis at a sentence start falls through */
    }
    const char *w = t->lower;
    /* two days ago, a week ago, several months ago */
    int c = n2 && is_word(n2, "ago") ? count_of(t) : 0;
    if (c && unit_of(n1->lower)) {
        int u = unit_of(n1->lower);
        x->past = 1;
        x->end = (uint32_t)i + 3;
        if (c < 0) {
            x->kind = SD_DX_VAGUE;
            return 1;
        }
        x->kind = u == 30 ? SD_DX_MONTHS : u == 365 ? SD_DX_YEARS : SD_DX_DAYS;
        x->n = -(u == 30 || u == 365 ? c : c * u);
        return 1;
    }
    switch (w[0]) {
    case 'y':
        if (sd_streq(w, "yesterday")) {
            x->kind = SD_DX_DAYS;
            x->n = -1;
            x->past = 1;
            x->end = (uint32_t)i + 1;
            return 1;
        }
        return 0;
    case 't':
        if (sd_streq(w, "today") || sd_streq(w, "tonight")) {
            x->kind = SD_DX_DAYS;
            x->end = (uint32_t)i + 1;
            return 1;
        }
        if (sd_streq(w, "tomorrow")) {
            x->kind = SD_DX_DAYS;
            x->n = 1;
            x->future = 1;
            x->end = (uint32_t)i + 1;
            return 1;
        }
        if (!sd_streq(w, "this"))
            return 0;
        break;
    case 'l':
        if (!sd_streq(w, "last"))
            return 0;
        break;
    case 'n':
        if (!sd_streq(w, "next"))
            return 0;
        break;
    case 'e':
        /* earlier this week / earlier today */
        if (!sd_streq(w, "earlier"))
            return 0;
        if (n1 && is_word(n1, "today")) {
            x->kind = SD_DX_DAYS;
            x->end = (uint32_t)i + 2;
            return 1;
        }
        if (n1 && is_word(n1, "this") && n2 &&
            (is_word(n2, "week") || is_word(n2, "month") || is_word(n2, "year"))) {
            x->kind = SD_DX_VAGUE;
            x->past = 1;
            x->end = (uint32_t)i + 3;
            return 1;
        }
        return 0;
    case 'a':
    case 'o':
    case 's':
    case 'f':
        /* a week ago, one month ago, several days ago, a few days ago */
        if (sd_streq(w, "a") && n1 && is_word(n1, "few") && n2 && n3 &&
            unit_of(n2->lower) && is_word(n3, "ago")) {
            x->kind = SD_DX_VAGUE;
            x->past = 1;
            x->end = (uint32_t)i + 4;
            return 1;
        }
        return 0;
    default:
        return 0;
    }
    /* this / last / next + weekday, part of day, week, month, year */
    if (!n1)
        return 0;
    int last = w[0] == 'l', next = w[0] == 'n';
    int wd = (n1->flags & SD_TOK_CAP) ? weekday_of(n1->lower) : -1;
    x->end = (uint32_t)i + 2;
    x->past = (uint8_t)last;
    x->future = (uint8_t)next;
    if (wd >= 0) {
        x->kind = SD_DX_WEEKDAY;
        x->wday = (int8_t)wd;
        x->rel = last ? SD_REL_LAST : next ? SD_REL_NEXT : SD_REL_THIS;
        if (n2 && part_of_day(n2))
            x->end++;
        return 1;
    }
    if ((m = month_token(n1, &abbr)) && !abbr) {
        x->kind = SD_DX_MONTH;
        x->month = (int8_t)m;
        return 1;
    }
    if (is_word(n1, "night") && !next) {
        x->kind = SD_DX_DAYS;
        x->n = last ? -1 : 0;
        return 1;
    }
    if ((is_word(n1, "morning") || is_word(n1, "afternoon") || is_word(n1, "evening")) &&
        !last && !next) {
        x->kind = SD_DX_DAYS;
        return 1;
    }
    if (is_word(n1, "week") || is_word(n1, "weekend")) {
        x->kind = SD_DX_VAGUE;
        return 1;
    }
    if (is_word(n1, "month") || is_word(n1, "year")) {
        x->kind = is_word(n1, "month") ? SD_DX_MONTHS : SD_DX_YEARS;
        x->n = last ? -1 : next ? 1 : 0;
        return 1;
    }
    return 0;
}

size_t sd_dates_find(const sd_doc *doc, size_t first, size_t count, sd_date_expr *out,
                     size_t max)
{
    const sd_token *tok = doc->tok;
    size_t end = first + count, n = 0;
    for (size_t i = first; i < end; i++) {
        const sd_token *t = &tok[i];
        /* cheap filter: only tokens that can start a date */
        char c = t->lower[0];
        if (!(t->flags & (SD_TOK_NUM | SD_TOK_CAP)) &&
            !(c == 'y' || c == 't' || c == 'l' || c == 'n' || c == 'e') &&
            !(i + 2 < end && tok[i + 2].lower[0] == 'a' && is_word(&tok[i + 2], "ago")) &&
            !(c == 'a' && i + 3 < end && is_word(&tok[i + 3], "ago")))
            continue;
        sd_date_expr x;
        if (!read_expr(tok, first, i, end, &x))
            continue;
        if (x.prep == SD_DP_NONE)
            x.prep = (uint8_t)prep_before(tok, first, x.start);
        /* "in November 17 municipal elections": "in" does not take a day;
         * the day names the noun after it */
        if (x.start > first && is_word(&tok[x.start - 1], "in") && !x.poss &&
            (x.kind == SD_DX_DAY || x.kind == SD_DX_MONTHDAY || x.kind == SD_DX_WEEKDAY))
            x.prep = SD_DP_ATTR;
        /* "the last week", "the next month": spans of time, not dates */
        if (x.prep == SD_DP_ATTR && (x.kind == SD_DX_VAGUE || x.kind == SD_DX_MONTHS ||
                                     x.kind == SD_DX_YEARS))
            continue;
        if (n < max)
            out[n] = x;
        n++;
        i = x.end - 1;
    }
    return n;
}

/* ----------------------------------------------------- article dates */

static const char *date_string(saydo_result *result, int32_t date)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", (int)(date / 10000), (int)(date / 100 % 100),
             (int)(date % 100));
    return sd_arena_strdup(&result->arena, buf);
}

int sd_dates_article(saydo_result *result)
{
    const sd_doc *doc = &result->doc;
    for (size_t i = 0; !result->date && i < doc->nsent && i < 8; i++) {
        const sd_sentence *s = &doc->sent[i];
        if (s->kind != SAYDO_SENT_DATELINE)
            continue;
        sd_date_expr x[4];
        size_t n = sd_dates_find(doc, s->tok_first, s->tok_count, x, 4);
        for (size_t k = 0; k < n && k < 4; k++)
            if (x[k].kind == SD_DX_DAY) {
                result->date = sd_date_resolve(&x[k], 0, 0);
                break;
            }
    }
    result->date_text = result->date > 0 ? date_string(result, result->date) : "";
    return result->date_text ? 0 : SAYDO_ERR_NOMEM;
}

const char *saydo_result_date(const saydo_result *result)
{
    return result && result->date_text ? result->date_text : "";
}

/* ---------------------------------------------------------- attachment */

/* The first token of sentence tokens [first, end) whose original offset is
 * at or after off. */
static size_t token_at(const sd_doc *doc, size_t first, size_t end, size_t off)
{
    size_t lo = first, hi = end;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sd_doc_orig(doc, doc->tok[mid].start) < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < end ? lo : end - 1;
}

static int is_boundary(const sd_token *tok, const uint32_t *wc, size_t first, size_t t)
{
    if (wc[t - first] & WC_CLAUSE)
        return 1;
    return (tok[t].flags & SD_TOK_PUNCT) && (sd_streq(tok[t].lower, ";") ||
                                             sd_streq(tok[t].lower, ":"));
}

/* The speech verb a date expression dates ("said Tuesday", "said in a
 * statement on Tuesday", "on Tuesday said"): its token, or (size_t)-1. */
static size_t speech_verb(const sd_token *tok, const uint32_t *wc, size_t first, size_t end,
                          const sd_date_expr *x)
{
    size_t s = x->start;
    if (x->prep != SD_DP_NONE && s > first)
        s--;
    for (size_t t = s, k = 0; t-- > first && k < 5; k++) {
        if (wc[t - first] & WC_SAY)
            return t;
        if ((tok[t].flags & (SD_TOK_PUNCT | SD_TOK_QUOTE)) || (wc[t - first] & WC_CLAUSE))
            break;
    }
    if (x->end < end && (wc[x->end - first] & WC_SAY))
        return x->end;
    return (size_t)-1;
}

/* Is t a present-tense third-person verb form ("visits", "meets",
 * "carries")? */
static int present_s(const sd_token *t)
{
    size_t n = strlen(t->lower), m = strlen(t->lemma);
    if (n < 3 || t->lower[n - 1] != 's' || strcmp(t->lower, t->lemma) == 0 ||
        strncmp(t->lower, t->lemma, m > 1 ? m - 1 : m) != 0)
        return 0;
    return n == m + 1 || (n == m + 2 && t->lower[n - 2] == 'e') ||
           (n == m + 2 && t->lemma[m - 1] == 'y' && sd_streq(t->lower + m - 1, "ies"));
}

/* Can x name a day on either side of the article date (a bare weekday, a
 * month and day, a month)? */
static int either_side(const sd_date_expr *x)
{
    return (x->kind == SD_DX_WEEKDAY && (x->rel == SD_REL_BARE || x->rel == SD_REL_THIS)) ||
           x->kind == SD_DX_MONTHDAY || x->kind == SD_DX_MONTH;
}

/* Can x date an event at all (not "the 2014 treaty", "since March")? */
static int eventive(const sd_date_expr *x, int intended)
{
    if (x->prep == SD_DP_OTHER || x->prep == SD_DP_ATTR)
        return 0;
    if (x->prep == SD_DP_BY && !intended)
        return 0;
    if (x->poss && x->prep != SD_DP_ON)
        return 0; /* "Sunday's election": the day of the election */
    return 1;
}

/* The best date expression of one role for an event: the nearest one
 * within eight tokens after its verb, else the nearest. */
typedef struct pick {
    const sd_date_expr *x;
    size_t dist;
    int after;
} pick;

static void consider(pick *p, const sd_date_expr *x, size_t v, size_t ve)
{
    size_t d = x->start >= ve ? x->start - ve : v > x->end ? v - x->end : 0;
    int after = x->start >= ve && d <= 8; /* right after the verb phrase */
    if (!p->x || (after && !p->after) || (after == p->after && d < p->dist)) {
        p->x = x;
        p->dist = d;
        p->after = after;
    }
}

/* Index of the first of sorted[0..n) that is >= pos. */
static size_t lower_bound(const size_t *sorted, size_t n, size_t pos)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Is there the verb of another event of the sentence in tokens [a, b)?
 * Then a date beyond it is that event's ("attacked Kharkiv on Monday and
 * shelled Kyiv on Tuesday").  verbs is sorted; v is this event's verb. */
static int verb_between(const size_t *verbs, size_t nverbs, size_t v, size_t a, size_t b)
{
    if (b <= a)
        return 0;
    size_t n = lower_bound(verbs, nverbs, b) - lower_bound(verbs, nverbs, a);
    if (v >= a && v < b)
        n -= lower_bound(verbs, nverbs, v + 1) - lower_bound(verbs, nverbs, v);
    return n > 0;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Index of the first expression of xs[0..nx) (sorted, disjoint) that ends
 * after token pos. */
static size_t first_ending_after(const sd_date_expr *xs, size_t nx, size_t pos)
{
    size_t lo = 0, hi = nx;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (xs[mid].end <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* An infinitive ("to" before a bare verb form) in tokens [a, b)? */
static int infinitive_between(const sd_token *tok, const uint32_t *wc, size_t first, size_t a,
                              size_t b)
{
    for (size_t t = a; t + 1 < b; t++) {
        const sd_token *n = &tok[t + 1];
        if (is_word(&tok[t], "to") && (n->flags & SD_TOK_WORD) &&
            !(n->flags & (SD_TOK_CAP | SD_TOK_NUM)) && strcmp(n->lower, n->lemma) == 0 &&
            !(wc[t + 1 - first] & (WC_DET | WC_POSS | WC_GEO)))
            return 1;
    }
    return 0;
}

/* A past participle modifying a noun after the verb ("the agreement
 * signed in March", "areas controlled by rebels on Monday") in tokens
 * (a, b): a past form in -ed that a preposition or the date itself
 * follows, not after a form of "be".  ("armed protesters": the participle stands before its noun.) */
static int participle_between(const sd_token *tok, const uint32_t *wc, size_t first,
                              size_t a, size_t b)
{
    static const char *const after[] = {"in", "on", "at", "by", "during", "last", "this",
                                        "earlier", NULL};
    for (size_t t = a + 1; t < b; t++) {
        if (wc[t - 1 - first] & WC_BE)
            continue; /* "was attacked on Monday": the verb itself */
        size_t n = strlen(tok[t].lower);
        if (n < 4 || !sd_streq(tok[t].lower + n - 2, "ed") ||
            strcmp(tok[t].lower, tok[t].lemma) == 0 || (tok[t].flags & SD_TOK_CAP))
            continue;
        if (t + 1 == b)
            return 1;
        for (int i = 0; after[i]; i++)
            if (is_word(&tok[t + 1], after[i]))
                return 1;
    }
    return 0;
}

/* Does the intended date d of x lie before the article date (the whole
 * period, for a month or a year)? */
static int before_article(const sd_date_expr *x, int32_t d, int32_t art)
{
    if (x->kind == SD_DX_YEAR || x->kind == SD_DX_YEARS)
        return d / 10000 < art / 10000;
    if (x->kind == SD_DX_MONTHYEAR || x->kind == SD_DX_MONTH || x->kind == SD_DX_MONTHS)
        return d / 100 < art / 100;
    return d < art;
}

static int set_event_date(saydo_result *result, saydo_event *ev, const sd_date_expr *dx,
                          int32_t date, const sd_date_expr *ix, int32_t intended)
{
    const sd_doc *doc = &result->doc;
    if (date > 0) {
        ev->date = date_string(result, date);
        if (!ev->date)
            return SAYDO_ERR_NOMEM;
        ev->date_span = sd_result_span(result, doc->tok[dx->start].start,
                                       doc->tok[dx->end - 1].end);
    }
    if (intended > 0) {
        ev->date_intended = date_string(result, intended);
        if (!ev->date_intended)
            return SAYDO_ERR_NOMEM;
        ev->date_span = sd_result_span(result, doc->tok[ix->start].start,
                                       doc->tok[ix->end - 1].end);
    }
    return 0;
}

static int attach_sentence(const saydo_coder *coder, saydo_result *result, size_t si,
                           saydo_event *evs, size_t nev, unsigned char *drop)
{
    const sd_doc *doc = &result->doc;
    const sd_sentence *s = &doc->sent[si];
    size_t first = s->tok_first, count = s->tok_count, end = first + count;
    if (count == 0)
        return 0;
    sd_date_expr small[8];
    sd_date_expr *xs = small;
    size_t nx = sd_dates_find(doc, first, count, small, 8);
    if (nx == 0)
        return 0;
    if (nx > 8) {
        xs = sd_arena_alloc(&result->arena, nx * sizeof *xs);
        if (!xs)
            return SAYDO_ERR_NOMEM;
        sd_dates_find(doc, first, count, xs, nx);
    }
    /* the word classes the event coder found for this sentence, else
     * found again */
    const uint32_t *wc = result->sent_wc ? result->sent_wc[si] : NULL;
    size_t *say = sd_arena_alloc(&result->arena, nx * sizeof *say);
    if (!say)
        return SAYDO_ERR_NOMEM;
    if (!wc) {
        uint32_t *found = sd_arena_alloc(&result->arena, count * sizeof *found);
        if (!found)
            return SAYDO_ERR_NOMEM;
        int rc = sd_code_word_classes(coder, doc, first, count, found);
        if (rc)
            return rc;
        wc = found;
    }
    for (size_t k = 0; k < nx; k++)
        say[k] = speech_verb(doc->tok, wc, first, end, &xs[k]);
    const sd_token *tok = doc->tok;
    int32_t art = result->date;
    size_t *verbs = sd_arena_alloc(&result->arena, 2 * nev * sizeof *verbs);
    if (!verbs)
        return SAYDO_ERR_NOMEM;
    size_t *sorted = verbs + nev;
    for (size_t e = 0; e < nev; e++)
        sorted[e] = verbs[e] = token_at(doc, first, end, evs[e].verb_span.start);
    qsort(sorted, nev, sizeof *sorted, cmp_size);
    for (size_t e = 0; e < nev; e++) {
        saydo_event *ev = &evs[e];
        size_t v = verbs[e];
        size_t ve = v + 1;
        while (ve < end && sd_doc_orig(doc, tok[ve].start) < ev->verb_span.end)
            ve++;
        /* a verb pattern inside a date ("on March 3", "May 1") is part of
         * the date, not an act */
        size_t kv = first_ending_after(xs, nx, v);
        if (kv < nx && xs[kv].start <= v && ve <= xs[kv].end) {
            drop[e] = 1;
            continue;
        }
        size_t lo = v > first + SD_DATE_WINDOW ? v - SD_DATE_WINDOW : first;
        size_t hi = ve + SD_DATE_WINDOW < end ? ve + SD_DATE_WINDOW : end;
        size_t left = lo, right = hi;
        for (size_t t = v; t-- > lo;)
            if (is_boundary(tok, wc, first, t)) {
                left = t + 1;
                break;
            }
        for (size_t t = ve; t < hi; t++)
            if (is_boundary(tok, wc, first, t)) {
                right = t;
                break;
            }
        int intended = ev->mood == SAYDO_MOOD_INTENDED;
        /* "Blinken travels to Moscow on Friday": a present-tense act in
         * the body may be scheduled; a day that could lie either side of
         * the article date does not date it */
        int present = s->kind == SAYDO_SENT_BODY && !intended && present_s(&tok[v]);
        pick own = {NULL, 0, 0}, speech = {NULL, 0, 0}, announced = {NULL, 0, 0};
        /* only the expressions in the window: O(log n) to find them */
        for (size_t k = first_ending_after(xs, nx, lo); k < nx && xs[k].start < hi; k++) {
            const sd_date_expr *x = &xs[k];
            if ((present && either_side(x)) || !eventive(x, intended))
                continue;
            size_t w = say[k];
            /* the date of a speech verb that is not this event's verb and
             * not separated from the date by it */
            int of_speech = w != (size_t)-1 && !(w >= v && w < ve) &&
                            !(w < v && v < x->start) && !(w >= x->end && v < x->start);
            if (of_speech) {
                if (!x->future)
                    consider(&speech, x, v, ve);
                continue;
            }
            if (x->end <= left || x->start >= right)
                continue;
            if (x->start >= ve ? verb_between(sorted, nev, v, ve, x->start)
                               : verb_between(sorted, nev, v, x->end, v))
                continue;
            /* time adverbials stand near their verb */
            if ((x->start >= ve ? x->start - ve : x->end <= v ? v - x->end : 0) > SD_OWN_REACH)
                continue;
            /* "ordered Menem to appear October 16": the date of the
             * infinitive, not of the order */
            if (x->start >= ve && infinitive_between(tok, wc, first, ve, x->start))
                continue;
            /* "violated the agreement signed in March 2001": the date of
             * the participle */
            if (x->start >= ve && participle_between(tok, wc, first, v, x->start))
                continue;
            if (!intended) {
                if (!x->future)
                    consider(&own, x, v, ve);
                continue;
            }
            /* intended act: a past date or one before an intention word
             * ("on Monday vowed to withdraw") is when it was announced */
            int before_intent = 0;
            for (size_t t = x->end; t < v && x->end <= v; t++)
                if (wc[t - first] & (WC_INTENT | WC_SAY))
                    before_intent = 1;
            if (x->past || before_intent)
                consider(&announced, x, v, ve);
            else
                consider(&own, x, v, ve);
        }
        const sd_date_expr *dx = NULL, *ix = NULL;
        int32_t date = -1, idate = 0;
        if (!intended) {
            dx = own.x ? own.x : speech.x;
            if (dx)
                date = sd_date_resolve(dx, art, 0);
            /* what happened or was said cannot lie after the article */
            if (date > 0 && art && date > art)
                date = -1;
        } else {
            dx = announced.x ? announced.x : speech.x;
            if (dx)
                date = sd_date_resolve(dx, art, 0);
            if (own.x) {
                ix = own.x;
                idate = sd_date_resolve(ix, art, 1);
                /* what is intended lies ahead: "to hand over the suspects
                 * of a bombing in 1988" does not date the handing over */
                if (idate > 0 && art && before_article(ix, idate, art))
                    idate = 0;
            }
        }
        if (date < 0)
            dx = NULL; /* vague: the article date stands */
        int rc = set_event_date(result, ev, dx, date, ix, idate);
        if (rc)
            return rc;
    }
    return 0;
}

int sd_dates_attach(const saydo_coder *coder, saydo_result *result)
{
    const char *art = result->date_text ? result->date_text : "";
    if (result->nev == 0)
        return 0;
    unsigned char *drop = sd_arena_calloc(&result->arena, result->nev, 1);
    if (!drop)
        return SAYDO_ERR_NOMEM;
    for (size_t i = 0; i < result->nev; i++)
        result->ev[i].date = art;
    for (size_t i = 0; i < result->nev;) {
        size_t j = i;
        while (j < result->nev && result->ev[j].sentence == result->ev[i].sentence)
            j++;
        int rc = attach_sentence(coder, result, result->ev[i].sentence, result->ev + i, j - i,
                                 drop + i);
        if (rc)
            return rc;
        i = j;
    }
    size_t n = 0;
    for (size_t i = 0; i < result->nev; i++)
        if (!drop[i])
            result->ev[n++] = result->ev[i];
    result->nev = n;
    return 0;
}
