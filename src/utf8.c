/*
 * utf8.c -- stage 1 of the text pipeline: sd_doc_normalize (see text.h).
 *
 * Rules, applied in one left-to-right pass (linear time):
 *   - Unicode NFC (utf8proc), computed per extended grapheme cluster so that
 *     every normalised byte maps back to the original bytes of its cluster;
 *     runs of plain ASCII are copied unchanged (fast path).
 *   - Typographic punctuation to ASCII: curly double quotes and guillemets
 *     -> '"'; curly single quotes, apostrophes and prime -> '\''; en dash,
 *     em dash and horizontal bar -> "--" (the tokenizer's dash token);
 *     hyphen, non-breaking hyphen, figure dash and minus sign -> '-';
 *     ellipsis -> "..."; Unicode spaces -> ' '; line and paragraph
 *     separators, CR LF and lone CR -> '\n'.
 *   - Soft hyphen, zero-width spaces and joiners, word joiner and BOM are
 *     removed.
 * doc->orig_off[i] is the original byte offset of normalised byte i; bytes
 * made from one original character (or cluster) all map to its first byte.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text.h"

/* A growable output: normalised bytes plus their original offsets.  Heap
 * memory (sd_malloc) until the end, when it is copied into the arena. */
typedef struct norm_out {
    char *text;
    uint32_t *off;
    size_t len, cap;
    int failed;
} norm_out;

static int out_reserve(norm_out *out, size_t extra)
{
    if (out->failed)
        return -1;
    if (out->len + extra <= out->cap)
        return 0;
    size_t cap = out->cap ? out->cap : 256;
    while (cap < out->len + extra)
        cap *= 2;
    char *text = sd_realloc(out->text, cap);
    if (!text) {
        out->failed = 1;
        return -1;
    }
    out->text = text;
    uint32_t *off = sd_realloc(out->off, cap * sizeof *off);
    if (!off) {
        out->failed = 1;
        return -1;
    }
    out->off = off;
    out->cap = cap;
    return 0;
}

static void out_put(norm_out *out, const char *bytes, size_t n, size_t orig)
{
    if (out_reserve(out, n) != 0)
        return;
    memcpy(out->text + out->len, bytes, n);
    for (size_t i = 0; i < n; i++)
        out->off[out->len + i] = (uint32_t)orig;
    out->len += n;
}

/* The replacement of a code point with a fixed mapping: returns the ASCII
 * replacement ("" to delete) or NULL when cp is not special. */
static const char *special_replacement(utf8proc_int32_t cp)
{
    switch (cp) {
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB:
    case 0x2033:
        return "\"";
    case 0x2018: case 0x2019: case 0x201B: case 0x2032:
        return "'";
    case 0x2013: case 0x2014: case 0x2015: case 0x2E3A: case 0x2E3B:
        return "--";
    case 0x2010: case 0x2011: case 0x2012: case 0x2212: case 0xFE63: case 0xFF0D:
        return "-";
    case 0x2026:
        return "...";
    case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
        return " ";
    case 0x2028: case 0x2029: case 0x0085:
        return "\n";
    case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
        return "";
    default:
        if (cp >= 0x2000 && cp <= 0x200A)
            return " ";
        return NULL;
    }
}

/* Longest cluster normalised as a unit; longer runs of combining marks are
 * cut so that pathological input stays linear. */
#define CLUSTER_MAX_CODEPOINTS 32

/* Normalise the cluster text[start..end) to NFC and append it.  Returns 0 or
 * -1 on allocation failure. */
static int flush_cluster(norm_out *out, const char *text, size_t start, size_t end,
                         int single_simple)
{
    if (start >= end)
        return 0;
    if (single_simple) {
        /* One code point without a decomposition is already NFC. */
        if (out_reserve(out, end - start) != 0)
            return -1;
        for (size_t i = start; i < end; i++) {
            out->text[out->len] = text[i];
            out->off[out->len++] = (uint32_t)i;
        }
        return 0;
    }
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)text + start,
                                      (utf8proc_ssize_t)(end - start), &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n == UTF8PROC_ERROR_NOMEM)
        return -1;
    if (n < 0) {
        free(nfc);
        nfc = NULL;
    }
    if (!nfc || ((size_t)n == end - start && memcmp(nfc, text + start, end - start) == 0)) {
        if (out_reserve(out, end - start) != 0) {
            free(nfc);
            return -1;
        }
        for (size_t i = start; i < end; i++) {
            out->text[out->len] = text[i];
            out->off[out->len++] = (uint32_t)i;
        }
    } else {
        out_put(out, (const char *)nfc, (size_t)n, start);
    }
    free(nfc);
    return out->failed ? -1 : 0;
}

