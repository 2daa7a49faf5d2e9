#!/usr/bin/env bash
# paper.sh: `make paper`: every experiment of "Catastrophic Goodhart" (Kwa,
# Thomas, Garriga-Alonso, NeurIPS 2024) with exact references, then the
# report (tools/paper_report.py): OUT/index.html, OUT/numbers.csv and the
# records behind every figure. SCALE multiplies every sample and trial count
# (SCALE=100 for a GPU or a cluster); reruns resume where a run stopped.
# Usage: SCALE=1 OUT=out/paper BIN=build/tailtilt bash tools/paper.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SCALE=${SCALE:-1}
OUT=${OUT:-out/paper}
BIN=${BIN:-build/tailtilt}
PY=${PY:-/usr/bin/python3}
abs() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
OUT=$(abs "$OUT")
case "$BIN" in */*) BIN=$(abs "$BIN") ;; esac
cd "$ROOT"
# SCALE: a positive finite number, written the one way (1.0 and 1 are one scale)
GIVEN=$SCALE
if ! SCALE=$("$PY" -c 'import math, sys
s = float(sys.argv[1])
assert math.isfinite(s) and s > 0
print(f"{s:g}")' "$SCALE" 2>/dev/null); then
  echo "paper: SCALE must be a positive number (got '$GIVEN')" >&2
  exit 2
fi
mkdir -p "$OUT/configs" || { echo "paper: cannot create $OUT/configs" >&2; exit 2; }
T0=$(date +%s)

# Records of another scale are moved aside (never deleted or overwritten) and
# those of this scale, if set aside before, come back: a resumed run only
# continues its own scale, and the report never mixes two.
if [ ! -s "$OUT/scale" ] && ls "$OUT"/*.jsonl >/dev/null 2>&1; then
  echo "paper: $OUT holds records of an unknown scale (no $OUT/scale): move them away, or choose another OUT" >&2
  exit 2
fi
if [ -s "$OUT/scale" ] && [ "$(cat "$OUT/scale")" != "$SCALE" ]; then
  old="$OUT/scale-$(cat "$OUT/scale")"
  mkdir -p "$old"
  moved=0
  for f in "$OUT"/*.jsonl; do
    [ -e "$f" ] || continue
    [ -e "$old/$(basename "$f")" ] && { echo "paper: $old/$(basename "$f") exists: move it away first" >&2; exit 2; }
    mv "$f" "$old/"
    moved=1
  done
  [ $moved = 1 ] && echo "paper: the records at scale $(cat "$OUT/scale") moved to $old"
  if [ -d "$OUT/scale-$SCALE" ]; then
    for f in "$OUT/scale-$SCALE"/*.jsonl; do [ -e "$f" ] && mv "$f" "$OUT/"; done
    rmdir "$OUT/scale-$SCALE" 2>/dev/null || true
    echo "paper: the records at scale $SCALE are back from $OUT/scale-$SCALE"
  fi
fi
echo "$SCALE" >"$OUT/scale"

# Each config of configs/paper/ at the report's size: its counts times the
# factor below (1 keeps the config's own), times SCALE; at SCALE=1 the whole
# report takes a few minutes on 2 CPU cores.
factor() {
  case "$1" in
    bon_synthetic) echo 10 ;;         # 1000 trials per N (the paper: 100)
    conditioning) echo 0.1 ;;          # 1e8 samples per pair
    conditioning_far) echo 0.03 ;;     # 3e6 importance samples per t
    construction_t3) echo 0.1 ;;       # 1e8 samples (1e7 per far t)
    tilt) echo 0.3 ;;                  # 3e7 samples per pair
    *) echo 1 ;;
  esac
}

for cfg in configs/paper/*.yaml; do
  name=$(basename "$cfg" .yaml)
  scaled="$OUT/configs/$name.yaml"
  out="$OUT/$name.jsonl"
  "$PY" - "$cfg" "$scaled" "$out" "$(factor "$name")" "$SCALE" <<'PY'
import re, sys
src, dst, out, factor, scale = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
def scaled(m):  # best-of-N needs 100 trials for a standard error to trust (and so to gate)
    n = max(100 if "trials" in m.group(1) else 10, round(float(m.group(2)) * factor * scale))
    return f"{m.group(1)}{n}"
lines = []
for line in open(src):
    if line.startswith("output:"):
        line = f"output: {out}\n"
    line = re.sub(r"^(\s+(?:samples|trials):\s*)([0-9.e+]+)", scaled, line)
    lines.append(line)
open(dst, "w").write("".join(lines))
PY
  echo "== $name (scale $SCALE)"
  resume=""
  [ -s "$out" ] && resume="--resume"
  "$BIN" run "$scaled" $resume
done

echo "== Fig. 1: the Starling reward model's tail"
"$BIN" tail tests/data/starling_random_rewards.npy --paper >"$OUT/starling.jsonl.tmp"
mv "$OUT/starling.jsonl.tmp" "$OUT/starling.jsonl"

echo "== report"
"$PY" tools/paper_report.py "$OUT" --scale "$SCALE"
echo "paper: $OUT/index.html, $OUT/numbers.csv ($(( $(date +%s) - T0 )) s)"
