/* Unit tests: cameo.c, the CAMEO event code table (data/cameo.tsv), and the
 * shipped table checked against the reference tables in ../shared/anchors. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cameo.h"
#include "test.h"

#define CAMEO_TSV "data/cameo.tsv"

static sd_cameo_table *load_shipped(sd_test *t)
{
    sd_cameo_table *table = NULL;
    saydo_error err;
    memset(&err, 0, sizeof err);
    int rc = sd_cameo_load_file(CAMEO_TSV, &table, &err);
    if (rc != 0) {
        char msg[1600];
        sd_test_fail(t, __FILE__, __LINE__, "loading %s: %s", CAMEO_TSV,
                     saydo_error_format(&err, msg, sizeof msg));
    }
    return table;
}

TEST(cameo_shipped_table_loads)
{
    sd_cameo_table *table = load_shipped(t);
    if (!table)
        return;
    CHECK_INT(sd_cameo_count(table), 313);

    const saydo_cameo_info *row = sd_cameo_find(table, "0874");
    CHECK(row != NULL);
    if (row) {
        CHECK_STR(row->code, "0874");
        CHECK_STR(row->root, "08");
        CHECK_STR(row->name, "Retreat or surrender militarily");
        CHECK_STR(row->plover, "RETREAT");
        CHECK_INT(row->quad, SAYDO_QUAD_MATERIAL_COOP);
        CHECK(row->goldstein == 10.0);
    }
    row = sd_cameo_find(table, "190");
    CHECK(row && row->goldstein == -10.0 && row->quad == SAYDO_QUAD_MATERIAL_CONFLICT);
    CHECK(row && strcmp(row->plover, "ASSAULT") == 0);
    row = sd_cameo_find(table, "010");
    CHECK(row && row->plover[0] == '\0' && row->quad == SAYDO_QUAD_VERBAL_COOP);
    row = sd_cameo_find(table, "14");
    CHECK(row && strcmp(row->root, "14") == 0 && row->quad == SAYDO_QUAD_VERBAL_CONFLICT);

    /* Every row: a well-formed code, its root row present, its parent
     * present, quad that of its root, name non-empty. */
    int roots = 0;
    for (size_t i = 0; i < sd_cameo_count(table); i++) {
        const saydo_cameo_info *r = sd_cameo_at(table, i);
        size_t len = strlen(r->code);
        CHECK(len >= 2 && len <= 4);
        CHECK(strncmp(r->code, r->root, 2) == 0);
        CHECK(sd_cameo_find(table, r->root) != NULL);
        CHECK(r->quad == sd_cameo_quad_of_root(r->root));
        CHECK(r->name[0] != '\0');
        CHECK(r->goldstein >= -10.0 && r->goldstein <= 10.0);
        CHECK(sd_cameo_find(table, r->code) == r);
        if (len == 2)
            roots++;
        if (len > 2) {
            char parent[5];
            memcpy(parent, r->code, len - 1);
            parent[len - 1] = '\0';
            CHECK(sd_cameo_find(table, parent) != NULL);
        }
    }
    CHECK_INT(roots, 20);
    CHECK(sd_cameo_at(table, sd_cameo_count(table)) == NULL);
    sd_cameo_free(table);
}

TEST(cameo_lookup)
{
    sd_cameo_table *table = load_shipped(t);
    if (!table)
        return;
    /* Leading zeros are part of the code. */
    CHECK(sd_cameo_find(table, "87") == NULL);
    CHECK(sd_cameo_find(table, "874") == NULL);
    CHECK(sd_cameo_find(table, "087") != NULL);
    CHECK(sd_cameo_find(table, "") == NULL);
    CHECK(sd_cameo_find(table, "0") == NULL);
    CHECK(sd_cameo_find(table, "08740") == NULL);
    CHECK(sd_cameo_find(table, "08a") == NULL);
    CHECK(sd_cameo_find(table, " 087") == NULL);
    CHECK(sd_cameo_find(table, "21") == NULL);
    CHECK(sd_cameo_find(table, NULL) == NULL);
    CHECK(sd_cameo_find(NULL, "01") == NULL);
    CHECK_INT(sd_cameo_count(NULL), 0);
    CHECK(sd_cameo_at(NULL, 0) == NULL);
    const saydo_cameo_info *row = sd_cameo_find(table, "2042");
    CHECK(row && strcmp(row->name, "Detonate nuclear weapons") == 0);
    /* Codes GDELT lacks, taken from the CAMEO codebook. */
    row = sd_cameo_find(table, "106");
    CHECK(row && row->goldstein == -5.0 && strcmp(row->plover, "REQUEST") == 0);
    CHECK(sd_cameo_find(table, "1213") != NULL);
    CHECK(sd_cameo_find(table, "1214") != NULL);
    sd_cameo_free(table);
}

