/*
 * tag_name.c -- the tagset's printed names (tag.h).
 */
#include <string.h>

#include "tag.h"

static const char *const tag_names[SD_TAG_COUNT] = {
#define SD_TAG_NAME(name, str) str,
    SD_TAG_LIST(SD_TAG_NAME)
#undef SD_TAG_NAME
};

const char *sd_tag_name(unsigned tag)
{
    return tag < SD_TAG_COUNT ? tag_names[tag] : "?";
}

int sd_tag_from_name(const char *name, size_t n)
{
    for (int t = 0; t < SD_TAG_COUNT; t++)
        if (strlen(tag_names[t]) == n && memcmp(tag_names[t], name, n) == 0)
            return t;
    return -1;
}
