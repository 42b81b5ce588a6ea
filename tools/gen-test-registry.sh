#!/usr/bin/env bash
# Print the test registry included by tests/runner.c: an X(name) line per
# TEST(name) and an S(kind) line per SPEC(kind) in the given C files.
set -euo pipefail
echo '#ifndef X'
echo '#define X(n)'
echo '#endif'
echo '#ifndef S'
echo '#define S(n)'
echo '#endif'
for f in "$@"; do
  sed -n -e 's/^TEST(\([A-Za-z0-9_]*\)).*/X(\1)/p' -e 's/^SPEC(\([A-Za-z0-9_]*\)).*/S(\1)/p' "$f"
done
echo '#undef X'
echo '#undef S'
