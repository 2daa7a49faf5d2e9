#!/usr/bin/env bash
# gpu_check.sh: the one prepared GPU run, on a bare GPU machine (no Debian
# packages, no network): the bundle of bench/gpu_prepare.sh (built here
# first when absent, which needs the build's packages); the probe; the GPU tests;
# compute-sanitizer's memcheck, racecheck and synccheck on one small run per
# kernel; W1-W3 in both precisions; Fig. B.3 at 1e6 trials; the peers (bench/peers/gpu_peers.py), even when
# the project's part failed; the table last. Within 6 minutes on an H100.
# LD_LIBRARY_PATH is set for the project's binaries only, never for python3.
# Usage: bash bench/gpu_check.sh   (OUT=DIR keeps the logs, and logs.tgz of them all)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
T0=$(date +%s)
LOG=${OUT:-$(mktemp -d /tmp/tt-gpu.XXXXXX)} # a fresh folder: no earlier run's logs
mkdir -p "$LOG"
if [ ! -x bench/gpu-bundle/bin/tailtilt ]; then
  echo "no bundle: building one here (bench/gpu_prepare.sh; needs the build's packages)"
  bash bench/gpu_prepare.sh >/dev/null || echo "build failed: the peers only"
fi
B=$PWD/bench/gpu-bundle
TAILTILT=$B/bin/tailtilt TEST_GPU=$B/bin/test_gpu PROBE=$B/bin/gpu_probe LIB=$B/lib DATA=$B/data
run() { LD_LIBRARY_PATH="$LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$@"; }
stamp() { echo "== $1 ($(( $(date +%s) - T0 )) s)"; }
elapsed() { echo $(( $(date +%s) - T0 )); }
BUDGET=${BUDGET:-350} # seconds for the whole check; later steps shrink to fit
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
if [ -f "$B/COMMIT" ]; then built=$(cat "$B/COMMIT"); else built=$(git describe --always --dirty 2>/dev/null || echo '?'); fi
echo "commit $built, $(date -u +%Y-%m-%dT%H:%MZ)"

stamp probe
run "$PROBE"
probe=$?

if [ $probe -eq 0 ]; then
  stamp "GPU tests"
  TT_TEST_DATA=$DATA run timeout 150 "$TEST_GPU" --jobs 1 >"$LOG/test_gpu.txt" 2>&1
  echo "test_gpu exit $?"
  grep -E "FAIL|Assertion|Synthesis|Crash|Timeout" "$LOG/test_gpu.txt" | head -30

  stamp "compute-sanitizer (memcheck, racecheck, synccheck)"
  SAN=$(command -v compute-sanitizer || echo /usr/local/cuda/bin/compute-sanitizer)
  K="--backend cuda --quiet"
  while IFS='|' read -r name args; do
    for tool in memcheck racecheck synccheck; do
      if [ "$(elapsed)" -gt $((BUDGET - 190)) ]; then echo "$tool $name: skipped (time)"; continue; fi
      # shellcheck disable=SC2086
      run timeout 25 "$SAN" --tool $tool --error-exitcode 9 --print-limit 5 "$TAILTILT" $args $K \
        >"$LOG/san-$tool-$name.txt" 2>&1
      rc=$?
      if grep -q -i "device not supported\|not supported on this" "$LOG/san-$tool-$name.txt"; then
        echo "$tool $name: compute-sanitizer does not support this device here: no result"; break 2
      fi
      echo "$tool $name: $([ $rc -eq 0 ] && echo clean || echo "exit $rc: $(grep -m2 -E 'ERROR|Error|error' "$LOG/san-$tool-$name.txt" | tr '\n' ' ')")"
    done
  done <<'RUNS'
