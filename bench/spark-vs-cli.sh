#!/usr/bin/env bash
# bench/spark-vs-cli.sh [GB] [DIR]: writes one float32 table of GB·10^9 bytes (default 8) to DIR
# (default a fresh directory under /tmp) as Zarr twice in the same run, on the same disk:
#   bin/kaiming model SPEC --out DIR/cli.zarr                                  (one process)
#   bin/kaiming-spark model SPEC --out DIR/spark.zarr --format zarr --master 'local[2]'
# Each timing is the command plus `sync` (the CLI fsyncs its chunks, Hadoop's local file system
# does not), so both end with the data on disk. Prints one line per run and the ratio; deletes
# both outputs. A benchmark, not a test: run it on a quiet machine.
set -euo pipefail

gb="${1:-8}"
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)"
root="$here/.."
dir="${2:-$(mktemp -d /tmp/kaiming-spark-bench.XXXXXX)}"
columns=1000
rows=$((gb * 1000000000 / 4 / columns))
bytes=$((rows * columns * 4))
spec="$dir/table.json"
printf '{"seed": 1, "tensors": [{"name": "table", "shape": [%d, %d]}]}\n' "$rows" "$columns" > "$spec"

# Build both launchers before timing anything.
"$root/bin/kaiming" backends > /dev/null
"$root/bin/kaiming-spark" --help > /dev/null

timed() {
    local t0 t1
    t0=$(date +%s.%N)
    "$@" > "$dir/last.json"
    sync
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc -l
}

echo "table [$rows, $columns] float32, $bytes bytes, into $dir; load average $(cut -d' ' -f1-3 /proc/loadavg)"
cli=$(timed "$root/bin/kaiming" model "$spec" --out "$dir/cli.zarr")
echo "bin/kaiming model: $(printf '%.1f' "$cli") s, $(echo "$bytes / $cli / 1000000000" | bc -l | xargs printf '%.3f') GB/s; $(cat "$dir/last.json")"
rm -rf "$dir/cli.zarr"
spark=$(timed "$root/bin/kaiming-spark" model "$spec" --out "$dir/spark.zarr" --format zarr --master 'local[2]')
echo "bin/kaiming-spark local[2]: $(printf '%.1f' "$spark") s, $(echo "$bytes / $spark / 1000000000" | bc -l | xargs printf '%.3f') GB/s; $(cat "$dir/last.json")"
rm -rf "$dir/spark.zarr"
echo "spark / cli throughput: $(echo "$cli / $spark" | bc -l | xargs printf '%.2f')"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
