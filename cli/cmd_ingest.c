/*
 * cmd_ingest.c -- 'saydo ingest': read articles, code them with the same
 * reader and coder as 'saydo code', and keep them in an event store.
 *
 * Contract: each article is stored in one transaction (saydo_store_put), so
 * a kill at any moment leaves every article either stored whole or not at
 * all, and running the same command again stores the rest: articles already
 * there (same id and content, or same content) are left unchanged; an
 * article whose id is there with other content replaces its own sentences,
 * mentions and events.  A store error (full disk, read-only store) stops
 * the run with exit 1 and the store as it was before that article.  Bad
 * articles are reported as file:line; with --keep-going they are skipped
 * and counted in the summary.
 *
 * Speed: with -j N, N threads code the articles (pipeline.c) while this
 * thread reads and stores them in input order, so the store's rows are
 * those of -j 1.  With --batch N (default SAYDO_INGEST_BATCH) up to N
 * articles, or one second of them, share a transaction, each in its own
 * savepoint (saydo_store_options.batch): still all-or-nothing per
 * article, and a kill loses at most the uncommitted batch, which a rerun
 * stores.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

typedef struct ingest_opts {
    saydo_reader_options reader;
    saydo_store_options store;
    const char *db;
    const char *data, *cameo;
    const char **dicts;
    size_t ndicts;
    int no_default_dicts, keep_going, quiet;
    double min_confidence; /* -1: the coder's default */
    int jobs;                  /* -j: coding threads                        */
} ingest_opts;

/* Articles per transaction unless --batch says otherwise. */
#define SAYDO_INGEST_BATCH 500

static void progress(cli_ingest_state *st, int final)
{
    if (!st->progress)
        return;
    double t = cli_now();
    if (final) {
        if (st->shown)
            fputs("\r\033[K", stderr);
        return;
    }
    if (t - st->last < 0.5)
        return;
    st->last = t;
    double el = t - st->start;
    fprintf(stderr, "\r\033[Ksaydo: ingest: %zu articles (%.0f/s), %zu mentions (%.0f/s), %.0f s",
            st->articles, el > 0 ? st->articles / el : 0.0, st->mentions,
            el > 0 ? st->mentions / el : 0.0, el);
    long long done = st->done_bytes;
    if (st->total_bytes > 0 && done > 0 && done <= st->total_bytes)
        fprintf(stderr, ", ETA %.0f s", el * (double)(st->total_bytes - done) / (double)done);
    st->shown = 1;
}

/* A bad article or a store error: shown (st->report) and kept. */
static void report(cli_ingest_state *st, const saydo_error *err, int store_error)
{
    progress(st, 1);
    if (st->report)
        cli_report(err);
    st->error = *err;
    st->store_failed |= store_error;
}

/* What a job of the pipeline is (cli_job.tag). */
enum { JOB_ARTICLE, JOB_STORED, JOB_BAD_INPUT, JOB_SKIPPED, JOB_BAD_UTF8, JOB_STORE_ERROR };

/* Emit one job in input order (the main thread): store the coded article,
 * or count or report the job.  Returns 1 when the run must stop. */
static int emit_job(cli_job *job, void *arg)
{
    cli_ingest_state *st = arg;
    saydo_error err;
    size_t len = 0;
    switch (job->tag) {
    case JOB_STORED: /* stored already: not coded */
        st->articles++;
        st->unchanged++;
        st->done_bytes += job->n;
        progress(st, 0);
        return 0;
    case JOB_BAD_INPUT: /* n: 1 when the run must stop */
        report(st, &job->err, 0);
        st->bad++;
        return (int)job->n;
    case JOB_SKIPPED:
        progress(st, 1);
        cli_warn_skipped(&job->err);
        st->skipped++;
        return 0;
    case JOB_BAD_UTF8:
        if (st->report) {
            progress(st, 1);
            cli_error("%s:%ld: warning: %lld invalid UTF-8 sequence%s replaced by U+FFFD (first "
                      "on this line)",
                      job->err.file, job->err.line, job->n, job->n == 1 ? "" : "s");
        }
        return 0;
    case JOB_STORE_ERROR:
        report(st, &job->err, 1);
        return 1;
    default:
        break;
    }
    if (job->rc != 0) {
        report(st, &job->err, 0);
        st->bad++;
        return !st->keep_going || job->err.code == SAYDO_ERR_NOMEM;
    }
    saydo_article_text(job->article, &len);
    saydo_store_status status = SAYDO_STORE_UNCHANGED;
    int rc = saydo_store_put(st->store, job->article, job->result, &status, &err);
    st->done_bytes += (long long)len;
    if (rc != 0) {
        report(st, &err, 1);
        return 1;
    }
    st->articles++;
    if (status == SAYDO_STORE_ADDED)
        st->added++;
    else if (status == SAYDO_STORE_REPLACED)
        st->replaced++;
    else
        st->unchanged++;
    if (status != SAYDO_STORE_UNCHANGED)
        st->mentions += saydo_result_event_count(job->result);
    progress(st, 0);
    return 0;
}

