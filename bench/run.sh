#!/usr/bin/env bash
# Benchmark harness: ns/packet of generated programs (BPF_PROG_TEST_RUN, kernel-timed) and
# compile+load time, for policies of N rules in the nftables-anchor shape. Miss-all traffic
# (no rule matches: the worst case for rule scans) over K flows.
#   bench/run.sh [N...]        default N = 10 100 1000; K=4096 flows, 3 rounds, pinned to CPU 1
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZES=("${@:-10 100 1000}")
[ $# -gt 0 ] || SIZES=(10 100 1000)
FLOWS=${FLOWS:-4096}
ROUNDS=${ROUNDS:-3}
PKT='udp 172.16.0.1:1024 -> 192.168.77.1:7777'
WORK=$(mktemp -d /tmp/routec-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
"$ROOT/routec" --version >/dev/null   # set-up and build
JAVA="$(. "$ROOT/scripts/setup.sh"; routec_find_jdk; echo "$JAVA_HOME/bin/java")"
RC=(taskset -c 1 "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$ROOT/cli/target/routec.jar")
printf 'policy floor {\n  attach tc ingress\n  default pass\n}\n' > "$WORK/floor.route"
for n in "${SIZES[@]}"; do python3 "$ROOT/bench/gen_rules.py" "$n" > "$WORK/rules$n.route"; done
echo "kernel $(uname -r); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); flows $FLOWS; rounds $ROUNDS"
echo "| policy | ns/packet min | ns/packet median | compile+load+measure, s |"
echo "|---|---|---|---|"
for f in floor "${SIZES[@]/#/rules}"; do
  best=""; med=""; secs=""
  for r in $(seq "$ROUNDS"); do
    start=$(date +%s.%N)
    j=$("${RC[@]}" bench "$WORK/$f.route" --packet "$PKT" --flows "$FLOWS" --repeat 1000 --json)
    end=$(date +%s.%N)
    m=$(sed -E 's/.*"ns_min":([0-9]+).*/\1/' <<<"$j"); d=$(sed -E 's/.*"ns_median":([0-9]+).*/\1/' <<<"$j")
    [ -z "$best" ] || [ "$m" -lt "$best" ] && best=$m
    med="$med $d"; secs="$secs $(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.1f", b-a}')"
  done
  echo "| $f | $best | $(tr ' ' '\n' <<<"$med" | sed '/^$/d' | sort -n | sed -n "$(( (ROUNDS + 1) / 2 ))p") | $(tr ' ' '\n' <<<"$secs" | sed '/^$/d' | sort -n | head -1) |"
done
