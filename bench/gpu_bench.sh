#!/usr/bin/env bash
# gpu_bench.sh: W1-W3 on the CUDA backend (samples/s) in one precision, one
# line each: "W1 single <samples/s>". Used by gpu_check.sh; needs a usable
# device. Usage: [LIB=DIR] gpu_bench.sh [BIN] [single|double]
set -euo pipefail
BIN=${1:-build/tailtilt}
P=${2:-single}
S=${S:-2e10}      # samples per workload point (about 0.2 s at 1e11/s)
. "$(dirname "$0")/workloads.sh"
rate() { python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["samples_per_s"])'; }
# LIB (a bundle's libraries) for tailtilt only, never for python3
tt() { if [ -n "${LIB:-}" ]; then LD_LIBRARY_PATH="$LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$BIN" "$@"; else "$BIN" "$@"; fi; }
for w in W1 W2 W3; do
  w_args $w "$S"
  echo "$w $P $(tt "${ARGS[@]}" --backend cuda --precision "$P" --quiet --no-diagnostics | rate)"
done
