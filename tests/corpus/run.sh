#!/bin/sh
# run.sh - corpus test: `sitrep tokenize` over every article in examples/
# must print exactly the reviewed golden output in tests/corpus/NAME.conllu
# (snowball's voc.txt/output.txt pairs). With --update, rewrites the golden
# files instead; review that diff like code.
#   tests/corpus/run.sh SITREP [--update]
set -u
sitrep=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
update=${2:-}
cd "$(dirname "$0")/../.."
fail=0
pass=0
for input in examples/*; do
  name=$(basename "$input")
  case "$name" in README.md) continue ;; esac
  golden="tests/corpus/$name.conllu"
  actual=$("$sitrep" tokenize --quiet "$input"; echo "exit=$?")
  if [ "$update" = "--update" ]; then
    printf '%s\n' "$actual" > "$golden"
    continue
  fi
  if [ ! -f "$golden" ]; then
    echo "FAIL $name: no golden file $golden (run make golden)"
    fail=$((fail + 1))
  elif printf '%s\n' "$actual" | diff -u "$golden" - > /tmp/sitrep-corpus-diff.$$; then
    pass=$((pass + 1))
  else
    echo "FAIL $name:"
    head -40 /tmp/sitrep-corpus-diff.$$
    fail=$((fail + 1))
  fi
done
rm -f /tmp/sitrep-corpus-diff.$$
[ "$update" = "--update" ] && { echo "golden files rewritten"; exit 0; }
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
