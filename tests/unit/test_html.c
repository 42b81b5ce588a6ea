/*
 * test_html.c -- the web page extractor against the fixture pages of
 * tests/html: NAME.html (invented stories in the shapes of real news
 * sites) and NAME.expect, one check a line:
 *
 *   # comment              what the page is about
 *   title: TEXT            the article's title, exactly
 *   date: YYYY-MM-DD       its date ("" when the line is absent)
 *   url: TEXT / outlet: TEXT   exactly, when given
 *   + TEXT                 story text: must appear in the document
 *   - TEXT                 boilerplate: must not appear anywhere in it
 *
 * Pages are read through the public reader (saydo_reader_open with AUTO:
 * detection by extension), as 'saydo code' reads them.  The test prints
 * one summary line: story lines kept and boilerplate lines leaked.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "saydo.h"
#include "test.h"

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct html_tally {
    int pages, story, story_lost, junk, junk_leaked;
} html_tally;

static void check_page(sd_test *t, const char *stem, html_tally *tally)
{
    char html[512], expect[512];
    snprintf(html, sizeof html, "tests/html/%s.html", stem);
    snprintf(expect, sizeof expect, "tests/html/%s.expect", stem);
    char *spec = sd_test_read_file(expect, NULL);
    if (!spec) {
        sd_test_fail(t, __FILE__, __LINE__, "%s: no .expect file", html);
        return;
    }
    saydo_reader *reader = NULL;
    saydo_error err;
    saydo_article *article = NULL;
    int rc = saydo_reader_open(html, NULL, &reader, &err);
    if (rc == 0)
        rc = saydo_reader_next(reader, &article, &err);
    if (rc != 1) {
        sd_test_fail(t, __FILE__, __LINE__, "%s: not read (%d): %s", html, rc, err.message);
        saydo_reader_close(reader);
        free(spec);
        return;
    }
    tally->pages++;
    const char *doc = saydo_article_text(article, NULL);
    int saw_date = 0;
    char *save = NULL;
    for (char *line = strtok_r(spec, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (strncmp(line, "+ ", 2) == 0) {
            tally->story++;
            if (!strstr(doc, line + 2)) {
                tally->story_lost++;
                sd_test_fail(t, __FILE__, __LINE__, "%s: story text lost: \"%s\"", html,
                             line + 2);
            }
        } else if (strncmp(line, "- ", 2) == 0) {
            tally->junk++;
            if (strstr(doc, line + 2)) {
                tally->junk_leaked++;
                sd_test_fail(t, __FILE__, __LINE__, "%s: boilerplate leaked: \"%s\"", html,
                             line + 2);
            }
        } else if (strncmp(line, "title: ", 7) == 0) {
            CHECK_STR(saydo_article_title(article), line + 7);
        } else if (strncmp(line, "date: ", 6) == 0) {
            saw_date = 1;
            CHECK_STR(saydo_article_date(article), line + 6);
        } else if (strncmp(line, "url: ", 5) == 0) {
            CHECK_STR(saydo_article_url(article), line + 5);
        } else if (strncmp(line, "outlet: ", 8) == 0) {
            CHECK_STR(saydo_article_outlet(article), line + 8);
        } else {
            sd_test_fail(t, __FILE__, __LINE__, "%s: bad line \"%s\"", expect, line);
        }
    }
    if (!saw_date)
        CHECK_STR(saydo_article_date(article), "");
    /* one article per page */
    saydo_article *more = NULL;
    CHECK_INT(saydo_reader_next(reader, &more, &err), 0);
    saydo_article_free(article);
    saydo_reader_close(reader);
    free(spec);
}

TEST(html_fixture_pages)
{
    DIR *d = opendir("tests/html");
    if (!d)
        SKIP("tests/html not found (not run from the source tree)");
    char **stems = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".html") != 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **p = realloc(stems, cap * sizeof *p);
            if (!p)
                break;
            stems = p;
        }
        stems[n] = strdup(e->d_name);
        stems[n][len - 5] = '\0';
        n++;
    }
    closedir(d);
    if (n)
        qsort(stems, n, sizeof *stems, cmp_name);
    html_tally tally = {0};
    for (size_t i = 0; i < n; i++) {
        check_page(t, stems[i], &tally);
        free(stems[i]);
    }
    free(stems);
    CHECK(tally.pages >= 15);
    fprintf(stderr,
            "  html: %d pages, story lines lost %d/%d, boilerplate lines leaked %d/%d\n",
            tally.pages, tally.story_lost, tally.story, tally.junk_leaked, tally.junk);
}
