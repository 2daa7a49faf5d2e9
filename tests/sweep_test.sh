#!/usr/bin/env bash
# sweep_test.sh: `tailtilt run` through the real binary: invalid configs name
# file, line and key (exit 2, nothing written); a run stopped or killed
# half-way and resumed gives the same records as an uninterrupted one; plots.
set -u
BIN=$1
SRC=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
source "$(dirname "$0")/test_lib.sh"

# ---- invalid configs: exit 2, one line naming FILE:LINE and the problem ----
expect_config_error() { # NAME LINE PATTERN, config text on stdin
  local f="$T/$1.yaml"
  cat >"$f"
  timeout 20 "$BIN" run "$f" --out "$T/never.jsonl" >"$T/out" 2>"$T/err"
  local rc=$?
  if [ $rc -ne 2 ]; then bad "$1: exit $rc (want 2)"; return; fi
  if [ "$(wc -l <"$T/err")" -ne 1 ] || ! grep -q "^tailtilt: error: $f:$2: .*$3" "$T/err"; then
    bad "$1: want '$f:$2: ...$3', got: $(cat "$T/err")"; return; fi
  if [ -e "$T/never.jsonl" ]; then bad "$1: a results file was written"; return; fi
  ok
}
expect_config_error unknown_key 4 "unknown key 'smaples'" <<'Y'
experiments:
  - method: tilt
    beta: 1
    smaples: 1000
Y
expect_config_error bad_precision 3 "invalid precision 'half': expected single or double" <<'Y'
experiments:
  - method: tilt
    precision: half
    beta: 1
Y
expect_config_error bad_spec 5 "invalid distribution 'student_t(df=0)'" <<'Y'
experiments:
  - method: threshold
    error:
      - normal()
      - student_t(df=0)
    t: 1,2
Y
expect_config_error bad_grid 3 "invalid grid value -1: beta must be > 0" <<'Y'
experiments:
  - method: tilt
    beta: [1, -1]
Y
expect_config_error wrong_grid 3 "tilt takes its grid as beta, not t" <<'Y'
experiments:
  - method: tilt
    t: 1
Y
expect_config_error no_method 2 "'method' is required" <<'Y'
experiments:
  - beta: 1
Y
expect_config_error bad_method 2 "invalid method 'tilted': expected tilt, threshold, bon, construct" <<'Y'
experiments:
  - method: tilted
    beta: 1
