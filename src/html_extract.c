/*
 * html_extract.c -- the article of a web page: its metadata and the text
 * of its main content, from libxml2's HTML parser (which recovers from any
 * malformed markup).
 *
 * Passes over the one parsed tree:
 *   1. metadata  <meta property=og:title|og:site_name|og:url|
 *                article:published_time ...>, common date meta names
 *                (date, pubdate, dc.date.issued, parsely-pub-date, ...),
 *                <link rel=canonical>, <title>, the first <h1>, JSON-LD
 *                (<script type=application/ld+json>: headline,
 *                datePublished, publisher.name, url; @graph and arrays),
 *                <time datetime> (itemprop=datePublished or pubdate first).
 *   2. cleaning  elements that are never story text are removed: scripts,
 *                styles, nav, header, footer, aside, forms, buttons,
 *                figures and captions, iframes; elements whose role is
 *                navigation, banner, contentinfo, complementary, dialog;
 *                hidden ones; and elements whose class or id names
 *                boilerplate (comments, related, share, social, cookie,
 *                consent, newsletter, sidebar, breadcrumb, caption, promo,
 *                ad, sponsored, trending, most read, ...).  An element
 *                holding more than half of the page's paragraph text is a
 *                wrapper (an ASP.NET <form>, a "has-sidebar" layout) and is
 *                kept, unless it is sure boilerplate: scripts and the like,
 *                a dialog or hidden element, or a name saying comments,
 *                cookies, consent, newsletter, paywall, modal, related,
 *                advert or sponsor (a consent box longer than the story).
 *   3. content   paragraphs (<p>, <pre>) of 25+ characters that are not
 *                mostly link text score their parent (in full) and
 *                grandparent (half), Readability's way: 1 + commas +
 *                length / 100 (at most 3), with a bonus for article-ish
 *                names (articleBody, story, content, entry, post) and the
 *                <article> element.  The best node is the content, with
 *                those of its siblings that score at least a fifth of it
 *                (a story split by an ad slot).
 *   4. text      the content's blocks (p, h2-h6, li, blockquote, pre, td,
 *                div text) become paragraphs, white space collapsed,
 *                separated by one blank line; a block that is mostly link
 *                text ("Read more: ...") or a bare label ("Advertisement")
 *                is dropped.
 * A fragment (a feed item's content) skips pass 3: its whole body is the
 * content.  Every walk is iterative: nesting depth costs no stack.
 */
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "article.h"
#include "html.h"

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init_once(void) { xmlInitParser(); }

void sd_xml_init(void) { pthread_once(&xml_once, xml_init_once); }

void sd_html_article_free(sd_html_article *a)
{
    sd_buf_free(&a->title);
    sd_buf_free(&a->date);
    sd_buf_free(&a->url);
    sd_buf_free(&a->outlet);
    sd_buf_free(&a->text);
}

/* ---- small helpers ------------------------------------------------------ */

static int is_element(const xmlNode *n) { return n && n->type == XML_ELEMENT_NODE; }

static int named(const xmlNode *n, const char *name)
{
    return is_element(n) && n->name && strcasecmp((const char *)n->name, name) == 0;
}

static const char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && strcasecmp((const char *)a->name, name) == 0)
            return a->children && a->children->content ? (const char *)a->children->content
                                                       : "";
    return NULL;
}

/* Next node in document order within root; descend into n's children when
 * descend is set. */
static xmlNode *next_in(xmlNode *n, const xmlNode *root, int descend)
{
    if (descend && n->children)
        return n->children;
    while (n && n != root) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

/* Replace the content of buf with s collapsed (runs of white space -> one
 * space, trimmed).  0 or SAYDO_ERR_NOMEM. */
static int set_collapsed(sd_buf *buf, const char *s)
{
    sd_buf_clear(buf);
    if (sd_buf_append(buf, "", 0))
        return SAYDO_ERR_NOMEM;
    int space = 0;
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v') {
            space = buf->len > 0;
            continue;
        }
        if (space && sd_buf_putc(buf, ' '))
            return SAYDO_ERR_NOMEM;
        space = 0;
        if (sd_buf_putc(buf, (char)*p))
            return SAYDO_ERR_NOMEM;
    }
    return 0;
}

