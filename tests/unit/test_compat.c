/*
 * test_compat.c -- TABARI compatibility: the dictionary reader
 * (src/dict_tabari.c) on small made-up files, and the runner for TABARI's
 * own validation suite (docs/compat.md).
 *
 * compat_tabari_validate reads ../shared/anchors/TABARI-Code/Validate.text
 * and the dictionaries its Validate.project names, builds a coder with no
 * default dictionaries (only saydo's grammar word list besides TABARI's
 * files) and codes every record before FINAL-01 with its date.  A record
 * passes when the set of (source, target, code) it yields equals the set
 * of its expected events ({ SRC / TGT / CODE }; {---} and {###}: none).
 * It prints the pass count per record category (the ID's prefix) and in
 * total; a record that fails and is not in its known-failures list
 * (COMPAT_TABARI_KNOWN), or is listed and passes, fails the test.
 * SAYDO_TEST_VERBOSE=1 prints every failing record; COMPAT_TABLE_OUT=FILE writes the CAMEO
 * table it builds there too (for trying a sentence with `saydo code
 * --cameo FILE`).  Once a record turns TABARI's FORWARD on, the records
 * of one story are coded as one article.  Skips when ../shared is absent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "dict.h"
#include "dict_tabari.h"
#include "saydo.h"
#include "test.h"

/* The records that fail today, by id (test.h, sd_known_load). */
#define COMPAT_TABARI_KNOWN "tests/spec/known-failures/compat-tabari.txt"

/* ------------------------------------------------------- reader, small */

static sd_dict *load_tabari(sd_test *t, const char *text, sd_dict_format f)
{
    sd_dict *d = sd_dict_new();
    saydo_error err;
    CHECK(d != NULL);
    if (!d)
        return NULL;
    CHECK_INT(sd_dict_load_tabari_buffer(d, "t.verbs", text, strlen(text), f, &err), 0);
    CHECK_INT(sd_dict_compile(d, &err), 0);
    return d;
}

static const char *code_of(const sd_dict *d, unsigned mask, const char *phrase, int32_t date)
{
    const sd_entry *e = sd_dict_lookup(d, mask, phrase);
    if (!e)
        return "(none)";
    const sd_code *c = sd_entry_code_on(e, date);
    return c ? c->code : "(no code)";
}

/* "phrase => code [; attrs]" of the entry from line (1-based), or
 * "(none)".  Static buffer. */
static const char *line_entry(const sd_dict *d, uint32_t line)
{
    static char buf[512];
    for (size_t i = 0; i < sd_dict_entry_count(d); i++) {
        const sd_entry *e = sd_dict_entry(d, i);
        if (e->line != line)
            continue;
        snprintf(buf, sizeof buf, "%s => %s%s%s", e->phrase, e->ncodes ? e->codes[0].code : "",
                 *e->attrs ? " ; " : "", e->attrs);
        return buf;
    }
    return "(none)";
}

TEST(compat_tabari_actors)
{
    const char *text = "<NOUN>\nBIRDS ;x\n</NOUN>\n"
                       "GROZNIA_ [GRZ] ; comment\n"
                       "+GROZNIAN_\n"
                       "VALDORIA\n"
                       "+VALDOR_CITY_\n"
                       "\t[VLDGOV <950601]\n"
                       "\t[VLDREB 950601 - 19990815]\n"
                       "\t[VLD]\n"
                       "NOBODY_ [---]\n"
                       "BADDATE_ [XYZ 991301-000101]\n"
                       "NOCODE_ [991201-010114]\n"
                       "~~FINISH\n"
                       "AFTER_ [AFT]\n";
    sd_dict *d = load_tabari(t, text, SD_DICT_FORMAT_ACTORS);
    if (!d)
        return;
    unsigned A = 1u << SD_KIND_ACTOR;
    CHECK_STR(code_of(d, A, "Groznia", 0), "GRZ");
    CHECK_STR(code_of(d, A, "Groznian", 0), "GRZ");
    CHECK_STR(code_of(d, A, "Valdorians", 19950101), "VLDGOV"); /* a stem */
    CHECK_STR(code_of(d, A, "Valdor City", 19950601), "VLDREB");
    CHECK_STR(code_of(d, A, "Valdoria", 20010101), "VLD");
    CHECK_STR(code_of(d, A, "nobody", 0), "(none)");
    CHECK_STR(code_of(d, A, "after", 0), "(none)");
    CHECK_STR(code_of(d, A, "birds", 0), "(none)");
    /* two malformed lines, one warning each, with file:line */
    CHECK_INT(sd_dict_warning_count(d), 2);
    CHECK_CONTAINS(sd_dict_warning(d, 0), "t.verbs:12: malformed date range");
    CHECK_CONTAINS(sd_dict_warning(d, 1), "t.verbs:13: bad code");
    sd_dict_free(d);
}

TEST(compat_tabari_agents)
{
    const char *text = "POLICE_ [~COP]\nRIGHTS_GROUPS_ [ NGO~] ;x\nBAD_ [~G/O]\n";
    sd_dict *d = load_tabari(t, text, SD_DICT_FORMAT_AGENTS);
    if (!d)
        return;
    unsigned G = 1u << SD_KIND_AGENT;
    CHECK_STR(code_of(d, G, "police", 0), "COP");
    CHECK_STR(code_of(d, G, "rights groups", 0), "NGO~");
    CHECK_STR(code_of(d, G, "bad", 0), "G");
    sd_dict_free(d);
}

