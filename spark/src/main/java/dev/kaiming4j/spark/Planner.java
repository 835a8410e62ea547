package dev.kaiming4j.spark;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a model into Spark tasks of at most {@code taskBytes}: small tensors packed together
 * in order, big tensors split into row ranges. Every slice is generated at its global element
 * offsets, so the output never depends on the split. Planning costs O(tensors + tasks), never
 * O(rows) or O(chunks).
 *
 * <p>Safetensors: one task writes one whole shard file (a file system such as HDFS or S3 cannot
 * write at offsets into a file another task created), so a shard holds at most
 * {@code min(shardBytes, taskBytes)} bytes of tensors, a tensor larger than that gets a shard of
 * its own, and a tensor larger than {@code taskBytes} is an error that points to Zarr.
 *
 * <p>Zarr: a tensor larger than {@code taskBytes} is split over as few tasks as hold it, in whole
 * chunks (a chunk file is written by one task), balanced so that task sizes differ by at most one
 * chunk; with one row per chunk, by at most one row.
 */
public final class Planner {

    /**
     * A tensor as the planner sees it: {@code rows} along the first dimension (1 for a scalar),
     * {@code rowBytes} per row, and {@code unitRows}, the rows a task may not split (the Zarr
     * chunk's rows; 1 where any row boundary will do).
     */
    public record Tensor(String name, long rows, long rowBytes, long unitRows) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Checks the arguments. */
        public Tensor {
            if (rows < 0 || rowBytes < 0 || unitRows < 1) {
                throw new IllegalArgumentException("tensor '" + name + "': rows " + rows + ", rowBytes " + rowBytes
                        + ", unitRows " + unitRows + " (need rows, rowBytes >= 0 and unitRows >= 1)");
            }
            Math.multiplyExact(rows, rowBytes);
        }

        /** The tensor's size in bytes. */
        public long bytes() {
            return rows * rowBytes;
        }
    }

    /** Rows {@code [firstRow, firstRow + rowCount)} of tensor number {@code tensor}. */
    public record Slice(int tensor, long firstRow, long rowCount) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** One Spark task: its slices in write order and their total size. */
    public record Task(int index, List<Slice> slices, long bytes) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Copies {@code slices}. */
        public Task {
            slices = List.copyOf(slices);
        }
    }

    private Planner() {
    }

    /**
     * Sharded safetensors: each task is one shard; tensors go to shards in order, a new shard
     * starting when the next tensor would make the current one exceed {@code min(shardBytes,
     * taskBytes)}.
     *
     * @throws IllegalArgumentException if a tensor exceeds {@code taskBytes}, naming it
     */
    public static List<Task> safetensors(List<Tensor> tensors, long shardBytes, long taskBytes) {
        positive(shardBytes, "--shard-bytes");
        positive(taskBytes, "--task-bytes");
        Packer packer = new Packer(Math.min(shardBytes, taskBytes));
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t.bytes() > taskBytes) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' (" + t.bytes() + " bytes) exceeds "
                        + "--task-bytes " + taskBytes + ": a safetensors file is written whole by one task, since "
                        + "HDFS and S3 cannot write at offsets into a file another task created. Write it with "
                        + "--format zarr (chunks are independent files), or raise --task-bytes to at least "
                        + t.bytes());
            }
            packer.add(i, t);
        }
        return packer.finish();
    }

    /**
     * Zarr: whole tensors of at most {@code taskBytes} packed in order; each larger tensor split
     * alone into the fewest tasks of at most {@code taskBytes} in whole units of
     * {@link Tensor#unitRows()}, their unit counts differing by at most one. A unit larger than
     * {@code taskBytes} makes a task of its own (a chunk file is never split).
     */
    public static List<Task> zarr(List<Tensor> tensors, long taskBytes) {
        positive(taskBytes, "--task-bytes");
        Packer packer = new Packer(taskBytes);
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t.bytes() > taskBytes) {
                packer.flush();
                split(i, t, taskBytes, packer.tasks);
            } else {
                packer.add(i, t);
            }
        }
        return packer.finish();
    }

    /** Packs whole tensors in order into tasks of at most {@code capacity} (a larger one alone). */
    private static final class Packer {
        private final long capacity;
        private final List<Task> tasks = new ArrayList<>();
        private List<Slice> current = new ArrayList<>();
        private long bytes;

        Packer(long capacity) {
            this.capacity = capacity;
        }

        void add(int index, Tensor t) {
            if (!current.isEmpty() && bytes + t.bytes() > capacity) {
                flush();
            }
            current.add(new Slice(index, 0, t.rows()));
            bytes += t.bytes();
        }

        void flush() {
            if (!current.isEmpty()) {
                tasks.add(new Task(tasks.size(), current, bytes));
                current = new ArrayList<>();
                bytes = 0;
            }
        }

        List<Task> finish() {
            flush();
            return tasks;
        }
    }

    private static void split(int index, Tensor t, long taskBytes, List<Task> tasks) {
        long units = ceilDiv(t.rows(), t.unitRows());
        long unitBytes = Math.multiplyExact(Math.min(t.unitRows(), t.rows()), t.rowBytes());
        long unitsPerTask = Math.max(1, taskBytes / unitBytes);
        long parts = ceilDiv(units, unitsPerTask);
        if (parts > Integer.MAX_VALUE - tasks.size()) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' needs " + parts + " tasks: raise --task-bytes");
        }
        // Part p covers units [p*units/parts, (p+1)*units/parts): sizes differ by at most one unit,
        // and none exceeds unitsPerTask since units <= parts*unitsPerTask.
        for (long p = 0; p < parts; p++) {
            long firstUnit = mulDiv(p, units, parts);
            long endUnit = mulDiv(p + 1, units, parts);
            long firstRow = firstUnit * t.unitRows();
            long endRow = Math.min(t.rows(), endUnit * t.unitRows());
            tasks.add(new Task(tasks.size(), List.of(new Slice(index, firstRow, endRow - firstRow)),
                    (endRow - firstRow) * t.rowBytes()));
        }
    }

    /** floor(a * b / c) without overflow, for 0 <= a <= c and b < 2^63. */
    static long mulDiv(long a, long b, long c) {
        if (Math.multiplyHigh(a, b) == 0 && a * b >= 0) {
            return a * b / c;
        }
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
    }

    private static long ceilDiv(long a, long b) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }

    private static void positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": must be positive, got " + value);
        }
    }
}
