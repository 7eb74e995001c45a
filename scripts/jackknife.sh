#!/bin/sh
# jackknife.sh - gives a treebank's training file predicted tags, as the
# named-entity tagger sees them at run time (make train trains it on them;
# the parser and the lemmatizer did better on gold tags, docs/ACCURACY.md).
#
#   scripts/jackknife.sh BUILD TRAIN.conllu DEV.conllu OUT.conllu [FOLDS]
#
# The sentences of TRAIN are dealt into FOLDS parts (default 10). For each
# part a tagger is trained on the other parts (one run, to keep it quick)
# and tags that part; OUT is TRAIN again with every UPOS and XPOS column
# predicted by a tagger that never saw the sentence. Two folds train at a
# time (the machine's two cores). The sentence order of OUT is the order of
# the folds, which training shuffles anyway.
set -eu
build=$1 train=$2 dev=$3 out=$4 folds=${5:-10}
work=$(dirname "$out")/jackknife
rm -rf "$work"
mkdir -p "$work"
awk -v dir="$work" -v folds="$folds" 'BEGIN { RS = ""; ORS = "\n\n" }
  { k = (NR - 1) % folds
    print > (dir "/held" k ".conllu")
    for (j = 0; j < folds; j++) if (j != k) print > (dir "/rest" j ".conllu") }' "$train"
fold() {
  "$build/train_tagger" --train "$work/rest$1.conllu" --dev "$dev" \
    -o "$work/tagger$1.bin" --runs 1 > "$work/tagger$1.log" &&
    "$build/train_tagger" --tag "$work/tagger$1.bin" "$work/held$1.conllu" \
      "$work/tagged$1.conllu"
}
k=0
while [ "$k" -lt "$folds" ]; do
  echo "jackknife: folds $k and $((k + 1)) of $folds"
  fold "$k" &
  first=$!
  if [ $((k + 1)) -lt "$folds" ]; then fold $((k + 1)); fi
  wait "$first"
  k=$((k + 2))
done
k=0
: > "$out"
while [ "$k" -lt "$folds" ]; do
  cat "$work/tagged$k.conllu" >> "$out"
  k=$((k + 1))
done
rm -rf "$work"
echo "jackknife: wrote $out"