TEST(compat_tabari_verbs)
{
    const char *text = "<SYNSETS>\n&MONEY\n+DOLLAR\n+GOLD_COINS_\n</SYNSETS>\n"
                       "<TIME>\nYESTERDAY [-1]\n</TIME>\n"
                       "BREAK_ [1717]\n"
                       "{ BROKE_ BROKEN_ }\n"
                       "- * TREATY  [161] ;x\n"
                       "- * OFF_ TALKS_ [---]\n"
                       "- * BANK_ [###]\n"
                       "- * WITH + OVER &MONEY [032:033]\n"
                       "- * { PEACE | TRUCE_ } [191]\n"
                       "- NO_CODE *\n"
                       "- * TREATY  [999]\n"
                       "WANDER [---]\n"
                       "- RECENTLY { LOUDLY INCLUDED | RAISED } ITS * [043]\n";
    sd_dict *d = load_tabari(t, text, SD_DICT_FORMAT_VERBS);
    if (!d)
        return;
    unsigned V = 1u << SD_KIND_VERB;
    CHECK_STR(code_of(d, V, "broke", 0), "1717");
    CHECK_STR(code_of(d, V, "breaks", 0), "1717");
    CHECK_STR(line_entry(d, 11), "(break | broke | broken) {GAP} treaty* => 161 ; once=1 intent=161 user=1");
    CHECK_STR(line_entry(d, 12), "(break | broke | broken) {GAP} =off {GAP} =talks => null ; once=1");
    CHECK_STR(line_entry(d, 13), "(break | broke | broken) {GAP} =bank => discard ; once=1 discard=1");
    CHECK_STR(line_entry(d, 15), "(break | broke | broken) {GAP} (peace* | truce) => 191 ; once=1 intent=191 user=1");
    CHECK_STR(line_entry(d, 18), "(none)");
    /* a space inside a group is a gap too, while the pattern has slots left */
    CHECK_STR(line_entry(d, 19), "recently* {GAP} (loudly* {GAP} included* | raised*) {GAP} its* "
                                 "{GAP} wander* => 043 ; once=1 intent=043 user=1");
    /* the pattern with a target slot and a synset */
    size_t found = 0;
    for (size_t i = 0; i < sd_dict_entry_count(d); i++) {
        const sd_entry *x = sd_dict_entry(d, i);
        if (x->codes[0].code && strcmp(x->codes[0].code, "032") == 0) {
            found++;
            CHECK_STR(x->attrs, "once=1 intent=032 user=1 pair=033");
            CHECK_CONTAINS(x->phrase, "{TGT}");
            CHECK_CONTAINS(x->phrase, "(dollar* | gold coins)");
        }
    }
    CHECK_INT(found, 1);
    /* no code; a repeated pattern (the first wins) */
    CHECK_INT(sd_dict_warning_count(d), 2);
    CHECK_CONTAINS(sd_dict_warning(d, 0), "t.verbs:16: pattern");
    CHECK_CONTAINS(sd_dict_warning(d, 1), "t.verbs:17: same phrase as line 11");
    sd_dict_free(d);
}

/* Hardening: a verb line skipped as malformed (no code, a bad code, no
 * words) left its line number behind, and the pattern or forms line after
 * it were built on a verb with no words: strlen(NULL) in put_own_verb.
 * Each line below is skipped with a warning naming file and line. */
TEST(compat_tabari_verb_skipped_then_pattern)
{
    const char *text = "+ROAM\n"              /* 1: no code, no block header */
                       "- * ALONG [042]\n"    /* 2 */
                       "{ ROAMED }\n"         /* 3 */
                       "STROLL [0&1]\n"       /* 4: bad code */
                       "- * BY [042]\n"       /* 5 */
                       "[043]\n"              /* 6: no words */
                       "- * ABOUT [042]\n"    /* 7 */
                       "WANDER [042]\n"       /* 8: a good verb again */
                       "- * AWAY [043]\n";    /* 9 */
    sd_dict *d = load_tabari(t, text, SD_DICT_FORMAT_VERBS);
    if (!d)
        return;
    CHECK_INT(sd_dict_warning_count(d), 7);
    CHECK_CONTAINS(sd_dict_warning(d, 0), "t.verbs:1: verb '+ROAM' has no code");
    CHECK_CONTAINS(sd_dict_warning(d, 1), "t.verbs:2: pattern '- * ALONG [042]' without a readable verb");
    CHECK_CONTAINS(sd_dict_warning(d, 2), "t.verbs:3: verb forms");
    CHECK_CONTAINS(sd_dict_warning(d, 3), "t.verbs:4: bad code");
    CHECK_CONTAINS(sd_dict_warning(d, 4), "t.verbs:5: pattern");
    CHECK_CONTAINS(sd_dict_warning(d, 5), "t.verbs:6:");
    CHECK_CONTAINS(sd_dict_warning(d, 6), "t.verbs:7: pattern");
    CHECK_STR(line_entry(d, 2), "(none)");
    CHECK_STR(line_entry(d, 5), "(none)");
    CHECK_CONTAINS(line_entry(d, 9), "wander");
    sd_dict_free(d);
}

TEST(compat_format_detection)
{
    CHECK_INT(sd_dict_format_of("x.actors", NULL, 0), SD_DICT_FORMAT_ACTORS);
    CHECK_INT(sd_dict_format_of("x.Verbs", NULL, 0), SD_DICT_FORMAT_VERBS);
    CHECK_INT(sd_dict_format_of("x.dict", "A [B]", 5), SD_DICT_FORMAT_SAYDO);
    const char *v = "SAY [010]\n- * HELLO [011]\n";
    CHECK_INT(sd_dict_format_of("x", v, strlen(v)), SD_DICT_FORMAT_VERBS);
    const char *a = "POLICE_ [~COP]\n";
    CHECK_INT(sd_dict_format_of("x", a, strlen(a)), SD_DICT_FORMAT_AGENTS);
    const char *o = "@kind actor\nrussia => RUS\n";
    CHECK_INT(sd_dict_format_of("x", o, strlen(o)), SD_DICT_FORMAT_SAYDO);
}

/* ------------------------------------------------- the validation suite */

typedef struct triple {
    char s[96], g[96], c[96];
} triple;

typedef struct cat {
    char name[64];
    int n, pass;
} cat;

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    size_t k = 0;
    while (s[k] == ' ' || s[k] == '\t')
        k++;
    memmove(s, s + k, n - k + 1);
}

static int parse_date(const char *s, char *out)
{
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9')
        n++;
    int y, m, d;
    if (n == 6) {
        int yy = (s[0] - '0') * 10 + (s[1] - '0');
        y = yy < 30 ? 2000 + yy : 1900 + yy;
        s += 2;
    } else if (n == 8) {
        y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        s += 4;
    } else {
        return -1;
    }
    m = (s[0] - '0') * 10 + (s[1] - '0');
    d = (s[2] - '0') * 10 + (s[3] - '0');
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    return 0;
}

/* Expected events in a record's comment; *disabled counts the
 * expectations the suite deactivated ("-{ DANBRD / DOL / 162 }": TABARI
 * does not check them). */
