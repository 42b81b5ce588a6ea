/*
 * test_acceptance.c -- the issues' acceptance measures, scored by the
 * field's own scripts in ../shared/examples (skipped when ../shared or
 * python3 is absent):
 *
 *   acceptance_seed   `saydo code --date 2022-03-29` on the seed article,
 *                     scored by score.py: all 7 core events, no forbidden
 *                     event; the extended count is printed.
 *   acceptance_gsr    the PLOVER gold-standard records (gsr.py articles ->
 *                     saydo code -> gsr.py score): the share of records
 *                     fully right is printed and must not fall below
 *                     GSR_FLOOR (the target is 60%; TABARI with its
 *                     2012 dictionaries scores 23.0%).
 *   acceptance_samples  the project's sample articles against their
 *                     hand-coded events: no forbidden event, and at least
 *                     SAMPLES_CORE_FLOOR core events found in all.
 *   acceptance_realnews  real wire stories (../shared/realnews) coded with
 *                     the default options: no forbidden event, precision
 *                     at least REALNEWS_PRECISION_FLOOR, and exactly the
 *                     core events of tests/acceptance/realnews-missed.txt
 *                     missed -- a newly missed one fails (a regression), so
 *                     does a listed one now found (take it off the list).
 *                     The targets (precision 80%, recall 65%) are
 *                     printed.
 *
 * Files are written under the test's temporary directory; the saydo binary
 * is the one under test (--saydo).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"

/* Percent of GSR records fully right that the coder must keep: issue 4's
 * target, 60% (measured 60.2%, 194 of 322, on 2026-11-29). */
#define GSR_FLOOR 60.0
/* Core events of data/samples found by score.py (measured 22 of 37). */
#define SAMPLES_CORE_FLOOR 33
/* Percent of saydo's events on ../shared/realnews that match a hand-coded
 * event (issue 15's target; measured 80.6%, 203 of 252, on 2026-12-06). */
#define REALNEWS_PRECISION_FLOOR 80.0

static int have_python(void)
{
    const char *argv[] = {"python3", "-c", "pass", NULL};
    return sd_test_run(argv, NULL, 0, NULL, NULL, 30) == 0;
}

/* Run argv, write its standard output to path.  0 on exit status 0. */
static int run_to_file(const char *const *argv, const char *path)
{
    char *out = NULL, *err = NULL;
    int rc = sd_test_run(argv, NULL, 0, &out, &err, 600);
    if (rc == 0) {
        FILE *f = fopen(path, "w");
        if (!f || fputs(out ? out : "", f) < 0)
            rc = -1;
        if (f && fclose(f))
            rc = -1;
    } else {
        fprintf(stderr, "  %s failed (%d): %.300s\n", argv[0], rc, err ? err : "");
    }
    free(out);
    free(err);
    return rc;
}

/* Run a scorer and return its standard output (caller frees), or NULL
 * when it could not run.  score.py exits 1 when a core event is missed; its
 * summary line is still read. */
static char *score(const char *const *argv)
{
    char *out = NULL, *err = NULL;
    int rc = sd_test_run(argv, NULL, 0, &out, &err, 300);
    free(err);
    if (rc < 0 || rc > 1) {
        free(out);
        return NULL;
    }
    return out;
}

/* "core 7/7, extended 5/6, forbidden 0, events 9" -> the numbers. */
static int parse_score(const char *out, int *core, int *core_all, int *ext, int *ext_all,
                       int *forbidden)
{
    /* the summary is the line that starts with "core " (event lines name
     * their tier "core" too, further in) */
    const char *p = NULL;
    for (const char *q = out; q && *q; q = strchr(q, '\n') ? strchr(q, '\n') + 1 : NULL)
        if (strncmp(q, "core ", 5) == 0)
            p = q;
    return p && sscanf(p, "core %d/%d, extended %d/%d, forbidden %d", core, core_all, ext,
                       ext_all, forbidden) == 5;
}

