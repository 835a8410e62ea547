package dev.kaiming4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {
    /** 10^12 float32 elements: 10^9 rows of 1000. */
    private static final long ROWS = 1_000_000_000L;
    private static final long ROW_BYTES = 4000;

    @Test
    void aTrillionElementTableSplitsInto4096TasksWithinOneRow() {
        // The smallest task size that fits 10^9 rows into 4096 tasks: ceil(10^9 / 4096) rows each.
        long taskBytes = (ROWS + 4095) / 4096 * ROW_BYTES;
        long t0 = System.nanoTime();
        List<Planner.Task> tasks = Planner.zarr(List.of(new Planner.Tensor("table", ROWS, ROW_BYTES, 1)), taskBytes);
        System.out.printf("planned 10^12 elements into %d tasks in %.1f ms%n", tasks.size(), (System.nanoTime() - t0) / 1e6);
        assertEquals(4096, tasks.size());
        long[] range = checkCover(tasks, ROWS, taskBytes);
        assertTrue(range[1] - range[0] <= 1, "task rows range from " + range[0] + " to " + range[1]);
    }

    @Test
    void zarrTasksAreWholeChunksWithinOneChunk() {
        long chunkRows = (64L << 20) / ROW_BYTES;
        List<Planner.Task> tasks = Planner.zarr(List.of(new Planner.Tensor("table", ROWS, ROW_BYTES, chunkRows)),
                256L << 20);
        long[] range = checkCover(tasks, ROWS, 256L << 20);
        for (Planner.Task t : tasks) {
            assertEquals(0, t.slices().get(0).firstRow() % chunkRows, "task " + t.index() + " starts mid-chunk");
        }
        // Every task but the one holding the short last chunk is 3 or 4 whole chunks (4 fit in 256 MiB).
        assertTrue(range[1] <= 4 * chunkRows && range[1] - range[0] <= 2 * chunkRows,
                "task rows range from " + range[0] + " to " + range[1]);
    }

    @Test
    void smallTensorsArePackedInOrderAndBigOnesSplit() {
        List<Planner.Tensor> model = List.of(
                new Planner.Tensor("a", 10, 100, 1),
                new Planner.Tensor("b", 10, 100, 1),
                new Planner.Tensor("big", 100, 100, 8),
                new Planner.Tensor("c", 5, 100, 1));
        List<Planner.Task> tasks = Planner.zarr(model, 2500);
        // a and b share a task; big (10000 bytes) splits into 13 chunks of 8 rows, at most 3 per task
        // (2400 bytes): 5 tasks; c starts a new task after them.
        assertEquals(List.of(new Planner.Slice(0, 0, 10), new Planner.Slice(1, 0, 10)), tasks.get(0).slices());
        assertEquals(List.of(new Planner.Slice(3, 0, 5)), tasks.get(tasks.size() - 1).slices());
        assertEquals(7, tasks.size());
        for (Planner.Task t : tasks.subList(1, tasks.size() - 1)) {
            assertEquals(2, t.slices().get(0).tensor());
        }
        checkCover(tasks.subList(1, tasks.size() - 1), 100, 2500);
        for (int i = 0; i < tasks.size(); i++) {
            assertEquals(i, tasks.get(i).index());
        }
    }

    @Test
    void safetensorsShardsStartWhenTheNextTensorWouldOverflow() {
        List<Planner.Tensor> model = List.of(whole("a", 600), whole("b", 300), whole("c", 300), whole("huge", 2000),
                whole("d", 10));
        List<Planner.Task> shards = Planner.safetensors(model, 1000, 4096);
        assertEquals(List.of(900L, 300L, 2000L, 10L), shards.stream().map(Planner.Task::bytes).toList());
    }

    @Test
    void aSafetensorsTensorLargerThanATaskIsAnErrorPointingToZarr() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Planner.safetensors(
                List.of(new Planner.Tensor("embedding", 1000, 1000, 1)), 1L << 30, 1L << 19));
        assertTrue(e.getMessage().contains("'embedding'") && e.getMessage().contains("--format zarr"), e.getMessage());
    }

    /** A tensor of {@code bytes} as a safetensors shard holds it: whole, one row. */
    private static Planner.Tensor whole(String name, long bytes) {
        return new Planner.Tensor(name, 1, bytes, 1);
    }

    /** Checks that the tasks cover [0, rows) of tensor 0 in order; returns {min, max} rows per task. */
    private static long[] checkCover(List<Planner.Task> tasks, long rows, long taskBytes) {
        long next = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (Planner.Task t : tasks) {
            assertEquals(1, t.slices().size());
            Planner.Slice s = t.slices().get(0);
            assertEquals(next, s.firstRow());
            assertTrue(t.bytes() <= taskBytes, "task " + t.index() + " has " + t.bytes() + " bytes");
            next += s.rowCount();
            min = Math.min(min, s.rowCount());
            max = Math.max(max, s.rowCount());
        }
        assertEquals(rows, next);
        return new long[] {min, max};
    }
}