static size_t expected_events(const char *c, triple *out, size_t max, int *disabled)
{
    size_t n = 0;
    *disabled = 0;
    for (const char *p = strchr(c, '{'); p && n < max; p = strchr(p + 1, '{')) {
        const char *q = p;
        while (q > c && (q[-1] == ' ' || q[-1] == '\t'))
            q--;
        if (q > c && q[-1] == '-') {
            ++*disabled; /* -{...}: a disabled expectation */
            continue;
        }
        const char *e = strchr(p, '}');
        if (!e)
            break;
        char in[96];
        size_t len = (size_t)(e - p - 1);
        if (len >= sizeof in)
            continue;
        memcpy(in, p + 1, len);
        in[len] = '\0';
        char *s1 = strchr(in, '/');
        char *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
        if (!s2)
            continue;
        *s1 = *s2 = '\0';
        triple *x = &out[n];
        snprintf(x->s, sizeof x->s, "%s", in);
        snprintf(x->g, sizeof x->g, "%s", s1 + 1);
        snprintf(x->c, sizeof x->c, "%s", s2 + 1);
        trim(x->s);
        trim(x->g);
        trim(x->c);
        if (strcmp(x->g, "---") == 0)
            x->g[0] = '\0';
        int dup = 0;
        for (size_t k = 0; k < n; k++)
            dup |= !strcmp(out[k].s, x->s) && !strcmp(out[k].g, x->g) && !strcmp(out[k].c, x->c);
        if (!dup)
            n++;
    }
    return n;
}

/* Count a record of category name (a new category when unseen, at most
 * 64) as passed or not. */
static void count_category(cat *cats, size_t *ncat, const char *name, int pass)
{
    size_t ci = 0;
    while (ci < *ncat && strcmp(cats[ci].name, name) != 0)
        ci++;
    if (ci == *ncat && *ncat < 64) {
        snprintf(cats[ci].name, sizeof cats[ci].name, "%s", name);
        cats[ci].n = cats[ci].pass = 0;
        (*ncat)++;
    }
    if (ci < *ncat) {
        cats[ci].n++;
        cats[ci].pass += pass;
    }
}

/* A record's outcome in one line, into buf (cap): what it wants and what
 * saydo gave (ok 0: coding failed). */
static void describe_record(char *buf, size_t cap, const triple *want, size_t nwant,
                            const triple *got, size_t ngot, int ok)
{
    sd_buf b = SD_BUF_INIT;
    sd_buf_puts(&b, "want");
    for (size_t i = 0; i < nwant; i++)
        sd_buf_printf(&b, " %s/%s/%s", want[i].s, want[i].g, want[i].c);
    sd_buf_puts(&b, nwant ? "; got" : " none; got");
    for (size_t i = 0; i < ngot; i++)
        sd_buf_printf(&b, " %s/%s/%s", got[i].s, got[i].g, got[i].c);
    sd_buf_puts(&b, ngot ? "" : " none");
    sd_buf_puts(&b, ok ? "" : " (error)");
    snprintf(buf, cap, "%s", b.data ? b.data : "");
    sd_buf_free(&b);
}

/* Check a record against the suite's known-failures list; with
 * SAYDO_TEST_VERBOSE print every failing one. */
static void check_record(sd_test *t, sd_known *known, const char *id, int pass, const triple *want,
                         size_t nwant, const triple *got, size_t ngot, int ok, int verbose)
{
    char what[1024];
    describe_record(what, sizeof what, want, nwant, got, ngot, ok);
    sd_known_case(known, t, NULL, 0, id, pass, what, what);
    if (verbose && !pass)
        fprintf(stderr, "  failing %s: %s\n", id, what);
}

static int same_sets(const triple *a, size_t na, const triple *b, size_t nb)
{
    if (na != nb)
        return 0;
    for (size_t i = 0; i < na; i++) {
        int found = 0;
        for (size_t k = 0; k < nb && !found; k++)
            found = !strcmp(a[i].s, b[k].s) && !strcmp(a[i].g, b[k].g) && !strcmp(a[i].c, b[k].c);
        if (!found)
            return 0;
    }
    return 1;
}

/* Add code (2-4 digits, CAMEO root 01..20) and its parents to the table
 * buffer unless listed in have (a "\n"-separated list). */
static void add_code(sd_buf *table, sd_buf *have, const char *code, size_t n)
{
    if (n < 2 || n > 4)
        return;
    for (size_t i = 0; i < n; i++)
        if (code[i] < '0' || code[i] > '9')
            return;
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    if (root < 1 || root > 20)
        return;
    for (size_t k = 2; k <= n; k++) {
        char c[8], key[10];
        memcpy(c, code, k);
        c[k] = '\0';
        snprintf(key, sizeof key, "\n%s\n", c);
        if (have->data && strstr(have->data, key))
            continue;
        sd_buf_printf(have, "%s\n", c);
        int quad = root <= 5 ? 1 : root <= 9 ? 2 : root <= 14 ? 3 : 4;
        const char *plover = root <= 2 ? "" : "OTHER";
        sd_buf_printf(table, "%s\t0.0\t%d\t%s\tTABARI code %s\n", c, quad, plover, c);
    }
}

/* A CAMEO table for the suite: saydo's own, plus every CAMEO-shaped code
 * the TABARI verbs file and the expected events use that it lacks. */
static int write_table(sd_test *t, const char *path, const char *verbs, const char *valid)
{
    size_t n;
    char *own = sd_test_read_file("data/cameo.tsv", &n);
    if (!own)
        return -1;
    sd_buf table = SD_BUF_INIT, have = SD_BUF_INIT;
    sd_buf_puts(&table, own);
    sd_buf_putc(&have, '\n');
    for (char *l = own; l && *l;) {
        char *e = strchr(l, '\n');
        if (*l >= '0' && *l <= '9') {
            size_t k = strcspn(l, "\t\n");
            sd_buf_append(&have, l, k);
            sd_buf_putc(&have, '\n');
        }
        l = e ? e + 1 : NULL;
    }
    free(own);
    for (const char *p = verbs; (p = strpbrk(p, "[:")) != NULL; p++) {
        size_t k = 1;
        while (p[k] >= '0' && p[k] <= '9')
            k++;
        if (p[k] == ']' || p[k] == ':')
            add_code(&table, &have, p + 1, k - 1);
    }
    for (const char *p = valid; (p = strchr(p, '/')) != NULL; p++) {
        const char *q = p + 1;
        while (*q == ' ')
            q++;
        size_t k = 0;
        while (q[k] >= '0' && q[k] <= '9')
            k++;
        const char *r = q + k;
        while (*r == ' ')
            r++;
        if (*r == '}')
            add_code(&table, &have, q, k);
    }
    for (const char *p = valid; (p = strstr(p, "eventcode=")) != NULL; p++) {
        const char *q = p + 10;
        if (*q == '"' || *q == '\'')
            q++;
        size_t k = strspn(q, "0123456789");
        add_code(&table, &have, q, k);
    }
    int rc = table.failed ? -1 : sd_test_write_file(path, table.data, table.len);
    sd_buf_free(&table);
    sd_buf_free(&have);
    return rc;
}

/* Is line p a record header "DATE ID" (6 or 8 digits, blanks, one
 * word)?  Copies the ID into id when given. */
