/*
 * names.c -- the one place where the names saydo writes for its enums are
 * spelled: sentence kinds, moods, quad classes, place precisions (the
 * saydo_*_name functions of saydo.h).  Every writer, the CLI and the HTTP
 * API use these.
 */
#include <string.h>

#include "saydo.h"

const char *saydo_sentence_kind_name(saydo_sentence_kind kind)
{
    switch (kind) {
    case SAYDO_SENT_HEADLINE: return "headline";
    case SAYDO_SENT_DATELINE: return "dateline";
    case SAYDO_SENT_BYLINE: return "byline";
    case SAYDO_SENT_BIO: return "bio";
    default: return "body";
    }
}

static const char *const mood_names[] = {"asserted", "intended", "reported", "denied"};

const char *saydo_mood_name(saydo_mood mood)
{
    return (unsigned)mood < sizeof mood_names / sizeof mood_names[0] ? mood_names[mood]
                                                                     : mood_names[0];
}

int saydo_mood_from_name(const char *name)
{
    for (int i = 0; name && i < (int)(sizeof mood_names / sizeof mood_names[0]); i++)
        if (strcmp(name, mood_names[i]) == 0)
            return i;
    return -1;
}

const char *saydo_quad_name(saydo_quad quad)
{
    switch (quad) {
    case SAYDO_QUAD_VERBAL_COOP: return "verbal_coop";
    case SAYDO_QUAD_MATERIAL_COOP: return "material_coop";
    case SAYDO_QUAD_VERBAL_CONFLICT: return "verbal_conflict";
    case SAYDO_QUAD_MATERIAL_CONFLICT: return "material_conflict";
    default: return "none";
    }
}

const char *saydo_geo_precision_name(saydo_geo_precision precision)
{
    switch (precision) {
    case SAYDO_GEO_COUNTRY: return "country";
    case SAYDO_GEO_ADMIN1: return "admin1";
    case SAYDO_GEO_CITY: return "city";
    default: return "none";
    }
}
