/*
 * cli.h -- shared pieces of the saydo(1) tool.  The CLI uses only the
 * public header saydo.h.
 */
#ifndef SAYDO_CLI_H
#define SAYDO_CLI_H

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
    long long total_bytes, done_bytes, file_bytes;
    double start, last;
    int progress, shown, report;
    saydo_error error;         /* the last bad article or store error       */
    int store_failed;          /* 1: that error was the store's             */
    int skip_empty;            /* 1: an empty or textless input is a warning
                                  and is skipped (counted in skipped)       */
    size_t skipped;
} cli_ingest_state;

/* Code the articles of path (a file, '-' for stdin) and store each in its
 * own transaction.  A bad article stops the input unless keep_going; a
 * store error always does.  Returns 0, or 1 when the run must stop (see
 * st->error). */
int cli_ingest_input(const char *path, const saydo_reader_options *reader_opts, int keep_going,
                     const saydo_coder *coder, saydo_store *store, cli_ingest_state *st);

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

#endif
