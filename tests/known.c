/*
 * known.c -- known-failures lists of the scored suites (test.h,
 * tests/spec/README.md "Known failures").
 *
 * A list is a text file, one failing case a line: its key (a spec case's
 * title, a compatibility record's id), a tab, and a short reason that may
 * be empty.  Lines starting with '#' and blank lines are comments.  A run
 * checks every case against the list and fails on any difference either
 * way; SAYDO_TEST_KNOWN=update writes the list from the run instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

typedef struct known_entry {
    char *key;
    char *reason; /* as listed, or derived in this run; never NULL */
    int listed;   /* in the file as loaded: its line there, or 0     */
    int seen;     /* a case with this key ran                     */
    int outcome;  /* its outcome: 1 passed, 0 failed, -1 skipped  */
} known_entry;

struct sd_known {
    char *path;
    known_entry *entries;
    size_t n, cap;
    size_t *order; /* entries in run order (failed or skipped), for update */
    size_t norder;
    int duplicates; /* keys listed twice: how many, the first and its line */
    char *dup_key;
    int dup_line;
    char **keys;    /* every key a case had so far, in order */
    size_t nkeys;
};

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "test-runner: out of memory\n");
        exit(2);
    }
    return q;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s);
    char *p = xrealloc(NULL, n + 1);
    memcpy(p, s, n + 1);
    return p;
}

int sd_known_updating(void)
{
    const char *v = getenv("SAYDO_TEST_KNOWN");
    return v && strcmp(v, "update") == 0;
}

static known_entry *find_entry(sd_known *k, const char *key)
{
    for (size_t i = 0; i < k->n; i++)
        if (strcmp(k->entries[i].key, key) == 0)
            return &k->entries[i];
    return NULL;
}

static known_entry *add_entry(sd_known *k, const char *key, const char *reason)
{
    if (k->n == k->cap) {
        k->cap = k->cap ? k->cap * 2 : 64;
        k->entries = xrealloc(k->entries, k->cap * sizeof *k->entries);
        k->order = xrealloc(k->order, k->cap * sizeof *k->order);
    }
    known_entry *e = &k->entries[k->n++];
    e->key = xstrdup(key);
    e->reason = xstrdup(reason ? reason : "");
    e->listed = e->seen = e->outcome = 0;
    return e;
}

sd_known *sd_known_load(const char *path)
{
    sd_known *k = xrealloc(NULL, sizeof *k);
    memset(k, 0, sizeof *k);
    k->path = xstrdup(path);
    char *text = sd_test_read_file(path, NULL);
    int line = 0;
    for (char *p = text; p && *p;) {
        line++;
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        size_t n = strlen(p);
        while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
            p[--n] = '\0';
        if (n && p[0] != '#') {
            char *tab = strchr(p, '\t');
            const char *reason = "";
            if (tab) {
                *tab = '\0';
                reason = tab + 1;
            }
            if (find_entry(k, p)) {
                if (!k->duplicates++) {
                    k->dup_key = xstrdup(p);
                    k->dup_line = line;
                }
            } else {
                add_entry(k, p, reason)->listed = line;
            }
        }
        p = nl ? nl + 1 : NULL;
    }
    free(text);
    return k;
}

/* A reason fit for one line of the list: no tabs or newlines, at most
 * 150 bytes. */
static void one_line(char *s)
{
    for (char *p = s; *p; p++)
        if (*p == '\t' || *p == '\n' || *p == '\r')
            *p = ' ';
    if (strlen(s) > 150)
        strcpy(s + 147, "...");
}

/* The key of the Nth case named name: name, or "name #N" when N > 1;
 * into buf (cap). */
static void unique_key(sd_known *k, const char *name, char *buf, size_t cap)
{
    int same = 0;
    for (size_t i = 0; i < k->nkeys; i++)
        same += strcmp(k->keys[i], name) == 0;
    if (same)
        snprintf(buf, cap, "%s #%d", name, same + 1);
    else
        snprintf(buf, cap, "%s", name);
    k->keys = xrealloc(k->keys, (k->nkeys + 1) * sizeof *k->keys);
    k->keys[k->nkeys++] = xstrdup(name);
}

int sd_known_case(sd_known *k, sd_test *t, const char *where, int line, const char *name,
                  int outcome, const char *reason, const char *detail)
{
    char key[1024];
    unique_key(k, name, key, sizeof key);
    known_entry *e = find_entry(k, key);
    if (!e && outcome != 0)
        return 1;
    if (!e)
        e = add_entry(k, key, reason);
    else if (!e->reason[0] && reason) {
        free(e->reason);
        e->reason = xstrdup(reason);
    }
    one_line(e->reason);
    e->seen = 1;
    e->outcome = outcome;
    if (outcome <= 0)
        k->order[k->norder++] = (size_t)(e - k->entries);
    if (sd_known_updating() || outcome < 0 || (outcome == 0 && e->listed))
        return 1;
    if (!where)
        where = k->path, line = 0;
    if (outcome == 0)
        sd_test_fail(t, where, line, "'%s' fails and is not in %s\n%s", key, k->path,
                     detail ? detail : "");
    else
        sd_test_fail(t, where, line, "'%s' now passes: remove it from %s (line %d)", key,
                     k->path, e->listed);
    return 0;
}

