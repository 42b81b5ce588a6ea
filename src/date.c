/*
 * date.c -- the one date normaliser: a date as news sources write it ->
 * the UTC calendar day YYYY-MM-DD.
 *
 * Accepted (leading and trailing white space ignored):
 *   ISO 8601 / RFC 3339   2024-02-05, 2024-02-05T14:30, 2024-02-05 14:30:00,
 *                         2024-02-05T14:30:00.123Z, ...+01:00, ...-0500, ...+01
 *   basic ISO 8601        20240205, 20240205T143000Z, 20240205T1430+0100
 *   RFC 822 / 1123 / 2822 Mon, 05 Feb 2024 14:30:00 +0100; 5 Feb 24 14:30 GMT;
 *                         zones UT UTC GMT Z EST EDT CST CDT MST MDT PST PDT,
 *                         other single letters and unknown names as UTC
 *                         (RFC 2822 section 4.3); two-digit years 00-49 are
 *                         20xx, 50-99 19xx
 * A time with a zone offset is moved to UTC, which may change the day
 * (2024-02-05T23:30:00-02:00 is 2024-02-06).  A time without a zone is
 * taken as UTC.  Anything else, or a day the month does not have, is
 * refused.
 *
 * It is also the library's one home of calendar arithmetic (article.h):
 * days in a month, day numbers and back, the day of the year, the next
 * period of a series; article.c's sd_date_valid checks dates with it.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "article.h"
#include "error.h"

typedef struct scan {
    const char *p, *end;
} scan;

static int digits(scan *s, int count, int *out)
{
    int v = 0;
    for (int i = 0; i < count; i++) {
        if (s->p >= s->end || !isdigit((unsigned char)*s->p))
            return 0;
        v = v * 10 + (*s->p++ - '0');
    }
    *out = v;
    return 1;
}

static int eat(scan *s, char c)
{
    if (s->p < s->end && *s->p == c) {
        s->p++;
        return 1;
    }
    return 0;
}

static void skip_space(scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t'))
        s->p++;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
long long sd_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void sd_civil_from_days(long long z, int *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static void format_day(int y, int m, int d, char out[11])
{
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}

/* Write the UTC day of local date y-m-d at minute-of-day minutes with zone
 * offset zone_min (local = UTC + offset).  0 when the local date is not a
 * calendar date (sd_date_valid, the one check) or the day leaves 0001-9999. */
static int emit(int y, int m, int d, int minutes, int zone_min, char out[11])
{
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    format_day(y, m, d, out);
    if (!sd_date_valid(out, 10))
        return 0;
    long long days = sd_days_from_civil(y, m, d);
    int utc = minutes - zone_min;
    if (utc < 0)
        days--;
    else if (utc >= 24 * 60)
        days++;
    sd_civil_from_days(days, &y, &m, &d);
    if (y < 1 || y > 9999)
        return 0;
    format_day(y, m, d, out);
    return 1;
}

/* A time hh:mm[:ss[.frac]] (or hhmm[ss] when basic); minutes of the day. */
static int parse_time(scan *s, int basic, int *minutes)
{
    int hh, mm, ss = 0;
    if (!digits(s, 2, &hh))
        return 0;
    if (!basic && !eat(s, ':'))
        return 0;
    if (!digits(s, 2, &mm))
        return 0;
    if (basic ? (s->p < s->end && isdigit((unsigned char)*s->p)) : eat(s, ':')) {
        if (!digits(s, 2, &ss))
            return 0;
        if (eat(s, '.') || eat(s, ',')) {
            if (s->p >= s->end || !isdigit((unsigned char)*s->p))
                return 0;
            while (s->p < s->end && isdigit((unsigned char)*s->p))
                s->p++;
        }
    }
    if (hh > 24 || mm > 59 || ss > 60 || (hh == 24 && (mm || ss)))
        return 0;
    *minutes = hh * 60 + mm;
    return 1;
}

/* A numeric zone +hh[:mm] / +hhmm / -..., or Z. */
static int parse_offset(scan *s, int *zone)
{
    if (eat(s, 'Z') || eat(s, 'z')) {
        *zone = 0;
        return 1;
    }
    int sign = eat(s, '+') ? 1 : eat(s, '-') ? -1 : 0;
    int hh, mm = 0;
    if (!sign || !digits(s, 2, &hh))
        return 0;
    if (eat(s, ':')) {
        if (!digits(s, 2, &mm))
            return 0;
    } else if (s->p < s->end && isdigit((unsigned char)*s->p)) {
        if (!digits(s, 2, &mm))
            return 0;
    }
    if (hh > 23 || mm > 59)
        return 0;
    *zone = sign * (hh * 60 + mm);
    return 1;
}

