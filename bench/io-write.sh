#!/usr/bin/env bash
# The single-pass writer (issue 11), measured as a user sees it: wall time of
#   bin/kaiming init --shape 250000,1000 --out DIR/w.npy --quiet   (1 GB float32 normal, JVM start included)
# to tmpfs, and to a disk beside `dd if=/dev/zero bs=64M conv=fsync` of the same size to the
# same directory in the same run (alternating, so both see the same disk and load).
# Prints a Markdown table of medians for docs/BENCHMARKS.md. Not a test; nothing asserts.
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

seconds() { # runs "$@", prints its wall time in seconds
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1
  t1=$(date +%s%N)
  echo "scale=3; ($t1 - $t0) / 1000000000" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

t_tmpfs=(); t_disk=(); t_dd=()
for ((i = 0; i < runs; i++)); do
  t_tmpfs+=("$(seconds "$kaiming" init --shape $shape --out "$work_tmpfs/w.npy" --quiet --backend "$backend")")
  rm -f "$work_tmpfs/w.npy"
  t_disk+=("$(seconds "$kaiming" init --shape $shape --out "$work_disk/w.npy" --quiet --backend "$backend")")
  rm -f "$work_disk/w.npy"
  t_dd+=("$(seconds dd if=/dev/zero of="$work_disk/dd.bin" bs=64M count=$bytes iflag=count_bytes conv=fsync)")
  rm -f "$work_disk/dd.bin"
done
m_tmpfs=$(printf '%s\n' "${t_tmpfs[@]}" | median)
m_disk=$(printf '%s\n' "${t_disk[@]}" | median)
m_dd=$(printf '%s\n' "${t_dd[@]}" | median)
ratio=$(echo "scale=2; $m_dd / $m_disk" | bc)
cpu="$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
echo "| what | median wall (s) of $runs | all runs (s) |"
echo "|---|---|---|"
echo "| kaiming init 1 GB float32 normal → tmpfs ($tmpfs) | $m_tmpfs | ${t_tmpfs[*]} |"
echo "| kaiming init 1 GB float32 normal → disk ($disk) | $m_disk | ${t_disk[*]} |"
echo "| dd if=/dev/zero bs=64M conv=fsync, same size → same disk | $m_dd | ${t_dd[*]} |"
echo
echo "Disk throughput relative to dd: $ratio (dd wall / kaiming wall). Backend: $backend."
echo "CPU: $cpu, $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
