/*
 * cameo.c -- the CAMEO event code table (interface in cameo.h, file format
 * in docs/cameo-table.md).
 *
 * Implements the loader of data/cameo.tsv (or a user's replacement): the
 * codes of the CAMEO codebook (Schrodt, CAMEO 1.1b3) with their GDELT
 * Goldstein values, the quad class of their root, and their PLOVER type,
 * mode and context (the CAMEO->PLOVER mapping: mode and context are
 * optional columns, so a five-column table of an older saydo still loads).
 *
 * The loader reads the whole text, checks every line and refuses the table
 * at the first fault with SAYDO_ERR_DICT and the file, line and byte of the
 * offending field.  A loaded table is read-only and may be shared by
 * threads.
 *
 * Lookup is O(1): a code of 2, 3 or 4 digits maps to one slot of a fixed
 * index (100 + 1000 + 10000 slots), which holds its row number plus one.
 */
#include "cameo.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "error.h"

/* Slots: 2-digit codes 0..99, 3-digit 100..1099, 4-digit 1100..11099. */
#define CAMEO_SLOTS 11100
#define CAMEO_COLUMNS 7       /* code goldstein quad plover mode context name */
#define CAMEO_COLUMNS_SHORT 5 /* code goldstein quad plover name              */
#define CAMEO_MAX_DIGITS 15 /* digits in a Goldstein value, exact in a double */

struct sd_cameo_table {
    sd_arena arena;           /* owns rows, line numbers and every string    */
    saydo_cameo_info *rows;   /* in file order                               */
    long *lines;              /* 1-based line of each row (for messages)     */
    size_t count;
    uint16_t slot[CAMEO_SLOTS]; /* row index + 1; 0 when the code is absent  */
    saydo_cameo_info **user;  /* user codes (sd_cameo_add_user), in arena    */
    size_t nuser;
};

/* The index slot of code[0..len), or -1 when it is not 2 to 4 ASCII
 * digits. */
static int code_slot(const char *code, size_t len)
{
    if (len < 2 || len > 4)
        return -1;
    int value = 0;
    for (size_t i = 0; i < len; i++) {
        if (code[i] < '0' || code[i] > '9')
            return -1;
        value = value * 10 + (code[i] - '0');
    }
    static const int base[5] = {0, 0, 0, 100, 1100};
    return base[len] + value;
}

saydo_quad sd_cameo_quad_of_root(const char *root)
{
    if (!root || root[0] < '0' || root[0] > '9' || root[1] < '0' || root[1] > '9' ||
        root[2] != '\0')
        return SAYDO_QUAD_NONE;
    int number = (root[0] - '0') * 10 + (root[1] - '0');
    if (number >= 1 && number <= 5)
        return SAYDO_QUAD_VERBAL_COOP;
    if (number >= 6 && number <= 9)
        return SAYDO_QUAD_MATERIAL_COOP;
    if (number >= 10 && number <= 14)
        return SAYDO_QUAD_VERBAL_CONFLICT;
    if (number >= 15 && number <= 20)
        return SAYDO_QUAD_MATERIAL_CONFLICT;
    return SAYDO_QUAD_NONE;
}

/* Parse a decimal number "[+-]digits[.digits]" (at least one digit, at most
 * CAMEO_MAX_DIGITS) from s[0..n) without regard to the C locale.  Returns 0
 * and sets *out, or -1 when s is not such a number. */
static int parse_decimal(const char *s, size_t n, double *out)
{
    static const double pow10[CAMEO_MAX_DIGITS + 1] = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    size_t i = 0;
    int negative = 0;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        negative = s[i++] == '-';
    uint64_t mantissa = 0;
    int digits = 0, fraction_digits = 0, seen_point = 0;
    for (; i < n; i++) {
        if (s[i] == '.' && !seen_point) {
            seen_point = 1;
        } else if (s[i] >= '0' && s[i] <= '9') {
            if (++digits > CAMEO_MAX_DIGITS)
                return -1;
            mantissa = mantissa * 10 + (uint64_t)(s[i] - '0');
            fraction_digits += seen_point;
        } else {
            return -1;
        }
    }
    if (digits == 0)
        return -1;
    /* Both operands are exact, so the quotient is correctly rounded. */
    double value = (double)mantissa / pow10[fraction_digits];
    *out = negative ? -value : value;
    return 0;
}

/* A field of a line: bytes [start, start + len) of the text. */
typedef struct cameo_field {
    const char *start;
    size_t len;
} cameo_field;

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* State of one load, for error messages. */
typedef struct cameo_loader {
    const char *name;  /* file name for messages */
    const char *text;  /* the whole input        */
    long line;         /* current 1-based line   */
    saydo_error *err;
} cameo_loader;

