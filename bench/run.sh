#!/usr/bin/env bash
# run.sh: the CPU benchmark: W1-W3 through tailtilt and the numpy peers in one
# run, ratios of samples/s written to bench/RESULTS.md (never a timed test).
set -euo pipefail
BIN=${1:-build/tailtilt}
cd "$(dirname "$0")/.."
PY=/usr/bin/python3                     # Debian's python3-numpy
S1=${S1:-4e7} S2=${S2:-4e7} S3=${S3:-4e7} PEER=${PEER:-1e7}
BETAS=$($PY -c "print(','.join(repr(1/(0.1*k)) for k in range(1,17)))")
rate() { $PY -c 'import json,sys; print(json.loads(sys.stdin.readline())["samples_per_s"])'; }
w1() { "$BIN" tilt --error 'normal()' --utility 'normal()' --beta "$BETAS" --samples "$S1" --quiet | rate; }
w2() { "$BIN" threshold --error 'student_t(df=3)' --utility 'normal()' --t lin:0:30:16 --samples "$S2" --quiet | rate; }
w3() { "$BIN" bon --error 'student_t(df=3)' --utility 'normal()' --n 1024 --trials "$T3" --quiet | rate; }
peer() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $PY bench/peers/numpy_peers.py "$1" "$PEER"; }
T3=$($PY -c "print(int(float('$S3') / 1024))")
# Best of 3 for each, so that a noisy neighbour does not decide the ratio.
best() { local b=0 r; for _ in 1 2 3; do r=$("$@"); b=$($PY -c "print(max($b, $r))"); done; echo "$b"; }
w1nd() { "$BIN" tilt --error 'normal()' --utility 'normal()' --beta "$BETAS" --samples "$S1" --quiet --no-diagnostics | rate; }
t1=$(best w1); t2=$(best w2); t3=$(best w3); t1nd=$(best w1nd)
n1=$(best peer W1); n2=$(best peer W2); n3=$(best peer W3)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
table=$($PY - "$t1" "$t2" "$t3" "$n1" "$n2" "$n3" <<'PY'
import sys
t = [float(x) for x in sys.argv[1:4]]; n = [float(x) for x in sys.argv[4:7]]
names = ["W1 tilt, N(0,1)+N(0,1), 16 betas", "W2 threshold, t(3)+N(0,1), 16 t", "W3 best-of-1024, t(3)+N(0,1)"]
print("| workload | tailtilt cpu (samples/s) | numpy (samples/s) | ratio |")
print("|---|---|---|---|")
for i in range(3):
    print(f"| {names[i]} | {t[i]:.3g} | {n[i]:.3g} | {t[i]/n[i]:.1f}x |")
PY
)
diag=$($PY -c "print(f'{100 * (1 / $t1 - 1 / $t1nd) / (1 / $t1nd):.0f}')")
table="$table

Tilt diagnostics (k-hat, first-half and batch-means estimates) on W1: $diag% of the point's time
($($PY -c "print(f'{$t1:.3g}')") samples/s with, $($PY -c "print(f'{$t1nd:.3g}')") without \`--no-diagnostics\`)."
echo "$table"
{
  echo "## CPU, $(date -u +%Y-%m-%d): $cpu, $(nproc) cores"
  echo
  echo "tailtilt $($BIN --version | cut -d' ' -f2), all cores, best of 3; numpy $($PY -c 'import numpy; print(numpy.__version__)'), one thread (numpy's generators are single-threaded), best of 3."
  echo
  echo "$table"
  echo
} > bench/.latest.md
echo "(table also in bench/.latest.md; paste it into bench/RESULTS.md)"
