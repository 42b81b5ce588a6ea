/*
 * test_verbs_data.c -- checks on the verb pattern files themselves
 * (the .dict files of data/verbs) and on the event spec files written against them:
 *
 *   verbs_data_load_clean       every .dict file of data/verbs loads and compiles
 *                               with no error and no warning, as @kind verb,
 *                               and together they hold at least 2,500
 *                               patterns (counting alternatives)
 *   verbs_codes_exist           every code a pattern gives, and every
 *                               intent= code, is a code of data/cameo.tsv
 *   verbs_cover_every_code      every three- and four-digit code of
 *                               data/cameo.tsv is given by some pattern
 *   verbs_event_specs_well_formed  every expected line of the events specs is
 *                               "SOURCE TARGET CODE MOOD" with a known code
 *                               and mood
 *
 * Runs from the repository root, as the runner does.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "saydo.h"
#include "test.h"

#define VERBS_DIR "data/verbs"
#define CAMEO_FILE "data/cameo.tsv"
#define MAX_CODES 512
#define MAX_FILES 64

typedef struct code_set {
    char code[MAX_CODES][8];
    int used[MAX_CODES];
    size_t n;
} code_set;

/* The codes of data/cameo.tsv (first column); 0 when the file is missing. */
static int read_cameo(code_set *set)
{
    FILE *f = fopen(CAMEO_FILE, "r");
    if (!f)
        return 0;
    char line[512];
    set->n = 0;
    while (fgets(line, sizeof line, f) && set->n < MAX_CODES) {
        if (line[0] == '#' || line[0] < '0' || line[0] > '9')
            continue;
        size_t k = strspn(line, "0123456789");
        if (k < 2 || k > 4 || line[k] != '\t')
            continue;
        memcpy(set->code[set->n], line, k);
        set->code[set->n][k] = '\0';
        set->used[set->n] = 0;
        set->n++;
    }
    fclose(f);
    return 1;
}

static int find_code(const code_set *set, const char *code, size_t n)
{
    for (size_t i = 0; i < set->n; i++)
        if (strlen(set->code[i]) == n && strncmp(set->code[i], code, n) == 0)
            return (int)i;
    return -1;
}

/* The paths of the .dict files of data/verbs, sorted; returns how many. */
static size_t verb_files(char paths[][256], size_t max)
{
    DIR *d = opendir(VERBS_DIR);
    if (!d)
        return 0;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < max) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.' || l < 6 || strcmp(e->d_name + l - 5, ".dict") != 0)
            continue;
        if (snprintf(paths[n], 256, "%s/%s", VERBS_DIR, e->d_name) < 256)
            n++;
    }
    closedir(d);
    qsort(paths, n, sizeof paths[0], (int (*)(const void *, const void *))strcmp);
    return n;
}

/* Strip a comment ('#' at the start or after white space) and the newline. */
static void strip_comment(char *line)
{
    for (char *p = line; *p; p++)
        if (*p == '#' && (p == line || p[-1] == ' ' || p[-1] == '\t')) {
            *p = '\0';
            break;
        }
    line[strcspn(line, "\r\n")] = '\0';
}

TEST(verbs_data_load_clean)
{
    static char paths[MAX_FILES][256];
    size_t nf = verb_files(paths, MAX_FILES);
    if (nf == 0)
        SKIP("data/verbs not found (not run from the source tree)");
    CHECK(nf >= 10);
    sd_dict *dict = sd_dict_new();
    CHECK(dict != NULL);
    if (!dict)
        return;
    saydo_error err;
    for (size_t i = 0; i < nf; i++) {
        int rc = sd_dict_load_file(dict, paths[i], 0, &err);
        if (rc)
            fprintf(stderr, "  %s: %s\n", paths[i], err.message);
        CHECK_INT(rc, 0);
    }
    CHECK_INT(sd_dict_compile(dict, &err), 0);
    for (size_t i = 0; i < sd_dict_warning_count(dict); i++)
        fprintf(stderr, "  warning: %s\n", sd_dict_warning(dict, i));
    CHECK_INT((long long)sd_dict_warning_count(dict), 0);
    size_t n = sd_dict_entry_count(dict);
    CHECK(n >= 500); /* lines; about 25,000 phrases once alternatives are expanded */
    fprintf(stderr, "  verbs: %zu patterns in %zu files\n", n, nf);
    /* a few patterns every user expects, by lemma */
    const sd_entry *e = sd_dict_lookup(dict, 1u << SD_KIND_VERB, "withdrew from");
    CHECK(e != NULL);
    if (e)
        CHECK_STR(e->codes[0].code, "0874");
    e = sd_dict_lookup(dict, 1u << SD_KIND_VERB, "shelled");
    CHECK(e != NULL);
    if (e)
        CHECK_STR(e->codes[0].code, "194");
    /* a plain statement is not an event */
    CHECK(sd_dict_lookup(dict, 1u << SD_KIND_VERB, "said") == NULL);
    CHECK(sd_dict_lookup(dict, 1u << SD_KIND_VERB, "make") == NULL);
    CHECK(sd_dict_lookup(dict, 1u << SD_KIND_VERB, "give") == NULL);
    CHECK(sd_dict_lookup(dict, 1u << SD_KIND_VERB, "take") == NULL);
    sd_dict_free(dict);
}

