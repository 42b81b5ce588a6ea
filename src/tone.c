/*
 * tone.c -- an article's tone from the AFINN-165 lexicon (see tone.h):
 * the lexicon is loaded into an open-addressing hash table of its words,
 * so that scoring an article costs one hash per word; a 4 KB bit set of the
 * words' hashes (one bit each, about one false hit in ten) answers most
 * words, which are not in the lexicon, without reading the table, and a
 * word that passes it costs a probe and, on a hit, one comparison.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "tone.h"

typedef struct tone_slot {
    const char *word;      /* NULL: empty slot                             */
    uint32_t hash;
    int valence;
} tone_slot;

#define TONE_FILTER_BITS 32768u /* a power of two */

struct sd_tone {
    uint64_t filter[TONE_FILTER_BITS / 64]; /* bit (hash >> 17) of each word */
    char *buf;             /* the file, words NUL-terminated in place      */
    tone_slot *slot;
    size_t nslot;          /* a power of two, at least twice the words    */
    size_t nword;
};

/* FNV-1a of the NUL-terminated w. */
static uint32_t word_hash(const char *w)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)w; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

int sd_tone_load(const char *path, sd_tone **out, saydo_error *err)
{
    *out = NULL;
    sd_tone *t = sd_calloc(1, sizeof *t);
    if (!t)
        return sd_error_nomem(err);
    int rc = sd_read_file(path, &t->buf, NULL, err);
    if (rc) {
        free(t);
        return rc;
    }
    size_t lines = 1;
    for (const char *p = t->buf; *p; p++)
        lines += *p == '\n';
    for (t->nslot = 64; t->nslot < lines * 2; t->nslot *= 2)
        ;
    if (!(t->slot = sd_calloc(t->nslot, sizeof *t->slot))) {
        sd_tone_free(t);
        return sd_error_nomem(err);
    }
    long lineno = 0;
    for (char *line = t->buf; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        if (*line && *line != '#') {
            char *tab = strchr(line, '\t');
            char *end = NULL;
            long v = tab ? strtol(tab + 1, &end, 10) : 0;
            if (!tab || tab == line || end == tab + 1 || *end || v < -5 || v > 5 || v == 0) {
                sd_tone_free(t);
                return sd_error_set(err, SAYDO_ERR_DICT, path, lineno, -1,
                                    "malformed tone row: expected \"word<TAB>valence\" with a "
                                    "valence from -5 to 5, not 0");
            }
            *tab = '\0';
            uint32_t h = word_hash(line);
            size_t mask = t->nslot - 1, s = h & mask;
            while (t->slot[s].word && strcmp(t->slot[s].word, line) != 0)
                s = (s + 1) & mask;
            if (!t->slot[s].word)
                t->nword++;
            uint32_t bit = (h >> 17) & (TONE_FILTER_BITS - 1);
            t->filter[bit / 64] |= (uint64_t)1 << (bit % 64);
            t->slot[s] = (tone_slot){line, h, (int)v}; /* a repeated word: the last row */
        }
        line = nl ? nl + 1 : NULL;
    }
    *out = t;
    return 0;
}

void sd_tone_free(sd_tone *tone)
{
    if (!tone)
        return;
    free(tone->slot);
    free(tone->buf);
    free(tone);
}

size_t sd_tone_size(const sd_tone *tone) { return tone ? tone->nword : 0; }

/* The valence of w (sd_tone_word), inlined into sd_tone_doc's loop. */
static inline int lookup(const sd_tone *tone, const char *w)
{
    uint32_t h = word_hash(w);
    uint32_t bit = (h >> 17) & (TONE_FILTER_BITS - 1);
    if (!(tone->filter[bit / 64] & ((uint64_t)1 << (bit % 64))))
        return 0;
    size_t mask = tone->nslot - 1;
    for (size_t s = h & mask; tone->slot[s].word; s = (s + 1) & mask)
        if (tone->slot[s].hash == h && strcmp(tone->slot[s].word, w) == 0)
            return tone->slot[s].valence;
    return 0;
}

int sd_tone_word(const sd_tone *tone, const char *w) { return lookup(tone, w); }

double sd_tone_doc(const sd_tone *tone, const sd_doc *doc)
{
    size_t words = 0, pos = 0, neg = 0;
    for (size_t i = 0; i < doc->ntok; i++) {
        const sd_token *t = &doc->tok[i];
        if (!(t->flags & SD_TOK_WORD))
            continue;
        words++;
        int v = lookup(tone, t->lower);
        pos += v > 0;
        neg += v < 0;
    }
    return words ? 100.0 * ((double)pos - (double)neg) / (double)words : 0.0;
}
