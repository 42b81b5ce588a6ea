/*
 * abbrev.c -- abbreviation and sentence-starter tables (see abbrev.h).
 */
#include "abbrev.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* Titles and other words that always precede something (a name, a
 * number): a dot after them never ends a sentence. */
static const char *const title_words[] = {
    "mr", "mrs", "ms", "messrs", "dr", "gen", "gens", "lt", "col", "sen", "sens",
    "rep", "reps", "gov", "govs", "st", "prof", "sgt", "capt", "maj", "adm", "cmdr",
    "rev", "hon", "pres", "mt", "ft", "vs", "cpl", "pvt", "brig", "supt", "insp",
    "det", "amb", "atty", "fr", "sec", "secy", "lieut", "cmdt", "rt", NULL};

/* Abbreviations that may also end a sentence. */
static const char *const other_words[] = {
    "jr", "sr", "inc", "corp", "co", "ltd", "llc", "plc", "bros", "etc", "approx",
    "dept", "est", "govt", "univ", "assn", "ave", "blvd", "rd", "no", "nos", "al",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "vol", "pp", "cf", "ca", "ph", "mln", "bln", NULL};

static char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

/* The two lists in one open-addressing table of their words, built once
 * (pthread_once) and read-only after: sd_abbrev_kind runs for every word
 * before a dot. */
enum { IN_TITLE = 1, IN_OTHER = 2 };
#define WORD_SLOTS 256u /* a power of two, over twice the words */
typedef struct word_slot {
    const char *word; /* NULL: empty */
    size_t len;
    unsigned lists;   /* IN_* */
} word_slot;
static word_slot word_tab[WORD_SLOTS];
static pthread_once_t word_tab_once = PTHREAD_ONCE_INIT;

static uint32_t word_hash(const char *w, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h;
}

static word_slot *word_find(const char *w, size_t n)
{
    for (uint32_t j = word_hash(w, n) & (WORD_SLOTS - 1);; j = (j + 1) & (WORD_SLOTS - 1)) {
        word_slot *slot = &word_tab[j];
        if (!slot->word || (slot->len == n && memcmp(slot->word, w, n) == 0))
            return slot;
    }
}

static void word_tab_add(const char *const *list, unsigned flag)
{
    for (size_t i = 0; list[i]; i++) {
        word_slot *slot = word_find(list[i], strlen(list[i]));
        slot->word = list[i];
        slot->len = strlen(list[i]);
        slot->lists |= flag;
    }
}

static void word_tab_build(void)
{
    word_tab_add(title_words, IN_TITLE);
    word_tab_add(other_words, IN_OTHER);
}

/* Is w[0..n) (1 <= n <= 12), compared without case, in the list IN_*?  The
 * lists are lower-case ASCII, so w lower-cased must be one of its words. */
static int in_list(unsigned list, const char *w, size_t n)
{
    char low[12];
    if (n == 0 || n > sizeof low)
        return 0;
    for (size_t i = 0; i < n; i++)
        low[i] = ascii_lower(w[i]);
    pthread_once(&word_tab_once, word_tab_build);
    const word_slot *slot = word_find(low, n);
    return slot->word && (slot->lists & list);
}

static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || is_upper(c); }

int sd_abbrev_kind(const char *w, size_t n, char next)
{
    if (n == 0 || n > 12)
        return SD_ABBR_NONE;
    /* "No. 5" but not "he said no." */
    if (n == 2 && (w[0] == 'N' || w[0] == 'n') && (w[1] == 'o' || w[1] == 'O'))
        return (next >= '0' && next <= '9') ? SD_ABBR_TITLE : SD_ABBR_NONE;
    if (n == 3 && strncasecmp(w, "nos", 3) == 0)
        return (next >= '0' && next <= '9') ? SD_ABBR_TITLE : SD_ABBR_NONE;
    /* Single letters: initials (John F. Kennedy) and "U. S.". */
    if (n == 1 && is_alpha(w[0]))
        return is_upper(w[0]) ? SD_ABBR_OTHER : SD_ABBR_NONE;
    /* Letters with inner dots: U.S, J.R.R, e.g, a.m. */
    int dots = 0, letters = 0, ok = 1;
    for (size_t i = 0; i < n; i++) {
        if (w[i] == '.')
            dots++;
        else if (is_alpha(w[i]))
            letters++;
        else
            ok = 0;
    }
    if (ok && dots > 0 && letters <= dots + 1 && w[0] != '.' && w[n - 1] != '.')
        return SD_ABBR_OTHER;
    if (!ok || dots)
        return SD_ABBR_NONE;
    /* Titles must be capitalised (or lower-case "vs"). */
    if (in_list(IN_TITLE, w, n)) {
        if (is_upper(w[0]) || (n == 2 && strncmp(w, "vs", 2) == 0))
            return SD_ABBR_TITLE;
        return SD_ABBR_NONE;
    }
    if (in_list(IN_OTHER, w, n)) {
        /* Month and weekday names are capitalised; "sat." and "co." are not. */
        if (is_upper(w[0]) || strncmp(w, "etc", n) == 0 || strncmp(w, "approx", n) == 0 ||
            strncmp(w, "al", n) == 0)
            return SD_ABBR_OTHER;
        return SD_ABBR_NONE;
    }
    return SD_ABBR_NONE;
}

static const char *const starter_words[] = {
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "This", "That",
    "These", "Those", "There", "Here", "But", "And", "Or", "So", "Yet", "Nor", "In",
    "On", "At", "After", "Before", "Meanwhile", "However", "His", "Her", "Their",
    "Its", "Our", "My", "When", "While", "As", "If", "Last", "Earlier", "Later",
    "Since", "Although", "Though", "According", "Some", "Many", "Most", "Both",
    "Such", "What", "Why", "How", "Who", "Where", "For", "With", "Without", "During",
    "Under", "Over", "From", "By", "Despite", "Amid", "Also", "Still", "Now", "Then",
    "Yesterday", "Today", "Tomorrow", "Separately", "Instead", "Elsewhere", "Asked",
    "Speaking", "No", "Neither", "Each", "Every", "All", "Several", "Other", "Officials",
    "Its", "One", "Two", "Three", "Until", "Because", "Once", "Thus", "Still", NULL};

int sd_is_sentence_starter(const char *w, size_t n)
{
    for (size_t i = 0; starter_words[i]; i++)
        if ((n == 0 || starter_words[i][0] == w[0]) && strlen(starter_words[i]) == n &&
            memcmp(starter_words[i], w, n) == 0)
            return 1;
    return 0;
}
