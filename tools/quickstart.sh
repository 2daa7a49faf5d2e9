#!/usr/bin/env bash
# quickstart.sh: the job behind `make demo`: runs configs/quickstart.yaml
# (resuming: a second demo reuses the records), prints the numbers and draws
# out/quickstart-bon.png and out/quickstart-threshold.png.
set -euo pipefail
BIN=${1:-build/tailtilt}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
"$BIN" run configs/quickstart.yaml --resume
"$PY" tools/plot.py out/quickstart.jsonl --out out/quickstart.png --table
echo
echo "Light error: E[V] keeps growing with optimisation pressure. Heavy error (t with 3"
echo "degrees of freedom): E[V] rises, then falls back toward its base value 0 as the"
echo "top of the proxy U is more and more error. Records: out/quickstart.jsonl"
