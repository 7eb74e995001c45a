#!/bin/sh
# plover.sh - the coder from raw text on the PLOVER gold standard records
# with sitrep's own dictionaries (`sitrep eval plover`), on the dev split
# (records whose index mod 5 != 0) and on the held-out test split. Skips
# (exit 77) when ../shared/data is absent. The floors guard against
# regressions: the figures in docs/ACCURACY.md ("PLOVER gold") minus about
# two points.
set -u
sitrep=$1
root="$(dirname "$0")/../.."
gold="$root/../shared/data/plover/PLOVER_GSR_CAMEO.txt"
if [ ! -f "$gold" ]; then
  echo "SKIP: $gold not found (../shared/data is only beside CI checkouts)"
  exit 77
fi
fail=0
echo "== PLOVER gold records, dev split"
"$sitrep" eval plover --dict "$root/data/dict" --split dev \
  --min-recall 57 --min-precision 55.5 "$gold" 2>/dev/null || fail=1
echo "== PLOVER gold records, test split (held out)"
"$sitrep" eval plover --dict "$root/data/dict" --split test \
  --min-recall 51 --min-precision 43.5 "$gold" 2>/dev/null || fail=1
exit $fail
