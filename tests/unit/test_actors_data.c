/*
 * test_actors_data.c -- checks on the actor data files themselves (not the
 * loader, whose tests come with the dictionary engine):
 *
 *   actors_data_files_well_formed   the data/actors dictionaries and overrides
 *                                   exist, are non-empty UTF-8, and have no
 *                                   tab in a phrase field
 *   actors_spec_cases_well_formed   every expected line of actors.spec is
 *                                   "TEXT => CODE" with TEXT found in the
 *                                   input, in text order
 *   actors_cover_countryinfo        (needs ../shared) every CountryInfo
 *                                   country name is a phrase of ours
 *
 * Runs from the repository root, as the runner does.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "test.h"

static const char *const hand_files[] = {
    "data/actors/countries.dict",
    "data/actors/organisations.dict",
    "data/actors/agents.dict",
    "data/actors/countries-overrides.txt",
};
#define N_HAND_FILES (sizeof hand_files / sizeof hand_files[0])

/* 1 when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
static int is_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len;
        unsigned min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2, min = 0x80, c &= 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, min = 0x800, c &= 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, min = 0x10000, c &= 0x07;
        } else {
            return 0;
        }
        if (i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            c = (c << 6) | (s[i + k] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}

/* Number of lines of text whose phrase field (before "=>") has a tab. */
static int lines_with_tab_in_phrase(const char *text)
{
    int bad = 0;
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        const char *arrow = NULL;
        for (size_t i = 0; i + 1 < n; i++)
            if (line[i] == '=' && line[i + 1] == '>') {
                arrow = line + i;
                break;
            }
        if (arrow && memchr(line, '\t', (size_t)(arrow - line)))
            bad++;
        line = end ? end + 1 : line + n;
    }
    return bad;
}

/* Entries (lines with "=>" not starting with '#') in text. */
static int count_entries(const char *text)
{
    int n = 0;
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        const char *p = line;
        while (p < line + len && isspace((unsigned char)*p))
            p++;
        if (p < line + len && *p != '#') {
            for (size_t i = 0; i + 1 < len; i++)
                if (line[i] == '=' && line[i + 1] == '>') {
                    n++;
                    break;
                }
        }
        line = end ? end + 1 : line + len;
    }
    return n;
}

TEST(actors_data_files_well_formed)
{
    for (size_t i = 0; i < N_HAND_FILES; i++) {
        size_t len = 0;
        char *text = sd_test_read_file(hand_files[i], &len);
        if (!text) {
            sd_test_fail(t, __FILE__, __LINE__, "cannot read %s", hand_files[i]);
            continue;
        }
        if (len == 0 || count_entries(text) == 0)
            sd_test_fail(t, __FILE__, __LINE__, "%s has no entries", hand_files[i]);
        if (!is_utf8((const unsigned char *)text, len))
            sd_test_fail(t, __FILE__, __LINE__, "%s is not UTF-8", hand_files[i]);
        if (memchr(text, '\0', len))
            sd_test_fail(t, __FILE__, __LINE__, "%s has a NUL byte", hand_files[i]);
        int tabs = lines_with_tab_in_phrase(text);
        if (tabs)
            sd_test_fail(t, __FILE__, __LINE__, "%s: %d lines with a tab in the phrase",
                         hand_files[i], tabs);
        free(text);
    }
}

/* One expected line "TEXT => CODE": TEXT must occur in input at or after
 * *pos (advanced past it), CODE must be upper-case letters and digits. */
static int expected_line_ok(const char *input, size_t *pos, const char *line, size_t n)
{
    const char *arrow = NULL;
    for (size_t i = 0; i + 3 < n; i++)
        if (memcmp(line + i, " => ", 4) == 0) {
            arrow = line + i;
            break;
        }
    if (!arrow || arrow == line)
        return 0;
    const char *code = arrow + 4, *end = line + n;
    if (code >= end)
        return 0;
    for (const char *c = code; c < end; c++)
        if (!(isupper((unsigned char)*c) || isdigit((unsigned char)*c)))
            return 0;
    size_t tlen = (size_t)(arrow - line);
    for (const char *hit = input + *pos; *hit; hit++)
        if (strncmp(hit, line, tlen) == 0) {
            *pos = (size_t)(hit - input) + tlen;
            return 1;
        }
    return 0;
}

