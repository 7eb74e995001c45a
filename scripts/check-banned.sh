#!/bin/sh
# check-banned.sh - rejects unsafe string functions everywhere and printing
# in the library (STYLE.md section 10, after curl's checksrc).
set -u
cd "$(dirname "$0")/.."
status=0
banned='\<(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|atof)[[:space:]]*\('
files=$(ls src/*.c src/*.h cli/*.c tests/*.c tests/unit/*.c bench/*.c fuzz/*.c 2>/dev/null)
# shellcheck disable=SC2086
if grep -nE "$banned" $files; then
  echo "check-banned: use snprintf, memcpy with a length, strtol/strtod" >&2
  status=1
fi
if grep -nE '\<(printf|puts|perror)[[:space:]]*\(|\<f(printf|puts)[[:space:]]*\([[:space:]]*std(err|out)' src/*.c; then
  echo "check-banned: the library never prints (use the warning callback)" >&2
  status=1
fi
[ $status -eq 0 ] && echo "check-banned: ok"
exit $status
