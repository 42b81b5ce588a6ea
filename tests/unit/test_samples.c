/*
 * test_samples.c -- the sample articles in data/samples and their hand-coded
 * events in tests/samples/expected stay in step.
 *
 * data/samples/INDEX lists "file<TAB>date<TAB>outlet" ('#' lines are
 * comments).  Each article's first line is its headline and its second line
 * is blank.  tests/samples/expected/<name>.json (the schema of
 * ../shared/examples/seed/expected.json, scored by score.py) must exist for
 * every article, and every "sentence" substring in it must occur in the
 * article after the normalisation score.py applies (curly quotes made
 * straight, em dash to '-', white space collapsed, lower case), so that an
 * edit to an article cannot silently orphan an expected event.
 *
 * Paths are relative to the source tree; the tests skip when run elsewhere.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#define SAMPLES_DIR "data/samples"
#define EXPECTED_DIR "tests/samples/expected"

/* score.py's norm(): returns a malloc'd string (caller frees) or NULL. */
static char *normalise(const char *text)
{
    size_t n = strlen(text);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t len = 0;
    int pending_space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        char mapped = (char)c;
        if (c == 0xE2 && i + 2 < n && (unsigned char)text[i + 1] == 0x80) {
            unsigned char third = (unsigned char)text[i + 2];
            if (third == 0x98 || third == 0x99)
                mapped = '\'';
            else if (third == 0x9C || third == 0x9D)
                mapped = '"';
            else if (third == 0x94)
                mapped = '-';
            if (mapped != (char)c)
                i += 2;
        }
        if (mapped == ' ' || mapped == '\n' || mapped == '\t' || mapped == '\r' || mapped == '\f') {
            pending_space = len > 0;
            continue;
        }
        if (pending_space)
            out[len++] = ' ';
        pending_space = 0;
        out[len++] = (mapped >= 'A' && mapped <= 'Z') ? (char)(mapped - 'A' + 'a') : mapped;
    }
    out[len] = '\0';
    return out;
}

/* Check one expected-events list against the normalised article text. */
static void check_sentences(sd_test *t, const char *name, json_t *list, const char *article)
{
    size_t i;
    json_t *item;
    CHECK(json_is_array(list));
    json_array_foreach(list, i, item) {
        const char *id = json_string_value(json_object_get(item, "id"));
        const char *sentence = json_string_value(json_object_get(item, "sentence"));
        CHECK(id != NULL);
        CHECK(sentence != NULL);
        CHECK(json_is_array(json_object_get(item, "cameo")));
        if (!sentence || !strcmp(sentence, "*"))
            continue;
        char *want = normalise(sentence);
        CHECK(want != NULL);
        if (want && !strstr(article, want))
            sd_test_fail(t, __FILE__, __LINE__, "%s %s: sentence \"%s\" not in the article", name,
                         id ? id : "?", sentence);
        free(want);
    }
}

static void check_article(sd_test *t, const char *file, const char *date)
{
    char path[512];
    snprintf(path, sizeof path, SAMPLES_DIR "/%s", file);
    size_t len = 0;
    char *text = sd_test_read_file(path, &len);
    if (!text) {
        sd_test_fail(t, __FILE__, __LINE__, "cannot read %s", path);
        return;
    }
    /* Headline, then a blank line. */
    const char *newline = strchr(text, '\n');
    CHECK(newline != NULL && newline > text && newline[1] == '\n');
    CHECK(strlen(date) == 10 && date[4] == '-' && date[7] == '-');

    char name[256];
    snprintf(name, sizeof name, "%s", file);
    char *dot = strrchr(name, '.');
    if (dot)
        *dot = '\0';
    snprintf(path, sizeof path, EXPECTED_DIR "/%s.json", name);
    json_error_t error;
    json_t *expected = json_load_file(path, 0, &error);
    if (!expected) {
        sd_test_fail(t, __FILE__, __LINE__, "%s:%d: %s", path, error.line, error.text);
        free(text);
        return;
    }
    const char *expected_date =
        json_string_value(json_object_get(json_object_get(expected, "article"), "date"));
    CHECK_STR(expected_date, date);
    char *article = normalise(text);
    CHECK(article != NULL);
    if (article) {
        check_sentences(t, name, json_object_get(expected, "events"), article);
        check_sentences(t, name, json_object_get(expected, "forbidden"), article);
    }
    free(article);
    json_decref(expected);
    free(text);
}

TEST(samples_match_expected_events)
{
    size_t len = 0;
    char *index = sd_test_read_file(SAMPLES_DIR "/INDEX", &len);
    if (!index)
        SKIP("data/samples/INDEX not found (not run from the source tree)");
    int articles = 0;
    char *save = NULL;
    for (char *line = strtok_r(index, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *tab1 = strchr(line, '\t');
        char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        CHECK(tab1 != NULL && tab2 != NULL);
        if (!tab1 || !tab2)
            continue;
        *tab1 = '\0';
        *tab2 = '\0';
        check_article(t, line, tab1 + 1);
        articles++;
    }
    CHECK(articles >= 7);
    free(index);
}