TEST(cameo_quad_of_root)
{
    static const int expected[21] = {0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3,
                                     3, 3, 3, 3, 4, 4, 4, 4, 4, 4};
    for (int r = 1; r <= 20; r++) {
        char root[3] = {(char)('0' + r / 10), (char)('0' + r % 10), '\0'};
        CHECK_INT(sd_cameo_quad_of_root(root), expected[r]);
    }
    CHECK_INT(sd_cameo_quad_of_root("00"), SAYDO_QUAD_NONE);
    CHECK_INT(sd_cameo_quad_of_root("21"), SAYDO_QUAD_NONE);
    CHECK_INT(sd_cameo_quad_of_root("99"), SAYDO_QUAD_NONE);
    CHECK_INT(sd_cameo_quad_of_root("1"), SAYDO_QUAD_NONE);
    CHECK_INT(sd_cameo_quad_of_root("010"), SAYDO_QUAD_NONE);
    CHECK_INT(sd_cameo_quad_of_root("1a"), SAYDO_QUAD_NONE);
    CHECK_INT(sd_cameo_quad_of_root(""), SAYDO_QUAD_NONE);
    CHECK_INT(sd_cameo_quad_of_root(NULL), SAYDO_QUAD_NONE);
}

/* Load text as "test.tsv"; return the code and fill err. */
static int load_text(const char *text, saydo_error *err)
{
    sd_cameo_table *table = NULL;
    memset(err, 0, sizeof *err);
    int rc = sd_cameo_load_buffer("test.tsv", text, strlen(text), &table, err);
    if (rc == 0 && table == NULL)
        rc = 1; /* success must give a table */
    sd_cameo_free(table);
    return rc;
}

TEST(cameo_malformed_lines)
{
    /* A good head: lines 1-4. */
    static const char head[] = "# test table\n"
                               "08\t3.0\t2\tCONCEDE\tYield\n"
                               "\n"
                               "087\t5.0\t2\tRETREAT\tDe-escalate military engagement\n";
    static const struct {
        const char *line;  /* line 5 */
        const char *says;  /* part of the message */
    } cases[] = {
        {"0874\t5.0\t2\tRETREAT", "columns"},
        {"0874\t5.0\t2\tRETREAT\tRetreat\textra", "columns"},
        {"0874 5.0 2 RETREAT Retreat", "columns"},
        {"8\t0.0\t2\t\tX", "malformed code"},
        {"08a\t0.0\t2\t\tX", "malformed code"},
        {"08741\t0.0\t2\t\tX", "malformed code"},
        {"\t0.0\t2\t\tX", "malformed code"},
        {"x8\t0.0\t2\t\tX", "malformed code"},
        {"21\t0.0\t4\t\tX", "not a CAMEO root"},
        {"00\t0.0\t1\t\tX", "not a CAMEO root"},
        {"0874\tfive\t2\tRETREAT\tRetreat", "not a number"},
        {"0874\t\t2\tRETREAT\tRetreat", "not a number"},
        {"0874\t5.0.1\t2\tRETREAT\tRetreat", "not a number"},
        {"0874\t-\t2\tRETREAT\tRetreat", "not a number"},
        {"0874\t5e0\t2\tRETREAT\tRetreat", "not a number"},
        {"0874\t10.5\t2\tRETREAT\tRetreat", "outside -10..10"},
        {"0874\t-11\t2\tRETREAT\tRetreat", "outside -10..10"},
        {"0874\t5.0\t5\tRETREAT\tRetreat", "not 1..4"},
        {"0874\t5.0\t0\tRETREAT\tRetreat", "not 1..4"},
        {"0874\t5.0\ttwo\tRETREAT\tRetreat", "not 1..4"},
        {"0874\t5.0\t\tRETREAT\tRetreat", "not 1..4"},
        {"0874\t5.0\t1\tRETREAT\tRetreat", "does not match root"},
        {"0874\t5.0\t2\tretreat\tRetreat", "PLOVER"},
        {"0874\t5.0\t2\tRETREAT\t  ", "columns"}, /* trailing blanks go */
        {"087\t5.0\t2\tRETREAT\tAgain", "duplicate code 087 (first on line 4)"},
        {"0891\t5.0\t2\t\tNo parent", "parent code 089"},
        {"091\t5.0\t2\t\tNo root", "parent code 09"},
        {"0874\t5.0\t2\tRETREAT\tRe\x01treat", "control character"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "%s%s\n# trailing comment\n", head, cases[i].line);
        saydo_error err;
        int rc = load_text(text, &err);
        if (rc != SAYDO_ERR_DICT || err.line != 5 || strcmp(err.file, "test.tsv") != 0 ||
            !strstr(err.message, cases[i].says))
            sd_test_fail(t, __FILE__, __LINE__, "case %zu \"%s\": rc %d, %s:%ld: %s", i,
                         cases[i].line, rc, err.file, err.line, err.message);
    }
    /* The good head alone loads. */
    saydo_error err;
    CHECK_INT(load_text(head, &err), 0);
    /* A parent listed after its child is fine. */
    CHECK_INT(load_text("087\t5.0\t2\t\tX\n08\t3.0\t2\t\tY\n", &err), 0);
}

