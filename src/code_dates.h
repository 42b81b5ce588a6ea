/*
 * code_dates.h -- dates from the text (code_dates.c; rules in docs/dates.md).
 *
 *   recogniser  date expressions over the tokens of one sentence: weekdays
 *               ("Tuesday", "last Tuesday", "Tuesday's"), deixis
 *               ("yesterday", "last night", "this morning"), calendar dates
 *               ("February 15", "Feb. 15, 2014", "15 February",
 *               "2014-02-15"), periods ("in 2014", "in March 2014", "last
 *               month"), offsets ("two days ago") and vague spans ("last
 *               week", "earlier this month");
 *   resolver    an expression against the article date, looking back (what
 *               happened, was said or reported) or forward (what is
 *               intended);
 *   attachment  a post-pass over a coded article: every event gets the date
 *               its clause or its announcing speech verb supports, intended
 *               acts their intended date apart.
 *
 * Dates are ints YYYYMMDD (0 = unknown), as result->date.  All memory is in
 * the result's arena; nothing is global.
 */
#ifndef SD_CODE_DATES_H
#define SD_CODE_DATES_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"

/* What an expression names. */
typedef enum sd_date_kind {
    SD_DX_DAY = 1,    /* a full calendar date: y, m, d                      */
    SD_DX_MONTHDAY,   /* month and day, year from the article: m, d          */
    SD_DX_MONTHYEAR,  /* a month of a year: y, m (period)                    */
    SD_DX_MONTH,      /* a month, year from the article: m (period)          */
    SD_DX_YEAR,       /* a year: y (period)                                  */
    SD_DX_WEEKDAY,    /* a weekday: wday (0 = Monday), rel                   */
    SD_DX_DAYS,       /* n days from the article date (yesterday: -1)        */
    SD_DX_MONTHS,     /* n months from the article's month (last month: -1)  */
    SD_DX_YEARS,      /* n years from the article's year (last year: -1)     */
    SD_DX_VAGUE       /* a span around the article date ("last week")        */
} sd_date_kind;

/* The word before the expression, which says whether it dates an event. */
typedef enum sd_date_prep {
    SD_DP_NONE = 0,   /* no preposition: "said Tuesday", "Tuesday's talks"   */
    SD_DP_ON,         /* on, in, during, at, as of: the event's time         */
    SD_DP_BY,         /* by: a deadline (intended acts only)                 */
    SD_DP_OTHER,      /* since, until, before, after, from, to, of ...: the
                         time of something else -- never the event's date    */
    SD_DP_ATTR        /* after a determiner or possessive ("the 2014 treaty",
                         "its February 15 decision"): names a thing          */
} sd_date_prep;

enum { SD_REL_BARE = 0, SD_REL_LAST, SD_REL_NEXT, SD_REL_THIS };

typedef struct sd_date_expr {
    uint32_t start, end;   /* tokens [start, end), absolute; the phrase
                              without its preposition                        */
    uint8_t kind;          /* sd_date_kind                                   */
    uint8_t prep;          /* sd_date_prep                                   */
    uint8_t rel;           /* SD_REL_* for weekdays                          */
    uint8_t past;          /* 1: can only look back (yesterday, ago, last X) */
    uint8_t future;        /* 1: can only look forward (tomorrow, next X)    */
    uint8_t poss;          /* 1: "Tuesday's": names the day of a noun        */
    int16_t year;
    int8_t month, day, wday;
    int32_t n;             /* offset for DAYS / MONTHS / YEARS               */
} sd_date_expr;

/* Find the date expressions of tokens [first, first + count) of doc, in
 * token order, not overlapping.  Writes at most max into out and returns
 * how many there are (which may be more than max).  No allocation. */
size_t sd_dates_find(const sd_doc *doc, size_t first, size_t count, sd_date_expr *out,
                     size_t max);

/* Resolve x against the article date (YYYYMMDD, 0 when unknown), looking
 * forward when future is 1 (intended acts), else back.  Returns the date
 * as YYYYMMDD; 0 when it cannot be resolved (a weekday in an undated
 * article, an impossible date); -1 for a vague expression or a period that
 * holds the article date, which keeps the article date.  A period resolves
 * to its first day (docs/dates.md). */
int32_t sd_date_resolve(const sd_date_expr *x, int32_t article, int future);

/* Day arithmetic on YYYYMMDD dates: add n days (0 when date is not a valid
 * date), and the weekday (0 = Monday .. 6 = Sunday; -1 when not valid). */
int32_t sd_date_add_days(int32_t date, int32_t n);
int sd_date_weekday(int32_t date);

/* Before the coder runs: when the article has no date, take it from a full
 * date in its dateline ("ANKARA, Turkey, Oct. 24, 2003 (AP) --"); then
 * record the date used (result->date_text).  0 or SAYDO_ERR_NOMEM. */
int sd_dates_article(saydo_result *result);

/* After the coder: set date, date_intended and date_span of every event
 * (docs/dates.md).  0 or SAYDO_ERR_NOMEM. */
int sd_dates_attach(const saydo_coder *coder, saydo_result *result);

#endif
