#!/usr/bin/env python3
"""Write the ISO 3166-1 numeric -> alpha-3 table the dashboard map needs.

world-atlas (Natural Earth) names countries by ISO numeric id ("643"); the
API names event countries by alpha-3 ("RUS").  Reads Debian's iso-codes
JSON (iso_3166-1.json, fields "numeric" and "alpha_3") and writes one JSON
object {"643": "RUS", ...}.

usage: gen-iso-numeric.py ISO_CODES_JSON_DIR OUT.json   (exit 1 on error)
"""
import json
import os
import sys


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    src = os.path.join(sys.argv[1], "iso_3166-1.json")
    try:
        with open(src, encoding="utf-8") as f:
            rows = json.load(f)["3166-1"]
    except (OSError, ValueError, KeyError) as e:
        print(f"gen-iso-numeric: {src}: {e}", file=sys.stderr)
        return 1
    table = {r["numeric"]: r["alpha_3"] for r in rows if r.get("numeric") and r.get("alpha_3")}
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(table, f, sort_keys=True, separators=(",", ":"))
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
