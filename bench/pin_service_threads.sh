#!/usr/bin/env bash
# Gives the service's threads one core and everything else in the benchmark's JVM (the in-process broker, the sender
# and reader, GC and JIT) the others, for as long as the JVM runs: the latency curve as it would be with the broker on
# cores of its own. Threads are told apart by their names (Linux keeps the first 15 characters): the service's and
# the pass-through's threads carry their application id, which starts with "bench-".
#
#   ./digits bench --no-python --no-training ... &
#   bench/pin_service_threads.sh [SERVICE_CPU]     # default 0; the rest go to the other cores
set -euo pipefail
service_cpu=${1:-0}
all=$(seq -s, 0 $(($(nproc) - 1)))
others=$(echo "$all" | tr ',' '\n' | grep -vx "$service_cpu" | paste -sd,)
[ -n "$others" ] || { echo "pin_service_threads: needs at least 2 cores, this machine has $(nproc)" >&2; exit 1; }
pid=""
for _ in $(seq 1 120); do
    pid=$(pgrep -f 'io[.]digits[.]cli[.]Digits bench' | head -1 || true)
    [ -n "$pid" ] && break
    sleep 1
done
[ -n "$pid" ] || { echo "pin_service_threads: no running ./digits bench found" >&2; exit 1; }
echo "pin_service_threads: JVM $pid: service threads on CPU $service_cpu, the rest on $others" >&2
while kill -0 "$pid" 2>/dev/null; do
    for task in /proc/"$pid"/task/*; do
        tid=${task##*/}
        name=$(cat "$task/comm" 2>/dev/null) || continue
        if [[ $name == bench-* ]]; then cpus=$service_cpu; else cpus=$others; fi
        taskset -pc "$cpus" "$tid" >/dev/null 2>&1 || true
    done
    sleep 0.5
done
echo "pin_service_threads: JVM $pid ended" >&2