TEST(acceptance_seed)
{
    if (!t->shared)
        SKIP("no ../shared");
    if (!have_python())
        SKIP("no python3");
    char article[1024], expected[1024], scorer[1024], events[1024];
    snprintf(article, sizeof article, "%s/examples/seed/article.txt", t->shared);
    snprintf(expected, sizeof expected, "%s/examples/seed/expected.json", t->shared);
    snprintf(scorer, sizeof scorer, "%s/examples/score.py", t->shared);
    if (access(article, R_OK) || access(scorer, R_OK))
        SKIP("no seed article or score.py");
    snprintf(events, sizeof events, "%s/seed-events.jsonl", t->tmpdir);
    const char *code[] = {t->saydo, "code", "--date", "2022-03-29", article, NULL};
    CHECK_INT(run_to_file(code, events), 0);
    const char *sc[] = {"python3", scorer, expected, events, NULL};
    char *out = score(sc);
    int core = 0, core_all = 0, ext = 0, ext_all = 0, forbidden = -1;
    CHECK(parse_score(out, &core, &core_all, &ext, &ext_all, &forbidden));
    fprintf(stderr, "  seed: core %d/%d, extended %d/%d, forbidden %d\n", core, core_all, ext,
            ext_all, forbidden);
    CHECK_INT(core, core_all);
    CHECK_INT(forbidden, 0);
    /* issue 5: the places and dates of E1 (talks in Istanbul: TUR), E2
     * (Morocco, 2022-03-29), E3 (Kyiv/Chernihiv: UKR) and E6 (Tuesday) */
    static const char *const placed[] = {"found  E1 ", "found  E2 ", "found  E3 ", "found  E6 ",
                                         NULL};
    for (size_t i = 0; out && placed[i]; i++)
        if (!strstr(out, placed[i])) {
            fprintf(stderr, "  seed: %.9s missing\n", placed[i] + 7);
            CHECK(strstr(out, placed[i]) != NULL);
        }
    free(out);
}

TEST(acceptance_gsr)
{
    if (!t->shared)
        SKIP("no ../shared");
    if (!have_python())
        SKIP("no python3");
    char gsr[1024], articles[1024], events[1024];
    snprintf(gsr, sizeof gsr, "%s/examples/gsr.py", t->shared);
    if (access(gsr, R_OK))
        SKIP("no gsr.py");
    snprintf(articles, sizeof articles, "%s/gsr-articles.jsonl", t->tmpdir);
    snprintf(events, sizeof events, "%s/gsr-events.jsonl", t->tmpdir);
    const char *mk[] = {"python3", gsr, "articles", articles, NULL};
    char *o = score(mk);
    free(o);
    if (access(articles, R_OK))
        SKIP("gsr.py could not write the articles (gold-standard records absent?)");
    const char *code[] = {t->saydo, "code", "--input", "jsonl", articles, NULL};
    CHECK_INT(run_to_file(code, events), 0);
    const char *sc[] = {"python3", gsr, "score", events, NULL};
    char *out = score(sc);
    int right = 0, total = 0;
    double pct = 0;
    const char *p = out ? strstr(out, "gsr ") : NULL;
    CHECK(p && sscanf(p, "gsr %d/%d records fully right (%lf%%)", &right, &total, &pct) == 3);
    fprintf(stderr, "  gsr: %d/%d records fully right (%.1f%%; floor %.1f%%, target 60%%)\n",
            right, total, pct, GSR_FLOOR);
    CHECK(total > 0);
    CHECK(pct >= GSR_FLOOR);
    free(out);
}

TEST(acceptance_samples)
{
    if (!t->shared)
        SKIP("no ../shared");
    if (!have_python())
        SKIP("no python3");
    char scorer[1024];
    snprintf(scorer, sizeof scorer, "%s/examples/score.py", t->shared);
    FILE *index = fopen("data/samples/INDEX", "r");
    if (!index || access(scorer, R_OK)) {
        if (index)
            fclose(index);
        SKIP("not run from the source tree, or no score.py");
    }
    char line[1024];
    int core_found = 0, core_all = 0, ext_found = 0, ext_all = 0, forbidden = 0, articles = 0;
    while (fgets(line, sizeof line, index)) {
        char name[256], date[32];
        if (line[0] == '#' || sscanf(line, "%255s %31s", name, date) != 2)
            continue;
        char article[512], expected[512], events[1024], stem[256];
        snprintf(stem, sizeof stem, "%s", name);
        char *dot = strrchr(stem, '.');
        if (dot)
            *dot = '\0';
        snprintf(article, sizeof article, "data/samples/%s", name);
        snprintf(expected, sizeof expected, "tests/samples/expected/%s.json", stem);
        snprintf(events, sizeof events, "%s/%s.jsonl", t->tmpdir, stem);
        const char *code[] = {t->saydo, "code", "--date", date, article, NULL};
        CHECK_INT(run_to_file(code, events), 0);
        const char *sc[] = {"python3", scorer, expected, events, NULL};
        char *out = score(sc);
        int c = 0, ca = 0, e = 0, ea = 0, f = 0;
        CHECK(parse_score(out, &c, &ca, &e, &ea, &f));
        core_found += c;
        core_all += ca;
        ext_found += e;
        ext_all += ea;
        forbidden += f;
        articles++;
        free(out);
    }
    fclose(index);
    fprintf(stderr, "  samples: %d articles, core %d/%d, extended %d/%d, forbidden %d\n",
            articles, core_found, core_all, ext_found, ext_all, forbidden);
    CHECK(articles > 0);
    CHECK_INT(forbidden, 0);
    CHECK(core_found >= SAMPLES_CORE_FLOOR);
}