int sd_doc_normalize(sd_doc *doc, sd_arena *arena, const char *text, size_t len)
{
    memset(doc, 0, sizeof *doc);
    doc->arena = arena;
    doc->orig = text;
    doc->orig_len = len;
    if (len >= UINT32_MAX)
        return SAYDO_ERR_LIMIT;

    norm_out out = {0};
    if (out_reserve(&out, len + 16) != 0) {
        free(out.text);
        free(out.off);
        return SAYDO_ERR_NOMEM;
    }

    const unsigned char *bytes = (const unsigned char *)text;
    size_t i = 0;
    size_t cluster_start = 0;
    int cluster_open = 0, cluster_count = 0, cluster_simple = 0;
    utf8proc_int32_t prev_cp = 0;
    utf8proc_int32_t break_state = 0;
    while (i < len) {
        unsigned char c = bytes[i];
        if (c < 0x80 && (i + 1 == len || bytes[i + 1] < 0x80)) {
            /* ASCII not followed by a possible combining mark. */
            if (cluster_open) {
                if (flush_cluster(&out, text, cluster_start, i, cluster_simple) != 0)
                    break;
                cluster_open = 0;
            }
            if (c == '\r') {
                if (i + 1 < len && bytes[i + 1] == '\n') {
                    i++;
                    continue; /* the '\n' follows */
                }
                c = '\n';
            }
            if ((out.len >= out.cap || out.failed) && out_reserve(&out, 1) != 0)
                break; /* (the room test inline: this runs for every byte) */
            out.text[out.len] = (char)c;
            out.off[out.len++] = (uint32_t)i;
            i++;
            /* the rest of a run of plain ASCII (no CR, none followed by a
             * possible combining mark): copied as the case above would */
            while (i + 1 < len && bytes[i] < 0x80 && bytes[i] != '\r' && bytes[i + 1] < 0x80 &&
                   out.len < out.cap) {
                out.text[out.len] = (char)bytes[i];
                out.off[out.len++] = (uint32_t)i;
                i++;
            }
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(bytes + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) { /* not UTF-8 after all: copy the byte */
            cp = 0xFFFD;
            n = 1;
        }
        const char *repl = special_replacement(cp);
        if (repl) {
            if (cluster_open) {
                if (flush_cluster(&out, text, cluster_start, i, cluster_simple) != 0)
                    break;
                cluster_open = 0;
            }
            out_put(&out, repl, strlen(repl), i);
            i += (size_t)n;
            continue;
        }
        if (cluster_open && (cluster_count >= CLUSTER_MAX_CODEPOINTS ||
                             utf8proc_grapheme_break_stateful(prev_cp, cp, &break_state))) {
            if (flush_cluster(&out, text, cluster_start, i, cluster_simple) != 0)
                break;
            cluster_open = 0;
        }
        const utf8proc_property_t *prop = utf8proc_get_property(cp);
        if (!cluster_open) {
            cluster_open = 1;
            cluster_start = i;
            cluster_count = 0;
            break_state = 0;
            cluster_simple = prop->decomp_seqindex == UINT16_MAX && prop->combining_class == 0 &&
                             !prop->comp_exclusion;
        } else {
            cluster_simple = 0;
        }
        prev_cp = cp;
        cluster_count++;
        i += (size_t)n;
    }
    if (!out.failed && cluster_open)
        flush_cluster(&out, text, cluster_start, len, cluster_simple);
    if (!out.failed)
        out_reserve(&out, 1);
    if (out.failed) {
        free(out.text);
        free(out.off);
        return SAYDO_ERR_NOMEM;
    }
    doc->norm = sd_arena_strndup(arena, out.text, out.len);
    doc->orig_off = sd_arena_alloc(arena, (out.len + 1) * sizeof *doc->orig_off);
    if (doc->norm && doc->orig_off) {
        memcpy(doc->orig_off, out.off, out.len * sizeof *doc->orig_off);
        doc->orig_off[out.len] = (uint32_t)len;
        doc->norm_len = out.len;
    }
    free(out.text);
    free(out.off);
    if (!doc->norm || !doc->orig_off)
        return SAYDO_ERR_NOMEM;
    return 0;
}
