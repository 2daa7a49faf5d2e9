#!/usr/bin/env bash
# mpi_test.sh: `mpirun -np K tailtilt run` on the CPU backend: 1, 2 and 3 ranks
# give the same records (but for timing, threads and rank) for a sweep with
# split points; a failing rank stops the run with a message naming it and
# the point, keeps what was written, and --resume completes the set.
set -u
BIN=$1
SRC=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
MPIRUN="mpirun --oversubscribe --allow-run-as-root"
export OMPI_MCA_rmaps_base_oversubscribe=1
source "$(dirname "$0")/test_lib.sh"
strip() { strip_records "$1"; }
CFG=$SRC/configs/mpi.yaml
"$BIN" run "$CFG" --out "$T/serial.jsonl" --backend cpu --quiet 2>/dev/null || bad "serial run"
for n in 1 2 3; do
  $MPIRUN -np $n "$BIN" run "$CFG" --out "$T/np$n.jsonl" --backend cpu --split-min 1e6 --quiet 2>"$T/err$n"
  rc=$?
  if [ $rc -eq 0 ] && [ "$(strip "$T/np$n.jsonl")" = "$(strip "$T/serial.jsonl")" ]; then ok
  else bad "np=$n (exit $rc): records differ from the serial run; $(head -3 "$T/err$n")"; fi
done
# split points were really split: with 3 ranks, records from rank 0 (split) and workers
if grep -q '"rank":0' "$T/np3.jsonl" && grep -q '"rank":[12]' "$T/np3.jsonl"; then ok; else bad "no split or no worker records"; fi
# a failing rank
TT_TEST_FAIL_RANK=2 $MPIRUN -np 3 -x TT_TEST_FAIL_RANK "$BIN" run "$CFG" --out "$T/f.jsonl" --backend cpu --split-min 1e6 --quiet >/dev/null 2>"$T/ferr"
rc=$?
if [ $rc -ne 0 ] && grep -q "tailtilt: error: rank 2 failed on .*injected failure" "$T/ferr"; then ok
else bad "failing rank: exit $rc, $(cat "$T/ferr" | head -3)"; fi
if [ -f "$T/f.jsonl" ] && $PY -c "import json,sys; [json.loads(l) for l in open(sys.argv[1])]" "$T/f.jsonl"; then ok
else bad "the partial results file is not whole records"; fi
$MPIRUN -np 2 "$BIN" run "$CFG" --out "$T/f.jsonl" --backend cpu --split-min 1e6 --resume --quiet 2>/dev/null
if [ "$(strip "$T/f.jsonl")" = "$(strip "$T/serial.jsonl")" ]; then ok; else bad "resume after a failure"; fi
# rank 0 cannot open the results file, or --resume has none: every rank ends at once, exit 2
mkdir -p "$T/adir"
for out in "--out $T/adir" "--resume"; do
  start=$(date +%s)
  timeout 60 $MPIRUN -np 3 "$BIN" run "$CFG" $out --backend cpu --quiet >/dev/null 2>"$T/herr"
  rc=$?
  took=$(( $(date +%s) - start ))
  if [ $rc -eq 2 ] && [ $took -lt 30 ] && grep -q "tailtilt: error: " "$T/herr"; then ok
  else bad "rank 0 failing before the run ($out): exit $rc after ${took}s, $(grep tailtilt "$T/herr")"; fi
done
finish mpi
