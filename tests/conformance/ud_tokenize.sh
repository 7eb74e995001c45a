#!/bin/sh
# ud_tokenize.sh - tokenizer and sentence splitter on UD English-EWT test,
# documents rebuilt as raw text (see cli/eval.c). Skips (exit 77) when
# ../shared/data is absent, as in a user's fresh clone. The floors guard
# against regressions: the figures measured at resolution minus a margin
# (docs/ACCURACY.md).
set -u
sitrep=$1
data="$(dirname "$0")/../../../shared/data/ud-en-ewt/en_ewt-ud-test.conllu"
if [ ! -f "$data" ]; then
  echo "SKIP: $data not found (../shared/data is only beside CI checkouts)"
  exit 77
fi
exec "$sitrep" eval tokenize --min-token-f1 98.8 --min-sentence-f1 84.0 "$data"
