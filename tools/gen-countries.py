#!/usr/bin/env python3
"""gen-countries.py -- build saydo's generated country dictionary.

Usage:
    python3 tools/gen-countries.py ISO_JSON_DIR OUT [OVERRIDES]

    python3 tools/gen-countries.py /usr/share/iso-codes/json data/gen/countries.dict

Reads Debian's iso-codes tables (package iso-codes: iso_3166-1.json for
current countries and territories, iso_3166-3.json for former ones) and the
hand-kept overrides file (default: data/actors/countries-overrides.txt next to
this script's repository), and writes OUT in saydo's dictionary format
(docs/dictionary-format.md): one `@kind actor` entry per country,

    Bolivia | Plurinational State of Bolivia  =>  BOL  ; iso2=BO type=country

whose phrases are the iso-codes name, official name and common name, and
whose name= attribute is the canonical name events carry (the common name,
else the name turned round; the overrides file may set it).  ISO's
inverted names ("Korea, Republic of") are turned round ("Republic of Korea"),
a trailing "(French part)" is dropped, other parentheses become alternative
names or optional words.  A phrase that would name two different codes is
left out (both times) and listed in a comment: data/actors/countries.dict
decides such names by hand ("Congo", "Korea").  Names the overrides file
marks `ambiguous` (Chad, Jordan, Georgia, Turkey...: also common words or
personal names) get an entry of their own with the attribute ambiguous=1.

Codes are the ISO alpha-3 code except where the overrides file says
otherwise (CAMEO keeps TMP for Timor-Leste, adds KSV for Kosovo, and maps
chosen former countries to their codes).  Short names, adjectives, demonyms,
misspellings and metonyms are in data/actors/countries.dict, which is loaded
after this file and so wins any conflict.

The output is deterministic (entries sorted by code then name, no time
stamps); it is rebuilt at build time and not kept in git (data/gen/).
Only the Python 3 standard library is used.  Exit status 0 on success,
1 with a message on stderr on any error; OUT is written atomically.
"""

import json
import os
import re
import sys

# Characters with a meaning in dictionary phrases (docs/dictionary-format.md).
SYNTAX = re.compile(r"[|()\[\]{}*#]|=>|^=|\s=")


def fail(msg):
    sys.stderr.write("gen-countries: %s\n" % msg)
    sys.exit(1)


def load_json(path, key):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)[key]
    except (OSError, ValueError, KeyError) as e:
        fail("%s: %s" % (path, e))


def read_overrides(path):
    """Returns (code_for_alpha3, former_codes, added_lines, ambiguous_names,
    names_for_alpha3)."""
    codes, formers, added, ambiguous, names = {}, {}, [], set(), {}
    try:
        f = open(path, encoding="utf-8")
    except OSError as e:
        fail("%s: %s" % (path, e))
    with f:
        for lineno, raw in enumerate(f, 1):
            line = re.sub(r"(^|\s)#.*", "", raw).strip()
            if not line:
                continue
            where = "%s:%d" % (path, lineno)
            if line.startswith("add "):
                body = line[4:].strip()
                if "=>" not in body:
                    fail("%s: 'add' line without =>" % where)
                added.append(body)
                continue
            if line.startswith("ambiguous "):
                ambiguous.add(line[10:].strip().lower())
                continue
            if line.startswith("name "):
                m = re.fullmatch(r"name\s+([A-Z]{3})\s*=>\s*(\S.*)", line)
                if not m:
                    fail("%s: expected 'name ALPHA3 => Name'" % where)
                names[m.group(1)] = " ".join(m.group(2).split())
                continue
            target = codes
            if line.startswith("former "):
                target, line = formers, line[7:].strip()
            m = re.fullmatch(r"([A-Z]{3})\s*=>\s*(\S.*)", line)
            if not m:
                fail("%s: expected 'ALPHA3 => CODE ...'" % where)
            target[m.group(1)] = " ".join(m.group(2).split())
    return codes, formers, added, ambiguous, names


def clean(name):
    """One ISO name -> list of dictionary phrases (may be empty)."""
    name = " ".join(name.split())
    out = []
    # A trailing parenthesis: "(French part)" qualifies, "(Malvinas)" is
    # another name for the same place.
    m = re.fullmatch(r"(.*\S)\s*\(([^()]*)\)", name)
    if m:
        name, inner = m.group(1), m.group(2)
        if not re.search(r"\bpart\b", inner, re.I):
            out.extend(clean(inner))
    # A parenthesis inside: optional words ("Cocos (Keeling) Islands").
    name = re.sub(r"\(([^()]*)\)", r"[\1]", name)
    if ", " in name:
        head, tail = name.split(", ", 1)
        tail = tail.split(", ")[-1]          # "Democratic, People's ... of"
        if re.search(r"\bof( the)?$", tail, re.I):
            out.append("%s %s" % (tail, head))          # Republic of Korea
            out.append(head)                           # Korea (checked later)
        elif " " not in tail:
            out.append("%s %s" % (tail, head))          # British Virgin Islands
        else:
            out.append(name)                           # Bonaire, Sint Eustatius and Saba
            out.append(head)
    else:
        out.append(name)
    result = []
    for phrase in out:
        phrase = re.sub(r"^the ", "[the] ", phrase, flags=re.I)
        check = re.sub(r"\[([^\[\]]*)\]", r"\1", phrase)
        if SYNTAX.search(check):
            continue
        result.append(phrase)
    return result


