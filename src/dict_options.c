/*
 * dict_options.c -- TABARI .options files: the settings the coder applies
 * (sd_tabari_options in dict_tabari.h, docs/compat.md).  The file is read
 * line by line, case-insensitively; '//' starts a comment.  Read:
 *
 *   DEFAULT: SOURCE [CODE] [PRIOR] TARGET [CODE] [AFTER]   (or OFF)
 *   COMPLEX: ... NOACTPRIOR ...       (its absence: the source may follow)
 *   SET: MINIMUM WORDS = N
 *
 * Everything else (labels, output, FORWARD, COMMA, CODE BY, TIME SHIFT)
 * is accepted and ignored.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict_int.h"
#include "dict_tabari.h"

const sd_tabari_options *sd_dict_tabari_options(const sd_dict *dict)
{
    static const sd_tabari_options none = {0};
    return dict ? &dict->tabari : &none;
}

/* Does the upper-cased line u contain word w (not inside a longer word)? */
static const char *has_word(const char *u, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = strstr(u, w); p; p = strstr(p + 1, w))
        if ((p == u || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[n]))
            return p;
    return NULL;
}

/* The code in brackets after word w ("SOURCE [DEFSRC]") into out. */
static void bracket_after(const char *u, const char *w, char *out, size_t cap)
{
    out[0] = '\0';
    const char *p = has_word(u, w);
    if (!p)
        return;
    p += strlen(w);
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != '[')
        return;
    size_t n = strcspn(p + 1, "]");
    if (p[1 + n] != ']')
        return;
    const char *c = p + 1;
    while (n && (*c == ' ' || *c == '\t'))
        c++, n--;
    while (n && (c[n - 1] == ' ' || c[n - 1] == '\t'))
        n--;
    if (n && n < cap)
        snprintf(out, cap, "%.*s", (int)n, c);
}

static void apply_line(sd_tabari_options *o, const char *u)
{
    while (*u == ' ' || *u == '\t')
        u++;
    if (strncmp(u, "DEFAULT:", 8) == 0) {
        const char *r = u + 8;
        o->default_source[0] = o->default_target[0] = '\0';
        o->default_prior = o->default_after = 0;
        if (has_word(r, "OFF") && !has_word(r, "SOURCE") && !has_word(r, "TARGET"))
            return;
        bracket_after(r, "SOURCE", o->default_source, sizeof o->default_source);
        bracket_after(r, "TARGET", o->default_target, sizeof o->default_target);
        const char *tg = has_word(r, "TARGET");
        const char *prior = has_word(r, "PRIOR"), *after = has_word(r, "AFTER");
        o->default_prior = prior && (!tg || prior < tg);
        o->default_after = after && tg && after > tg;
    } else if (strncmp(u, "COMPLEX:", 8) == 0) {
        o->act_after = !has_word(u + 8, "NOACTPRIOR");
    } else if (strncmp(u, "SET:", 4) == 0) {
        const char *p = has_word(u + 4, "MINIMUM");
        if (p && has_word(p, "WORDS")) {
            const char *eq = strchr(p, '=');
            if (eq)
                o->min_words = atoi(eq + 1);
        }
    }
}

void sd_tabari_read_options(sd_dict *dict, const char *text, size_t len)
{
    sd_tabari_options *o = &dict->tabari;
    if (!o->read) {
        o->read = 1;
        o->min_words = 8; /* TABARI's default */
    }
    char line[512];
    for (size_t i = 0; i < len;) {
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        size_t n = 0;
        for (size_t k = i; k < e && n + 1 < sizeof line; k++) {
            if (text[k] == '/' && k + 1 < e && text[k + 1] == '/')
                break;
            line[n++] = (char)toupper((unsigned char)text[k]);
        }
        line[n] = '\0';
        apply_line(o, line);
        i = e + 1;
    }
}
