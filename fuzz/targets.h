/*
 * targets.h -- the bodies of saydo's fuzz harnesses, one per entry point.
 *
 * Each function feeds data[0..size) (any bytes, not NUL-terminated) to one
 * entry point of the library, checks what came back and frees everything.
 * They are compiled into the libFuzzer harnesses (fuzz/fuzz_*.c, `make
 * fuzz`) and into the test runner, which replays every file of
 * fuzz/corpus/<target>/ through them in `make check`
 * (tests/unit/test_fuzz_corpus.c, SQLite's fuzzcheck idea).
 *
 * Contract: each returns 0 when the input was handled cleanly (accepted or
 * refused with an expected error code) and -1 when an invariant broke (an
 * unexpected error code, a span outside the document, overlapping matches,
 * ...), after printing one line saying which to stderr.  Memory errors and
 * leaks are left to the sanitizers.  Allocation failure (SAYDO_ERR_NOMEM)
 * counts as clean, so the targets may also run under sd_alloc_fail_after.
 */
#ifndef SD_FUZZ_TARGETS_H
#define SD_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

#include "saydo.h"

/* data is an article's plain text: saydo_article_new, then saydo_code with
 * coder (built once by the caller from data/), then every output format
 * written to /dev/null. */
int sd_fuzz_text(const saydo_coder *coder, const uint8_t *data, size_t size);

/* data is a JSON Lines file: written to tmp_path (a path the caller owns;
 * overwritten), read with a JSONL reader, and every article it yields coded
 * as in sd_fuzz_text. */
int sd_fuzz_jsonl(const saydo_coder *coder, const uint8_t *data, size_t size,
                  const char *tmp_path);

/* data is a web page: sd_html_extract as a page and as a fragment (the
 * text's paragraph shape checked), then the page read with an HTML reader
 * from tmp_path and its article coded as in sd_fuzz_text. */
int sd_fuzz_html(const saydo_coder *coder, const uint8_t *data, size_t size,
                 const char *tmp_path);

/* data is an RSS or Atom feed: read with a FEED reader from tmp_path,
 * every item coded; a bad item's error must name its line. */
int sd_fuzz_feed(const saydo_coder *coder, const uint8_t *data, size_t size,
                 const char *tmp_path);

/* data is a CSV file: read with a CSV reader from tmp_path twice (the
 * default columns, then text=body date=published title=headline), every
 * record coded; a bad record's error must name its line. */
int sd_fuzz_csv(const saydo_coder *coder, const uint8_t *data, size_t size,
                const char *tmp_path);

/* data is a dictionary file: loaded with keep_going 0 and then 1, each
 * load compiled and run over a fixed token stream with every matcher
 * (sd_dict_match, _match_slots, _match_at, sd_dict_lookup). */
int sd_fuzz_dict(const uint8_t *data, size_t size);

/* Make a store at db (created; must not exist) from the articles of
 * data/samples, coded with coder: the store the filter and HTTP targets
 * query.  0, or -1 (reason on stderr). */
int sd_fuzz_store_make(const saydo_coder *coder, const char *db);

/* data is a query string "key=value&..." (keys from, to, source, target,
 * dyad_a, dyad_b, code, root, quad, country, outlet, mood, raw, limit,
 * place, plover, offset, agg, n, both; values raw bytes, unchecked): the
 * filter it spells goes straight to saydo_store_query and
 * saydo_store_aggregate on store (read-only, with a query time limit),
 * bypassing the API's checks -- the store must refuse or answer any
 * filter, never crash or fail otherwise. */
int sd_fuzz_filter(saydo_store *store, const uint8_t *data, size_t size);

/* The HTTP server (fuzz/target_http.c): init starts two servers in this
 * process on free loopback ports, as 'saydo serve' runs them -- one
 * without a token over the store db, one with the token "fuzz-token-123"
 * and a writer (coder used for POST) -- over the dashboard folder web.
 * sd_fuzz_http sends data (raw bytes of one or more HTTP requests) to the
 * first when data[0] is even, else the second, closes its side and reads
 * the answer: it must be an HTTP/1.1 status line with a status from 200
 * to 599 but never 500 (a client's request is never the server's error),
 * or nothing (garbage closed).  stop stops them.
 * 0 or -1 as above. */
int sd_fuzz_http_init(const saydo_coder *coder, const char *db, const char *web);
int sd_fuzz_http(const uint8_t *data, size_t size);
void sd_fuzz_http_stop(void);

/* data is a Redis Stream entry's field list, fields and values separated
 * by byte 0x1F (fuzz/target_queue.c): made into an article as 'saydo
 * worker' does (cli_queue_entry_article) and, when accepted, coded. */
int sd_fuzz_queue(const saydo_coder *coder, const uint8_t *data, size_t size);

#endif
