/*
 * ingest.h -- the inside of saydo_reader (internal to ingest*.c).
 *
 * ingest.c opens the input, sniffs its format and owns the chunked byte
 * source; ingest_text.c, ingest_jsonl.c, ingest_html.c, ingest_feed.c and
 * ingest_csv.c each turn that source into articles (the feed and CSV
 * stages keep their own state in reader->state).  Only ingest*.c include
 * this header.
 */
#ifndef SD_INGEST_H
#define SD_INGEST_H

#include <stdio.h>

#include "buf.h"
#include "saydo.h"

/* Size of one read from the input. */
#define SD_INGEST_CHUNK ((size_t)64 * 1024)
/* How much of the input's start is sampled to refuse binary files. */
#define SD_INGEST_SNIFF ((size_t)4096)

/* The article fields a record maps (saydo_field_map), in this order. */
enum { SD_FIELD_ID, SD_FIELD_DATE, SD_FIELD_TITLE, SD_FIELD_TEXT, SD_FIELD_URL, SD_FIELD_SOURCE,
       SD_FIELD_COUNT };

/* The default name of each field ("id", "date", ...). */
extern const char *const sd_field_names[SD_FIELD_COUNT];

struct saydo_reader {
    FILE *fp;
    int owns_fp;              /* 0 for standard input                       */
    int streaming;            /* 1: a pipe or terminal, read with read(2) so
                                 that each article is read (and coded) as
                                 soon as it has arrived, not when a whole
                                 chunk has                                  */
    char *file;               /* path as given, or "<stdin>" (owned)        */
    char *stem;               /* base name without extension, or "stdin"    */
    char *date;               /* default date, or NULL (owned)              */
    size_t max_bytes;         /* opts->max_article_bytes                    */
    saydo_input_format format;/* TEXT or JSONL once opened                  */

    unsigned char *chunk;     /* SD_INGEST_CHUNK bytes (owned)              */
    size_t pos, len;          /* unread bytes are chunk[pos..len)           */
    long long chunk_base;     /* file offset of chunk[0]                    */
    int eof;                  /* the source is exhausted                    */

    long line;                /* lines fully read so far                    */
    sd_buf line_buf;          /* the current record (owned)                 */
    sd_buf work_buf;          /* scratch: repaired text (owned)             */

    long invalid_utf8;        /* sequences replaced by U+FFFD               */
    long invalid_first_line;  /* line of the first one (0: none)            */

    int checked;              /* the binary-input check has run             */
    int done;                 /* no more records: next returns 0            */
    int dead;                 /* IO or NOMEM happened: next returns it      */
    int saw_record;           /* JSONL: a non-blank line was seen           */

    char *field[SD_FIELD_COUNT]; /* the field mapping: key or column (owned) */
    void *state;              /* the format stage's own state (FEED, CSV)   */
    void (*free_state)(void *state);
};

/* Make the next byte available: returns 0 when chunk[pos..len) is non-empty
 * or the source is at its end (eof set), SAYDO_ERR_IO on a read error. */
int sd_ingest_fill(saydo_reader *reader);

/* File offset of the next unread byte. */
static inline long long sd_ingest_offset(const saydo_reader *reader)
{
    return reader->chunk_base + (long long)reader->pos;
}

/* Record n invalid UTF-8 sequences found on line. */
void sd_ingest_note_invalid(saydo_reader *reader, long n, long line);

/* Mark the reader unusable after IO or NOMEM and fill err; returns code. */
int sd_ingest_die(saydo_reader *reader, int code, saydo_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Read the rest of the input into buf (NUL-terminated).  Returns 0,
 * SAYDO_ERR_LIMIT when it is larger than max_bytes (err filled, buf
 * freed), or IO / NOMEM through sd_ingest_die. */
int sd_ingest_slurp(saydo_reader *reader, sd_buf *buf, saydo_error *err);

/* The key or column that holds field (SD_FIELD_*). */
static inline const char *sd_ingest_field(const saydo_reader *reader, int field)
{
    return reader->field[field] ? reader->field[field] : sd_field_names[field];
}

/* 1-based line of byte off in s. */
long sd_ingest_line_of(const char *s, size_t off);

/* The stages.  Same contract as saydo_reader_next. */
int sd_ingest_text_next(saydo_reader *reader, saydo_article **out, saydo_error *err);
int sd_ingest_jsonl_next(saydo_reader *reader, saydo_article **out, saydo_error *err);
int sd_ingest_html_next(saydo_reader *reader, saydo_article **out, saydo_error *err);
int sd_ingest_feed_next(saydo_reader *reader, saydo_article **out, saydo_error *err);
int sd_ingest_csv_next(saydo_reader *reader, saydo_article **out, saydo_error *err);

#endif
