#!/usr/bin/env bash
# paper_render.sh: the report of paper_test.sh rendered in headless Chromium
# (Debian's chromium): it loads with no console message and every figure
# decodes (the page's own check writes data-figures-ok). Skipped (77)
# without chromium. Usage: paper_render.sh DIR
set -u
DIR=$1
source "$(dirname "$0")/test_lib.sh"
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then echo "SKIP: paper_render (no chromium)"; exit 77; fi
[ -s "$DIR/index.html" ] || { bad "no report in $DIR (paper_test.sh first)"; finish paper_render; exit 1; }
timeout 120 "$CHROME" --headless=new --no-sandbox --disable-gpu --enable-logging=stderr --v=0 \
  --virtual-time-budget=10000 --dump-dom "file://$DIR/index.html" >"$DIR/dom.html" 2>"$DIR/chromium.txt"
[ -s "$DIR/dom.html" ] && ok || bad "chromium rendered nothing: $(tail -3 "$DIR/chromium.txt")"
grep -q ':CONSOLE' "$DIR/chromium.txt" && bad "console: $(grep ':CONSOLE' "$DIR/chromium.txt" | head -3)" || ok
grep -q 'data-figures="6" data-figures-ok="6"' "$DIR/dom.html" && ok ||
  bad "figures: $(grep -o '<body[^>]*>' "$DIR/dom.html")"
finish paper_render
