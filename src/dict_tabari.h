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
    SD_DICT_FORMAT_OPTIONS = 4, /* TABARI .options: read, nothing applies  */
    SD_DICT_FORMAT_PROJECT = 5, /* TABARI .project: loads the files it names */
    SD_DICT_FORMAT_DISCARDS = 6 /* PETRARCH discards: phrases that drop a sentence */
} sd_dict_format;

/* The format of a file from its name and its first bytes (text may be NULL
 * when only the name is known). */
sd_dict_format sd_dict_format_of(const char *path, const char *text, size_t len);

/* Translate and load a TABARI buffer of the given format (ACTORS, AGENTS
 * or VERBS; OPTIONS loads nothing).  Returns 0, SAYDO_ERR_NOMEM, or
 * SAYDO_ERR_ARG for a format it does not read. */
int sd_dict_load_tabari_buffer(sd_dict *dict, const char *name, const char *text, size_t len,
                               sd_dict_format format, saydo_error *err);

/* Load a TABARI file; the format is chosen by sd_dict_format_of.  A
 * .project file loads the actors, agents and verbs files it names
 * (relative to its folder).  IO errors name the file. */
int sd_dict_load_tabari_file(sd_dict *dict, const char *path, saydo_error *err);

/* Load any dictionary file: TABARI files as above, others with
 * sd_dict_load_file (keep_going applies to those only). */
int sd_dict_load_any(sd_dict *dict, const char *path, int keep_going, saydo_error *err);

#endif
