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
[ $? -eq 0 ] || exit 1
# named entities on UniversalNER EWT test, with the shipped tagger's tags
# (measured 75.43 entity F1 at the end of issue #3; floor 74.9)
uner="$(dirname "$0")/../../../shared/data/uner-en-ewt/en_ewt-ud-test.iob2"
tools=$(dirname "$sitrep")
[ -f "$uner" ] && [ -x "$tools/train_ner" ] && [ -x "$tools/train_tagger" ] || exit 0
root="$(dirname "$0")/../.."
"$tools/train_tagger" --tag "$root/data/models/tagger.bin" "$data" "$pred" || exit 1
"$tools/train_ner" --eval "$root/data/models/ner.bin" "$uner" --tags "$pred" |
  awk '{ print } $1 == "overall" { f1 = $4 }
       END { if (f1 + 0 < 74.9) { print "FAIL: NER F1 " f1 " below 74.9"; exit 1 } }'