tilt-single|tilt --beta 0.5,1,2 --samples 2e5 --precision single
tilt-double|tilt --beta 0.5,1,2 --samples 2e5 --precision double
exceed|threshold --error student_t(df=3) --t 0,2 --samples 2e5
tournament|bon --error student_t(df=3) --n 1,100 --trials 200
importance|threshold --t 8 --proposal mixture --samples 2e5
weighted|bon --estimator weighted --proposal auto --error student_t(df=3) --n 64,4096 --samples 2e5
RUNS

  stamp "W1-W3"
  for p in single double; do
    LIB="$LIB" bash bench/gpu_bench.sh "$TAILTILT" $p 2>&1 | tee -a "$LOG/tt_gpu.txt"
  done

  # builds packed by gpu_prepare.sh's VARIANTS, timed in the same run
  for v in "$B"/bin/tailtilt-*; do
    [ -x "$v" ] || continue
    if [ "$(elapsed)" -gt $((BUDGET - 200)) ]; then echo "$(basename "$v"): skipped (time)"; continue; fi
    grep "^variant ${v##*/tailtilt-}:" "$B/VARIANTS" 2>/dev/null
    for p in single double; do
      LIB="$LIB" bash bench/gpu_bench.sh "$v" $p 2>&1 | sed "s/^/$(basename "$v") /" | tee -a "$LOG/tt_variants.txt"
    done
  done

  stamp "Fig. B.3 with 1e6 trials (the paper: 100, about 0.6 s a panel in numpy)"
  # the Monte Carlo experiments only (the exact ones are CPU quadrature, not timed here)
  awk '/^  - name:/ { if (blk !~ /backend: exact/) printf "%s", blk; blk = "" }
       /^  - name:/ || blk != "" { blk = blk $0 "\n"; next } { print }
       END { if (blk !~ /backend: exact/) printf "%s", blk }' configs/paper/bon_synthetic.yaml |
    sed 's/trials: 100$/trials: 1000000/; s/trials: 100 /trials: 1000000 /' >"$LOG/b3.yaml"
  run timeout 120 "$TAILTILT" run "$LOG/b3.yaml" --quiet --out "$LOG/b3.jsonl"
  python3 - "$LOG/b3.jsonl" <<'PY'
import collections, json, sys
panels = collections.OrderedDict()
for line in open(sys.argv[1]):
    r = json.loads(line)
    k = (r["error"].split("(")[0], r["utility"].split("(")[0] + ("" if "df=10" not in r["utility"] else "10"))
    p = panels.setdefault(k, [0.0, 0, r.get("precision"), r.get("backend")])
    p[0] += r["wall_s"]
    p[1] += 1
for (e, u), (t, n, prec, be) in panels.items():
    print(f"B.3 {e} / {u}: {n} N, {t:.2f} s ({prec}, {be})")
PY
fi

stamp peers
left=$((BUDGET - $(elapsed) - 10))
timeout $((left > 150 ? 150 : (left < 60 ? 60 : left))) python3 bench/peers/gpu_peers.py 2>&1 | tee "$LOG/tt_peers.txt"

stamp summary
python3 - "$LOG" <<'PY'
import re, sys
log = sys.argv[1]
tt = {}
try:
    for l in open(f"{log}/tt_gpu.txt"):
        m = re.match(r"(W\d) (single|double) ([\d.e+]+)", l)
        if m:
            tt[(m[1], m[2])] = float(m[3])
except FileNotFoundError:
    pass
peers = {}
for l in open(f"{log}/tt_peers.txt"):
    m = re.match(r"(W\d) (\S+) ([\d.e+]+)$", l.strip())
    if m:
        peers.setdefault(m[1], {})[m[2]] = float(m[3])
eager, comp = ("torch", "jax", "cupy"), ("torch.compile", "triton")
print("samples/s; x = tailtilt single / the fastest peer of the kind")
print(f"{'':4} {'single':>10} {'double':>10} {'best eager':>22} {'x':>5} {'best compiled':>26} {'x':>5}")
for w in ("W1", "W2", "W3"):
    s, d = tt.get((w, "single"), float("nan")), tt.get((w, "double"), float("nan"))
    e = max(((v, k) for k, v in peers.get(w, {}).items() if k in eager), default=(float("nan"), "-"))
    c = max(((v, k) for k, v in peers.get(w, {}).items() if k in comp), default=(float("nan"), "-"))
    print(f"{w:4} {s:10.3g} {d:10.3g} {e[0]:12.3g} ({e[1]:>7}) {s / e[0]:5.1f} {c[0]:12.3g} ({c[1]:>13}) {s / c[0]:5.1f}")
PY
echo "total $(( $(date +%s) - T0 )) s"
# one archive of every log, for a caller that fetches only a few files back
(cd "$LOG" && shopt -s nullglob && tar czf logs.tgz ./*.txt ./*.jsonl ./*.yaml) && echo "logs: $LOG/logs.tgz"
