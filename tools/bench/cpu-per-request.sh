#!/usr/bin/env bash
# CPU seconds each part of the local stack spent while a load command ran, as a share of one core.
# Divide by the requests the command reports to get CPU per request, process by process
# (docs/performance.md, "CPU per request, by process"). Reads /proc/PID/stat (utime + stime) before and after.
#   tools/bench/cpu-per-request.sh wrk -t2 -c32 -d15s --latency -H "Authorization: Bearer $(./rtml token admin)" -s body.lua http://127.0.0.1:8083/api/v1/predict/M
set -euo pipefail
[ $# -gt 0 ] || { sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
snap() {
  for p in /proc/[0-9]*; do
    [ -r "$p/stat" ] || continue
    local cmd ticks
    cmd=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null | cut -c1-400) || continue
    ticks=$(awk '{print $14+$15}' "$p/stat" 2>/dev/null) || continue
    echo "${p#/proc/}|$ticks|$cmd"
  done
}
before=$(mktemp); after=$(mktemp); trap 'rm -f "$before" "$after"' EXIT
snap > "$before"; t0=$(date +%s.%N)
"$@"
snap > "$after"; t1=$(date +%s.%N)
python3 - "$before" "$after" "$t0" "$t1" "$(getconf CLK_TCK)" <<'PY'
import collections, sys
def load(path):
    out = {}
    for line in open(path):
        pid, ticks, cmd = line.rstrip('\n').split('|', 2)
        if ticks:
            out[pid] = (int(ticks), cmd)
    return out
a, b = load(sys.argv[1]), load(sys.argv[2])
wall, hz = float(sys.argv[4]) - float(sys.argv[3]), int(sys.argv[5])
parts = ['registry-service', 'feature-store-service', 'inference-service', 'monitor-service', 'io.rtml.devstack.Main kafka',
         'postgres', 'wrk']
cpu = collections.Counter()
for pid, (ticks, cmd) in b.items():
    name = next((p for p in parts if p in cmd), 'other')
    cpu[name] += (ticks - a.get(pid, (0, cmd))[0]) / hz
print(f"wall {wall:.1f} s")
for name, seconds in cpu.most_common():
    print(f"  {name:28s} {seconds:7.2f} CPU s  {100 * seconds / wall:6.1f} % of one core")
PY
