/*
 * runner.c -- saydo's one test runner.
 *
 *   test-runner [--saydo PATH] [--shared DIR] [--quick] [FILTER...]
 *
 * Runs every unit test (TEST(name) in the C files of tests/unit) and every case of
 * every spec file (the .spec files of tests/spec, format in tests/spec/README.md), and
 * ends with the line "N passed, N failed, N skipped".  A FILTER keeps only
 * tests and spec files whose name contains it.  Exit status 1 when any
 * failed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test.h"

#define X(n) void test_##n(sd_test *t);
#define S(n) int spec_##n(sd_test *t, const char *input, const char *args, sd_buf *out);
#include "test_registry.h"

typedef void (*test_fn)(sd_test *);
typedef int (*spec_fn)(sd_test *, const char *, const char *, sd_buf *);

static const struct { const char *name; test_fn fn; } unit_tests[] = {
#define X(n) {#n, test_##n},
#include "test_registry.h"
    {NULL, NULL}};

static const struct { const char *kind; spec_fn fn; } spec_kinds[] = {
#define S(n) {#n, spec_##n},
#include "test_registry.h"
    {NULL, NULL}};

static int n_passed, n_failed, n_skipped;

void sd_test_fail(sd_test *t, const char *file, int line, const char *fmt, ...)
{
    t->failed++;
    if (t->quiet)
        return;
    if (t->failed == 1)
        fprintf(stderr, "FAIL %s\n", t->name);
    if (line > 0)
        fprintf(stderr, "  %s:%d: ", file, line);
    else
        fprintf(stderr, "  %s: ", file);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void sd_test_drop_tsv_column(char *tsv, int col)
{
    char *w = tsv;
    for (const char *r = tsv; r && *r;) {
        int c = 0;
        for (; *r && *r != '\n'; r++) {
            if (*r == '\t')
                c++;
            if (c != col || *r == '\t')
                *w++ = *r;
        }
        if (*r == '\n')
            *w++ = *r++;
    }
    if (w)
        *w = '\0';
}

int sd_test_write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = fwrite(data, 1, n, f);
    int rc = fclose(f);
    return (w == n && rc == 0) ? 0 : -1;
}

char *sd_test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *p = malloc(cap);
    for (;;) {
        if (!p) {
            fclose(f);
            return NULL;
        }
        size_t r = fread(p + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0)
            break;
        if (cap - n - 1 == 0) {
            char *q = realloc(p, cap * 2);
            if (!q)
                free(p);
            p = q;
            cap *= 2;
        }
    }
    fclose(f);
    p[n] = '\0';
    if (len)
        *len = n;
    return p;
}

const char *sd_test_path(sd_test *t, const char *name)
{
    static char paths[8][4096];
    static int next;
    char *p = paths[next++ & 7];
    snprintf(p, 4096, "%s/%s", t->tmpdir, name);
    return p;
}

/* Drain fd into a growing buffer; returns 0 at EOF, 1 when more may come. */
static int drain(int fd, sd_buf *b)
{
    char chunk[65536];
    ssize_t r = read(fd, chunk, sizeof chunk);
    if (r > 0) {
        sd_buf_append(b, chunk, (size_t)r);
        return 1;
    }
    if (r < 0 && (errno == EINTR || errno == EAGAIN))
        return 1;
    return 0;
}

