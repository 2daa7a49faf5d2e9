#!/usr/bin/env bash
# tail_test.sh: `tailtilt tail` and empirical specs through the real binary:
# the paper's numbers on the Starling data, bad inputs (one line, exit 2),
# the verdicts, and the four-panel figure.
set -u
BIN=$1
SRC=$(cd "$(dirname "$0")" && pwd)
D=$SRC/data/starling_random_rewards.npy
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
source "$(dirname "$0")/test_lib.sh"

"$BIN" tail "$D" --paper >"$T/s.jsonl" || bad "tail --paper failed"
if $PY - "$T/s.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
s = [r for r in rows if r["kind"] == "tail_summary"][0]
ks = [r for r in rows if r["kind"] == "tail_k"]
assert s["k_lo"] == 2 and s["k_hi"] == 172 and len(ks) == 171, (s["k_lo"], s["k_hi"], len(ks))
assert abs(s["hill"] - 0.20) < 0.005 and abs(s["hill_se"] - 0.015) < 0.001, (s["hill"], s["hill_se"])
assert s["verdict"] == "heavy" and s["n"] == 30000 and s["convention"] == "paper"
assert any(r["kind"] == "qq_normal" for r in rows) and any(r["kind"] == "qq_exponential" for r in rows)
PY
then ok; else bad "Starling paper numbers"; fi

# verdicts on synthetic columns (text input, header, column by name)
$PY - "$T" <<'PY'
import sys
import numpy as np
r = np.random.default_rng(3)
n = 50000
np.savetxt(sys.argv[1] + "/syn.csv", np.c_[r.standard_normal(n), r.pareto(2.0, n) + 1, r.standard_t(5, n)],
           delimiter=",", header="normal,pareto,t5", comments="")
np.save(sys.argv[1] + "/f32.npy", r.standard_normal(1000).astype(np.float32))
bad = r.standard_normal(1000); bad[5] = np.nan
np.save(sys.argv[1] + "/nan.npy", bad)
np.save(sys.argv[1] + "/be.npy", r.standard_normal(100).astype(">f8"))
np.save(sys.argv[1] + "/int.npy", np.arange(100, dtype=np.int64))
PY
for c in normal:light pareto:heavy; do
  v=$("$BIN" tail "$T/syn.csv" --column "${c%%:*}" | $PY -c 'import json,sys; print([json.loads(l) for l in sys.stdin if "tail_summary" in l][0]["verdict"])')
  if [ "$v" = "${c##*:}" ]; then ok; else bad "verdict for ${c%%:*}: $v"; fi
done
"$BIN" tail "$T/syn.csv" --column 2 --format csv >"$T/k.csv" && head -1 "$T/k.csv" | grep -q '^k,hill,hill_se,moment' && ok || bad "csv"
"$BIN" tail "$T/syn.csv" --column t5 --lower --format table >"$T/tab" && grep -q "verdict:" "$T/tab" && ok || bad "table"

# text through a pipe
"$BIN" tail <(cat "$T/syn.csv") --column pareto | grep -q '"verdict":"heavy"' && ok || bad "text from a pipe"

# bad input: one line on stderr, exit 2
expect_input_error() {
  "$BIN" "$@" >"$T/out" 2>"$T/err"
  local rc=$?
  if [ $rc -ne 2 ] || [ "$(wc -l <"$T/err")" -ne 1 ] || ! grep -q '^tailtilt: error: ' "$T/err"; then
    bad "exit $rc: $* -> $(cat "$T/err")"; else ok; fi
}
: >"$T/empty.csv"
printf 'x\n1\nabc\n' >"$T/text.csv"
expect_input_error tail "$T/missing.npy"
expect_input_error tail "$T"
expect_input_error tail /dev/zero
expect_input_error tail "$T/empty.csv"
expect_input_error tail "$T/text.csv"
expect_input_error tail "$T/be.npy"
expect_input_error tail "$T/int.npy"
expect_input_error tail "$T/nan.npy"
expect_input_error tail "$T/syn.csv" --column nope
$PY -c "print(','.join('column%03d' % i for i in range(120))); print(','.join(['1'] * 120))" >"$T/wide.csv"
expect_input_error tail "$T/wide.csv" --column nope
expect_input_error tail "$T/f32.npy" --k 10:5
expect_input_error tail "$T/f32.npy" --k 1:900
expect_input_error tail "$T/f32.npy" --bogus
expect_input_error tail
expect_input_error bon --n 4 --error "empirical(file=$T/missing.npy)"
expect_input_error bon --n 4 --error "empirical(file=$D, tail=maybe)"
if "$BIN" tail "$T/nan.npy" --drop-nonfinite >"$T/o" 2>/dev/null &&
   grep -q '"nonfinite_dropped":1' "$T/o"; then ok; else bad "--drop-nonfinite"; fi

# empirical specs in a method, and their canonical form
"$BIN" threshold --error "empirical(file=$D, tail=gpd)" --t 0 --samples 1000 >"$T/e" &&
  grep -q '"error":"empirical(file=.*starling_random_rewards.npy, tail=gpd, digest=f8bd1482f7aa55fd, loc=0, scale=1)"' "$T/e" &&
  ok || bad "empirical in a method"

# the four-panel figure
if $PY -c 'import matplotlib' 2>/dev/null; then
  if $PY "$SRC/../tools/plot.py" "$T/s.jsonl" --out "$T/tail.png" >/dev/null && [ -s "$T/tail.png" ]; then ok
  else bad "tail figure"; fi
fi
finish tail
