# test_lib.sh: shared by the shell test scripts: pass/fail counting, a python
# with the Debian packages, and records stripped of their timing fields.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# the records of a JSONL file, sorted, without the fields that may differ
# between equivalent runs (timing, threads, rank)
strip_records() { $PY - "$1" <<'PY'
import json, sys
rows = []
for line in open(sys.argv[1]):
    r = json.loads(line)  # every line must be a whole record
    for k in ("wall_s", "samples_per_s", "threads", "rank"):
        r.pop(k, None)
    rows.append(json.dumps(r, sort_keys=True))
print("\n".join(sorted(rows)))
PY
}
finish() { echo "$1: $pass passed, $fail failed"; [ $fail -eq 0 ]; }
