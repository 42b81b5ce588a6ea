/*
 * grammar_print.h -- printing the grammar layer (grammar_print.c).
 */
#ifndef SD_GRAMMAR_PRINT_H
#define SD_GRAMMAR_PRINT_H

#include "buf.h"
#include "grammar.h"

enum {
    SD_PRINT_TAGS = 1u << 0,   /* word/TAG tokens                 */
    SD_PRINT_NP = 1u << 1,     /* noun phrases with their links   */
    SD_PRINT_VG = 1u << 2,     /* verb groups with their roles    */
    SD_PRINT_CLAUSE = 1u << 3, /* clauses                         */
    SD_PRINT_PP = 1u << 4,     /* prepositional phrases           */
    SD_PRINT_ALL = 31u
};

/* Append parse's readable text (the parts in what) to b.  0 or
 * SAYDO_ERR_NOMEM. */
int sd_parse_print(sd_buf *b, const sd_doc *doc, const sd_parse *p, unsigned what);

/* Append parse as JSON object members (no braces: the caller writes the
 * sentence's own members around them).  Indices of tokens are relative to
 * the sentence; of phrases and clauses, into their arrays.  0 or
 * SAYDO_ERR_NOMEM. */
int sd_parse_json(sd_buf *b, const sd_doc *doc, const sd_parse *p);

#endif
