/*
 * cmd_query.c -- 'saydo query': read events back from a store made by
 * 'saydo ingest'.  Plain queries list events (or, with --raw, every
 * mention) in table, CSV, JSON Lines, GDELT 2.0 TSV or PLOVER JSON Lines;
 * 'series' and 'top' aggregate; 'followthrough' pairs what actors say with
 * what they later do, by the rules in data/followthrough.tsv.
 *
 * Contract: the store is opened read-only and never changed.  Output lines
 * are written whole; exit 1 on a store or write error, 2 on a usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cli.h"

enum { FMT_TABLE, FMT_CSV, FMT_JSONL, FMT_TSV, FMT_PLOVER };

typedef struct query_opts {
    saydo_store_filter filter;
    const char *db;
    const char *data;
    const char *pairs;
    int format;
    int header;
    int both;
    long top_n;
    int by;                /* SAYDO_AGG_DAY / WEEK / MONTH */
    int stats;             /* --stats: time the query */
    long window;           /* followthrough window, days */
    char dyad[256];
} query_opts;

static int list_rows(saydo_store *store, const query_opts *o)
{
    saydo_store_rows *rows = NULL;
    saydo_error err;
    if (saydo_store_query(store, &o->filter, &rows, &err) != 0) {
        cli_report(&err);
        return CLI_FAIL;
    }
    if (o->header) {
        if (o->format == FMT_CSV && saydo_write_header(stdout, SAYDO_OUTPUT_CSV, &err) != 0)
            return CLI_FAIL;
        else if (o->format == FMT_TSV && saydo_write_header(stdout, SAYDO_OUTPUT_TSV, &err) != 0)
            return CLI_FAIL;
        else if (o->format == FMT_TABLE && saydo_write_header(stdout, SAYDO_OUTPUT_TABLE, &err))
            return CLI_FAIL;
    }
    const saydo_store_row *row;
    int rc, status = CLI_OK;
    while ((rc = saydo_store_rows_next(rows, &row, &err)) == 1) {
        int wrc = 0;
        switch (o->format) {
        case FMT_CSV: wrc = saydo_write_store_row(stdout, SAYDO_OUTPUT_CSV, row, &err); break;
        case FMT_JSONL: wrc = saydo_write_store_row(stdout, SAYDO_OUTPUT_JSONL, row, &err); break;
        case FMT_TSV: wrc = saydo_write_store_row(stdout, SAYDO_OUTPUT_TSV, row, &err); break;
        case FMT_PLOVER: wrc = saydo_write_store_row(stdout, SAYDO_OUTPUT_PLOVER, row, &err); break;
        default: wrc = saydo_write_store_row(stdout, SAYDO_OUTPUT_TABLE, row, &err); break;
        }
        if (wrc != 0 || ferror(stdout)) {
            cli_error("cannot write output: %s", strerror(errno));
            status = CLI_FAIL;
            break;
        }
    }
    if (rc < 0) {
        cli_report(&err);
        status = CLI_FAIL;
    }
    saydo_store_rows_free(rows);
    return status;
}

/* ---- aggregates ----------------------------------------------------------- */

typedef struct period_acc {
    char key[16];
    long count[5];
    long total;
    double gsum;
} period_acc;

static void series_flush(const query_opts *o, const period_acc *p)
{
    double mean = p->total ? p->gsum / (double)p->total : 0.0;
    switch (o->format) {
    case FMT_CSV:
    case FMT_TSV: {
        char sep = o->format == FMT_CSV ? ',' : '\t';
        printf("%s%c%ld%c%ld%c%ld%c%ld%c%ld%c%.1f%c%.3f\n", p->key, sep, p->count[1], sep,
               p->count[2], sep, p->count[3], sep, p->count[4], sep, p->total, sep, p->gsum, sep,
               mean);
        break;
    }
    case FMT_JSONL:
    case FMT_PLOVER:
        printf("{\"period\":\"%s\",\"verbal_coop\":%ld,\"material_coop\":%ld,"
               "\"verbal_conflict\":%ld,\"material_conflict\":%ld,\"events\":%ld,"
               "\"goldstein_sum\":%.1f,\"goldstein_mean\":%.3f}\n",
               p->key, p->count[1], p->count[2], p->count[3], p->count[4], p->total, p->gsum,
               mean);
        break;
    default:
        printf("%-10s %8ld %8ld %8ld %8ld %8ld %10.1f %7.2f\n", p->key, p->count[1], p->count[2],
               p->count[3], p->count[4], p->total, p->gsum, mean);
    }
}

