/*
 * CLI tests: the saydo binary on bad input, options and formats.  Every
 * fixture is generated into the test's scratch folder.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"

typedef struct run_out {
    int status;
    char *out, *err;
} run_out;

static run_out saydo(sd_test *t, const char *stdin_data, const char *a1, const char *a2,
                     const char *a3, const char *a4, const char *a5, const char *a6,
                     const char *a7)
{
    const char *argv[9] = {t->saydo, a1, a2, a3, a4, a5, a6, a7, NULL};
    run_out r;
    r.status = sd_test_run(argv, stdin_data, stdin_data ? strlen(stdin_data) : 0, &r.out, &r.err,
                           120);
    return r;
}

static void run_free(run_out *r)
{
    free(r->out);
    free(r->err);
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

static const char sample[] = "Russia and Ukraine Hold Talks\n\n"
                             "Russia and Ukraine held talks in Istanbul on Tuesday. "
                             "The talks ended without a deal.\n";

TEST(cli_version_and_help)
{
    run_out r = saydo(t, NULL, "--version", NULL, NULL, NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.out, "saydo 0.");
    run_free(&r);
    r = saydo(t, NULL, "--help", NULL, NULL, NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.out, "usage: saydo COMMAND");
    CHECK_CONTAINS(r.out, "--format jsonl|tsv|csv|plover|table");
    run_free(&r);
    r = saydo(t, NULL, "help", "code", NULL, NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.out, "--keep-going");
    run_free(&r);
    r = saydo(t, NULL, "code", "--help", NULL, NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.out, "usage: saydo code");
    CHECK_CONTAINS(r.out, "--format jsonl|tsv|csv|plover|table");
    run_free(&r);
    r = saydo(t, NULL, "help", "nosuch", NULL, NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 2);
    run_free(&r);
    r = saydo(t, NULL, "nosuch", NULL, NULL, NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 2);
    CHECK_CONTAINS(r.err, "unknown command 'nosuch'");
    run_free(&r);
}

TEST(cli_unknown_option_and_bad_values)
{
    run_out r = saydo(t, NULL, "code", "--bogus", NULL, NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 2);
    CHECK_CONTAINS(r.err, "unknown option '--bogus'");
    run_free(&r);
    r = saydo(t, NULL, "code", "--date", "2022-13-45", NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 2);
    CHECK_CONTAINS(r.err, "--date");
    run_free(&r);
    r = saydo(t, NULL, "code", "--format", "xml", NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 2);
    run_free(&r);
    r = saydo(t, NULL, "code", "--date", NULL, NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 2);
    CHECK_CONTAINS(r.err, "needs a value");
    run_free(&r);
}

/* Hardening: --date, --from and --to took 2022-02-30, -001-01-01 and
 * " 202-01-01" (saydo code then failed later, exit 1; query and ingest
 * went on).  Every one is a usage error now, with the same message. */
TEST(cli_impossible_dates)
{
    static const char *const bad[] = {"2022-02-30", "-001-01-01", " 202-01-01", "2023-02-29"};
    const char *db = sd_test_path(t, "dates.db");
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        run_out r[5];
        r[0] = saydo(t, sample, "code", "--date", bad[i], NULL, NULL, NULL, NULL);
        r[1] = saydo(t, sample, "ingest", "--db", db, "--date", bad[i], NULL, NULL);
        r[2] = saydo(t, NULL, "query", "--db", db, "--from", bad[i], NULL, NULL);
        r[3] = saydo(t, NULL, "query", "--db", db, "--to", bad[i], NULL, NULL);
        r[4] = saydo(t, NULL, "actors", "lookup", "Vladimir Putin", "--date", bad[i], NULL, NULL);
        for (int k = 0; k < 5; k++) {
            if (r[k].status != 2)
                sd_test_fail(t, __FILE__, __LINE__, "'%s', run %d: status %d", bad[i], k,
                             r[k].status);
            CHECK_CONTAINS(r[k].err, "is not a calendar date YYYY-MM-DD");
            CHECK_INT(count_lines(r[k].out), 0);
            run_free(&r[k]);
        }
    }
    run_out r = saydo(t, sample, "code", "--date", "2024-02-29", NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.out, "\"date\":\"2024-02-29\"");
    run_free(&r);
}