static int is_header(const char *p, char *id, size_t n)
{
    size_t dn = 0;
    while (p[dn] >= '0' && p[dn] <= '9')
        dn++;
    const char *q = p + dn;
    while (*q == ' ' || *q == '\t')
        q++;
    size_t idn = strcspn(q, " \t\r\n");
    const char *r = q + idn;
    while (*r == ' ' || *r == '\t' || *r == '\r')
        r++;
    if ((dn != 6 && dn != 8) || q == p + dn || idn == 0 || (*r && *r != '\n'))
        return 0;
    if (id)
        snprintf(id, n, "%.*s", (int)(idn < n - 1 ? idn : n - 1), q);
    return 1;
}

/* TABARI's FORWARD mask ("^^*****NNN*SSS") over a record header's text
 * after its date: the characters under 'N' name the story.  "" when the
 * mask names none. */
static void story_key(const char *mask, const char *header, char *key, size_t cap)
{
    size_t dn = strspn(header, "0123456789"), n = 0;
    const char *h = header + dn;
    for (size_t i = 0; mask[i] && n + 1 < cap; i++) {
        if (!h[i] || h[i] == '\n' || h[i] == '\r')
            break;
        if (mask[i] == 'N')
            key[n++] = h[i];
    }
    key[n] = '\0';
}

/* Events of one text into got (no duplicates); only those of sentences
 * from `from` on.  Returns 0 or -1 on a coder error. */
static int code_record(saydo_coder *coder, const char *id, const char *date, const char *text,
                       size_t from, triple *got, size_t *ngot, size_t *nsent)
{
    saydo_article *art = NULL;
    saydo_result *res = NULL;
    saydo_error err;
    int ok = saydo_article_new(id, date, "", text, strlen(text), &art, &err) == 0 &&
             saydo_code(coder, art, &res, &err) == 0;
    if (ok && nsent)
        *nsent = saydo_result_sentence_count(res);
    for (size_t i = 0; ok && got && i < saydo_result_event_count(res) && *ngot < 64; i++) {
        const saydo_event *ev = saydo_result_event(res, i);
        if (ev->sentence < from)
            continue;
        triple x;
        snprintf(x.s, sizeof x.s, "%s", ev->source);
        snprintf(x.g, sizeof x.g, "%s", ev->target);
        snprintf(x.c, sizeof x.c, "%s", ev->cameo);
        int dup = 0;
        for (size_t k = 0; k < *ngot; k++)
            dup |= !strcmp(got[k].s, x.s) && !strcmp(got[k].g, x.g) && !strcmp(got[k].c, x.c);
        if (!dup)
            got[(*ngot)++] = x;
    }
    saydo_result_free(res);
    saydo_article_free(art);
    return ok ? 0 : -1;
}

