#!/usr/bin/env bash
# Times `devflow up --detach` until every service is ready, on warm builds: runs it N times
# (default 3; first argument), each followed by `devflow down`, and prints each time and the
# median. Uses $DEVFLOW_HOME if set, else a temporary one removed at the end.
set -euo pipefail

runs="${1:-3}"
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bench/up.sh [runs]   (runs: a positive number, default 3)" >&2
  exit 2
fi
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
devflow="$repo/devflow"
# Each up is bounded by its own --timeout; this outer bound also covers starting PostgreSQL.
up_timeout="${BENCH_UP_TIMEOUT:-120}"
outer_timeout=$((up_timeout + 90))

if [[ -z "${DEVFLOW_HOME:-}" ]]; then
  DEVFLOW_HOME="$(mktemp -d "${TMPDIR:-/tmp}/devflow-bench.XXXXXX")"
  export DEVFLOW_HOME
  trap '"$devflow" down >/dev/null 2>&1 || true; rm -rf "$DEVFLOW_HOME"' EXIT
else
  export DEVFLOW_HOME
  trap '"$devflow" down >/dev/null 2>&1 || true' EXIT
fi
echo "bench: DEVFLOW_HOME=$DEVFLOW_HOME, $runs run(s), nproc=$(nproc 2>/dev/null || echo '?')"

"$devflow" down >/dev/null 2>&1 || true

times=()
for ((run = 1; run <= runs; run++)); do
  log="$(mktemp "${TMPDIR:-/tmp}/devflow-bench-up.XXXXXX")"
  start="$(date +%s%N)"
  if ! timeout "$outer_timeout" "$devflow" up --detach --timeout "$up_timeout" >"$log" 2>&1; then
    echo "bench: run $run failed; the output of devflow up was:" >&2
    sed 's/^/    /' "$log" >&2
    rm -f "$log"
    exit 1
  fi
  end="$(date +%s%N)"
  rm -f "$log"
  seconds="$(awk -v ns="$((end - start))" 'BEGIN { printf "%.1f", ns / 1e9 }')"
  times+=("$seconds")
  echo "run $run: $seconds s"
  "$devflow" down >/dev/null 2>&1 || true
done

median="$(printf '%s\n' "${times[@]}" | sort -n | awk '
  { v[NR] = $1 }
  END { if (NR % 2) printf "%.1f", v[(NR + 1) / 2]; else printf "%.1f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
echo "median: $median s (target: under 30 s on 2 cores)"