def display_name(c, names_for):
    """The country's canonical name for event output (the name= attribute):
    the overrides file's name, else iso-codes' common name, else its name
    turned round as clean() turns it ("Palestine, State of" -> "State of
    Palestine"; "USSR, Union of ..." -> "USSR"), without parentheses."""
    if c["alpha_3"] in names_for:
        return names_for[c["alpha_3"]]
    if "common_name" in c:
        return c["common_name"]
    name = " ".join(c["name"].split())
    name = re.sub(r"\s*\([^()]*\)", "", name).strip()
    if ", " in name:
        head, tail = name.split(", ", 1)
        tail = tail.split(", ")[-1]
        if re.search(r"\bof( the)?$", tail, re.I):
            name = "%s %s" % (re.sub(r"^the ", "", tail, flags=re.I), head)
        elif " " not in tail:
            name = "%s %s" % (tail, head)
        else:
            name = head
    return name


def name_attr(name):
    """name=Value_With_Underscores: attribute values have no spaces."""
    return "name=" + "_".join(name.split())


def phrase_key(phrase):
    """What two phrases are compared by: case and a leading [the] ignored."""
    return re.sub(r"^\[the\] ", "", phrase.lower())


def dedupe(phrases):
    seen, out = set(), []
    for p in phrases:
        if phrase_key(p) not in seen:
            seen.add(phrase_key(p))
            out.append(p)
    return out


def main(argv):
    if len(argv) not in (3, 4):
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 1
    json_dir, out_path = argv[1], argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    overrides_path = argv[3] if len(argv) == 4 else os.path.join(
        here, "..", "data", "actors", "countries-overrides.txt")
    code_for, former_codes, added, ambiguous, names_for = read_overrides(overrides_path)

    current = load_json(os.path.join(json_dir, "iso_3166-1.json"), "3166-1")
    former = load_json(os.path.join(json_dir, "iso_3166-3.json"), "3166-3")

    entries = []   # (codes, phrases, attrs)
    for c in current:
        a3 = c["alpha_3"]
        names = []
        for key in ("name", "official_name", "common_name"):
            if key in c:
                names.extend(clean(c[key]))
        entries.append((code_for.get(a3, a3), dedupe(names),
                        "iso2=%s type=country %s" % (c["alpha_2"], name_attr(display_name(c, names_for))),
                        True))
    known = {c["alpha_3"] for c in former}
    for a3, codes in sorted(former_codes.items()):
        if a3 not in known:
            fail("former %s is not in iso_3166-3.json" % a3)
    for c in former:
        a3 = c["alpha_3"]
        if a3 not in former_codes:
            continue
        wd = c.get("withdrawal_date", "")
        entries.append((former_codes[a3], dedupe(clean(c["name"])),
                        "iso2=%s type=former iso_withdrawn=%s %s"
                        % (c["alpha_2"], wd, name_attr(display_name(c, names_for))), False))

    # A phrase naming two different current codes is left to the hand-written
    # file; one naming a current and a former code stays with the current.
    owners = {}
    for codes, names, _, is_current in entries:
        for n in names:
            owners.setdefault(phrase_key(n), {}).setdefault(is_current, set()).add(codes)
    dropped = sorted(n for n, by in owners.items() if len(by.get(True, ())) > 1
                     or (not by.get(True) and len(by.get(False, ())) > 1))
    current_names = {n for n, by in owners.items() if by.get(True)}

    lines = [
        "# countries.dict -- GENERATED by tools/gen-countries.py from Debian iso-codes",
        "# (iso_3166-1.json, iso_3166-3.json) and data/actors/countries-overrides.txt.",
        "# Do not edit: change the overrides or data/actors/countries.dict instead.",
        "# Format: docs/dictionary-format.md.",
    ]
    if dropped:
        lines.append("# Left out as ambiguous (decided in data/actors/countries.dict):")
        for n in dropped:
            lines.append("#   %s" % n)
    lines += ["", "@kind actor", "@match lemma", ""]
    body = []
    for codes, names, attrs, is_current in entries:
        names = [n for n in names if phrase_key(n) not in dropped
                 and (is_current or phrase_key(n) not in current_names)]
        # A name that is also a common word or a person's name stands on its
        # own line marked ambiguous=1: the coder wants evidence for it.
        for n in [n for n in names if phrase_key(n) in ambiguous]:
            body.append("%s  =>  %s  ; %s ambiguous=1" % (n, codes, attrs))
        names = [n for n in names if phrase_key(n) not in ambiguous]
        if not names:
            continue
        body.append("%s  =>  %s  ; %s" % (" | ".join(names), codes, attrs))
    for line in added:
        phrases, rest = line.split("=>", 1)
        body.append("%s  =>  %s" % (" ".join(phrases.split()), " ".join(rest.split())))
    body.sort(key=lambda s: (s.split("=>")[1].split()[0], s.lower()))
    lines += body

    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, out_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
