/*
 * dict_tabari.h -- reading TABARI dictionaries into the dictionary engine
 * (docs/compat.md).
 *
 * A TABARI .actors, .agents or .verbs file (and PETRARCH-1's variants of
 * them: <!-- --> and '#' comments, forms on the verb's line, '{PLURALS}'
 * and '!MACRO!' in agents, discards files) is translated line for line into
 * saydo's own format and loaded into the same sd_dict as the project's
 * dictionaries: the entries keep the TABARI file's name and line numbers.
 * Lines TABARI would accept but saydo cannot express, and malformed lines,
 * are reported once each through the dict's warnings ("file:line: ...
 * (line skipped)") and skipped: a TABARI file never stops the load.
 *
 * Ownership: as for sd_dict_load_*: everything loaded belongs to the dict.
 */
#ifndef SD_DICT_TABARI_H
#define SD_DICT_TABARI_H

#include <stddef.h>

#include "dict.h"

/* What a file is, by its extension or (when the extension says nothing)
 * its content. */
typedef enum sd_dict_format {
    SD_DICT_FORMAT_SAYDO = 0,   /* docs/dictionary-format.md              */
    SD_DICT_FORMAT_ACTORS = 1,  /* TABARI .actors                          */
    SD_DICT_FORMAT_AGENTS = 2,  /* TABARI .agents                          */
    SD_DICT_FORMAT_VERBS = 3,   /* TABARI .verbs                           */
    SD_DICT_FORMAT_OPTIONS = 4, /* TABARI .options: sd_tabari_options      */
    SD_DICT_FORMAT_PROJECT = 5, /* TABARI .project: loads the files it names */
    SD_DICT_FORMAT_DISCARDS = 6 /* PETRARCH discards: phrases that drop a sentence */
} sd_dict_format;

/* The format of a file from its name and its first bytes (text may be NULL
 * when only the name is known). */
sd_dict_format sd_dict_format_of(const char *path, const char *text, size_t len);

/* Translate and load a TABARI buffer of the given format (ACTORS, AGENTS
 * or VERBS; OPTIONS sets sd_tabari_options).  Returns 0, SAYDO_ERR_NOMEM, or
 * SAYDO_ERR_ARG for a format it does not read. */
int sd_dict_load_tabari_buffer(sd_dict *dict, const char *name, const char *text, size_t len,
                               sd_dict_format format, saydo_error *err);

/* Load a TABARI file; the format is chosen by sd_dict_format_of.  A
 * .project file loads the actors, agents and verbs files it names
 * (relative to its folder).  IO errors name the file. */
int sd_dict_load_tabari_file(sd_dict *dict, const char *path, saydo_error *err);

/* The settings of TABARI .options files the coder applies (docs/compat.md).
 * All zero until an .options file is read: saydo's own behaviour.  Lines
 * are applied in order, so a later line overrides an earlier one. */
typedef struct sd_tabari_options {
    int read;              /* 1 once an .options file was read            */
    /* DEFAULT: SOURCE [X] PRIOR TARGET [Y] AFTER  ("DEFAULT: OFF" clears)  */
    char default_source[32]; /* "" none                                   */
    char default_target[32];
    int default_prior;     /* PRIOR: X is the source when no actor stands
                              before the verb                             */
    int default_after;     /* AFTER: Y is the target when no actor stands
                              after it; without AFTER a compound source
                              gives its last member as the target first  */
    int complex_verbs;     /* COMPLEX: VERBS[n]: a sentence with n verbs or
                              more codes nothing (0: no limit)            */
    int complex_conj;      /* COMPLEX: CONJ[n]: ... n conjunctions or more */
    int act_after;         /* COMPLEX: without NOACTPRIOR -- with no actor
                              before the verb, the first one after it is
                              the source (and the next the target)        */
    int min_words;         /* SET: MINIMUM WORDS = N: an article of fewer
                              words codes nothing; TABARI's default 8 once
                              an .options file is read                    */
    /* COMMA: MIN = a MAX = b EMIN = c EMAX = d BMIN = e BMAX = f (or OFF):
     * comma-delimited clauses of a sentence dropped before coding
     * (code_comma.c) -- internal ones of a..b words, the terminal one of
     * c..d, the initial one of e..f.  TABARI's defaults once an .options
     * file is read: 2..10, 2..10, and no initial clause. */
    int code_by;           /* SET: CODE BY CLAUSE (0, TABARI's default: one
                              event per clause), CODE BY SENTENCE (1: one
                              per sentence), CODE ALL (2: every pattern)  */
    int convert_agent;     /* SET: CONVERT AGENT = TRUE: an agent with no
                              actor is coded alone, "~" + its code (~MOS) */
    /* FORWARD: MASK [OFF]: a pronoun with no actor before it in its
     * sentence is the first actor (its code without agents) of the
     * sentence before it in the article (TABARI carries it from one
     * record of a story to the next; the mask, which tells the records
     * of one story apart -- 'N' marks the story's characters of the
     * record header after the date -- is for the reader of the text) */
    int actor_gaps;        /* a TABARI actors file gave phrases with the
                              slot {AGAP} (other words where a space is)  */
    int forward;
    char forward_mask[32];
    int comma_on;
    int comma_min, comma_max, comma_emin, comma_emax, comma_bmin, comma_bmax;
} sd_tabari_options;

/* Read a TABARI .options text into the dict's settings.  Lines not
 * understood are ignored (labels, output settings).  Never fails. */
void sd_tabari_read_options(sd_dict *dict, const char *text, size_t len);

/* The dict's TABARI settings; never NULL. */
const sd_tabari_options *sd_dict_tabari_options(const sd_dict *dict);

/* Load any dictionary file: TABARI files as above, others with
 * sd_dict_load_file (keep_going applies to those only). */
int sd_dict_load_any(sd_dict *dict, const char *path, int keep_going, saydo_error *err);

#endif