/* Read the articles of path into st's pipeline (made here when there is
 * none).  Returns 1 when reading must stop. */
static int read_input(const char *path, const saydo_reader_options *reader_opts,
                      cli_ingest_state *st)
{
    cli_job job;
    memset(&job, 0, sizeof job);
    saydo_reader *reader = NULL;
    if (saydo_reader_open(path, reader_opts, &reader, &job.err) != 0) {
        job.tag = JOB_BAD_INPUT;
        job.n = !st->keep_going;
        return cli_pipeline_push(st->pipe, &job) || job.n;
    }
    int stop = 0;
    while (!stop) {
        memset(&job, 0, sizeof job);
        int rc = saydo_reader_next(reader, &job.article, &job.err);
        if (rc == 0)
            break;
        if (rc == SAYDO_ERR_EMPTY && st->skip_empty) {
            job.tag = JOB_SKIPPED;
        } else if (rc < 0) {
            job.tag = JOB_BAD_INPUT;
            job.n = !st->keep_going || rc == SAYDO_ERR_IO || rc == SAYDO_ERR_NOMEM;
            stop = (int)job.n;
        } else {
            /* Stored already (a rerun after a kill, or the same feed
             * again): skip the coding too. */
            size_t len = 0;
            saydo_article_text(job.article, &len);
            rc = saydo_store_contains(st->store, job.article, &job.err);
            if (rc < 0) {
                saydo_article_free(job.article);
                job.article = NULL;
                job.tag = JOB_STORE_ERROR;
                stop = 1;
            } else if (rc > 0) {
                saydo_article_free(job.article);
                job.article = NULL;
                job.tag = JOB_STORED;
                job.n = (long long)len;
            } else {
                job.tag = JOB_ARTICLE;
                job.code = 1;
            }
        }
        if (cli_pipeline_push(st->pipe, &job))
            stop = 1;
    }
    long first = 0;
    long bad_utf8 = saydo_reader_invalid_utf8(reader, &first);
    if (bad_utf8 > 0) {
        memset(&job, 0, sizeof job);
        job.tag = JOB_BAD_UTF8;
        job.n = bad_utf8;
        job.err.line = first;
        snprintf(job.err.file, sizeof job.err.file, "%s", strcmp(path, "-") ? path : "<stdin>");
        if (cli_pipeline_push(st->pipe, &job))
            stop = 1;
    }
    saydo_reader_close(reader);
    return stop;
}

int cli_ingest_input(const char *path, const saydo_reader_options *reader_opts, int keep_going,
                     const saydo_coder *coder, saydo_store *store, cli_ingest_state *st)
{
    if (!st->pipe) {
        st->store = store;
        st->keep_going = keep_going;
        st->pipe = cli_pipeline_new(st->jobs, coder, saydo_code, emit_job, st);
        if (!st->pipe) {
            saydo_error err;
            memset(&err, 0, sizeof err);
            err.code = SAYDO_ERR_NOMEM;
            snprintf(err.message, sizeof err.message, "out of memory, or cannot start %d threads",
                     st->jobs);
            report(st, &err, 0);
            return 1;
        }
    }
    int stop = read_input(path, reader_opts, st);
    if (st->jobs > 1)
        return stop || cli_pipeline_stopped(st->pipe);
    return cli_ingest_finish(st) || stop;
}

int cli_ingest_finish(cli_ingest_state *st)
{
    if (!st->pipe)
        return 0;
    int stop = cli_pipeline_finish(st->pipe);
    cli_pipeline_free(st->pipe);
    st->pipe = NULL;
    return stop;
}

