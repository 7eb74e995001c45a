#!/bin/sh
# code.sh - `sitrep code` end to end with small dictionaries written here:
# JSONL records with every field, TSV rows, given CoNLL-U trees used as
# they are, dictionaries named on the command line in either format, and
# located errors for bad dictionaries (a warning, or fatal with --strict).
set -u
sitrep=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pass=0 fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

cat > "$dir/a.actors" <<'X'
actor Russia
  alias Russian
  country RUS
actor Ukraine
  country UKR
X
printf 'agent MIL: troops; forces\n' > "$dir/a.agents"
printf 'verb 195 shell\nverb 190 attack\n' > "$dir/a.verbs"
printf 'GONDOR [GON]\nARNOR [ARN]\n' > "$dir/p.actors"
printf -- '--- ATTACK [190] ---\nATTACK\n' > "$dir/p.verbs"
dicts="--actors $dir/a.actors --agents $dir/a.agents --verbs $dir/a.verbs"

# text through sitrep's own parser
printf 'date: 2024-03-12\n\nRussian troops shelled Ukraine on Monday.\n' > "$dir/t.txt"
# shellcheck disable=SC2086
"$sitrep" code $dicts "$dir/t.txt" > "$dir/t.jsonl" 2> "$dir/err"
if [ $? -eq 0 ] && grep -q '"cameo":"195"' "$dir/t.jsonl" &&
  grep -q '"actor":\[{"text":"Russian troops","code":"RUSMIL"' "$dir/t.jsonl" &&
  grep -q '"recipient":\[{"text":"Ukraine","code":"UKR"' "$dir/t.jsonl" &&
  grep -q '"pub_date":"2024-03-12"' "$dir/t.jsonl" &&
  grep -q '"trigger":{"text":"shelled"' "$dir/t.jsonl"; then
  ok "text: one JSONL event, actor, recipient, trigger, date"
else bad "text:"; cat "$dir/t.jsonl" "$dir/err"; fi
# "on Monday" in a past-tense sentence of an article dated Tuesday
# 2024-03-12 is the day before, in the JSONL record and the TSV row
if grep -q '"date":"2024-03-11","date_precision":"day","pub_date":"2024-03-12"' "$dir/t.jsonl" &&
  # shellcheck disable=SC2086
  [ "$("$sitrep" code --format tsv $dicts "$dir/t.txt" 2>&1 | cut -f3)" = 2024-03-11 ]; then
  ok "relative date resolved: on Monday -> 2024-03-11, precision day"
else bad "relative date:"; cat "$dir/t.jsonl"; fi
# every field of the record is there
for k in id doc_id sent_idx sent_id date date_precision pub_date event mode \
  cameo quad goldstein actor recipient location negated hypothetical \
  reported_by trigger text start end confidence; do
  grep -q "\"$k\":" "$dir/t.jsonl" || { bad "field $k missing"; }
done
ok "record fields checked"
# the trigger's offsets point at the word in the input file
start=$(sed 's/.*"trigger":{"text":"shelled","start":\([0-9]*\),.*/\1/' "$dir/t.jsonl")
if [ "$(dd if="$dir/t.txt" bs=1 skip="$start" count=7 2>/dev/null)" = shelled ]; then
  ok "trigger offsets point into the input"
else bad "trigger offset $start"; fi

# TSV and given CoNLL-U trees in PETRARCH format dictionaries (UD v1 labels)
printf '# newdoc id = g1\n# date = 19950101\n1\tGondor\tGondor\tPROPN\t_\t_\t2\tnsubj\t_\t_\n2\tattacked\tattack\tVERB\t_\t_\t0\troot\t_\t_\n3\tArnor\tArnor\tPROPN\t_\t_\t2\tdobj\t_\t_\n\n' > "$dir/g.conllu"
out=$("$sitrep" code --format tsv --actors "$dir/p.actors" --verbs "$dir/p.verbs" "$dir/g.conllu" 2>&1)
if [ "$out" = "$(printf 'g1\t1\t1995-01-01\tGON\tARN\t190\tASSAULT')" ]; then
  ok "TSV row from a given tree and PETRARCH dictionaries"
else bad "tsv: $out"; fi

# a malformed dictionary line: a located warning, then a fatal error with --strict
printf 'actor Russia\n  country RUS\n  colour red\n' > "$dir/bad.actors"
"$sitrep" code --actors "$dir/bad.actors" --verbs "$dir/a.verbs" "$dir/t.txt" > /dev/null 2> "$dir/err"
if [ $? -eq 0 ] && grep -q 'bad.actors:3: unknown actor attribute' "$dir/err"; then
  ok "bad dictionary line: warning with FILE:LINE"
else bad "warning:"; cat "$dir/err"; fi
"$sitrep" code --strict --actors "$dir/bad.actors" "$dir/t.txt" > /dev/null 2> "$dir/err"
rc=$?
if [ $rc -eq 2 ] && grep -q 'bad.actors:3:' "$dir/err"; then
  ok "--strict: exit 2 with FILE:LINE"
else bad "strict: rc=$rc $(cat "$dir/err")"; fi
"$sitrep" code --verbs "$dir/missing.verbs" "$dir/t.txt" > /dev/null 2> "$dir/err"
if [ $? -eq 2 ] && grep -q 'missing.verbs: cannot open' "$dir/err"; then
  ok "missing dictionary: exit 2, named"
else bad "missing: $(cat "$dir/err")"; fi
head -c 4096 /dev/urandom > "$dir/bin.verbs"
"$sitrep" code --verbs "$dir/bin.verbs" "$dir/t.txt" > /dev/null 2> "$dir/err"
if [ $? -eq 2 ] && grep -q 'bin.verbs: binary file' "$dir/err"; then
  ok "binary dictionary: refused"
else bad "binary: $(cat "$dir/err")"; fi

# the shipped dictionaries load without a single warning
"$sitrep" code --strict "$dir/t.txt" > "$dir/s.jsonl" 2> "$dir/err"
if [ $? -eq 0 ]; then ok "shipped dictionaries load with --strict"
else bad "shipped:"; cat "$dir/err"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
