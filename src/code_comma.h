/*
 * code_comma.h -- TABARI's comma-delimited clauses (code_comma.c).
 */
#ifndef SD_CODE_COMMA_H
#define SD_CODE_COMMA_H

#include "result.h"

/* Drop from result->doc the tokens of the comma-delimited clauses that
 * the coder's TABARI COMMA: setting eliminates, or every token when the
 * text has fewer words than SET: MINIMUM WORDS (nothing when no .options
 * file was read).  The token array is rebuilt in the result's arena.
 * Returns 0 or SAYDO_ERR_NOMEM. */
int sd_tabari_commas(const saydo_coder *coder, saydo_result *result);

#endif
