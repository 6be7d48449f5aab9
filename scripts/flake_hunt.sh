#!/usr/bin/env bash
# Hunt flaky tests: run the whole suite RUNS times on SQLite and on PostgreSQL, each run with another xdist
# split (worker count and distribution mode) and another hypothesis seed; print one line per run and keep
# the logs of failing runs in $OUT. Usage: RUNS=10 bash scripts/flake_hunt.sh
set -uo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
OUT=${OUT:-var/flake-hunt}
DBS=${DBS:-"sqlite postgresql"}
mkdir -p "$OUT"
modes=(loadfile load loadscope)
export HYPOTHESIS_PROFILE=explore
for i in $(seq 1 "$RUNS"); do
  for db in $DBS; do
    workers=$(( 2 + i % 2 ))
    mode=${modes[$(( i % 3 ))]}
    seed=$(( (i * 7919 + 17) % 100000 ))
    log="$OUT/run-$i-$db.log"
    url=""
    [ "$db" = postgresql ] && url="postgresql://postgres@127.0.0.1:5432/reachroom_hunt_${i}_$$"
    REACHROOM_TEST_DATABASE_URL="$url" .venv/bin/python -m pytest -q -p no:cacheprovider -n "$workers" \
      --dist "$mode" --hypothesis-seed="$seed" >"$log" 2>&1
    rc=$?
    echo "run $i $db -n $workers --dist $mode --hypothesis-seed=$seed rc=$rc: $(tail -1 "$log")"
    [ $rc -eq 0 ] && rm -f "$log"
  done
done
