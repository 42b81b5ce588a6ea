/*
 * Spec handlers for the grammar layer (tests/spec/README.md):
 *
 *   --- grammar_tagged [headline] [tags] [np] [vg] [pp] [clause]
 *       The input gives each token's tag: "The/DT troops/NNS were/VBD
 *       killed/VBN ./."; a word that saydo splits into two tokens carries
 *       two tags ("Rwanda's/NNP/POS").  The chunker and clause analyser run
 *       on those tags, so these cases test them without the tagger.
 *   --- grammar [headline] [tags] [np] [vg] [pp] [clause]
 *       The same through the whole pipeline: saydo's tokenizer and the
 *       trained tagger (skipped when data/gen/tagger.bin is absent).  The
 *       input is one sentence; 'headline' reads it as a headline.
 *
 * Output: the parts named (default np, vg and clause) as sd_parse_print
 * writes them (src/grammar_print.c).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "grammar.h"
#include "grammar_print.h"
#include "result.h"
#include "tag.h"
#include "test.h"

static sd_grammar_words *shared_words;
static int shared_words_failed;

static void free_shared_words(void) { sd_grammar_words_free(shared_words); }

static sd_grammar_words *spec_words(sd_buf *out)
{
    if (shared_words || shared_words_failed)
        return shared_words;
    saydo_error err;
    if (sd_grammar_words_load("data/grammar/syntax.words", &shared_words, &err) != 0) {
        char line[2048];
        sd_buf_printf(out, "grammar words: %s", saydo_error_format(&err, line, sizeof line));
        shared_words_failed = 1;
        return NULL;
    }
    atexit(free_shared_words);
    return shared_words;
}

static int has_arg(const char *args, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = args; (p = strstr(p, word)) != NULL; p += n)
        if ((p == args || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return 1;
    return 0;
}

static unsigned parts(const char *args)
{
    unsigned what = 0;
    if (has_arg(args, "tags"))
        what |= SD_PRINT_TAGS;
    if (has_arg(args, "np"))
        what |= SD_PRINT_NP;
    if (has_arg(args, "vg"))
        what |= SD_PRINT_VG;
    if (has_arg(args, "clause"))
        what |= SD_PRINT_CLAUSE;
    if (has_arg(args, "pp"))
        what |= SD_PRINT_PP;
    return what ? what : SD_PRINT_NP | SD_PRINT_VG | SD_PRINT_CLAUSE;
}

/* Split "word/TAG[/TAG]" items into text and a tag list. */
static int split_tagged(const char *input, sd_buf *text, uint16_t *tags, size_t max,
                        size_t *ntags, sd_buf *out)
{
    *ntags = 0;
    for (const char *p = input; *p;) {
        while (*p == ' ' || *p == '\n' || *p == '\t')
            p++;
        if (!*p)
            break;
        const char *w = p;
        while (*p && *p != ' ' && *p != '\n' && *p != '\t')
            p++;
        const char *slash = memchr(w + 1, '/', (size_t)(p - w - 1));
        if (!slash) {
            sd_buf_printf(out, "untagged item '%.*s'", (int)(p - w), w);
            return -1;
        }
        if (text->len)
            sd_buf_putc(text, ' ');
        sd_buf_append(text, w, (size_t)(slash - w));
        for (const char *t = slash + 1; t < p;) {
            const char *e = t;
            while (e < p && *e != '/')
                e++;
            int tag = sd_tag_from_name(t, (size_t)(e - t));
            if (tag < 0 || *ntags >= max) {
                sd_buf_printf(out, "unknown tag '%.*s'", (int)(e - t), t);
                return -1;
            }
            tags[(*ntags)++] = (uint16_t)tag;
            t = e < p ? e + 1 : e;
        }
    }
    return 0;
}

SPEC(grammar_tagged)
{
    sd_grammar_words *words = spec_words(out);
    if (!words)
        return 0;
    sd_buf text = SD_BUF_INIT;
    uint16_t tags[512];
    size_t ntags = 0;
    if (split_tagged(input, &text, tags, 512, &ntags, out)) {
        sd_buf_free(&text);
        return 0;
    }
    sd_arena arena;
    sd_arena_init(&arena);
    sd_doc doc;
    int rc = sd_doc_normalize(&doc, &arena, text.data ? text.data : "", text.len);
    doc.has_title = 0;
    if (!rc)
        rc = sd_doc_split(&doc);
    if (!rc)
        rc = sd_doc_tokenize(&doc);
    if (!rc && doc.ntok != ntags) {
        sd_buf_printf(out, "%zu tags for %zu tokens:", ntags, doc.ntok);
        for (size_t i = 0; i < doc.ntok; i++)
            sd_buf_printf(out, " %.*s", (int)(doc.tok[i].end - doc.tok[i].start),
                          doc.norm + doc.tok[i].start);
    } else if (!rc) {
        for (size_t i = 0; i < doc.ntok; i++)
            doc.tok[i].pos = tags[i];
        sd_parse *p = NULL;
        rc = sd_parse_sentence(words, &doc, 0, (uint32_t)doc.ntok, has_arg(args, "headline"),
                               &arena, &p);
        if (!rc)
            rc = sd_parse_print(out, &doc, p, parts(args));
    }
    sd_arena_free(&arena);
    sd_buf_free(&text);
    return rc;
}

/* One coder for the run's grammar cases (test-only state). */
static saydo_coder *grammar_coder;
static int grammar_coder_failed;

static void free_grammar_coder(void) { saydo_coder_free(grammar_coder); }

SPEC(grammar)
{
    if (!grammar_coder && !grammar_coder_failed) {
        saydo_coder_options co = SAYDO_CODER_OPTIONS_INIT;
        co.min_confidence = 0; /* every event: these specs test the reading, not the default filter */
        co.data_dir = "data";
        saydo_error err;
        if (saydo_coder_new(&co, &grammar_coder, &err) != 0) {
            char line[2048];
            sd_buf_printf(out, "coder: %s", saydo_error_format(&err, line, sizeof line));
            grammar_coder_failed = 1;
            return 0;
        }
        atexit(free_grammar_coder);
    }
    if (!grammar_coder)
        return 0;
    if (!grammar_coder->tagger || !grammar_coder->grammar) {
        t->skipped = 1;
        return 0;
    }
    /* A headline case is the first line of a plain-text article. */
    int headline = has_arg(args, "headline");
    sd_buf text = SD_BUF_INIT;
    sd_buf_puts(&text, input);
    if (headline)
        sd_buf_puts(&text, "\n\nThe body follows.");
    saydo_article *article = NULL;
    saydo_result *result = NULL;
    saydo_error err;
    int rc = saydo_article_new("spec", NULL, headline ? NULL : "-", text.data, text.len,
                               &article, &err);
    if (!rc)
        rc = saydo_parse(grammar_coder, article, &result, &err);
    if (rc) {
        char line[2048];
        sd_buf_printf(out, "parse: %s", saydo_error_format(&err, line, sizeof line));
    } else {
        const sd_doc *doc = &result->doc;
        for (size_t i = 0; i < doc->nsent && (!headline || i < 1); i++)
            if (doc->sent[i].parse &&
                (headline || doc->sent[i].kind != SAYDO_SENT_HEADLINE))
                sd_parse_print(out, doc, doc->sent[i].parse, parts(args));
    }
    saydo_result_free(result);
    saydo_article_free(article);
    sd_buf_free(&text);
    return 0;
}