/* All the text under n, collapsed, into buf. */
static int node_text(const xmlNode *n, sd_buf *buf)
{
    xmlChar *s = xmlNodeGetContent(n);
    int rc = set_collapsed(buf, (const char *)s);
    xmlFree(s);
    return rc;
}

/* ---- pass 1: metadata --------------------------------------------------- */

/* Candidate values by source, best first; each NULL or a libxml2 string
 * owned by the tree or by json. */
typedef struct meta_found {
    sd_buf og_title, ld_headline, h1, title_tag;
    sd_buf pub_meta, ld_date, time_pub, time_any, date_meta;
    sd_buf canonical, og_url, ld_url;
    sd_buf site_name, ld_publisher, app_name;
} meta_found;

static void meta_free(meta_found *m)
{
    sd_buf *all[] = {&m->og_title, &m->ld_headline, &m->h1,       &m->title_tag,
                     &m->pub_meta, &m->ld_date,     &m->time_pub, &m->time_any,
                     &m->date_meta, &m->canonical,  &m->og_url,   &m->ld_url,
                     &m->site_name, &m->ld_publisher, &m->app_name};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        sd_buf_free(all[i]);
}

/* Set buf from s when buf is still empty and s has content. */
static int first_value(sd_buf *buf, const char *s)
{
    if (buf->len > 0 || !s)
        return 0;
    return set_collapsed(buf, s);
}

static int json_first_string(json_t *v, sd_buf *buf)
{
    if (json_is_string(v))
        return first_value(buf, json_string_value(v));
    if (json_is_array(v) && json_array_size(v) > 0)
        return json_first_string(json_array_get(v, 0), buf);
    return 0;
}

static int ld_object(json_t *obj, meta_found *m, int depth)
{
    if (depth > 8)
        return 0;
    if (json_is_array(obj)) {
        size_t i;
        json_t *item;
        json_array_foreach(obj, i, item) if (ld_object(item, m, depth + 1)) return SAYDO_ERR_NOMEM;
        return 0;
    }
    if (!json_is_object(obj))
        return 0;
    int rc = 0;
    json_t *graph = json_object_get(obj, "@graph");
    if (graph)
        rc |= ld_object(graph, m, depth + 1);
    json_t *pub = json_object_get(obj, "datePublished");
    if (pub) {
        rc |= json_first_string(pub, &m->ld_date);
        rc |= json_first_string(json_object_get(obj, "headline"), &m->ld_headline);
        json_t *publisher = json_object_get(obj, "publisher");
        if (json_is_object(publisher))
            rc |= json_first_string(json_object_get(publisher, "name"), &m->ld_publisher);
        json_t *url = json_object_get(obj, "url");
        if (!url) {
            json_t *page = json_object_get(obj, "mainEntityOfPage");
            url = json_is_object(page) ? json_object_get(page, "@id") : page;
        }
        rc |= json_first_string(url, &m->ld_url);
    }
    return rc ? SAYDO_ERR_NOMEM : 0;
}

static int ld_json(const xmlNode *script, meta_found *m)
{
    xmlChar *s = xmlNodeGetContent(script);
    if (!s)
        return 0;
    json_t *root = json_loads((const char *)s, JSON_DECODE_ANY, NULL);
    xmlFree(s);
    if (!root)
        return 0; /* a broken JSON-LD block is the page's problem, not ours */
    int rc = ld_object(root, m, 0);
    json_decref(root);
    return rc;
}

static int is_date_meta_name(const char *name)
{
    static const char *const names[] = {
        "date",          "pubdate",         "publishdate",      "publish-date",
        "publish_date",  "publication_date", "dc.date",         "dc.date.issued",
        "dcterms.date",  "dcterms.created", "dcterms.issued",   "sailthru.date",
        "parsely-pub-date", "article.published", "article:published_time",
        "og:published_time", "datepublished", "date.published", "originalpublicationdate",
        NULL};
    for (size_t i = 0; names[i]; i++)
        if (strcasecmp(name, names[i]) == 0)
            return 1;
    return 0;
}