/* Fail with SAYDO_ERR_DICT at field (or at the line start when field is
 * NULL). */
#define LOAD_FAIL(loader, at, ...)                                                         \
    sd_error_set((loader)->err, SAYDO_ERR_DICT, (loader)->name, (loader)->line,            \
                 (long long)((at) - (loader)->text), __VA_ARGS__)

/* A PLOVER mode or context: lower-case words of letters, digits, '_' and
 * '-', several separated by ','; or empty. */
static int plover_word_ok(const cameo_field *f)
{
    for (size_t i = 0; i < f->len; i++) {
        char c = f->start[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              (c == ',' && i > 0 && i + 1 < f->len && f->start[i - 1] != ',')))
            return 0;
    }
    return 1;
}

/* Check one data line's fields (columns of them: 5 without mode and
 * context, or 7) and append its row to table.  Returns 0 or a negative
 * SAYDO_ERR_* code with err filled. */
static int add_row(sd_cameo_table *table, cameo_loader *loader, const cameo_field *field,
                   int columns)
{
    static const cameo_field none = {"", 0};
    int full = columns == CAMEO_COLUMNS;
    const cameo_field *code = &field[0], *goldstein = &field[1], *quad = &field[2],
                      *plover = &field[3], *mode = full ? &field[4] : &none,
                      *context = full ? &field[5] : &none, *name = &field[full ? 6 : 4];

    int slot = code_slot(code->start, code->len);
    if (slot < 0)
        return LOAD_FAIL(loader, code->start,
                         "malformed code \"%.*s\": expected 2 to 4 digits, leading zeros kept",
                         (int)(code->len > 40 ? 40 : code->len), code->start);
    char root[3] = {code->start[0], code->start[1], '\0'};
    saydo_quad root_quad = sd_cameo_quad_of_root(root);
    if (root_quad == SAYDO_QUAD_NONE)
        return LOAD_FAIL(loader, code->start, "code %.*s: %s is not a CAMEO root (01..20)",
                         (int)code->len, code->start, root);
    if (table->slot[slot])
        return LOAD_FAIL(loader, code->start, "duplicate code %.*s (first on line %ld)",
                         (int)code->len, code->start, table->lines[table->slot[slot] - 1]);

    double value;
    if (parse_decimal(goldstein->start, goldstein->len, &value) != 0)
        return LOAD_FAIL(loader, goldstein->start, "code %.*s: goldstein \"%.*s\" is not a number",
                         (int)code->len, code->start,
                         (int)(goldstein->len > 40 ? 40 : goldstein->len), goldstein->start);
    if (value < -10.0 || value > 10.0)
        return LOAD_FAIL(loader, goldstein->start,
                         "code %.*s: goldstein %.*s is outside -10..10", (int)code->len,
                         code->start, (int)goldstein->len, goldstein->start);

    if (quad->len != 1 || quad->start[0] < '1' || quad->start[0] > '4')
        return LOAD_FAIL(loader, quad->start, "code %.*s: quad \"%.*s\" is not 1..4",
                         (int)code->len, code->start, (int)(quad->len > 40 ? 40 : quad->len),
                         quad->start);
    int quad_value = quad->start[0] - '0';
    if (quad_value != (int)root_quad)
        return LOAD_FAIL(loader, quad->start,
                         "code %.*s: quad %d does not match root %s (expected %d)",
                         (int)code->len, code->start, quad_value, root, (int)root_quad);

    for (size_t i = 0; i < plover->len; i++) {
        char c = plover->start[i];
        if (!((c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9')))
            return LOAD_FAIL(loader, plover->start,
                             "code %.*s: PLOVER type \"%.*s\" is not upper-case letters",
                             (int)code->len, code->start,
                             (int)(plover->len > 40 ? 40 : plover->len), plover->start);
    }

    if (!plover_word_ok(mode) || !plover_word_ok(context))
        return LOAD_FAIL(loader, plover_word_ok(mode) ? context->start : mode->start,
                         "code %.*s: PLOVER %s \"%.*s\" is not lower-case words separated "
                         "by ','",
                         (int)code->len, code->start, plover_word_ok(mode) ? "context" : "mode",
                         (int)(plover_word_ok(mode) ? context->len : mode->len),
                         plover_word_ok(mode) ? context->start : mode->start);
    if ((mode->len || context->len) && !plover->len)
        return LOAD_FAIL(loader, (mode->len ? mode : context)->start,
                         "code %.*s: a PLOVER mode or context without a PLOVER type",
                         (int)code->len, code->start);

    if (name->len == 0)
        return LOAD_FAIL(loader, name->start, "code %.*s: empty name", (int)code->len,
                         code->start);
    for (size_t i = 0; i < name->len; i++)
        if ((unsigned char)name->start[i] < 0x20 || name->start[i] == 0x7f)
            return LOAD_FAIL(loader, name->start + i,
                             "code %.*s: control character in name", (int)code->len,
                             code->start);

    saydo_cameo_info *row = &table->rows[table->count];
    row->code = sd_arena_strndup(&table->arena, code->start, code->len);
    row->root = sd_arena_strndup(&table->arena, root, 2);
    row->plover = sd_arena_strndup(&table->arena, plover->start, plover->len);
    row->plover_mode = sd_arena_strndup(&table->arena, mode->start, mode->len);
    row->plover_context = sd_arena_strndup(&table->arena, context->start, context->len);
    row->name = sd_arena_strndup(&table->arena, name->start, name->len);
    row->goldstein = value;
    row->quad = root_quad;
    if (table->arena.failed)
        return sd_error_nomem(loader->err);
    table->lines[table->count] = loader->line;
    table->count++;
    table->slot[slot] = (uint16_t)table->count;
    return 0;
}

/* Split line[0..len) (comment already removed) into tab-separated fields,
 * each trimmed of spaces.  Returns the number of fields found (it may be
 * more than max; only the first max are stored). */
static int split_fields(const char *line, size_t len, cameo_field *field, int max)
{
    int count = 0;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && line[i] != '\t')
            continue;
        if (count < max) {
            const char *s = line + start;
            size_t n = i - start;
            while (n > 0 && *s == ' ')
                s++, n--;
            while (n > 0 && s[n - 1] == ' ')
                n--;
            field[count].start = s;
            field[count].len = n;
        }
        count++;
        start = i + 1;
    }
    return count;
}

/* Every three- and four-digit code needs its parent code in the table. */
static int check_parents(sd_cameo_table *table, cameo_loader *loader)
{
    for (size_t i = 0; i < table->count; i++) {
        const char *code = table->rows[i].code;
        size_t len = strlen(code);
        if (len <= 2)
            continue;
        if (table->slot[code_slot(code, len - 1)] == 0) {
            loader->line = table->lines[i];
            return sd_error_set(loader->err, SAYDO_ERR_DICT, loader->name, loader->line, -1,
                                "code %s: parent code %.*s is not in the table", code,
                                (int)(len - 1), code);
        }
    }
    return 0;
}

/* Parse text[0..len) into table. */
static int load_lines(sd_cameo_table *table, cameo_loader *loader, size_t len)
{
    const char *text = loader->text;
    size_t pos = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* UTF-8 byte order mark */
    loader->line = 0;
    while (pos < len) {
        const char *line = text + pos;
        const char *newline = memchr(line, '\n', len - pos);
        size_t line_len = newline ? (size_t)(newline - line) : len - pos;
        pos += line_len + (newline ? 1 : 0);
        loader->line++;

        if (memchr(line, '\0', line_len))
            return LOAD_FAIL(loader, line, "NUL byte in line");
        if (line_len > 0 && line[line_len - 1] == '\r')
            line_len--;
        /* A comment starts at a '#' that begins the line or follows a blank. */
        for (size_t i = 0; i < line_len; i++) {
            if (line[i] == '#' && (i == 0 || is_blank(line[i - 1]))) {
                line_len = i;
                break;
            }
        }
        while (line_len > 0 && is_blank(line[line_len - 1]))
            line_len--;
        size_t first = 0;
        while (first < line_len && is_blank(line[first]))
            first++;
        if (first == line_len)
            continue;

        cameo_field field[CAMEO_COLUMNS];
        int columns = split_fields(line, line_len, field, CAMEO_COLUMNS);
        if (columns != CAMEO_COLUMNS && columns != CAMEO_COLUMNS_SHORT)
            return LOAD_FAIL(loader, line,
                             "expected %d tab-separated columns (code, goldstein, quad, "
                             "plover, mode, context, name) or %d (without mode and "
                             "context), found %d",
                             CAMEO_COLUMNS, CAMEO_COLUMNS_SHORT, columns);
        int rc = add_row(table, loader, field, columns);
        if (rc != 0)
            return rc;
    }
    if (table->count == 0)
        return sd_error_set(loader->err, SAYDO_ERR_EMPTY, loader->name, 0, -1,
                            "no CAMEO codes in the table");
    return check_parents(table, loader);
}

int sd_cameo_load_buffer(const char *name, const char *text, size_t len, sd_cameo_table **out,
                         saydo_error *err)
{
    if (!out)
        return sd_error_set(err, SAYDO_ERR_ARG, name, 0, -1, "no output for the CAMEO table");
    *out = NULL;
    if (!text && len > 0)
        return sd_error_set(err, SAYDO_ERR_ARG, name, 0, -1, "no text for the CAMEO table");
    cameo_loader loader = {name ? name : "(cameo table)", text ? text : "", 0, err};

    sd_cameo_table *table = sd_calloc(1, sizeof *table);
    if (!table)
        return sd_error_nomem(err);
    sd_arena_init(&table->arena);

    /* At most one row per line and one per slot. */
    size_t max_rows = 1;
    for (size_t i = 0; i < len; i++)
        max_rows += loader.text[i] == '\n';
    if (max_rows > CAMEO_SLOTS)
        max_rows = CAMEO_SLOTS;
    table->rows = sd_arena_calloc(&table->arena, max_rows, sizeof *table->rows);
    table->lines = sd_arena_calloc(&table->arena, max_rows, sizeof *table->lines);
    if (!table->rows || !table->lines) {
        sd_cameo_free(table);
        return sd_error_nomem(err);
    }
    int rc = load_lines(table, &loader, len);
    if (rc != 0) {
        sd_cameo_free(table);
        return rc;
    }
    *out = table;
    return 0;
}

int sd_cameo_load_file(const char *path, sd_cameo_table **out, saydo_error *err)
{
    if (out)
        *out = NULL;
    if (!path)
        return sd_error_set(err, SAYDO_ERR_ARG, NULL, 0, -1, "no CAMEO table file named");
    FILE *file = fopen(path, "rb");
    if (!file)
        return sd_error_set(err, SAYDO_ERR_IO, path, 0, -1, "cannot open: %s", strerror(errno));
    char *text = NULL;
    size_t len = 0, cap = 0;
    int rc = 0;
    for (;;) {
        if (cap - len < 4096) {
            size_t new_cap = cap ? cap * 2 : 16384;
            char *grown = sd_realloc(text, new_cap);
            if (!grown) {
                rc = sd_error_nomem(err);
                break;
            }
            text = grown;
            cap = new_cap;
        }
        size_t got = fread(text + len, 1, cap - len, file);
        len += got;
        if (got == 0) {
            if (ferror(file))
                rc = sd_error_set(err, SAYDO_ERR_IO, path, 0, -1, "read error: %s",
                                  strerror(errno));
            break;
        }
    }
    fclose(file);
    if (rc == 0)
        rc = sd_cameo_load_buffer(path, text, len, out, err);
    free(text);
    return rc;
}

void sd_cameo_free(sd_cameo_table *table)
{
    if (!table)
        return;
    sd_arena_free(&table->arena);
    free(table);
}

const saydo_cameo_info *sd_cameo_find(const sd_cameo_table *table, const char *code)
{
    if (!table || !code)
        return NULL;
    size_t len = strnlen(code, 5);
    int slot = code_slot(code, len);
    if (slot >= 0 && table->slot[slot] != 0)
        return &table->rows[table->slot[slot] - 1];
    for (size_t i = 0; i < table->nuser; i++)
        if (strcmp(table->user[i]->code, code) == 0)
            return table->user[i];
    return NULL;
}

int sd_cameo_add_user(sd_cameo_table *table, const char *code)
{
    size_t n = code ? strlen(code) : 0;
    if (n < 2 || n > 8)
        return 1;
    for (size_t i = 0; i < n; i++) {
        char c = code[i];
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
            return 1;
    }
    if (sd_cameo_find(table, code))
        return 0;
    saydo_cameo_info **grown = sd_arena_realloc(&table->arena, table->user,
                                                table->nuser * sizeof *grown,
                                                (table->nuser + 1) * sizeof *grown);
    saydo_cameo_info *row = sd_arena_calloc(&table->arena, 1, sizeof *row);
    if (!grown || !row)
        return SAYDO_ERR_NOMEM;
    table->user = grown;
    row->code = sd_arena_strndup(&table->arena, code, n);
    row->root = sd_arena_strndup(&table->arena, code, 2);
    row->plover = "";
    row->plover_mode = "";
    row->plover_context = "";
    row->name = "";
    row->goldstein = 0.0;
    row->quad = SAYDO_QUAD_NONE;
    if (table->arena.failed)
        return SAYDO_ERR_NOMEM;
    table->user[table->nuser++] = row;
    return 0;
}

size_t sd_cameo_count(const sd_cameo_table *table) { return table ? table->count : 0; }

const saydo_cameo_info *sd_cameo_at(const sd_cameo_table *table, size_t i)
{
    if (!table || i >= table->count)
        return NULL;
    return &table->rows[i];
}
