/*
 * buf.c -- growable byte buffer (see buf.h).
 */
#include "buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "arena.h"
#include "error.h"
#include "saydo.h"

int sd_buf_reserve(sd_buf *buf, size_t extra)
{
    if (buf->failed)
        return SAYDO_ERR_NOMEM;
    if (buf->len + extra + 1 <= buf->cap)
        return 0;
    size_t cap = buf->cap ? buf->cap : 256;
    while (cap < buf->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) {
            buf->failed = 1;
            return SAYDO_ERR_NOMEM;
        }
        cap *= 2;
    }
    char *p = sd_realloc(buf->data, cap);
    if (!p) {
        buf->failed = 1;
        return SAYDO_ERR_NOMEM;
    }
    buf->data = p;
    buf->cap = cap;
    return 0;
}

int sd_buf_append(sd_buf *buf, const void *data, size_t n)
{
    if (sd_buf_reserve(buf, n))
        return SAYDO_ERR_NOMEM;
    if (n)
        memcpy(buf->data + buf->len, data, n);
    buf->len += n;
    buf->data[buf->len] = '\0';
    return 0;
}

int sd_buf_puts(sd_buf *buf, const char *s) { return sd_buf_append(buf, s, strlen(s)); }

int sd_buf_putc(sd_buf *buf, char c)
{
    if (!buf->failed && buf->len + 2 <= buf->cap) { /* room for c and the NUL */
        buf->data[buf->len++] = c;
        buf->data[buf->len] = '\0';
        return 0;
    }
    return sd_buf_append(buf, &c, 1);
}

int sd_buf_printf(sd_buf *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return SAYDO_ERR_INTERNAL;
    if ((size_t)n < sizeof small)
        return sd_buf_append(buf, small, (size_t)n);
    if (sd_buf_reserve(buf, (size_t)n))
        return SAYDO_ERR_NOMEM;
    va_start(ap, fmt);
    vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf->len += (size_t)n;
    return 0;
}

int sd_buf_json_escape(sd_buf *buf, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
#if defined(__SSE2__)
        /* sixteen bytes at a time while none needs escaping (most text) */
        while (i + 16 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i bad = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                             _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                /* c < 0x20 as unsigned: min(c, 0x1f) == c */
                _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v));
            if (_mm_movemask_epi8(bad))
                break;
            i += 16;
        }
        if (i >= n)
            break;
#endif
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        if (sd_buf_append(buf, s + run, i - run))
            return SAYDO_ERR_NOMEM;
        run = i + 1;
        char esc[7] = {'\\', 0, 0, 0, 0, 0, 0};
        size_t len = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            len = 6;
        }
        if (sd_buf_append(buf, esc, len))
            return SAYDO_ERR_NOMEM;
    }
    return sd_buf_append(buf, s + run, n - run);
}

int sd_json_fputs(FILE *out, const char *s)
{
    sd_buf b = SD_BUF_INIT;
    sd_buf_putc(&b, '"');
    if (s)
        sd_buf_json_escape(&b, s, strlen(s));
    sd_buf_putc(&b, '"');
    int rc = b.failed ? SAYDO_ERR_NOMEM : fwrite(b.data, 1, b.len, out) == b.len ? 0 : SAYDO_ERR_IO;
    sd_buf_free(&b);
    return rc;
}

void sd_buf_clear(sd_buf *buf)
{
    buf->len = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

void sd_buf_free(sd_buf *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
    buf->failed = 0;
}

int sd_read_file(const char *path, char **out, size_t *len, saydo_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sd_error_set(err, SAYDO_ERR_IO, path, 0, -1, "cannot open: %s", strerror(errno));
    sd_buf b = SD_BUF_INIT;
    char chunk[65536];
    size_t r;
    while ((r = fread(chunk, 1, sizeof chunk, f)) > 0)
        sd_buf_append(&b, chunk, r);
    int read_error = ferror(f);
    fclose(f);
    if (!b.failed && !b.data && sd_buf_putc(&b, '\0') == 0)
        b.len = 0; /* an empty file: "" */
    if (b.failed) {
        sd_buf_free(&b);
        return sd_error_nomem(err);
    }
    if (read_error) {
        sd_buf_free(&b);
        return sd_error_set(err, SAYDO_ERR_IO, path, 0, -1, "read error");
    }
    *out = b.data;
    if (len)
        *len = b.len;
    return 0;
}
