/*
 * measure.c -- run a command and report its wall time, CPU time and peak
 * memory.
 *
 * usage: measure COMMAND [ARG...]
 *
 * Runs COMMAND (searched in PATH) as a child with fork/execvp, waits for it
 * with wait4, and prints one line to standard error:
 *
 *     measure: wall=%.3f cpu=%.3f maxrss_kib=%ld
 *
 * wall is elapsed seconds on CLOCK_MONOTONIC, cpu is the child's user+system
 * seconds and maxrss_kib its peak resident set size (ru_maxrss, KiB on
 * Linux).  The exit status is the child's; 128+N when the child was killed
 * by signal N; 127 when it could not be started; 126 on other failures of
 * measure itself.  The child's standard streams are the caller's.
 *
 * Build: cc -O2 -std=c17 -Wall -Wextra -o build/bench/measure tools/measure.c
 */
#define _DEFAULT_SOURCE 1 /* wait4 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double seconds_of(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs("usage: measure COMMAND [ARG...]\n"
              "Runs COMMAND and prints 'measure: wall=S cpu=S maxrss_kib=N' to stderr.\n",
              argc < 2 ? stderr : stdout);
        return argc < 2 ? 126 : 0;
    }

    struct timespec start, end;
    if (clock_gettime(CLOCK_MONOTONIC, &start) != 0) {
        perror("measure: clock_gettime");
        return 126;
    }
    fflush(NULL);
    pid_t child = fork();
    if (child < 0) {
        perror("measure: fork");
        return 126;
    }
    if (child == 0) {
        execvp(argv[1], argv + 1);
        fprintf(stderr, "measure: cannot run %s: %s\n", argv[1], strerror(errno));
        _exit(127);
    }

    int status = 0;
    struct rusage usage;
    memset(&usage, 0, sizeof usage);
    pid_t done;
    do
        done = wait4(child, &status, 0, &usage);
    while (done < 0 && errno == EINTR);
    if (done < 0) {
        perror("measure: wait4");
        return 126;
    }
    clock_gettime(CLOCK_MONOTONIC, &end);

    double wall = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    double cpu = seconds_of(usage.ru_utime) + seconds_of(usage.ru_stime);
    fprintf(stderr, "measure: wall=%.3f cpu=%.3f maxrss_kib=%ld\n", wall, cpu, (long)usage.ru_maxrss);

    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return 126;
}
