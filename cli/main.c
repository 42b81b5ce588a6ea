/*
 * main.c -- saydo(1): the command-line tool.  Dispatches subcommands and
 * holds the help texts; each subcommand lives in its own cmd_*.c file.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char overview[] =
    "usage: saydo COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "saydo codes political events in news text: who did what to whom, when and\n"
    "where, in the CAMEO ontology (with PLOVER types), keeping apart what actors\n"
    "say from what they do.\n"
    "\n"
    "commands:\n"
    "  code       code articles and print events (JSON Lines, GDELT TSV, PLOVER,\n"
    "             CSV, table): saydo code --format jsonl|tsv|csv|plover|table; -j N threads\n"
    "  sentences  print the sentences saydo sees, with their kinds\n"
    "  parse      print the grammar saydo reads: tags, phrases, clauses, roles\n"
    "  cameo      list or look up CAMEO event codes\n"
    "  actors     look actors up (lookup PHRASE --date D) or check the dictionaries\n"
    "  ingest     code articles into an event store (SQLite or PostgreSQL);\n"
    "             -j N threads, --batch N articles per transaction\n"
    "  query      select, count and export stored events; says versus does\n"
    "  serve      the event store as a JSON API over HTTP, and the dashboard\n"
    "  watch      poll feeds and pages over HTTP(S) and ingest what is new\n"
    "  queue      put articles on a Redis Stream for workers (queue add FILES...),\n"
    "             or show the queue (queue status)\n"
    "  worker     code and store the queue's articles; run any number of them, on\n"
    "             any machines, against one store (PostgreSQL)\n"
    "  help       show help for a command: saydo help code\n"
    "\n"
    "options:\n"
    "  -h, --help     show this help\n"
    "  -V, --version  show the version\n"
    "\n"
    "See saydo(1) and README.md.\n";

static const char help_code[] =
    "usage: saydo code [OPTIONS] [FILE|DIR|-]...\n"
    "\n"
    "Code articles into events.  Reads standard input when no file or '-' is\n"
    "given; directories are walked in sorted order, reading .txt, .text, .md,\n"
    ".jsonl, .ndjson, .json, .html, .htm, .xhtml, .xml, .rss, .atom, .csv and .tsv\n"
    "files (every other file is reported as skipped).  Inputs:\n"
    "  plain text   one article per file (the first non-empty line is the\n"
    "               headline, blank lines separate paragraphs)\n"
    "  JSON Lines   one article per line: id, date, title, text, url, source\n"
    "  web pages    one article: title, date, canonical URL, outlet and the\n"
    "               story's paragraphs, without menus, ads, captions, comments\n"
    "  RSS / Atom   one article per item, with its own date, link and title\n"
    "  CSV / TSV    a header row, then one article per record\n"
    "The format is chosen by extension, else by content (HTML and feeds too).\n"
    "Dates may be YYYY-MM-DD, YYYYMMDD, ISO 8601 or RFC 822; they become UTC days.\n"
    "A pipe on standard input is read as it arrives: each JSON Lines article's\n"
    "events are written as soon as its line is read (saydo code - as a co-process).\n"
    "\n"
    "options:\n"
    "  --date DATE            article date for inputs without one\n"
    "  --input FORMAT         force the input format: text, jsonl, html, feed, csv\n"
    "                         or tsv (default: by extension or content)\n"
    "  --field FIELD=NAME     the JSON key or CSV column holding FIELD (id, date,\n"
    "                         title, text, url, source); repeatable, e.g.\n"
    "                         --field text=body --field date=published\n"
    "  --format jsonl|tsv|csv|plover|table\n"
    "                         output format: jsonl (default) saydo's event records\n"
    "                         (docs/schema.md), tsv GDELT 2.0 event columns (FIPS\n"
    "                         country codes, as saydo query writes them), plover\n"
    "                         PLOVER event records, csv the record's main fields\n"
    "                         (as saydo query --format csv), table aligned for\n"
    "                         reading\n"
    "  --no-header            no header line for tsv, csv and table\n"
    "  -o, --output FILE      write to FILE (atomically: all or nothing)\n"
    "  --keep-going           report bad articles and go on; exit 1 at the end\n"
    "  -j, --jobs N           code on N threads (default: the number of cores, or 1\n"
    "                         reading standard input from a pipe, so events stream);\n"
    "                         the output is in input order, the same as with -j 1\n"
    "  --stats                print counts and timing to standard error at the end\n"
    "  --data DIR             data folder (CAMEO table and dictionaries)\n"
    "  --cameo FILE           use FILE as the CAMEO table\n"
    "  --dict FILE            load an extra dictionary (repeatable): saydo's format, or\n"
    "                         TABARI .actors, .agents, .verbs or .project files\n"
    "                         (by extension or content; docs/compat.md)\n"
    "  --no-default-dicts     load only the dictionaries given with --dict\n"
    "  --max-article-bytes N  refuse larger articles (default 16 MiB)\n"
    "  --min-confidence X     leave out events whose confidence is below X, from 0\n"
    "                         (keep all) to 1; default 0.6, which leaves out acts\n"
    "                         with no target and sources of no country in an\n"
    "                         article that names countries (0 with\n"
    "                         --no-default-dicts); docs/coding-rules.md\n"
    "  --quiet                no progress line\n"
    "\n"
    "exit status: 0 success, 1 bad input or data (after --keep-going: some\n"
    "articles were skipped), 2 usage error, 3 success but some inputs were\n"
    "empty or had no text and were skipped (each named in a warning).\n";

static const char help_sentences[] =
    "usage: saydo sentences [OPTIONS] [FILE|DIR|-]...\n"
    "\n"
    "Print each article's sentences as 'article<TAB>index<TAB>kind<TAB>text',\n"
    "where kind is body, headline, dateline, byline or bio (datelines, bylines\n"
    "and author bios are never coded).  Takes the input options of 'saydo code'\n"
    "(--date, --input, --field, --keep-going, --max-article-bytes).\n";

static const char help_parse[] =
    "usage: saydo parse [OPTIONS] [FILE|DIR|-]...\n"
    "\n"
    "Print the grammar layer of each sentence (docs/grammar.md): every token\n"
    "with its part-of-speech tag, the noun phrases with their heads and links\n"
    "(possessor, of-phrase, apposition, coordination), the verb groups with\n"
    "form, tense, voice, negation and their roles (subject, object, by-agent,\n"
    "doer, patient), and the clauses (main, complement, subordinate, relative,\n"
    "reduced relative, participial, infinitival, quote) with what they depend\n"
    "on.  Takes the input options of 'saydo code' (--date, --input, --field, --data,\n"
    "--keep-going, --max-article-bytes, -o) and\n"
    "\n"
    "  --format text|json     readable text (default), or one JSON object per\n"
    "                         sentence (JSON Lines)\n";

static const char help_actors[] =
    "usage: saydo actors lookup [--date YYYY-MM-DD] PHRASE...\n"
    "       saydo actors check\n"
    "\n"
    "lookup resolves each phrase as the coder would in running text and prints\n"
    "the matched text, the CAMEO actor code valid on the date, the dictionary\n"
    "file:line it came from and the entry's attributes (tab separated); exit 1\n"
    "when a phrase names no actor.\n"
    "check loads every dictionary and prints each malformed line and each\n"
    "conflicting entry with file:line; exit 1 when a line is malformed.\n"
    "\n"
    "options:\n"
    "  --date YYYY-MM-DD  the date that selects dated codes (lookup)\n"
    "  --data DIR         data folder\n"
    "  --dict FILE        an extra dictionary (repeatable)\n";

static const char help_cameo[] =
    "usage: saydo cameo [CODE...]\n"
    "\n"
    "Without arguments list every CAMEO event code as code, Goldstein value,\n"
    "quad class, PLOVER type, mode and context, and name (tab separated, the\n"
    "columns of data/cameo.tsv).  With codes, print just those; an unknown\n"
    "code is an error.\n"
    "\n"
    "options:\n"
    "  --data DIR    data folder\n"
    "  --cameo FILE  use FILE as the CAMEO table\n";

static const char help_ingest[] =
    "usage: saydo ingest [OPTIONS] [FILE|DIR|-]...\n"
    "\n"
    "Code articles as 'saydo code' does and keep them in an event store, each\n"
    "article stored whole or not at all.  Re-ingesting an article (same id, or same\n"
    "content under another id) changes nothing; an article whose id is stored\n"
    "with other content replaces its own sentences, mentions and events.\n"
    "Reports of one event in several sentences and articles become mentions of\n"
    "one event (same source, target, CAMEO root and mood, dates within the\n"
    "window, compatible place: docs/store.md).  Killed at any moment, the store\n"
    "stays consistent; run the same command again to finish.  A progress line\n"
    "is shown on a terminal; a summary is printed at the end.\n"
    "\n"
    "options:\n"
    "  --db PATH|URL          the store: an SQLite file, or a PostgreSQL database as\n"
    "                         postgresql://user@host/db (default $SAYDO_DB, else\n"
    "                         ./saydo.db; created when missing)\n"
    "  --window DAYS          days between reports of one event (default 1)\n"
    "  --max-size BYTES       refuse to grow the store past this size (k, M, G);\n"
    "                         implies --batch 1 unless --batch is given\n"
    "  -j, --jobs N           code on N threads (default: the number of cores); the\n"
    "                         store gets the same rows as with -j 1\n"
    "  --batch N              up to N articles (default 500), or one second of them,\n"
    "                         per transaction, each in its own savepoint; a kill\n"
    "                         loses at most the open batch, which a rerun stores\n"
    "  --date DATE            article date for inputs without one\n"
    "  --input FORMAT         text, jsonl, html, feed, csv or tsv (as for 'saydo code')\n"
    "  --field FIELD=NAME     the JSON key or CSV column of a field (as for 'saydo code')\n"
    "  --keep-going           report bad articles (file:line), skip them, exit 1 at the end\n"
    "  --data DIR, --cameo FILE, --dict FILE, --no-default-dicts, --max-article-bytes N,\n"
    "  --min-confidence X     as for 'saydo code'\n"
    "  --quiet                no progress line and no summary\n"
    "\n"
    "exit status: 0 success, 1 bad input or a store error (full disk, read-only\n"
    "store, not a saydo store, newer schema), 2 usage error, 3 success but some\n"
    "inputs were empty or had no text and were skipped.\n";

static const char help_query[] =
    "usage: saydo query [OPTIONS]                     events (or --raw mentions)\n"
    "       saydo query series --by day|week|month [OPTIONS]\n"
    "       saydo query top actors|dyads|countries [--n N] [--both] [OPTIONS]\n"
    "       saydo query followthrough --actor A [--target B] [--window 30d] [OPTIONS]\n"
    "\n"
    "Read events from a store made by 'saydo ingest'.\n"
    "series counts events per period and quad class with the Goldstein sum and\n"
    "mean, every period from --from (else the first with events) to --to (else\n"
    "the last) on a line, zero for a period without events; top lists the most\n"
    "frequent actors or dyads (--both: A->B and B->A side by side), or events per\n"
    "location country;\n"
    "followthrough pairs each commitment or threat with the later material acts\n"
    "of the same actor (data/followthrough.tsv) and reports\n"
    "made / followed / not followed / contradicted with evidence sentences.\n"
    "\n"
    "filters (actor patterns take '*' wildcards: RUS*, USAGOV):\n"
    "  --from DATE, --to DATE inclusive date range\n"
    "  --source P, --target P actor patterns\n"
    "  --dyad P,Q             either direction\n"
    "  --code PREFIX          CAMEO code prefix (19, 0874)\n"
    "  --root RR              CAMEO root\n"
    "  --quad N               quad class 1..4\n"
    "  --country ISO3         the event's location country\n"
    "  --outlet P             reported by this outlet\n"
    "  --mood M               asserted, intended, reported or denied\n"
    "  --raw                  every mention, not one row per event\n"
    "\n"
    "output:\n"
    "  --format table|csv|jsonl|tsv|plover   (default table; jsonl = saydo's event\n"
    "                         records as 'saydo code' writes them, docs/schema.md;\n"
    "                         tsv = GDELT 2.0 61 columns; plover = PLOVER JSON Lines)\n"
    "  --no-header            no header line (table, csv, tsv)\n"
    "  --limit N              at most N rows\n"
    "  --stats                print the time the query took to standard error\n"
    "  --db PATH|URL          the store: SQLite file or postgresql://... (default\n"
    "                         $SAYDO_DB, else ./saydo.db)\n"
    "\n"
    "exit status: 0 success, 1 store error, 2 usage error.\n";

static const char help_watch[] =
    "usage: saydo watch [OPTIONS] URL...\n"
    "       saydo watch [OPTIONS] --feeds FILE [URL...]\n"
    "\n"
    "Poll feeds (RSS, Atom) and pages over HTTP(S) with conditional GETs\n"
    "(If-None-Match, If-Modified-Since: an unchanged feed costs a 304) and\n"
    "ingest what is new into the event store.  A feed is taken item by item:\n"
    "an item taken before (by its link, else its guid) is skipped without a\n"
    "request; an item with a link and less text than --summary-bytes has its\n"
    "page fetched and its article extracted as from a web page (when the page\n"
    "fails, the item is stored from its summary and the failure reported).\n"
    "Other responses (pages, JSON Lines) are ingested as 'saydo ingest' does.\n"
    "Requests to one host are --host-delay apart.  A failure (no connection,\n"
    "timeout, HTTP error, a body too large or not text, a feed without items)\n"
    "doubles that URL's wait up to --max-backoff; Retry-After is honoured.\n"
    "\n"
    "What was taken, each feed's ETag and Last-Modified and its backoff are\n"
    "kept in a state file, rewritten whole after each poll, so a restarted\n"
    "watcher fetches nothing twice.  Runs until SIGINT or SIGTERM (a transfer\n"
    "under way is abandoned; an article is stored whole or not at all).\n"
    "\n"
    "options:\n"
    "  --db PATH|URL          the store: SQLite file or postgresql://... (default\n"
    "                         $SAYDO_DB, else ./saydo.db)\n"
    "  --feeds FILE           more URLs, one a line ('#' starts a comment line)\n"
    "  --once                 poll each URL once, then exit (for cron); a URL\n"
    "                         still backing off from an earlier run is skipped\n"
    "  --interval SECONDS     between polls of a URL (default 300)\n"
    "  --polls N              stop after N polls of each URL\n"
    "  --host-delay SECONDS   between two requests to one host (default 1)\n"
    "  --max-backoff SECONDS  longest wait after failures (default 3600)\n"
    "  --timeout SECONDS      per request (default 30)\n"
    "  --summary-bytes N      fetch the page of a feed item with a link and less\n"
    "                         text than N bytes (default 1000; 0: never)\n"
    "  --state FILE           the resume state (default DB.watch, or\n"
    "                         ./saydo-watch.state for a database URL)\n"
    "  --input, --field, --date, --data, --cameo, --dict, --no-default-dicts,\n"
    "  --min-confidence X,\n"
    "  --max-article-bytes N  as for 'saydo ingest' (N also bounds a response)\n"
    "  --quiet                report only failures\n"
    "\n"
    "exit status: 0 (interrupted, or every URL's last poll succeeded), 1 a URL's\n"
    "last poll failed or a store error, 2 usage error.\n";

static const char help_queue[] =
    "usage: saydo queue add [OPTIONS] [FILE|DIR|-]...\n"
    "       saydo queue status [OPTIONS]\n"
    "\n"
    "add reads articles as 'saydo ingest' does (every input format, --field,\n"
    "--date) and puts each on a Redis Stream as one entry with all its fields\n"
    "and text, for 'saydo worker' processes on any machine to code and store.\n"
    "status prints the entries waiting, pending (given to a worker, not yet\n"
    "acknowledged), done and dead-lettered, the throughput over --interval, and\n"
    "each consumer with its pending entries and idle time (docs/scale.md).\n"
    "\n"
    "options:\n"
    "  --redis URL            redis://[[USER]:PASSWORD@]HOST[:PORT][/DB] or\n"
    "                         unix:///PATH[?db=DB] (default $SAYDO_REDIS, else\n"
    "                         redis://127.0.0.1:6379)\n"
    "  --stream NAME          the stream (default saydo:articles; its dead letters\n"
    "                         are NAME:dead)\n"
    "  --group NAME           the workers' consumer group (default saydo)\n"
    "  --date, --input, --field, --max-article-bytes N, --keep-going\n"
    "                         as for 'saydo ingest' (add)\n"
    "  --interval SECONDS     measure the throughput over this long (status;\n"
    "                         default 1, 0 not at all)\n"
    "  --quiet                no summary (add)\n"
    "\n"
    "exit status: 0 success, 1 bad input or Redis error, 2 usage error, 3 some\n"
    "inputs were empty and skipped.\n";

static const char help_worker[] =
    "usage: saydo worker [OPTIONS]\n"
    "\n"
    "Code and store the articles of a Redis Stream filled by 'saydo queue add',\n"
    "as one consumer of a consumer group (XREADGROUP): run any number of workers\n"
    "on any number of machines against one store (PostgreSQL; an SQLite file for\n"
    "workers on one machine).  An entry is acknowledged (XACK) only after the\n"
    "transaction storing its article has committed; the entries of a worker that\n"
    "died are taken over by the others once idle --claim-idle ms (XAUTOCLAIM),\n"
    "and the store leaves an article it has unchanged, so each article's events\n"
    "are stored once.  An article that fails --max-failures times (its coding\n"
    "or storing fails, or its worker dies) goes to the dead-letter stream\n"
    "STREAM:dead with its error; an entry that is not an article goes at once.\n"
    "A lost connection to Redis or the store is retried for --retry seconds.\n"
    "SIGINT or SIGTERM: the articles in hand are stored and acknowledged, then\n"
    "the worker exits.  Progress goes to standard error (docs/scale.md).\n"
    "\n"
    "options:\n"
    "  --redis URL            as for 'saydo queue' (default $SAYDO_REDIS, else\n"
    "                         redis://127.0.0.1:6379)\n"
    "  --db PATH|URL          the store: postgresql://... or an SQLite file (default\n"
    "                         $SAYDO_DB, else ./saydo.db)\n"
    "  --stream NAME, --group NAME   as for 'saydo queue'\n"
    "  --consumer NAME        this worker's name in the group (default HOST:PID)\n"
    "  --count N              entries per read and per store transaction\n"
    "                         (default 16)\n"
    "  --claim-idle MS        take over entries pending this long (default 60000:\n"
    "                         longer than any article takes)\n"
    "  --max-failures N       tries before the dead-letter stream (default 3)\n"
    "  --retry SECONDS        keep reconnecting to Redis or the store this long\n"
    "                         (default 60)\n"
    "  --until-empty          exit once the stream has no new and no pending\n"
    "                         entries (batch jobs, tests)\n"
    "  --progress SECONDS     a progress line this often (default: 0.5 s on a\n"
    "                         terminal, else 10 s)\n"
    "  --window DAYS, --max-size BYTES, --data DIR, --cameo FILE, --dict FILE,\n"
    "  --no-default-dicts, --min-confidence X   as for 'saydo ingest'\n"
    "  --quiet                no progress and no summary\n"
    "\n"
    "exit status: 0 after a signal or --until-empty, 1 Redis or the store lost\n"
    "for --retry seconds (or unreachable at the start), 2 usage error.\n";

static const char help_serve[] =
    "usage: saydo serve [OPTIONS]\n"
    "\n"
    "Serve a store made by 'saydo ingest' as a JSON API over HTTP (docs/api.md),\n"
    "and the dashboard's files.  GET /api/health, /api/events, /api/events/ID,\n"
    "/api/series, /api/top/actors, /api/top/dyads, /api/followthrough; POST\n"
    "/api/articles codes and stores JSON Lines articles (needs --token-file).\n"
    "A query parameter a path does not take is answered 400, naming it.\n"
    "The first line on standard output is 'listening on http://HOST:PORT'.\n"
    "SIGINT or SIGTERM stops it after the requests in flight.\n"
    "\n"
    "options:\n"
    "  --db PATH|URL          the store: SQLite file or postgresql://... (default\n"
    "                         $SAYDO_DB, else ./saydo.db)\n"
    "  --listen HOST:PORT     address (default 127.0.0.1:8080; port 0 picks a free\n"
    "                         port); a non-loopback address needs --token-file\n"
    "  --token-file FILE      every request then needs 'Authorization: Bearer TOKEN'\n"
    "                         (the file's first line, at least 8 characters), or\n"
    "                         the session cookie of a dashboard login (login.html)\n"
    "  --web DIR              dashboard files (default: web/ next to the binary, else\n"
    "                         the installed share/saydo/web)\n"
    "  --threads N            worker threads (default: the number of CPUs, 2 to 16)\n"
    "  --data DIR             data folder (coder for POST, followthrough.tsv)\n"
    "  --no-cache             do not keep answers (each worker keeps up to 128 until\n"
    "                         the store changes)\n"
    "  --allow-host NAME      a further Host header name to accept (repeatable; '*'\n"
    "                         any); localhost, 127.0.0.1, [::1] and the --listen\n"
    "                         address always are; others get 421\n"
    "  --max-connections N    connections admitted in all (default 1000; past: 503)\n"
    "  --max-per-client N     connections admitted per client address (default 100)\n"
    "  --idle-timeout S       close idle connections after S seconds (default 10)\n"
    "  --request-timeout S    a whole request (headers, body) within S seconds of\n"
    "                         connecting or of the previous answer (default 20)\n"
    "  --query-timeout MS     time limit of each store query (default 5000; 0 none;\n"
    "                         past it: 503)\n"
    "  --session-timeout S    lifetime of a dashboard login (default 43200: 12 h)\n"
    "  --tls-cert FILE        serve HTTPS with this PEM certificate (and --tls-key\n"
    "  --tls-key FILE         its PEM private key)\n"
    "\n"
    "limits: URL 4096 bytes (414), body 8 MiB (413), 1000 rows a page.  A POST\n"
    "is coded in batches of 64 articles; a stop ends it after its batch (503).\n"
    "exit status: 0 after a signal, 1 store or address error, 2 usage error.\n";

int cli_help(const char *command, FILE *out)
{
    if (!command) {
        fputs(overview, out);
        return 0;
    }
    if (strcmp(command, "code") == 0)
        fputs(help_code, out);
    else if (strcmp(command, "sentences") == 0)
        fputs(help_sentences, out);
    else if (strcmp(command, "parse") == 0)
        fputs(help_parse, out);
    else if (strcmp(command, "cameo") == 0)
        fputs(help_cameo, out);
    else if (strcmp(command, "actors") == 0)
        fputs(help_actors, out);
    else if (strcmp(command, "ingest") == 0)
        fputs(help_ingest, out);
    else if (strcmp(command, "query") == 0)
        fputs(help_query, out);
    else if (strcmp(command, "serve") == 0)
        fputs(help_serve, out);
    else if (strcmp(command, "watch") == 0)
        fputs(help_watch, out);
    else if (strcmp(command, "queue") == 0)
        fputs(help_queue, out);
    else if (strcmp(command, "worker") == 0)
        fputs(help_worker, out);
    else if (strcmp(command, "help") == 0)
        fputs("usage: saydo help COMMAND\n", out);
    else
        return -1;
    return 0;
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("saydo: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cli_report(const saydo_error *err)
{
    char line[SAYDO_ERROR_FILE_MAX + SAYDO_ERROR_MESSAGE_MAX + 64];
    fprintf(stderr, "saydo: %s\n", saydo_error_format(err, line, sizeof line));
}

static int has_cameo(const char *dir)
{
    char path[PATH_MAX];
    struct stat st;
    if (snprintf(path, sizeof path, "%s/cameo.tsv", dir) >= (int)sizeof path)
        return 0;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

const char *cli_default_db(void)
{
    const char *db = getenv("SAYDO_DB");
    return db && *db ? db : "saydo.db";
}

const char *cli_redact_url(const char *url, char *buf, size_t n)
{
    if (!n)
        return buf;
    buf[0] = '\0';
    if (!url)
        return buf;
    size_t k = 0, len = strlen(url), i = 0;
#define PUT(c) do { if (k + 1 < n) buf[k++] = (c); } while (0)
    /* scheme://user:PASSWORD@host... */
    const char *scheme = strstr(url, "://");
    size_t pass_from = len, pass_to = len;
    if (scheme) {
        const char *auth = scheme + 3;
        size_t auth_len = strcspn(auth, "/?");
        const char *at = NULL;
        for (size_t j = 0; j < auth_len; j++)
            if (auth[j] == '@')
                at = auth + j;
        const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
        if (colon) {
            pass_from = (size_t)(colon + 1 - url);
            pass_to = (size_t)(at - url);
        }
    }
    while (i < len) {
        if (i == pass_from) {
            for (const char *m = "***"; *m; m++)
                PUT(*m);
            i = pass_to;
            continue;
        }
        /* password=VALUE in a URL's query or a key=value conninfo */
        if (strncmp(url + i, "password", 8) == 0 &&
            (i == 0 || url[i - 1] == '?' || url[i - 1] == '&' || url[i - 1] == ' ')) {
            size_t j = i + 8;
            while (url[j] == ' ')
                j++;
            if (url[j] == '=') {
                j++;
                while (url[j] == ' ')
                    j++;
                for (; i < j; i++)
                    PUT(url[i]);
                for (const char *m = "***"; *m; m++)
                    PUT(*m);
                if (url[j] == '\'') { /* a quoted conninfo value */
                    for (j++; url[j] && url[j] != '\''; j++)
                        if (url[j] == '\\' && url[j + 1])
                            j++;
                    if (url[j])
                        j++;
                } else {
                    j += strcspn(url + j, scheme ? "&" : " ");
                }
                i = j;
                continue;
            }
        }
        PUT(url[i]);
        i++;
    }
