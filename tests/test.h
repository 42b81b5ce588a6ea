/*
 * test.h -- the one test framework: unit tests and spec-file handlers.
 *
 * A unit test is a function written as
 *     TEST(arena_grows) { ... CHECK(x == 1); CHECK_STR(a, "b"); ... }
 * in any C file under tests/unit; the build finds it (tools/gen-test-registry.sh).
 *
 * A spec handler turns a spec case's input into text compared with the
 * case's expected text (tests/spec/README.md):
 *     SPEC(sentences) { ... sd_buf_puts(out, "..."); return 0; }
 * receives the case input, the words after the kind on the '---' line
 * (args) and a buffer for its output.  Returning non-zero fails the case.
 */
#ifndef SD_TEST_H
#define SD_TEST_H

#include <stdio.h>
#include <string.h>

#include "buf.h"

typedef struct sd_test {
    const char *name;
    int failed;          /* number of failed checks                       */
    int skipped;         /* set by SKIP                                   */
    const char *shared;  /* ../shared, or NULL when absent                */
    const char *saydo;   /* path of the saydo binary under test           */
    const char *tmpdir;  /* a private scratch folder for this run         */
    int quick;           /* 1 in the sanitizer run: skip the slowest work */
    int quiet;           /* 1: record failures without printing them      */
} sd_test;

void sd_test_fail(sd_test *t, const char *file, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#define TEST(name) void test_##name(sd_test *t); void test_##name(sd_test *t)
#define SPEC(kind)                                                                     \
    int spec_##kind(sd_test *t, const char *input, const char *args, sd_buf *out);     \
    int spec_##kind(sd_test *t, const char *input, const char *args, sd_buf *out)

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond))                                                                   \
            sd_test_fail(t, __FILE__, __LINE__, "CHECK(%s)", #cond);                   \
    } while (0)

#define CHECK_INT(a, b)                                                                \
    do {                                                                               \
        long long a_ = (long long)(a), b_ = (long long)(b);                            \
        if (a_ != b_)                                                                  \
            sd_test_fail(t, __FILE__, __LINE__, "%s == %lld, expected %lld", #a, a_, b_); \
    } while (0)

#define CHECK_STR(a, b)                                                                \
    do {                                                                               \
        const char *a_ = (a), *b_ = (b);                                               \
        if (!a_ || !b_ || strcmp(a_, b_) != 0)                                         \
            sd_test_fail(t, __FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", #a,   \
                         a_ ? a_ : "(null)", b_ ? b_ : "(null)");                      \
    } while (0)

#define CHECK_CONTAINS(hay, needle)                                                    \
    do {                                                                               \
        const char *h_ = (hay), *n_ = (needle);                                        \
        if (!h_ || !strstr(h_, n_))                                                    \
            sd_test_fail(t, __FILE__, __LINE__, "%s does not contain \"%s\": \"%.300s\"", \
                         #hay, n_, h_ ? h_ : "(null)");                                \
    } while (0)

#define SKIP(why)                                                                      \
    do {                                                                               \
        t->skipped = 1;                                                                \
        fprintf(stderr, "  skip %s: %s\n", t->name, why);                              \
        return;                                                                        \
    } while (0)

/* Helpers for tests (tests/runner.c). */

/* Write data[0..n) to path; 0 or -1. */
int sd_test_write_file(const char *path, const void *data, size_t n);
/* Blank column col (0-based, tab-separated) of every line of tsv, in
 * place; tsv may be NULL.  (GDELT's DATEADDED, when two stores took the
 * same articles at different times.) */
void sd_test_drop_tsv_column(char *tsv, int col);
/* Read a whole file into a malloc'd NUL-terminated buffer (caller frees);
 * NULL on failure. */
char *sd_test_read_file(const char *path, size_t *len);
/* A path in the test scratch folder: tmpdir/name (static buffer per call
 * index: up to 8 live results). */
const char *sd_test_path(sd_test *t, const char *name);

/* Run argv (argv[0] is looked up as given) with stdin_data on standard
 * input (NULL: /dev/null), capturing stdout and stderr into malloc'd
 * strings (caller frees).  Returns the exit status, 128+signal when killed
 * by a signal, -1 when it could not run.  Killed after timeout_s seconds. */
int sd_test_run(const char *const *argv, const char *stdin_data, size_t stdin_len,
                char **out, char **err, int timeout_s);

/* Known failures (tests/spec/README.md, "Scored files and known failures").  A scored suite
 * keeps the cases that fail today in a list, tests/spec/known-failures/
 * NAME.txt: one case a line, "KEY<TAB>REASON" (the reason may be empty),
 * '#' lines are comments.  A run fails when a case fails that is not
 * listed, when a listed case passes and when a listed key names no case,
 * so the list stays exact.  With SAYDO_TEST_KNOWN=update nothing fails
 * and the list is written anew from the run (`make known-failures`). */
typedef struct sd_known sd_known;
/* Load the list at path; a missing file is an empty list.  Never NULL
 * (exits on allocation failure); ended by sd_known_finish. */
sd_known *sd_known_load(const char *path);
/* The outcome of one case, named name: passed 1, failed 0, skipped -1.
 * Its key in the list is name, or "name #N" for the Nth case of the
 * suite with that name (N > 1).  A failure not listed fails t with
 * where:line (where NULL: the list's path), the key and detail (what was
 * expected and what came); a listed case that passed fails t ("now
 * passes: remove it from FILE").  reason: a short derived reason for the
 * list (kept in update mode; NULL for none).  Returns 1 when the outcome
 * was expected. */
int sd_known_case(sd_known *k, sd_test *t, const char *where, int line, const char *name,
                  int outcome, const char *reason, const char *detail);
/* End the suite: listed keys that no case had fail t; in update mode the
 * list is written (cases that failed, in run order, each with the reason
 * it had in the list or else the one derived; listed cases that were
 * skipped stay).  Returns the number of listed failures seen (in update
 * mode: of failures) and frees k. */
int sd_known_finish(sd_known *k, sd_test *t);
/* Is this an update run (SAYDO_TEST_KNOWN=update)? */
int sd_known_updating(void);
/* A short reason for a failure from expected and got text: the lines
 * that differ, or the words of a line that differ.  Into buf (cap). */
void sd_known_reason(const char *want, const char *got, char *buf, size_t cap);

/* A throwaway PostgreSQL cluster (tests/unit/test_pg.c) in a temporary
 * folder, listening on a unix socket there, with databases "saydo" and
 * "saydo2"; url names "saydo". */
typedef struct sd_test_pg {
    char dir[64];              /* the cluster's folder and socket folder   */
    char bin[320];             /* /usr/lib/postgresql/N/bin                */
    char url[256];             /* postgresql://saydo@/saydo?host=dir&port=5432 */
    int as_nobody;
} sd_test_pg;
/* Start one: 0, or 1 with why set when the test must skip (no server
 * binaries), or -1 on a failure (reported).  Stop it (and remove its
 * folder) with sd_test_pg_stop, whatever the start returned. */
int sd_test_pg_start(sd_test *t, sd_test_pg *c, const char **why);
void sd_test_pg_stop(const sd_test_pg *c);

#endif