TEST(cli_missing_and_empty_file)
{
    run_out r = saydo(t, NULL, "code", sd_test_path(t, "does-not-exist.txt"), NULL, NULL, NULL,
                      NULL, NULL);
    CHECK_INT(r.status, 1);
    CHECK_CONTAINS(r.err, "does-not-exist.txt");
    run_free(&r);
    const char *empty = sd_test_path(t, "empty.txt");
    sd_test_write_file(empty, "", 0);
    /* an empty input is a warning and is skipped: exit 3 (some inputs
     * skipped), not 1 */
    r = saydo(t, NULL, "code", empty, NULL, NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 3);
    CHECK_CONTAINS(r.err, "warning: ");
    CHECK_CONTAINS(r.err, "empty.txt: empty file: skipped");
    CHECK_STR(r.out, "");
    run_free(&r);
}

TEST(cli_binary_file)
{
    const char *bin = sd_test_path(t, "image.txt");
    char data[4096];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (char)((i * 7919u) & 0xff);
    sd_test_write_file(bin, data, sizeof data);
    run_out r = saydo(t, NULL, "code", bin, NULL, NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 1);
    CHECK_CONTAINS(r.err, "image.txt");
    CHECK_STR(r.out, "");
    run_free(&r);
}

TEST(cli_long_line_without_newline)
{
    /* A line longer than the article limit gets a clear error naming the
     * file and line, not a crash or a hang.  The full 100 MB case runs in
     * the normal build; the sanitizer run uses a smaller limit. */
    size_t n = t->quick ? (size_t)3 << 20 : (size_t)100 << 20;
    const char *path = sd_test_path(t, "long.jsonl");
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("{\"id\":\"x\",\"text\":\"", f);
    char chunk[65536];
    memset(chunk, 'a', sizeof chunk);
    for (size_t w = 0; w < n; w += sizeof chunk)
        fwrite(chunk, 1, sizeof chunk, f);
    fclose(f);
    run_out r = t->quick ? saydo(t, NULL, "code", "--max-article-bytes", "1M", path, NULL, NULL, NULL)
                         : saydo(t, NULL, "code", path, NULL, NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 1);
    CHECK_CONTAINS(r.err, "long.jsonl:1:");
    CHECK_STR(r.out, "");
    run_free(&r);
    unlink(path);
}

TEST(cli_broken_json_line_keep_going)
{
    const char *path = sd_test_path(t, "mixed.jsonl");
    const char *data = "{\"id\":\"a\",\"date\":\"2022-03-29\",\"text\":\"Russia attacked Ukraine.\"}\n"
                       "{\"id\":\"b\",\"text\": oops}\n"
                       "{\"id\":\"c\",\"title\":\"no text here\"}\n"
                       "{\"id\":\"d\",\"text\":\"Ukraine criticized Russia.\"}\n";
    sd_test_write_file(path, data, strlen(data));
    run_out r = saydo(t, NULL, "sentences", path, NULL, NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 1);
    CHECK_CONTAINS(r.err, "mixed.jsonl:2:");
    CHECK_INT(count_lines(r.out), 1);
    run_free(&r);
    r = saydo(t, NULL, "sentences", "--keep-going", path, NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 1);
    CHECK_CONTAINS(r.err, "mixed.jsonl:2:");
    CHECK_CONTAINS(r.err, "mixed.jsonl:3:");
    CHECK_CONTAINS(r.err, "2 bad inputs skipped");
    CHECK_CONTAINS(r.out, "a\t0\t");
    CHECK_CONTAINS(r.out, "d\t0\t");
    run_free(&r);
}

TEST(cli_bad_dictionary_line)
{
    const char *path = sd_test_path(t, "bad.dict");
    const char *data = "@kind actor\n# fine\n(russia | moscow => RUS\n";
    sd_test_write_file(path, data, strlen(data));
    run_out r = saydo(t, sample, "code", "--dict", path, NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 1);
    CHECK_CONTAINS(r.err, "bad.dict:3:");
    CHECK_STR(r.out, "");
    run_free(&r);
}

TEST(cli_stdin_and_sentences)
{
    run_out r = saydo(t, sample, "sentences", "-", NULL, NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.out, "\t0\theadline\tRussia and Ukraine Hold Talks");
    CHECK_CONTAINS(r.out, "\tbody\tThe talks ended without a deal.");
    run_free(&r);
}

