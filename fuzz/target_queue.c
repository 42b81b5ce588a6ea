/*
 * target_queue.c -- the body of the queue-entry fuzz harness (contract in
 * targets.h): a Redis Stream entry as 'saydo worker' reads it, made into
 * an article (cli/queue_redis.c: cli_queue_entry_article) and, when that
 * succeeds, coded.  The input is the entry's field list with byte 0x1F
 * between fields and values (so NUL bytes may stand inside a value); an
 * odd count of pieces is an odd field list, as a broken producer might
 * send.
 */
#include "targets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "queue.h"

enum { MAX_PIECES = 64 };

static int fail(const char *what)
{
    fprintf(stderr, "fuzz queue: %s\n", what);
    return -1;
}

int sd_fuzz_queue(const saydo_coder *coder, const uint8_t *data, size_t size)
{
    redisReply piece[MAX_PIECES], *ptr[MAX_PIECES];
    char *copy = malloc(size + MAX_PIECES + 1);
    if (!copy)
        return 0;
    size_t n = 0, at = 0, start = 0;
    char *out = copy;
    for (size_t i = 0; i <= size && n < MAX_PIECES; i++) {
        if (i < size && data[i] != 0x1F)
            continue;
        size_t len = i - start;
        memcpy(out, data + start, len);
        out[len] = '\0'; /* hiredis ends every string with a NUL */
        memset(&piece[n], 0, sizeof piece[n]);
        piece[n].type = REDIS_REPLY_STRING;
        piece[n].str = out;
        piece[n].len = len;
        ptr[n] = &piece[n];
        n++;
        out += len + 1;
        start = i + 1;
        at = i;
    }
    (void)at;
    redisReply list;
    memset(&list, 0, sizeof list);
    list.type = REDIS_REPLY_ARRAY;
    list.elements = n;
    list.element = ptr;
    saydo_article *article = NULL;
    saydo_error err;
    memset(&err, 0, sizeof err);
    int rc = cli_queue_entry_article(&list, &article, &err), status = 0;
    if (rc == 0) {
        size_t len = 0;
        const char *text = saydo_article_text(article, &len);
        const char *date = saydo_article_date(article);
        if (!article || !text || len == 0 || strlen(text) != len)
            status = fail("accepted an entry without a text");
        else if (date[0] && !saydo_date_valid(date))
            status = fail("accepted a bad date");
        saydo_result *result = NULL;
        int crc = status ? 0 : saydo_code(coder, article, &result, &err);
        if (crc != 0 && crc != SAYDO_ERR_NOMEM && crc != SAYDO_ERR_LIMIT)
            status = fail("an accepted entry did not code");
        saydo_result_free(result);
    } else if (rc != SAYDO_ERR_PARSE && rc != SAYDO_ERR_ARG && rc != SAYDO_ERR_UTF8 &&
               rc != SAYDO_ERR_EMPTY && rc != SAYDO_ERR_NOMEM) {
        status = fail("an unexpected error code");
    } else if (!err.message[0] || article) {
        status = fail("a refusal without a message, or with an article");
    }
    saydo_article_free(article);
    free(copy);
    return status;
}