TEST(compat_tabari_validate)
{
    if (!t->shared)
        SKIP("../shared is absent");
    char dir[512], path[640];
    snprintf(dir, sizeof dir, "%s/anchors/TABARI-Code", t->shared);
    snprintf(path, sizeof path, "%s/Validate.text", dir);
    size_t vlen;
    char *valid = sd_test_read_file(path, &vlen);
    if (!valid)
        SKIP("no TABARI-Code/Validate.text");
    /* the dictionaries Validate.project names */
    snprintf(path, sizeof path, "%s/Validate.project", dir);
    size_t plen;
    char *project = sd_test_read_file(path, &plen);
    CHECK(project != NULL);
    char files[5][640];
    int nfiles = 0;
    static const char *const tags[] = {"<actorsfile>", "<agentsfile>", "<verbsfile>",
                                       "<optionsfile>", NULL};
    char verbs_path[640] = "";
    for (int k = 0; tags[k] && project; k++) {
        const char *p = strstr(project, tags[k]);
        if (!p)
            continue;
        p += strlen(tags[k]);
        while (*p == ' ' || *p == '\t')
            p++;
        size_t n = strcspn(p, " \t\r\n");
        snprintf(files[nfiles], sizeof files[nfiles], "%s/%.*s", dir, (int)n, p);
        if (k == 2)
            snprintf(verbs_path, sizeof verbs_path, "%s", files[nfiles]);
        nfiles++;
    }
    free(project);
    CHECK_INT(nfiles, 4);
    size_t verbs_len;
    char *verbs = sd_test_read_file(verbs_path, &verbs_len);
    const char *table = sd_test_path(t, "tabari-cameo.tsv");
    CHECK(verbs && write_table(t, table, verbs, valid) == 0);
    if (verbs && getenv("COMPAT_TABLE_OUT")) /* a copy to try sentences with saydo code */
        CHECK(write_table(t, getenv("COMPAT_TABLE_OUT"), verbs, valid) == 0);
    free(verbs);
    const char *dicts[8];
    int nd = 0;
    for (int k = 0; k < nfiles; k++)
        dicts[nd++] = files[k];
    const char *grammar = getenv("COMPAT_NO_GRAMMAR") ? NULL : "data/grammar/words.dict";
    if (grammar)
        dicts[nd++] = grammar;
    dicts[nd] = NULL;
    /* the records "{ OPTION: ... }" change the options as the suite goes:
     * they are collected into one more .options file, loaded after the
     * project's, and the coder is built again */
    const char *extra = sd_test_path(t, "validate-records.options");
    sd_buf opts = SD_BUF_INIT;
    saydo_coder_options co = SAYDO_CODER_OPTIONS_INIT;
    co.data_dir = "data";
    co.cameo_file = table;
    co.dicts = dicts;
    co.no_default_dicts = 1;
    saydo_coder *coder = NULL;
    saydo_error err;
    if (saydo_coder_new(&co, &coder, &err) != 0) {
        char line[1024];
        sd_test_fail(t, __FILE__, __LINE__, "coder: %s", saydo_error_format(&err, line, sizeof line));
        free(valid);
        return;
    }
    int verbose = getenv("SAYDO_TEST_VERBOSE") != NULL;
    fprintf(stderr, "  compat tabari: %zu dictionary warnings (malformed or inexpressible lines)\n",
            saydo_coder_warning_count(coder));

    cat cats[64];
    size_t ncat = 0;
    char mask[32] = "", story[32] = "";
    sd_buf prior = SD_BUF_INIT; /* the text of the story's records so far */
    int total = 0, passed = 0, outside = 0, unchecked = 0;
    sd_known *known = sd_known_load(COMPAT_TABARI_KNOWN);
    char *p = valid;
    while (p && *p) {
        char *eol = strchr(p, '\n');
        char id[64];
        if (!is_header(p, id, sizeof id)) {
            p = eol ? eol + 1 : NULL;
            continue;
        }
        if (strcmp(id, "FINAL-01") == 0)
            break;
        char date[16];
        int dated = parse_date(p, date) == 0;
        /* the text up to the comment, then the comment */
        char *body = eol ? eol + 1 : p + strlen(p);
        char *open = strstr(body, "/*");
        if (!open)
            break;
        /* the comment ends at its '*' '/' -- or, when that was left out,
         * at the next record */
        char *close = strstr(open, "*/");
        for (char *h = strchr(open, '\n'); h && (!close || h < close); h = strchr(h + 1, '\n'))
            if (is_header(h + 1, NULL, 0)) {
                close = h;
                break;
            }
        if (!close)
            break;
        sd_buf text = SD_BUF_INIT;
        for (char *c = body; c < open; c++)
            sd_buf_putc(&text, (*c == '\n' || *c == '\r') ? ' ' : *c);
        char *comment = sd_malloc((size_t)(close - open) + 1);
        memcpy(comment, open, (size_t)(close - open));
        comment[close - open] = '\0';
        triple want[32], got[64];
        int disabled;
        size_t nwant = expected_events(comment, want, 32, &disabled), ngot = 0;
        unchecked += disabled && !nwant;
        /* options set by this record apply from the next one on: "{
         * OPTION: ... }", and a FORWARD command on a line of its own */
        int changed = 0;
        for (char *o = strstr(comment, "OPTION:"); o; o = strstr(o + 1, "OPTION:")) {
            size_t on = strcspn(o + 7, "}\n");
            char *end2 = strstr(o + 7, "*/");
            if (end2 && (size_t)(end2 - (o + 7)) < on)
                on = (size_t)(end2 - (o + 7));
            sd_buf_append(&opts, o + 7, on);
            sd_buf_putc(&opts, '\n');
            changed = 1;
            char *fw = strstr(o + 7, "FORWARD:");
            if (fw && fw < o + 7 + on && strstr(fw, "OFF") && strstr(fw, "OFF") < o + 7 + on)
                mask[0] = '\0';
        }
        for (char *l = comment; l; l = strchr(l + 1, '\n')) {
            char *q = l + (*l == '\n');
            q += strspn(q, " \t");
            if (strncmp(q, "\\n", 2) == 0)
                q += 2;
            if (strncmp(q, "FORWARD:", 8) != 0)
                continue;
            size_t on = strcspn(q, "\r\n");
            sd_buf_append(&opts, q, on);
            sd_buf_putc(&opts, '\n');
            changed = 1;
            q += 8 + strspn(q + 8, " \t");
            snprintf(mask, sizeof mask, "%.*s", (int)strcspn(q, " \t\r\n"), q);
        }
        /* TABARI's FORWARD: the records of one story are coded as one
         * article, this record's events those of its own sentences */
        char key[32] = "";
        if (mask[0])
            story_key(mask, p, key, sizeof key);
        if (!key[0] || strcmp(key, story) != 0)
            sd_buf_clear(&prior);
        snprintf(story, sizeof story, "%s", key);
        size_t from = 0;
        sd_buf whole = SD_BUF_INIT;
        if (prior.len) {
            CHECK(code_record(coder, id, dated ? date : NULL, prior.data, 0, NULL, NULL, &from) ==
                  0);
            sd_buf_append(&whole, prior.data, prior.len);
            sd_buf_append(&whole, "\n\n", 2);
        }
        sd_buf_append(&whole, text.data ? text.data : "", text.len);
        int ok = !whole.failed && code_record(coder, id, dated ? date : NULL, whole.data, from,
                                              got, &ngot, NULL) == 0;
        sd_buf_free(&whole);
        if (key[0]) {
            if (prior.len)
                sd_buf_append(&prior, "\n\n", 2);
            sd_buf_append(&prior, text.data ? text.data : "", text.len);
        }
        int pass = ok && same_sets(want, nwant, got, ngot);
        int foreign = 0; /* an expected code no CAMEO table can hold */
        for (size_t i = 0; i < nwant; i++) {
            const char *c = want[i].c;
            size_t cn = strspn(c, "0123456789");
            int root = cn >= 2 ? (c[0] - '0') * 10 + (c[1] - '0') : 0;
            foreign |= c[cn] != '\0' || cn < 2 || cn > 4 || root < 1 || root > 20;
        }
        outside += foreign;
        total++;
        passed += pass;
        char prefix[32];
        snprintf(prefix, sizeof prefix, "%.*s", (int)strcspn(id, "-"), id);
        count_category(cats, &ncat, prefix, pass);
        check_record(t, known, id, pass, want, nwant, got, ngot, ok, verbose);
        free(comment);
        sd_buf_free(&text);
        p = close;
        if (changed && !opts.failed) {
            CHECK_INT(sd_test_write_file(extra, opts.data, opts.len), 0);
            dicts[nd] = extra;
            dicts[nd + 1] = NULL;
            saydo_coder_free(coder);
            coder = NULL;
            if (saydo_coder_new(&co, &coder, &err) != 0) {
                char line[1024];
                sd_test_fail(t, __FILE__, __LINE__, "coder: %s",
                             saydo_error_format(&err, line, sizeof line));
                break;
            }
        }
    }
    sd_buf_free(&opts);
    sd_buf_free(&prior);
    free(valid);
    saydo_coder_free(coder);
    fprintf(stderr, "  compat tabari by category:");
    for (size_t i = 0; i < ncat; i++)
        fprintf(stderr, " %s %d/%d", cats[i].name, cats[i].pass, cats[i].n);
    fprintf(stderr, "\n  compat tabari: %d records expect codes outside CAMEO's roots 01-20 "
                    "(WEIS or test codes: user codes, sd_cameo_add_user)", outside);
    fprintf(stderr, "\n  compat tabari: %d records have only deactivated expectations "
                    "(-{...}, which TABARI does not check); they are scored here as "
                    "expecting no event", unchecked);
    fputc('\n', stderr);
    int listed = sd_known_finish(known, t);
    fprintf(stderr, "  compat tabari: %d/%d records (%.1f%%), %d known failures (%s)\n", passed,
            total, total ? 100.0 * passed / total : 0.0, listed, COMPAT_TABARI_KNOWN);
    CHECK_INT(total, 465);
}

/* Every allocation of the TABARI reader may fail: the load then returns
 * NOMEM and leaks nothing (ASan checks), and the dict is still freed. */
