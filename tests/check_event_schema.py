#!/usr/bin/env python3
"""check_event_schema.py -- validate saydo's event records against
docs/event.schema.json (run by TEST(event_schema_code_query_api) in
tests/unit/test_serve.c).

Usage:
    python3 tests/check_event_schema.py SCHEMA FILE...

A FILE ending in .jsonl holds one event record a line ('saydo code',
'saydo query --format jsonl'); a .json FILE is an answer of the HTTP API:
its "events" array (/api/events) or its "event" object (/api/events/ID).
Every file must hold at least one event and every event must validate.
Prints one line per invalid event (file:line: path: message) and exits 1
when there is any; 2 on a usage or environment error (python3-jsonschema
missing: scripts/install-deps installs it).
"""

import json
import sys


def events_of(path):
    """(where, event) pairs of one file."""
    with open(path, encoding="utf-8") as f:
        if path.endswith(".jsonl"):
            for n, line in enumerate(f, 1):
                if line.strip():
                    yield "%s:%d" % (path, n), json.loads(line)
            return
        answer = json.load(f)
    if "events" in answer:
        for i, e in enumerate(answer["events"]):
            yield "%s: events[%d]" % (path, i), e
    if "event" in answer:
        yield "%s: event" % path, answer["event"]


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    try:
        import jsonschema
    except ImportError:
        sys.stderr.write("check_event_schema: python3-jsonschema is not installed "
                         "(run scripts/install-deps)\n")
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    bad = 0
    for path in argv[2:]:
        n = 0
        for where, event in events_of(path):
            n += 1
            for error in validator.iter_errors(event):
                field = "/".join(str(p) for p in error.absolute_path) or "(record)"
                print("%s: %s: %s" % (where, field, error.message))
                bad += 1
        if n == 0:
            print("%s: no events" % path)
            bad += 1
        else:
            print("%s: %d events checked" % (path, n))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
