/*
 * cmd_actors.c -- 'saydo actors lookup' and 'saydo actors check'.
 *
 *   lookup PHRASE... [--date D]   the code each phrase resolves to on D, and
 *                                 the dictionary file:line it came from
 *   check                         load every dictionary, report each
 *                                 malformed line and each conflict with
 *                                 file:line; exit 1 on any error
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_actors(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        cli_help("actors", argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    const char *sub = argv[1];
    int lookup = strcmp(sub, "lookup") == 0, check = strcmp(sub, "check") == 0;
    if (!lookup && !check) {
        cli_error("actors: unknown subcommand '%s' (lookup or check)", sub);
        return CLI_USAGE;
    }
    static const struct option longopts[] = {{"date", required_argument, NULL, 'D'},
                                              {"data", required_argument, NULL, 'd'},
                                              {"dict", required_argument, NULL, 'x'},
                                              {"help", no_argument, NULL, 'h'},
                                              {NULL, 0, NULL, 0}};
    const char *date = NULL, *data = NULL;
    const char **dicts = calloc((size_t)argc + 1, sizeof *dicts);
    size_t ndicts = 0;
    if (!dicts) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    optind = 1;
    opterr = 0;
    int c;
    argc--;
    argv++;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'h') {
            cli_help("actors", stdout);
            free(dicts);
            return CLI_OK;
        } else if (c == 'D') {
            if (!saydo_date_valid(optarg)) {
                cli_error("--date: '%s' is not a calendar date YYYY-MM-DD", optarg);
                free(dicts);
                return CLI_USAGE;
            }
            date = optarg;
        } else if (c == 'd') {
            data = optarg;
        } else if (c == 'x') {
            dicts[ndicts++] = optarg;
        } else {
            cli_error("actors: unknown option '%s' (try 'saydo help actors')", argv[optind - 1]);
            free(dicts);
            return CLI_USAGE;
        }
    }
    saydo_coder_options co = SAYDO_CODER_OPTIONS_INIT;
    co.data_dir = cli_data_dir(data);
    co.dicts = dicts;
    co.keep_going = check;
    saydo_coder *coder = NULL;
    saydo_error err;
    if (saydo_coder_new(&co, &coder, &err) != 0) {
        cli_report(&err);
        free(dicts);
        return CLI_FAIL;
    }
    int status = CLI_OK;
    if (check) {
        size_t nw = saydo_coder_warning_count(coder), nerr = 0;
        for (size_t i = 0; i < nw; i++) {
            const char *w = saydo_coder_warning(coder, i);
            printf("%s\n", w);
            if (!strstr(w, "conflicts with"))
                nerr++;
        }
        fprintf(stderr, "saydo: actors check: %zu problem%s (%zu malformed line%s)\n", nw,
                nw == 1 ? "" : "s", nerr, nerr == 1 ? "" : "s");
        status = nerr ? CLI_FAIL : CLI_OK;
    } else {
        if (optind >= argc) {
            cli_error("actors lookup: give a phrase, e.g. saydo actors lookup \"Antony Blinken\"");
            status = CLI_USAGE;
        }
        for (int i = optind; i < argc && status != CLI_USAGE; i++) {
            saydo_actor_info info;
            char buf[2048];
            int rc = saydo_actor_lookup(coder, argv[i], date, &info, buf, sizeof buf, &err);
            if (rc < 0) {
                cli_report(&err);
                status = CLI_FAIL;
            } else if (rc == 0) {
                printf("%s\t-\tno actor\n", argv[i]);
                status = CLI_FAIL;
            } else {
                printf("%s\t%s\t%s:%ld\t%s\n", info.matched, info.code, info.file, info.line,
                       info.attrs);
            }
        }
    }
    saydo_coder_free(coder);
    free(dicts);
    return status;
}