/* Is id listed in the known-missed file (one id a line, # comments)? */
static int listed(char *const *ids, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(ids[i], id) == 0)
            return 1;
    return 0;
}

TEST(acceptance_realnews)
{
    if (!t->shared)
        SKIP("no ../shared");
    if (!have_python())
        SKIP("no python3");
    char articles[1024], expected[1024], scorer[1024], events[1024];
    snprintf(articles, sizeof articles, "%s/realnews/articles.jsonl", t->shared);
    snprintf(expected, sizeof expected, "%s/realnews/expected.json", t->shared);
    snprintf(scorer, sizeof scorer, "%s/examples/score.py", t->shared);
    if (access(articles, R_OK) || access(expected, R_OK) || access(scorer, R_OK))
        SKIP("no ../shared/realnews or score.py");
    FILE *known = fopen("tests/acceptance/realnews-missed.txt", "r");
    if (!known)
        SKIP("not run from the source tree");
    char *ids[1024];
    size_t nids = 0;
    char line[256];
    while (fgets(line, sizeof line, known) && nids < sizeof ids / sizeof *ids) {
        line[strcspn(line, " \t\r\n")] = '\0';
        if (line[0] && line[0] != '#' && !(ids[nids++] = strdup(line)))
            nids--;
    }
    fclose(known);
    snprintf(events, sizeof events, "%s/realnews-events.jsonl", t->tmpdir);
    const char *code[] = {t->saydo, "code", "--keep-going", articles, NULL};
    CHECK_INT(run_to_file(code, events), 0);
    const char *sc[] = {"python3", scorer, expected, events, NULL};
    char *out = score(sc);
    int core = 0, core_all = 0, ext = 0, ext_all = 0, forbidden = -1;
    CHECK(parse_score(out, &core, &core_all, &ext, &ext_all, &forbidden));
    int right = 0, emitted = 0;
    const char *p = out ? strstr(out, "precision ") : NULL;
    CHECK(p && sscanf(p, "precision %d/%d", &right, &emitted) == 2);
    double precision = emitted ? 100.0 * right / emitted : 0;
    fprintf(stderr,
            "  realnews: precision %d/%d (%.1f%%; floor %.1f%%, target 80%%), core recall %d/%d "
            "(%.1f%%; target 65%%), forbidden %d\n",
            right, emitted, precision, REALNEWS_PRECISION_FLOOR, core, core_all,
            core_all ? 100.0 * core / core_all : 0.0, forbidden);
    CHECK_INT(forbidden, 0);
    CHECK(precision >= REALNEWS_PRECISION_FLOOR);
    /* every core line: "found  ID  core ..." or "MISSED ID  core ..." */
    int regressions = 0, fixed = 0;
    for (const char *q = out; q && *q; q = strchr(q, '\n') ? strchr(q, '\n') + 1 : NULL) {
        char state[16], id[64], tier[16];
        if (sscanf(q, "%15s %63s %15s", state, id, tier) != 3 || strcmp(tier, "core") != 0)
            continue;
        int was = listed(ids, nids, id);
        if (strcmp(state, "MISSED") == 0 && !was) {
            fprintf(stderr, "  realnews: %s is missed now (it was found): a regression\n", id);
            regressions++;
        } else if (strcmp(state, "found") == 0 && was) {
            fprintf(stderr, "  realnews: %s is found now: take it off "
                            "tests/acceptance/realnews-missed.txt\n", id);
            fixed++;
        }
    }
    CHECK_INT(regressions, 0);
    CHECK_INT(fixed, 0);
    for (size_t i = 0; i < nids; i++)
        free(ids[i]);
    free(out);
}
