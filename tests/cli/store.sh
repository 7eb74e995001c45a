#!/bin/sh
# store.sh - the event store end to end (issue #5): ingest is idempotent,
# a run killed with SIGKILL and run again ends with exactly the rows of an
# uninterrupted run, and a read-only, full, corrupt or foreign store file
# gives a clear error and a non-zero exit without partial rows. Queries
# and exports read what ingest stored.
set -u
sitrep=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(mktemp -d)
chmod 755 "$dir"
trap 'rm -rf "$dir"' EXIT
pass=0 fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

# a corpus of short JSONL articles made from the example texts' lines
n=0
for f in "$root"/examples/*.txt; do
  grep -v '^[[:space:]]*$' "$f" | grep -v '^date' | head -12
done | sed 's/\\/\\\\/g; s/"/\\"/g; s/\t/ /g' > "$dir/lines"
: > "$dir/corpus.jsonl"
while [ $n -lt 240 ]; do
  for day in 20 21 22 23 24 25 26 27; do
    n=$((n + 1))
    line=$(sed -n "$(( (n % $(wc -l < "$dir/lines")) + 1 ))p" "$dir/lines")
    printf '{"id":"r%d","date":"2023-06-%s","source":"outlet%d","text":"%s"}\n' \
      "$n" "$day" $((n % 5)) "$line" >> "$dir/corpus.jsonl"
  done
done

counts() { # the summary line ingest prints, without the timing
  grep 'now holds' "$1" | sed 's/^.*now holds//'
}

# ---- idempotent ingest ----------------------------------------------------
"$sitrep" ingest --db "$dir/a.db" "$root/examples" 2> "$dir/err1"
rc1=$?
"$sitrep" ingest --db "$dir/a.db" "$root/examples" 2> "$dir/err2"
rc2=$?
if [ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] &&
  [ -n "$(counts "$dir/err1")" ] &&
  [ "$(counts "$dir/err1")" = "$(counts "$dir/err2")" ] &&
  grep -q ' 0 added, 0 replaced, [0-9]* unchanged' "$dir/err2"; then
  ok "ingest twice: identical row counts, second run all unchanged"
else bad "ingest twice"; cat "$dir/err1" "$dir/err2"; fi

# ---- queries read what was stored ---------------------------------------------
"$sitrep" timeline --db "$dir/a.db" > "$dir/timeline" 2>&1
if [ $? -eq 0 ] && grep -q '^2023-06-24$' "$dir/timeline" &&
  grep -q 'Wagner' "$dir/timeline"; then
  ok "timeline groups events by day"
else bad "timeline"; head -20 "$dir/timeline"; fi
"$sitrep" actors --db "$dir/a.db" --actor Prigozhin --json > "$dir/actors"
if [ $? -eq 0 ] && grep -q '"spellings":\[' "$dir/actors" &&
  grep -q '"partners":\[' "$dir/actors" &&
  grep -q '"name":"Yevgeny Prigozhin"' "$dir/actors"; then
  ok "actors --actor: profile with spellings and partners as JSON"
else bad "actors profile"; cat "$dir/actors"; fi
"$sitrep" search --db "$dir/a.db" 'Rostov' > "$dir/search"
if [ $? -eq 0 ] && grep -q '\[Rostov\]' "$dir/search"; then
  ok "search finds and marks the words"
else bad "search"; cat "$dir/search"; fi
"$sitrep" search --db "$dir/a.db" '"unbalanced' > /dev/null 2> "$dir/err"
if [ $? -eq 2 ] && grep -q 'not a valid full-text query' "$dir/err"; then
  ok "a malformed search query is a usage error"
else bad "bad search query"; cat "$dir/err"; fi
"$sitrep" timeline --db "$dir/a.db" --actor "'; DROP TABLE events; --" \
  > "$dir/out" 2>&1
"$sitrep" timeline --db "$dir/a.db" > "$dir/timeline2" 2>&1
if grep -q 'No events match' "$dir/out" &&
  cmp -s "$dir/timeline" "$dir/timeline2"; then
  ok "a filter with SQL in it is only text"
else bad "hostile filter"; cat "$dir/out"; fi
"$sitrep" timeline --db "$dir/a.db" --from 2023-13-01 > /dev/null 2> "$dir/err"
if [ $? -eq 2 ] && grep -q "'2023-13-01' is not a date" "$dir/err"; then
  ok "a bad --from date is named"
else bad "bad date"; cat "$dir/err"; fi
"$sitrep" export --db "$dir/a.db" --format csv > "$dir/x.csv"
mentions=$(grep 'now holds' "$dir/err1" | sed 's/.*(\([0-9]*\) mentions).*/\1/')
rows=$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1]))))' "$dir/x.csv" 2>/dev/null || echo skip)
if [ "$rows" = skip ] || [ "$rows" = "$mentions" ]; then
  ok "export csv: one row per mention ($rows of $mentions), a CSV reader reads it"