static int parse_count(const char *s, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || v < 0)
        return -1;
    if (*end == 'k' || *end == 'K')
        v *= 1024, end++;
    else if (*end == 'm' || *end == 'M')
        v *= 1024 * 1024, end++;
    else if (*end == 'g' || *end == 'G')
        v *= 1024LL * 1024 * 1024, end++;
    if (*end)
        return -1;
    *out = v;
    return 0;
}

int cmd_ingest(int argc, char **argv)
{
    ingest_opts o;
    memset(&o, 0, sizeof o);
    saydo_reader_options ro = SAYDO_READER_OPTIONS_INIT;
    saydo_store_options so = SAYDO_STORE_OPTIONS_INIT;
    o.reader = ro;
    o.store = so;
    o.db = cli_default_db();
    o.min_confidence = -1.0;
    o.jobs = cli_default_jobs();
    o.store.batch = SAYDO_INGEST_BATCH;
    o.dicts = calloc((size_t)argc + 1, sizeof *o.dicts);
    if (!o.dicts) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    enum { OPT_DB = 256, OPT_DATE, OPT_INPUT, OPT_KEEP, OPT_DATA, OPT_CAMEO, OPT_DICT, OPT_NODEF,
           OPT_MAXBYTES, OPT_QUIET, OPT_FIELD, OPT_WINDOW, OPT_MAXSIZE, OPT_BATCH, OPT_MINCONF };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"date", required_argument, NULL, OPT_DATE},
        {"input", required_argument, NULL, OPT_INPUT},
        {"field", required_argument, NULL, OPT_FIELD},
        {"keep-going", no_argument, NULL, OPT_KEEP},
        {"data", required_argument, NULL, OPT_DATA},
        {"cameo", required_argument, NULL, OPT_CAMEO},
        {"dict", required_argument, NULL, OPT_DICT},
        {"no-default-dicts", no_argument, NULL, OPT_NODEF},
        {"max-article-bytes", required_argument, NULL, OPT_MAXBYTES},
        {"quiet", no_argument, NULL, OPT_QUIET},
        {"window", required_argument, NULL, OPT_WINDOW},
        {"max-size", required_argument, NULL, OPT_MAXSIZE},
        {"min-confidence", required_argument, NULL, OPT_MINCONF},
        {"batch", required_argument, NULL, OPT_BATCH},
        {"jobs", required_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    optind = 1;
    opterr = 0;
    int c, status = CLI_OK, batch_given = 0;
    char date_day[11] = "";
    long long v;
    while ((c = getopt_long(argc, argv, ":hj:", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            cli_help("ingest", stdout);
            free(o.dicts);
            return CLI_OK;
        case OPT_DB: o.db = optarg; break;
        case OPT_DATE: status = cli_option_date(optarg, &o.reader, date_day); break;
        case OPT_INPUT: status = cli_option_input(optarg, &o.reader); break;
        case OPT_FIELD: status = cli_option_field(optarg, &o.reader); break;
        case OPT_KEEP: o.keep_going = 1; break;
        case OPT_DATA: o.data = optarg; break;
        case OPT_CAMEO: o.cameo = optarg; break;
        case OPT_DICT: o.dicts[o.ndicts++] = optarg; break;
        case OPT_NODEF: o.no_default_dicts = 1; break;
        case OPT_QUIET: o.quiet = 1; break;
        case OPT_MINCONF: status = cli_option_confidence(optarg, &o.min_confidence); break;
        case 'j': status = cli_option_jobs(optarg, &o.jobs); break;
        case OPT_BATCH: {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (end == optarg || *end || n < 1 || n > 1000000) {
                cli_error("--batch: '%s' is not a number of articles (1..1000000)", optarg);
                status = CLI_USAGE;
            }
            o.store.batch = (int)n;
            batch_given = 1;
            break;
        }
        case OPT_MAXBYTES:
            if (parse_count(optarg, &v) != 0 || v == 0) {
                cli_error("--max-article-bytes: '%s' is not a positive size", optarg);
                status = CLI_USAGE;
            }
            o.reader.max_article_bytes = (size_t)v;
            break;
        case OPT_WINDOW: {
            char *end;
            long days = strtol(optarg, &end, 10);
            if (end == optarg || (*end && strcmp(end, "d") != 0) || days < 0 || days > 3650) {
                cli_error("--window: '%s' is not a number of days (0..3650)", optarg);
                status = CLI_USAGE;
            }
            o.store.window_days = (int)days;
            break;
        }
        case OPT_MAXSIZE:
            if (parse_count(optarg, &v) != 0 || v == 0) {
                cli_error("--max-size: '%s' is not a positive size", optarg);
                status = CLI_USAGE;
            }
            o.store.max_bytes = v;
            break;
        case ':':
            cli_error("ingest: option '%s' needs a value", argv[optind - 1]);
            status = CLI_USAGE;
            break;
        default:
            cli_error("ingest: unknown option '%s' (try 'saydo help ingest')", argv[optind - 1]);
            status = CLI_USAGE;
            break;
        }
        if (status != CLI_OK)
            break;
    }
    if (status != CLI_OK) {
        free(o.dicts);
        return status;
    }
    /* A store that reaches its size limit may lose the whole open batch
     * (SQLite can end the transaction on a full disk): with --max-size each
     * article is its own transaction unless --batch says otherwise. */
    if (o.store.max_bytes > 0 && !batch_given)
        o.store.batch = 1;

    saydo_coder_options co = SAYDO_CODER_OPTIONS_INIT;
    co.data_dir = cli_data_dir(o.data);
    co.cameo_file = o.cameo;
    co.dicts = o.dicts;
    co.no_default_dicts = o.no_default_dicts;
    co.min_confidence = o.min_confidence;
    saydo_coder *coder = NULL;
    saydo_store *store = NULL;
    saydo_error err;
    cli_inputs inputs = {0};
    if (saydo_coder_new(&co, &coder, &err) != 0) {
        cli_report(&err);
        free(o.dicts);
        return CLI_FAIL;
    }
    for (size_t i = 0; i < saydo_coder_warning_count(coder); i++)
        cli_error("warning: %s", saydo_coder_warning(coder, i));
    if (cli_inputs_collect(&inputs, argc - optind, argv + optind) != 0) {
        cli_error("out of memory");
        status = CLI_FAIL;
    } else if (saydo_store_open(o.db, &o.store, &store, &err) != 0) {
        cli_report(&err);
        status = CLI_FAIL;
    }
    if (status != CLI_OK) {
        cli_inputs_free(&inputs);
        saydo_coder_free(coder);
        free(o.dicts);
        return status;
    }

    /* the store's events before and after: reports of one event in several
     * articles are one event with several mentions (docs/store.md), so
     * the events a run adds are not the events it codes */
    saydo_store_summary before, after;
    int counted = saydo_store_get_summary(store, &before, &err) == 0;
    cli_ingest_state st;
    memset(&st, 0, sizeof st);
    st.start = cli_now();
    st.report = 1;
    st.skip_empty = 1;
    st.progress = !o.quiet && isatty(2);
    st.total_bytes = cli_inputs_size(&inputs);
    st.jobs = o.jobs;
    int stop = 0;
    for (size_t i = 0; i < inputs.n && !stop; i++)
        stop = cli_ingest_input(inputs.path[i], &o.reader, o.keep_going, coder, store, &st);
    if (cli_ingest_finish(&st))
        stop = 1;
    progress(&st, 1);
    /* the last batch, and the batch before a store error: the articles
     * counted as stored must be */
    if (saydo_store_commit(store, &err) != 0) {
        cli_report(&err);
        stop = 1;
    }
    counted = counted && saydo_store_get_summary(store, &after, &err) == 0;
    saydo_store_close(store);
    double el = cli_now() - st.start;
    char events[96] = "";
    if (counted)
        snprintf(events, sizeof events, ", %+lld events (%lld in the store)",
                 after.events - before.events, after.events);
    char shown[1024];
    if (!o.quiet)
        fprintf(stderr,
                "saydo: ingest: %zu articles (%zu added, %zu replaced, %zu unchanged), %zu "
                "mentions%s, %zu bad, %.1f s, %.0f articles/s into %s\n",
                st.articles, st.added, st.replaced, st.unchanged, st.mentions, events, st.bad,
                el, el > 0 ? st.articles / el : 0.0, cli_redact_url(o.db, shown, sizeof shown));
    if (st.bad && o.keep_going)
        cli_error("%zu bad input%s skipped", st.bad, st.bad == 1 ? "" : "s");
    if (st.skipped)
        cli_error("%zu empty input%s skipped", st.skipped, st.skipped == 1 ? "" : "s");
    cli_inputs_free(&inputs);
    saydo_coder_free(coder);
    free(o.dicts);
    return (stop || st.bad) ? CLI_FAIL : st.skipped ? CLI_SKIPPED : CLI_OK;
}
