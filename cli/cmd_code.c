/*
 * cmd_code.c -- 'saydo code' and 'saydo sentences': read articles from
 * files, folders or standard input, code them, write events.
 *
 * Contract: output is streamed and flushed per article; every line written
 * is complete.  With -o the output goes to a temporary file renamed over
 * FILE only when the run finishes, so FILE is never left half-written.
 * Without --keep-going the first bad article stops the run (exit 1); with
 * it, each bad article is reported (file:line) and skipped, and the exit
 * status is 1 at the end.  With -j N, N threads code (pipeline.c) and this
 * file's emit_job writes each article's events in input order, so the
 * output is byte for byte that of -j 1.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

typedef struct code_opts {
    saydo_reader_options reader;
    saydo_output_format format;
    int header;
    int keep_going;
    int stats;
    int quiet;
    int sentences_only;
    int parse_only;              /* saydo parse */
    saydo_parse_format parse_format;
    const char *output;
    const char *data;
    const char *cameo;
    const char **dicts;
    size_t ndicts;
    int no_default_dicts;
    double min_confidence;       /* -1: the coder's default */
    int jobs;                    /* -j: coding threads                      */
} code_opts;

typedef struct run_state {
    size_t articles, sentences, events, bytes, bad, skipped;
    double start, last_progress;
    int progress;       /* 1 when stderr is a terminal and not --quiet */
    int progress_shown;
} run_state;

static void progress(run_state *st, int final)
{
    if (!st->progress)
        return;
    double t = cli_now();
    if (!final && t - st->last_progress < 0.5)
        return;
    st->last_progress = t;
    double el = t - st->start;
    if (final) {
        if (st->progress_shown)
            fputs("\r\033[K", stderr);
        return;
    }
    fprintf(stderr, "\r\033[Ksaydo: %zu articles, %zu events, %.1f MB/s, %.0f s", st->articles,
            st->events, el > 0 ? st->bytes / 1e6 / el : 0.0, el);
    st->progress_shown = 1;
}

/* ---- coding ------------------------------------------------------------- */

