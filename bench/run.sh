#!/bin/sh
# run.sh - `make bench`: throughput of ingest + text + segment, then of
# the whole analysis pipeline (tagger, lemmatizer, entities, parser), then
# of the event store.
#
# Builds (once) a corpus of about 220 MB in bench/corpus/ from the shipped
# examples: 6,000 plain-text articles of about 16 KB (the examples' text
# files, paragraphs rotated so no two files are alike) and a JSONL feed of
# about 120 MB (the example feed's records, repeated with new ids). Then
# times bench_segment on one core and prints MB/s, sentences/s and peak
# memory, and the same for a tenth of the corpus, to show that memory does
# not grow with its size. Last, bench_store builds a store of a million
# synthetic events and times storing and the timeline and actors queries.
set -eu
build=${1:-build}
cd "$(dirname "$0")/.."
corpus=bench/corpus
if [ ! -f "$corpus/.complete" ]; then
  echo "bench: building the corpus in $corpus (once)"
  rm -rf "$corpus"
  mkdir -p "$corpus/articles" "$corpus/small"
  cat examples/*.txt > "$corpus/pool.txt"
  awk -v dir="$corpus/articles" -v n=6000 '
    /^$/ { next }
    { para[++np] = $0 }
    END {
      for (i = 1; i <= n; i++) {
        f = sprintf("%s/%05d.txt", dir, i)
        printf("Title: Bench article %d\nDate: 2024-%02d-%02d\n\n", i, i % 12 + 1, i % 28 + 1) > f
        for (k = 0; k < np; k++) print para[(k + i * 7) % np + 1] "\n" > f
        close(f)
      }
    }' "$corpus/pool.txt"
  awk -v n=15000 '{ line[NR] = $0 }
    END { for (i = 1; i <= n; i++) for (j = 1; j <= NR; j++)
            print "{\"bench\":" i "," substr(line[j], 2) }' \
    examples/feed-2024.jsonl > "$corpus/feed.jsonl"
  cp "$corpus"/articles/00[0-5]*.txt "$corpus/small/"
  head -n 6000 "$corpus/feed.jsonl" > "$corpus/small/feed.jsonl"
  rm "$corpus/pool.txt"
  touch "$corpus/.complete"
fi
echo "bench: full corpus ($(du -sh "$corpus/articles" "$corpus/feed.jsonl" | awk '{print $1}' | paste -sd+ -))"
taskset -c 0 "$build/bench_segment" "$corpus/articles" "$corpus/feed.jsonl" 2>/dev/null ||
  "$build/bench_segment" "$corpus/articles" "$corpus/feed.jsonl"
echo "bench: a tenth of the corpus, for memory growth"
"$build/bench_segment" "$corpus/small"
if [ -f data/models/parser.bin ] && [ -f data/models/tagger.bin ]; then
  echo "bench: analysis (tagging, lemmas, entities, parsing) on 300 articles"
  mkdir -p "$corpus/analyze"
  cp "$corpus"/articles/00[0-2]*.txt "$corpus/analyze/"
  taskset -c 0 "$build/bench_segment" --analyze "$corpus/analyze" 2>/dev/null ||
    "$build/bench_segment" --analyze "$corpus/analyze"
  echo "bench: the same through 'sitrep parse' (CoNLL-U written to /dev/null)"
  t0=$(date +%s%N)
  "$build/sitrep" parse --quiet "$corpus/analyze" > /dev/null
  t1=$(date +%s%N)
  echo "  $(( (t1 - t0) / 1000000 )) ms"
  if command -v python3 > /dev/null; then
    python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print("  peak resident memory of sitrep parse: %.1f MB" %
      (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024))' \
      "$build/sitrep" parse --quiet "$corpus/analyze"
  fi
else
  echo "bench: no models in data/models; analysis not measured"
fi
echo "bench: start-up (engine open + one short article)"
t0=$(date +%s%N)
i=0
while [ $i -lt 20 ]; do printf 'A short article.\n' | "$build/sitrep" tokenize > /dev/null; i=$((i + 1)); done
t1=$(date +%s%N)
echo "  $(( (t1 - t0) / 20000000 )) ms per run of 'sitrep tokenize' on a one-line input"
echo "bench: event store, 1,000,000 synthetic events (storing time excludes coding)"
taskset -c 0 "$build/bench_store" --events 1000000 "$corpus/store.db" 2>/dev/null ||
  "$build/bench_store" --events 1000000 "$corpus/store.db"
