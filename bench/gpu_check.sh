#!/usr/bin/env bash
# gpu_check.sh: the one prepared GPU run: build for sm_90, run the GPU tests,
# the GPU benchmark and the GPU peers (bench/peers/gpu_peers.py: eager
# PyTorch, JAX, CuPy, torch.compile, Triton), then print a short table.
# Aim: under 5 minutes on an H100. Usage: bash bench/gpu_check.sh
set -uo pipefail
cd "$(dirname "$0")/.."
T0=$(date +%s)
B=build-sm90
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
cmake -S . -B $B -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=90 >/dev/null && cmake --build $B -j "$(nproc)" >/dev/null ||
  { echo "build failed"; exit 1; }
echo "== GPU tests"
(cd $B && ctest -L gpu --output-on-failure 2>&1 | tail -15)
echo "== tailtilt on the GPU"
bash bench/gpu_bench.sh $B/tailtilt | tee /tmp/tt_gpu.txt
echo "== peers"
PY=python3
timeout 180 $PY bench/peers/gpu_peers.py 2>&1 | tee /tmp/tt_peers.txt
echo
echo "== summary (samples/s; ratio = tailtilt / fastest peer of the kind)"
$PY - <<'PY'
import re
tt = dict(l.split() for l in open("/tmp/tt_gpu.txt") if l.startswith("W"))
peers = {}
for l in open("/tmp/tt_peers.txt"):
    m = re.match(r"(W\d) (\S+) ([\d.e+]+)", l)
    if m:
        peers.setdefault(m[1], {})[m[2]] = float(m[3])
eager = ("torch", "jax", "cupy")
comp = ("torch.compile", "triton")
print(f"{'':4} {'tailtilt':>10} {'best eager':>22} {'x':>5} {'best compiled':>26} {'x':>5}")
for w in ("W1", "W2", "W3"):
    t = float(tt.get(w, "nan"))
    e = max(((v, k) for k, v in peers.get(w, {}).items() if k in eager), default=(float("nan"), "-"))
    c = max(((v, k) for k, v in peers.get(w, {}).items() if k in comp), default=(float("nan"), "-"))
    print(f"{w:4} {t:10.3g} {e[0]:12.3g} ({e[1]:>7}) {t / e[0]:5.1f} {c[0]:12.3g} ({c[1]:>13}) {t / c[0]:5.1f}")
PY
echo "total $(( $(date +%s) - T0 )) s"
