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
expect_input_error tilt --beta 1 --precision quad
expect_input_error tilt --beta 1 --precision single --precision double
expect_input_error run /dev/null --precision half
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
# grids that would silently drop, merge or round a value
expect_input_error tilt --beta lin:1:2:3:4
expect_input_error tilt --beta lin::1:2:3
expect_input_error tilt --beta lin:1:2:
expect_input_error bon --n 1,1
expect_input_error bon --n 2,2.2
expect_input_error bon --n 0.5
expect_input_error bon --n geom:1:10:30
# an option twice, an option with its value missing, counts past the chunk counter
expect_input_error tilt --beta 1 --samples 100 --samples 1e5
expect_input_error tilt --t --samples 1e5
expect_input_error tilt --beta 1 --samples 1e18
expect_input_error bon --n 4 --trials 1e15
expect_input_error bon --n 4 --estimator weighted --samples 100
expect_input_error bon --n 4 --estimator weighted --proposal conditional --samples 1e4
expect_input_error tilt --beta 1 --seed 18446744073709551616
expect_input_error tail "$T/missing.npy"
for m in "tilt --beta 1 --samples 100 --samples 1e5:option '--samples' given twice" \
         "tilt --t --samples 1e5:option '--t' needs a value" \
         "tilt --beta 1 --samples 0:invalid samples '0'"; do
  "$BIN" ${m%%:*} 2>"$T/err" >/dev/null
  if grep -q "${m#*:}" "$T/err"; then ok; else bad "message of ${m%%:*}: $(cat "$T/err")"; fi
done