static int collect_meta(xmlNode *root, meta_found *m)
{
    int rc = 0;
    for (xmlNode *n = root; n && !rc; n = next_in(n, root, 1)) {
        if (!is_element(n))
            continue;
        if (named(n, "meta")) {
            const char *key = attr(n, "property");
            if (!key)
                key = attr(n, "name");
            if (!key)
                key = attr(n, "itemprop");
            const char *content = attr(n, "content");
            if (!key || !content)
                continue;
            if (strcasecmp(key, "og:title") == 0 || strcasecmp(key, "twitter:title") == 0)
                rc = first_value(&m->og_title, content);
            else if (strcasecmp(key, "og:site_name") == 0)
                rc = first_value(&m->site_name, content);
            else if (strcasecmp(key, "application-name") == 0)
                rc = first_value(&m->app_name, content);
            else if (strcasecmp(key, "og:url") == 0)
                rc = first_value(&m->og_url, content);
            else if (strcasecmp(key, "article:published_time") == 0)
                rc = first_value(&m->pub_meta, content);
            else if (is_date_meta_name(key))
                rc = first_value(&m->date_meta, content);
        } else if (named(n, "link")) {
            const char *rel = attr(n, "rel"), *href = attr(n, "href");
            if (rel && href && strcasecmp(rel, "canonical") == 0)
                rc = first_value(&m->canonical, href);
        } else if (named(n, "title")) {
            if (m->title_tag.len == 0)
                rc = node_text(n, &m->title_tag);
        } else if (named(n, "h1")) {
            if (m->h1.len == 0)
                rc = node_text(n, &m->h1);
        } else if (named(n, "script")) {
            const char *type = attr(n, "type");
            if (type && strcasecmp(type, "application/ld+json") == 0)
                rc = ld_json(n, m);
        } else if (named(n, "time")) {
            const char *dt = attr(n, "datetime");
            const char *prop = attr(n, "itemprop");
            if (dt && ((prop && strcasecmp(prop, "datePublished") == 0) || attr(n, "pubdate")))
                rc = first_value(&m->time_pub, dt);
            else if (dt)
                rc = first_value(&m->time_any, dt);
        } else if (attr(n, "itemprop") && strcasecmp(attr(n, "itemprop"), "datePublished") == 0) {
            const char *c = attr(n, "content");
            if (c)
                rc = first_value(&m->time_pub, c);
        }
    }
    return rc;
}

/* The first candidate that is a date saydo understands. */
static int choose_date(const meta_found *m, sd_buf *out)
{
    const sd_buf *order[] = {&m->pub_meta, &m->ld_date, &m->time_pub, &m->date_meta,
                             &m->time_any};
    char day[11];
    for (size_t i = 0; i < sizeof order / sizeof *order; i++)
        if (order[i]->len && sd_date_normalize(order[i]->data, order[i]->len, day))
            return sd_buf_puts(out, day);
    return 0;
}

static int choose(sd_buf *out, const sd_buf *a, const sd_buf *b, const sd_buf *c, const sd_buf *d)
{
    const sd_buf *order[] = {a, b, c, d};
    for (size_t i = 0; i < 4; i++)
        if (order[i] && order[i]->len)
            return sd_buf_append(out, order[i]->data, order[i]->len);
    return 0;
}

/* ---- pass 2: cleaning --------------------------------------------------- */

/* Elements that never hold story text.  always: removed even when they
 * hold most of the paragraphs (their content is never shown as such). */
static int junk_tag(const xmlNode *n, int *always)
{
    static const char *const always_tags[] = {"script", "style", "noscript", "template",
                                              "iframe", "svg",   "canvas",   "object",
                                              "embed",  "video", "audio",    "head",
                                              "button", "select", "textarea", "input",
                                              "amp-ad", "amp-embed", "amp-sticky-ad",
                                              "amp-sidebar", "amp-social-share", NULL};
    static const char *const tags[] = {"nav",  "header", "footer",  "aside",
                                       "form", "figure", "figcaption", "picture",
                                       "menu", "dialog", NULL};
    *always = 0;
    for (size_t i = 0; always_tags[i]; i++)
        if (named(n, always_tags[i])) {
            *always = 1;
            return 1;
        }
    for (size_t i = 0; tags[i]; i++)
        if (named(n, tags[i]))
            return 1;
    return 0;
}

