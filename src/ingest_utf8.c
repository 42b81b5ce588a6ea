/*
 * ingest_utf8.c -- UTF-8 validation and repair for the readers.
 *
 * Follows the Unicode Standard, chapter 3, table 3-7 ("Well-Formed UTF-8
 * Byte Sequences") and the practice "U+FFFD substitution of maximal
 * subparts": an ill-formed sequence is replaced by one U+FFFD per maximal
 * prefix of a well-formed sequence (or per single byte when no prefix is
 * valid).  So overlongs (C0 80, E0 80 80), surrogates (ED A0 80), code
 * points above U+10FFFF (F4 90 ..) and truncated sequences are all invalid.
 */
#include <string.h>

#include "article.h"
#include "buf.h"

size_t sd_utf8_step(const unsigned char *s, size_t n, int *valid)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *valid = 1;
        return 1;
    }
    size_t need;               /* continuation bytes after the lead */
    unsigned char lo = 0x80, hi = 0xBF; /* range of the 2nd byte */
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0)
            lo = 0xA0;          /* no overlongs */
        else if (c == 0xED)
            hi = 0x9F;          /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0)
            lo = 0x90;          /* no overlongs */
        else if (c == 0xF4)
            hi = 0x8F;          /* nothing above U+10FFFF */
    } else {
        *valid = 0;             /* 80..C1, F5..FF */
        return 1;
    }
    size_t i = 1;
    for (; i <= need; i++) {
        if (i >= n) {
            *valid = 0;         /* truncated */
            return i;
        }
        unsigned char b = s[i];
        unsigned char l = i == 1 ? lo : 0x80, h = i == 1 ? hi : 0xBF;
        if (b < l || b > h) {
            *valid = 0;
            return i;
        }
    }
    *valid = 1;
    return i;
}

size_t sd_utf8_first_invalid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        int valid;
        size_t k = sd_utf8_step(p + i, n - i, &valid);
        if (!valid)
            return i;
        i += k;
    }
    return n;
}

long sd_utf8_repair(const char *s, size_t n, sd_buf *out, size_t *first_off)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = sd_utf8_first_invalid(s, n), run = 0;
    long count = 0;
    if (first_off)
        *first_off = i;
    while (i < n) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        int valid;
        size_t k = sd_utf8_step(p + i, n - i, &valid);
        if (!valid) {
            if (sd_buf_append(out, s + run, i - run) || sd_buf_append(out, "\xEF\xBF\xBD", 3))
                return -1;
            count++;
            run = i + k;
        }
        i += k;
    }
    if (sd_buf_append(out, s + run, n - run))
        return -1;
    return count;
}
