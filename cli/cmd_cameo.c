/*
 * cmd_cameo.c -- 'saydo cameo': list or look up CAMEO event codes.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* A row in data/cameo.tsv's own columns: code, goldstein, quad, plover,
 * mode, context, name. */
static void print_row(const saydo_cameo_info *row)
{
    printf("%s\t%.1f\t%d\t%s\t%s\t%s\t%s\n", row->code, row->goldstein, (int)row->quad,
           row->plover, row->plover_mode ? row->plover_mode : "",
           row->plover_context ? row->plover_context : "", row->name);
}

int cmd_cameo(int argc, char **argv)
{
    static const struct option longopts[] = {{"data", required_argument, NULL, 'd'},
                                              {"cameo", required_argument, NULL, 'c'},
                                              {"help", no_argument, NULL, 'h'},
                                              {NULL, 0, NULL, 0}};
    const char *data = NULL, *cameo = NULL;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'h') {
            cli_help("cameo", stdout);
            return CLI_OK;
        } else if (c == 'd') {
            data = optarg;
        } else if (c == 'c') {
            cameo = optarg;
        } else {
            cli_error("cameo: unknown option '%s' (try 'saydo help cameo')", argv[optind - 1]);
            return CLI_USAGE;
        }
    }
    saydo_coder_options co = SAYDO_CODER_OPTIONS_INIT;
    co.data_dir = cli_data_dir(data);
    co.cameo_file = cameo;
    co.no_default_dicts = 1;
    saydo_coder *coder = NULL;
    saydo_error err;
    if (saydo_coder_new(&co, &coder, &err) != 0) {
        cli_report(&err);
        return CLI_FAIL;
    }
    int status = CLI_OK;
    if (optind >= argc) {
        for (size_t i = 0; i < saydo_cameo_count(coder); i++)
            print_row(saydo_cameo_at(coder, i));
    }
    for (int i = optind; i < argc; i++) {
        const saydo_cameo_info *row = saydo_cameo_lookup(coder, argv[i]);
        if (row) {
            print_row(row);
        } else {
            cli_error("'%s' is not a CAMEO event code", argv[i]);
            status = CLI_FAIL;
        }
    }
    saydo_coder_free(coder);
    return status;
}
