/*
 * abbrev.c -- abbreviation and sentence-starter tables (see abbrev.h).
 */
#include "abbrev.h"

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

static int in_list(const char *const *list, const char *w, size_t n)
{
    /* the first letters compared first: this runs for many tokens */
    for (size_t i = 0; list[i]; i++)
        if ((n == 0 || ascii_lower(list[i][0]) == ascii_lower(w[0])) && strlen(list[i]) == n &&
            strncasecmp(list[i], w, n) == 0)
            return 1;
    return 0;
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
    if (in_list(title_words, w, n)) {
        if (is_upper(w[0]) || (n == 2 && strncmp(w, "vs", 2) == 0))
            return SD_ABBR_TITLE;
        return SD_ABBR_NONE;
    }
    if (in_list(other_words, w, n)) {
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
