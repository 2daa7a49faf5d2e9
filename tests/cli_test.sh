#!/usr/bin/env bash
# cli_test.sh: the real binary: bad inputs (one line, exit 2, nothing run),
# thread-count determinism, append-only results, valid JSON and CSV, help.
set -u
BIN=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
source "$(dirname "$0")/test_lib.sh"

# ---- bad input: exit 2, exactly one line on stderr, nothing on stdout ----
expect_input_error() {
  local out err rc
  "$BIN" "$@" >"$T/out" 2>"$T/err"
  rc=$?
  if [ $rc -ne 2 ]; then bad "exit $rc (want 2): $*"; return; fi
  if [ "$(wc -l <"$T/err")" -ne 1 ] || ! grep -q '^tailtilt: error: ' "$T/err"; then
    bad "stderr not one error line: $* -> $(cat "$T/err")"; return; fi
  if [ -s "$T/out" ]; then bad "stdout not empty: $*"; return; fi
  ok
}
expect_input_error frobnicate
expect_input_error tilt
expect_input_error tilt --beta ''
expect_input_error tilt --beta 1,,2
expect_input_error tilt --beta 0,1
expect_input_error tilt --beta -1
expect_input_error tilt --beta lin:1:2
expect_input_error tilt --beta geom:0:1:5
expect_input_error tilt --beta lin:1:2:0
expect_input_error tilt --beta 1 --error 'gauss()'
expect_input_error tilt --beta 1 --error 'normal(df=3)'
expect_input_error tilt --beta 1 --error 'student_t(df=0)'
expect_input_error tilt --beta 1 --error 'student_t(df=-2)'
expect_input_error tilt --beta 1 --utility 'normal(scale=0)'
expect_input_error tilt --beta 1 --utility 'normal(scale=-3)'
expect_input_error tilt --beta 1 --error 'student_t(df=2, standardize=true)'
expect_input_error tilt --beta 1 --samples 0
expect_input_error tilt --beta 1 --samples -5
expect_input_error tilt --beta 1 --samples 1.5
expect_input_error tilt --beta 1 --samples lots
expect_input_error tilt --beta 1 --seed -1
expect_input_error tilt --beta 1 --threads 0
expect_input_error tilt --beta 1 --format xml
expect_input_error tilt --beta 1 --bogus 3
expect_input_error tilt --beta 1 --samples
expect_input_error tilt --t 1
expect_input_error threshold --t 1,1
expect_input_error bon --n 0
expect_input_error bon --n 1,2 --samples 100
expect_input_error bon --n 2e9
expect_input_error bon --n 4 --trials 0
expect_input_error threshold --t 50 --error 'student_t(df=3)' --proposal tilt
expect_input_error tilt --beta 1 --proposal auto
expect_input_error threshold --t 5 --proposal maybe
expect_input_error bon --n 4 --estimator weighted --trials 10
expect_input_error bon --n 4 --estimator best
expect_input_error tilt --beta 1 --estimator weighted
expect_input_error bon --n 4 --estimator weighted --samples 2e8
expect_input_error construct --t 0.5
expect_input_error construct --t 2 --c -1
expect_input_error construct --t 2 --q both
expect_input_error threshold --t 1 --c 2
expect_input_error exact
expect_input_error exact sample --t 1
touch "$T/plain"
expect_input_error tilt --beta 1 --out "$T/plain/results.jsonl"
expect_input_error tilt --beta 1 --out /proc/tailtilt-no/results.jsonl
expect_input_error tilt --beta 1 --out "$T"
expect_input_error dists extra

# ---- help and version exit 0 on stdout ----
for c in "--help" "tilt --help" "threshold --help" "bon --help" "construct --help" "exact --help" \
         "dists --help" "--version" "dists" "--build-configuration"; do
  if $BIN $c >"$T/out" 2>"$T/err" && [ -s "$T/out" ] && [ ! -s "$T/err" ]; then ok; else bad "$c"; fi
done

# ---- determinism: 1 and 2 threads give the same records but for timing ----
strip() { sed -E 's/"(wall_s|samples_per_s|threads)":[^,}]*//g' "$1"; }
for m in "tilt --beta 0.5,1,2" "threshold --t 0,1,3" "bon --n 1,8,100 --trials 2000" "construct --t 2,4"; do
  $BIN $m --error 'student_t(df=3)' --samples 200001 --threads 1 --seed 9 >"$T/a" 2>/dev/null ||
    $BIN $m --error 'student_t(df=3)' --threads 1 --seed 9 >"$T/a"
  $BIN $m --error 'student_t(df=3)' --samples 200001 --threads 2 --seed 9 >"$T/b" 2>/dev/null ||
    $BIN $m --error 'student_t(df=3)' --threads 2 --seed 9 >"$T/b"
  if [ -s "$T/a" ] && [ "$(strip "$T/a")" = "$(strip "$T/b")" ]; then ok; else bad "threads change records: $m"; fi