TEST(cameo_format_tolerance)
{
    /* BOM, CRLF, comments after fields, spaces around fields, no final
     * newline. */
    static const char text[] = "\xEF\xBB\xBF# header\r\n"
                               "08\t3.0\t2\tCONCEDE\tYield   # a comment\r\n"
                               "   # indented comment\r\n"
                               "\r\n"
                               "087\t +5 \t2\t\t De-escalate#1 # note\r\n"
                               "0874\t-0.25\t2\tRETREAT\tRetreat or surrender militarily";
    sd_cameo_table *table = NULL;
    saydo_error err;
    memset(&err, 0, sizeof err);
    CHECK_INT(sd_cameo_load_buffer("t.tsv", text, strlen(text), &table, &err), 0);
    CHECK_INT(sd_cameo_count(table), 3);
    const saydo_cameo_info *row = sd_cameo_find(table, "08");
    CHECK(row && strcmp(row->name, "Yield") == 0 && strcmp(row->plover, "CONCEDE") == 0);
    row = sd_cameo_find(table, "087");
    CHECK(row && strcmp(row->name, "De-escalate#1") == 0 && row->goldstein == 5.0);
    CHECK(row && row->plover[0] == '\0');
    row = sd_cameo_find(table, "0874");
    CHECK(row && row->goldstein == -0.25);
    CHECK(row && strcmp(row->name, "Retreat or surrender militarily") == 0);
    sd_cameo_free(table);

    /* Error byte offsets count the BOM: the bad quad is on line 2. */
    static const char bad[] = "\xEF\xBB\xBF" "01\t0.0\t1\t\tA\r\n010\t0.0\t9\t\tB\r\n";
    CHECK_INT(load_text(bad, &err), SAYDO_ERR_DICT);
    CHECK_INT(err.line, 2);
    CHECK_INT(err.byte, (long long)(strchr(bad + 14, '9') - bad));
}

TEST(cameo_empty_and_missing)
{
    saydo_error err;
    CHECK_INT(load_text("", &err), SAYDO_ERR_EMPTY);
    CHECK_INT(load_text("# only comments\n\n", &err), SAYDO_ERR_EMPTY);

    static const char nul[] = "01\t0.0\t1\t\tA\n02\t3.0\t1\t\tB\0\n";
    sd_cameo_table *table = NULL;
    CHECK_INT(sd_cameo_load_buffer("nul.tsv", nul, sizeof nul - 1, &table, &err),
              SAYDO_ERR_DICT);
    CHECK_INT(err.line, 2);
    CHECK(table == NULL);

    CHECK_INT(sd_cameo_load_file("no/such/cameo.tsv", &table, &err), SAYDO_ERR_IO);
    CHECK_STR(err.file, "no/such/cameo.tsv");
    CHECK(table == NULL);
    CHECK_INT(sd_cameo_load_buffer("x", "", 0, NULL, &err), SAYDO_ERR_ARG);
    /* A NULL err is allowed. */
    CHECK_INT(sd_cameo_load_buffer("x", "zz", 2, &table, NULL), SAYDO_ERR_DICT);
}