TEST(compat_tabari_fault)
{
    static const char actors[] = "GROZNIA_ [GRZ]\n+GROZNIAN_\nVALDORIA\n\t[VLDGOV <950601]\n"
                                 "\t[VLD]\nBAD_ [991301-000101]\n";
    static const char verbs[] = "&MONEY\n+DOLLAR\n+GOLD_COINS_\nBREAK_ [1717]\n"
                                "{ BROKE_ BROKEN_ }\n- * WITH + OVER &MONEY [032:033]\n"
                                "- + * BY_ $ [191]\n- % * TREATY [###]\n- * TREATY [---]\n"
                                "SAY [023?]\n";
    const char *text[2] = {actors, verbs};
    sd_dict_format fmt[2] = {SD_DICT_FORMAT_ACTORS, SD_DICT_FORMAT_VERBS};
    for (int f = 0; f < 2; f++) {
        int done = 0;
        for (long n = 1; n < 20000 && !done; n++) {
            sd_dict *d = sd_dict_new();
            CHECK(d != NULL);
            if (!d)
                return;
            saydo_error err;
            sd_alloc_fail_after(n);
            int rc = sd_dict_load_tabari_buffer(d, "f", text[f], strlen(text[f]), fmt[f], &err);
            /* the countdown still running: no failure was injected */
            int not_hit = 0;
            for (long k = 0; k < n && !not_hit; k++)
                not_hit = sd_alloc_should_fail();
            sd_alloc_fail_after(0);
            if (not_hit) {
                CHECK_INT(rc, 0);
                done = 1;
            } else if (rc != 0) {
                CHECK_INT(rc, SAYDO_ERR_NOMEM);
            }
            sd_dict_free(d);
        }
        CHECK(done);
    }
}

/* A .project names its files relative to its folder; sd_dict_load_any
 * picks the reader by extension or content. */
TEST(compat_tabari_project)
{
    const char *actors = sd_test_path(t, "p.actors");
    const char *verbs = sd_test_path(t, "p-verbs.txt.v"); /* no telling extension */
    const char *project = sd_test_path(t, "p.project");
    const char *own = sd_test_path(t, "own.dict");
    static const char a[] = "GROZNIA_ [GRZ]\n";
    static const char v[] = "SCOLD [111]\n- * HARSHLY [112]\n";
    static const char p[] = "A test project\n<actorsfile>  p.actors\n<verbsfile>\tp-verbs.txt.v\n"
                            "<optionsfile> missing.options\n";
    static const char o[] = "@kind actor\nvaldoria => VLD\n";
    CHECK_INT(sd_test_write_file(actors, a, strlen(a)), 0);
    CHECK_INT(sd_test_write_file(verbs, v, strlen(v)), 0);
    CHECK_INT(sd_test_write_file(project, p, strlen(p)), 0);
    CHECK_INT(sd_test_write_file(own, o, strlen(o)), 0);
    sd_dict *d = sd_dict_new();
    saydo_error err;
    /* the options file is missing: an IO error naming it */
    CHECK_INT(sd_dict_load_any(d, project, 0, &err), SAYDO_ERR_IO);
    CHECK_CONTAINS(err.file, "missing.options");
    sd_dict_free(d);
    static const char p2[] = "<actorsfile>  p.actors\n<verbsfile>\tp-verbs.txt.v\n";
    CHECK_INT(sd_test_write_file(project, p2, strlen(p2)), 0);
    d = sd_dict_new();
    CHECK_INT(sd_dict_load_any(d, project, 0, &err), 0);
    CHECK_INT(sd_dict_load_any(d, own, 0, &err), 0);
    CHECK_INT(sd_dict_compile(d, &err), 0);
    CHECK_STR(code_of(d, 1u << SD_KIND_ACTOR, "Groznia", 0), "GRZ");
    CHECK_STR(code_of(d, 1u << SD_KIND_ACTOR, "Valdoria", 0), "VLD");
    CHECK_STR(code_of(d, 1u << SD_KIND_VERB, "scolded", 0), "111");
    CHECK_INT(sd_dict_warning_count(d), 0);
    sd_dict_free(d);
}

/* ------------------------------------------- PETRARCH-1's unit tests */

/* The value of attribute name="..." (or '...') in tag[0..n), into out. */
static int xml_attr(const char *tag, size_t n, const char *name, char *out, size_t cap)
{
    size_t nl = strlen(name);
    for (const char *p = tag; p + nl < tag + n; p++) {
        if (strncmp(p, name, nl) != 0 || (p > tag && p[-1] != ' ' && p[-1] != '\t'))
            continue;
        const char *q = p + nl;
        while (*q == ' ')
            q++;
        if (*q != '=')
            continue;
        q++;
        while (*q == ' ')
            q++;
        char quote = *q;
        if (quote != '"' && quote != '\'')
            return 0;
        const char *e = strchr(q + 1, quote);
        if (!e || e > tag + n)
            return 0;
        snprintf(out, cap, "%.*s", (int)(e - q - 1), q + 1);
        /* the file writes some codes as '"CODE"' */
        size_t l = strlen(out);
        if (l >= 2 && out[0] == '"' && out[l - 1] == '"') {
            memmove(out, out + 1, l - 2);
            out[l - 2] = '\0';
        }
        return 1;
    }
    return 0;
}

/* The records that fail today, by id (test.h, sd_known_load). */
#define COMPAT_PETRARCH_KNOWN "tests/spec/known-failures/compat-petrarch.txt"

