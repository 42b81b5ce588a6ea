/*
 * bench-tagger -- the shipped tagger model, measured through the library
 * (sd_tagger_load, sd_tagger_tag) on the held-out Brown files (ca10, ca20,
 * ...; tools/brown.h), as `make bench` reports it.
 *
 *     bench-tagger [--seconds S] MODEL CORPUS_DIR
 *
 * Prints the model's size and load time, its accuracy on all tokens and on
 * words unseen in training, and its speed in tokens per second of CPU time
 * on one core (the test split tagged again and again for about S seconds,
 * default 2).  Exit status 0; 1 when the model does not load; 2 when there
 * is no corpus.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "brown.h"
#include "tag.h"
#include "text.h"

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* An sd_doc over the corpus: the words joined by spaces, one sd_sentence
 * per Brown sentence, token flags as saydo's tokenizer would set them. */
static void make_doc(sd_doc *doc, const brown_corpus *c)
{
    memset(doc, 0, sizeof *doc);
    size_t len = 0;
    for (size_t i = 0; i < c->ntok; i++)
        len += c->tok[i].len + 1;
    doc->norm = malloc(len + 1);
    doc->tok = calloc(c->ntok ? c->ntok : 1, sizeof *doc->tok);
    doc->sent = calloc(c->nsent ? c->nsent : 1, sizeof *doc->sent);
    if (!doc->norm || !doc->tok || !doc->sent) {
        fprintf(stderr, "bench-tagger: out of memory\n");
        exit(1);
    }
    size_t o = 0;
    for (size_t s = 0; s < c->nsent; s++) {
        const brown_sent *bs = &c->sent[s];
        doc->sent[s].tok_first = bs->first;
        doc->sent[s].tok_count = bs->count;
        int seen_word = 0;
        for (size_t k = 0; k < bs->count; k++) {
            const brown_tok *t = &c->tok[bs->first + k];
            sd_token *tok = &doc->tok[bs->first + k];
            const char *w = brown_word(c, t);
            unsigned char c0 = (unsigned char)w[0];
            tok->start = (uint32_t)o;
            memcpy(doc->norm + o, w, t->len);
            o += t->len;
            tok->end = (uint32_t)o;
            doc->norm[o++] = ' ';
            tok->lower = brown_lower(c, t);
            tok->lemma = tok->lower;
            if (isdigit(c0))
                tok->flags = SD_TOK_NUM;
            else if (isalpha(c0) || c0 >= 0x80)
                tok->flags = SD_TOK_WORD;
            else if (t->fixed == SD_TAG_POS)
                tok->flags = SD_TOK_POSS;
            else if (t->len > 1 && w[0] == '\'')
                tok->flags = t->tag == SD_TAG_POS ? SD_TOK_POSS : SD_TOK_CLITIC;
            else
                tok->flags = SD_TOK_PUNCT | (c0 == '"' || c0 == '\'' ? SD_TOK_QUOTE : 0);
            if (t->upper)
                tok->flags |= SD_TOK_CAP;
            if (t->allcaps)
                tok->flags |= SD_TOK_ALLCAPS;
            if (!seen_word && (tok->flags & (SD_TOK_WORD | SD_TOK_NUM))) {
                tok->flags |= SD_TOK_SENT_START;
                seen_word = 1;
            }
        }
    }
    doc->norm[o] = '\0';
    doc->norm_len = o;
    doc->ntok = c->ntok;
    doc->nsent = c->nsent;
}

static void tag_all(const sd_tagger *tg, sd_doc *doc)
{
    for (size_t s = 0; s < doc->nsent; s++)
        sd_tagger_tag(tg, doc, doc->sent[s].tok_first, doc->sent[s].tok_count, 0);
}

int main(int argc, char **argv)
{
    double seconds = 2;
    int argi = 1;
    if (argc > 2 && strcmp(argv[1], "--seconds") == 0) {
        seconds = atof(argv[2]);
        argi = 3;
    }
    if (argc - argi != 2) {
        fprintf(stderr, "usage: bench-tagger [--seconds S] MODEL CORPUS_DIR\n");
        return 1;
    }
    const char *model = argv[argi], *dir = argv[argi + 1];
    brown_corpus test = {0};
    if (brown_load(&test, dir, BROWN_TEST) == 0) {
        fprintf(stderr, "bench-tagger: no Brown Corpus files in %s\n", dir);
        return 2;
    }
    sd_tagger *tg = NULL;
    char why[1024];
    double best = 1e9;
    for (int i = 0; i < 3; i++) { /* the best of three loads */
        sd_tagger_free(tg);
        double t0 = cpu_s();
        int rc = sd_tagger_load(model, &tg, why, sizeof why);
        double d = cpu_s() - t0;
        best = d < best ? d : best;
        if (rc) {
            fprintf(stderr, "bench-tagger: %s\n", why[0] ? why : "cannot load the model");
            return 1;
        }
    }
    struct stat st;
    double mb = stat(model, &st) == 0 ? st.st_size / 1e6 : 0;
    printf("  tagger model   %10.1f MB   (%s, loaded in %.1f ms CPU)\n", mb, model, best * 1e3);

    sd_doc doc;
    make_doc(&doc, &test);
    tag_all(tg, &doc);
    size_t right = 0, unk = 0, unk_right = 0;
    for (size_t i = 0; i < test.ntok; i++) {
        const brown_tok *t = &test.tok[i];
        int ok = doc.tok[i].pos == t->tag;
        right += ok;
        if (!t->fixed && !sd_tagger_knows(tg, brown_lower(&test, t), t->len)) {
            unk++;
            unk_right += ok;
        }
    }
    printf("  tagger accuracy %9.2f %%   (%zu/%zu held-out Brown tokens, %zu files)\n",
           100.0 * right / (test.ntok ? test.ntok : 1), right, test.ntok, test.files);
    printf("  unknown words  %10.2f %%   (%zu/%zu tokens of words unseen in training)\n",
           100.0 * unk_right / (unk ? unk : 1), unk_right, unk);

    size_t passes = 0;
    double t0 = cpu_s(), t1 = t0;
    while (t1 - t0 < seconds || passes < 3) {
        tag_all(tg, &doc);
        passes++;
        t1 = cpu_s();
    }
    printf("  tagger speed   %10.2f M tokens/s   (one core: %zu passes over %zu tokens in %.2f s CPU)\n",
           passes * test.ntok / (t1 - t0) / 1e6, passes, test.ntok, t1 - t0);
    sd_tagger_free(tg);
    free(doc.norm);
    free(doc.tok);
    free(doc.sent);
    brown_free(&test);
    return 0;
}