static void write_list(sd_known *k)
{
    sd_buf b = SD_BUF_INIT;
    sd_buf_printf(&b, "# Known failures: one failing case a line, KEY<TAB>REASON.\n"
                      "# Written by `make known-failures` (tests/spec/README.md); a reason\n"
                      "# written here by hand is kept when the list is written again.\n");
    for (size_t i = 0; i < k->norder; i++) {
        const known_entry *e = &k->entries[k->order[i]];
        if (e->outcome == 0 || e->listed)
            sd_buf_printf(&b, "%s\t%s\n", e->key, e->reason);
    }
    if (b.failed || sd_test_write_file(k->path, b.data, b.len) != 0)
        fprintf(stderr, "FAIL cannot write %s\n", k->path);
    else
        fprintf(stderr, "  wrote %s\n", k->path);
    sd_buf_free(&b);
}

int sd_known_finish(sd_known *k, sd_test *t)
{
    int known = 0;
    int updating = sd_known_updating();
    for (size_t i = 0; i < k->n; i++) {
        const known_entry *e = &k->entries[i];
        known += (e->listed || updating) && e->seen && e->outcome == 0;
        if (e->listed && !e->seen && !updating)
            sd_test_fail(t, k->path, e->listed, "'%s' names no case: remove it", e->key);
    }
    if (k->duplicates && !updating)
        sd_test_fail(t, k->path, k->dup_line, "'%s' is listed twice (%d repeats in all)",
                     k->dup_key, k->duplicates);
    free(k->dup_key);
    if (updating)
        write_list(k);
    for (size_t i = 0; i < k->n; i++) {
        free(k->entries[i].key);
        free(k->entries[i].reason);
    }
    for (size_t i = 0; i < k->nkeys; i++)
        free(k->keys[i]);
    free(k->keys);
    free(k->entries);
    free(k->order);
    free(k->path);
    free(k);
    return known;
}

/* The lines of a that are not in b (each line counted once), joined into
 * out with sep, in order. */
static void lines_not_in(const char *a, const char *b, sd_buf *out, const char *label)
{
    int first = 1;
    for (const char *p = a; *p;) {
        size_t n = strcspn(p, "\n");
        int found = 0;
        for (const char *q = b; *q && !found;) {
            size_t m = strcspn(q, "\n");
            found = m == n && strncmp(p, q, n) == 0;
            q += m + (q[m] == '\n');
        }
        if (!found && n) {
            sd_buf_printf(out, "%s%s'%.*s'", out->len ? "; " : "", first ? label : "", (int)n, p);
            first = 0;
        }
        p += n + (p[n] == '\n');
    }
}

/* When want and got differ in one line each, the words of that line that
 * differ ("got for want"), at most three; 0 when the lines differ
 * otherwise. */
static int word_reason(const char *w, size_t wn, const char *g, size_t gn, sd_buf *out)
{
    int shown = 0, more = 0;
    const char *we = w + wn, *ge = g + gn;
    while (w < we && g < ge) {
        size_t a = strcspn(w, " \n"), b = strcspn(g, " \n");
        if (w + a > we)
            a = (size_t)(we - w);
        if (g + b > ge)
            b = (size_t)(ge - g);
        if (a != b || strncmp(w, g, a) != 0) {
            if (shown < 3)
                sd_buf_printf(out, "%sgot '%.*s' for '%.*s'", shown ? "; " : "", (int)b, g,
                              (int)a, w);
            else
                more = 1;
            shown++;
        }
        w += a + (w + a < we);
        g += b + (g + b < ge);
    }
    if (w < we || g < ge)
        return 0;
    if (more)
        sd_buf_puts(out, "; ...");
    return shown > 0;
}

void sd_known_reason(const char *want, const char *got, char *buf, size_t cap)
{
    sd_buf b = SD_BUF_INIT;
    sd_buf_append(&b, "", 0);
    size_t wl = 0, gl = 0;
    const char *w1 = NULL, *g1 = NULL;
    /* the first line where they differ, and whether it is the only one */
    const char *w = want, *g = got;
    int ndiff = 0;
    while (*w || *g) {
        size_t a = strcspn(w, "\n"), c = strcspn(g, "\n");
        if (a != c || strncmp(w, g, a) != 0) {
            if (!ndiff++) {
                w1 = w, wl = a;
                g1 = g, gl = c;
            }
        }
        w += a + (w[a] == '\n');
        g += c + (g[c] == '\n');
    }
    if (!(ndiff == 1 && wl && gl && word_reason(w1, wl, g1, gl, &b))) {
        sd_buf_clear(&b);
        sd_buf_append(&b, "", 0);
        lines_not_in(want, got, &b, "missing ");
        lines_not_in(got, want, &b, "extra ");
        if (!b.len)
            sd_buf_puts(&b, "lines in another order");
    }
    snprintf(buf, cap, "%s", b.data ? b.data : "");
    one_line(buf);
    sd_buf_free(&b);
}