done
# ... and a different seed changes them
$BIN tilt --beta 1 --samples 1000 --seed 1 >"$T/a"; $BIN tilt --beta 1 --samples 1000 --seed 2 >"$T/b"
if [ "$(strip "$T/a")" != "$(strip "$T/b")" ]; then ok; else bad "seed has no effect"; fi

# ---- results files are appended to, never truncated ----
R="$T/r.jsonl"
$BIN threshold --t 0,1 --samples 1000 --out "$R" && $BIN threshold --t 2 --samples 1000 --out "$R"
if [ "$(wc -l <"$R")" -eq 3 ]; then ok; else bad "append: $(wc -l <"$R") lines"; fi
before=$(md5sum <"$R")
$BIN threshold --t 1 --samples 0 --out "$R" 2>/dev/null
if [ "$(md5sum <"$R")" = "$before" ]; then ok; else bad "a failed run touched the results file"; fi
C="$T/r.csv"
$BIN bon --n 1,4 --trials 100 --format csv --out "$C" && $BIN bon --n 16 --trials 100 --format csv --out "$C"
if [ "$(wc -l <"$C")" -eq 4 ] && [ "$(grep -c '^method,' "$C")" -eq 1 ]; then ok; else bad "csv append"; fi
before=$(md5sum <"$R")
expect_input_error bon --n 4 --trials 10 --format csv --out "$R"
if [ "$(md5sum <"$R")" = "$before" ]; then ok; else bad "csv onto jsonl changed the file"; fi

# ---- JSON is valid, non-finite values are null; CSV parses with the same columns ----
$BIN threshold --t 0,50 --samples 1000 >"$T/j" && $BIN tilt --beta 1 --error 'student_t(df=3)' --samples 1000 >>"$T/j"
$BIN exact tilt --beta 1 --error 'cauchy()' >>"$T/j"
if python3 - "$T/j" "$C" <<'PY'
import csv, json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert rows[1]["E_V"] is None and rows[1]["exceedances"] == 0 and rows[1]["reliable"] is False
assert rows[2]["regime"] == "heavy" and rows[2]["reliable"] is False
assert rows[3]["backend"] == "exact" and rows[3]["E_V"] is None
for k in ("method","error","utility","samples","seed","E_U","E_U_se","E_V","E_V_se","E_X","E_X_se","KL","KL_se",
          "P","P_se","logZ","logZ_se","ess","max_weight_share","regime","reliable","backend","threads","wall_s",
          "samples_per_s","version"):
    assert k in rows[0], k
c = list(csv.DictReader(open(sys.argv[2])))
assert len(c) == 3 and set(c[0]) == set(rows[0]) and c[2]["n"] == "16", c[0].keys()
assert c[0]["error"] == "normal(loc=0, scale=1)"
PY
then ok; else bad "json/csv content"; fi

# ---- backends: cuda without a usable device is a clear error, never a record;
#      auto falls back to the CPU with one note ----
if "$BIN" --build-configuration | grep -q "no usable CUDA device\|without nvcc"; then
  "$BIN" tilt --beta 1 --samples 1000 --backend cuda >"$T/out" 2>"$T/err"
  rc=$?
  if [ $rc -eq 1 ] && [ ! -s "$T/out" ] && [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "backend cuda" "$T/err"; then ok
  else bad "--backend cuda without a device: exit $rc, $(cat "$T/err")"; fi
  "$BIN" tilt --beta 1 --samples 1000 >"$T/out" 2>"$T/err"
  if grep -q '"backend":"cpu"' "$T/out" && [ "$(grep -c 'note: running on the CPU' "$T/err")" -le 1 ]; then ok
  else bad "auto fallback"; fi
fi
expect_input_error tilt --beta 1 --backend gpu

# ---- grids: geom rounds N like numpy's geomspace ----
n=$($BIN exact bon --n geom:1:65536:9 | python3 -c 'import json,sys; print(",".join(str(int(json.loads(l)["n"])) for l in sys.stdin))')
if [ "$n" = "1,4,16,64,256,1024,4096,16384,65536" ]; then ok; else bad "geom grid: $n"; fi

finish cli