TEST(cli_output_file_is_atomic)
{
    const char *dir = sd_test_path(t, "atomic");
    mkdir(dir, 0700);
    char good[4200], bad[4200], out[4200];
    snprintf(good, sizeof good, "%s/a.txt", dir);
    snprintf(bad, sizeof bad, "%s/b.txt", dir);
    snprintf(out, sizeof out, "%s/out.jsonl", dir);
    sd_test_write_file(good, sample, strlen(sample));
    /* a bad input (an empty one would only be skipped, exit 3) */
    sd_test_write_file(bad, "binary\0data", 11);
    run_out r = saydo(t, NULL, "code", "--date", "2022-03-29", "-o", out, dir, NULL);
    CHECK_INT(r.status, 1);
    CHECK(access(out, F_OK) != 0); /* nothing half-written */
    run_free(&r);
    r = saydo(t, NULL, "code", "--date", "2022-03-29", "-o", out, good, NULL);
    CHECK_INT(r.status, 0);
    CHECK(access(out, F_OK) == 0);
    run_free(&r);
}

/* Hardening: -o naming an input replaced the articles with their events.
 * Refused before anything is written, whatever the name the input has
 * (a link, a folder walked, standard input). */
TEST(cli_output_is_an_input)
{
    const char *dir = sd_test_path(t, "out-in");
    mkdir(dir, 0700);
    char a[4200], b[4200], link[4200];
    snprintf(a, sizeof a, "%s/a.txt", dir);
    snprintf(b, sizeof b, "%s/b.txt", dir);
    snprintf(link, sizeof link, "%s/link.jsonl", dir);
    sd_test_write_file(a, sample, strlen(sample));
    sd_test_write_file(b, sample, strlen(sample));
    CHECK(symlink("a.txt", link) == 0);
    const char *outs[] = {a, link, b};
    const char *ins[] = {a, a, dir};
    for (int i = 0; i < 3; i++) {
        run_out r = saydo(t, NULL, "code", "--date", "2022-03-29", b, "-o", outs[i], ins[i]);
        CHECK_INT(r.status, 2);
        CHECK_CONTAINS(r.err, "is also an input");
        CHECK_INT(count_lines(r.out), 0);
        run_free(&r);
    }
    char *after = sd_test_read_file(a, NULL);
    CHECK_STR(after, sample);
    free(after);
    after = sd_test_read_file(b, NULL);
    CHECK_STR(after, sample);
    free(after);
    /* standard input, redirected from the file */
    const char *argv[] = {"/bin/sh", "-c", "\"$0\" code --date 2022-03-29 -o \"$1\" < \"$1\"",
                          t->saydo, a, NULL};
    char *out = NULL, *err = NULL;
    CHECK_INT(sd_test_run(argv, NULL, 0, &out, &err, 60), 2);
    CHECK_CONTAINS(err, "is also an input (standard input)");
    free(out);
    free(err);
    after = sd_test_read_file(a, NULL);
    CHECK_STR(after, sample);
    free(after);
    /* a new file is fine */
    char fresh[4200];
    snprintf(fresh, sizeof fresh, "%s/events.jsonl", dir);
    run_out r = saydo(t, NULL, "code", "--date", "2022-03-29", "-o", fresh, a, NULL);
    CHECK_INT(r.status, 0);
    run_free(&r);
}

TEST(cli_directory_sorted_and_invalid_utf8)
{
    const char *dir = sd_test_path(t, "walk");
    mkdir(dir, 0700);
    char a[4200], b[4200];
    snprintf(a, sizeof a, "%s/b-second.txt", dir);
    snprintf(b, sizeof b, "%s/a-first.txt", dir);
    sd_test_write_file(a, "Second\n\nBody two.\n", 18);
    const char bad_utf8[] = "First\n\nBody \xff one.\n";
    sd_test_write_file(b, bad_utf8, sizeof bad_utf8 - 1);
    run_out r = saydo(t, NULL, "sentences", dir, NULL, NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 0);
    const char *p1 = r.out ? strstr(r.out, "a-first") : NULL;
    const char *p2 = r.out ? strstr(r.out, "b-second") : NULL;
    CHECK(p1 && p2 && p1 < p2);
    CHECK_CONTAINS(r.err, "a-first.txt:3: warning: 1 invalid UTF-8");
    run_free(&r);
}

/* Hardening: a folder with links to itself was walked 2^33 times (two
 * links) or every file coded 33 times (one link), silently.  Each real
 * folder is walked once, with one warning per loop naming the link. */
