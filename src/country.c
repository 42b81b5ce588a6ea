/*
 * country.c -- the country code table (country.h), compiled in from
 * data/gen/country_codes.inc, which make writes from an installed package
 * (tools/gen-country-codes.js).  Rows are sorted by alpha-3.
 */
#include <stdlib.h>
#include <string.h>

#include "country.h"

static const sd_country countries[] = {
#include "../data/gen/country_codes.inc"
    {"", "", "", ""} /* keeps the array non-empty; not counted */
};

#define NCOUNTRIES (sizeof countries / sizeof countries[0] - 1)

static int by_iso3(const void *key, const void *row)
{
    return strcmp((const char *)key, ((const sd_country *)row)->iso3);
}

const sd_country *sd_country_by_iso3(const char *iso3)
{
    if (!iso3 || !*iso3)
        return NULL;
    return bsearch(iso3, countries, NCOUNTRIES, sizeof countries[0], by_iso3);
}

unsigned sd_country_count(void) { return (unsigned)NCOUNTRIES; }
