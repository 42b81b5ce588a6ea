/*
 * pipeline.c -- coding articles on N threads with their results handed on
 * in input order ('saydo code -j N', 'saydo ingest -j N').
 *
 * The main thread reads articles and pushes them as jobs; worker threads
 * code them with the one shared coder (read-only: saydo.h), each into its
 * own saydo_result; the main thread hands every job, in the order it was
 * pushed, to the command's emit function (write the events, store the
 * article).  So output and store rows are those of one thread, byte for
 * byte.  Jobs that need no coding (a reader's error, a warning, an article
 * already stored) go through the same queue and keep their place.
 *
 * At most `cap` jobs are in flight: a push waits for the oldest to be
 * emitted when the ring is full, so memory stays bounded however long the
 * input.  With one thread no thread is started: a push codes the article
 * and emits it at once.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum { SLOT_QUEUED, SLOT_CODING, SLOT_DONE };

struct cli_pipeline {
    int threads;               /* workers started (0: code in push)         */
    pthread_t *tid;
    const saydo_coder *coder;
    cli_job_code code;
    cli_job_emit emit;
    void *ctx;
    cli_job *ring;
    int *state;                /* SLOT_* of each ring slot                  */
    size_t cap;
    size_t head;               /* jobs emitted (or dropped) so far          */
    size_t next;               /* jobs taken by workers so far              */
    size_t tail;               /* jobs pushed so far                        */
    int quit;                  /* workers end                               */
    int stopped;               /* emit asked to stop: later jobs are dropped */
    pthread_mutex_t lock;
    pthread_cond_t work;       /* a job was pushed, or quit                 */
    pthread_cond_t done;       /* a job was coded                           */
};

static void job_free(cli_job *job)
{
    saydo_result_free(job->result);
    saydo_article_free(job->article);
    job->result = NULL;
    job->article = NULL;
}

static void job_code(cli_pipeline *p, cli_job *job)
{
    job->rc = p->code(p->coder, job->article, &job->result, &job->err);
    if (job->rc != 0)
        job->result = NULL;
}

static void *worker(void *arg)
{
    cli_pipeline *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->quit && p->next == p->tail)
            pthread_cond_wait(&p->work, &p->lock);
        if (p->quit)
            break;
        size_t slot = p->next++ % p->cap;
        if (p->state[slot] != SLOT_QUEUED)
            continue; /* a job without coding: already done */
        p->state[slot] = SLOT_CODING;
        cli_job *job = &p->ring[slot];
        pthread_mutex_unlock(&p->lock);
        job_code(p, job);
        pthread_mutex_lock(&p->lock);
        p->state[slot] = SLOT_DONE;
        pthread_cond_broadcast(&p->done);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

cli_pipeline *cli_pipeline_new(int threads, const saydo_coder *coder, cli_job_code code,
                               cli_job_emit emit, void *ctx)
{
    cli_pipeline *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->coder = coder;
    p->code = code;
    p->emit = emit;
    p->ctx = ctx;
    if (threads <= 1)
        return p;
    p->cap = (size_t)threads * 8;
    p->ring = calloc(p->cap, sizeof *p->ring);
    p->state = calloc(p->cap, sizeof *p->state);
    p->tid = calloc((size_t)threads, sizeof *p->tid);
    if (!p->ring || !p->state || !p->tid || pthread_mutex_init(&p->lock, NULL) != 0) {
        free(p->ring);
        free(p->state);
        free(p->tid);
        free(p);
        return NULL;
    }
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done, NULL);
    for (int i = 0; i < threads; i++) {
        if (pthread_create(&p->tid[i], NULL, worker, p) != 0)
            break;
        p->threads++;
    }
    if (p->threads == 0) {
        cli_pipeline_free(p);
        return NULL;
    }
    return p;
}

/* Emit (or, once stopped, drop) the oldest job, waiting for its coding.
 * Called with the lock held; returns with it held. */
static void emit_oldest(cli_pipeline *p)
{
    size_t slot = p->head % p->cap;
    while (p->state[slot] != SLOT_DONE)
        pthread_cond_wait(&p->done, &p->lock);
    cli_job *job = &p->ring[slot];
    pthread_mutex_unlock(&p->lock);
    if (!p->stopped && p->emit(job, p->ctx) != 0)
        p->stopped = 1;
    job_free(job);
    pthread_mutex_lock(&p->lock);
    p->head++;
}

int cli_pipeline_push(cli_pipeline *p, const cli_job *job)
{
    cli_job copy = *job;
    copy.result = NULL;
    if (p->stopped) {
        job_free(&copy);
        return 1;
    }
    if (p->threads == 0) {
        if (copy.code)
            job_code(p, &copy);
        if (p->emit(&copy, p->ctx) != 0)
            p->stopped = 1;
        job_free(&copy);
        return p->stopped;
    }
    pthread_mutex_lock(&p->lock);
    while (p->tail - p->head == p->cap)
        emit_oldest(p);
    if (p->stopped) {
        pthread_mutex_unlock(&p->lock);
        job_free(&copy);
        return 1;
    }
    size_t slot = p->tail % p->cap;
    p->ring[slot] = copy;
    p->state[slot] = copy.code ? SLOT_QUEUED : SLOT_DONE;
    p->tail++;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->lock);
    return 0;
}

int cli_pipeline_finish(cli_pipeline *p)
{
    if (p->threads == 0)
        return p->stopped;
    pthread_mutex_lock(&p->lock);
    while (p->head != p->tail)
        emit_oldest(p);
    pthread_mutex_unlock(&p->lock);
    return p->stopped;
}

int cli_pipeline_stopped(const cli_pipeline *p) { return p->stopped; }

void cli_pipeline_free(cli_pipeline *p)
{
    if (!p)
        return;
    if (p->cap) {
        pthread_mutex_lock(&p->lock);
        p->quit = 1;
        pthread_cond_broadcast(&p->work);
        pthread_mutex_unlock(&p->lock);
        for (int i = 0; i < p->threads; i++)
            pthread_join(p->tid[i], NULL);
        /* jobs never emitted: a stopped run's, or a run given up */
        for (; p->head != p->tail; p->head++)
            job_free(&p->ring[p->head % p->cap]);
        pthread_cond_destroy(&p->work);
        pthread_cond_destroy(&p->done);
        pthread_mutex_destroy(&p->lock);
    }
    free(p->ring);
    free(p->state);
    free(p->tid);
    free(p);
}

int cli_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > CLI_MAX_JOBS ? CLI_MAX_JOBS : (int)n;
}

int cli_option_jobs(const char *value, int *jobs)
{
    char *end;
    long n = strtol(value, &end, 10);
    if (end == value || *end || n < 1 || n > CLI_MAX_JOBS) {
        cli_error("-j: '%s' is not a number of threads (1..%d)", value, CLI_MAX_JOBS);
        return CLI_USAGE;
    }
    *jobs = (int)n;
    return CLI_OK;
}
