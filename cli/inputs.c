/*
 * inputs.c -- the list of inputs a command reads: files, folders walked in
 * sorted order (hidden entries skipped; only article files: see
 * article_file), or '-' for standard input.  Each real folder is walked
 * once (by device and inode): a link back to a folder being walked is a
 * loop, reported once and not followed.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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

/* In a folder, only files named as articles are read: .txt, .text, .md,
 * .jsonl, .json, .ndjson, .html, .htm, .xhtml, .xml, .rss, .atom, .csv,
 * .tsv (any case; an INDEX, a README or a stray binary beside them is not
 * an article, and is reported as skipped).  Files named on the command
 * line are always read. */
static int article_file(const char *name)
{
    static const char *const ext[] = {".txt",  ".text", ".md",  ".jsonl", ".json",
                                      ".ndjson", ".html", ".htm", ".xhtml", ".xml",
                                      ".rss",  ".atom", ".csv", ".tsv",   NULL};
    size_t n = strlen(name);
    for (size_t i = 0; ext[i]; i++) {
        size_t m = strlen(ext[i]);
        if (n > m && strcasecmp(name + n - m, ext[i]) == 0)
            return 1;
    }
    return 0;
}

void cli_warn_skipped(const saydo_error *err)
{
    if (err->line > 0)
        cli_error("warning: %s:%ld: %s: skipped", err->file, err->line, err->message);
    else
        cli_error("warning: %s: %s: skipped", err->file, err->message);
}

int cli_option_input(const char *value, saydo_reader_options *ro)
{
    static const struct {
        const char *name;
        saydo_input_format format;
    } formats[] = {{"text", SAYDO_INPUT_TEXT}, {"jsonl", SAYDO_INPUT_JSONL},
                   {"html", SAYDO_INPUT_HTML}, {"feed", SAYDO_INPUT_FEED},
                   {"rss", SAYDO_INPUT_FEED},  {"atom", SAYDO_INPUT_FEED},
                   {"csv", SAYDO_INPUT_CSV},   {"tsv", SAYDO_INPUT_TSV},
                   {"auto", SAYDO_INPUT_AUTO}};
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (strcmp(value, formats[i].name) == 0) {
            ro->format = formats[i].format;
            return 0;
        }
    cli_error("--input: '%s' is not text, jsonl, html, feed, csv or tsv", value);
    return CLI_USAGE;
}

int cli_option_field(const char *value, saydo_reader_options *ro)
{
    saydo_error err;
    if (saydo_field_map_set(&ro->fields, value, &err) != 0) {
        cli_error("--field: %s", err.message);
        return CLI_USAGE;
    }
    return 0;
}

int cli_option_date(const char *value, saydo_reader_options *ro, char day[11])
{
    if (saydo_date_normalize(value, day) != 0) {
        cli_error("--date: '%s' is not a calendar date YYYY-MM-DD (nor YYYYMMDD, ISO 8601 or "
                  "RFC 822)",
                  value);
        return CLI_USAGE;
    }
    ro->date = day;
    return 0;
}

int cli_option_confidence(const char *value, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(value, &end);
    if (errno || end == value || *end || !(v >= 0.0 && v <= 1.0)) {
        cli_error("--min-confidence: '%s' is not a number from 0 to 1", value);
        return CLI_USAGE;
    }
    *out = v;
    return 0;
}

/* The folders walked by one cli_inputs_collect, by device and inode, so
 * that each real folder is read once however many links lead to it.  A
 * link back to a folder on the current path is a loop: one warning, not
 * followed.  open: the folder is on the current path. */
typedef struct walked {
    dev_t dev;
    ino_t ino;
    int open;
    char *path; /* the path it was first walked by */
} walked;

typedef struct walk_state {
    walked *folder;
    size_t n, cap;
    size_t *slot;  /* open addressing over folder: index + 1, 0 empty */
    size_t nslot;  /* a power of two, at least twice n */
} walk_state;

/* Deeper than this, folders are not walked (with a warning). */
enum { WALK_MAX_DEPTH = 32 };

static size_t hash_folder(dev_t dev, ino_t ino)
{
    unsigned long long h = (unsigned long long)dev * 0x9e3779b97f4a7c15ull;
    h ^= (unsigned long long)ino + 0x7f4a7c15ull + (h << 6) + (h >> 2);
    return (size_t)(h ^ (h >> 29));
}

static walked *find_walked(const walk_state *ws, const struct stat *st)
{
    if (!ws->nslot)
        return NULL;
    for (size_t h = hash_folder(st->st_dev, st->st_ino);; h++) {
        size_t k = ws->slot[h & (ws->nslot - 1)];
        if (!k)
            return NULL;
        walked *w = &ws->folder[k - 1];
        if (w->dev == st->st_dev && w->ino == st->st_ino)
            return w;
    }
}