# ---- hostile data files: one line, exit 2, never a crash or a read past the data ----
mknpy() { # PATH SHAPE (a float64 header; a few bytes of data)
  $PY - "$1" "$2" <<'PY'
import struct, sys
hdr = "{'descr': '<f8', 'fortran_order': False, 'shape': %s, }" % sys.argv[2]
hdr += " " * (118 - len(hdr)) + "\n"
open(sys.argv[1], "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(hdr)) + hdr.encode() + bytes(64))
PY
}
mknpy "$T/huge.npy" "(4294967296, 4294967296)"
mknpy "$T/neg.npy" "(-5,)"
mknpy "$T/big.npy" "(99999999999999999999,)"
mknpy "$T/two.npy" "(4, 2)"
printf '1 2\n3 4\n5 6\n' >"$T/cols.txt"
for f in huge neg big; do
  expect_input_error tail "$T/$f.npy"
  expect_input_error threshold --t 1 --error "empirical(file=$T/$f.npy)"
done
expect_input_error tail "$T/two.npy" --column 4294967295
expect_input_error tail "$T/cols.txt" --column 4294967295
expect_input_error threshold --t 1 --error "empirical(file=$T/two.npy, column=4294967295)"
expect_input_error bon --n 4 --error empirical

# ---- every accepted seed is written as the number it is; hashes differ ----
a=$("$BIN" tilt --beta 1 --samples 1000 --seed 18446744073709551615 --quiet)
b=$("$BIN" tilt --beta 1 --samples 1000 --seed 9223372036854775808 --quiet)
if echo "$a" | grep -q '"seed":18446744073709551615' && echo "$b" | grep -q '"seed":9223372036854775808' &&
   [ "$(echo "$a" | grep -o '"point_hash":"[0-9a-f]*"')" != "$(echo "$b" | grep -o '"point_hash":"[0-9a-f]*"')" ]; then ok
else bad "large seeds: $a"; fi

# ---- the point hash covers the whole definition: specs that differ late ----
L='student_t(df=3.0000000000000004, standardize=false, loc=1.2345678901234567e-300'
h1=$("$BIN" exact threshold --t 1 --error "$L, scale=1.5)" | grep -o '"point_hash":"[0-9a-f]*"')
h2=$("$BIN" exact threshold --t 1 --error "$L, scale=2.5)" | grep -o '"point_hash":"[0-9a-f]*"')
if [ -n "$h1" ] && [ "$h1" != "$h2" ]; then ok; else bad "late-differing specs share a hash"; fi

# ---- results files: the format of an existing file is followed or refused ----
"$BIN" tilt --beta 1 --samples 1000 --out "$T/fmt.csv" --format csv --quiet
"$BIN" tilt --beta 2 --samples 1000 --out "$T/fmt.csv" --quiet  # no format asked: CSV, as the file
if [ "$(wc -l <"$T/fmt.csv")" -eq 3 ] && ! grep -q '^{' "$T/fmt.csv" && [ "$(grep -c '^method,' "$T/fmt.csv")" -eq 1 ]; then ok
else bad "following a CSV file's format: $(cat "$T/fmt.csv" | cut -c1-40)"; fi
expect_input_error tilt --beta 3 --samples 1000 --out "$T/fmt.csv" --format jsonl
printf 'hello\n' >"$T/other.txt"
expect_input_error tilt --beta 1 --samples 1000 --out "$T/other.txt"
# a file that merely begins with '{' is not JSON Lines records: left as it is
printf '{\n "name": "x"\n}\n' >"$T/package.json"
printf '{"name": "x"}\n{"point_hash": "0123456789abcdef"}\n' >"$T/object.json"
printf '{"point_hash": "0123456789abcdef", "cut":\n' >"$T/cut.json"
before=$(md5sum "$T/package.json" "$T/object.json" "$T/cut.json")
for f in package object cut; do expect_input_error tilt --beta 1 --samples 1000 --out "$T/$f.json"; done
if [ "$(md5sum "$T/package.json" "$T/object.json" "$T/cut.json")" = "$before" ]; then ok
else bad "a JSON file that is not records was appended to"; fi
# ---- one writer at a time: a file being written is refused (exit 1), never interleaved ----
if command -v flock >/dev/null; then
  flock "$T/fmt.csv" sleep 3 &
  sleep 0.5
  "$BIN" tilt --beta 4 --samples 1000 --out "$T/fmt.csv" --quiet 2>"$T/err"
  rc=$?
  wait
  if [ $rc -eq 1 ] && grep -q "being written by another tailtilt run" "$T/err" && [ "$(wc -l <"$T/fmt.csv")" -eq 3 ]; then ok
  else bad "a locked results file: exit $rc, $(cat "$T/err")"; fi
fi

# ---- honest records: a null or impossible number is never reliable ----
honest() { # ARGS...: every record unreliable with a reason
  "$BIN" "$@" --quiet 2>/dev/null | $PY -c '
import json, sys
rs = [json.loads(l) for l in sys.stdin]
sys.exit(0 if rs and all(not r["reliable"] and r["unreliable_reason"] for r in rs) else 1)'
}
for args in "exact threshold --t 60,100" \
            "threshold --t 1 --error normal(loc=1e308) --samples 1000" \
            "construct --t 30 --samples 1000" \
            "threshold --t 1 --error cauchy() --samples 1000"; do
  if honest $args; then ok; else bad "honest record: $args"; fi
done
r=$("$BIN" exact threshold --t 60 | grep -o '"unreliable_reason":"[^"]*"')
if echo "$r" | grep -q underflow && "$BIN" exact threshold --t 60 | grep -q '"E_V":30.0'; then ok; else bad "far normal reference: $r"; fi
r=$("$BIN" threshold --t 1 --error 'cauchy()' --samples 1000 --quiet | grep -o '"unreliable_reason":"[^"]*"')
if echo "$r" | grep -q "infinite mean"; then ok; else bad "infinite mean reason: $r"; fi

# ---- tail: through the results writer: everything to the chosen output, a CSV
#      header only into an empty file, the file's format followed, other files refused ----
S=$(dirname "$0")/data/starling_random_rewards.npy
"$BIN" tail "$S" --demean --format csv --out "$T/tail.csv" >"$T/out"
"$BIN" tail "$S" --demean --out "$T/tail.csv" >>"$T/out" # no format asked: CSV, as the file
"$BIN" tail "$S" --demean --out "$T/tail.jsonl" >>"$T/out"
"$BIN" tail "$S" --demean --out "$T/tail.jsonl" >>"$T/out"
"$BIN" tail "$S" --demean --format table --out "$T/tail.table" >>"$T/out"
if [ ! -s "$T/out" ] && grep -q '^verdict: ' "$T/tail.table" && [ "$(grep -c '^k,' "$T/tail.csv")" -eq 1 ] &&
   ! grep -q '^{' "$T/tail.csv" && [ "$(grep -c '"kind":"tail_summary"' "$T/tail.jsonl")" -eq 2 ]; then ok
else bad "tail --out: stdout $(wc -c <"$T/out") bytes, csv headers $(grep -c '^k,' "$T/tail.csv")"; fi
"$BIN" tilt --beta 1 --samples 1000 --out "$T/eng.jsonl" --quiet
before=$(md5sum "$T/eng.jsonl" "$T/tail.csv" "$T/tail.jsonl" "$T/tail.table")
for f in table csv jsonl; do expect_input_error tail "$S" --demean --format $f --out "$T/eng.jsonl"; done
expect_input_error tail "$S" --demean --format table --out "$T/tail.table"
expect_input_error tail "$S" --demean --format jsonl --out "$T/tail.csv"
expect_input_error tail "$S" --demean --out /dev/full
expect_input_error tilt --beta 1 --samples 1000 --out "$T/tail.jsonl"
expect_input_error tilt --beta 1 --samples 1000 --out "$T/tail.csv"
if [ "$(md5sum "$T/eng.jsonl" "$T/tail.csv" "$T/tail.jsonl" "$T/tail.table")" = "$before" ]; then ok
else bad "a refused tail or tilt changed a results file"; fi

# ---- help and version exit 0 on stdout ----
for c in "--help" "tilt --help" "threshold --help" "bon --help" "construct --help" "exact --help" \
         "dists --help" "--version" "dists" "--build-configuration"; do
  if $BIN $c >"$T/out" 2>"$T/err" && [ -s "$T/out" ] && [ ! -s "$T/err" ]; then ok; else bad "$c"; fi
done

# ---- ... and a stdout that cannot be written (a full disk) is exit 2, one line ----
CFG=$(dirname "$0")/configs/small.yaml
for c in "--help" "tilt --help" "dists" "--version" "--build-configuration" "run $CFG --dry-run"; do
  $BIN $c >/dev/full 2>"$T/err"
  rc=$?
  if [ $rc -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "^tailtilt: error: writing to standard output failed" "$T/err"
  then ok; else bad "$c >/dev/full: exit $rc, $(cat "$T/err")"; fi
done
# --stop-after (a test hook) takes a whole number an int holds
for v in inf 1e30 2147483648 2.5 0 nan; do expect_input_error run "$CFG" --dry-run --stop-after $v; done

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
  # auto on a machine without a GPU: the CPU, silently (the record says so)
  "$BIN" tilt --beta 1 --samples 1000 >"$T/out" 2>"$T/err"
  if grep -q '"backend":"cpu"' "$T/out" && { [ ! -s "$T/err" ] || [ -e /dev/nvidiactl ]; }; then ok
  else bad "auto fallback: $(cat "$T/err")"; fi
  "$BIN" tilt --beta 1 --samples 1000 --quiet >"$T/out" 2>"$T/err"
  if [ ! -s "$T/err" ]; then ok; else bad "a note under --quiet: $(cat "$T/err")"; fi
fi
expect_input_error tilt --beta 1 --backend gpu

# ---- grids: geom rounds N like numpy's geomspace ----
n=$($BIN exact bon --n geom:1:65536:9 | python3 -c 'import json,sys; print(",".join(str(int(json.loads(l)["n"])) for l in sys.stdin))')
if [ "$n" = "1,4,16,64,256,1024,4096,16384,65536" ]; then ok; else bad "geom grid: $n"; fi

finish cli
