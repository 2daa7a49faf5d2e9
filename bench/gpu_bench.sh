#!/usr/bin/env bash
# gpu_bench.sh: W1-W3 on the CUDA backend (samples/s) in one precision, one
# line each: "W1 single <samples/s>". Used by gpu_check.sh; needs a usable
# device. Usage: gpu_bench.sh [BIN] [single|double]
set -euo pipefail
BIN=${1:-build/tailtilt}
P=${2:-single}
S=${S:-2e10}      # samples per workload point (about 0.2 s at 1e11/s)
PY=python3
BETAS=$($PY -c "print(','.join(repr(1/(0.1*k)) for k in range(1,17)))")
rate() { $PY -c 'import json,sys; print(json.loads(sys.stdin.readline())["samples_per_s"])'; }
T3=$($PY -c "print(int(float('$S') / 1024))")
C="--backend cuda --precision $P --quiet --no-diagnostics"
echo "W1 $P $("$BIN" tilt $C --beta "$BETAS" --samples "$S" | rate)"
echo "W2 $P $("$BIN" threshold $C --error 'student_t(df=3)' --t lin:0:30:16 --samples "$S" | rate)"
echo "W3 $P $("$BIN" bon $C --error 'student_t(df=3)' --n 1024 --trials "$T3" | rate)"
