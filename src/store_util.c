/*
 * store_util.c -- helpers every store backend shares (store.h): the
 * article content hash, day numbers of dates, LIKE patterns from actor
 * patterns.  Leaf code: it calls no backend and no part of
 * store.c, so store.c -> backends -> store_util.c has no cycle.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "article.h"
#include "store.h"

static uint64_t fnv1a(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    /* a field separator, so ("ab","c") and ("a","bc") differ */
    h ^= 0x1f;
    h *= 1099511628211ULL;
    return h;
}

void sd_store_article_hash(const saydo_article *article, char out[33])
{
    size_t len = 0;
    const char *text = saydo_article_text(article, &len);
    const char *fields[] = {saydo_article_date(article), saydo_article_url(article),
                            saydo_article_outlet(article), saydo_article_title(article)};
    uint64_t h1 = 1469598103934665603ULL, h2 = 0x84222325cbf29ce4ULL;
    for (size_t i = 0; i < 4; i++) {
        h1 = fnv1a(h1, fields[i], strlen(fields[i]));
        h2 = fnv1a(h2 ^ 0x5bd1e995, fields[i], strlen(fields[i]));
    }
    h1 = fnv1a(h1, text, len);
    h2 = fnv1a(h2 ^ 0x5bd1e995, text, len);
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h1, (unsigned long long)h2);
}

long sd_store_day(const char *date)
{
    int y, m, d;
    if (!date || strlen(date) != 10 || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 ||
        m > 12 || d < 1 || d > 31)
        return SD_STORE_NO_DAY;
    return (long)sd_days_from_civil(y, m, d);
}

int sd_store_like(const char *pattern, char *out)
{
    int wild = 0;
    for (; *pattern; pattern++) {
        if (*pattern == '*') {
            *out++ = '%';
            wild = 1;
        } else {
            if (*pattern == '%' || *pattern == '_' || *pattern == '\\')
                *out++ = '\\';
            *out++ = *pattern;
        }
    }
    *out = '\0';
    return wild;
}