/* Names so sure to be boilerplate that even a large element goes. */
static int junk_name_sure(const char *names)
{
    static const char *const parts[] = {"comment", "cookie", "consent", "gdpr", "cmp-",
                                        "newsletter", "paywall", "modal", "popup", "disqus",
                                        "outbrain", "taboola", "related", "advert", "sponsor",
                                        NULL};
    for (size_t i = 0; parts[i]; i++)
        if (strstr(names, parts[i]))
            return 1;
    return 0;
}

static int junk_role(const xmlNode *n)
{
    static const char *const roles[] = {"navigation", "banner", "contentinfo", "complementary",
                                        "menu", "menubar", "dialog", "alertdialog", "search",
                                        NULL};
    const char *role = attr(n, "role");
    if (!role)
        return 0;
    for (size_t i = 0; roles[i]; i++)
        if (strcasecmp(role, roles[i]) == 0)
            return 1;
    return 0;
}

/* Lower-cased copy of class and id, space separated, at most 255 bytes. */
static void class_and_id(const xmlNode *n, char *out, size_t size)
{
    const char *cls = attr(n, "class"), *id = attr(n, "id");
    snprintf(out, size, " %s %s ", cls ? cls : "", id ? id : "");
    for (char *p = out; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
}

static int junk_name(const char *names)
{
    static const char *const parts[] = {
        "comment",   "related",   "share",     "sharing",   "social",     "cookie",
        "consent",   "gdpr",      "newsletter", "subscribe", "signup",    "sign-up",
        "sidebar",   "breadcrumb", "caption",  "promo",     "sponsor",    "advert",
        "outbrain",  "taboola",   "recommend", "trending",  "most-read",  "mostread",
        "most-popular", "popular", "modal",    "popup",     "banner",     "masthead",
        "footer",    "navbar",    "navigation", "nav-",     "-nav",       "menu",
        "toolbar",   "byline",    "author",    "read-more", "readmore",   "more-stories",
        "also-read", "widget",    "ad-slot",   "adslot",    "ad-container", "ad-wrapper",
        "dfp-",      "visually-hidden", "sr-only", "skip-link", "tags",    "topics-list",
        "pagination", "paywall-prompt", "teaser-list", "newsfeed", "live-updates-list",
        NULL};
    static const char *const words[] = {" ad ",  " ads ",   " nav ",   " tag ",  " hidden ",
                                        " hide ", " share ", " print ", " meta ", " credit ",
                                        " photo-credit ", NULL};
    for (size_t i = 0; parts[i]; i++)
        if (strstr(names, parts[i]))
            return 1;
    for (size_t i = 0; words[i]; i++)
        if (strstr(names, words[i]))
            return 1;
    return 0;
}

static int hidden(const xmlNode *n)
{
    if (attr(n, "hidden"))
        return 1;
    const char *aria = attr(n, "aria-hidden");
    if (aria && strcasecmp(aria, "true") == 0)
        return 1;
    const char *style = attr(n, "style");
    if (style) {
        char s[128];
        size_t k = 0;
        for (const char *p = style; *p && k + 1 < sizeof s; p++)
            if (*p != ' ')
                s[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
        s[k] = '\0';
        if (strstr(s, "display:none") || strstr(s, "visibility:hidden"))
            return 1;
    }
    return 0;
}

static size_t private_size(const xmlNode *n) { return (size_t)(uintptr_t)n->_private; }

static void set_private(xmlNode *n, size_t v) { n->_private = (void *)(uintptr_t)v; }

/* Store in every element's _private the length of the <p> text under it. */
static void count_paragraph_text(xmlNode *root)
{
    int in_p = 0;
    xmlNode *n = root;
    while (n) {
        set_private(n, 0);
        if (n->type == XML_TEXT_NODE && in_p && n->content)
            set_private(n, strlen((const char *)n->content));
        int descend = is_element(n) && n->children;
        if (descend) {
            if (named(n, "p"))
                in_p++;
            n = n->children;
            continue;
        }
        /* n is finished: add it to its parent, then climb */
        for (;;) {
            if (n == root)
                return;
            xmlNode *parent = n->parent;
            set_private(parent, private_size(parent) + private_size(n));
            if (n->next) {
                n = n->next;
                break;
            }
            n = parent;
            if (named(n, "p"))
                in_p--;
        }
    }
}

static int keep_always(const xmlNode *n)
{
    return named(n, "html") || named(n, "body") || named(n, "main");
}

/* Remove boilerplate elements under root (see the top). */
static void clean(xmlNode *root, int fragment)
{
    count_paragraph_text(root);
    size_t total = private_size(root);
    char names[256];
    xmlNode *n = root;
    while (n) {
        int drop = 0, always = 0;
        if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE) {
            drop = 1;
            always = 1;
        } else if (is_element(n) && n != root && !keep_always(n)) {
            if (junk_tag(n, &always) && !(fragment && !always))
                drop = 1;
            else if (junk_role(n) || hidden(n))
                drop = always = 1;
            else {
                class_and_id(n, names, sizeof names);
                drop = names[2] != '\0' && junk_name(names);
                always = drop && junk_name_sure(names);
            }
            if (drop && !always && total > 0 && private_size(n) * 2 > total)
                drop = 0; /* a wrapper around the story */
        }
        if (drop) {
            xmlNode *next = next_in(n, root, 0);
            xmlUnlinkNode(n);
            xmlFreeNode(n);
            n = next;
        } else {
            n = next_in(n, root, 1);
        }
    }
}

/* ---- pass 3: the main content ------------------------------------------- */

typedef struct candidate {
    xmlNode *node;
    double score;
} candidate;

typedef struct candidates {
    candidate *item;
    size_t n, cap;
} candidates;

/* Length of the text under n and of the part of it inside links. */
static void text_lengths(const xmlNode *root, size_t *all, size_t *linked)
{
    *all = *linked = 0;
    int in_a = 0;
    const xmlNode *n = root;
    while (n) {
        if (n->type == XML_TEXT_NODE && n->content) {
            size_t k = 0;
            for (const unsigned char *p = n->content; *p; p++)
                if (*p > ' ')
                    k++;
            *all += k;
            if (in_a)
                *linked += k;
        }
        if (is_element(n) && n->children) {
            if (named(n, "a"))
                in_a++;
            n = n->children;
            continue;
        }
        for (;;) {
            if (n == root)
                return;
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            if (named(n, "a"))
                in_a--;
        }
    }
}

static double name_weight(const xmlNode *n)
{
    char names[256];
    class_and_id(n, names, sizeof names);
    double w = 0;
    const char *itemprop = attr(n, "itemprop");
    if (itemprop && strcasecmp(itemprop, "articleBody") == 0)
        w += 50;
    static const char *const good[] = {"articlebody", "article-body", "article__body",
                                       "story-body",  "story",        "entry-content",
                                       "post-content", "article-content", "content",
                                       "text", NULL};
    for (size_t i = 0; good[i]; i++)
        if (strstr(names, good[i])) {
            w += 25;
            break;
        }
    if (named(n, "article"))
        w += 20;
    else if (named(n, "div") || named(n, "section"))
        w += 5;
    return w;
}

/* The candidate index of n, adding it when new; -1 when out of memory. */
static long candidate_of(candidates *c, xmlNode *n)
{
    size_t k = private_size(n);
    if (k)
        return (long)(k - 1);
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        candidate *p = realloc(c->item, cap * sizeof *p);
        if (!p)
            return -1;
        c->item = p;
        c->cap = cap;
    }
    c->item[c->n] = (candidate){n, name_weight(n)};
    set_private(n, ++c->n);
    return (long)(c->n - 1);
}

