#!/bin/sh
# ud_analyze.sh - the shipped tagger, lemmatizer and parser on UD
# English-EWT test with gold tokenization (`sitrep parse --input conllu`),
# scored by `sitrep eval conllu`. Skips (exit 77) when ../shared/data is
# absent, as in a user's fresh clone. The floors guard against regressions:
# the figures measured at the end of issue #3 (docs/ACCURACY.md: UPOS 96.03,
# XPOS 95.52, lemma 97.19, UAS 84.94, LAS 81.86) minus about half a point.
set -u
sitrep=$1
data="$(dirname "$0")/../../../shared/data/ud-en-ewt/en_ewt-ud-test.conllu"
if [ ! -f "$data" ]; then
  echo "SKIP: $data not found (../shared/data is only beside CI checkouts)"
  exit 77
fi
pred=$(mktemp)
trap 'rm -f "$pred"' EXIT
"$sitrep" parse --quiet --input conllu "$data" > "$pred" || exit 1
"$sitrep" eval conllu --min-upos 95.5 --min-xpos 95.0 --min-lemma 96.7 \
  --min-uas 84.4 --min-las 81.3 "$data" "$pred"
