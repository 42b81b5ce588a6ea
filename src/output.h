/*
 * output.h -- pieces of output.c shared with store_output.c.
 */
#ifndef SD_OUTPUT_H
#define SD_OUTPUT_H

#include <stddef.h>

#include "buf.h"

/* The ten GDELT 2.0 actor columns (code, name, country, known group, ethnic,
 * religion 1 and 2, types 1-3) of a CAMEO actor code and its canonical
 * name (written in capitals, as GDELT does), each followed by a tab. */
void sd_output_gdelt_actor(sd_buf *b, const char *code, const char *name);

/* The name of the i-th of the 61 GDELT 2.0 event columns, NULL past the
 * end. */
const char *sd_output_gdelt_column(size_t i);

/* s cut or padded with spaces to width characters (UTF-8 aware; a NULL
 * s is empty), for the aligned table. */
void sd_output_pad(sd_buf *b, const char *s, int width);

#endif
