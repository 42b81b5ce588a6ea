/*
 * cli.h -- shared pieces of the saydo(1) tool.  The CLI uses only the
 * public header saydo.h.
 */
#ifndef SAYDO_CLI_H
#define SAYDO_CLI_H

#include <signal.h>
#include <stdio.h>

#include "saydo.h"

/* Exit statuses. */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* Subcommands: argv[0] is the subcommand name. */
int cmd_code(int argc, char **argv);
int cmd_sentences(int argc, char **argv);
int cmd_parse(int argc, char **argv);
int cmd_cameo(int argc, char **argv);
int cmd_actors(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_queue(int argc, char **argv);
int cmd_worker(int argc, char **argv);

/* Print "saydo: " + message to stderr. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Print a saydo_error as "saydo: file:line: message". */
void cli_report(const saydo_error *err);

/* The data folder to use: --data, $SAYDO_DATA, PREFIX/share/saydo when
 * the binary is PREFIX/bin/saydo, the source tree's data/ next to the
 * binary's build folder, or NULL for the installed default.
 * Returns a static or argument string. */
const char *cli_data_dir(const char *option);

/* The store --db names when not given: $SAYDO_DB, else "saydo.db".  A
 * string of the environment or static. */
const char *cli_default_db(void);

/* url (a store path, a PostgreSQL or Redis URL or conninfo) as messages
 * may show it: a password in it ("user:PASSWORD@", "password=...")
 * replaced by "***", written to buf (n bytes).  Returns buf. */
const char *cli_redact_url(const char *url, char *buf, size_t n);

/* Print the help of a subcommand (or the overview for NULL); returns 0 if
 * known. */
int cli_help(const char *command, FILE *out);

/* 'saydo query followthrough' (followthrough.c): pair the commitments of
 * filter's source with later acts by the rules in the file pairs and write
 * them to out; format is 0 table, 1 csv, 2 jsonl, 3 tsv, 4 plover (as
 * jsonl) or CLI_FOLLOW_API (the HTTP API's one JSON object, docs/api.md).
 * Errors go to stderr.  Returns a CLI_* status.  Thread-safe: it keeps no
 * state between calls. */
enum { CLI_FOLLOW_API = 5 };
int cli_followthrough(FILE *out, saydo_store *store, const saydo_store_filter *filter,
                      const char *pairs, long window, int format);

/* Ingesting one input (cmd_ingest.c), shared by 'saydo ingest' and
 * 'saydo serve' (POST /api/articles).  Zero the state, set report (1:
 * print bad articles and store errors to stderr) and progress. */
typedef struct cli_ingest_state {
    size_t articles, added, replaced, unchanged, bad;
    size_t mentions;           /* reports of events written (an article's
                                  coded events; one event may have many)    */
    long long total_bytes, done_bytes;
    double start, last;
    int progress, shown, report;
    saydo_error error;         /* the last bad article or store error       */
    int store_failed;          /* 1: that error was the store's             */
    int skip_empty;            /* 1: an empty or textless input is a warning
                                  and is skipped (counted in skipped)       */
    size_t skipped;
    int jobs;                  /* coding threads; 0 or 1: the caller's own */
    /* internal: the pipeline of the run, and what its jobs go to */
    struct cli_pipeline *pipe;
    saydo_store *store;
    int keep_going;
} cli_ingest_state;

/* Code the articles of path (a file, '-' for stdin) and store each with
 * saydo_store_put (all or nothing).  A bad article stops the input unless
 * keep_going; a store error always does.  Returns 0, or 1 when the run
 * must stop (see st->error).  With st->jobs > 1 the articles are coded on
 * that many threads and stored in input order by later calls and by
 * cli_ingest_finish, which the caller must call after the last input
 * (coder, store and keep_going must then be the same in every call);
 * with 0 or 1 every article of path is stored when this returns. */
int cli_ingest_input(const char *path, const saydo_reader_options *reader_opts, int keep_going,
                     const saydo_coder *coder, saydo_store *store, cli_ingest_state *st);
/* Store the articles still being coded and end the threads.  Returns 1
 * when the run must stop (see st->error). */
int cli_ingest_finish(cli_ingest_state *st);

/* Coding on N threads with results in input order (pipeline.c; 'saydo
 * code -j N', 'saydo ingest -j N').  A job is an article to code or, with
 * code 0, something to hand on as it is in its place (a reader's error, a
 * warning).  Every job is emitted by emit in the main thread in the order
 * pushed, after its coding; emit returns 1 to stop the run, and the jobs
 * after it are then dropped unemitted.  The pipeline frees each job's
 * article and result after emit returns: emit must not keep them. */
typedef struct cli_job {
    int code;                  /* 1: code article on a worker              */
    int tag;                   /* the command's: what the job is           */
    saydo_article *article;    /* owned by the job once pushed (may be NULL) */
    saydo_result *result;      /* the coding's, owned by the job           */
    int rc;                    /* the coding's return, or the command's    */
    saydo_error err;           /* the coding's error, or the command's     */
    long long n;               /* the command's: a byte count, a flag      */
} cli_job;
typedef int (*cli_job_code)(const saydo_coder *coder, const saydo_article *article,
                            saydo_result **out, saydo_error *err);
typedef int (*cli_job_emit)(cli_job *job, void *ctx);
typedef struct cli_pipeline cli_pipeline;

enum { CLI_MAX_JOBS = 256 };
/* threads <= 1: no thread is started, each push codes and emits at once.
 * code is saydo_code or saydo_parse.  Returns NULL when out of memory or
 * no thread could be started.  Free with cli_pipeline_free. */
cli_pipeline *cli_pipeline_new(int threads, const saydo_coder *coder, cli_job_code code,
                               cli_job_emit emit, void *ctx);
/* Queue a copy of job (its article is the pipeline's from now on; result
 * is ignored), emitting older jobs while the queue is full.  Returns 1
 * once the run is stopped (the job is then dropped), else 0. */
int cli_pipeline_push(cli_pipeline *p, const cli_job *job);
/* Emit every job still queued; returns 1 when the run was stopped. */
int cli_pipeline_finish(cli_pipeline *p);
int cli_pipeline_stopped(const cli_pipeline *p);
/* Drop the jobs not emitted, end the threads, free p (NULL is fine). */
void cli_pipeline_free(cli_pipeline *p);
/* -j's default: the number of cores online (1..CLI_MAX_JOBS). */
int cli_default_jobs(void);
/* Parse -j's value into *jobs: 0, or prints why and returns CLI_USAGE. */
int cli_option_jobs(const char *value, int *jobs);

/* Inputs named on a command line (inputs.c).  collect adds argv[0..argc)
 * -- folders walked in sorted order, each real folder once (a link back
 * to a folder being walked is a loop: one warning on stderr, not
 * followed), '-' for standard input, none meaning
 * '-' -- and returns -1 on allocation failure.  size is the total size of
 * the inputs in bytes, -1 when one is not a regular file. */
typedef struct cli_inputs {
    char **path;
    size_t n, cap;
    size_t skipped;  /* files in folders passed over (each reported) */
} cli_inputs;
int cli_inputs_collect(cli_inputs *list, int argc, char **argv);

/* Reader options shared by code, sentences, parse and ingest (inputs.c):
 * --input FORMAT (text, jsonl, html, feed, csv, tsv), --field FIELD=NAME
 * and --date DATE.  Each returns 0, or prints why and returns CLI_USAGE. */
/* Report an input skipped as empty or textless (SAYDO_ERR_EMPTY) as
 * "saydo: warning: file[:line]: message: skipped". */
void cli_warn_skipped(const saydo_error *err);

int cli_option_input(const char *value, saydo_reader_options *ro);
int cli_option_field(const char *value, saydo_reader_options *ro);
int cli_option_date(const char *value, saydo_reader_options *ro, char day[11]);
/* --min-confidence: a number in [0, 1] into *out; CLI_USAGE (reported)
 * otherwise. */
int cli_option_confidence(const char *value, double *out);

/* A file the walk of a folder passed over, or an input skipped as empty:
 * reported once on stderr as a warning.  Runs where an input was skipped
 * exit with CLI_SKIPPED when nothing else went wrong. */
enum { CLI_SKIPPED = 3 };
long long cli_inputs_size(const cli_inputs *list);
void cli_inputs_free(cli_inputs *list);

/* The stop request of long-running commands (stop.c): cli_catch_stop()
 * makes SIGINT and SIGTERM set cli_stop; cli_now() is the monotonic clock
 * in seconds; cli_sleep_until() sleeps until cli_now() reaches until, or a
 * stop is requested (then it returns 1, else 0). */
extern volatile sig_atomic_t cli_stop;
void cli_catch_stop(void);
double cli_now(void);
int cli_sleep_until(double until);

#endif