int sd_test_run(const char *const *argv, const char *stdin_data, size_t stdin_len, char **out,
                char **err, int timeout_s)
{
    int pin[2], pout[2], perr[2];
    if (pipe(pin) || pipe(pout) || pipe(perr))
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(pin[0], 0);
        dup2(pout[1], 1);
        dup2(perr[1], 2);
        close(pin[0]); close(pin[1]); close(pout[0]); close(pout[1]);
        close(perr[0]); close(perr[1]);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(pin[0]);
    close(pout[1]);
    close(perr[1]);
    signal(SIGPIPE, SIG_IGN);
    fcntl(pin[1], F_SETFL, O_NONBLOCK);
    sd_buf ob = SD_BUF_INIT, eb = SD_BUF_INIT;
    sd_buf_append(&ob, "", 0);
    sd_buf_append(&eb, "", 0);
    size_t sent = 0;
    int in_open = 1, out_open = 1, err_open = 1;
    if (!stdin_data || stdin_len == 0) {
        close(pin[1]);
        in_open = 0;
    }
    time_t deadline = time(NULL) + timeout_s;
    int killed = 0;
    while (out_open || err_open) {
        struct pollfd fds[3];
        int nf = 0, iout = -1, ierr = -1, iin = -1;
        if (out_open) { fds[nf].fd = pout[0]; fds[nf].events = POLLIN; iout = nf++; }
        if (err_open) { fds[nf].fd = perr[0]; fds[nf].events = POLLIN; ierr = nf++; }
        if (in_open) { fds[nf].fd = pin[1]; fds[nf].events = POLLOUT; iin = nf++; }
        int pr = poll(fds, (nfds_t)nf, 200);
        if (time(NULL) > deadline && !killed) {
            kill(pid, SIGKILL);
            killed = 1;
        }
        if (pr <= 0)
            continue;
        if (iout >= 0 && (fds[iout].revents & (POLLIN | POLLHUP | POLLERR)))
            out_open = drain(pout[0], &ob);
        if (ierr >= 0 && (fds[ierr].revents & (POLLIN | POLLHUP | POLLERR)))
            err_open = drain(perr[0], &eb);
        if (iin >= 0 && (fds[iin].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t w = write(pin[1], stdin_data + sent, stdin_len - sent);
            if (w > 0)
                sent += (size_t)w;
            if (w < 0 && errno != EAGAIN && errno != EINTR)
                sent = stdin_len;
            if (sent >= stdin_len) {
                close(pin[1]);
                in_open = 0;
            }
        }
    }
    if (in_open)
        close(pin[1]);
    close(pout[0]);
    close(perr[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (out) *out = ob.data; else sd_buf_free(&ob);
    if (err) *err = eb.data; else sd_buf_free(&eb);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

static int matches_filter(const char *name, int nfilter, char **filter)
{
    if (nfilter == 0)
        return 1;
    for (int i = 0; i < nfilter; i++)
        if (strstr(name, filter[i]))
            return 1;
    return 0;
}

static void tally(sd_test *t)
{
    if (t->failed)
        n_failed++;
    else if (t->skipped)
        n_skipped++;
    else
        n_passed++;
}

/* Strip trailing white space from every line and trailing blank lines. */
static void normalise_lines(sd_buf *b)
{
    sd_buf o = SD_BUF_INIT;
    sd_buf_append(&o, "", 0);
    const char *p = b->data ? b->data : "";
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        size_t m = n;
        while (m && (p[m - 1] == ' ' || p[m - 1] == '\t' || p[m - 1] == '\r'))
            m--;
        sd_buf_append(&o, p, m);
        sd_buf_putc(&o, '\n');
        p += n + (nl ? 1 : 0);
    }
    while (o.len && o.data[o.len - 1] == '\n' && (o.len == 1 || o.data[o.len - 2] == '\n'))
        o.data[--o.len] = '\0';
    while (o.len && o.data[o.len - 1] == '\n')
        o.data[--o.len] = '\0';
    sd_buf_free(b);
    *b = o;
}

static spec_fn find_spec(const char *kind)
{
    for (size_t i = 0; spec_kinds[i].kind; i++)
        if (strcmp(spec_kinds[i].kind, kind) == 0)
            return spec_kinds[i].fn;
    return NULL;
}

/* Run one case (title_line: the 1-based line of its ### line).  Returns
 * 1 when it passed, 0 when it failed, -1 when it skipped.  In a scored
 * file (known: its known-failures list) the case is not tallied on its
 * own: its outcome is checked against the list under its title, and the file's
 * test ft takes any difference; a listed failure is printed only with
 * SAYDO_TEST_VERBOSE set. */
static int run_case(sd_test *base, const char *file, int title_line, const char *title,
                    const char *input, const char *sep, const char *expected, sd_known *known,
                    sd_test *ft)
{
    char name[4400];
    snprintf(name, sizeof name, "%s:%d %s", file, title_line, title);
    sd_test t = *base;
    t.name = name;
    t.failed = t.skipped = 0;
    char kind[64] = "";
    const char *args = sep;
    size_t k = 0;
    while (*args && *args != ' ' && *args != '\t' && k + 1 < sizeof kind)
        kind[k++] = *args++;
    kind[k] = '\0';
    while (*args == ' ' || *args == '\t')
        args++;
    spec_fn fn = find_spec(kind);
    if (!fn) {
        sd_test_fail(known ? ft : &t, file, title_line, "unknown spec kind '%s'", kind);
        if (!known)
            tally(&t);
        return 0;
    }
    static int verbose = -1;
    if (verbose < 0)
        verbose = getenv("SAYDO_TEST_VERBOSE") != NULL;
    if (known && !verbose)
        t.quiet = 1;
    sd_buf got = SD_BUF_INIT, want = SD_BUF_INIT, detail = SD_BUF_INIT;
    sd_buf_append(&got, "", 0);
    sd_buf_puts(&want, expected);
    int rc = fn(&t, input, args, &got);
    normalise_lines(&got);
    normalise_lines(&want);
    char reason[256] = "";
    int differs = 0; /* the handler failed or its output differs */
    if (t.skipped) {
        /* nothing */
    } else if (rc != 0) {
        sd_buf_printf(&detail, "handler '%s' failed (%d): %s", kind, rc, got.data);
        snprintf(reason, sizeof reason, "handler failed (%d)", rc);
        differs = 1;
    } else if (strcmp(got.data, want.data) != 0) {
        sd_buf_printf(&detail, "spec '%s' differs\n--- expected\n%s\n--- got\n%s", kind,
                      want.data, got.data);
        sd_known_reason(want.data, got.data, reason, sizeof reason);
        differs = 1;
    } else if (t.failed) {
        sd_buf_puts(&detail, "a check in the handler failed (SAYDO_TEST_VERBOSE=1 shows it)");
        snprintf(reason, sizeof reason, "a check in the handler failed");
    }
    int outcome = (t.failed || differs) ? 0 : t.skipped ? -1 : 1;
    if (!known) {
        if (differs)
            sd_test_fail(&t, file, title_line, "%s", detail.data);
        tally(&t);
    } else if (sd_known_case(known, ft, file, title_line, title, outcome, reason, detail.data) &&
               outcome == 0 && verbose) {
        fprintf(stderr, "known failure %s:%d %s\n  %s\n", file, title_line, title, detail.data);
    }
    sd_buf_free(&got);
    sd_buf_free(&want);
    sd_buf_free(&detail);
    return outcome;
}

/* The known-failures list of the spec file at path
 * (DIR/known-failures/NAME.txt for DIR/NAME.spec) into buf (cap). */
static void known_path(const char *path, char *buf, size_t cap)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    int dirlen = slash ? (int)(slash - path) : 1;
    size_t n = strlen(base);
    if (n > 5 && strcmp(base + n - 5, ".spec") == 0)
        n -= 5;
    snprintf(buf, cap, "%.*s/known-failures/%.*s.txt", dirlen, slash ? path : ".", (int)n, base);
}

/* Parse and run one spec file.  A file with a known-failures list is
 * scored: one test for the file, with the score printed. */
static void run_spec_file(sd_test *base, const char *path)
{
    size_t len;
    char *text = sd_test_read_file(path, &len);
    if (!text) {
        fprintf(stderr, "FAIL cannot read %s\n", path);
        n_failed++;
        return;
    }
    char list[4200];
    known_path(path, list, sizeof list);
    struct stat st;
    sd_known *known = stat(list, &st) == 0 ? sd_known_load(list) : NULL;
    sd_test ft = *base; /* the file, when it is scored */
    ft.name = path;
    ft.failed = ft.skipped = 0;
    sd_buf input = SD_BUF_INIT, expected = SD_BUF_INIT;
    char title[256] = "", sep[256] = "";
    int state = 0; /* 0 preamble, 1 input, 2 expected */
    int line_no = 0, title_line = 0;
    int cases = 0, passed = 0, skipped = 0;
    char *p = text;
    for (;;) {
        char *nl = strchr(p, '\n');
        int at_end = (*p == '\0');
        if (nl)
            *nl = '\0';
        line_no++;
        int is_title = !at_end && strncmp(p, "### ", 4) == 0;
        if (at_end || is_title) {
            if (state == 1)
                fprintf(stderr, "%s:%d: case '%s' has no '---' line\n", path, title_line, title),
                    n_failed++;
            if (state == 2) {
                sd_buf_append(&input, "", 0);
                sd_buf_append(&expected, "", 0);
                /* drop the newline that ends the input */
                if (input.len && input.data[input.len - 1] == '\n')
                    input.data[--input.len] = '\0';
                cases++;
                int outcome = run_case(base, path, title_line, title, input.data, sep,
                                       expected.data, known, &ft);
                passed += outcome == 1;
                skipped += outcome < 0;
            }
            if (at_end)
                break;
            snprintf(title, sizeof title, "%s", p + 4);
            title_line = line_no;
            sd_buf_clear(&input);
            sd_buf_clear(&expected);
            state = 1;
        } else if (state == 0 && strncmp(p, "threshold:", 10) == 0) {
            fprintf(stderr, "FAIL %s:%d: 'threshold:' is no longer read: a scored file keeps a "
                            "known-failures list (tests/spec/README.md)\n", path, line_no);
            n_failed++;
        } else if (state == 1 && strncmp(p, "--- ", 4) == 0) {
            snprintf(sep, sizeof sep, "%s", p + 4);
            state = 2;
        } else if (state == 1) {
            sd_buf_puts(&input, p);
            sd_buf_putc(&input, '\n');
        } else if (state == 2) {
            sd_buf_puts(&expected, p);
            sd_buf_putc(&expected, '\n');
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    if (known) {
        int listed = sd_known_finish(known, &ft);
        double pct = cases ? 100.0 * passed / cases : 100.0;
        fprintf(stderr, "%s %s: %d/%d cases (%.1f%%), %d known failures",
                ft.failed ? "FAIL " : "score", path, passed, cases, pct, listed);
        if (skipped)
            fprintf(stderr, ", %d skipped", skipped);
        fputc('\n', stderr);
        tally(&ft);
    }
    sd_buf_free(&input);
    sd_buf_free(&expected);
    free(text);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_spec_dir(sd_test *base, const char *dir, int nfilter, char **filter)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    char *names[1024];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 1024) {
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".spec") == 0)
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (matches_filter(path, nfilter, filter))
            run_spec_file(base, path);
        free(names[i]);
    }
}

static void remove_tree(const char *path)
{
    const char *argv[] = {"rm", "-rf", path, NULL};
    sd_test_run(argv, NULL, 0, NULL, NULL, 60);
}

int main(int argc, char **argv)
{
    sd_test base = {0};
    base.saydo = "build/saydo";
    base.shared = "../shared";
    char *filter[64];
    int nfilter = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--saydo") == 0 && i + 1 < argc)
            base.saydo = argv[++i];
        else if (strcmp(argv[i], "--shared") == 0 && i + 1 < argc)
            base.shared = argv[++i];
        else if (strcmp(argv[i], "--quick") == 0)
            base.quick = 1;
        else if (nfilter < 64)
            filter[nfilter++] = argv[i];
    }
    struct stat st;
    if (!base.shared || stat(base.shared, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "note: %s not found; tests that read it are skipped\n",
                base.shared ? base.shared : "shared");
        base.shared = NULL;
    }
    char tmpl[] = "/tmp/saydo-test-XXXXXX";
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        return 2;
    }
    base.tmpdir = tmpl;

    for (size_t i = 0; unit_tests[i].name; i++) {
        if (!matches_filter(unit_tests[i].name, nfilter, filter))
            continue;
        sd_test t = base;
        t.name = unit_tests[i].name;
        unit_tests[i].fn(&t);
        tally(&t);
    }
    run_spec_dir(&base, "tests/spec", nfilter, filter);

    remove_tree(tmpl);
    printf("%d passed, %d failed, %d skipped\n", n_passed, n_failed, n_skipped);
    return n_failed ? 1 : 0;
}