static int write_sentences(FILE *out, const saydo_article *article, const saydo_result *result)
{
    for (size_t i = 0; i < saydo_result_sentence_count(result); i++) {
        const saydo_sentence *s = saydo_result_sentence(result, i);
        fprintf(out, "%s\t%zu\t%s\t", saydo_article_id(article), s->index, saydo_sentence_kind_name(s->kind));
        for (const char *p = s->text; *p; p++)
            fputc((*p == '\n' || *p == '\t' || *p == '\r') ? ' ' : *p, out);
        fputc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}

/* What a job of the pipeline is (cli_job.tag). */
enum { JOB_ARTICLE, JOB_BAD_INPUT, JOB_SKIPPED, JOB_BAD_UTF8 };

typedef struct code_ctx {
    const code_opts *o;
    const saydo_coder *coder;
    FILE *out;
    run_state *st;
} code_ctx;

/* Emit one job in input order (the main thread): report it, or write the
 * coded article's events.  Returns 1 when the run must stop (an error
 * without --keep-going, or an unrecoverable one). */
static int emit_job(cli_job *job, void *arg)
{
    code_ctx *c = arg;
    const code_opts *o = c->o;
    run_state *st = c->st;
    FILE *out = c->out;
    saydo_error err;
    switch (job->tag) {
    case JOB_SKIPPED:
        progress(st, 1);
        cli_warn_skipped(&job->err);
        st->skipped++;
        return 0;
    case JOB_BAD_INPUT: /* n: 1 when the reader cannot go on */
        progress(st, 1);
        cli_report(&job->err);
        st->bad++;
        return (int)job->n;
    case JOB_BAD_UTF8:
        progress(st, 1);
        cli_error("%s:%ld: warning: %lld invalid UTF-8 sequence%s replaced by U+FFFD (first on "
                  "this line)",
                  job->err.file, job->err.line, job->n, job->n == 1 ? "" : "s");
        return 0;
    default:
        break;
    }
    const saydo_article *article = job->article;
    const saydo_result *result = job->result;
    if (job->rc != 0) {
        progress(st, 1);
        cli_report(&job->err);
        st->bad++;
        return !o->keep_going || job->err.code == SAYDO_ERR_NOMEM;
    }
    if (!*saydo_result_date(result) && saydo_result_event_count(result) > 0 &&
        !o->sentences_only && !o->parse_only) {
        progress(st, 1);
        cli_error("%s:%ld: warning: article '%s' has no date; event dates are null",
                  saydo_article_file(article), saydo_article_line(article),
                  saydo_article_id(article));
    }
    size_t len = 0;
    saydo_article_text(article, &len);
    st->articles++;
    st->bytes += len;
    st->sentences += saydo_result_sentence_count(result);
    st->events += saydo_result_event_count(result);
    int wrc;
    if (o->sentences_only)
        wrc = write_sentences(out, article, result);
    else if (o->parse_only)
        wrc = saydo_write_parse(out, o->parse_format, article, result, &err);
    else
        wrc = saydo_write_events(out, o->format, c->coder, article, result, &err);
    if (wrc == 0 && fflush(out) != 0)
        wrc = -1;
    if (wrc != 0) {
        cli_error("%s: cannot write output: %s", o->output ? o->output : "<stdout>",
                  strerror(errno));
        return 1;
    }
    progress(st, 0);
    return 0;
}

/* Read every article of one input into the pipeline; reader errors and
 * warnings go in as jobs too, so that they are reported in their place.
 * Returns 0, or 1 when the run must stop (the reader cannot go on, an
 * error without --keep-going, or the pipeline was stopped). */
static int code_input(const char *path, const code_opts *o, cli_pipeline *pipe)
{
    cli_job job;
    memset(&job, 0, sizeof job);
    saydo_reader *reader = NULL;
    if (saydo_reader_open(path, &o->reader, &reader, &job.err) != 0) {
        job.tag = JOB_BAD_INPUT;
        job.n = !o->keep_going;
        return cli_pipeline_push(pipe, &job) || job.n;
    }
    int stop = 0;
    while (!stop) {
        memset(&job, 0, sizeof job);
        int rc = saydo_reader_next(reader, &job.article, &job.err);
        if (rc == 0)
            break;
        if (rc == SAYDO_ERR_EMPTY) {
            job.tag = JOB_SKIPPED;
        } else if (rc < 0) {
            job.tag = JOB_BAD_INPUT;
            job.n = !o->keep_going || rc == SAYDO_ERR_IO || rc == SAYDO_ERR_NOMEM;
            stop = (int)job.n;
        } else {
            job.tag = JOB_ARTICLE;
            job.code = 1;
        }
        if (cli_pipeline_push(pipe, &job))
            stop = 1;
    }
    long first = 0;
    long bad_utf8 = saydo_reader_invalid_utf8(reader, &first);
    if (bad_utf8 > 0) {
        memset(&job, 0, sizeof job);
        job.tag = JOB_BAD_UTF8;
        job.n = bad_utf8;
        job.err.line = first;
        snprintf(job.err.file, sizeof job.err.file, "%s",
                 path && strcmp(path, "-") ? path : "<stdin>");
        if (cli_pipeline_push(pipe, &job))
            stop = 1;
    }
    saydo_reader_close(reader);
    return stop;
}

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || v == 0)
        return -1;
    if (*end == 'k' || *end == 'K')
        v *= 1024, end++;
    else if (*end == 'm' || *end == 'M')
        v *= 1024 * 1024, end++;
    if (*end)
        return -1;
    *out = (size_t)v;
    return 0;
}

/* The input that output names, by device and inode (the same file under
 * another name or through a link too), or NULL: -o over an input would
 * replace the articles with their events. */
static const char *input_named(const cli_inputs *inputs, const char *output)
{
    struct stat out_st, in_st;
    if (stat(output, &out_st) != 0)
        return NULL; /* not there yet: no input can be it */
    for (size_t i = 0; i < inputs->n; i++) {
        int is_stdin = strcmp(inputs->path[i], "-") == 0;
        if ((is_stdin ? fstat(0, &in_st) : stat(inputs->path[i], &in_st)) == 0 &&
            in_st.st_dev == out_st.st_dev && in_st.st_ino == out_st.st_ino)
            return is_stdin ? "standard input" : inputs->path[i];
    }
    return NULL;
}

enum { MODE_CODE, MODE_SENTENCES, MODE_PARSE };

