#!/usr/bin/env bash
# Run CI (`bash .ci/run`, as CI does: CI=true, no stdin) TIMES times in a row, each in a fresh clone of
# this repository at REF (default: main's commit when the script starts, so later commits don't mix in)
# with ../shared beside it; stop at the first failure and keep its log.
# Usage: TIMES=10 bash scripts/ci_repeat.sh   (or REF=<commit> TIMES=10 bash scripts/ci_repeat.sh)
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$(cd "$repo/../shared" && pwd)}
TIMES=${TIMES:-10}
REF=${REF:-$(git -C "$repo" rev-parse main)}
echo "testing commit $REF"
root=$(mktemp -d /tmp/ci-repeat.XXXX)
ln -s "$shared" "$root/shared"
for i in $(seq 1 "$TIMES"); do
  rm -rf "$root/main"
  git clone -q "$repo" "$root/main" && git -C "$root/main" checkout -q "$REF"
  start=$(date +%s)
  (cd "$root/main" && CI=true bash .ci/run </dev/null >"$root/run-$i.log" 2>&1)
  rc=$?
  echo "ci run $i/$TIMES rc=$rc in $(( $(date +%s) - start )) s: $(grep -E '^[0-9]+ (passed|failed)|passed|failed' "$root/run-$i.log" | grep -E ' in [0-9.]+s' | tr '\n' ' ')"
  if [ $rc -ne 0 ]; then echo "failed: log kept at $root/run-$i.log"; exit $rc; fi
done
echo "all $TIMES CI runs passed ($root)"
