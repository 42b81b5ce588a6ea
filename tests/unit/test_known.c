/*
 * test_known.c -- the known-failures lists of the scored suites
 * (tests/known.c): every difference between a run and its list fails,
 * repeated names get "#N" keys, reasons name what differs.
 */
#include <stdlib.h>
#include <string.h>

#include "test.h"

/* Run the outcomes (name, outcome) against a list with text; returns the
 * number of failures a quiet suite test recorded. */
static int run_list(sd_test *t, const char *text, const char *const *names, const int *outcomes,
                    size_t n)
{
    const char *path = sd_test_path(t, "known.txt");
    CHECK_INT(sd_test_write_file(path, text, strlen(text)), 0);
    sd_known *k = sd_known_load(path);
    sd_test suite = *t;
    suite.failed = 0;
    suite.quiet = 1;
    for (size_t i = 0; i < n; i++)
        sd_known_case(k, &suite, NULL, 0, names[i], outcomes[i], "why", "detail");
    sd_known_finish(k, &suite);
    return suite.failed;
}

TEST(known_failures_list)
{
    if (sd_known_updating())
        SKIP("SAYDO_TEST_KNOWN=update");
    static const char *const names[] = {"a", "b", "a", "c"};
    static const int passing[] = {1, 1, 1, 1}, listed[] = {1, 0, 0, -1};
    /* exact: b and the second a fail and are listed; a skipped case may be */
    CHECK_INT(run_list(t, "# comment\n\nb\treason\na #2\nc\n", names, listed, 4), 0);
    /* a failure not listed */
    CHECK_INT(run_list(t, "b\n", names, listed, 4), 1);
    /* listed cases that pass, a key that names no case, a key twice */
    CHECK_INT(run_list(t, "b\na #2\n", names, passing, 4), 2);
    CHECK_INT(run_list(t, "b\na #2\nzz\n", names, listed, 4), 1);
    CHECK_INT(run_list(t, "b\nb\na #2\n", names, listed, 4), 1);
}

TEST(known_failures_reason)
{
    char why[256];
    sd_known_reason("USA RUS 042 asserted", "USA RUS 043 asserted", why, sizeof why);
    CHECK_STR(why, "got '043' for '042'");
    sd_known_reason("A B 01 asserted\nC D 02 asserted", "C D 02 asserted\nE F 03 asserted", why,
                    sizeof why);
    CHECK_STR(why, "missing 'A B 01 asserted'; extra 'E F 03 asserted'");
    sd_known_reason("x\ny", "y\nx", why, sizeof why);
    CHECK_STR(why, "lines in another order");
}