/* Zero rows for the periods from *next up to, not including, until; *next
 * moves on.  At most *budget rows (a series stops growing there). */
static void series_fill(const query_opts *o, char next[11], const char *until, long *budget)
{
    while (*next && strcmp(next, until) < 0 && *budget > 0) {
        period_acc zero;
        memset(&zero, 0, sizeof zero);
        snprintf(zero.key, sizeof zero.key, "%s", next);
        series_flush(o, &zero);
        (*budget)--;
        if (saydo_period_next((saydo_store_agg)o->by, next, next) != 0)
            *next = '\0';
    }
}

/* Every period from the filter's first (--from, else the first with
 * events) to its last (--to, else the last with events), those without
 * events with zero counts; at most SERIES_MAX_PERIODS rows. */
#define SERIES_MAX_PERIODS 100000L

static int run_series(saydo_store *store, const query_opts *o)
{
    saydo_store_rows *rows = NULL;
    saydo_error err;
    saydo_store_agg_options agg = SAYDO_STORE_AGG_OPTIONS_INIT;
    agg.kind = (saydo_store_agg)o->by;
    if (saydo_store_aggregate(store, &o->filter, &agg, &rows, &err)) {
        cli_report(&err);
        return CLI_FAIL;
    }
    if (o->header) {
        if (o->format == FMT_CSV || o->format == FMT_TSV) {
            const char *h = "period,verbal_coop,material_coop,verbal_conflict,material_conflict,"
                            "events,goldstein_sum,goldstein_mean";
            for (const char *p = h; *p; p++)
                putchar(*p == ',' && o->format == FMT_TSV ? '\t' : *p);
            putchar('\n');
        } else if (o->format == FMT_TABLE) {
            puts("period     verb-coop mat-coop verb-con  mat-con   events  goldstein    mean");
        }
    }
    period_acc acc;
    memset(&acc, 0, sizeof acc);
    char next[11] = "";
    long budget = SERIES_MAX_PERIODS;
    if (o->filter.from && saydo_period_of(agg.kind, o->filter.from, next) != 0)
        next[0] = '\0';
    const saydo_store_agg_row *a;
    int rc;
    while ((rc = saydo_store_rows_next_agg(rows, &a, &err)) == 1) {
        if (acc.key[0] && strcmp(acc.key, a->key) != 0) {
            series_flush(o, &acc);
            budget--;
            if (saydo_period_next(agg.kind, acc.key, next) != 0)
                next[0] = '\0';
            memset(&acc, 0, sizeof acc);
        }
        if (!acc.key[0]) {
            if (!next[0])
                snprintf(next, sizeof next, "%s", a->key);
            series_fill(o, next, a->key, &budget);
        }
        snprintf(acc.key, sizeof acc.key, "%s", a->key);
        if ((unsigned)a->quad <= 4)
            acc.count[a->quad] += a->count;
        acc.total += a->count;
        acc.gsum += a->goldstein_sum;
    }
    if (acc.key[0]) {
        series_flush(o, &acc);
        budget--;
        if (saydo_period_next(agg.kind, acc.key, next) != 0)
            next[0] = '\0';
    }
    char last[11], end[11];
    if (rc >= 0 && o->filter.to && saydo_period_of(agg.kind, o->filter.to, last) == 0 &&
        saydo_period_next(agg.kind, last, end) == 0)
        series_fill(o, next, end, &budget);
    saydo_store_rows_free(rows);
    if (rc < 0) {
        cli_report(&err);
        return CLI_FAIL;
    }
    return CLI_OK;
}

/* top actors, dyads (kind DYADS) or countries (kind COUNTRIES: events per
 * location country, every country) */
