#!/bin/sh
# geocode.sh - `sitrep geocode` with the shipped gazetteer: analysts'
# descriptions to JSON lines (old names, admin context, --country), a clear
# message and exit 1 when nothing matches, usage errors, corrupt and
# truncated gazetteer files named in the error, and the "location" of
# `sitrep code` records.
set -u
sitrep=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pass=0 fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
unset SITREP_GAZETTEER

# query -> the fields that must appear in its line
check() {
  q=$1
  shift
  out=$("$sitrep" geocode "$q" 2>&1)
  for want in "$@"; do
    case $out in
    *"$want"*) ;;
    *) bad "'$q': no $want in $out"; return ;;
    esac
  done
  ok "'$q'"
}
check "Krasnyy Liman" '"name":"Lyman"' '"country":"UA"' '"admin1":"Donetsk"' \
  '"geonameid":704204' '"precision":"city"' '"lat":48.99'
check "Artemivsk" '"name":"Bakhmut"' '"country":"UA"'
check "near Bakhmut" '"name":"Bakhmut"'
check "Rostov-on-Don" '"name":"Rostov-on-Don"' '"country":"RU"' '"lon":39.7'
check "Kozinka, Belgorod region" '"name":"Kozinka"' '"country":"RU"' \
  '"admin1":"Belgorod Oblast"'
check "Chuhuiv, south of Kharkiv" '"name":"Chuhuyiv"' '"admin1":"Kharkiv"'
check "Kiev" '"name":"Kyiv"' '"precision":"city"'
check "Belgorod region" '"precision":"admin1"' '"country":"RU"'
check "Ukraine" '"precision":"country"' '"admin1":null'

# several descriptions, one line each, in order; --country
out=$("$sitrep" geocode --country US "Moscow" "Lyman" 2>&1)
if [ "$(printf '%s\n' "$out" | grep -c '"country":"US"')" -eq 2 ]; then
  ok "--country US: both answers in the US"
else bad "--country: $out"; fi
printf 'Penza\nBryansk\n' | "$sitrep" geocode > "$dir/stdin.jsonl" 2>&1
if grep -q '"name":"Penza"' "$dir/stdin.jsonl" &&
  grep -q '"name":"Bryansk"' "$dir/stdin.jsonl"; then
  ok "descriptions from standard input"
else bad "stdin: $(cat "$dir/stdin.jsonl")"; fi

# nothing matches: a message and exit 1, the others still answered
"$sitrep" geocode "Xqzzyv Plorn" "Kursk" > "$dir/out" 2> "$dir/err"
rc=$?
if [ $rc -eq 1 ] && grep -q "no place found in 'Xqzzyv Plorn'" "$dir/err" &&
  grep -q '"name":"Kursk"' "$dir/out"; then
  ok "no match: exit 1 with a message"
else bad "no match: rc=$rc $(cat "$dir/err")"; fi
"$sitrep" geocode --country XX "Kursk" > /dev/null 2> "$dir/err"
if [ $? -eq 2 ] && grep -q "unknown country code 'XX'" "$dir/err"; then
  ok "bad --country: exit 2"
else bad "bad country: $(cat "$dir/err")"; fi
"$sitrep" geocode --bogus > /dev/null 2>&1
[ $? -eq 2 ] && ok "unknown option: exit 2" || bad "unknown option"

# corrupt, truncated and missing gazetteer files
gaz=$(dirname "$0")/../../data/gazetteer/gazetteer.bin
head -c 1000 "$gaz" > "$dir/cut.bin"
"$sitrep" geocode --gazetteer "$dir/cut.bin" Kursk > /dev/null 2> "$dir/err"
if [ $? -eq 2 ] && grep -q "cut.bin: gazetteer is truncated" "$dir/err"; then
  ok "truncated gazetteer: exit 2, named"
else bad "truncated: $(cat "$dir/err")"; fi
head -c 4096 /dev/urandom > "$dir/rand.bin"
"$sitrep" geocode --gazetteer "$dir/rand.bin" Kursk > /dev/null 2> "$dir/err"
if [ $? -eq 2 ] && grep -q "rand.bin: not a sitrep gazetteer" "$dir/err"; then
  ok "random bytes: exit 2, named"
else bad "random: $(cat "$dir/err")"; fi
{ head -c 200 "$gaz"; head -c 100 /dev/zero; tail -c +301 "$gaz"; } > "$dir/zero.bin"
"$sitrep" geocode --gazetteer "$dir/zero.bin" Kursk > /dev/null 2> "$dir/err"
if [ $? -eq 2 ] && grep -q "zero.bin: gazetteer" "$dir/err"; then
  ok "zeroed bytes inside: exit 2, named"
else bad "zeroed: $(cat "$dir/err")"; fi
SITREP_GAZETTEER=$dir/none.bin "$sitrep" geocode Kursk > /dev/null 2> "$dir/err"
if [ $? -eq 2 ] && grep -q "none.bin: cannot open" "$dir/err"; then
  ok "missing gazetteer (SITREP_GAZETTEER): exit 2, named"
else bad "missing: $(cat "$dir/err")"; fi

# places in an article, and event locations in `sitrep code`
printf 'date: 2022-10-02\n\nUkrainian troops shelled Russian positions near Lyman in the Donetsk region.\n' > "$dir/a.txt"
"$sitrep" geocode --doc "$dir/a.txt" > "$dir/doc.jsonl" 2> "$dir/err"
if grep -q '"text":"Lyman","name":"Lyman","country":"UA"' "$dir/doc.jsonl"; then
  ok "--doc: places of an article"
else bad "--doc: $(cat "$dir/doc.jsonl" "$dir/err")"; fi
printf 'verb 195 shell\n' > "$dir/v.verbs"
"$sitrep" code --verbs "$dir/v.verbs" "$dir/a.txt" > "$dir/c.jsonl" 2> "$dir/err"
if grep -q '"location":{"text":"Lyman","name":"Lyman","country":"UA","admin1":"Donetsk"' "$dir/c.jsonl"; then
  ok "code: the event's location"
else bad "code location: $(cat "$dir/c.jsonl" "$dir/err")"; fi
"$sitrep" code --no-places --verbs "$dir/v.verbs" "$dir/a.txt" > "$dir/c.jsonl" 2>&1
if grep -q '"location":null' "$dir/c.jsonl"; then
  ok "code --no-places: location null"
else bad "no-places: $(cat "$dir/c.jsonl")"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