static void clear_private(xmlNode *root)
{
    for (xmlNode *n = root; n; n = next_in(n, root, 1))
        n->_private = NULL;
}

/* Score paragraphs into their ancestors; returns the best node (NULL when
 * there is no paragraph) and sets *best_score. */
static int find_content(xmlNode *body, candidates *c, xmlNode **best, double *best_score)
{
    *best = NULL;
    *best_score = 0;
    clear_private(body);
    for (xmlNode *n = body; n; n = next_in(n, body, 1)) {
        if (!(named(n, "p") || named(n, "pre")) || !n->parent)
            continue;
        size_t all, linked;
        text_lengths(n, &all, &linked);
        if (all < 25 || linked * 2 > all)
            continue;
        xmlChar *s = xmlNodeGetContent(n);
        size_t commas = 0;
        for (const char *p = (const char *)s; p && *p; p++)
            commas += *p == ',';
        xmlFree(s);
        double score = 1 + (double)commas + (all / 100 > 3 ? 3 : (double)(all / 100));
        xmlNode *parent = n->parent, *grand = parent ? parent->parent : NULL;
        long k = candidate_of(c, parent);
        if (k < 0)
            return SAYDO_ERR_NOMEM;
        c->item[k].score += score;
        if (is_element(grand)) {
            k = candidate_of(c, grand);
            if (k < 0)
                return SAYDO_ERR_NOMEM;
            c->item[k].score += score / 2;
        }
    }
    double top = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->item[i].score > top)
            top = c->item[i].score;
    /* a score only counts for the part of the node's text that is not
     * links; measured for at most 64 leading candidates (each costs a walk
     * of its subtree: nested candidates must not make this quadratic) */
    size_t measured = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (c->item[i].score >= top * 0.5 && measured++ < 64) {
            size_t all, linked;
            text_lengths(c->item[i].node, &all, &linked);
            if (all)
                c->item[i].score *= 1.0 - (double)linked / (double)all;
        }
        if (c->item[i].score > *best_score) {
            *best_score = c->item[i].score;
            *best = c->item[i].node;
        }
    }
    return 0;
}

