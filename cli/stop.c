/*
 * stop.c -- the stop request of the long-running commands (watch, worker):
 * SIGINT and SIGTERM set cli_stop, and the commands sleep on the monotonic
 * clock in short steps so they notice it within a tenth of a second.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <string.h>
#include <time.h>

#include "cli.h"

volatile sig_atomic_t cli_stop;

static void on_stop(int sig)
{
    (void)sig;
    cli_stop = 1;
}

void cli_catch_stop(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int cli_sleep_until(double until)
{
    double wait = until - cli_now();
    while (wait > 0 && !cli_stop) {
        double step = wait > 0.1 ? 0.1 : wait;
        struct timespec ts = {0, (long)(step * 1e9)};
        nanosleep(&ts, NULL);
        wait = until - cli_now();
    }
    return cli_stop != 0;
}