static int run(int argc, char **argv, int mode)
{
    const char *name = mode == MODE_SENTENCES ? "sentences" : mode == MODE_PARSE ? "parse" : "code";
    int sentences_only = mode == MODE_SENTENCES;
    code_opts o;
    memset(&o, 0, sizeof o);
    saydo_reader_options ro = SAYDO_READER_OPTIONS_INIT;
    o.reader = ro;
    o.header = 1;
    o.min_confidence = -1.0;
    o.sentences_only = sentences_only;
    o.parse_only = mode == MODE_PARSE;
    o.jobs = cli_default_jobs();
    int jobs_given = 0;
    o.dicts = calloc((size_t)argc + 1, sizeof *o.dicts);
    if (!o.dicts) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    enum { OPT_DATE = 256, OPT_INPUT, OPT_FORMAT, OPT_NOHEADER, OPT_KEEP, OPT_STATS, OPT_DATA,
           OPT_CAMEO, OPT_DICT, OPT_NODEF, OPT_MAXBYTES, OPT_QUIET, OPT_FIELD, OPT_MINCONF };
    static const struct option longopts[] = {
        {"date", required_argument, NULL, OPT_DATE},
        {"input", required_argument, NULL, OPT_INPUT},
        {"field", required_argument, NULL, OPT_FIELD},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"no-header", no_argument, NULL, OPT_NOHEADER},
        {"output", required_argument, NULL, 'o'},
        {"keep-going", no_argument, NULL, OPT_KEEP},
        {"stats", no_argument, NULL, OPT_STATS},
        {"data", required_argument, NULL, OPT_DATA},
        {"cameo", required_argument, NULL, OPT_CAMEO},
        {"dict", required_argument, NULL, OPT_DICT},
        {"no-default-dicts", no_argument, NULL, OPT_NODEF},
        {"max-article-bytes", required_argument, NULL, OPT_MAXBYTES},
        {"quiet", no_argument, NULL, OPT_QUIET},
        {"min-confidence", required_argument, NULL, OPT_MINCONF},
        {"jobs", required_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    optind = 1;
    opterr = 0;
    int c, status = CLI_OK;
    char date_day[11] = "";
    while ((c = getopt_long(argc, argv, ":ho:j:", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            cli_help(name, stdout);
            free(o.dicts);
            return CLI_OK;
        case OPT_DATE: status = cli_option_date(optarg, &o.reader, date_day); break;
        case OPT_INPUT: status = cli_option_input(optarg, &o.reader); break;
        case OPT_FIELD: status = cli_option_field(optarg, &o.reader); break;
        case OPT_FORMAT:
            if (o.parse_only) {
                if (strcmp(optarg, "text") == 0)
                    o.parse_format = SAYDO_PARSE_TEXT;
                else if (strcmp(optarg, "json") == 0 || strcmp(optarg, "jsonl") == 0)
                    o.parse_format = SAYDO_PARSE_JSON;
                else {
                    cli_error("--format: '%s' is not text or json", optarg);
                    status = CLI_USAGE;
                }
            } else if (strcmp(optarg, "jsonl") == 0)
                o.format = SAYDO_OUTPUT_JSONL;
            else if (strcmp(optarg, "tsv") == 0)
                o.format = SAYDO_OUTPUT_TSV;
            else if (strcmp(optarg, "table") == 0)
                o.format = SAYDO_OUTPUT_TABLE;
            else if (strcmp(optarg, "plover") == 0)
                o.format = SAYDO_OUTPUT_PLOVER;
            else if (strcmp(optarg, "csv") == 0)
                o.format = SAYDO_OUTPUT_CSV;
            else {
                cli_error("--format: '%s' is not jsonl, tsv, csv, table or plover", optarg);
                status = CLI_USAGE;
            }
            break;
        case OPT_NOHEADER: o.header = 0; break;
        case 'o': o.output = optarg; break;
        case 'j':
            status = cli_option_jobs(optarg, &o.jobs);
            jobs_given = 1;
            break;
        case OPT_KEEP: o.keep_going = 1; break;
        case OPT_STATS: o.stats = 1; break;
        case OPT_DATA: o.data = optarg; break;
        case OPT_CAMEO: o.cameo = optarg; break;
        case OPT_DICT: o.dicts[o.ndicts++] = optarg; break;
        case OPT_NODEF: o.no_default_dicts = 1; break;
        case OPT_MAXBYTES:
            if (parse_size(optarg, &o.reader.max_article_bytes) != 0) {
                cli_error("--max-article-bytes: '%s' is not a positive size", optarg);
                status = CLI_USAGE;
            }
            break;
        case OPT_QUIET: o.quiet = 1; break;
        case OPT_MINCONF: status = cli_option_confidence(optarg, &o.min_confidence); break;
        case ':':
            cli_error("%s: option '%s' needs a value", name, argv[optind - 1]);
            status = CLI_USAGE;
            break;
        default:
            cli_error("%s: unknown option '%s' (try 'saydo help %s')", name, argv[optind - 1],
                      name);
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

    saydo_coder_options co = SAYDO_CODER_OPTIONS_INIT;
    co.data_dir = cli_data_dir(o.data);
    co.cameo_file = o.cameo;
    co.dicts = o.dicts;
    co.no_default_dicts = o.no_default_dicts;
    co.min_confidence = o.min_confidence;
    saydo_coder *coder = NULL;
    saydo_error err;
    if (saydo_coder_new(&co, &coder, &err) != 0) {
        cli_report(&err);
        free(o.dicts);
        return CLI_FAIL;
    }
    for (size_t i = 0; i < saydo_coder_warning_count(coder); i++)
        cli_error("warning: %s", saydo_coder_warning(coder, i));

    cli_inputs inputs = {0};
    int alloc_failed = cli_inputs_collect(&inputs, argc - optind, argv + optind) != 0;
    if (alloc_failed) {
        cli_error("out of memory");
        cli_inputs_free(&inputs);
        saydo_coder_free(coder);
        free(o.dicts);
        return CLI_FAIL;
    }

    const char *same = o.output ? input_named(&inputs, o.output) : NULL;
    if (same) {
        cli_error("-o %s is also an input (%s): refusing to overwrite it", o.output, same);
        cli_inputs_free(&inputs);
        saydo_coder_free(coder);
        free(o.dicts);
        return CLI_USAGE;
    }

    FILE *out = stdout;
    char *tmp = NULL;
    if (o.output) {
        size_t n = strlen(o.output) + 32;
        tmp = malloc(n);
        if (tmp) {
            snprintf(tmp, n, "%s.tmp.%ld", o.output, (long)getpid());
            out = fopen(tmp, "w");
        }
        if (!tmp || !out) {
            cli_error("%s: cannot write: %s", o.output, strerror(errno));
            free(tmp);
            cli_inputs_free(&inputs);
            saydo_coder_free(coder);
            free(o.dicts);
            return CLI_FAIL;
        }
    }

    run_state st;
    memset(&st, 0, sizeof st);
    st.start = cli_now();
    st.progress = !o.quiet && isatty(2);
    int stop = 0;
    if (!o.sentences_only && !o.parse_only && o.header &&
        (o.format == SAYDO_OUTPUT_TSV || o.format == SAYDO_OUTPUT_TABLE ||
         o.format == SAYDO_OUTPUT_CSV) &&
        saydo_write_header(out, o.format, &err) != 0) {
        cli_report(&err);
        stop = 1;
    }
    /* standard input from a pipe or a terminal: one thread unless -j says
     * otherwise, so that each line's events are written as it is read
     * (threads read ahead and would hold them until more input came) */
    struct stat in_st;
    for (size_t i = 0; i < inputs.n && !jobs_given; i++)
        if (strcmp(inputs.path[i], "-") == 0 && (fstat(0, &in_st) != 0 || !S_ISREG(in_st.st_mode)))
            o.jobs = 1;
    code_ctx ctx = {&o, coder, out, &st};
    cli_pipeline *pipe = cli_pipeline_new(o.jobs, coder, o.parse_only ? saydo_parse : saydo_code,
                                          emit_job, &ctx);
    if (!pipe) {
        cli_error("out of memory, or cannot start %d threads", o.jobs);
        stop = 1;
    }
    for (size_t i = 0; i < inputs.n && !stop; i++)
        stop = code_input(inputs.path[i], &o, pipe);
    if (pipe && cli_pipeline_finish(pipe))
        stop = 1;
    cli_pipeline_free(pipe);
    progress(&st, 1);

    int write_failed = 0;
    if (o.output) {
        if (fflush(out) != 0 || fsync(fileno(out)) != 0)
            write_failed = 1;
        if (fclose(out) != 0)
            write_failed = 1;
        if (write_failed || stop) {
            if (write_failed)
                cli_error("%s: cannot write: %s", o.output, strerror(errno));
            unlink(tmp);
        } else if (rename(tmp, o.output) != 0) {
            cli_error("%s: cannot write: %s", o.output, strerror(errno));
            unlink(tmp);
            write_failed = 1;
        }
    } else if (fflush(stdout) != 0) {
        write_failed = 1;
    }
    if (o.stats) {
        double el = cli_now() - st.start;
        fprintf(stderr,
                "saydo: stats: articles=%zu sentences=%zu events=%zu bytes=%zu seconds=%.3f\n",
                st.articles, st.sentences, st.events, st.bytes, el);
    }
    if (st.bad && o.keep_going)
        cli_error("%zu bad input%s skipped", st.bad, st.bad == 1 ? "" : "s");
    free(tmp);
    cli_inputs_free(&inputs);
    saydo_coder_free(coder);
    free(o.dicts);
    if (st.skipped)
        cli_error("%zu empty input%s skipped", st.skipped, st.skipped == 1 ? "" : "s");
    return (stop || st.bad || write_failed) ? CLI_FAIL : st.skipped ? CLI_SKIPPED : CLI_OK;
}

int cmd_code(int argc, char **argv) { return run(argc, argv, MODE_CODE); }

int cmd_sentences(int argc, char **argv) { return run(argc, argv, MODE_SENTENCES); }

int cmd_parse(int argc, char **argv) { return run(argc, argv, MODE_PARSE); }
