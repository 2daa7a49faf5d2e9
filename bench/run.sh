#!/usr/bin/env bash
# run.sh: the CPU benchmark: W1-W3 through tailtilt (single and double) and the
# numpy peers in one run, ratios of samples/s, then the GPU's static bounds;
# the table goes to bench/.latest.md for bench/RESULTS.md (never a timed test).
set -euo pipefail
BIN=${1:-build/tailtilt}
cd "$(dirname "$0")/.."
PY=/usr/bin/python3                     # Debian's python3-numpy
S1=${S1:-4e7} S2=${S2:-4e7} S3=${S3:-4e7} PEER=${PEER:-1e7}
. bench/workloads.sh
rate() { $PY -c 'import json,sys; print(json.loads(sys.stdin.readline())["samples_per_s"])'; }
w1() { w_args W1 "$S1"; "$BIN" "${ARGS[@]}" --quiet "$@" | rate; }
w2() { w_args W2 "$S2"; "$BIN" "${ARGS[@]}" --quiet "$@" | rate; }
w3() { w_args W3 "$S3"; "$BIN" "${ARGS[@]}" --quiet "$@" | rate; }
peer() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $PY bench/peers/numpy_peers.py "$1" "$PEER"; }
# Best of 3 for each, so that a noisy neighbour does not decide the ratio.
best() { local b=0 r; for _ in 1 2 3; do r=$("$@"); b=$($PY -c "print(max($b, $r))"); done; echo "$b"; }
s1=$(best w1); s2=$(best w2); s3=$(best w3)
d1=$(best w1 --precision double); d2=$(best w2 --precision double); d3=$(best w3 --precision double)
s1nd=$(best w1 --no-diagnostics)
n1=$(best peer W1); n2=$(best peer W2); n3=$(best peer W3)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
isa=$(grep -m1 -o 'avx512f' /proc/cpuinfo || grep -m1 -o 'avx2' /proc/cpuinfo || echo baseline)
table=$($PY - "$s1" "$s2" "$s3" "$d1" "$d2" "$d3" "$n1" "$n2" "$n3" <<'PY'
import sys
v = [float(x) for x in sys.argv[1:]]
s, d, n = v[0:3], v[3:6], v[6:9]
names = ["W1 tilt, N(0,1)+N(0,1), 16 betas", "W2 threshold, t(3)+N(0,1), 16 t", "W3 best-of-1024, t(3)+N(0,1)"]
print("| workload | single (samples/s) | double (samples/s) | numpy (samples/s) | single / numpy | double / numpy |")
print("|---|---|---|---|---|---|")
for i in range(3):
    print(f"| {names[i]} | {s[i]:.3g} | {d[i]:.3g} | {n[i]:.3g} | {s[i]/n[i]:.1f}x | {d[i]/n[i]:.1f}x |")
PY
)
diag=$($PY -c "print(f'{100 * (1 / $s1 - 1 / $s1nd) / (1 / $s1nd):.0f}')")
table="$table

Tilt diagnostics (k-hat, first-half and batch-means estimates) on W1, single: $diag% of the point's time
($($PY -c "print(f'{$s1:.3g}')") samples/s with, $($PY -c "print(f'{$s1nd:.3g}')") without \`--no-diagnostics\`)."
echo "$table"
# The GPU's static bound (bench/sass_bound.py), with cuobjdump from the toolkit
# or from the nvidia-cuda-cuobjdump wheel in a private environment.
bounds=""
if command -v nvcc >/dev/null || [ -x /usr/local/cuda/bin/nvcc ]; then
  SASS_PY=python3
  if ! command -v cuobjdump >/dev/null && [ ! -x /usr/local/cuda/bin/cuobjdump ]; then
    VENV=build/sass-venv
    [ -x $VENV/bin/python ] || { python3 -m venv $VENV && $VENV/bin/pip install -q nvidia-cuda-cuobjdump nvidia-cuda-nvdisasm; } >/dev/null 2>&1
    SASS_PY=$VENV/bin/python
  fi
  bounds=$(PATH=$PATH:/usr/local/cuda/bin $SASS_PY bench/sass_bound.py 2>&1) || bounds="(sass_bound.py failed: $bounds)"
  echo
  echo "GPU static bounds (H100 model, bench/sass_bound.py):"
  echo "$bounds"
fi
{
  echo "## CPU, $(date -u +%Y-%m-%d): $cpu ($isa), $(nproc) cores, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo
  echo "tailtilt $($BIN --version | cut -d' ' -f2), all cores, best of 3; numpy $($PY -c 'import numpy; print(numpy.__version__)'), one thread (numpy's generators are single-threaded), best of 3."
  echo
  echo "$table"
  echo
  if [ -n "$bounds" ]; then
    echo "GPU static bounds (H100 model, \`bench/sass_bound.py\`):"
    echo
    echo '```'
    echo "$bounds"
    echo '```'
    echo
  fi
} > bench/.latest.md
echo "(table also in bench/.latest.md; paste it into bench/RESULTS.md)"
