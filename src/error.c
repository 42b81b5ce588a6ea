/*
 * error.c -- error codes, messages and their one-line form.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *saydo_version(void) { return SAYDO_VERSION_STRING; }

const char *saydo_strerror(int code)
{
    switch (code) {
    case SAYDO_OK: return "success";
    case SAYDO_ERR_NOMEM: return "out of memory";
    case SAYDO_ERR_IO: return "input/output error";
    case SAYDO_ERR_PARSE: return "malformed input";
    case SAYDO_ERR_UTF8: return "not text";
    case SAYDO_ERR_ARG: return "bad argument";
    case SAYDO_ERR_DICT: return "malformed dictionary entry";
    case SAYDO_ERR_LIMIT: return "size limit exceeded";
    case SAYDO_ERR_EMPTY: return "empty input";
    case SAYDO_ERR_INTERNAL: return "internal error";
    case SAYDO_ERR_TIMEOUT: return "time limit exceeded";
    default: return "unknown error";
    }
}

int sd_error_set(saydo_error *err, int code, const char *file, long line, long long byte,
                 const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    err->line = line;
    err->byte = byte;
    err->file[0] = '\0';
    if (file) {
        size_t n = strlen(file);
        if (n >= sizeof err->file)
            n = sizeof err->file - 1;
        memcpy(err->file, file, n);
        err->file[n] = '\0';
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

int sd_error_nomem(saydo_error *err)
{
    return sd_error_set(err, SAYDO_ERR_NOMEM, NULL, 0, -1, "out of memory");
}

char *saydo_error_format(const saydo_error *err, char *buf, size_t n)
{
    if (!n)
        return buf;
    if (!err) {
        snprintf(buf, n, "no error");
        return buf;
    }
    const char *msg = err->message[0] ? err->message : saydo_strerror(err->code);
    if (err->file[0] && err->line > 0)
        snprintf(buf, n, "%s:%ld: %s", err->file, err->line, msg);
    else if (err->file[0] && err->byte >= 0)
        snprintf(buf, n, "%s: byte %lld: %s", err->file, err->byte, msg);
    else if (err->file[0])
        snprintf(buf, n, "%s: %s", err->file, msg);
    else
        snprintf(buf, n, "%s", msg);
    return buf;
}
