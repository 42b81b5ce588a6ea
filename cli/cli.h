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
int cmd_cameo(int argc, char **argv);
int cmd_actors(int argc, char **argv);

/* Print "saydo: " + message to stderr. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Print a saydo_error as "saydo: file:line: message". */
void cli_report(const saydo_error *err);

/* The data folder to use: --data, $SAYDO_DATA, the source tree's data/
 * next to the binary's build folder, or NULL for the installed default.
 * Returns a static or argument string. */
const char *cli_data_dir(const char *option);

/* Print the help of a subcommand (or the overview for NULL); returns 0 if
 * known. */
int cli_help(const char *command, FILE *out);

#endif
