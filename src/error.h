/*
 * error.h -- filling saydo_error structs.
 */
#ifndef SD_ERROR_H
#define SD_ERROR_H

#include "saydo.h"

/* Fill err (when not NULL) and return code.  file may be NULL; line 0 and
 * byte -1 mean unknown.  The message is printf-formatted and truncated to
 * SAYDO_ERROR_MESSAGE_MAX. */
int sd_error_set(saydo_error *err, int code, const char *file, long line, long long byte,
                 const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Shorthand for an out-of-memory error with no position. */
int sd_error_nomem(saydo_error *err);

#endif