static int run_top(saydo_store *store, const query_opts *o, saydo_store_agg kind)
{
    saydo_store_rows *rows = NULL;
    saydo_error err;
    int dyads = kind == SAYDO_AGG_DYADS;
    const char *one = kind == SAYDO_AGG_COUNTRIES ? "country" : "actor";
    int both = dyads && o->both;
    saydo_store_agg_options agg = SAYDO_STORE_AGG_OPTIONS_INIT;
    agg.kind = kind;
    agg.top_n = o->top_n;
    agg.both_directions = both;
    if (saydo_store_aggregate(store, &o->filter, &agg, &rows, &err)) {
        cli_report(&err);
        return CLI_FAIL;
    }
    char sep = o->format == FMT_CSV ? ',' : '\t';
    if (o->header) {
        if (o->format == FMT_CSV || o->format == FMT_TSV) {
            if (!dyads)
                printf("%s%cevents%cgoldstein_sum%cgoldstein_mean\n", one, sep, sep, sep);
            else if (!both)
                printf("source%ctarget%cevents%cgoldstein_sum%cgoldstein_mean\n", sep, sep, sep,
                       sep);
            else
                printf("a%cb%ca_to_b%cgoldstein_mean_a_to_b%cb_to_a%cgoldstein_mean_b_to_a\n",
                       sep, sep, sep, sep, sep);
        } else if (o->format == FMT_TABLE) {
            if (!dyads)
                printf("%-15s  events  goldstein    mean\n", one);
            else if (!both)
                puts("source    target      events  goldstein    mean");
            else
                puts("a         b           a->b    mean    b->a    mean");
        }
    }
    const saydo_store_agg_row *a;
    int rc;
    while ((rc = saydo_store_rows_next_agg(rows, &a, &err)) == 1) {
        if (o->format == FMT_JSONL || o->format == FMT_PLOVER) {
            if (!dyads) {
                printf("{\"%s\":", one);
                sd_json_fputs(stdout, a->key);
                printf(",\"events\":%ld,\"goldstein_sum\":%.1f,\"goldstein_mean\":%.3f}\n",
                       a->count, a->goldstein_sum, a->goldstein_mean);
            } else {
                fputs(both ? "{\"a\":" : "{\"source\":", stdout);
                sd_json_fputs(stdout, a->key);
                fputs(both ? ",\"b\":" : ",\"target\":", stdout);
                sd_json_fputs(stdout, a->key2);
                if (both)
                    printf(",\"a_to_b\":%ld,\"goldstein_mean_a_to_b\":%.3f,\"b_to_a\":%ld,"
                           "\"goldstein_mean_b_to_a\":%.3f}\n",
                           a->count, a->goldstein_mean, a->count2, a->goldstein_mean2);
                else
                    printf(",\"events\":%ld,\"goldstein_sum\":%.1f,\"goldstein_mean\":%.3f}\n",
                           a->count, a->goldstein_sum, a->goldstein_mean);
            }
        } else if (o->format == FMT_CSV || o->format == FMT_TSV) {
            if (!dyads)
                printf("%s%c%ld%c%.1f%c%.3f\n", a->key, sep, a->count, sep, a->goldstein_sum,
                       sep, a->goldstein_mean);
            else if (!both)
                printf("%s%c%s%c%ld%c%.1f%c%.3f\n", a->key, sep, a->key2, sep, a->count, sep,
                       a->goldstein_sum, sep, a->goldstein_mean);
            else
                printf("%s%c%s%c%ld%c%.3f%c%ld%c%.3f\n", a->key, sep, a->key2, sep, a->count,
                       sep, a->goldstein_mean, sep, a->count2, sep, a->goldstein_mean2);
        } else {
            if (!dyads)
                printf("%-15s %7ld %10.1f %7.2f\n", a->key, a->count, a->goldstein_sum,
                       a->goldstein_mean);
            else if (!both)
                printf("%-9s %-9s %8ld %10.1f %7.2f\n", a->key, a->key2, a->count,
                       a->goldstein_sum, a->goldstein_mean);
            else
                printf("%-9s %-9s %6ld %7.2f  %6ld %7.2f\n", a->key, a->key2, a->count,
                       a->goldstein_mean, a->count2, a->goldstein_mean2);
        }
    }
    saydo_store_rows_free(rows);
    if (rc < 0) {
        cli_report(&err);
        return CLI_FAIL;
    }
    return CLI_OK;
}

/* ---- options ------------------------------------------------------------ */

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || v < lo || v > hi)
        return -1;
    if (*end && strcmp(end, "d") != 0)
        return -1;
    *out = v;
    return 0;
}