TEST(compat_petrarch_unit)
{
    if (!t->shared)
        SKIP("../shared is absent");
    char dir[512], path[700];
    snprintf(dir, sizeof dir, "%s/anchors/petrarch-classic-philip-schrodt/petrarch/data",
             t->shared);
    snprintf(path, sizeof path, "%s/text/PETR.UnitTest.records.xml", dir);
    size_t xlen;
    char *xml = sd_test_read_file(path, &xlen);
    if (!xml)
        SKIP("no PETR.UnitTest.records.xml");
    static const char *const tags[] = {"<Verbfile>", "<Actorfile>", "<Agentfile>",
                                       "<Discardfile>", NULL};
    char files[4][700], verbs_path[700] = "";
    const char *dicts[6];
    int nd = 0;
    for (int k = 0; tags[k]; k++) {
        const char *p = strstr(xml, tags[k]);
        if (!p)
            continue;
        p += strlen(tags[k]);
        size_t n = strcspn(p, "<");
        snprintf(files[nd], sizeof files[nd], "%s/dictionaries/%.*s", dir, (int)n, p);
        if (k == 0)
            snprintf(verbs_path, sizeof verbs_path, "%s", files[nd]);
        dicts[nd] = files[nd];
        nd++;
    }
    CHECK_INT(nd, 4);
    dicts[nd++] = "data/grammar/words.dict";
    dicts[nd] = NULL;
    size_t vl;
    char *verbs = sd_test_read_file(verbs_path, &vl);
    const char *table = sd_test_path(t, "petrarch-cameo.tsv");
    CHECK(verbs && write_table(t, table, verbs, xml) == 0);
    free(verbs);
    saydo_coder_options co = SAYDO_CODER_OPTIONS_INIT;
    co.data_dir = "data";
    co.cameo_file = table;
    co.dicts = dicts;
    co.no_default_dicts = 1;
    saydo_coder *coder = NULL;
    saydo_error err;
    if (saydo_coder_new(&co, &coder, &err) != 0) {
        char line[1024];
        sd_test_fail(t, __FILE__, __LINE__, "coder: %s",
                     saydo_error_format(&err, line, sizeof line));
        free(xml);
        return;
    }
    fprintf(stderr, "  compat petrarch: %zu dictionary warnings\n",
            saydo_coder_warning_count(coder));
    int verbose = getenv("SAYDO_TEST_VERBOSE") != NULL;
    cat cats[64];
    size_t ncat = 0;
    int total = 0, passed = 0, outside = 0;
    sd_known *known = sd_known_load(COMPAT_PETRARCH_KNOWN);
    for (char *p = strstr(xml, "<Sentence "); p; p = strstr(p + 1, "<Sentence ")) {
        char *tag_end = strchr(p, '>');
        char *end = strstr(p, "</Sentence>");
        if (!tag_end || !end)
            break;
        size_t tn = (size_t)(tag_end - p);
        char id[64] = "", date[16] = "", category[64] = "", valid[16] = "";
        xml_attr(p, tn, "id", id, sizeof id);
        xml_attr(p, tn, "date", date, sizeof date);
        xml_attr(p, tn, "category", category, sizeof category);
        xml_attr(p, tn, "valid", valid, sizeof valid);
        if (strcmp(valid, "true") != 0)
            continue;
        triple want[32], got[64];
        size_t nwant = 0, ngot = 0;
        for (char *e = strstr(p, "<EventCoding"); e && e < end && nwant < 32;
             e = strstr(e + 1, "<EventCoding")) {
            char *ee = strchr(e, '>');
            if (!ee)
                break;
            triple *x = &want[nwant];
            if (xml_attr(e, (size_t)(ee - e), "sourcecode", x->s, sizeof x->s) &&
                xml_attr(e, (size_t)(ee - e), "targetcode", x->g, sizeof x->g) &&
                xml_attr(e, (size_t)(ee - e), "eventcode", x->c, sizeof x->c))
                nwant++;
        }
        for (size_t i = 0; i < nwant; i++) {
            const char *c = want[i].c;
            size_t cn = strspn(c, "0123456789");
            int root = cn >= 2 ? (c[0] - '0') * 10 + (c[1] - '0') : 0;
            if (c[cn] || cn < 2 || cn > 4 || root < 1 || root > 20) {
                outside++;
                break;
            }
        }
        char *tx = strstr(p, "<Text>"), *txe = strstr(p, "</Text>");
        sd_buf text = SD_BUF_INIT;
        if (tx && txe && txe < end)
            for (char *c = tx + 6; c < txe; c++)
                sd_buf_putc(&text, (*c == '\n' || *c == '\r') ? ' ' : *c);
        char iso[16] = "";
        if (strlen(date) == 8)
            snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", date, date + 4, date + 6);
        saydo_article *art = NULL;
        saydo_result *res = NULL;
        int ok = saydo_article_new(id, *iso ? iso : NULL, "", text.data ? text.data : "",
                                   text.len, &art, &err) == 0 &&
                 saydo_code(coder, art, &res, &err) == 0;
        if (ok)
            for (size_t i = 0; i < saydo_result_event_count(res) && ngot < 64; i++) {
                const saydo_event *ev = saydo_result_event(res, i);
                triple x;
                snprintf(x.s, sizeof x.s, "%s", ev->source);
                snprintf(x.g, sizeof x.g, "%s", ev->target);
                snprintf(x.c, sizeof x.c, "%s", ev->cameo);
                int dup = 0;
                for (size_t k = 0; k < ngot; k++)
                    dup |= !strcmp(got[k].s, x.s) && !strcmp(got[k].g, x.g) &&
                           !strcmp(got[k].c, x.c);
                if (!dup)
                    got[ngot++] = x;
            }
        int pass = ok && same_sets(want, nwant, got, ngot);
        total++;
        passed += pass;
        count_category(cats, &ncat, category, pass);
        check_record(t, known, id, pass, want, nwant, got, ngot, ok, verbose);
        saydo_result_free(res);
        saydo_article_free(art);
        sd_buf_free(&text);
        p = end;
    }
    free(xml);
    saydo_coder_free(coder);
    fprintf(stderr, "  compat petrarch by category:");
    for (size_t i = 0; i < ncat; i++)
        fprintf(stderr, " %s %d/%d", cats[i].name, cats[i].pass, cats[i].n);
    fprintf(stderr, "\n  compat petrarch: %d records expect codes outside CAMEO's roots 01-20 "
                    "(user codes)",
            outside);
    fputc('\n', stderr);
    int listed = sd_known_finish(known, t);
    fprintf(stderr, "  compat petrarch: %d/%d records (%.1f%%), %d known failures (%s)\n",
            passed, total, total ? 100.0 * passed / total : 0.0, listed, COMPAT_PETRARCH_KNOWN);
    CHECK_INT(total, 276);
}

/* ------------------------------------------------------- user codes */

/* Codes outside CAMEO in a TABARI verbs file ("222", "075A") are user
 * codes: they code, with no Goldstein value and quad 0, and every writer
 * prints them.  The same code in a saydo file codes nothing unless the
 * file marks its entries "@attr user=1". */
