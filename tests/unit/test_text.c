/* Unit tests and spec handlers for the text pipeline: utf8.c, sentence.c,
 * token.c, lemma.c. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "test.h"
#include "text.h"

int sd_lemma_table_ok(void);

/* Run the pipeline up to stage (1 normalize, 2 split, 3 tokenize). */
static int run_pipeline(sd_doc *doc, sd_arena *arena, const char *text, size_t len,
                        int has_title, int stage)
{
    int rc = sd_doc_normalize(doc, arena, text, len);
    if (rc || stage < 2)
        return rc;
    doc->has_title = has_title;
    rc = sd_doc_split(doc);
    if (rc || stage < 3)
        return rc;
    return sd_doc_tokenize(doc);
}

static int has_arg(const char *args, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = args; (p = strstr(p, word)) != NULL; p += n)
        if ((p == args || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return 1;
    return 0;
}

/* One line per sentence: "kind|text".  Args: "title" sets has_title. */
SPEC(sentences)
{
    sd_arena arena;
    sd_arena_init(&arena);
    sd_doc doc;
    int rc = run_pipeline(&doc, &arena, input, strlen(input), has_arg(args, "title"), 2);
    if (rc == 0)
        for (size_t i = 0; i < doc.nsent; i++) {
            const sd_sentence *s = &doc.sent[i];
            sd_buf_printf(out, "%s|%.*s\n", saydo_sentence_kind_name(s->kind), (int)(s->end - s->start),
                          doc.norm + s->start);
        }
    sd_arena_free(&arena);
    return rc;
}

/* One line per sentence: its tokens, separated by spaces, each followed by
 * "/" and flag letters when it has any shown flag (tests/spec/README.md). */
SPEC(tokens)
{
    sd_arena arena;
    sd_arena_init(&arena);
    sd_doc doc;
    int show_case = has_arg(args, "case"), show_lemma = has_arg(args, "lemma");
    int rc = run_pipeline(&doc, &arena, input, strlen(input), 0, 3);
    if (rc == 0)
        for (size_t i = 0; i < doc.nsent; i++) {
            const sd_sentence *s = &doc.sent[i];
            for (size_t k = 0; k < s->tok_count; k++) {
                const sd_token *tok = &doc.tok[s->tok_first + k];
                if (k)
                    sd_buf_putc(out, ' ');
                sd_buf_append(out, doc.norm + tok->start, tok->end - tok->start);
                char flags[16];
                size_t nf = 0;
                uint32_t f = tok->flags;
                if (f & SD_TOK_QUOTE) flags[nf++] = 'Q';
                if (f & SD_TOK_QUOTED) flags[nf++] = 'q';
                if (f & SD_TOK_ABBREV) flags[nf++] = 'A';
                if (f & SD_TOK_POSS) flags[nf++] = 'P';
                if (f & SD_TOK_CLITIC) flags[nf++] = 'C';
                if (f & SD_TOK_HYPHEN) flags[nf++] = 'H';
                if (f & SD_TOK_NUM) flags[nf++] = 'N';
                if (show_case) {
                    if (f & SD_TOK_CAP) flags[nf++] = 'c';
                    if (f & SD_TOK_ALLCAPS) flags[nf++] = 'U';
                    if (f & SD_TOK_SENT_START) flags[nf++] = 's';
                }
                if (nf) {
                    sd_buf_putc(out, '/');
                    sd_buf_append(out, flags, nf);
                }
                if (show_lemma && strcmp(tok->lemma, tok->lower) != 0)
                    sd_buf_printf(out, "=%s", tok->lemma);
            }
            sd_buf_putc(out, '\n');
        }
    sd_arena_free(&arena);
    return rc;
}

/* The normalised text; with "offsets", then a line "@" and the original
 * offset of every normalised byte. */
SPEC(normalize)
{
    sd_arena arena;
    sd_arena_init(&arena);
    sd_doc doc;
    int rc = run_pipeline(&doc, &arena, input, strlen(input), 0, 1);
    if (rc == 0) {
        sd_buf_append(out, doc.norm, doc.norm_len);
        sd_buf_putc(out, '\n');
        if (has_arg(args, "offsets")) {
            sd_buf_putc(out, '@');
            for (size_t i = 0; i <= doc.norm_len; i++)
                sd_buf_printf(out, " %u", doc.orig_off[i]);
            sd_buf_putc(out, '\n');
        }
    }
    sd_arena_free(&arena);
    return rc;
}

/* Input: one lower-case word a line; output "word lemma". */
SPEC(lemma)
{
    sd_arena arena;
    sd_arena_init(&arena);
    const char *p = input;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\r'))
            n--;
        if (n) {
            char *word = sd_arena_strndup(&arena, p, n);
            const char *lemma = sd_lemma(&arena, word, n);
            sd_buf_printf(out, "%s %s\n", word, lemma ? lemma : "(null)");
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    sd_arena_free(&arena);
    return 0;
}

TEST(lemma_table_sorted)
{
    CHECK(sd_lemma_table_ok());
}

/* Inflection families must share one lemma. */
TEST(lemma_families)
{
    static const char *const families[][6] = {
        {"reduce", "reduces", "reduced", "reducing", NULL},
        {"stop", "stops", "stopped", "stopping", NULL},
        {"withdraw", "withdraws", "withdrew", "withdrawn", "withdrawing", NULL},
        {"seize", "seizes", "seized", "seizing", NULL},
        {"pull", "pulls", "pulled", "pulling", NULL},
        {"try", "tries", "tried", "trying", NULL},
        {"escalate", "escalates", "escalated", "escalating", NULL},
        {"provide", "provides", "provided", "providing", NULL},
        {"develop", "develops", "developed", "developing", NULL},
        {"visit", "visits", "visited", "visiting", NULL},
        {"vote", "votes", "voted", "voting", NULL},
        {"handle", "handles", "handled", "handling", NULL},
        {"control", "controls", "controlled", "controlling", NULL},
        {"negotiate", "negotiates", "negotiated", "negotiating", NULL},
        {"accuse", "accuses", "accused", "accusing", NULL},
        {"argue", "argues", "argued", "arguing", NULL},
        {"condemn", "condemns", "condemned", "condemning", NULL},
        {"criticize", "criticizes", "criticized", "criticizing", NULL},
        {"announce", "announces", "announced", "announcing", NULL},
        {"evacuate", "evacuates", "evacuated", "evacuating", NULL},
        {"threaten", "threatens", "threatened", "threatening", NULL},
        {"strike", "strikes", "struck", "striking", NULL},
        {"plan", "plans", "planned", "planning", NULL},
        {"ban", "bans", "banned", "banning", NULL},
        {"agree", "agrees", "agreed", "agreeing", NULL},
        {"release", "releases", "released", "releasing", NULL},
        {"refuse", "refuses", "refused", "refusing", NULL},
        {"deny", "denies", "denied", "denying", NULL},
        {"promise", "promises", "promised", "promising", NULL},
        {"invade", "invades", "invaded", "invading", NULL},
    };
    sd_arena arena;
    sd_arena_init(&arena);
    for (size_t f = 0; f < sizeof families / sizeof families[0]; f++) {
        const char *base = families[f][0];
        for (size_t k = 0; k < 6 && families[f][k]; k++) {
            const char *lemma = sd_lemma(&arena, families[f][k], strlen(families[f][k]));
            if (!lemma || strcmp(lemma, base) != 0)
                sd_test_fail(t, __FILE__, __LINE__, "lemma(%s) = %s, expected %s",
                             families[f][k], lemma ? lemma : "(null)", base);
        }
    }
    sd_arena_free(&arena);
}

/* Every token's original span normalises to the token's text. */
static void check_token_offsets(sd_test *t, const char *text)
{
    sd_arena arena;
    sd_arena_init(&arena);
    sd_doc doc;
    CHECK_INT(run_pipeline(&doc, &arena, text, strlen(text), 0, 3), 0);
    for (size_t i = 0; i < doc.ntok; i++) {
        const sd_token *tok = &doc.tok[i];
        size_t a = sd_doc_orig(&doc, tok->start), b = sd_doc_orig(&doc, tok->end);
        CHECK(a < b && b <= doc.orig_len);
        sd_arena sub_arena;
        sd_arena_init(&sub_arena);
        sd_doc sub;
        CHECK_INT(sd_doc_normalize(&sub, &sub_arena, text + a, b - a), 0);
        /* The original span may carry a dash's padding or removed bytes;
         * its normalised form must contain the token. */
        char *want = sd_arena_strndup(&sub_arena, doc.norm + tok->start, tok->end - tok->start);
        CHECK_CONTAINS(sub.norm, want);
        sd_arena_free(&sub_arena);
    }
    for (size_t i = 1; i <= doc.norm_len; i++)
        CHECK(doc.orig_off[i - 1] <= doc.orig_off[i]);
    CHECK_INT(doc.orig_off[doc.norm_len], strlen(text));
    sd_arena_free(&arena);
}

TEST(text_token_offsets)
{
    check_token_offsets(t, "Kyiv\n\n\xe2\x80\x9cWe\xe2\x80\x99re ready,\xe2\x80\x9d the "
                           "Cafe\xcc\x81 owner said \xe2\x80\x94 and Zelensky\xe2\x80\x99s aide "
                           "agreed\xe2\x80\xa6 Then Jos\xc3\xa9 left.\xc2\xa0U.S. troops "
                           "can\xe2\x80\x99t stay.");
    check_token_offsets(t, "A\xcc\x8a\xcc\x81 e\xcc\x81\xcc\x82\xcc\xa3 "
                           "\xe1\x84\x80\xe1\x85\xa1 \xef\xbb\xbfsoft\xc2\xadhyphen\xe2\x80\x8b.");
    /* Original characters behind a curly quote and a combining mark. */
    sd_arena arena;
    sd_arena_init(&arena);
    sd_doc doc;
    const char *text = "\xe2\x80\x9c" "Cafe\xcc\x81\xe2\x80\x9d";
    CHECK_INT(run_pipeline(&doc, &arena, text, strlen(text), 0, 3), 0);
    CHECK_STR(doc.norm, "\"Caf\xc3\xa9\"");
    CHECK_INT(doc.ntok, 3);
    if (doc.ntok == 3) {
        CHECK_INT(sd_doc_orig(&doc, doc.tok[1].start), 3);
        CHECK_INT(sd_doc_orig(&doc, doc.tok[1].end), 9);
        CHECK_INT(sd_doc_orig(&doc, doc.tok[2].start), 9);
        CHECK_INT(sd_doc_orig(&doc, doc.tok[2].end), 12);
    }
    sd_arena_free(&arena);
}

/* A long paragraph without punctuation: linear time, cut into pieces of
 * at most 4096 bytes (sentence.c, SENTENCE_MAX_BYTES) in order, at spaces,
 * with nothing lost. */
static void check_pieces(sd_test *t, const sd_doc *doc, size_t min_sent)
{
    CHECK(doc->nsent >= min_sent);
    for (size_t i = 0; i < doc->nsent; i++) {
        CHECK(doc->sent[i].end - doc->sent[i].start <= 4096);
        if (i > 0)
            CHECK(doc->sent[i].start >= doc->sent[i - 1].end);
    }
}

TEST(text_long_sentence)
{
    size_t target = t->quick ? 200000 : 1000000;
    sd_buf b = SD_BUF_INIT;
    static const char *const words[] = {"troops ", "moved ", "near ", "the ", "border ",
                                        "Russia's ", "forces ", "can't ", "U.S ", "e\xcc\x81 "};
    for (size_t i = 0; b.len < target; i++)
        sd_buf_puts(&b, words[i % 10]);
    sd_arena arena;
    sd_arena_init(&arena);
    sd_doc doc;
    CHECK_INT(run_pipeline(&doc, &arena, b.data, b.len, 0, 3), 0);
    check_pieces(t, &doc, target / 8192); /* (normalising shortens it) */
    CHECK(doc.ntok > target / 8);
    sd_arena_free(&arena);

    /* One 'word' without any space. */
    sd_buf_clear(&b);
    for (size_t i = 0; b.len < target; i++)
        sd_buf_puts(&b, i % 2 ? "a-" : "b,");
    sd_arena_init(&arena);
    CHECK_INT(run_pipeline(&doc, &arena, b.data, b.len, 0, 3), 0);
    check_pieces(t, &doc, target / 8192); /* (normalising shortens it) */
    sd_arena_free(&arena);
    sd_buf_free(&b);
}

/* Many quotation marks, nested and unbalanced: finishes, and an unclosed
 * quote does not swallow later paragraphs. */
TEST(text_many_quotes)
{
    size_t marks = t->quick ? 6000 : 30000;
    sd_buf b = SD_BUF_INIT;
    for (size_t i = 0; i < marks; i++)
        sd_buf_puts(&b, i % 3 == 0 ? "\"a " : i % 3 == 1 ? "\xe2\x80\x9c" "b. " : "'c\" ");
    sd_buf_puts(&b, "\n\nThe talks ended. Russia left.\n");
    sd_arena arena;
    sd_arena_init(&arena);
    sd_doc doc;
    CHECK_INT(run_pipeline(&doc, &arena, b.data, b.len, 0, 3), 0);
    CHECK(doc.nsent >= 3);
    if (doc.nsent >= 2) {
        const sd_sentence *last = &doc.sent[doc.nsent - 1];
        CHECK_INT(last->end - last->start, strlen("Russia left."));
        CHECK(!memchr(doc.norm + doc.sent[doc.nsent - 2].start, '"',
                      doc.sent[doc.nsent - 2].end - doc.sent[doc.nsent - 2].start));
    }
    sd_arena_free(&arena);

    /* An unclosed quote in a long paragraph of sentences. */
    sd_buf_clear(&b);
    sd_buf_puts(&b, "He said \"we will go. ");
    for (size_t i = 0; i < marks / 10; i++)
        sd_buf_puts(&b, "The army left. ");
    sd_arena_init(&arena);
    CHECK_INT(run_pipeline(&doc, &arena, b.data, b.len, 0, 3), 0);
    CHECK(doc.nsent > marks / 20);
    sd_arena_free(&arena);
    sd_buf_free(&b);
}

/* The seed article in ../shared: headline, sub-headline, quotations kept
 * whole with their attributions, byline and bio. */
TEST(text_seed_article)
{
    if (!t->shared)
        SKIP("no shared folder");
    char path[4096];
    snprintf(path, sizeof path, "%s/examples/seed/article.txt", t->shared);
    size_t len;
    char *text = sd_test_read_file(path, &len);
    if (!text)
        SKIP("no seed article");
    sd_arena arena;
    sd_arena_init(&arena);
    sd_doc doc;
    CHECK_INT(run_pipeline(&doc, &arena, text, len, 0, 3), 0);
    CHECK(doc.nsent >= 8);
    if (doc.nsent < 8) {
        sd_arena_free(&arena);
        free(text);
        return;
    }
    CHECK_INT(doc.sent[0].kind, SAYDO_SENT_HEADLINE);
    CHECK_INT(doc.sent[1].kind, SAYDO_SENT_HEADLINE);
    CHECK_INT(doc.sent[0].paragraph, 0);
    CHECK_INT(doc.sent[1].paragraph, 1);
    /* Every quotation (between U+201C and U+201D) inside one sentence, and
     * an attribution right after it in the same sentence. */
    const char *open_mark = "\xe2\x80\x9c", *close_mark = "\xe2\x80\x9d";
    int quotes = 0, attributed = 0;
    for (const char *p = strstr(text, open_mark); p; p = strstr(p + 3, open_mark)) {
        const char *q = strstr(p + 3, close_mark);
        CHECK(q != NULL);
        if (!q)
            break;
        quotes++;
        size_t a = (size_t)(p - text), b = (size_t)(q - text) + 3;
        /* The attribution: ", Blinken said" / ", he said" after the mark. */
        size_t attr_end = b;
        const char *after = text + b;
        if (strncmp(after, " Blinken said", 13) == 0 || strncmp(after, " he said", 8) == 0) {
            attr_end = (size_t)(strchr(after, 'd') - text) + 1;
            attributed++;
        }
        int inside = 0;
        for (size_t i = 0; i < doc.nsent; i++) {
            size_t s = sd_doc_orig(&doc, doc.sent[i].start), e = sd_doc_orig(&doc, doc.sent[i].end);
            if (s <= a && attr_end <= e) {
                inside = 1;
                CHECK(doc.sent[i].quoted);
            }
        }
        if (!inside)
            sd_test_fail(t, __FILE__, __LINE__, "quotation at byte %zu is split", a);
        p = q;
    }
    CHECK(quotes >= 5);
    CHECK(attributed >= 3);
    int bylines = 0;
    for (size_t i = 2; i < doc.nsent; i++) {
        const sd_sentence *s = &doc.sent[i];
        const char *st = doc.norm + s->start;
        if (strncmp(st, "Author: Dave DeCamp", 19) == 0) {
            CHECK_INT(s->kind, SAYDO_SENT_BYLINE);
            bylines++;
        } else if (s->paragraph == doc.sent[doc.nsent - 1].paragraph) {
            CHECK_INT(s->kind, SAYDO_SENT_BIO);
        } else if (s->kind != SAYDO_SENT_BODY) {
            sd_test_fail(t, __FILE__, __LINE__, "sentence %zu is %s: %.60s", i,
                         saydo_sentence_kind_name(s->kind), st);
        }
    }
    CHECK_INT(bylines, 1);
    CHECK_INT(doc.sent[doc.nsent - 1].kind, SAYDO_SENT_BIO);
    /* Tokens: SD_TOK_QUOTED inside the quotations. */
    int quoted_tokens = 0;
    for (size_t i = 0; i < doc.ntok; i++)
        quoted_tokens += (doc.tok[i].flags & SD_TOK_QUOTED) != 0;
    CHECK(quoted_tokens > 50);
    sd_arena_free(&arena);
    free(text);
}

TEST(text_empty)
{
    sd_arena arena;
    sd_arena_init(&arena);
    sd_doc doc;
    CHECK_INT(run_pipeline(&doc, &arena, "", 0, 0, 3), 0);
    CHECK_INT(doc.nsent, 0);
    CHECK_INT(doc.ntok, 0);
    CHECK_STR(doc.norm, "");
    CHECK_INT(doc.orig_off[0], 0);
    CHECK_INT(run_pipeline(&doc, &arena, " \n\t\n  ", 6, 1, 3), 0);
    CHECK_INT(doc.nsent, 0);
    sd_arena_free(&arena);
}

/* Allocation failures give NOMEM and no crash, at every point. */
TEST(text_alloc_failures)
{
    const char *text = "Headline here\n\nMOSCOW (Reuters) - \xe2\x80\x9cWe\xe2\x80\x99ll see,\xe2\x80\x9d "
                       "Lavrov said. Caf\xc3\xa9s closed.\n\nBy Jane Doe\n";
    for (long n = 1; n < 400; n++) {
        sd_arena arena;
        sd_arena_init(&arena);
        sd_doc doc;
        sd_alloc_fail_after(n);
        int rc = run_pipeline(&doc, &arena, text, strlen(text), 0, 3);
        sd_alloc_fail_after(0);
        CHECK(rc == 0 || rc == SAYDO_ERR_NOMEM);
        sd_arena_free(&arena);
        if (rc == 0)
            break;
    }
}

/* Random news-like text: sentences ordered, trimmed and disjoint; tokens
 * inside their sentences, in order, with lower and lemma set. */
TEST(text_random_invariants)
{
    static const char *const pieces[] = {
        "a", "Kyiv", " ", " ", "\n", "\n\n", ".", ",", "!", "?", "\"", "'", "-", "--", "(",
        ")", "U.S.", "Gen. ", "By ", "Author: ", "MOSCOW (AP) -- ", "n't", "'s", " said",
        " is the editor", "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x99", "\xe2\x80\x94",
        "e\xcc\x81", "\xc2\xa0", "\xe2\x80\xa6", "3.5", "1,000", "www.x.org", "a@b.co", "@h",
        "\xc3\x89", "\xe1\x84\x80\xe1\x85\xa1", "\xc2\xad", "\r\n", "Follow him on X"};
    size_t npieces = sizeof pieces / sizeof pieces[0];
    unsigned long long seed = 12345;
    int rounds = t->quick ? 100 : 500;
    sd_buf b = SD_BUF_INIT;
    for (int r = 0; r < rounds; r++) {
        sd_buf_clear(&b);
        sd_buf_append(&b, "", 0);
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        int n = (int)((seed >> 33) % 120);
        for (int k = 0; k < n; k++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            sd_buf_puts(&b, pieces[(seed >> 33) % npieces]);
        }
        sd_arena arena;
        sd_arena_init(&arena);
        sd_doc doc;
        CHECK_INT(run_pipeline(&doc, &arena, b.data, b.len, r & 1, 3), 0);
        uint32_t prev_end = 0;
        for (size_t i = 0; i < doc.nsent; i++) {
            const sd_sentence *s = &doc.sent[i];
            CHECK(s->start < s->end && s->start >= prev_end && s->end <= doc.norm_len);
            CHECK(doc.norm[s->start] != ' ' && doc.norm[s->start] != '\n');
            CHECK(doc.norm[s->end - 1] != ' ' && doc.norm[s->end - 1] != '\n');
            prev_end = s->end;
            uint32_t tok_end = s->start;
            for (size_t k = 0; k < s->tok_count; k++) {
                const sd_token *tok = &doc.tok[s->tok_first + k];
                CHECK(tok->start >= tok_end && tok->start < tok->end && tok->end <= s->end);
                CHECK(tok->lower != NULL && tok->lemma != NULL);
                tok_end = tok->end;
            }
        }
        for (size_t i = 1; i <= doc.norm_len; i++)
            CHECK(doc.orig_off[i - 1] <= doc.orig_off[i]);
        sd_arena_free(&arena);
        if (t->failed) {
            fprintf(stderr, "  input: %s\n", b.data);
            break;
        }
    }
    sd_buf_free(&b);
}