int cmd_query(int argc, char **argv)
{
    query_opts o;
    memset(&o, 0, sizeof o);
    saydo_store_filter fi = SAYDO_STORE_FILTER_INIT;
    o.filter = fi;
    o.db = cli_default_db();
    o.header = 1;
    o.top_n = 20;
    o.window = 30;
    const char *sub = NULL, *what = NULL;
    enum { OPT_DB = 256, OPT_FROM, OPT_TO, OPT_SOURCE, OPT_TARGET, OPT_DYAD, OPT_CODE, OPT_ROOT,
           OPT_QUAD, OPT_COUNTRY, OPT_OUTLET, OPT_MOOD, OPT_RAW, OPT_FORMAT, OPT_NOHEADER,
           OPT_LIMIT, OPT_BY, OPT_N, OPT_BOTH, OPT_ACTOR, OPT_WINDOW, OPT_DATA, OPT_PAIRS,
           OPT_STATS };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"source", required_argument, NULL, OPT_SOURCE},
        {"target", required_argument, NULL, OPT_TARGET},
        {"dyad", required_argument, NULL, OPT_DYAD},
        {"code", required_argument, NULL, OPT_CODE},
        {"root", required_argument, NULL, OPT_ROOT},
        {"quad", required_argument, NULL, OPT_QUAD},
        {"country", required_argument, NULL, OPT_COUNTRY},
        {"outlet", required_argument, NULL, OPT_OUTLET},
        {"mood", required_argument, NULL, OPT_MOOD},
        {"raw", no_argument, NULL, OPT_RAW},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"no-header", no_argument, NULL, OPT_NOHEADER},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {"by", required_argument, NULL, OPT_BY},
        {"n", required_argument, NULL, OPT_N},
        {"both", no_argument, NULL, OPT_BOTH},
        {"actor", required_argument, NULL, OPT_ACTOR},
        {"window", required_argument, NULL, OPT_WINDOW},
        {"data", required_argument, NULL, OPT_DATA},
        {"pairs", required_argument, NULL, OPT_PAIRS},
        {"stats", no_argument, NULL, OPT_STATS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    optind = 1;
    opterr = 0;
    int c, status = CLI_OK;
    long v;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': cli_help("query", stdout); return CLI_OK;
        case OPT_DB: o.db = optarg; break;
        case OPT_FROM:
        case OPT_TO:
            if (!saydo_date_valid(optarg)) {
                cli_error("--%s: '%s' is not a calendar date YYYY-MM-DD",
                          c == OPT_FROM ? "from" : "to", optarg);
                status = CLI_USAGE;
            }
            *(c == OPT_FROM ? &o.filter.from : &o.filter.to) = optarg;
            break;
        case OPT_SOURCE:
        case OPT_ACTOR: o.filter.source = optarg; break;
        case OPT_TARGET: o.filter.target = optarg; break;
        case OPT_DYAD: {
            snprintf(o.dyad, sizeof o.dyad, "%s", optarg);
            char *sep = strpbrk(o.dyad, ",:-");
            if (!sep || sep == o.dyad || !sep[1]) {
                cli_error("--dyad: '%s' is not two actor patterns like RUS*,UKR*", optarg);
                status = CLI_USAGE;
                break;
            }
            *sep = '\0';
            o.filter.dyad_a = o.dyad;
            o.filter.dyad_b = sep + 1;
            break;
        }
        case OPT_CODE: o.filter.code = optarg; break;
        case OPT_ROOT: o.filter.root = optarg; break;
        case OPT_QUAD:
            if (parse_long(optarg, 1, 4, &v) != 0) {
                cli_error("--quad: '%s' is not a quad class 1..4", optarg);
                status = CLI_USAGE;
            }
            o.filter.quad = (int)v;
            break;
        case OPT_COUNTRY: o.filter.country = optarg; break;
        case OPT_OUTLET: o.filter.outlet = optarg; break;
        case OPT_MOOD:
            o.filter.mood = saydo_mood_from_name(optarg);
            if (o.filter.mood < 0) {
                cli_error("--mood: '%s' is not asserted, intended, reported or denied", optarg);
                status = CLI_USAGE;
            }
            break;
        case OPT_RAW: o.filter.raw = 1; break;
        case OPT_FORMAT:
            if (strcmp(optarg, "table") == 0)
                o.format = FMT_TABLE;
            else if (strcmp(optarg, "csv") == 0)
                o.format = FMT_CSV;
            else if (strcmp(optarg, "jsonl") == 0)
                o.format = FMT_JSONL;
            else if (strcmp(optarg, "tsv") == 0)
                o.format = FMT_TSV;
            else if (strcmp(optarg, "plover") == 0)
                o.format = FMT_PLOVER;
            else {
                cli_error("--format: '%s' is not table, csv, jsonl, tsv or plover", optarg);
                status = CLI_USAGE;
            }
            break;
        case OPT_NOHEADER: o.header = 0; break;
        case OPT_LIMIT:
            if (parse_long(optarg, 1, 1L << 30, &v) != 0) {
                cli_error("--limit: '%s' is not a positive number", optarg);
                status = CLI_USAGE;
            }
            o.filter.limit = v;
            break;
        case OPT_N:
            if (parse_long(optarg, 1, 1000000, &v) != 0) {
                cli_error("--n: '%s' is not a positive number", optarg);
                status = CLI_USAGE;
            }
            o.top_n = v;
            break;
        case OPT_BY:
            if (strcmp(optarg, "day") == 0)
                o.by = SAYDO_AGG_DAY;
            else if (strcmp(optarg, "week") == 0)
                o.by = SAYDO_AGG_WEEK;
            else if (strcmp(optarg, "month") == 0)
                o.by = SAYDO_AGG_MONTH;
            else {
                cli_error("--by: '%s' is not day, week or month", optarg);
                status = CLI_USAGE;
            }
            break;
        case OPT_BOTH: o.both = 1; break;
        case OPT_WINDOW:
            if (parse_long(optarg, 0, 3650, &v) != 0) {
                cli_error("--window: '%s' is not a number of days like 30d", optarg);
                status = CLI_USAGE;
            }
            o.window = v;
            break;
        case OPT_DATA: o.data = optarg; break;
        case OPT_PAIRS: o.pairs = optarg; break;
        case OPT_STATS: o.stats = 1; break;
        case ':':
            cli_error("query: option '%s' needs a value", argv[optind - 1]);
            status = CLI_USAGE;
            break;
        default:
            cli_error("query: unknown option '%s' (try 'saydo help query')", argv[optind - 1]);
            status = CLI_USAGE;
            break;
        }
        if (status != CLI_OK)
            return status;
    }
    /* 'query [SUB [WHAT]] [OPTIONS]': options may come anywhere. */
    if (optind < argc)
        sub = argv[optind++];
    if (sub && strcmp(sub, "top") == 0 && optind < argc)
        what = argv[optind++];
    if (optind < argc) {
        cli_error("query: unexpected argument '%s' (try 'saydo help query')", argv[optind]);
        return CLI_USAGE;
    }
    if (sub && strcmp(sub, "series") && strcmp(sub, "top") && strcmp(sub, "followthrough")) {
        cli_error("query: unknown query '%s' (series, top, followthrough; try 'saydo help "
                  "query')",
                  sub);
        return CLI_USAGE;
    }
    if (sub && strcmp(sub, "top") == 0 &&
        (!what ||
         (strcmp(what, "actors") && strcmp(what, "dyads") && strcmp(what, "countries")))) {
        cli_error("query top: say 'actors', 'dyads' or 'countries'");
        return CLI_USAGE;
    }
    if (sub && strcmp(sub, "series") == 0 && !o.by)
        o.by = SAYDO_AGG_MONTH;
    if (sub && strcmp(sub, "followthrough") == 0 && !o.filter.source) {
        cli_error("query followthrough: --actor is required");
        return CLI_USAGE;
    }

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    saydo_store_options so = SAYDO_STORE_OPTIONS_INIT;
    so.read_only = 1;
    saydo_store *store = NULL;
    saydo_error err;
    if (saydo_store_open(o.db, &so, &store, &err) != 0) {
        cli_report(&err);
        return CLI_FAIL;
    }
    if (!sub) {
        status = list_rows(store, &o);
    } else if (strcmp(sub, "series") == 0) {
        status = run_series(store, &o);
    } else if (strcmp(sub, "top") == 0) {
        status = run_top(store, &o,
                         strcmp(what, "dyads") == 0       ? SAYDO_AGG_DYADS
                         : strcmp(what, "countries") == 0 ? SAYDO_AGG_COUNTRIES
                                                          : SAYDO_AGG_ACTORS);
    } else {
        char path[4096];
        const char *pairs = o.pairs;
        if (!pairs) {
            const char *dir = cli_data_dir(o.data);
            snprintf(path, sizeof path, "%s/followthrough.tsv", dir ? dir : SAYDO_DATADIR);
            pairs = path;
        }
        status = cli_followthrough(stdout, store, &o.filter, pairs, o.window, o.format);
    }
    if (fflush(stdout) != 0) {
        cli_error("cannot write output: %s", strerror(errno));
        status = CLI_FAIL;
    }
    saydo_store_close(store);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (o.stats)
        fprintf(stderr, "saydo: stats: query_ms=%.1f\n",
                (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
    return status;
}