static int parse_iso(scan s, char out[11])
{
    int y, m, d, minutes = 0, zone = 0, basic;
    if (!digits(&s, 4, &y))
        return 0;
    basic = !eat(&s, '-');
    if (!digits(&s, 2, &m) || (!basic && !eat(&s, '-')) || !digits(&s, 2, &d))
        return 0;
    if (s.p < s.end && (*s.p == 'T' || *s.p == 't' || (*s.p == ' ' && !basic))) {
        s.p++;
        if (!parse_time(&s, basic, &minutes))
            return 0;
        skip_space(&s);
        if (s.p < s.end && !parse_offset(&s, &zone))
            return 0;
    }
    if (s.p != s.end)
        return 0;
    return emit(y, m, d, minutes, zone, out);
}

static int month_number(const char *p, size_t n)
{
    static const char *const names[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                          "jul", "aug", "sep", "oct", "nov", "dec"};
    if (n < 3)
        return 0;
    for (int i = 0; i < 12; i++)
        if (strncasecmp(p, names[i], 3) == 0)
            return i + 1;
    return 0;
}

static int named_zone(const char *p, size_t n, int *zone)
{
    static const struct {
        const char *name;
        int minutes;
    } zones[] = {{"UT", 0},        {"UTC", 0},       {"GMT", 0},       {"Z", 0},
                 {"EST", -5 * 60}, {"EDT", -4 * 60}, {"CST", -6 * 60}, {"CDT", -5 * 60},
                 {"MST", -7 * 60}, {"MDT", -6 * 60}, {"PST", -8 * 60}, {"PDT", -7 * 60}};
    for (size_t i = 0; i < sizeof zones / sizeof *zones; i++)
        if (strlen(zones[i].name) == n && strncasecmp(p, zones[i].name, n) == 0) {
            *zone = zones[i].minutes;
            return 1;
        }
    for (size_t i = 0; i < n; i++)
        if (!isalpha((unsigned char)p[i]))
            return 0;
    *zone = 0; /* RFC 2822 4.3: other names are taken as UTC */
    return n > 0 && n <= 5;
}

static int parse_rfc822(scan s, char out[11])
{
    int d, y = 0, minutes = 0, zone = 0;
    /* optional day name and comma */
    if (s.p < s.end && isalpha((unsigned char)*s.p)) {
        while (s.p < s.end && isalpha((unsigned char)*s.p))
            s.p++;
        eat(&s, ',');
        skip_space(&s);
    }
    const char *day_at = s.p;
    while (s.p < s.end && isdigit((unsigned char)*s.p))
        s.p++;
    size_t nd = (size_t)(s.p - day_at);
    if (nd < 1 || nd > 2)
        return 0;
    d = day_at[0] - '0';
    if (nd == 2)
        d = d * 10 + (day_at[1] - '0');
    skip_space(&s);
    eat(&s, '-');
    const char *mon_at = s.p;
    while (s.p < s.end && isalpha((unsigned char)*s.p))
        s.p++;
    int m = month_number(mon_at, (size_t)(s.p - mon_at));
    if (!m)
        return 0;
    skip_space(&s);
    eat(&s, '-');
    const char *year_at = s.p;
    while (s.p < s.end && isdigit((unsigned char)*s.p))
        s.p++;
    size_t ny = (size_t)(s.p - year_at);
    if (ny == 2) {
        y = (year_at[0] - '0') * 10 + (year_at[1] - '0');
        y += y < 50 ? 2000 : 1900;
    } else if (ny == 4) {
        scan ys = {year_at, year_at + 4};
        digits(&ys, 4, &y);
    } else {
        return 0;
    }
    skip_space(&s);
    if (s.p < s.end) {
        if (!parse_time(&s, 0, &minutes))
            return 0;
        skip_space(&s);
        if (s.p < s.end) {
            if (*s.p == '+' || *s.p == '-') {
                if (!parse_offset(&s, &zone))
                    return 0;
            } else {
                const char *z = s.p;
                while (s.p < s.end && isalpha((unsigned char)*s.p))
                    s.p++;
                if (!named_zone(z, (size_t)(s.p - z), &zone))
                    return 0;
            }
            skip_space(&s);
            /* a trailing comment such as "(CET)" */
            if (s.p < s.end && *s.p == '(') {
                const char *close = memchr(s.p, ')', (size_t)(s.end - s.p));
                if (!close)
                    return 0;
                s.p = close + 1;
                skip_space(&s);
            }
        }
    }
    if (s.p != s.end)
        return 0;
    return emit(y, m, d, minutes, zone, out);
}