Y
expect_config_error malformed 3 "malformed YAML" <<'Y'
experiments:
  - method: tilt
    beta: [1, 2
Y
expect_config_error top_key 1 "unknown top-level key 'experiment'" <<'Y'
experiment:
  - method: tilt
Y
expect_config_error samples 4 "invalid samples 'lots': expected a whole number" <<'Y'
experiments:
  - method: threshold
    t: 1
    samples: lots
Y
expect_config_error trials_not_samples 4 "bon takes trials (samples are trials\*N per point)" <<'Y'
experiments:
  - method: bon
    n: 4
    samples: 100
Y
expect_config_error empty 0 "the file is empty" </dev/null
expect_config_error dup_key 5 "key 'samples' given twice" <<'Y'
experiments:
  - method: tilt
    beta: 1
    samples: 100
    samples: 1e5
Y
expect_config_error dup_top 3 "top-level key 'experiments' given twice" <<'Y'
experiments: [{method: tilt, beta: 1}]
output: a.jsonl
experiments: [{method: tilt, beta: 2}]
Y
expect_config_error two_docs 3 "a second YAML document" <<'Y'
experiments: [{method: tilt, beta: 1}]
---
experiments: [{method: tilt, beta: 2}]
Y
# a syntax error anywhere is an error, in a second document too
expect_config_error garbage_after 2 "malformed YAML: did not find expected <document start>" <<'Y'
{experiments: [{method: tilt, beta: 1}]}
]]] garbage {{{
Y
expect_config_error bad_second_doc 3 "malformed YAML: .*did not find expected ',' or ']'" <<'Y'
experiments: [{method: tilt, beta: 1}]
---
experiments: [{method: tilt, beta: 2}
Y
expect_config_error alias_second_doc 3 "malformed YAML: found undefined alias" <<'Y'
experiments: [{method: tilt, beta: 1}]
---
experiments: *nowhere
Y
# nesting: refused where it passes 64 levels, before libyaml's time (the square
# of the depth: minutes at 1e5) is spent
expect_config_error deep_flow 1 "nested more than 64 levels deep" \
  < <($PY -c 'print("experiments: " + "[" * 100000 + "]" * 100000)')
expect_config_error deep_block 2 "nested more than 64 levels deep" < <($PY -c 'print("experiments:\n" + "- " * 100000 + "x")')
# a NUL inside a value would cut it short ("1\0junk" read as 1)
expect_config_error nul_grid 3 "a value holds a NUL character" <<'Y'
experiments:
  - method: tilt
    beta: "1\0junk"
Y
expect_config_error nul_samples 2 "a value holds a NUL character" <<'Y'
experiments:
  - {method: tilt, beta: 1, samples: "1000\0x"}
Y
expect_config_error nul_spec 4 "a value holds a NUL character" <<'Y'
experiments:
  - method: threshold
    t: 1
    error: "normal()\0(((("
Y
# an output path is never shortened (into another file's)
expect_config_error long_output 1 "output: a path of more than 1023 bytes" \
  < <($PY -c 'print("output: " + "a/" * 600 + "x.jsonl\nexperiments: [{method: tilt, beta: 1}]")')
expect_config_error big_seed 2 "invalid seed '99999999999999999999'" <<'Y'
experiments:
  - {method: tilt, beta: 1, seed: 99999999999999999999}
Y
# a value only the engine used to refuse: caught before the first experiment runs
expect_config_error late_value 6 "at least 160" <<'Y'
experiments:
  - {method: tilt, beta: 1, samples: 1000}
  - method: bon
    n: 4
    estimator: weighted
    samples: 100
Y
expect_config_error merged_grid 2 "not a whole number" <<'Y'
experiments:
  - {method: bon, n: "2,2.2"}
Y

# ---- one rule, one message: the command line and a config say the same ----
same_message() { # YAML-KEYS-LINE(S) then the command line's arguments
  local yaml=$1; shift
  printf 'experiments:\n%s\n' "$yaml" >"$T/same.yaml"
  local a b
  a=$("$BIN" run "$T/same.yaml" --out "$T/never.jsonl" 2>&1 >/dev/null | sed -E 's/^tailtilt: error: [^:]*:[0-9]+: //')
  b=$("$BIN" "$@" 2>&1 >/dev/null | sed -E 's/^tailtilt: error: //')
  if [ -n "$a" ] && [ "$a" = "$b" ]; then ok; else bad "config says '$a', command line says '$b'"; fi
}
same_message '  - {method: tilt, beta: 1, samples: lots}' tilt --beta 1 --samples lots
same_message '  - {method: tilt, beta: 1, seed: -1}' tilt --beta 1 --seed -1
same_message '  - {method: tilt, beta: 1, trials: 10}' tilt --beta 1 --trials 10
same_message '  - {method: construct, t: 2, c: -1}' construct --t 2 --c -1
same_message '  - {method: threshold, t: 1, q: sum}' threshold --t 1 --q sum
same_message '  - {method: bon, n: 4, estimator: weighted, samples: 2e8}' bon --n 4 --estimator weighted --samples 2e8
same_message '  - {method: bon, n: 4, estimator: weighted, samples: 100}' bon --n 4 --estimator weighted --samples 100
same_message "  - {method: threshold, t: 50, error: 'student_t(df=3)', proposal: tilt}" threshold --t 50 --error 'student_t(df=3)' --proposal tilt
same_message '  - {method: threshold, t: "1,1"}' threshold --t 1,1
same_message '  - {method: tilt, beta: 1, samples: 1e18}' tilt --beta 1 --samples 1e18
same_message '  - {method: bon, n: 4, trials: 1e15}' bon --n 4 --trials 1e15
"$BIN" run "$T/does-not-exist.yaml" >/dev/null 2>"$T/err"
if [ $? -eq 2 ] && grep -q "cannot read config" "$T/err"; then ok; else bad "missing config"; fi
# a config is a regular file or a pipe of at most 4 MiB: a device never ends
head -c 5000000 /dev/zero | tr '\0' '#' >"$T/huge.yaml"
for c in "/dev/zero:is not a regular file" "$T:is a directory" "$T/huge.yaml:is larger than 4 MiB"; do
  timeout 10 "$BIN" run "${c%%:*}" >"$T/out" 2>"$T/err"
  rc=$?
  if [ $rc -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && grep -Eq "^tailtilt: error: (cannot read )?config .*${c#*:}" "$T/err"; then ok
  else bad "config ${c%%:*}: exit $rc, $(cat "$T/err")"; fi
done

# ---- a flow-style config that names itself as its output is not a results file: untouched ----
printf '{output: %s, experiments: [{method: tilt, beta: 1, samples: 1000}]}\n' "$T/self.yaml" >"$T/self.yaml"
before=$(md5sum <"$T/self.yaml")
"$BIN" run "$T/self.yaml" --quiet >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "is not a tailtilt results file" "$T/err" &&
   [ "$(md5sum <"$T/self.yaml")" = "$before" ]; then ok
else bad "a config as its own output: exit $rc, $(cat "$T/err")"; fi

# ---- dry run: points and samples, nothing written ----
"$BIN" run "$SRC/configs/small.yaml" --dry-run --out "$T/dry.jsonl" >"$T/out"
if tail -1 "$T/out" | grep -q "^20 points (20 to run), " && [ ! -e "$T/dry.jsonl" ]; then ok; else bad "dry run: $(tail -1 "$T/out")"; fi

# ---- resume: stopped at a point boundary, and killed at a random moment ----
strip() { strip_records "$1"; }
"$BIN" run "$SRC/configs/small.yaml" --out "$T/full.jsonl" --quiet
"$BIN" run "$SRC/configs/small.yaml" --out "$T/part.jsonl" --quiet --stop-after 7 2>/dev/null
n=$(wc -l <"$T/part.jsonl")
"$BIN" run "$SRC/configs/small.yaml" --out "$T/part.jsonl" --quiet --resume
if [ "$n" -eq 7 ] && [ "$(strip "$T/full.jsonl")" = "$(strip "$T/part.jsonl")" ]; then ok
else bad "stopped after 7 ($n lines) and resumed: records differ"; fi
"$BIN" run "$SRC/configs/small.yaml" --out "$T/part.jsonl" --quiet --resume
if [ "$(wc -l <"$T/part.jsonl")" -eq 20 ]; then ok; else bad "a second resume added records"; fi

# killed with SIGKILL part-way through a larger sweep (several seconds long)
sed 's/samples: [0-9]*$/samples: 6e7/; s/trials: 400/trials: 40000/' "$SRC/configs/small.yaml" >"$T/big.yaml"
"$BIN" run "$T/big.yaml" --out "$T/kfull.jsonl" --quiet
"$BIN" run "$T/big.yaml" --out "$T/killed.jsonl" --quiet &
pid=$!
sleep 1
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
k=$(wc -l <"$T/killed.jsonl" 2>/dev/null || echo 0)
echo "killed after $k of 20 records"
if strip "$T/killed.jsonl" >/dev/null 2>&1; then ok; else bad "killed run left a line that is not a whole record"; fi
"$BIN" run "$T/big.yaml" --out "$T/killed.jsonl" --quiet --resume
if [ "$(strip "$T/kfull.jsonl")" = "$(strip "$T/killed.jsonl")" ]; then ok
else bad "killed after $k records and resumed: records differ"; fi

# CSV results resume too
"$BIN" run "$SRC/configs/small.yaml" --out "$T/p.csv" --format csv --quiet --stop-after 5 2>/dev/null
"$BIN" run "$SRC/configs/small.yaml" --out "$T/p.csv" --format csv --quiet --resume
if [ "$(wc -l <"$T/p.csv")" -eq 21 ]; then ok; else bad "csv resume: $(wc -l <"$T/p.csv") lines"; fi

# a CSV row cut inside a quoted field: closed before the next record is appended,
# then skipped by --resume and by plot.py (its field count is wrong)
"$BIN" tilt --beta 1,2 --samples 1000 --out "$T/cut.csv" --format csv --quiet
truncate -s $(( $(head -n2 "$T/cut.csv" | wc -c) + 15 )) "$T/cut.csv" # inside "normal(loc=0, ..."
"$BIN" tilt --beta 4 --samples 1000 --out "$T/cut.csv" --quiet
printf 'experiments:\n  - {method: tilt, beta: [1, 2, 4], samples: 1000}\n' >"$T/cut.yaml"
"$BIN" run "$T/cut.yaml" --out "$T/cut.csv" --quiet --resume 2>"$T/err"
if $PY - "$T/cut.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
whole = [r for r in rows[1:] if len(r) == len(rows[0])]
beta = [dict(zip(rows[0], r))["beta"] for r in whole]
assert len(rows) == 5 and beta == ["1", "4", "2"], (len(rows), beta)
PY
then ok; else bad "a CSV row cut inside a quote swallowed the next record"; fi
if grep -q "1 line(s) of .* are not whole records" "$T/err"; then ok; else bad "resume over a cut CSV row: $(cat "$T/err")"; fi
# a row cut just after its point_hash (its config_hash lost) is not a whole record either
"$BIN" run "$T/cut.yaml" --out "$T/cut2.csv" --format csv --quiet
truncate -s -18 "$T/cut2.csv" && echo >>"$T/cut2.csv" # ",<config_hash>" lost, the line ended
"$BIN" run "$T/cut.yaml" --out "$T/cut2.csv" --resume --dry-run 2>/dev/null | grep -q "^3 points (1 to run)" &&
  ok || bad "a dry run took a CSV row without its last field for a record"
"$BIN" run "$T/cut.yaml" --out "$T/cut2.csv" --quiet --resume 2>/dev/null
if $PY - "$T/cut2.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
whole = [dict(zip(rows[0], r))["beta"] for r in rows[1:] if len(r) == len(rows[0])]
assert len(rows) == 5 and whole == ["1", "2", "4"], (len(rows), whole)
PY
then ok; else bad "resume took a CSV row without its last field for a record"; fi

# --resume needs a file
"$BIN" run "$SRC/configs/small.yaml" --resume >/dev/null 2>"$T/err"
if [ $? -eq 2 ]; then ok; else bad "--resume to stdout accepted"; fi

# ---- progress: on a terminal only ----
"$BIN" run "$SRC/configs/small.yaml" --out "$T/q.jsonl" 2>"$T/err"
if ! grep -q "samples/s" "$T/err"; then ok; else bad "progress written to a non-terminal stderr"; fi
if command -v script >/dev/null; then
  script -qec "$BIN run $T/big.yaml --out $T/tty.jsonl" /dev/null >"$T/tty" 2>&1
  if grep -q "points\] .* samples/s, ETA" "$T/tty"; then ok; else bad "no progress on a terminal"; fi
fi

# ---- precision: a config's key, and run's --precision over it ----
cat >"$T/prec.yaml" <<'Y'
experiments:
  - method: tilt
    beta: 1
    samples: 1e5
    precision: double
  - method: bon
    n: 4
    trials: 1000
Y
"$BIN" run "$T/prec.yaml" --quiet >"$T/prec.jsonl" && [ "$(grep -o '"precision":"[a-z]*"' "$T/prec.jsonl" | tr '\n' ' ')" = '"precision":"double" "precision":"single" ' ] &&
  ok || bad "precision from the config: $(grep -o '"precision":"[a-z]*"' "$T/prec.jsonl")"
"$BIN" run "$T/prec.yaml" --quiet --precision double >"$T/prec2.jsonl" && [ "$(grep -c '"precision":"double"' "$T/prec2.jsonl")" = 2 ] &&
  ok || bad "run --precision double"

# ---- every shipped config parses ----
for f in "$SRC"/../configs/*.yaml "$SRC"/../configs/paper/*.yaml; do
  if "$BIN" run "$f" --dry-run >/dev/null 2>"$T/err"; then ok; else bad "$f: $(cat "$T/err")"; fi
done

# ---- plots: a small results file gives non-empty PNG and SVG figures ----
if $PY -c 'import matplotlib' 2>/dev/null; then
  if $PY "$SRC/../tools/plot.py" "$T/full.jsonl" --out "$T/fig.png" >/dev/null &&
     $PY "$SRC/../tools/plot.py" "$T/p.csv" --out "$T/fig.svg" >/dev/null &&
     $PY "$SRC/../tools/plot.py" "$T/cut.csv" --out "$T/cut.png" >/dev/null 2>&1; then
    all=1
    for m in bon threshold tilt construct; do
      [ -s "$T/fig-$m.png" ] && head -c 8 "$T/fig-$m.png" | grep -q PNG && [ -s "$T/fig-$m.svg" ] || all=0
    done
    if [ $all -eq 1 ]; then ok; else bad "plot files missing or empty"; fi
  else bad "plot.py failed"; fi
else
  echo "SKIP: plots (no matplotlib)"
fi

finish sweep