#undef PUT
    buf[k] = '\0';
    return buf;
}

const char *cli_data_dir(const char *option)
{
    static char found[PATH_MAX];
    if (option && *option)
        return option;
    const char *env = getenv("SAYDO_DATA");
    if (env && *env)
        return env;
    /* Installed: <prefix>/bin/saydo -> <prefix>/share/saydo, wherever the
     * prefix was moved to.  Running from a build tree: <repo>/build[/x]/saydo
     * -> <repo>/data. */
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        const char *bin = strrchr(exe, '/');
        if (bin && snprintf(found, sizeof found, "%.*s/../share/saydo", (int)(bin - exe), exe) <
                       (int)sizeof found &&
            has_cameo(found))
            return found;
        for (int up = 0; up < 3; up++) {
            char *slash = strrchr(exe, '/');
            if (!slash)
                break;
            *slash = '\0';
            if (snprintf(found, sizeof found, "%s/data", exe) < (int)sizeof found &&
                has_cameo(found))
                return found;
        }
    }
    return NULL;
}

/* Without main, for the fuzz harness of the HTTP server and the test
 * runner, which link the CLI's objects ($(BUILD)/libsaydo-cli.a). */
#ifndef SAYDO_CLI_NO_MAIN
int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(overview, stderr);
        return CLI_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        fputs(overview, stdout);
        return CLI_OK;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("saydo %s\n", saydo_version());
        return CLI_OK;
    }
    if (strcmp(cmd, "help") == 0) {
        if (cli_help(argc > 2 ? argv[2] : NULL, stdout) != 0) {
            cli_error("no such command: %s (try 'saydo --help')", argv[2]);
            return CLI_USAGE;
        }
        return CLI_OK;
    }
    if (strcmp(cmd, "code") == 0)
        return cmd_code(argc - 1, argv + 1);
    if (strcmp(cmd, "sentences") == 0)
        return cmd_sentences(argc - 1, argv + 1);
    if (strcmp(cmd, "parse") == 0)
        return cmd_parse(argc - 1, argv + 1);
    if (strcmp(cmd, "cameo") == 0)
        return cmd_cameo(argc - 1, argv + 1);
    if (strcmp(cmd, "actors") == 0)
        return cmd_actors(argc - 1, argv + 1);
    if (strcmp(cmd, "ingest") == 0)
        return cmd_ingest(argc - 1, argv + 1);
    if (strcmp(cmd, "query") == 0)
        return cmd_query(argc - 1, argv + 1);
    if (strcmp(cmd, "serve") == 0)
        return cmd_serve(argc - 1, argv + 1);
    if (strcmp(cmd, "watch") == 0)
        return cmd_watch(argc - 1, argv + 1);
    if (strcmp(cmd, "queue") == 0)
        return cmd_queue(argc - 1, argv + 1);
    if (strcmp(cmd, "worker") == 0)
        return cmd_worker(argc - 1, argv + 1);
    cli_error("unknown command '%s' (try 'saydo --help')", cmd);
    return CLI_USAGE;
}
#endif
