/*
 * country.h -- country codes for the writers: ISO 3166-1 alpha-3 (saydo's
 * own), alpha-2 (PLOVER's), FIPS 10-4 (GDELT's) and the English short
 * name, from a table generated at build time (tools/gen-country-codes.js).
 */
#ifndef SD_COUNTRY_H
#define SD_COUNTRY_H

typedef struct sd_country {
    const char *iso3;  /* "KEN"                                            */
    const char *iso2;  /* "KE"; "" when the country has none               */
    const char *fips;  /* FIPS 10-4 "KE"; "" when the country has none     */
    const char *name;  /* "Kenya"                                          */
} sd_country;

/* The country with ISO alpha-3 code iso3, or NULL (unknown, NULL or "",
 * or the table was built without its package).  Static storage. */
const sd_country *sd_country_by_iso3(const char *iso3);

/* Number of countries in the table (0 when built without its package). */
unsigned sd_country_count(void);

#endif
