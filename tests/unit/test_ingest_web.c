/*
 * test_ingest_web.c -- the readers for real-world input: dates in every
 * form (saydo_date_normalize), RSS and Atom feeds, CSV and TSV, the field
 * mapping for JSON Lines and tables, format detection by content, and the
 * CLI's folder walk (skipped files, empty inputs, exit status 3).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "saydo.h"
#include "test.h"

static const char *put(sd_test *t, const char *name, const char *text)
{
    const char *path = sd_test_path(t, name);
    sd_test_write_file(path, text, strlen(text));
    return path;
}

static saydo_reader *open_reader(sd_test *t, const char *path, saydo_input_format format,
                                 const saydo_field_map *fields)
{
    saydo_reader_options opts = SAYDO_READER_OPTIONS_INIT;
    opts.format = format;
    if (fields)
        opts.fields = *fields;
    saydo_reader *r = NULL;
    saydo_error err;
    int rc = saydo_reader_open(path, &opts, &r, &err);
    if (rc != 0)
        sd_test_fail(t, __FILE__, __LINE__, "open %s: %s", path, err.message);
    return r;
}

TEST(date_normalize_forms)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"2024-02-05", "2024-02-05"},
        {"20240205", "2024-02-05"},
        {" 2024-02-05T14:30 ", "2024-02-05"},
        {"2024-02-05T14:30:00Z", "2024-02-05"},
        {"2024-02-05 14:30:00.123456+01:00", "2024-02-05"},
        {"2024-02-05T23:30:00-02:00", "2024-02-06"},
        {"2024-02-05T00:30:00+0100", "2024-02-04"},
        {"2024-02-05T00:30+01", "2024-02-04"},
        {"20240205T233000-0200", "2024-02-06"},
        {"Mon, 05 Feb 2024 14:30:00 +0100", "2024-02-05"},
        {"Mon, 5 Feb 2024 23:30:00 EST", "2024-02-06"},
        {"5 Feb 24 10:00 GMT", "2024-02-05"},
        {"Tue, 31 Dec 2024 23:59:59 -0100", "2025-01-01"},
        {"Thu, 29 Feb 2024 12:00:00 GMT", "2024-02-29"},
        {"Fri, 01 Mar 2024 00:00:00 +0000 (UTC)", "2024-03-01"},
        {"05 Feb 2024", "2024-02-05"},
    };
    static const char *const bad[] = {"", "2024-02-30", "2023-02-29", "20241301", "2024-02-05T25:00",
                                      "2024-02-05T12:00+25:00", "Mon, 30 Feb 2024 10:00 GMT",
                                      "yesterday", "2024/02/05", "2024-02-05x", "0000-01-01",
                                      "Mon, 05 Foo 2024"};
    char day[11];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        if (saydo_date_normalize(cases[i].in, day) != 0)
            sd_test_fail(t, __FILE__, __LINE__, "'%s' refused", cases[i].in);
        else if (strcmp(day, cases[i].out) != 0)
            sd_test_fail(t, __FILE__, __LINE__, "'%s' -> %s, expected %s", cases[i].in, day,
                         cases[i].out);
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (saydo_date_normalize(bad[i], day) != SAYDO_ERR_PARSE)
            sd_test_fail(t, __FILE__, __LINE__, "'%s' taken as %s", bad[i], day);
        CHECK_STR(day, "");
    }
}

static const char rss[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n"
    "<channel><title>Desk &amp; Wire</title>\n"
    "<item>\n"
    "<title>Estonia &lt;em&gt;expels&lt;/em&gt; diplomat</title>\n"
    "<link> https://x.example/1 </link><guid>g-1</guid>\n"
    "<pubDate>Mon, 24 Jun 2024 23:30:00 -0200</pubDate>\n"
    "<description><![CDATA[<p>Estonia expelled a Russian diplomat.</p><p>Moscow "
    "protested.</p>]]></description>\n"
    "</item>\n"
    "<item><title>Headline only</title><link>https://x.example/2</link></item>\n"
    "<item><title>Bad</title><pubDate>someday</pubDate></item>\n"
    "<item></item>\n"
    "</channel></rss>\n";

TEST(feed_rss_items)
{
    const char *path = put(t, "desk.rss", rss);
    saydo_reader *r = open_reader(t, path, SAYDO_INPUT_AUTO, NULL);
    if (!r)
        return;
    saydo_article *a = NULL;
    saydo_error err;
    CHECK_INT(saydo_reader_next(r, &a, &err), 1);
    if (a) {
        CHECK_STR(saydo_article_id(a), "g-1");
        CHECK_STR(saydo_article_title(a), "Estonia expels diplomat");
        CHECK_STR(saydo_article_date(a), "2024-06-25");
        CHECK_STR(saydo_article_url(a), "https://x.example/1");
        CHECK_STR(saydo_article_outlet(a), "Desk & Wire");
        CHECK_STR(saydo_article_text(a, NULL),
                  "Estonia expels diplomat\n\nEstonia expelled a Russian diplomat.\n\nMoscow "
                  "protested.");
        CHECK_INT(saydo_article_line(a), 4);
        saydo_article_free(a);
    }
    CHECK_INT(saydo_reader_next(r, &a, &err), 1);
    if (a) {
        CHECK_STR(saydo_article_id(a), "https://x.example/2");
        CHECK_STR(saydo_article_text(a, NULL), "Headline only");
        CHECK_STR(saydo_article_date(a), "");
        saydo_article_free(a);
    }
    CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_PARSE);
    CHECK_CONTAINS(err.message, "bad date \"someday\"");
    CHECK_INT(err.line, 11);
    CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_EMPTY);
    CHECK_INT(err.line, 12);
    CHECK_INT(saydo_reader_next(r, &a, &err), 0);
    saydo_reader_close(r);
}

TEST(feed_atom_and_errors)
{
    const char *atom =
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Atom Desk</title>\n"
        "<entry><title>A</title><id>urn:a</id><link rel=\"self\" href=\"https://s/\"/>"
        "<link href=\"https://a.example/\"/><updated>2024-10-27T00:00:00Z</updated>"
        "<published>2024-10-26T01:00:00+03:00</published>"
        "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Iran warned "
        "Israel.</p></div></content></entry>\n</feed>\n";
    saydo_reader *r = open_reader(t, put(t, "a.atom", atom), SAYDO_INPUT_AUTO, NULL);
    saydo_article *a = NULL;
    saydo_error err;
    if (r) {
        CHECK_INT(saydo_reader_next(r, &a, &err), 1);
        if (a) {
            CHECK_STR(saydo_article_id(a), "urn:a");
            CHECK_STR(saydo_article_url(a), "https://a.example/");
            CHECK_STR(saydo_article_date(a), "2024-10-25");
            CHECK_STR(saydo_article_text(a, NULL), "A\n\nIran warned Israel.");
            CHECK_STR(saydo_article_outlet(a), "Atom Desk");
            saydo_article_free(a);
        }
        CHECK_INT(saydo_reader_next(r, &a, &err), 0);
        saydo_reader_close(r);
    }
    /* malformed: the error names the line; the reader then ends */
    r = open_reader(t, put(t, "broken.rss", "<rss>\n<channel>\n<item><title>x & y</title>\n"),
                    SAYDO_INPUT_AUTO, NULL);
    if (r) {
        CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_PARSE);
        CHECK_CONTAINS(err.message, "malformed feed");
        CHECK_INT(err.line, 3);
        CHECK_INT(saydo_reader_next(r, &a, &err), 0);
        saydo_reader_close(r);
    }
    r = open_reader(t, put(t, "page.xml", "<?xml version=\"1.0\"?><note>hi</note>"),
                    SAYDO_INPUT_AUTO, NULL);
    if (r) {
        CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_PARSE);
        CHECK_CONTAINS(err.message, "not an RSS or Atom feed (the root element is <note>)");
        saydo_reader_close(r);
    }
    /* an undeclared namespace prefix (media:) is an error libxml2 goes on
     * after: the item is read */
    r = open_reader(t,
                    put(t, "ns.rss",
                        "<rss><channel><item><title>Prefix</title><media:content url=\"x\"/>"
                        "</item></channel></rss>"),
                    SAYDO_INPUT_AUTO, NULL);
    if (r) {
        CHECK_INT(saydo_reader_next(r, &a, &err), 1);
        if (a) {
            CHECK_STR(saydo_article_text(a, NULL), "Prefix");
            saydo_article_free(a);
        }
        saydo_reader_close(r);
    }
    /* an external entity is not read */
    r = open_reader(t,
                    put(t, "xxe.rss",
                        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM "
                        "\"file:///etc/hostname\">]><rss><channel><item><title>T &x;</title>"
                        "</item></channel></rss>"),
                    SAYDO_INPUT_FEED, NULL);
    if (r) {
        int rc = saydo_reader_next(r, &a, &err);
        if (rc == 1) {
            CHECK_STR(saydo_article_text(a, NULL), "T");
            saydo_article_free(a);
        }
        saydo_reader_close(r);
    }
}

