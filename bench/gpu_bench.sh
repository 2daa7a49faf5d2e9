#!/usr/bin/env bash
# gpu_bench.sh: W1-W3 on the CUDA backend (samples/s), one line each:
# "W1 <samples/s>" ... Used by gpu_check.sh; needs a usable device.
set -euo pipefail
BIN=${1:-build/tailtilt}
S=${S:-2e10}      # samples per workload point (about 0.2 s at 1e11/s)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
BETAS=$($PY -c "print(','.join(repr(1/(0.1*k)) for k in range(1,17)))")
rate() { $PY -c 'import json,sys; print(json.loads(sys.stdin.readline())["samples_per_s"])'; }
T3=$($PY -c "print(int(float('$S') / 1024))")
echo "W1 $("$BIN" tilt --backend cuda --beta "$BETAS" --samples "$S" --quiet | rate)"
echo "W2 $("$BIN" threshold --backend cuda --error 'student_t(df=3)' --t lin:0:30:16 --samples "$S" --quiet | rate)"
echo "W3 $("$BIN" bon --backend cuda --error 'student_t(df=3)' --n 1024 --trials "$T3" --quiet | rate)"
