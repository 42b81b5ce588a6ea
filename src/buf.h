/*
 * buf.h -- a growable byte buffer (heap, not arena).
 *
 * The buffer owns data; sd_buf_free releases it.  data is always
 * NUL-terminated after a successful append.  Append failures set
 * buf->failed (sticky) and return SAYDO_ERR_NOMEM.
 */
#ifndef SD_BUF_H
#define SD_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "saydo.h"

typedef struct sd_buf {
    char *data;
    size_t len, cap;
    int failed;
} sd_buf;

#define SD_BUF_INIT { NULL, 0, 0, 0 }

int sd_buf_reserve(sd_buf *buf, size_t extra);
int sd_buf_append(sd_buf *buf, const void *data, size_t n);
int sd_buf_puts(sd_buf *buf, const char *s);
int sd_buf_putc(sd_buf *buf, char c);
int sd_buf_printf(sd_buf *buf, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Append s[0..n) as the inside of a JSON string (no surrounding quotes). */
int sd_buf_json_escape(sd_buf *buf, const char *s, size_t n);

/* The one JSON string writer for those that write to a FILE (the CLI's
 * aggregates): s (NULL as "") escaped as sd_buf_json_escape does, between
 * double quotes.  Returns 0, NOMEM, or IO when writing failed. */
int sd_json_fputs(FILE *out, const char *s);
void sd_buf_clear(sd_buf *buf);
void sd_buf_free(sd_buf *buf);

/* The whole file at path into *out (sd_malloc'd, NUL-terminated; the
 * caller frees it) and its length into *len (NULL: not wanted).  Returns
 * 0; SAYDO_ERR_IO with err naming the file when it cannot be opened or
 * read; SAYDO_ERR_NOMEM.  *out is untouched on failure. */
int sd_read_file(const char *path, char **out, size_t *len, saydo_error *err);

#endif