static size_t code_with(sd_test *t, const char *const *dicts, const char *text, sd_buf *out)
{
    saydo_coder_options co = SAYDO_CODER_OPTIONS_INIT;
    co.data_dir = "data";
    co.dicts = dicts;
    co.no_default_dicts = 1;
    saydo_coder *coder = NULL;
    saydo_error err;
    CHECK_INT(saydo_coder_new(&co, &coder, &err), 0);
    if (!coder)
        return 0;
    saydo_article *art = NULL;
    saydo_result *res = NULL;
    CHECK_INT(saydo_article_new("u", "2001-02-03", "", text, strlen(text), &art, &err), 0);
    CHECK_INT(saydo_code(coder, art, &res, &err), 0);
    size_t n = res ? saydo_result_event_count(res) : 0;
    for (size_t i = 0; i < n; i++) {
        const saydo_event *ev = saydo_result_event(res, i);
        sd_buf_printf(out, "%s/%s/%s q%d g%.1f root=%s;", ev->source, ev->target, ev->cameo,
                      ev->info ? (int)ev->info->quad : -1, ev->info ? ev->info->goldstein : -1.0,
                      ev->info ? ev->info->root : "-");
    }
    static const saydo_output_format fmts[] = {SAYDO_OUTPUT_JSONL, SAYDO_OUTPUT_TSV,
                                               SAYDO_OUTPUT_TABLE};
    for (int f = 0; f < 3 && n; f++) {
        char *mem = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&mem, &len);
        CHECK(fp != NULL);
        if (!fp)
            break;
        CHECK_INT(saydo_write_events(fp, fmts[f], coder, art, res, &err), 0);
        fclose(fp);
        CHECK_CONTAINS(mem, "075A");
        free(mem);
    }
    saydo_result_free(res);
    saydo_article_free(art);
    saydo_coder_free(coder);
    return n;
}

TEST(compat_user_codes)
{
    const char *actors = sd_test_path(t, "u.actors");
    const char *verbs = sd_test_path(t, "u.verbs");
    const char *own = sd_test_path(t, "u.dict");
    const char *own_user = sd_test_path(t, "uu.dict");
    static const char a[] = "GROZNIA_ [GRZ]\nVALDORIA_ [VLD]\n";
    static const char v[] = "SCOLD [222]\n- * + HARSHLY [075A]\n";
    static const char o[] = "@kind verb\nscold => 075A\n";
    static const char ou[] = "@kind verb\n@attr user=1\nscold => 075A\n";
    CHECK_INT(sd_test_write_file(actors, a, strlen(a)), 0);
    CHECK_INT(sd_test_write_file(verbs, v, strlen(v)), 0);
    CHECK_INT(sd_test_write_file(own, o, strlen(o)), 0);
    CHECK_INT(sd_test_write_file(own_user, ou, strlen(ou)), 0);
    const char *text = "Groznia scolded Valdoria harshly.";
    sd_buf got = SD_BUF_INIT;
    const char *d1[] = {actors, verbs, NULL};
    CHECK_INT(code_with(t, d1, text, &got), 1);
    CHECK_STR(got.data ? got.data : "", "GRZ/VLD/075A q0 g0.0 root=07;");
    sd_buf_clear(&got);
    const char *d2[] = {actors, own, NULL};
    CHECK_INT(code_with(t, d2, text, &got), 0);
    const char *d3[] = {actors, own_user, NULL};
    CHECK_INT(code_with(t, d3, text, &got), 1);
    CHECK_STR(got.data ? got.data : "", "GRZ/VLD/075A q0 g0.0 root=07;");
    sd_buf_free(&got);
}

/* The .options settings the coder applies; later lines override. */
TEST(compat_tabari_options)
{
    sd_dict *d = sd_dict_new();
    CHECK(d != NULL);
    if (!d)
        return;
    CHECK_INT(sd_dict_tabari_options(d)->read, 0);
    CHECK_INT(sd_dict_tabari_options(d)->min_words, 0);
    const char *o = "// comment\nCOMPLEX: VERBS[5] NOACTPRIOR EXPLAIN\nLABEL: 010=YIELD\n"
                    "default: source [ DEFSRC ] prior target [DEFTAR] after\n"
                    "SET: MINIMUM WORDS = 4\n";
    saydo_error err;
    CHECK_INT(sd_dict_load_tabari_buffer(d, "x.options", o, strlen(o), SD_DICT_FORMAT_OPTIONS,
                                         &err), 0);
    const sd_tabari_options *t1 = sd_dict_tabari_options(d);
    CHECK_INT(t1->read, 1);
    CHECK_STR(t1->default_source, "DEFSRC");
    CHECK_STR(t1->default_target, "DEFTAR");
    CHECK_INT(t1->default_prior, 1);
    CHECK_INT(t1->default_after, 1);
    CHECK_INT(t1->act_after, 0);
    CHECK_INT(t1->min_words, 4);
    const char *o2 = "DEFAULT: OFF\nDEFAULT: SOURCE [S] TARGET [T]\nCOMPLEX: VERBS[5]\n";
    CHECK_INT(sd_dict_load_tabari_buffer(d, "y.options", o2, strlen(o2), SD_DICT_FORMAT_OPTIONS,
                                         &err), 0);
    CHECK_STR(t1->default_source, "S");
    CHECK_INT(t1->default_prior, 0);
    CHECK_INT(t1->default_after, 0);
    CHECK_INT(t1->act_after, 1);
    CHECK_INT(t1->min_words, 4);
    CHECK_INT(t1->comma_on, 1); /* TABARI's defaults */
    CHECK_INT(t1->comma_min, 2);
    CHECK_INT(t1->comma_emax, 8);
    CHECK_INT(t1->comma_bmax, 0);
    CHECK_INT(t1->convert_agent, 0);
    const char *o4 = "COMMA: MIN = 4 MAX = 6 EMIN = 3 EMAX = 6 BMIN = 3 BMAX = 8\n"
                     "SET: CONVERT AGENT = TRUE\nSET: CODE ALL\n";
    CHECK_INT(sd_dict_load_tabari_buffer(d, "w.options", o4, strlen(o4), SD_DICT_FORMAT_OPTIONS,
                                         &err), 0);
    CHECK_INT(t1->comma_min, 4);
    CHECK_INT(t1->comma_max, 6);
    CHECK_INT(t1->comma_emin, 3);
    CHECK_INT(t1->comma_emax, 6);
    CHECK_INT(t1->comma_bmin, 3);
    CHECK_INT(t1->comma_bmax, 8);
    CHECK_INT(t1->convert_agent, 1);
    CHECK_INT(t1->code_by, 2);
    const char *o5 = "COMMA: OFF\nSET: CONVERT AGENT = FALSE\nSET: CODE BY SENTENCE\n";
    CHECK_INT(sd_dict_load_tabari_buffer(d, "v.options", o5, strlen(o5), SD_DICT_FORMAT_OPTIONS,
                                         &err), 0);
    CHECK_INT(t1->comma_on, 0);
    CHECK_INT(t1->convert_agent, 0);
    CHECK_INT(t1->code_by, 1);
    const char *o3 = "DEFAULT: OFF\n";
    CHECK_INT(sd_dict_load_tabari_buffer(d, "z.options", o3, strlen(o3), SD_DICT_FORMAT_OPTIONS,
                                         &err), 0);
    CHECK_STR(t1->default_source, "");
    CHECK_STR(t1->default_target, "");
    sd_dict_free(d);
}
