/*
 * inputs.c -- the list of inputs a command reads: files, folders walked in
 * sorted order (hidden entries skipped; only article files: see
 * article_file), or '-' for standard input.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static int add(cli_inputs *list, const char *path)
{
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        char **p = realloc(list->path, cap * sizeof *p);
        if (!p)
            return -1;
        list->path = p;
        list->cap = cap;
    }
    list->path[list->n] = strdup(path);
    if (!list->path[list->n])
        return -1;
    list->n++;
    return 0;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* In a folder, only files named as articles are read: .txt, .text, .jsonl,
 * .json and .ndjson (an INDEX, a README or a stray binary beside them is
 * not an article).  Files named on the command line are always read. */
static int article_file(const char *name)
{
    static const char *const ext[] = {".txt", ".text", ".jsonl", ".json", ".ndjson", NULL};
    size_t n = strlen(name);
    for (size_t i = 0; ext[i]; i++) {
        size_t m = strlen(ext[i]);
        if (n > m && strcmp(name + n - m, ext[i]) == 0)
            return 1;
    }
    return 0;
}

static int walk(cli_inputs *list, const char *dir, int depth)
{
    if (depth > 32)
        return 0;
    DIR *d = opendir(dir);
    if (!d) {
        cli_error("%s: cannot open folder: %s", dir, strerror(errno));
        return 0;
    }
    cli_inputs names = {0};
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d)))
        if (e->d_name[0] != '.')
            rc = add(&names, e->d_name);
    closedir(d);
    if (names.n)
        qsort(names.path, names.n, sizeof *names.path, cmp_name);
    for (size_t i = 0; i < names.n; i++) {
        size_t n = strlen(dir) + strlen(names.path[i]) + 2;
        char *p = malloc(n);
        if (!p)
            rc = -1;
        if (p && rc == 0) {
            snprintf(p, n, "%s/%s", dir, names.path[i]);
            struct stat st;
            if (stat(p, &st) == 0) {
                if (S_ISDIR(st.st_mode))
                    rc = walk(list, p, depth + 1);
                else if (S_ISREG(st.st_mode) && article_file(names.path[i]))
                    rc = add(list, p);
            }
        }
        free(p);
    }
    cli_inputs_free(&names);
    return rc;
}

int cli_inputs_collect(cli_inputs *list, int argc, char **argv)
{
    if (argc <= 0)
        return add(list, "-");
    for (int i = 0; i < argc; i++) {
        struct stat st;
        int rc;
        if (strcmp(argv[i], "-") != 0 && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
            rc = walk(list, argv[i], 0);
        else
            rc = add(list, argv[i]);
        if (rc)
            return -1;
    }
    return 0;
}

long long cli_inputs_size(const cli_inputs *list)
{
    long long total = 0;
    for (size_t i = 0; i < list->n; i++) {
        struct stat st;
        if (strcmp(list->path[i], "-") == 0 || stat(list->path[i], &st) != 0 ||
            !S_ISREG(st.st_mode))
            return -1;
        total += st.st_size;
    }
    return total;
}

void cli_inputs_free(cli_inputs *list)
{
    for (size_t i = 0; i < list->n; i++)
        free(list->path[i]);
    free(list->path);
    list->path = NULL;
    list->n = list->cap = 0;
}
