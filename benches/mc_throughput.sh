#!/usr/bin/env bash
# Monte Carlo throughput and peak memory of the release binary (BENCHMARKS.md, "Monte Carlo").
# Usage: benches/mc_throughput.sh [RUNS]   (RUNS for the throughput rows, default 100000)
# Needs GNU time (/usr/bin/time). Every run writes to a temporary directory, without charts.
# Rounds per second count the runs asked for (the 200-run pilot that fixes histogram edges is
# extra work, not counted).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/chipgame
runs=${1:-100000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# measure LABEL CONFIG RUNS THREADS ROUNDS_PER_RUN: one row of the table, the best wall time of
# three runs (the machine is a shared virtual machine) and the largest peak RSS.
measure() {
  local label=$1 config=$2 n=$3 threads=$4 rounds=$5 secs="" kb=0 s k
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$out/time" "$bin" run "$config" --runs "$n" --threads "$threads" \
      --no-charts --out "$out/result" > /dev/null
    read -r s k < "$out/time"
    if [ -z "$secs" ] || awk -v a="$s" -v b="$secs" 'BEGIN { exit !(a < b) }'; then secs=$s; fi
    if [ "$k" -gt "$kb" ]; then kb=$k; fi
  done
  awk -v l="$label" -v n="$n" -v t="$threads" -v r="$rounds" -v s="$secs" -v kb="$kb" 'BEGIN {
    printf "| %s | %d | %d | %.2f s | %.0f | %.1f MB |\n", l, n, t, s, n * r / s / t, kb / 1024 }'
}

echo "| scenario | runs | threads | wall time | rounds/s per thread | peak RSS |"
echo "|---|---|---|---|---|---|"
measure "boycott_adaptive" benches/configs/boycott_adaptive.toml "$runs" 1 16
measure "boycott_adaptive" benches/configs/boycott_adaptive.toml "$runs" 2 16
measure "boycott_adaptive" benches/configs/boycott_adaptive.toml 10000 2 16
measure "boycott_adaptive" benches/configs/boycott_adaptive.toml 1000000 2 16
measure "boycott (shipped, Nvidia logit on empirical beliefs)" configs/boycott.toml 2000 1 16
measure "boycott_reinforcement" benches/configs/boycott_reinforcement.toml "$runs" 1 16
measure "pd_regret (2x2 matrix game)" benches/configs/pd_regret.toml 20000 1 200
