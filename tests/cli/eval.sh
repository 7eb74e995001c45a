#!/bin/sh
# eval.sh - `sitrep eval conllu`: scores on a hand-made pair of trees, and a
# clear error when the tokenizations differ.
set -u
sitrep=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '1\tTroops\ttroop\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\t_\n3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n' > "$dir/gold.conllu"
printf '1\tTroops\ttroops\tNOUN\tNNS\t_\t2\tnsubj:pass\t_\t_\n2\tleft\tleave\tVERB\tVBN\t_\t0\troot\t_\t_\n3\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n\n' > "$dir/pred.conllu"
printf '1\tTroop\t_\t_\t_\t_\t_\t_\t_\t_\n2\tleft\t_\t_\t_\t_\t_\t_\t_\t_\n3\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n' > "$dir/other.conllu"
pass=0 fail=0
out=$("$sitrep" eval conllu "$dir/gold.conllu" "$dir/pred.conllu")
# lemma 2/3, XPOS 2/3, UAS 2/3, LAS 2/3 (nsubj:pass counts as nsubj)
if echo "$out" | grep -q 'UPOS 100.00  XPOS 66.67  lemma 66.67  UAS 66.67  LAS 66.67'; then
  echo "ok   scores"; pass=$((pass + 1))
else echo "FAIL scores: $out"; fail=$((fail + 1)); fi
"$sitrep" eval conllu "$dir/gold.conllu" "$dir/other.conllu" > /dev/null 2> "$dir/err"
if [ $? -eq 1 ] && grep -q "other.conllu:1: word 1 is 'Troop', the gold word is 'Troops'" "$dir/err"; then
  echo "ok   different words are a located error"; pass=$((pass + 1))
else echo "FAIL mismatch error:"; cat "$dir/err"; fail=$((fail + 1)); fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