/* ---- pass 4: text ------------------------------------------------------- */

typedef struct emitter {
    sd_buf *out;
    sd_buf para;
    size_t linked;  /* bytes of para inside links */
    int in_a;
    int space;      /* a space is pending */
    int page;       /* SD_HTML_PAGE: drop link-heavy paragraphs */
    const char *title;
} emitter;

static int is_block(const xmlNode *n)
{
    static const char *const blocks[] = {
        "p",  "div", "section", "article", "main", "h1", "h2", "h3", "h4",  "h5",
        "h6", "li",  "ul",      "ol",      "dl",   "dt", "dd", "blockquote", "pre",
        "td", "th",  "tr",      "table",   "br",   "hr", "address", "center", "body",
        NULL};
    if (!is_element(n))
        return 0;
    for (size_t i = 0; blocks[i]; i++)
        if (strcasecmp((const char *)n->name, blocks[i]) == 0)
            return 1;
    return 0;
}

static int bare_label(const char *s)
{
    static const char *const labels[] = {"advertisement", "advertisment", "sponsored",
                                         "sponsored content", "skip to content",
                                         "skip to main content", "share", "share this article",
                                         "read more", "continue reading", NULL};
    for (size_t i = 0; labels[i]; i++)
        if (strcasecmp(s, labels[i]) == 0)
            return 1;
    return 0;
}

static int flush(emitter *e)
{
    sd_buf *p = &e->para;
    e->space = 0;
    if (p->len == 0)
        return 0;
    int keep = 1;
    if (e->page && e->linked * 2 > p->len)
        keep = 0;
    else if (bare_label(p->data))
        keep = 0;
    else if (e->title && strcmp(p->data, e->title) == 0)
        keep = 0; /* the headline again */
    int rc = 0;
    if (keep) {
        if (e->out->len)
            rc = sd_buf_append(e->out, "\n\n", 2);
        if (!rc)
            rc = sd_buf_append(e->out, p->data, p->len);
    }
    sd_buf_clear(p);
    if (sd_buf_append(p, "", 0))
        rc = SAYDO_ERR_NOMEM;
    e->linked = 0;
    return rc;
}

static int add_text(emitter *e, const unsigned char *s)
{
    for (; *s; s++) {
        unsigned char ch = *s;
        int ws = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
        /* U+00A0 NO-BREAK SPACE */
        if (ch == 0xC2 && s[1] == 0xA0) {
            ws = 1;
            s++;
        }
        if (ws) {
            e->space = e->para.len > 0;
            continue;
        }
        if (e->space) {
            if (sd_buf_putc(&e->para, ' '))
                return SAYDO_ERR_NOMEM;
            if (e->in_a)
                e->linked++;
        }
        e->space = 0;
        if (sd_buf_putc(&e->para, (char)ch))
            return SAYDO_ERR_NOMEM;
        if (e->in_a)
            e->linked++;
    }
    return 0;
}