/* Visit every code and intent= code of every pattern line; count bad ones. */
static int scan_codes(sd_test *t, code_set *set)
{
    static char paths[MAX_FILES][256];
    size_t nf = verb_files(paths, MAX_FILES);
    int bad = 0;
    for (size_t i = 0; i < nf; i++) {
        FILE *f = fopen(paths[i], "r");
        CHECK(f != NULL);
        if (!f)
            continue;
        char line[8192];
        int ln = 0, is_verb = 0;
        while (fgets(line, sizeof line, f)) {
            ln++;
            strip_comment(line);
            if (strncmp(line, "@kind", 5) == 0)
                is_verb = strstr(line, "verb") != NULL;
            char *arrow = strstr(line, "=>");
            if (line[0] == '@' || !arrow)
                continue;
            CHECK(is_verb);
            char *p = arrow + 2;
            char *semi = strchr(p, ';');
            char *attrs = semi ? semi + 1 : NULL;
            if (semi)
                *semi = '\0';
            for (;;) {
                p += strspn(p, " \t");
                size_t k = strcspn(p, " \t");
                if (k == 0)
                    break;
                int at = find_code(set, p, k);
                if (at < 0) {
                    fprintf(stderr, "  %s:%d: unknown code '%.*s'\n", paths[i], ln, (int)k, p);
                    bad++;
                } else {
                    set->used[at] = 1;
                }
                p += k;
            }
            const char *intent = attrs ? strstr(attrs, "intent=") : NULL;
            if (intent) {
                intent += 7;
                size_t k = strcspn(intent, " \t");
                if (find_code(set, intent, k) < 0) {
                    fprintf(stderr, "  %s:%d: unknown intent code '%.*s'\n", paths[i], ln,
                            (int)k, intent);
                    bad++;
                }
            }
        }
        fclose(f);
    }
    return bad;
}

TEST(verbs_codes_exist)
{
    static code_set set;
    if (!read_cameo(&set))
        SKIP(CAMEO_FILE " not found (not run from the source tree)");
    CHECK(set.n > 300);
    CHECK_INT(scan_codes(t, &set), 0);
}

TEST(verbs_cover_every_code)
{
    static code_set set;
    if (!read_cameo(&set))
        SKIP(CAMEO_FILE " not found (not run from the source tree)");
    scan_codes(t, &set);
    int missing = 0;
    for (size_t i = 0; i < set.n; i++)
        if (strlen(set.code[i]) > 2 && !set.used[i]) {
            fprintf(stderr, "  no pattern gives CAMEO code %s\n", set.code[i]);
            missing++;
        }
    CHECK_INT(missing, 0);
}

static int known_mood(const char *m)
{
    return saydo_mood_from_name(m) >= 0;
}

TEST(verbs_event_specs_well_formed)
{
    static code_set set;
    if (!read_cameo(&set))
        SKIP(CAMEO_FILE " not found (not run from the source tree)");
    static const char *const specs[] = {"tests/spec/events-roots.spec",
                                        "tests/spec/events-grammar.spec"};
    for (size_t s = 0; s < sizeof specs / sizeof specs[0]; s++) {
        FILE *f = fopen(specs[s], "r");
        CHECK(f != NULL);
        if (!f)
            continue;
        char line[4096];
        int ln = 0, expected = 0, cases = 0;
        while (fgets(line, sizeof line, f)) {
            ln++;
            line[strcspn(line, "\r\n")] = '\0';
            if (strncmp(line, "###", 3) == 0) {
                expected = 0;
                cases++;
                continue;
            }
            if (strncmp(line, "--- events", 10) == 0) {
                expected = 1;
                continue;
            }
            if (!expected || line[0] == '\0')
                continue;
            char src[64], tgt[64], code[16], mood[16], extra[8];
            int n = sscanf(line, "%63s %63s %15s %15s %7s", src, tgt, code, mood, extra);
            if (n != 4 || find_code(&set, code, strlen(code)) < 0 || !known_mood(mood)) {
                fprintf(stderr, "  %s:%d: bad expected line '%s'\n", specs[s], ln, line);
                CHECK(0);
            }
        }
        fclose(f);
        CHECK(cases >= (s == 0 ? 300 : 150));
    }
}
