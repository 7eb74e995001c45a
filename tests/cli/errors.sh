#!/bin/sh
# errors.sh - bad input through the `sitrep` command: each case must give a
# one-line error that names the file and the place, the other inputs of the
# same run must still come out, and the exit status must be 1 (something
# skipped) - never a crash, a hang or silent loss.
#   tests/cli/errors.sh SITREP
set -u
sitrep=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pass=0
fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

printf 'Kyiv said the strike hit a depot. Moscow denied it.\n' > "$dir/good.txt"

# case NAME FILE EXPECTED-ERROR-REGEX [EXPECTED-EXIT]
case_() {
  name=$1 file=$2 want=$3 want_rc=${4:-1}
  timeout 60 "$sitrep" tokenize "$file" "$dir/good.txt" > "$dir/out" 2> "$dir/err"
  rc=$?
  if [ $rc -ge 124 ]; then bad "$name: crashed or hung (status $rc)"; return; fi
  if [ $rc -ne "$want_rc" ]; then bad "$name: exit $rc, wanted $want_rc"; cat "$dir/err"; return; fi
  if ! grep -qE "$want" "$dir/err"; then bad "$name: stderr lacks /$want/:"; cat "$dir/err"; return; fi
  if ! grep -q '^# text = Kyiv said the strike hit a depot\.$' "$dir/out"; then
    bad "$name: the good file after it was not processed"; return
  fi
  ok "$name"
}

printf 'The envoy met \377\376 officials in Kyiv.\n' > "$dir/badutf8.txt"
case_ "invalid UTF-8 is repaired with a warning" "$dir/badutf8.txt" \
  'warning: .*badutf8.txt: 2 invalid UTF-8 .*at byte 14' 0

printf 'Troops\000 crossed the river.\n' > "$dir/nul.txt"
case_ "NUL bytes become spaces with a warning" "$dir/nul.txt" \
  'warning: .*nul.txt: 1 NUL or control byte.*at byte 6' 0

head -c 4096 /dev/urandom > "$dir/binary.bin"
printf '\000\000\000\000\000\000\000\000\000\000\001\002\003' >> "$dir/binary.bin"
head -c 400 /dev/zero >> "$dir/binary.bin"
case_ "a binary file is skipped" "$dir/binary.bin" \
  'error: .*binary.bin: looks like a binary file'

# the same bytes behind a '{' or a CoNLL-U-like digit: still one binary error
for lead in '{' '1\t'; do
  { printf "$lead"; cat "$dir/binary.bin"; } > "$dir/lead.bin"
  case_ "a binary file starting with '$lead' is still binary" "$dir/lead.bin" \
    'error: .*lead.bin: looks like a binary file'
  if [ "$(grep -c "error:" "$dir/err")" -ne 1 ]; then bad "one error only for '$lead'"; fi
done

head -c 52428800 /dev/zero | tr '\000' 'a' > "$dir/huge.txt"
case_ "a 50 MB line is over the document limit" "$dir/huge.txt" \
  'error: .*huge.txt: larger than the 16777216-byte document limit'

{ printf '{"text":"First record."}\n'; head -c 52428800 /dev/zero | tr '\000' 'a'; printf '\n{"text":"Third record."}\n'; } > "$dir/hugeline.jsonl"
timeout 60 "$sitrep" tokenize "$dir/hugeline.jsonl" > "$dir/out" 2> "$dir/err"
if [ $? -eq 1 ] && grep -q 'hugeline.jsonl:2: line longer than' "$dir/err" &&
   grep -q 'Third record' "$dir/out" && grep -q 'First record' "$dir/out"; then
  ok "a 50 MB JSONL line is skipped, the records around it kept"
else bad "50 MB JSONL line"; cat "$dir/err"; fi

printf 'The mayor said the bridge was closed after the attack on Saturday.\n%.0s' $(seq 1 200) | gzip -c > "$dir/full.txt.gz"
head -c $(($(wc -c < "$dir/full.txt.gz") / 2)) "$dir/full.txt.gz" > "$dir/trunc.txt.gz"
case_ "truncated gzip" "$dir/trunc.txt.gz" 'error: .*trunc.txt.gz: truncated gzip data'

printf 'The mayor said the bridge was closed after the attack on Saturday.\n%.0s' $(seq 1 200) | zstd -q -c > "$dir/full.txt.zst"
head -c $(($(wc -c < "$dir/full.txt.zst") / 2)) "$dir/full.txt.zst" > "$dir/trunc.txt.zst"
case_ "truncated zstd" "$dir/trunc.txt.zst" 'error: .*trunc.txt.zst: truncated zstd data'

printf '{"text":"One."}\n{"text": "Two.", oops}\n{"text":"Three."}\n' > "$dir/bad.jsonl"
timeout 60 "$sitrep" tokenize "$dir/bad.jsonl" > "$dir/out" 2> "$dir/err"
if [ $? -eq 1 ] && grep -q 'bad.jsonl:2:[0-9]*: malformed JSON' "$dir/err" &&
   grep -q '^# text = Three\.$' "$dir/out"; then
  ok "malformed JSONL line reported with line and column"
else bad "malformed JSONL"; cat "$dir/err"; fi

case_ "a missing file" "$dir/nope.txt" 'error: .*nope.txt: cannot read: No such file'

"$sitrep" tokenize --date 2023-02-30 "$dir/good.txt" > /dev/null 2> "$dir/err"
if [ $? -eq 2 ] && grep -q "not a date" "$dir/err"; then ok "a bad --date is a usage error"
else bad "bad --date"; fi

mkdir -p "$dir/tree/a"
cp "$dir/good.txt" "$dir/tree/a/"
ln -s "$dir/tree" "$dir/tree/a/loop"
timeout 60 "$sitrep" tokenize "$dir/tree" > "$dir/out" 2> "$dir/err"
if [ $? -eq 1 ] && grep -q 'loop: symbolic link to a directory' "$dir/err" &&
   [ "$(grep -c '^# newdoc' "$dir/out")" -eq 1 ]; then
  ok "a symbolic-link loop in a directory is reported, not followed"
else bad "symlink loop"; cat "$dir/err"; fi

mkdir -p "$dir/nomodels"
"$sitrep" parse --models "$dir/nomodels" "$dir/good.txt" > /dev/null 2> "$dir/err"
if [ $? -eq 3 ] && grep -q 'nomodels/tagger.bin: no tagger model; run .make train.' "$dir/err"; then
  ok "parse without models says which file is missing and what to run"
else bad "parse without models"; cat "$dir/err"; fi

"$sitrep" frobnicate > /dev/null 2>&1
if [ $? -eq 2 ]; then ok "unknown command exits 2"; else bad "unknown command"; fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