int sd_date_normalize(const char *text, size_t n, char out[11])
{
    if (!text)
        return 0;
    scan s = {text, text + n};
    while (s.p < s.end && isspace((unsigned char)*s.p))
        s.p++;
    while (s.end > s.p && isspace((unsigned char)s.end[-1]))
        s.end--;
    if (s.p == s.end || s.end - s.p > 64)
        return 0;
    if (s.end - s.p >= 8 && isdigit((unsigned char)s.p[0]) && isdigit((unsigned char)s.p[1]) &&
        isdigit((unsigned char)s.p[2]) && isdigit((unsigned char)s.p[3]) &&
        (s.p[4] == '-' || isdigit((unsigned char)s.p[4])))
        return parse_iso(s, out);
    return parse_rfc822(s, out);
}

int saydo_date_normalize(const char *text, char out[11])
{
    if (!out)
        return SAYDO_ERR_ARG;
    out[0] = '\0';
    if (!text || !sd_date_normalize(text, strlen(text), out)) {
        out[0] = '\0';
        return SAYDO_ERR_PARSE;
    }
    return 0;
}

/* ------------------------------------------------------ day arithmetic */

int sd_is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int sd_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return days[month - 1] + (month == 2 && sd_is_leap_year(year));
}

int sd_day_of_year(int year, int month, int day)
{
    return (int)(sd_days_from_civil(year, month, day) - sd_days_from_civil(year, 1, 1)) + 1;
}

int sd_date_split(const char *date, int *year, int *month, int *day)
{
    if (!date || !sd_date_valid(date, strlen(date)))
        return 0;
    *year = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 +
            (date[3] - '0');
    *month = (date[5] - '0') * 10 + (date[6] - '0');
    *day = (date[8] - '0') * 10 + (date[9] - '0');
    return 1;
}

int saydo_period_next(saydo_store_agg kind, const char *period, char next[11])
{
    int y, m, d;
    if (!period || !next)
        return SAYDO_ERR_ARG;
    if (kind == SAYDO_AGG_MONTH) {
        char day[11];
        if (strlen(period) != 7)
            return SAYDO_ERR_ARG;
        memcpy(day, period, 7);
        memcpy(day + 7, "-01", 4);
        if (!sd_date_split(day, &y, &m, &d) || y > 9999 || (y == 9999 && m == 12))
            return SAYDO_ERR_ARG;
        if (++m > 12)
            m = 1, y++;
        format_day(y, m, 1, next);
        next[7] = '\0';
        return 0;
    }
    if (kind != SAYDO_AGG_DAY && kind != SAYDO_AGG_WEEK)
        return SAYDO_ERR_ARG;
    if (!sd_date_split(period, &y, &m, &d))
        return SAYDO_ERR_ARG;
    sd_civil_from_days(sd_days_from_civil(y, m, d) + (kind == SAYDO_AGG_WEEK ? 7 : 1), &y, &m,
                       &d);
    if (y > 9999)
        return SAYDO_ERR_ARG;
    format_day(y, m, d, next);
    return 0;
}

int saydo_period_of(saydo_store_agg kind, const char *date, char period[11])
{
    int y, m, d;
    if (!period || !sd_date_split(date, &y, &m, &d))
        return SAYDO_ERR_ARG;
    if (kind == SAYDO_AGG_WEEK) {
        /* back to the Monday: 1970-01-01 was a Thursday (day 0 -> 3) */
        long long days = sd_days_from_civil(y, m, d);
        long long monday = days - ((days % 7 + 7 + 3) % 7);
        sd_civil_from_days(monday, &y, &m, &d);
        if (y < 1)
            return SAYDO_ERR_ARG;
    } else if (kind != SAYDO_AGG_DAY && kind != SAYDO_AGG_MONTH) {
        return SAYDO_ERR_ARG;
    }
    format_day(y, m, d, period);
    if (kind == SAYDO_AGG_MONTH)
        period[7] = '\0';
    return 0;
}
