#!/bin/sh
# petrarch.sh - the coder on UniversalPetrarch's validation records with the
# dictionaries that come with them (`sitrep eval petrarch`): the unit tests
# on their given UD parses and through sitrep's own parser, and the 78 GSR
# news sentences with the Phoenix dictionaries. Skips (exit 77) when
# ../shared/data is absent. The floors guard against regressions: the
# figures in docs/ACCURACY.md ("Event coding") minus about two points.
set -u
sitrep=$1
u="$(dirname "$0")/../../../shared/data/universalpetrarch"
if [ ! -f "$u/PETR.UnitTest.records.parsing_parsed_udpipe_2.0.xml" ]; then
  echo "SKIP: $u not found (../shared/data is only beside CI checkouts)"
  exit 77
fi
petr="--actors $u/PETR.Validate.actors.txt --agents $u/PETR.Validate.agents.txt
      --verbs $u/PETR.Validate.verbs.2.0.txt --discards $u/PETR.Validate.discards.txt"
p="$u/phoenix"
phoenix="--actors $p/Phoenix.Countries.actors.txt
         --actors $p/Phoenix.International.actors.txt
         --actors $p/Phoenix.MilNonState.actors.txt --agents $p/Phoenix.agents.txt
         --verbs $p/CAMEO.2.0.txt --discards $p/Phoenix.discards.txt"
fail=0
echo "== unit tests, given parses"
# shellcheck disable=SC2086
"$sitrep" eval petrarch $petr --min-exact 88 \
  "$u/PETR.UnitTest.records.parsing_parsed_udpipe_2.0.xml" 2>/dev/null || fail=1
echo "== unit tests, sitrep's parser"
# shellcheck disable=SC2086
"$sitrep" eval petrarch --parse $petr --min-exact 81 \
  "$u/PETR.UnitTest.records.parsing_parsed_udpipe_2.0.xml" 2>/dev/null || fail=1
echo "== GSR records, Phoenix dictionaries, given parses"
# shellcheck disable=SC2086
"$sitrep" eval petrarch $phoenix --min-exact 57 \
  "$u/PETR2_GSR_validation.xml" 2>/dev/null || fail=1
exit $fail
