#!/bin/sh
# parse.sh - `sitrep parse` with the shipped models: every column filled,
# one root per sentence, CoNLL-U input keeps its words, and malformed
# CoNLL-U is a located error while the rest of the input is still read.
set -u
sitrep=$1
root=$(dirname "$0")/../..
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pass=0 fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

printf 'Russian troops shelled the town of Kupiansk on Monday, the governor said.\n' > "$dir/a.txt"
"$sitrep" parse --raw "$dir/a.txt" > "$dir/a.conllu" 2> "$dir/err"
if [ $? -eq 0 ]; then ok "parse runs"; else bad "parse failed: $(cat "$dir/err")"; fi
# every word line: 10 columns, LEMMA/UPOS/XPOS/DEPREL filled, HEAD a number
if awk -F'\t' '/^[0-9]/ { if (NF != 10 || $3 == "_" || $4 == "_" || $5 == "_" ||
      $8 == "_" || $7 !~ /^[0-9]+$/) bad = 1; if ($7 == 0) roots++ }
    END { exit bad || roots != 1 }' "$dir/a.conllu"; then
  ok "all columns filled, one root"
else bad "columns:"; cat "$dir/a.conllu"; fi
# the subject and object of "shelled"
if awk -F'\t' '$2 == "troops" && $8 == "nsubj" { s = $7 } $2 == "shelled" { v = $1 }
    $2 == "town" && $8 == "obj" { o = $7 } END { exit !(s == v && o == v) }' "$dir/a.conllu"; then
  ok "troops is the subject of shelled, town its object"
else bad "tree:"; cut -f1,2,7,8 "$dir/a.conllu"; fi

# CoNLL-U input: the given words, whatever the tokenizer would do
printf '# newdoc id = d1\n# date = 2023-06-24\n1\tWagner\t_\t_\t_\t_\t_\t_\t_\t_\n2\tfighters\t_\t_\t_\t_\t_\t_\t_\t_\n3\tcan\t_\t_\t_\t_\t_\t_\t_\t_\n4\tnot\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n5\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n' > "$dir/b.conllu"
"$sitrep" parse "$dir/b.conllu" > "$dir/b.out" 2> "$dir/err"
if [ $? -eq 0 ] && grep -q '^# newdoc id = d1' "$dir/b.out" &&
  grep -q '^# date = 2023-06-24' "$dir/b.out" &&
  [ "$(grep -c '^[0-9]' "$dir/b.out")" -eq 5 ] &&
  grep -q '^4	not	.*SpaceAfter=No' "$dir/b.out"; then
  ok "CoNLL-U input keeps words, id, date and SpaceAfter"
else bad "conllu input:"; cat "$dir/b.out" "$dir/err"; fi

# a broken document is reported with its line; the next one is still parsed
printf '# newdoc id = bad\n1\tA\t_\t_\t_\t_\t_\t_\t_\n\n# newdoc id = good\n1\tPeace\t_\t_\t_\t_\t_\t_\t_\t_\n2\ttalks\t_\t_\t_\t_\t_\t_\t_\t_\n\n' > "$dir/c.conllu"
"$sitrep" parse --input conllu "$dir/c.conllu" > "$dir/c.out" 2> "$dir/err"
rc=$?
if [ $rc -eq 1 ] && grep -q 'c.conllu:2: a word line has fewer than 10' "$dir/err" &&
  grep -q '^# newdoc id = good' "$dir/c.out" && ! grep -q 'newdoc id = bad' "$dir/c.out"; then
  ok "malformed CoNLL-U: FILE:LINE error, the rest parsed, exit 1"
else bad "malformed conllu (rc $rc):"; cat "$dir/err" "$dir/c.out"; fi

# tokenize output fed back as CoNLL-U gives the same tokens
"$sitrep" tokenize "$root/examples" > "$dir/t.conllu" 2> /dev/null
"$sitrep" parse --input conllu "$dir/t.conllu" > "$dir/t2.conllu" 2> "$dir/err"
if [ "$(grep -c '^[0-9]' "$dir/t.conllu")" -eq "$(grep -c '^[0-9]' "$dir/t2.conllu")" ] &&
  [ "$(grep -c '^# newdoc' "$dir/t.conllu")" -eq "$(grep -c '^# newdoc' "$dir/t2.conllu")" ]; then
  ok "tokenize | parse --input conllu keeps every token and document"
else bad "round trip: $(grep -c '^[0-9]' "$dir/t.conllu") vs $(grep -c '^[0-9]' "$dir/t2.conllu") tokens"; cat "$dir/err" | head; fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