TEST(csv_records_and_mapping)
{
    const char *csv = "guid,headline,body,published,link,extra\n"
                      "1,\"Police, again\",\"Police fired \"\"tear gas\"\".\",20240625,http://x/1,"
                      "note\r\n"
                      "2,T2,\"two\nlines\",\"Mon, 24 Jun 2024 23:00:00 -0300\",,\n"
                      "3,T3,,2024-06-24,,\n"
                      "4,T4,text,2024-13-01,,\n"
                      "5,T5,short\n"
                      "6,T6,\"ok\" trailing,2024-01-01,,\n"
                      "\n"
                      "7,T7,fine,,,\n"
                      "8,T8,\"unclosed,2024-01-01,,\n";
    saydo_field_map map = {"guid", "published", "headline", "body", "link", NULL};
    saydo_reader *r = open_reader(t, put(t, "t.csv", csv), SAYDO_INPUT_AUTO, &map);
    if (!r)
        return;
    saydo_article *a = NULL;
    saydo_error err;
    CHECK_INT(saydo_reader_next(r, &a, &err), 1);
    if (a) {
        CHECK_STR(saydo_article_id(a), "1");
        CHECK_STR(saydo_article_text(a, NULL), "Police, again\n\nPolice fired \"tear gas\".");
        CHECK_STR(saydo_article_date(a), "2024-06-25");
        CHECK_STR(saydo_article_url(a), "http://x/1");
        CHECK_STR(saydo_article_meta(a), "{\"extra\":\"note\"}");
        CHECK_INT(saydo_article_line(a), 2);
        saydo_article_free(a);
    }
    CHECK_INT(saydo_reader_next(r, &a, &err), 1);
    if (a) {
        CHECK_STR(saydo_article_date(a), "2024-06-25");
        CHECK_CONTAINS(saydo_article_text(a, NULL), "two\nlines");
        CHECK_INT(saydo_article_line(a), 3);
        saydo_article_free(a);
    }
    CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_PARSE);
    CHECK_INT(err.line, 5);
    CHECK_CONTAINS(err.message, "no text (column \"body\" is empty)");
    CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_PARSE);
    CHECK_INT(err.line, 6);
    CHECK_CONTAINS(err.message, "bad date \"2024-13-01\" in column \"published\"");
    CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_PARSE);
    CHECK_INT(err.line, 7);
    CHECK_CONTAINS(err.message, "3 fields where the header has 6 columns");
    CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_PARSE);
    CHECK_INT(err.line, 8);
    CHECK_CONTAINS(err.message, "text after the closing quote");
    CHECK_INT(saydo_reader_next(r, &a, &err), 1);
    if (a) {
        CHECK_STR(saydo_article_id(a), "7");
        CHECK_INT(saydo_article_line(a), 10);
        saydo_article_free(a);
    }
    CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_PARSE);
    CHECK_INT(err.line, 11);
    CHECK_CONTAINS(err.message, "unclosed quote: the field opened on line 11");
    CHECK_INT(saydo_reader_next(r, &a, &err), 0);
    saydo_reader_close(r);

    /* a mapping naming a missing column refuses the file, listing the header */
    saydo_field_map missing = {NULL, NULL, NULL, "content", NULL, NULL};
    r = open_reader(t, put(t, "m.csv", csv), SAYDO_INPUT_CSV, &missing);
    if (r) {
        CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_PARSE);
        CHECK_INT(err.line, 1);
        CHECK_CONTAINS(err.message, "no column \"content\" for the text field");
        CHECK_CONTAINS(err.message, "\"guid\", \"headline\", \"body\"");
        CHECK_INT(saydo_reader_next(r, &a, &err), 0);
        saydo_reader_close(r);
    }
    /* TSV, default column names */
    r = open_reader(t, put(t, "t.tsv", "id\ttext\tdate\na\tRussia, again.\t2024-01-01\n"),
                    SAYDO_INPUT_AUTO, NULL);
    if (r) {
        CHECK_INT(saydo_reader_next(r, &a, &err), 1);
        if (a) {
            CHECK_STR(saydo_article_text(a, NULL), "Russia, again.");
            saydo_article_free(a);
        }
        saydo_reader_close(r);
    }
}

