#!/usr/bin/env bash
# gpu_profile.sh: Nsight Compute on one launch of each workload's kernel
# (W1-W3, single precision): speed of light, occupancy, launch, pipes, stalls,
# and each SASS instruction's executed count (ncu-W*-sass.csv).
# Run on the GPU machine after bench/gpu_prepare.sh; OUT=DIR keeps the reports.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
B=$PWD/bench/gpu-bundle
[ -x "$B/bin/tailtilt" ] || { echo "gpu_profile: no bundle (run bench/gpu_prepare.sh first)"; exit 2; }
LOG=${OUT:-$(mktemp -d /tmp/tt-profile.XXXXXX)}
mkdir -p "$LOG"
NCU=$(command -v ncu || ls /usr/local/cuda*/bin/ncu /opt/nvidia/nsight-compute/*/ncu 2>/dev/null | head -1)
[ -n "$NCU" ] || { echo "ncu: not found"; exit 0; }
S=${S:-2e9}
C="--backend cuda --precision single --quiet --no-diagnostics"
. bench/workloads.sh
prof() {
  name=$1; shift
  LD_LIBRARY_PATH=$B/lib timeout 90 "$NCU" -k "regex:tile_kernel|tilt_single_kernel|bon_kernel" --launch-count 1 \
    --section SpeedOfLight --section Occupancy --section LaunchStats \
    --section ComputeWorkloadAnalysis --section WarpStateStats --section InstructionStats \
    --section SourceCounters -f -o "$LOG/ncu-$name" --print-summary none \
    "$B/bin/tailtilt" "$@" $C >"$LOG/ncu-$name.log" 2>&1
  rc=$?
  echo "== $name (exit $rc)"
  [ $rc -eq 0 ] || { fail=1; tail -3 "$LOG/ncu-$name.log"; return; }
  # the sections as text, and every SASS instruction's executed count (CSV)
  "$NCU" --import "$LOG/ncu-$name.ncu-rep" >"$LOG/ncu-$name.txt" 2>&1
  "$NCU" --import "$LOG/ncu-$name.ncu-rep" --page source --print-source sass --csv >"$LOG/ncu-$name-sass.csv" 2>&1
  rm -f "$LOG/ncu-$name.ncu-rep"
  grep -E "^  [a-z_]+.*\(|Duration|Compute \(SM\) Throughput|Memory Throughput|Registers Per|Achieved Occupancy|Theoretical Occupancy|Block Size|Grid Size|Executed Ipc A|Issue Slots Busy|Warp Cycles Per Issued|No Eligible|Avg. Active Threads|Block Limit|Waves Per SM|Stall|OPT|WRN" \
    "$LOG/ncu-$name.txt" | head -12
}
fail=0
for w in W1 W2 W3; do
  w_args $w "$S"
  prof $w "${ARGS[@]}"
done
exit $fail