TEST(cameo_user_override_file)
{
    /* A user's own table in the same format replaces the shipped one. */
    static const char text[] = "# my table\n"
                               "17\t-7.0\t4\tCOERCE\tCoerce\n"
                               "173\t-6.0\t4\tCOERCE\tArrest or detain\n";
    const char *path = sd_test_path(t, "my-cameo.tsv");
    CHECK_INT(sd_test_write_file(path, text, strlen(text)), 0);
    sd_cameo_table *table = NULL;
    saydo_error err;
    CHECK_INT(sd_cameo_load_file(path, &table, &err), 0);
    CHECK_INT(sd_cameo_count(table), 2);
    const saydo_cameo_info *row = sd_cameo_find(table, "173");
    CHECK(row && row->goldstein == -6.0 && strcmp(row->name, "Arrest or detain") == 0);
    CHECK(sd_cameo_find(table, "0874") == NULL);
    sd_cameo_free(table);

    /* Errors name the user's file. */
    static const char bad[] = "17\t-7.0\t4\tCOERCE\tCoerce\n1731\t-6.0\t4\t\tX\n";
    CHECK_INT(sd_test_write_file(path, bad, strlen(bad)), 0);
    CHECK_INT(sd_cameo_load_file(path, &table, &err), SAYDO_ERR_DICT);
    CHECK_STR(err.file, path);
    CHECK_INT(err.line, 2);
    char msg[1600];
    CHECK_CONTAINS(saydo_error_format(&err, msg, sizeof msg), ":2: code 1731: parent code 173");
}

/* ---- against the reference tables in ../shared/anchors ----------------- */

static char *read_anchor(sd_test *t, const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/anchors/cameo-tables/%s", t->shared, rel);
    char *text = sd_test_read_file(path, NULL);
    if (!text)
        sd_test_fail(t, __FILE__, __LINE__, "cannot read %s", path);
    return text;
}

/* Next line of *cursor (NUL-terminated, '\r' removed), or NULL at the end.
 * Modifies the text. */
static char *next_line(char **cursor)
{
    char *line = *cursor;
    if (!line || !*line)
        return NULL;
    char *nl = strchr(line, '\n');
    if (nl) {
        *nl = '\0';
        *cursor = nl + 1;
    } else {
        *cursor = line + strlen(line);
    }
    size_t n = strlen(line);
    if (n && line[n - 1] == '\r')
        line[n - 1] = '\0';
    return line;
}

TEST(cameo_matches_gdelt)
{
    if (!t->shared)
        SKIP("no ../shared");
    sd_cameo_table *table = load_shipped(t);
    char *codes = read_anchor(t, "gdelt-lookups/CAMEO.eventcodes.txt");
    char *scale = read_anchor(t, "gdelt-lookups/CAMEO.goldsteinscale.txt");
    if (!table || !codes || !scale) {
        free(codes), free(scale), sd_cameo_free(table);
        return;
    }
    /* Every code of GDELT's event code list is ours... */
    int n = 0;
    char *cursor = codes, *line;
    next_line(&cursor); /* header */
    while ((line = next_line(&cursor))) {
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        n++;
        if (!sd_cameo_find(table, line))
            sd_test_fail(t, __FILE__, __LINE__, "GDELT code %s is not in %s", line, CAMEO_TSV);
    }
    CHECK_INT(n, 310);
    /* ... with GDELT's Goldstein value. */
    n = 0;
    cursor = scale;
    next_line(&cursor);
    while ((line = next_line(&cursor))) {
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        n++;
        double gdelt = strtod(tab + 1, NULL);
        const saydo_cameo_info *row = sd_cameo_find(table, line);
        if (!row || fabs(row->goldstein - gdelt) > 1e-9)
            sd_test_fail(t, __FILE__, __LINE__, "code %s: goldstein %g, GDELT has %g", line,
                         row ? row->goldstein : NAN, gdelt);
    }
    CHECK_INT(n, 310);
    free(codes);
    free(scale);
    sd_cameo_free(table);
}