TEST(cli_directory_symlink_loops)
{
    const char *dir = sd_test_path(t, "loop");
    mkdir(dir, 0700);
    char file[4200], self1[4200], self2[4200], back[4200], sub[4200], twin[4200];
    snprintf(file, sizeof file, "%s/a.txt", dir);
    snprintf(self1, sizeof self1, "%s/self1", dir);
    snprintf(self2, sizeof self2, "%s/self2", dir);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    snprintf(back, sizeof back, "%s/sub/back", dir);
    snprintf(twin, sizeof twin, "%s/twin", dir);
    sd_test_write_file(file, sample, strlen(sample));
    mkdir(sub, 0700);
    CHECK(symlink(".", self1) == 0);
    CHECK(symlink(".", self2) == 0);
    CHECK(symlink("..", back) == 0);
    CHECK(symlink("sub", twin) == 0); /* not a loop: the same folder again */
    const char *db = sd_test_path(t, "loop.db");
    const char *code[] = {t->saydo, "code", "--date", "2022-03-29", dir, NULL};
    const char *ingest[] = {t->saydo, "ingest", "--db", db, "--date", "2022-03-29", dir, NULL};
    const char *const *cmd[] = {code, ingest};
    run_out once = saydo(t, NULL, "code", "--date", "2022-03-29", file, NULL, NULL, NULL);
    CHECK(count_lines(once.out) > 0);
    for (int c = 0; c < 2; c++) {
        char *out = NULL, *err = NULL;
        int status = sd_test_run(cmd[c], NULL, 0, &out, &err, 20);
        CHECK_INT(status, 0);
        if (c == 0)
            CHECK_INT(count_lines(out), count_lines(once.out)); /* a.txt coded once */
        CHECK_CONTAINS(err, "loop/self1: a link back to");
        CHECK_CONTAINS(err, "loop/self2: a link back to");
        CHECK_CONTAINS(err, "loop/sub/back: a link back to");
        CHECK_CONTAINS(err, "loop/twin: the same folder as");
        const char *first = err ? strstr(err, "self1: a link") : NULL;
        CHECK(first && !strstr(first + 1, "self1: a link")); /* one warning per loop */
        free(out);
        free(err);
    }
    run_free(&once);
}

TEST(cli_tsv_has_gdelt_columns)
{
    run_out r = saydo(t, sample, "code", "--format", "tsv", "--date", "2022-03-29", NULL, NULL);
    CHECK_INT(r.status, 0);
    const char *nl = r.out ? strchr(r.out, '\n') : NULL;
    size_t tabs = 0;
    for (const char *p = r.out; p && p < nl; p++)
        tabs += *p == '\t';
    CHECK_INT(tabs, 60);
    CHECK(r.out && strncmp(r.out, "GLOBALEVENTID\tSQLDATE", 21) == 0);
    run_free(&r);
}

TEST(cli_cameo_lookup)
{
    run_out r = saydo(t, NULL, "cameo", "0874", NULL, NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.out, "0874\t");
    run_free(&r);
    r = saydo(t, NULL, "cameo", "042", "0356", NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.out, "042\t1.9\t1\tCONSULT\tvisit\t\tMake a visit\n");
    CHECK_CONTAINS(r.out, "0356\t7.0\t1\tAGREE\t\tmilitary\t");
    run_free(&r);
    r = saydo(t, NULL, "cameo", "87", NULL, NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 1);
    run_free(&r);
}

/* 'saydo code --format plover': PLOVER records with the type, mode and
 * context the CAMEO code maps to and actors with text, code and name; GDELT
 * TSV with the names in Actor1Name and Actor2Name. */
TEST(cli_code_plover_and_names)
{
    const char *text = "Putin Visits Beijing\n\nVladimir Putin visited China on Tuesday.\n";
    run_out r = saydo(t, text, "code", "--format", "plover", "--date", "2024-05-14", "-", NULL);
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.out, "\"event\":\"CONSULT\",\"mode\":\"visit\",\"context\":\"\"");
    CHECK_CONTAINS(r.out, "\"source\":[{\"actorText\":\"Vladimir Putin\",\"code\":\"RUSGOV\","
                          "\"name\":\"Vladimir Putin\"}]");
    CHECK_CONTAINS(r.out, "\"target\":[{\"actorText\":\"China\",\"code\":\"CHN\",\"name\":\"China\"}]");
    CHECK_CONTAINS(r.out, "\"id\":\"saydo-stdin-1-");
    run_free(&r);
    r = saydo(t, text, "code", "--format", "tsv", "--date", "2024-05-14", "-", NULL);
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.out, "\tRUSGOV\tVLADIMIR PUTIN\tRUS\t");
    CHECK_CONTAINS(r.out, "\tCHN\tCHINA\tCHN\t");
    run_free(&r);
    r = saydo(t, "Russia and Ukraine held talks.\n", "code", "-", NULL, NULL, NULL, NULL, NULL);
    CHECK_INT(r.status, 0);
    CHECK_CONTAINS(r.out, "\"source_name\":\"Russian Federation\"");
    CHECK_CONTAINS(r.out, "\"date\":null");
    CHECK_CONTAINS(r.out, "\"url\":null");
    run_free(&r);
}

