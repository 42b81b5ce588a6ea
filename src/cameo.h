/*
 * cameo.h -- the CAMEO event code table (data/cameo.tsv): names, GDELT
 * Goldstein values, quad classes and PLOVER types.  Implemented in cameo.c.
 *
 * File format (docs/cameo-table.md): UTF-8 text, '#' comments, one code per
 * line, tab-separated: code, goldstein, quad, plover, mode, context, name
 * (or, as development builds before 0.1.0 wrote it, without mode and context).
 */
#ifndef SD_CAMEO_H
#define SD_CAMEO_H

#include <stddef.h>

#include "saydo.h"

typedef struct sd_cameo_table sd_cameo_table;

/* Load a table from a file / buffer.  On success *out is owned by the
 * caller (sd_cameo_free).  Malformed lines fail with SAYDO_ERR_DICT and err
 * naming file:line (bad code, goldstein outside -10..10, quad not 1..4,
 * duplicate code, a code whose parent is missing). */
int sd_cameo_load_file(const char *path, sd_cameo_table **out, saydo_error *err);
int sd_cameo_load_buffer(const char *name, const char *text, size_t len, sd_cameo_table **out,
                         saydo_error *err);
void sd_cameo_free(sd_cameo_table *table);

/* Exact lookup ("0874"); NULL when the code is not in the table.  Rows are
 * owned by the table. */
const saydo_cameo_info *sd_cameo_find(const sd_cameo_table *table, const char *code);
size_t sd_cameo_count(const sd_cameo_table *table);

/* Define a user code: a code a loaded dictionary uses that the table lacks
 * (TABARI's WEIS-like "222", test codes "901", "075A").  Its row has no
 * Goldstein value (0.0), quad SAYDO_QUAD_NONE, root = its first two
 * characters, name and PLOVER type "".  sd_cameo_find finds it; it is not
 * among sd_cameo_count/sd_cameo_at (those list the CAMEO table itself).
 * Returns 0 (also when the code is already there), 1 when code is not 2 to
 * 8 ASCII letters and digits, or SAYDO_ERR_NOMEM.  Not thread-safe: call
 * while building the coder, before the table is shared. */
int sd_cameo_add_user(sd_cameo_table *table, const char *code);
const saydo_cameo_info *sd_cameo_at(const sd_cameo_table *table, size_t i);

/* Quad class of a root "01".."20" by CAMEO root ranges (GDELT's): 01-05
 * verbal cooperation, 06-09 material cooperation, 10-14 verbal conflict,
 * 15-20 material conflict.  SAYDO_QUAD_NONE for anything else. */
saydo_quad sd_cameo_quad_of_root(const char *root);

#endif
