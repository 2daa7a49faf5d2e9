#!/usr/bin/env bash
# layers_test.sh: the rooms of host/ form a stack: a file includes headers of
# its own room and of the rooms below it only (docs/design.md, "The house").
set -u
SRC=${1:-$(dirname "$0")/..}
STACK="core io analysis laws reference backends methods cli" # bottom to top
rank() { local i=0; for r in $STACK; do [ "$r" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done; echo -1; }
fails=0
for f in $(cd "$SRC/host" && find . -name '*.[ch]' | sed 's|^\./||' | sort); do
  room=${f%%/*}
  me=$(rank "$room")
  [ "$me" -lt 0 ] && { echo "FAIL: $f is in no room"; fails=$((fails + 1)); continue; }
  for inc in $(grep -o '#include "[a-z_]*/[^"]*"' "$SRC/host/$f" | sed 's/#include "//; s/"$//'); do
    other=${inc%%/*}
    [ "$other" = tailtilt ] && continue
    them=$(rank "$other")
    if [ "$them" -lt 0 ] || [ "$them" -gt "$me" ]; then
      echo "FAIL: host/$f ($room) includes $inc ($other is above it)"
      fails=$((fails + 1))
    fi
  done
done
# the per-sample math is device-safe: no stdio, no GSL, no host strings
for f in "$SRC"/include/tailtilt/*.h; do
  if grep -nE '#include <(stdio|stdlib|string)\.h>|gsl|FILE \*|char [a-z_]+\[' "$f"; then
    echo "FAIL: $f has host-only content"
    fails=$((fails + 1))
  fi
done
# the kernels reach the math and their own headers, never host/
if grep -n '#include "\(core\|io\|analysis\|laws\|reference\|backends\|methods\|cli\)/' "$SRC"/kernels/*; then
  echo "FAIL: kernels/ includes host/"
  fails=$((fails + 1))
fi
echo "layers: $fails violation(s)"
[ "$fails" -eq 0 ]