/* saydo code -j N (issue 18): N threads, output byte for byte that of -j 1,
 * on the samples (a folder of one-article files), in every format, on
 * the generated news of many short articles, and on the real news in
 * ../shared when present. */
static void same_output_j1_j4(sd_test *t, const char *format, const char *input)
{
    /* (DATEADDED is the time of coding: one fixed time for both runs) */
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    run_out a = saydo(t, NULL, "code", "-j", "1", "--format", format, input, NULL);
    run_out b = saydo(t, NULL, "code", "-j", "4", "--format", format, input, NULL);
    unsetenv("SOURCE_DATE_EPOCH");
    CHECK_INT(a.status, b.status);
    CHECK(a.out && b.out && strcmp(a.out, b.out) == 0);
    CHECK(a.err && b.err && strcmp(a.err, b.err) == 0);
    if (a.out && b.out && strcmp(a.out, b.out) != 0)
        fprintf(stderr, "  -j 1 and -j 4 differ on %s (%s)\n", input, format);
    run_free(&a);
    run_free(&b);
}

TEST(cli_code_jobs_same_output)
{
    struct stat st;
    if (stat("data/samples", &st) != 0)
        SKIP("data/samples not found (not run from the source tree)");
    static const char *const formats[] = {"jsonl", "tsv", "table", "plover"};
    for (size_t i = 0; i < 4; i++)
        same_output_j1_j4(t, formats[i], "data/samples");
    /* many articles, bad lines among them: messages keep their places */
    sd_buf b = SD_BUF_INIT;
    for (int i = 0; i < 300; i++) {
        if (i % 97 == 50)
            sd_buf_puts(&b, "{\"id\":\"broken\",\"text\":\n");
        sd_buf_printf(&b,
                      "{\"id\":\"a%d\",\"date\":\"2024-03-%02d\",\"title\":\"Talks %d\",\"text\":"
                      "\"Russia and Ukraine held talks in Geneva on Tuesday. France sent aid "
                      "to Mali. China threatened to impose sanctions on India %d.\"}\n",
                      i, 1 + i % 28, i, i);
    }
    const char *many = sd_test_path(t, "many.jsonl");
    sd_test_write_file(many, b.data, b.len);
    sd_buf_free(&b);
    run_out r = saydo(t, NULL, "code", "-j", "4", "--keep-going", many, NULL, NULL);
    CHECK_INT(r.status, 1);
    CHECK(count_lines(r.out) >= 600);
    CHECK_CONTAINS(r.err, "many.jsonl:51");
    run_free(&r);
    same_output_j1_j4(t, "jsonl", many);
    /* without --keep-going the run stops at the first bad line: no event of
     * a later article is written, whatever the threads had coded */
    run_out a = saydo(t, NULL, "code", "-j", "1", many, NULL, NULL, NULL);
    run_out c = saydo(t, NULL, "code", "-j", "3", many, NULL, NULL, NULL);
    CHECK_INT(a.status, 1);
    CHECK_INT(c.status, 1);
    CHECK(a.out && c.out && strcmp(a.out, c.out) == 0);
    run_free(&a);
    run_free(&c);
    /* bad -j values */
    r = saydo(t, NULL, "code", "-j", "0", many, NULL, NULL, NULL);
    CHECK_INT(r.status, 2);
    CHECK_CONTAINS(r.err, "-j");
    run_free(&r);
    if (t->shared) {
        char real[1024];
        snprintf(real, sizeof real, "%s/realnews/articles.jsonl", t->shared);
        if (stat(real, &st) == 0) {
            same_output_j1_j4(t, "jsonl", real);
            same_output_j1_j4(t, "tsv", real);
        }
    }
}