else bad "export csv: $rows rows for $mentions mentions"; fi
"$sitrep" export --db "$dir/a.db" --format jsonl > "$dir/x.jsonl"
if [ "$(wc -l < "$dir/x.jsonl")" -eq "$mentions" ] &&
  head -1 "$dir/x.jsonl" | grep -q '"actor":\[' ; then
  ok "export jsonl: one record per mention with actor arrays"
else bad "export jsonl"; head -2 "$dir/x.jsonl"; fi
"$sitrep" export --db "$dir/a.db" --format tsv | awk -F'\t' 'NF != 7' > "$dir/badrows"
if [ ! -s "$dir/badrows" ]; then ok "export tsv: seven PETRARCH columns"
else bad "export tsv"; head -3 "$dir/badrows"; fi

# ---- kill -9 in the middle, then the same command again -----------------------
"$sitrep" ingest --db "$dir/whole.db" --batch 20 "$dir/corpus.jsonl" 2> "$dir/whole.err"
"$sitrep" export --db "$dir/whole.db" --format tsv | sort > "$dir/whole.tsv"
"$sitrep" ingest --db "$dir/killed.db" --batch 20 "$dir/corpus.jsonl" 2> /dev/null &
pid=$!
waited=0
# wait until some batches are committed (the WAL grows), then kill
while kill -0 $pid 2> /dev/null && [ $waited -lt 600 ]; do
  size=$(stat -c %s "$dir/killed.db-wal" 2> /dev/null || echo 0)
  [ "$size" -gt 200000 ] && break
  sleep 0.05
  waited=$((waited + 1))
done
if kill -9 $pid 2> /dev/null; then killed=yes; else killed=no; fi
wait $pid 2> /dev/null
"$sitrep" ingest --db "$dir/killed.db" --batch 20 "$dir/corpus.jsonl" 2> "$dir/killed.err"
"$sitrep" export --db "$dir/killed.db" --format tsv | sort > "$dir/killed.tsv"
if [ "$(counts "$dir/whole.err")" = "$(counts "$dir/killed.err")" ] &&
  cmp -s "$dir/whole.tsv" "$dir/killed.tsv" && [ -s "$dir/whole.tsv" ]; then
  ok "killed mid-run (killed: $killed) and re-run: the rows of an uninterrupted run"
else
  bad "kill -9 and re-run (killed: $killed)"
  cat "$dir/whole.err" "$dir/killed.err"
fi

# ---- stores that cannot be written ---------------------------------------------
cp "$dir/a.db" "$dir/ro.db"
rm -f "$dir/a.db-wal" "$dir/a.db-shm"
chmod 444 "$dir/ro.db"
if [ "$(id -u)" -eq 0 ]; then
  as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
else as_user=""; fi
# shellcheck disable=SC2086
$as_user "$sitrep" ingest --db "$dir/ro.db" "$dir/corpus.jsonl" > /dev/null 2> "$dir/err"
rc=$?
if [ $rc -eq 3 ] && grep -q "ro.db" "$dir/err" &&
  grep -qi 'read' "$dir/err"; then
  ok "read-only store: a clear error, exit 3"
else bad "read-only store (exit $rc)"; cat "$dir/err"; fi

# a file-size limit stands in for a full disk
(ulimit -f 1200; "$sitrep" ingest --db "$dir/full.db" --batch 50 \
  "$dir/corpus.jsonl" > /dev/null 2> "$dir/err")
rc=$?
"$sitrep" export --db "$dir/full.db" --format tsv > /dev/null 2> "$dir/err2"
rc2=$?
if [ $rc -eq 3 ] && grep -qi 'full\|disk\|I/O\|too large' "$dir/err" &&
  [ $rc2 -eq 0 ]; then
  ok "full disk: a clear error, exit 3, the store still reads"
else bad "full disk (exit $rc, then $rc2)"; cat "$dir/err" "$dir/err2"; fi

printf 'SQLite format 3\000' > "$dir/corrupt.db"
head -c 20000 /dev/urandom >> "$dir/corrupt.db"
"$sitrep" ingest --db "$dir/corrupt.db" "$root/examples" > /dev/null 2> "$dir/err"
rc=$?
if [ $rc -eq 3 ] && grep -q 'corrupt.db' "$dir/err"; then
  ok "corrupt store: a clear error, exit 3"
else bad "corrupt store (exit $rc)"; cat "$dir/err"; fi

head -c 5000 /dev/urandom > "$dir/noise.db"
"$sitrep" timeline --db "$dir/noise.db" > /dev/null 2> "$dir/err"
rc=$?
if [ $rc -eq 3 ] && grep -q 'noise.db.*not a database' "$dir/err"; then
  ok "not a SQLite file: a clear error, exit 3"
else bad "noise file (exit $rc)"; cat "$dir/err"; fi

"$sitrep" timeline --db "$dir/missing.db" > /dev/null 2> "$dir/err"
rc=$?
if [ $rc -eq 2 ] && grep -q 'no such store' "$dir/err" &&
  [ ! -e "$dir/missing.db" ]; then
  ok "querying a missing store: usage error, nothing created"
else bad "missing store (exit $rc)"; cat "$dir/err"; fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