TEST(cameo_matches_plover)
{
    if (!t->shared)
        SKIP("no ../shared");
    sd_cameo_table *table = load_shipped(t);
    char *text = read_anchor(t, "plover/CAMEO2PLOVER-2021.txt");
    if (!table || !text) {
        free(text), sd_cameo_free(table);
        return;
    }
    /* Lines "CODE: TYPE, mode, context # text".  A code listed twice with
     * different types (the mapping lists root 08 under CONCEDE and again
     * under RETREAT) must match one of them: ours is the first. */
    int n = 0;
    char *cursor = text, *line;
    while ((line = next_line(&cursor))) {
        size_t digits = strspn(line, "0123456789");
        if (digits < 2 || line[digits] != ':')
            continue;
        line[digits] = '\0';
        const char *type = line + digits + 1;
        type += strspn(type, " \t");
        size_t type_len = strspn(type, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        n++;
        const saydo_cameo_info *row = sd_cameo_find(table, line);
        if (!row) {
            sd_test_fail(t, __FILE__, __LINE__, "PLOVER maps %s, not in %s", line, CAMEO_TSV);
            continue;
        }
        if (strlen(row->plover) == type_len && strncmp(row->plover, type, type_len) == 0) {
            /* then its mode and context: ", mode, context # ..." with
             * blanks around, a context's ';' written ',' in our table */
            char want[2][128] = {"", ""};
            const char *p = type + type_len;
            for (int k = 0; k < 2 && *p == ','; k++) {
                p++;
                size_t len = 0;
                while (*p && *p != ',' && *p != '#') {
                    if (*p != ' ' && *p != '\t' && len + 1 < sizeof want[k])
                        want[k][len++] = *p == ';' ? ',' : *p;
                    p++;
                }
                want[k][len] = '\0';
                if (k == 1 && *p == ',') /* a context with ',' inside */
                    while (*p && *p != '#')
                        p++;
            }
            if (strcmp(row->plover_mode, want[0]) != 0 || strcmp(row->plover_context, want[1]) != 0)
                sd_test_fail(t, __FILE__, __LINE__, "code %s: PLOVER mode '%s' context '%s', "
                             "mapping says '%s' '%s'", line, row->plover_mode, row->plover_context,
                             want[0], want[1]);
            continue;
        }
        if (strcmp(line, "08") == 0 && strncmp(type, "RETREAT", 7) == 0 &&
            strcmp(row->plover, "CONCEDE") == 0)
            continue;
        sd_test_fail(t, __FILE__, __LINE__, "code %s: PLOVER %s, mapping says %.*s", line,
                     row->plover, (int)type_len, type);
    }
    CHECK(n >= 270);
    free(text);
    sd_cameo_free(table);
}

/* Split the CSV record at *cursor into up to max fields (quotes removed,
 * text modified in place); returns the field count, 0 at the end. */
static int csv_record(char **cursor, char **field, int max)
{
    char *p = *cursor;
    if (!*p)
        return 0;
    int count = 0;
    for (;;) {
        char *out = p, *start = p;
        if (*p == '"') {
            p++;
            for (;;) {
                if (!*p)
                    break;
                if (*p == '"' && p[1] == '"') {
                    *out++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    *out++ = *p++;
                }
            }
            while (*p && *p != ',' && *p != '\n')
                p++;
        } else {
            while (*p && *p != ',' && *p != '\n' && *p != '\r')
                p++;
            out = p;
            while (*p && *p != ',' && *p != '\n')
                p++;
        }
        char end = *p;
        *out = '\0';
        if (count < max)
            field[count] = start;
        count++;
        if (end == ',') {
            p++;
            continue;
        }
        if (end == '\n')
            p++;
        break;
    }
    *cursor = p;
    return count;
}

TEST(cameo_matches_icews_codebook)
{
    if (!t->shared)
        SKIP("no ../shared");
    sd_cameo_table *table = load_shipped(t);
    char *text = read_anchor(t, "icews/cameo-codes.csv");
    if (!table || !text) {
        free(text), sd_cameo_free(table);
        return;
    }
    /* Columns: "",eventtype_ID,name,code,goldstein,...  Every codebook code
     * is ours; where GDELT lacks it (106, 1213) ours is the codebook's
     * value. */
    char *cursor = text, *field[12];
    int n = 0;
    csv_record(&cursor, field, 12); /* header */
    int count;
    while ((count = csv_record(&cursor, field, 12)) > 0) {
        if (count < 5)
            continue;
        n++;
        const saydo_cameo_info *row = sd_cameo_find(table, field[3]);
        if (!row) {
            sd_test_fail(t, __FILE__, __LINE__, "codebook code %s is not in %s", field[3],
                         CAMEO_TSV);
            continue;
        }
        if ((strcmp(field[3], "106") == 0 || strcmp(field[3], "1213") == 0) &&
            fabs(row->goldstein - strtod(field[4], NULL)) > 1e-9)
            sd_test_fail(t, __FILE__, __LINE__, "code %s: goldstein %g, codebook has %s",
                         field[3], row->goldstein, field[4]);
    }
    CHECK_INT(n, 312);
    free(text);
    sd_cameo_free(table);
}

TEST(cameo_out_of_memory)
{
    /* Fail the n-th allocation for every n until loading succeeds: each
     * failure is NOMEM, leaves no table and leaks nothing (ASan). */
    int succeeded = 0;
    for (long n = 1; n < 200 && !succeeded; n++) {
        sd_cameo_table *table = NULL;
        saydo_error err;
        sd_alloc_fail_after(n);
        int rc = sd_cameo_load_file(CAMEO_TSV, &table, &err);
        sd_alloc_fail_after(0);
        if (rc == 0) {
            succeeded = 1;
            CHECK_INT(sd_cameo_count(table), 313);
        } else {
            CHECK_INT(rc, SAYDO_ERR_NOMEM);
            CHECK(table == NULL);
        }
        sd_cameo_free(table);
    }
    CHECK(succeeded);
}