/* Record the folder at dir; returns its index, or -1 on allocation failure. */
static long add_walked(walk_state *ws, const char *dir, const struct stat *st)
{
    if (ws->n == ws->cap) {
        size_t cap = ws->cap ? ws->cap * 2 : 16;
        walked *f = realloc(ws->folder, cap * sizeof *f);
        if (!f)
            return -1;
        ws->folder = f;
        ws->cap = cap;
    }
    if (2 * (ws->n + 1) > ws->nslot) {
        size_t nslot = ws->nslot ? ws->nslot * 2 : 64;
        size_t *slot = calloc(nslot, sizeof *slot);
        if (!slot)
            return -1;
        for (size_t i = 0; i < ws->n; i++) {
            size_t h = hash_folder(ws->folder[i].dev, ws->folder[i].ino);
            while (slot[h & (nslot - 1)])
                h++;
            slot[h & (nslot - 1)] = i + 1;
        }
        free(ws->slot);
        ws->slot = slot;
        ws->nslot = nslot;
    }
    char *path = strdup(dir);
    if (!path)
        return -1;
    size_t self = ws->n++;
    ws->folder[self] = (walked){st->st_dev, st->st_ino, 1, path};
    size_t h = hash_folder(st->st_dev, st->st_ino);
    while (ws->slot[h & (ws->nslot - 1)])
        h++;
    ws->slot[h & (ws->nslot - 1)] = self + 1;
    return (long)self;
}

static int walk(cli_inputs *list, walk_state *ws, const char *dir, const struct stat *dir_st,
                int depth);

/* Walk the folder at p (stat st) unless it was walked already. */
static int walk_folder(cli_inputs *list, walk_state *ws, const char *p, const struct stat *st,
                       int depth)
{
    walked *w = find_walked(ws, st);
    if (w) {
        if (w->open)
            cli_error("warning: %s: a link back to %s (a loop): not followed", p, w->path);
        else
            cli_error("warning: %s: the same folder as %s, already read: skipped", p, w->path);
        return 0;
    }
    if (depth > WALK_MAX_DEPTH) {
        cli_error("warning: %s: folders nested deeper than %d: not read", p, WALK_MAX_DEPTH);
        return 0;
    }
    return walk(list, ws, p, st, depth);
}

static int walk(cli_inputs *list, walk_state *ws, const char *dir, const struct stat *dir_st,
                int depth)
{
    long self = add_walked(ws, dir, dir_st);
    if (self < 0)
        return -1;
    DIR *d = opendir(dir);
    if (!d) {
        cli_error("%s: cannot open folder: %s", dir, strerror(errno));
        ws->folder[self].open = 0;
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
    for (size_t i = 0; i < names.n && rc == 0; i++) {
        size_t n = strlen(dir) + strlen(names.path[i]) + 2;
        char *p = malloc(n);
        if (!p) {
            rc = -1;
            break;
        }
        snprintf(p, n, "%s/%s", dir, names.path[i]);
        struct stat st;
        if (stat(p, &st) == 0) {
            if (S_ISDIR(st.st_mode))
                rc = walk_folder(list, ws, p, &st, depth + 1);
            else if (S_ISREG(st.st_mode) && article_file(names.path[i]))
                rc = add(list, p);
            else if (S_ISREG(st.st_mode)) {
                cli_error("warning: %s: skipped: not an article file (read are .txt .md "
                          ".jsonl .json .html .htm .xml .rss .atom .csv .tsv)",
                          p);
                list->skipped++;
            } else {
                cli_error("warning: %s: skipped: not a regular file", p);
                list->skipped++;
            }
        } else {
            cli_error("warning: %s: skipped: %s", p, strerror(errno));
            list->skipped++;
        }
        free(p);
    }
    cli_inputs_free(&names);
    ws->folder[self].open = 0; /* ws->folder may have moved: index, not pointer */
    return rc;
}

int cli_inputs_collect(cli_inputs *list, int argc, char **argv)
{
    if (argc <= 0)
        return add(list, "-");
    walk_state ws = {0};
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        struct stat st;
        if (strcmp(argv[i], "-") != 0 && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
            rc = walk_folder(list, &ws, argv[i], &st, 0);
        else
            rc = add(list, argv[i]);
    }
    for (size_t i = 0; i < ws.n; i++)
        free(ws.folder[i].path);
    free(ws.folder);
    free(ws.slot);
    return rc ? -1 : 0;
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