TEST(jsonl_field_mapping)
{
    const char *jl = "{\"guid\":\"x1\",\"headline\":\"H\",\"body\":\"B.\",\"published\":"
                     "\"Tue, 05 Feb 2024 23:30:00 -0200\",\"text\":\"other\"}\n";
    saydo_field_map map = {"guid", "published", "headline", "body", NULL, NULL};
    saydo_reader *r = open_reader(t, put(t, "m.jsonl", jl), SAYDO_INPUT_AUTO, &map);
    if (!r)
        return;
    saydo_article *a = NULL;
    saydo_error err;
    CHECK_INT(saydo_reader_next(r, &a, &err), 1);
    if (a) {
        CHECK_STR(saydo_article_id(a), "x1");
        CHECK_STR(saydo_article_text(a, NULL), "H\n\nB.");
        CHECK_STR(saydo_article_date(a), "2024-02-06");
        CHECK_STR(saydo_article_meta(a), "{\"text\":\"other\"}");
        saydo_article_free(a);
    }
    saydo_reader_close(r);
    /* the field map parser */
    saydo_field_map m = {0};
    CHECK_INT(saydo_field_map_set(&m, "text=body", &err), 0);
    CHECK_STR(m.text, "body");
    CHECK_INT(saydo_field_map_set(&m, "outlet=site", &err), 0);
    CHECK_STR(m.source, "site");
    CHECK_INT(saydo_field_map_set(&m, "body", &err), SAYDO_ERR_ARG);
    CHECK_INT(saydo_field_map_set(&m, "colour=x", &err), SAYDO_ERR_ARG);
    CHECK_CONTAINS(err.message, "unknown field 'colour'");
}

