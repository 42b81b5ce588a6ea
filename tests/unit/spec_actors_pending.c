/*
 * spec_actors_pending.c -- a stand-in for SPEC(actors) until the actor
 * resolver and its real handler exist.  DELETE THIS FILE when the real
 * SPEC(actors) lands (the two would define the same symbol).
 *
 * It checks what it can see of a case -- one non-empty input line and a
 * "date=YYYY-MM-DD" argument -- and then skips it.  The expected lines are
 * checked by TEST(actors_spec_cases_well_formed) in test_actors_data.c.
 */
#include <ctype.h>
#include <string.h>

#include "test.h"

SPEC(actors)
{
    (void)out;
    if (!input[0] || strchr(input, '\n')) {
        sd_buf_puts(out, "input must be one sentence on one line");
        return 1;
    }
    static const char shape[] = "date=9999-99-99";
    if (strlen(args) != sizeof shape - 1) {
        sd_buf_printf(out, "expected date=YYYY-MM-DD, not \"%s\"", args);
        return 1;
    }
    for (size_t i = 0; shape[i]; i++) {
        int ok = shape[i] == '9' ? isdigit((unsigned char)args[i]) : args[i] == shape[i];
        if (!ok) {
            sd_buf_printf(out, "expected date=YYYY-MM-DD, not \"%s\"", args);
            return 1;
        }
    }
    t->skipped = 1;
    return 0;
}