TEST(actors_spec_cases_well_formed)
{
    size_t len = 0;
    char *text = sd_test_read_file("tests/spec/actors.spec", &len);
    if (!text) {
        sd_test_fail(t, __FILE__, __LINE__, "cannot read tests/spec/actors.spec");
        return;
    }
    int cases = 0, state = 0; /* 0 before a case, 1 input, 2 expected */
    char input[2048] = "";
    size_t pos = 0;
    int lineno = 0;
    for (char *line = text; *line;) {
        char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        lineno++;
        while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\r'))
            n--;
        if (n >= 3 && strncmp(line, "###", 3) == 0) {
            cases++;
            state = 1;
            input[0] = '\0';
        } else if (state == 1 && n >= 4 && strncmp(line, "--- ", 4) == 0) {
            if (n != 26 || strncmp(line, "--- actors date=", 16) != 0 || line[20] != '-' ||
                line[23] != '-')
                sd_test_fail(t, __FILE__, __LINE__, "actors.spec:%d: bad separator", lineno);
            state = 2;
            pos = 0;
        } else if (state == 1 && n > 0) {
            if (input[0] || n >= sizeof input)
                sd_test_fail(t, __FILE__, __LINE__, "actors.spec:%d: input is not one sentence",
                             lineno);
            else
                memcpy(input, line, n), input[n] = '\0';
        } else if (state == 2 && n > 0) {
            if (!expected_line_ok(input, &pos, line, n))
                sd_test_fail(t, __FILE__, __LINE__,
                             "actors.spec:%d: \"%.*s\" is not TEXT => CODE in text order of \"%s\"",
                             lineno, (int)n, line, input);
        }
        line = end ? end + 1 : line + strlen(line);
    }
    CHECK(cases >= 250);
    free(text);
}

/* ---- CountryInfo coverage ---------------------------------------------- */

/* Append the lower-cased content of path to all; 0 or -1. */
static int append_lower(sd_buf *all, const char *path)
{
    size_t len = 0;
    char *text = sd_test_read_file(path, &len);
    if (!text)
        return -1;
    for (size_t i = 0; i < len; i++)
        text[i] = (char)tolower((unsigned char)text[i]);
    sd_buf_append(all, text, len);
    sd_buf_putc(all, '\n');
    free(text);
    return 0;
}

/* 1 when name occurs in hay as a whole phrase: preceded by the start of a
 * line, a space, '|' or ']' and followed by a space, '|', ';' or a line end. */
static int has_phrase(const char *hay, const char *name)
{
    size_t n = strlen(name);
    for (const char *hit = strstr(hay, name); hit; hit = strstr(hit + 1, name)) {
        char before = hit == hay ? '\n' : hit[-1], after = hit[n];
        if (strchr("\n |]", before) && after && strchr("\n |;=", after))
            return 1;
    }
    return 0;
}

TEST(actors_cover_countryinfo)
{
    if (!t->shared)
        SKIP("no ../shared");
    char path[4096];
    snprintf(path, sizeof path, "%s/anchors/cameo-tables/countryinfo/CountryInfo.120116.txt",
             t->shared);
    size_t len = 0;
    char *info = sd_test_read_file(path, &len);
    if (!info)
        SKIP("CountryInfo.120116.txt not found");
    for (size_t i = 0; i < len; i++) /* the file holds a few stray NUL bytes */
        if (info[i] == '\0')
            info[i] = ' ';

    /* Our phrases: the hand-written files and the generated country file
     * (built into the scratch folder when data/gen has not been made). */
    const char *gen = "data/gen/countries.dict";
    struct stat st;
    if (stat(gen, &st) != 0) {
        gen = sd_test_path(t, "countries.dict");
        const char *argv[] = {"python3", "tools/gen-countries.py", "/usr/share/iso-codes/json",
                              gen, NULL};
        char *out = NULL, *err = NULL;
        int rc = sd_test_run(argv, NULL, 0, &out, &err, 60);
        free(out);
        free(err);
        if (rc != 0) {
            free(info);
            SKIP("data/gen/countries.dict absent and tools/gen-countries.py could not run");
        }
    }
    sd_buf all = SD_BUF_INIT;
    CHECK_INT(append_lower(&all, gen), 0);
    for (size_t i = 0; i < 3; i++)
        CHECK_INT(append_lower(&all, hand_files[i]), 0);

    int total = 0, found = 0;
    sd_buf missing = SD_BUF_INIT;
    const char *tag = "<CountryName>";
    for (const char *p = strstr(info, tag); p; p = strstr(p, tag)) {
        p += strlen(tag);
        const char *end = strstr(p, "</CountryName>");
        const char *nl = strchr(p, '\n');
        if (!end || (nl && nl < end))
            continue; /* the documentation line, not a country */
        char name[256];
        size_t n = 0;
        for (const char *c = p; c < end && n + 1 < sizeof name; c++)
            name[n++] = *c == '_' ? ' ' : (char)tolower((unsigned char)*c);
        while (n > 0 && name[n - 1] == ' ')
            n--;
        name[n] = '\0';
        if (n == 0)
            continue;
        total++;
        if (has_phrase(all.data ? all.data : "", name)) {
            found++;
        } else {
            sd_buf_puts(&missing, missing.len ? ", " : "");
            sd_buf_puts(&missing, name);
        }
    }
    fprintf(stderr, "  actors_cover_countryinfo: %d of %d CountryInfo names found\n", found,
            total);
    if (missing.len)
        fprintf(stderr, "  not found: %s\n", missing.data);
    CHECK(total > 200);
    CHECK(found * 100 >= total * 95);
    sd_buf_free(&missing);
    sd_buf_free(&all);
    free(info);
}
