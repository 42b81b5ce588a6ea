/*
 * article.h -- the inside of saydo_article (internal).
 *
 * Other stages include this to read an article's fields directly.  An
 * article is one heap allocation: the struct followed by all its strings,
 * so saydo_article_free is one free().  It is immutable once made.
 *
 * Invariants every constructor guarantees:
 *   - every string field is non-NULL, NUL-terminated and valid UTF-8;
 *   - text (the document) is valid UTF-8 with no NUL byte, text[text_len]
 *     is '\0', and it holds at least one non-space byte;
 *   - date is "" or a valid YYYY-MM-DD date.
 */
#ifndef SD_ARTICLE_H
#define SD_ARTICLE_H

#include <stddef.h>

#include "saydo.h"

struct saydo_article {
    const char *id;      /* "" when unknown                                  */
    const char *date;    /* YYYY-MM-DD or ""                                 */
    const char *title;   /* as given ("" for plain text)                     */
    const char *url;
    const char *outlet;  /* the JSONL "source" field                          */
    const char *meta;    /* extra JSONL fields: compact JSON object, or ""    */
    const char *file;    /* where it came from ("" for in-memory articles)    */
    const char *text;    /* the document all offsets refer to                 */
    size_t text_len;
    long line;           /* 1-based line in file (0 when none)                */
    long long byte;      /* byte offset of the record in file (-1 when none)  */
    int has_title;       /* 1: text starts with title + "\n\n" (JSONL title);
                            0: the text's first non-empty line is its headline */
};

/* What sd_article_make copies.  NULL strings become "".  The caller
 * guarantees the invariants above for the strings it passes (the reader
 * repairs UTF-8 before calling). */
typedef struct sd_article_spec {
    const char *id, *date, *title, *url, *outlet, *meta, *file;
    const char *text;    /* body; not necessarily NUL-terminated              */
    size_t text_len;
    int title_in_text;   /* 1: document = title "\n\n" text, has_title = 1    */
    long line;
    long long byte;
} sd_article_spec;

/* Make an article from spec.  On success returns 0 and *out is owned by
 * the caller (saydo_article_free); on failure returns SAYDO_ERR_NOMEM and
 * *out is untouched. */
int sd_article_make(const sd_article_spec *spec, saydo_article **out);

/* 1 when s[0..n) is a valid calendar date YYYY-MM-DD (years 0001-9999,
 * leap years honoured), else 0. */
int sd_date_valid(const char *s, size_t n);

/* The UTC day YYYY-MM-DD of the date or timestamp s[0..n) in any form
 * date.c accepts (ISO 8601 with or without time and zone, YYYYMMDD,
 * RFC 822/1123) into out: returns 1, or 0 when s is not such a date. */
int sd_date_normalize(const char *s, size_t n, char out[11]);

/* Calendar arithmetic (date.c), proleptic Gregorian: days since
 * 1970-01-01 of y-m-d and back; 1 for a leap year; the days of a month (0
 * for a month outside 1..12); the 1-based day of the year; and a valid
 * YYYY-MM-DD split into numbers (1, or 0 when date is not one). */
long long sd_days_from_civil(int year, int month, int day);
void sd_civil_from_days(long long days, int *year, int *month, int *day);
int sd_is_leap_year(int year);
int sd_days_in_month(int year, int month);
int sd_day_of_year(int year, int month, int day);
int sd_date_split(const char *date, int *year, int *month, int *day);

/* 1 when s[0..n) holds only ASCII white space (or n == 0). */
int sd_is_blank(const char *s, size_t n);

/* UTF-8 repair (ingest_utf8.c).  Scans s[0..n); every invalid sequence
 * (stray continuation byte, overlong form, surrogate, code point above
 * U+10FFFF, truncated sequence) counts once, as its maximal subpart per
 * Unicode chapter 3 "U+FFFD substitution of maximal subparts".
 *
 * sd_utf8_first_invalid returns the offset of the first invalid byte, or n
 * when s is valid.  sd_utf8_repair appends s to out with every invalid
 * sequence replaced by U+FFFD (EF BF BD) and returns the number replaced,
 * or -1 when out could not grow (out->failed is set).  If first_off is not
 * NULL it receives the offset in s of the first invalid sequence (n when
 * none). */
size_t sd_utf8_first_invalid(const char *s, size_t n);
struct sd_buf;
long sd_utf8_repair(const char *s, size_t n, struct sd_buf *out, size_t *first_off);
/* One step over s[0..n) (n > 0): returns the number of bytes consumed and
 * sets *valid to 1 for a valid sequence, or to 0 for an invalid one (the
 * bytes returned are then its maximal subpart, at least 1). */
size_t sd_utf8_step(const unsigned char *s, size_t n, int *valid);

#endif
