/*
 * dict_options.c -- TABARI .options files: the settings the coder applies
 * (sd_tabari_options in dict_tabari.h, docs/compat.md).  The file is read
 * line by line, case-insensitively; '//' starts a comment.  Read:
 *
 *   DEFAULT: SOURCE [CODE] [PRIOR] TARGET [CODE] [AFTER]   (or OFF)
 *   COMPLEX: VERBS[n] CONJ[m] NOACTPRIOR  (NOACTPRIOR absent: the source
 *                                      may follow the verb)
 *   SET: MINIMUM WORDS = N
 *   SET: CONVERT AGENT = TRUE | FALSE
 *   SET: CODE BY CLAUSE | CODE BY SENTENCE | CODE ALL
 *   COMMA: MIN = a MAX = b EMIN = c EMAX = d BMIN = e BMAX = f   (or OFF)
 *   FORWARD: MASK [OFF]
 *
 * Everything else (labels, output, TIME SHIFT)
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
    } else if (strncmp(u, "COMMA:", 6) == 0) {
        const char *r = u + 6;
        if (has_word(r, "OFF")) {
            o->comma_on = 0;
            return;
        }
        static const char *const keys[] = {"MIN", "MAX", "EMIN", "EMAX", "BMIN", "BMAX"};
        int *vals[] = {&o->comma_min,  &o->comma_max,  &o->comma_emin,
                       &o->comma_emax, &o->comma_bmin, &o->comma_bmax};
        for (int k = 0; k < 6; k++) {
            const char *p = has_word(r, keys[k]);
            const char *eq = p ? strchr(p, '=') : NULL;
            if (eq)
                *vals[k] = atoi(eq + 1);
        }
        o->comma_on = 1;
    } else if (strncmp(u, "FORWARD:", 8) == 0) {
        const char *r = u + 8;
        while (*r == ' ' || *r == '\t')
            r++;
        size_t n = strcspn(r, " \t");
        o->forward = !has_word(r + n, "OFF");
        snprintf(o->forward_mask, sizeof o->forward_mask, "%.*s",
                 (int)(n < sizeof o->forward_mask ? n : sizeof o->forward_mask - 1), r);
    } else if (strncmp(u, "COMPLEX:", 8) == 0) {
        o->act_after = !has_word(u + 8, "NOACTPRIOR");
        const char *vb = strstr(u + 8, "VERBS[");
        const char *cj = strstr(u + 8, "CONJ[");
        o->complex_verbs = vb ? atoi(vb + 6) : 0;
        o->complex_conj = cj ? atoi(cj + 5) : 0;
    } else if (strncmp(u, "SET:", 4) == 0) {
        const char *cb = has_word(u + 4, "CODE");
        if (cb && has_word(cb, "ALL"))
            o->code_by = 2;
        else if (cb && has_word(cb, "BY") && has_word(cb, "SENTENCE"))
            o->code_by = 1;
        else if (cb && has_word(cb, "BY") && has_word(cb, "CLAUSE"))
            o->code_by = 0;
        const char *cv = has_word(u + 4, "CONVERT");
        if (cv && has_word(cv, "AGENT")) {
            const char *eq = strchr(cv, '=');
            o->convert_agent = eq && has_word(eq, "TRUE");
        }
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
        o->min_words = 8; /* TABARI's defaults */
        o->comma_on = 1;
        o->comma_min = o->comma_emin = 2;
        o->comma_max = 10;
        o->comma_emax = 8; /* (the suite drops a terminal clause of 7 words, keeps one of 9) */
        o->comma_bmin = o->comma_bmax = 0;
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
