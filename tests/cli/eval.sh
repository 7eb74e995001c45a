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
# sitrep eval plover: a hand-made gold file in the PLOVER GSR layout
cat > "$dir/gold.json" <<'JSON'
[
{"id": "t-0", "event": "DOCUMENT", "eventText": "notes for the file"},
{"id": "t-1", "event": "FIGHT", "text": "Rebels shelled the town on Monday.",
 "source": [{"actorText": "Rebels"}]},
{"id": "t-2", "event": "PROTEST", "source": [{"actorText": "Farmers"}]},
{"id": "t-3", "event": "REJECT",
 "text": "The farmers rejected the plan of the government.",
 "source": [{"actorText": "farmers"}]},
{"id": "t-4", "text": "Nobody typed this one."},
{"id": "t-5", "event": "AGREE", "text": "Police arrested the farmers in the capital.",
 "source": [{"actorText": "Police"}]}
]
JSON
out=$("$sitrep" eval plover --split all --show-errors 5 "$dir/gold.json")
# t-1 (194, FIGHT) and t-3 (120, REJECT) are right; t-5's arrest is COERCE
if echo "$out" | grep -q 'left out: 1 without text, 2 without a PLOVER' &&
   echo "$out" | grep -q '^recall: 2/3 = 66.7%' &&
   echo "$out" | grep -q '^precision: 2/3 = 66.7%' &&
   echo "$out" | grep -q "^t-5 (missed)" &&
   echo "$out" | grep -q "wrong COERCE (173) 'arrested'"; then
  echo "ok   eval plover scores"; pass=$((pass + 1))
else echo "FAIL eval plover scores: $out"; fail=$((fail + 1)); fi
out=$("$sitrep" eval plover --split test "$dir/gold.json")
if echo "$out" | grep -q 'records coded: 1; left out: 0 without text, 1 without' &&
   echo "$out" | grep -q '^recall: 0/1'; then
  echo "ok   eval plover test split"; pass=$((pass + 1))
else echo "FAIL eval plover test split: $out"; fail=$((fail + 1)); fi
printf '[{"id": 1,\n "text": }]\n' > "$dir/bad.json"
"$sitrep" eval plover "$dir/bad.json" > /dev/null 2> "$dir/err"
if [ $? -eq 2 ] && grep -q "bad.json:2: malformed JSON" "$dir/err"; then
  echo "ok   eval plover malformed JSON is a located error"; pass=$((pass + 1))
else echo "FAIL eval plover malformed JSON:"; cat "$dir/err"; fail=$((fail + 1)); fi
"$sitrep" eval plover --split tuning "$dir/gold.json" > /dev/null 2>&1
if [ $? -eq 2 ]; then
  echo "ok   eval plover bad --split"; pass=$((pass + 1))
else echo "FAIL eval plover bad --split"; fail=$((fail + 1)); fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
