/*
 * abbrev.h -- English abbreviations and sentence starters, shared by the
 * sentence splitter (sentence.c) and the tokenizer (token.c).  Read-only
 * static tables; no state.
 */
#ifndef SD_ABBREV_H
#define SD_ABBREV_H

#include <stddef.h>

enum {
    SD_ABBR_NONE = 0,  /* not an abbreviation                                */
    SD_ABBR_TITLE = 1, /* a title before a name (Gen., Mr., Sen., No. 5):
                          never ends a sentence                              */
    SD_ABBR_OTHER = 2  /* U.S., Inc., Oct., initials: ends a sentence only
                          before a clear sentence start (sd_is_sentence_starter) */
};

/* Classify the word w[0..n) that is directly followed by a '.' (w excludes
 * that final dot; it may contain inner dots, as in "U.S" or "e.g").
 * next is the first byte of the following word (0 when none): "No" is an
 * abbreviation only before a digit. */
int sd_abbrev_kind(const char *w, size_t n, char next);

/* 1 when the word w[0..n) (as written, capitalised) is a word that plainly
 * begins a sentence: "The", "He", "But", "In", ... */
int sd_is_sentence_starter(const char *w, size_t n);

#endif
