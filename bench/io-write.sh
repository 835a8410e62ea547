#!/usr/bin/env bash
# The single-pass writer (issue 11), measured as a user sees it: wall time of
#   bin/kaiming init --shape 250000,1000 --out DIR/w.npy --quiet   (1 GB float32 normal, JVM start included)
# to tmpfs, and to a disk beside `dd if=/dev/zero bs=64M conv=fsync` of the same size to the
# same directory in the same run (alternating, so both see the same disk and load).
# dd runs twice a round: after a pause, then at once again. On a VM whose balloon device hands
# freed memory back to the host (free page reporting), page-cache pages taken a few seconds
# after any memory was freed are cold and cost dd several times its warm time; the second dd
# reuses the pages the first just freed. kaiming's tensor writes bypass the page cache on a
# disk (O_DIRECT), so they do not see this; the ratio is given against both dd figures.
# Prints a Markdown table of medians (wall, and CPU = user + system from /usr/bin/time) for
# docs/BENCHMARKS.md, with the load average at the start and the end. Not a test; nothing asserts.
#
# Usage: bench/io-write.sh [--runs N] [--tmpfs DIR] [--disk DIR] [--backend NAME]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)"
runs=5
tmpfs=/dev/shm
disk="$here/results"
backend=auto
while (($#)); do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --tmpfs) tmpfs="$2"; shift 2 ;;
    --disk) disk="$2"; shift 2 ;;
    --backend) backend="$2"; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--tmpfs DIR] [--disk DIR] [--backend NAME]" >&2; exit 2 ;;
  esac
done
kaiming="$here/../bin/kaiming"
shape=250000,1000
bytes=$((250000 * 1000 * 4 + 128))   # .npy header 128 bytes + data
work_tmpfs="$(mktemp -d "$tmpfs/k4j-bench.XXXXXX")"
work_disk="$(mktemp -d "$disk/k4j-bench.XXXXXX")"
trap 'rm -rf "$work_tmpfs" "$work_disk"' EXIT

"$kaiming" init --shape 8,8 --out "$work_tmpfs/warm.npy" --quiet --backend "$backend" >/dev/null  # build on first use

seconds() { # runs "$@"; prints its wall time and its CPU time (user + system, /usr/bin/time) in seconds
  local t0 t1 cpu
  t0=$(date +%s%N)
  cpu=$(/usr/bin/time -f '%U %S' "$@" 2>&1 >/dev/null | tail -n 1 | awk '{print $1 + $2}')
  t1=$(date +%s%N)
  echo "$(echo "scale=3; ($t1 - $t0) / 1000000000" | bc) $cpu"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
wall() { printf '%s\n' "$@" | cut -d' ' -f1; }
cpu() { printf '%s\n' "$@" | cut -d' ' -f2; }

echo "start: $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
t_tmpfs=(); t_disk=(); t_dd=(); t_dd_warm=()
for ((i = 0; i < runs; i++)); do
  t_tmpfs+=("$(seconds "$kaiming" init --shape $shape --out "$work_tmpfs/w.npy" --quiet --backend "$backend")")
  rm -f "$work_tmpfs/w.npy"
  t_disk+=("$(seconds "$kaiming" init --shape $shape --out "$work_disk/w.npy" --quiet --backend "$backend")")
  rm -f "$work_disk/w.npy"
  sleep 5 # long enough for the freed pages to be reported to the host (the kernel waits 2 s)
  t_dd+=("$(seconds dd if=/dev/zero of="$work_disk/dd.bin" bs=64M count=$bytes iflag=count_bytes conv=fsync)")
  rm -f "$work_disk/dd.bin"
  t_dd_warm+=("$(seconds dd if=/dev/zero of="$work_disk/dd.bin" bs=64M count=$bytes iflag=count_bytes conv=fsync)")
  rm -f "$work_disk/dd.bin"
done
m_tmpfs=$(wall "${t_tmpfs[@]}" | median)
m_disk=$(wall "${t_disk[@]}" | median)
m_dd=$(wall "${t_dd[@]}" | median)
m_dd_warm=$(wall "${t_dd_warm[@]}" | median)
ratio=$(echo "scale=2; $m_dd / $m_disk" | bc)
ratio_warm=$(echo "scale=2; $m_dd_warm / $m_disk" | bc)
cpu_label="$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
row() { # what, runs...
  local what="$1"; shift
  echo "| $what | $(wall "$@" | median) | $(cpu "$@" | median) | $(wall "$@" | tr '\n' ' ')| $(cpu "$@" | tr '\n' ' ')|"
}
echo "| what | median wall (s) of $runs | median CPU (s, user + system) | all runs, wall (s) | all runs, CPU (s) |"
echo "|---|---|---|---|---|"
row "kaiming init 1 GB float32 normal → tmpfs ($tmpfs)" "${t_tmpfs[@]}"
row "kaiming init 1 GB float32 normal → disk ($disk)" "${t_disk[@]}"
row "dd if=/dev/zero bs=64M conv=fsync, same size → same disk, after a 5 s pause" "${t_dd[@]}"
row "the same dd again at once (warm page cache pages)" "${t_dd_warm[@]}"
echo
echo "Disk throughput relative to dd (dd wall / kaiming wall): $ratio against dd after a pause, $ratio_warm against"
echo "dd at once again. Backend: $backend."
echo "CPU: $cpu_label, $(nproc) cores; end: $(date -u '+%H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)."