TEST(format_by_content)
{
    saydo_article *a = NULL;
    saydo_error err;
    /* a web page without an HTML extension */
    saydo_reader *r = open_reader(
        t, put(t, "page.dat", "\n<!DOCTYPE html><html><head><title>T</title></head><body><p>Body "
                              "text of the page.</p></body></html>"),
        SAYDO_INPUT_AUTO, NULL);
    if (r) {
        CHECK_INT(saydo_reader_next(r, &a, &err), 1);
        if (a) {
            CHECK_STR(saydo_article_text(a, NULL), "T\n\nBody text of the page.");
            saydo_article_free(a);
        }
        saydo_reader_close(r);
    }
    /* a feed without a feed extension */
    r = open_reader(t, put(t, "feed.dat", "<?xml version=\"1.0\"?>\n<!-- c -->\n<rss><channel>"
                                          "<item><title>T</title></item></channel></rss>"),
                    SAYDO_INPUT_AUTO, NULL);
    if (r) {
        CHECK_INT(saydo_reader_next(r, &a, &err), 1);
        if (a) {
            CHECK_STR(saydo_article_text(a, NULL), "T");
            saydo_article_free(a);
        }
        saydo_reader_close(r);
    }
    /* text that merely starts with '<' stays text */
    r = open_reader(t, put(t, "lt.dat", "<b> is not a page.\n"), SAYDO_INPUT_AUTO, NULL);
    if (r) {
        CHECK_INT(saydo_reader_next(r, &a, &err), 1);
        if (a) {
            CHECK_STR(saydo_article_text(a, NULL), "<b> is not a page.\n");
            saydo_article_free(a);
        }
        saydo_reader_close(r);
    }
    /* a page with no text is EMPTY, named */
    r = open_reader(t, put(t, "nav.html", "<html><body><nav><a href=/>Home</a></nav></body></html>"),
                    SAYDO_INPUT_AUTO, NULL);
    if (r) {
        CHECK_INT(saydo_reader_next(r, &a, &err), SAYDO_ERR_EMPTY);
        CHECK_CONTAINS(err.message, "no article text found");
        saydo_reader_close(r);
    }
}

TEST(cli_folder_skips_and_empty_inputs)
{
    const char *dir = sd_test_path(t, "mixed");
    mkdir(dir, 0700);
    char path[4200];
    snprintf(path, sizeof path, "%s/a.txt", dir);
    sd_test_write_file(path, "Russia accused Ukraine.\n", 24);
    snprintf(path, sizeof path, "%s/b.html", dir);
    sd_test_write_file(path, "<html><body><p>Japan protested to China on Monday.</p></body></html>",
                       68);
    snprintf(path, sizeof path, "%s/c.txt", dir);
    sd_test_write_file(path, "", 0);
    snprintf(path, sizeof path, "%s/README", dir);
    sd_test_write_file(path, "notes", 5);
    snprintf(path, sizeof path, "%s/d.CSV", dir);
    sd_test_write_file(path, "text\nIran accused Israel.\n", 25);
    const char *argv[] = {t->saydo, "code",     "--format", "tsv", "--no-header",
                          "--date", "20240205", dir,        NULL};
    char *out = NULL, *err = NULL;
    int status = sd_test_run(argv, NULL, 0, &out, &err, 120);
    CHECK_INT(status, 3);
    CHECK_CONTAINS(err, "README: skipped: not an article file");
    CHECK_CONTAINS(err, "c.txt: empty file: skipped");
    CHECK_CONTAINS(err, "1 empty input skipped");
    CHECK_CONTAINS(out, "\tRUS\t");
    CHECK_CONTAINS(out, "\tJPN\t");
    CHECK_CONTAINS(out, "\tIRN\t");
    free(out);
    free(err);
}