/* Emit the paragraphs under root. */
static int emit_text(xmlNode *root, emitter *e)
{
    xmlNode *n = root;
    int rc = 0;
    while (n && !rc) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                rc = add_text(e, n->content);
        } else if (is_element(n)) {
            if (is_block(n))
                rc = flush(e);
            if (named(n, "a"))
                e->in_a++;
            if (n->children) {
                n = n->children;
                continue;
            }
            if (named(n, "a"))
                e->in_a--;
        }
        for (;;) {
            if (n == root) {
                n = NULL;
                break;
            }
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            if (is_block(n) && !rc)
                rc = flush(e);
            if (named(n, "a"))
                e->in_a--;
        }
    }
    if (!rc)
        rc = flush(e);
    return rc;
}

/* ---- the whole ---------------------------------------------------------- */

static xmlNode *find_body(xmlDoc *doc)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    for (xmlNode *n = root; n; n = next_in(n, root, 1))
        if (named(n, "body"))
            return n;
    return root;
}

int sd_html_extract(const char *html, size_t n, int mode, sd_html_article *out)
{
    sd_xml_init();
    int rc = 0;
    sd_buf *bufs[] = {&out->title, &out->date, &out->url, &out->outlet, &out->text};
    for (size_t i = 0; i < 5; i++) {
        sd_buf_clear(bufs[i]);
        if (sd_buf_append(bufs[i], "", 0))
            return SAYDO_ERR_NOMEM;
    }
    if (n == 0 || n > (size_t)INT32_MAX)
        return 0;
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
               HTML_PARSE_NONET | HTML_PARSE_COMPACT;
    const char *encoding = NULL;
    if (sd_utf8_first_invalid(html, n) == n) {
        encoding = "UTF-8";
        opts |= HTML_PARSE_IGNORE_ENC;
    }
    htmlDocPtr doc = htmlReadMemory(html, (int)n, NULL, encoding, opts);
    if (!doc)
        return 0; /* nothing libxml2 could make a tree of: no text */
    xmlNode *root = xmlDocGetRootElement(doc);
    meta_found m;
    memset(&m, 0, sizeof m);
    candidates c = {0};
    if (!root)
        goto done;
    if (mode == SD_HTML_PAGE) {
        rc = collect_meta(root, &m);
        if (!rc)
            rc = choose(&out->title, &m.og_title, &m.ld_headline, &m.h1, &m.title_tag);
        if (!rc)
            rc = choose_date(&m, &out->date);
        if (!rc)
            rc = choose(&out->url, &m.canonical, &m.og_url, &m.ld_url, NULL);
        if (!rc)
            rc = choose(&out->outlet, &m.site_name, &m.ld_publisher, &m.app_name, NULL);
        if (rc)
            goto done;
    }
    xmlNode *body = find_body(doc);
    if (!body)
        goto done;
    clean(body, mode == SD_HTML_FRAGMENT);
    emitter e = {0};
    e.out = &out->text;
    e.page = mode == SD_HTML_PAGE;
    e.title = out->title.len ? out->title.data : NULL;
    if (sd_buf_append(&e.para, "", 0)) {
        rc = SAYDO_ERR_NOMEM;
        goto done;
    }
    xmlNode *best = NULL;
    double best_score = 0;
    if (mode == SD_HTML_PAGE)
        rc = find_content(body, &c, &best, &best_score);
    if (!rc && best && best->parent) {
        /* the best node and its siblings that score a fifth of it */
        double bar = best_score * 0.2 > 10 ? best_score * 0.2 : 10;
        for (xmlNode *s = best->parent->children; s && !rc; s = s->next) {
            size_t k = is_element(s) ? private_size(s) : 0;
            int take = s == best || (k && c.item[k - 1].score >= bar);
            if (!take && named(s, "p")) {
                size_t all, linked;
                text_lengths(s, &all, &linked);
                take = all >= 80 && linked * 4 < all;
            }
            if (take)
                rc = emit_text(s, &e);
        }
    } else if (!rc) {
        rc = emit_text(body, &e);
    }
    sd_buf_free(&e.para);
    if (!rc && (out->text.failed))
        rc = SAYDO_ERR_NOMEM;
done:
    if (root)
        clear_private(root);
    free(c.item);
    meta_free(&m);
    xmlFreeDoc(doc);
    return rc;
}
